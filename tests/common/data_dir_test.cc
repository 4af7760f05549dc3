#include "common/data_dir.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace kg {
namespace {

// Sets an environment variable for one test, restoring it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = std::getenv(name);
    if (old != nullptr) old_ = old;
    had_ = old != nullptr;
    if (value == nullptr) {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (had_) {
      ::setenv(name_, old_.c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

TEST(DataDirTest, EnvironmentVariableWins) {
  ScopedEnv env("KG_DATA_DIR", "/somewhere/else");
  EXPECT_EQ(DefaultDataDir(), "/somewhere/else");
}

TEST(DataDirTest, EmptyEnvironmentVariableIsIgnored) {
  ScopedEnv env("KG_DATA_DIR", "");
  EXPECT_NE(DefaultDataDir(), "");
}

// The build tree mirrors the installed layout, so a test binary (like kg)
// finds the shipped data beside it.
TEST(DataDirTest, BuiltBinaryFindsTheShippedData) {
  ScopedEnv env("KG_DATA_DIR", nullptr);
  const std::filesystem::path dir = DefaultDataDir();
  EXPECT_TRUE(std::filesystem::exists(dir / "gazetteer.tsv")) << dir;
  EXPECT_TRUE(std::filesystem::exists(dir / "models" / "en.kgm")) << dir;
}

TEST(DataDirTest, InstalledDataIsRelativeToTheBinarysFolder) {
  const std::string a = DataDirBesideBinary("/opt/a/bin/kg");
  const std::string b = DataDirBesideBinary("/opt/b/bin/kg");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(0, 6), "/opt/a");
  EXPECT_EQ(b.substr(0, 6), "/opt/b");
  // A bare name is taken relative to the working directory.
  EXPECT_EQ(DataDirBesideBinary("kg"), DataDirBesideBinary("./kg"));
}

}  // namespace
}  // namespace kg
