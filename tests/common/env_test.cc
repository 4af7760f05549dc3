#include "common/env.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace kg {
namespace {

class EnvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kg-env-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }

  std::filesystem::path dir_;
  Env* env_ = Env::Default();
};

TEST_F(EnvTest, WriteThenReadRoundTrips) {
  ASSERT_TRUE(env_->WriteFileAtomic(Path("a.txt"), "hello\nworld").ok());
  auto data = env_->ReadFile(Path("a.txt"), 1 << 20);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, "hello\nworld");
  EXPECT_FALSE(env_->FileExists(Path("a.txt.tmp")));
}

TEST_F(EnvTest, ReadFileErrors) {
  EXPECT_TRUE(env_->ReadFile(Path("none"), 10).status().IsNotFound());
  ASSERT_TRUE(env_->WriteFileAtomic(Path("big"), std::string(100, 'x')).ok());
  auto too_big = env_->ReadFile(Path("big"), 10);
  EXPECT_TRUE(too_big.status().IsInputError());
}

TEST_F(EnvTest, LineReaderTruncatesLongLines) {
  ASSERT_TRUE(
      env_->WriteFileAtomic(Path("l"), "short\n0123456789abc\nlast").ok());
  auto reader = env_->OpenLines(Path("l"), 10);
  ASSERT_TRUE(reader.ok());
  std::string line;
  bool truncated, eof;
  ASSERT_TRUE((*reader)->ReadLine(&line, &truncated, &eof).ok());
  EXPECT_EQ(line, "short");
  EXPECT_FALSE(truncated);
  ASSERT_TRUE((*reader)->ReadLine(&line, &truncated, &eof).ok());
  EXPECT_EQ(line, "0123456789");
  EXPECT_TRUE(truncated);
  ASSERT_TRUE((*reader)->ReadLine(&line, &truncated, &eof).ok());
  EXPECT_EQ(line, "last");
  EXPECT_FALSE(eof);
  ASSERT_TRUE((*reader)->ReadLine(&line, &truncated, &eof).ok());
  EXPECT_TRUE(eof);
}

TEST_F(EnvTest, ListsFilesRecursivelyInSortedOrder) {
  std::filesystem::create_directories(dir_ / "b" / "c");
  ASSERT_TRUE(env_->WriteFileAtomic(Path("b/c/z.txt"), "1").ok());
  ASSERT_TRUE(env_->WriteFileAtomic(Path("a.txt"), "2").ok());
  auto files = env_->ListFilesRecursive(dir_.string());
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0], Path("a.txt"));
  EXPECT_EQ((*files)[1], Path("b/c/z.txt"));
  EXPECT_TRUE(env_->IsDirectory(Path("b")));
  EXPECT_FALSE(env_->IsDirectory(Path("a.txt")));
}

}  // namespace
}  // namespace kg
