// kg: builds a knowledge graph of who supports and who opposes whom from
// news articles. Each subcommand group registers itself (cli/commands.h).
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "kg builds a knowledge graph of international relations from news: "
      "who supports and who opposes whom, with the evidence."};
  app.set_version_flag("--version", std::string("kg ") + KG_VERSION);
  app.require_subcommand(1);
  app.fallthrough();

  int exit_code = kg::cli::kExitOk;
  kg::cli::RegisterDataDirOption(app);
  kg::cli::RegisterIngestCommands(app, &exit_code);
  kg::cli::RegisterQueryCommands(app, &exit_code);
  kg::cli::RegisterExportCommands(app, &exit_code);
  kg::cli::RegisterImportCommands(app, &exit_code);
  kg::cli::RegisterStoreCommands(app, &exit_code);
  kg::cli::RegisterParseCommands(app, &exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kg::cli::kExitOk : kg::cli::kExitUsage;
  }
  return exit_code;
}
