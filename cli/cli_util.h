// Helpers shared by the kg subcommands: turning a Status into a message and
// an exit code, opening the database, resolving entity names.
#ifndef KG_CLI_CLI_UTIL_H_
#define KG_CLI_CLI_UTIL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "store/store.h"

namespace kg::cli {

// The default database path, relative to the working directory.
inline constexpr char kDefaultDb[] = "kg.db";

// Prints "kg: <message>" to stderr.
void PrintError(const std::string& message);

// The exit code for a failed database operation (docs/cli.md).
int DatabaseExitCode(const Status& status);

// Opens `db` for reading (beside a running ingest). On failure prints the
// reason and sets *exit_code; returns nullptr.
std::unique_ptr<Store> OpenForRead(const std::string& db, int* exit_code);

// Finds the entity called `name` (any alias). If unknown prints the closest
// known names and sets *exit_code to kExitNotFound; on a database error sets
// kExitDatabase. Returns nullopt in both cases.
std::optional<Term> ResolveEntity(Store& store, const std::string& name,
                                  int* exit_code);

// The data folder: the --data-dir option if given, else DefaultDataDir()
// (common/data_dir.h: $KG_DATA_DIR, else the data installed beside kg).
std::string DataDir();

// True if `date` is empty or a valid YYYY-MM-DD calendar date.
bool IsValidDate(const std::string& date);

}  // namespace kg::cli

#endif  // KG_CLI_CLI_UTIL_H_
