#include "cli/cli_util.h"

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "common/data_dir.h"

namespace kg::cli {

void PrintError(const std::string& message) {
  std::cerr << "kg: " << message << "\n";
}

int DatabaseExitCode(const Status& status) {
  if (status.IsInvalidArgument()) return kExitUsage;
  return kExitDatabase;
}

std::unique_ptr<Store> OpenForRead(const std::string& db, int* exit_code) {
  StoreOptions options;
  options.read_only = true;
  auto store = Store::Open(db, options);
  if (!store.ok()) {
    const Status& status = store.status();
    if (status.IsNotFound()) {
      PrintError(db + ": no kg database here (create one with `kg ingest`)");
    } else {
      PrintError(db + ": " + status.message());
    }
    *exit_code = DatabaseExitCode(status);
    return nullptr;
  }
  return std::move(store).value();
}

std::optional<Term> ResolveEntity(Store& store, const std::string& name,
                                  int* exit_code) {
  auto found = store.FindEntity(name);
  if (!found.ok()) {
    PrintError(found.status().message());
    *exit_code = kExitDatabase;
    return std::nullopt;
  }
  if (found->has_value()) return **found;
  std::string message = "unknown entity '" + name + "'";
  auto suggestions = store.SuggestEntities(name, 5);
  if (suggestions.ok() && !suggestions->empty()) {
    message += "; did you mean: ";
    for (std::size_t i = 0; i < suggestions->size(); ++i) {
      if (i > 0) message += ", ";
      message += (*suggestions)[i];
    }
  }
  PrintError(message);
  *exit_code = kExitNotFound;
  return std::nullopt;
}

bool IsValidDate(const std::string& date) {
  if (date.empty()) return true;
  int year, month, day;
  char tail;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &year,
                                       &month, &day, &tail) != 3) {
    return false;
  }
  if (date[4] != '-' || date[7] != '-' || month < 1 || month > 12 || day < 1) {
    return false;
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] - (month == 2 && !leap ? 1 : 0);
  return day <= max_day;
}

namespace {

// Set by --data-dir while the command line is parsed, before any command's
// callback runs.
std::string& DataDirOption() {
  static std::string data_dir;
  return data_dir;
}

}  // namespace

void RegisterDataDirOption(CLI::App& app) {
  app.add_option("--data-dir", DataDirOption(),
                 "Folder of the gazetteer, lexicons and models/ (default: "
                 "$KG_DATA_DIR, else the data installed beside kg)");
}

std::string DataDir() {
  return DataDirOption().empty() ? DefaultDataDir() : DataDirOption();
}

}  // namespace kg::cli
