// The rules version: made at build time from the extraction sources, part of
// every extractor's version, and changed by any change to a source.
#include "extract/rules_version.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "extract/extractor.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

TEST(RulesVersionTest, IsTwelveHexDigits) {
  const std::string_view version = RulesVersion();
  ASSERT_EQ(version.size(), 12u);
  EXPECT_EQ(version.find_first_not_of("0123456789abcdef"),
            std::string_view::npos)
      << version;
}

TEST(RulesVersionTest, StartsEveryExtractorsVersion) {
  ExtractorOptions options;
  options.data_dir = std::string(KG_SOURCE_DIR) + "/data";
  for (const std::string& name : Extractor::Names()) {
    auto extractor = Extractor::Create(name, options);
    ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
    EXPECT_EQ(
        (*extractor)->version().rfind(std::string(RulesVersion()) + "+", 0), 0u)
        << name << ": " << (*extractor)->version();
  }
}

// Runs extract/rules_version.cmake over `files` of `root`; returns the
// generated file's text.
std::string Generate(const fs::path& root, const std::string& files) {
  const fs::path out = root / "out.cc";
  const std::string command =
      std::string("'") + KG_CMAKE_COMMAND + "' -DROOT='" + root.string() +
      "' -DOUT='" + out.string() + "' '-DFILES=" + files + "' -P '" +
      KG_SOURCE_DIR + "/extract/rules_version.cmake' >/dev/null";
  const int status = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(RulesVersionTest, AnyChangeToASourceChangesTheVersion) {
  const fs::path root =
      fs::temp_directory_path() / ("kg-rules-" + std::to_string(::getpid()));
  fs::create_directories(root);
  Write(root / "a.cc", "int a = 1;\n");
  Write(root / "b.h", "int b();\n");
  const std::string first = Generate(root, "a.cc;b.h");
  ASSERT_NE(first.find("RulesVersion()"), std::string::npos) << first;

  // Same files in another order: the same version, and the file is left
  // as it was (so nothing recompiles).
  const auto written = fs::last_write_time(root / "out.cc");
  EXPECT_EQ(Generate(root, "b.h;a.cc"), first);
  EXPECT_EQ(fs::last_write_time(root / "out.cc"), written);

  Write(root / "a.cc", "int a = 2;\n");
  const std::string changed = Generate(root, "a.cc;b.h");
  EXPECT_NE(changed, first);

  // A renamed file changes it too, even with the same bytes.
  fs::rename(root / "b.h", root / "c.h");
  EXPECT_NE(Generate(root, "a.cc;c.h"), changed);
  fs::remove_all(root);
}

}  // namespace
}  // namespace kg
