// kg::Env is the one door through which kg touches the file system (outside
// RocksDB, which has its own rocksdb::Env). Tests substitute an Env that
// injects errors, as LevelDB's fault-injection tests do.
//
// Thread-safety: Env::Default() is safe to use from any thread. A
// LineReader belongs to one thread at a time.
#ifndef KG_COMMON_ENV_H_
#define KG_COMMON_ENV_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace kg {

// Reads a file line by line without loading it whole, so multi-gigabyte
// JSONL inputs stream in bounded memory.
class LineReader {
 public:
  virtual ~LineReader() = default;

  // Reads the next line into *line (without its '\n'; a trailing '\r' is
  // kept). A line longer than `max_bytes` is truncated to that length and
  // *truncated is set; the rest of it is skipped. Sets *eof at end of file,
  // in which case *line is empty.
  virtual Status ReadLine(std::string* line, bool* truncated, bool* eof) = 0;
};

class Env {
 public:
  virtual ~Env() = default;

  // The process-wide POSIX environment. Never null; never deleted.
  static Env* Default();

  // Reads a whole file. Fails with InputError if it is larger than
  // `max_bytes`, NotFound if absent, IOError otherwise.
  virtual Result<std::string> ReadFile(const std::string& path,
                                       std::size_t max_bytes) = 0;

  // Opens `path` for line-by-line reading; lines are cut at `max_line`.
  virtual Result<std::unique_ptr<LineReader>> OpenLines(
      const std::string& path, std::size_t max_line) = 0;

  // Writes `data` to `path` atomically: to a temporary file in the same
  // directory, flushed, then renamed over `path`.
  virtual Status WriteFileAtomic(const std::string& path,
                                 const std::string& data) = 0;

  virtual bool FileExists(const std::string& path) = 0;
  virtual bool IsDirectory(const std::string& path) = 0;

  // Regular files under `dir`, recursively, sorted by path so that ingest
  // order (and so every derived id) is deterministic.
  virtual Result<std::vector<std::string>> ListFilesRecursive(
      const std::string& dir) = 0;
};

}  // namespace kg

#endif  // KG_COMMON_ENV_H_
