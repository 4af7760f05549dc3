// Each group of kg subcommands registers itself on the CLI11 app. A
// command's callback stores its exit code (docs/cli.md) in *exit_code.
#ifndef KG_CLI_COMMANDS_H_
#define KG_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace kg::cli {

// Exit codes, documented in docs/cli.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,     // Bad arguments or options.
  kExitInput = 2,     // An input file or document was bad (named in stderr).
  kExitDatabase = 3,  // Database missing, locked, newer or not kg's.
  kExitNotFound = 4,  // A named entity is not in the database.
};

// The global --data-dir option: where the gazetteer, lexicons and model
// are read from. DataDir() (cli_util.h) answers it.
void RegisterDataDirOption(CLI::App& app);

// ingest, extract, stance, supporters, opponents, export, ...
void RegisterIngestCommands(CLI::App& app, int* exit_code);
void RegisterQueryCommands(CLI::App& app, int* exit_code);
void RegisterExportCommands(CLI::App& app, int* exit_code);
// import (N-Triples, N-Quads, Turtle, CSV edge lists).
void RegisterImportCommands(CLI::App& app, int* exit_code);
// query, evidence, stats, check, rm (store maintenance and inspection).
void RegisterStoreCommands(CLI::App& app, int* exit_code);
// train, parse, eval-parse (the built-in UD pipeline).
void RegisterParseCommands(CLI::App& app, int* exit_code);

}  // namespace kg::cli

#endif  // KG_CLI_COMMANDS_H_
