// kg export: the graph as a diagram or in a format other tools read.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>

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
  std::string out;    // Empty = standard output.
  std::string focus;  // Entity name; empty = the whole graph.
  GraphOptions graph;
  ExportOptions options;
};

// Bad flags (a --base or a format this Graphviz lacks) are usage errors;
// anything else comes from reading the database.
int ExportExitCode(const Status& status) {
  if (status.IsNotSupported() || status.IsInvalidArgument()) {
    return kExitUsage;
  }
  return kExitDatabase;
}

// Writes each file of a directory export (neo4j) into `dir`.
int WriteDirectory(const Exporter& exporter, const ExportInput& input,
                   const std::string& dir) {
  if (dir.empty()) {
    PrintError("--format " + std::string(exporter.name()) +
               " writes several files: give --out DIR");
    return kExitUsage;
  }
  auto files = exporter.ExportFiles(input);
  if (!files.ok()) {
    PrintError(files.status().message());
    return ExportExitCode(files.status());
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    PrintError(dir + ": " + error.message());
    return kExitInput;
  }
  for (const ExportFile& file : *files) {
    const std::string path = (std::filesystem::path(dir) / file.first).string();
    Status status = Env::Default()->WriteFileAtomic(path, file.second);
    if (!status.ok()) {
      PrintError(status.message());
      return kExitInput;
    }
  }
  return kExitOk;
}

int RunExport(ExportFlags flags) {
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
  if (!flags.focus.empty()) {
    std::optional<Term> focus = ResolveEntity(*store, flags.focus, &exit_code);
    if (!focus) return exit_code;
    flags.options.focus = focus->id;
  }
  auto graph = ActorGraph::Build(*store, flags.graph);
  if (!graph.ok()) {
    PrintError(flags.db + ": " + graph.status().message());
    return kExitDatabase;
  }
  flags.options.from = flags.graph.from;
  flags.options.to = flags.graph.to;
  ExportInput input{store.get(), &*graph, flags.options};
  if ((*exporter)->writes_directory()) {
    return WriteDirectory(**exporter, input, flags.out);
  }
  std::ostringstream buffer;
  Status status = (*exporter)->Export(input, buffer);
  if (!status.ok()) {
    PrintError(status.message());
    return ExportExitCode(status);
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
                  "Output file (written atomically), or directory for neo4j; "
                  "default standard output");
  cmd->add_option("--db", flags->db, "Database directory")
      ->capture_default_str();
  cmd->add_option("--from", flags->graph.from,
                  "Only evidence dated on or after YYYY-MM-DD");
  cmd->add_option("--to", flags->graph.to,
                  "Only evidence dated on or before YYYY-MM-DD");
  cmd->add_option("--focus", flags->focus,
                  "Only the ego network of this actor (any alias)");
  cmd->add_option("--depth", flags->options.depth,
                  "With --focus: how many edges away to go")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  cmd->add_option("--top", flags->options.top,
                  "Only the N strongest edges (0 = all)")
      ->capture_default_str();
  cmd->add_option("--min-evidence", flags->options.min_evidence,
                  "Only edges and triples with at least K pieces of evidence")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--base", flags->options.base_iri,
                  "Namespace of RDF IRIs (ends in / or #)")
      ->capture_default_str();
  cmd->add_flag("!--no-evidence", flags->options.rdf_evidence,
                "RDF: only the triples and descriptions, without a node per "
                "piece of evidence (smaller, but loses provenance)");
  cmd->add_option("--layout", flags->options.layout,
                  "Graphviz layout engine (dot, sfdp, neato, ...); default "
                  "dot, sfdp for large graphs");
  cmd->add_flag("--clusters", flags->options.clusters,
                "Diagrams: draw each bloc of mutual supporters as a cluster");
  cmd->add_flag("--legend", flags->options.legend, "Diagrams: draw a legend");
  cmd->callback([flags, exit_code] { *exit_code = RunExport(*flags); });
}

}  // namespace kg::cli
