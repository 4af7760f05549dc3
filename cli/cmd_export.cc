// kg export: the graph as a diagram or in a format other tools read.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/env.h"
#include "export/exporter.h"
#include "graph/actor_graph.h"

namespace kg::cli {
namespace {

struct ExportFlags {
  std::string db = kDefaultDb;
  std::string format = "dot";
  std::string out;  // Empty = standard output.
  GraphOptions graph;
};

int RunExport(const ExportFlags& flags) {
  if (!IsValidDate(flags.graph.from) || !IsValidDate(flags.graph.to)) {
    PrintError("--from and --to take YYYY-MM-DD dates");
    return kExitUsage;
  }
  auto exporter = Exporter::Create(flags.format);
  if (!exporter.ok()) {
    PrintError(exporter.status().message());
    return kExitUsage;
  }
  if ((*exporter)->binary() && flags.out.empty() && ::isatty(STDOUT_FILENO)) {
    PrintError("--format " + flags.format +
               " is binary: give --out FILE or redirect standard output");
    return kExitUsage;
  }
  int exit_code = kExitOk;
  std::unique_ptr<Store> store = OpenForRead(flags.db, &exit_code);
  if (store == nullptr) return exit_code;
  auto graph = ActorGraph::Build(*store, flags.graph);
  if (!graph.ok()) {
    PrintError(flags.db + ": " + graph.status().message());
    return kExitDatabase;
  }
  ExportInput input{store.get(), &*graph};
  std::ostringstream buffer;
  Status status = (*exporter)->Export(input, buffer);
  if (!status.ok()) {
    PrintError(status.message());
    return status.IsNotSupported() ? kExitUsage : kExitDatabase;
  }
  if (flags.out.empty()) {
    std::cout << buffer.str() << std::flush;
    return kExitOk;
  }
  // Written whole or not at all, so a failed export never leaves half a file.
  status = Env::Default()->WriteFileAtomic(flags.out, buffer.str());
  if (!status.ok()) {
    PrintError(status.message());
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace

void RegisterExportCommands(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write the actor graph as a diagram or an exchange format");
  std::string formats;
  for (const auto& name : Exporter::Names()) {
    if (!formats.empty()) formats += ", ";
    formats += name;
  }
  cmd->add_option("--format", flags->format, "One of: " + formats)
      ->capture_default_str();
  cmd->add_option("--out", flags->out,
                  "Output file (written atomically); default standard output");
  cmd->add_option("--db", flags->db, "Database directory")
      ->capture_default_str();
  cmd->add_option("--from", flags->graph.from,
                  "Only evidence dated on or after YYYY-MM-DD");
  cmd->add_option("--to", flags->graph.to,
                  "Only evidence dated on or before YYYY-MM-DD");
  cmd->callback([flags, exit_code] { *exit_code = RunExport(*flags); });
}

}  // namespace kg::cli
