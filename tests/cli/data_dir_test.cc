// Where kg reads its data (--data-dir, KG_DATA_DIR), and that a change to
// the data makes `kg ingest --replace` re-extract what the old data made.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/run_kg.h"

namespace kg {
namespace {

namespace fs = std::filesystem;
using testing::ReadWhole;
using testing::RunKg;
using testing::ScratchDir;
using testing::WriteWhole;

class DataDirTest : public ::testing::Test {
 protected:
  // A copy of the shipped data files in scratch/data, the model linked (it
  // is large and never changed here).
  void SetUp() override {
    data_ = scratch_.path() / "data";
    fs::create_directory(data_);
    const fs::path shipped = fs::path(KG_SOURCE_DIR) / "data";
    for (const auto& entry : fs::directory_iterator(shipped)) {
      if (entry.is_regular_file()) {
        fs::copy_file(entry.path(), data_ / entry.path().filename());
      }
    }
    fs::create_directory_symlink(shipped / "models", data_ / "models");
    WriteWhole(scratch_.path() / "doc.txt",
               "France condemned Russia on Monday.\n");
  }

  // The sign of the one France -> Russia edge, or 0 if there is none.
  int EdgeSign() {
    auto run = RunKg(scratch_.path(), "edges --json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    for (const auto& edge : nlohmann::json::parse(run.out)) {
      if (edge["source"]["id"] == "FRA" && edge["target"]["id"] == "RUS") {
        double score = edge["score"];
        return score > 0 ? 1 : (score < 0 ? -1 : 0);
      }
    }
    return 0;
  }

  std::string Ingest(const std::string& flags) {
    auto run =
        RunKg(scratch_.path(), "ingest --data-dir '" + data_.string() +
                                   "' --date 2025-01-01 " + flags + " doc.txt");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  }

  ScratchDir scratch_;
  fs::path data_;
};

TEST_F(DataDirTest, ChangedLexiconEntryMakesReplaceReExtract) {
  Ingest("");
  ASSERT_EQ(EdgeSign(), -1);

  // The same verb, now listed as support.
  const fs::path lexicon = data_ / "stance_lexicon.tsv";
  std::string rows = ReadWhole(lexicon);
  const std::string oppose = "\ncondemn\tcondemn\t-1\t";
  const std::size_t at = rows.find(oppose);
  ASSERT_NE(at, std::string::npos) << "the lexicon has no condemn row";
  rows.replace(at, oppose.size(), "\ncondemn\tcondemn\t1\t");
  WriteWhole(lexicon, rows);

  // Without --replace the stored document is kept and said to be outdated.
  EXPECT_NE(Ingest("").find("1 stored documents were made by another "
                            "extractor version"),
            std::string::npos);
  EXPECT_EQ(EdgeSign(), -1);

  EXPECT_NE(Ingest("--replace").find("1 replaced"), std::string::npos);
  EXPECT_EQ(EdgeSign(), 1);

  // The new version is stored: a further --replace changes nothing.
  EXPECT_EQ(Ingest("--replace").find("replaced"), std::string::npos);
}

TEST_F(DataDirTest, MissingDataFolderIsNamed) {
  auto run = RunKg(scratch_.path(), "extract --data-dir nowhere doc.txt");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("nowhere"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
}

TEST_F(DataDirTest, EnvironmentNamesTheDataFolder) {
  auto run = RunKg(scratch_.path(), "extract doc.txt",
                   /*timeout_seconds=*/120, "KG_DATA_DIR=nowhere");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("nowhere"), std::string::npos) << run.err;

  // --data-dir wins over the environment.
  run = RunKg(scratch_.path(),
              "extract --data-dir '" + data_.string() + "' doc.txt", 120,
              "KG_DATA_DIR=nowhere");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\"relation\":\"condemn\""), std::string::npos);
}

}  // namespace
}  // namespace kg
