// kg import: relations from N-Triples, N-Quads, Turtle or a CSV edge list
// join the database, with the file as their provenance.
#include <iostream>
#include <memory>
#include <string>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/env.h"
#include "import/importer.h"

namespace kg::cli {
namespace {

struct ImportFlags {
  std::string db = kDefaultDb;
  std::vector<std::string> files;
  ImportOptions options;
};

int ExitCodeOf(const Status& status) {
  if (status.IsNotSupported()) return kExitUsage;
  if (status.IsInputError() || status.IsNotFound()) return kExitInput;
  return DatabaseExitCode(status);
}

int RunImport(const ImportFlags& flags) {
  StoreOptions store_options;
  store_options.create_if_missing = true;
  auto store = Store::Open(flags.db, store_options);
  if (!store.ok()) {
    PrintError(flags.db + ": " + store.status().message());
    return DatabaseExitCode(store.status());
  }
  int exit_code = kExitOk;
  for (const std::string& file : flags.files) {
    auto summary = ImportFile(**store, Env::Default(), file, flags.options);
    if (!summary.ok()) {
      PrintError(summary.status().message());
      exit_code = ExitCodeOf(summary.status());
      if (exit_code != kExitInput) return exit_code;
      continue;
    }
    for (const std::string& problem : summary->problems) {
      PrintError(file + ": " + problem);
      exit_code = kExitInput;
    }
    std::cout << file << ": " << summary->documents_added
              << " documents added (" << summary->relations_added
              << " relations), " << summary->documents_skipped
              << " already stored, " << summary->statements_ignored
              << " statements ignored\n";
  }
  return exit_code;
}

}  // namespace

void RegisterImportCommands(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Add relations from N-Triples (.nt), N-Quads (.nq), Turtle (.ttl) or a "
      "CSV edge list (.csv); re-importing a file changes nothing");
  cmd->add_option("files", flags->files, "Files to import")->required();
  cmd->add_option("--db", flags->db, "Database directory (created if absent)")
      ->capture_default_str();
  cmd->add_option("--base", flags->options.base_iri,
                  "Namespace of kg's IRIs in the file (as export --base)")
      ->capture_default_str();
  cmd->callback([flags, exit_code] { *exit_code = RunImport(*flags); });
}

}  // namespace kg::cli
