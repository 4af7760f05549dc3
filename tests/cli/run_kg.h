// Runs the kg binary in a scratch directory and captures what it printed.
#ifndef KG_TESTS_CLI_RUN_KG_H_
#define KG_TESTS_CLI_RUN_KG_H_

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kg::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void WriteWhole(const std::filesystem::path& path,
                       const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

// A temporary directory, removed with everything in it on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kg-e2e-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs `kg <args>` (a shell-quoted argument string) inside `dir`, with a
// time limit so that a hang fails the test instead of stalling ctest, and
// `env` ("NAME=value ...") added to its environment.
inline RunResult RunKg(const std::filesystem::path& dir,
                       const std::string& args, int timeout_seconds = 120,
                       const std::string& env = "") {
  std::filesystem::path out = dir / ".stdout";
  std::filesystem::path err = dir / ".stderr";
  std::string command = "cd '" + dir.string() + "' && " + env + " timeout " +
                        std::to_string(timeout_seconds) + " '" KG_BINARY "' " +
                        args + " >'" + out.string() + "' 2>'" + err.string() +
                        "' </dev/null";
  int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadWhole(out);
  result.err = ReadWhole(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

inline std::string ExamplesDir() {
  return std::string(KG_SOURCE_DIR) + "/examples";
}

}  // namespace kg::testing

#endif  // KG_TESTS_CLI_RUN_KG_H_
