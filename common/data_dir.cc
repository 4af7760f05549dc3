#include "common/data_dir.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace kg {

std::string DataDirBesideBinary(const std::string& binary_path) {
  std::filesystem::path folder =
      std::filesystem::path(binary_path).parent_path();
  if (folder.empty()) folder = ".";
  return (folder / KG_DATA_DIR_FROM_BINARY).lexically_normal().string();
}

std::string DefaultDataDir() {
  const char* from_env = std::getenv("KG_DATA_DIR");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  std::error_code error;
  std::filesystem::path binary =
      std::filesystem::read_symlink("/proc/self/exe", error);
  return DataDirBesideBinary(error ? std::string("./kg") : binary.string());
}

}  // namespace kg
