#include "ingest/document_reader.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/testing/time_limit.h"

namespace kg {
namespace {

namespace fs = std::filesystem;

class DocumentReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kg_reader_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  void Read(const std::vector<std::string>& paths,
            const ReaderOptions& options = {}) {
    docs_.clear();
    problems_.clear();
    Status s = ReadDocuments(
        Env::Default(), paths, options,
        [this](Document&& d) { docs_.push_back(std::move(d)); },
        [this](const ReadProblem& p) { problems_.push_back(p); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  fs::path dir_;
  std::vector<Document> docs_;
  std::vector<ReadProblem> problems_;
};

TEST_F(DocumentReaderTest, TextFileWithDateLineAndTitle) {
  std::string path =
      Write("brief.txt",
            "title: Summit ends\ndate 2025-03-02\nMalta backed the plan.\n");
  Read({path});
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_TRUE(problems_.empty());
  EXPECT_EQ(docs_[0].id, "brief");
  EXPECT_EQ(docs_[0].date, "2025-03-02");
  EXPECT_EQ(docs_[0].title, "Summit ends");
  EXPECT_EQ(docs_[0].text, "Malta backed the plan.\n");
  EXPECT_EQ(docs_[0].source, path);
  EXPECT_EQ(docs_[0].line, 0u);
}

TEST_F(DocumentReaderTest, DateLineWithTextOnTheSameLine) {
  Read({Write("a.txt", "date 2025-09-02 ROME - Malta backed the plan.")});
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].date, "2025-09-02");
  EXPECT_EQ(docs_[0].text, " ROME - Malta backed the plan.");
}

TEST_F(DocumentReaderTest, DatelineIsFoundAndKept) {
  Read({Write("a.txt",
              "VALLETTA, Sept. 4, 2025 \xE2\x80\x94 Malta backed the plan.")});
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].date, "2025-09-04");
  EXPECT_TRUE(docs_[0].text.starts_with("VALLETTA"));
}

TEST_F(DocumentReaderTest, DefaultDateWins) {
  ReaderOptions options;
  options.default_date = "2024-01-05";
  Read({Write("a.txt",
              "date 2025-03-02\nMarch 9, 2025: Malta backed the plan.")},
       options);
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].date, "2024-01-05");
  EXPECT_TRUE(docs_[0].text.starts_with("March 9"));
}

TEST_F(DocumentReaderTest, NoDateLeavesItEmpty) {
  Read({Write("a.txt", "Malta backed the plan.\r\nCyprus did not.\r\n")});
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].date, "");
  EXPECT_EQ(docs_[0].text, "Malta backed the plan.\nCyprus did not.\n");
}

TEST_F(DocumentReaderTest, JsonlFieldsAndFallbacks) {
  std::string path = Write(
      "feed.jsonl",
      "{\"id\":\"n1\",\"date\":\"2025-03-02\",\"title\":\"T\",\"text\":\"Malta "
      "backed Cyprus.\",\"extra\":[1]}\n"
      "\n"
      "{\"date\":\"2025-03-03T08:00:00Z\",\"text\":\"Cyprus thanked Malta.\"}\n"
      "{\"id\":17,\"text\":\"Greece met Malta.\"}\n");
  ReaderOptions options;
  options.default_date = "2020-01-01";
  Read({path}, options);
  ASSERT_EQ(docs_.size(), 3u);
  EXPECT_TRUE(problems_.empty());
  EXPECT_EQ(docs_[0].id, "n1");
  EXPECT_EQ(docs_[0].title, "T");
  EXPECT_EQ(docs_[0].line, 1u);
  EXPECT_EQ(docs_[1].id, "feed:3");
  EXPECT_EQ(docs_[1].date, "2025-03-03");
  EXPECT_EQ(docs_[1].line, 3u);
  EXPECT_EQ(docs_[2].id, "17");
  EXPECT_EQ(docs_[2].date, "2020-01-01");
}

TEST_F(DocumentReaderTest, BadJsonlLinesAreSkippedWithTheirLine) {
  std::string path =
      Write("feed.jsonl",
            "{\"id\":\"ok1\",\"text\":\"Malta backed Cyprus.\"}\n"
            "{\"id\":\"broken\",\"text\":\n"
            "{\"id\":\"notext\"}\n"
            "{\"id\":\"baddate\",\"date\":\"2025-02-30\",\"text\":\"x\"}\n"
            "[\"an\",\"array\"]\n"
            "{\"id\":\"empty\",\"text\":\"   \"}\n"
            "{\"id\":\"ok2\",\"text\":\"Cyprus thanked Malta.\"}\n");
  Read({path});
  ASSERT_EQ(docs_.size(), 2u);
  EXPECT_EQ(docs_[0].id, "ok1");
  EXPECT_EQ(docs_[1].id, "ok2");
  ASSERT_EQ(problems_.size(), 5u);
  std::vector<std::size_t> lines;
  for (const ReadProblem& p : problems_) {
    lines.push_back(p.line);
    EXPECT_EQ(p.source, path);
    EXPECT_TRUE(p.skipped);
    EXPECT_TRUE(p.status.IsInputError()) << p.status.ToString();
  }
  EXPECT_EQ(lines, (std::vector<std::size_t>{2, 3, 4, 5, 6}));
  EXPECT_NE(problems_[2].status.message().find("date"), std::string::npos);
}

TEST_F(DocumentReaderTest, EmptyAndBinaryFilesAreReported) {
  std::string empty = Write("empty.txt", "");
  std::string blank = Write("blank.txt", " \n\n\t\n");
  std::string binary =
      Write("blob.txt", std::string("line one\nline\0two\n", 18));
  Read({empty, blank, binary});
  EXPECT_TRUE(docs_.empty());
  ASSERT_EQ(problems_.size(), 3u);
  EXPECT_EQ(problems_[0].source, empty);
  EXPECT_EQ(problems_[0].line, 1u);
  EXPECT_EQ(problems_[1].source, blank);
  EXPECT_EQ(problems_[2].source, binary);
  EXPECT_EQ(problems_[2].line, 2u);
  EXPECT_NE(problems_[2].status.message().find("binary"), std::string::npos);
}

TEST_F(DocumentReaderTest, InvalidUtf8IsRepairedWithAWarning) {
  std::string path = Write(
      "bad.txt", "Malta backed Cyprus.\nCyprus \xFF\xFE thanked Malta.\n");
  Read({path});
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_NE(docs_[0].text.find("\xEF\xBF\xBD"), std::string::npos);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_FALSE(problems_[0].skipped);
  EXPECT_EQ(problems_[0].line, 2u);
  EXPECT_EQ(problems_[0].source, path);

  std::string jsonl = Write(
      "bad.jsonl", "{\"id\":\"u\",\"text\":\"Malta \xC3 met Cyprus.\"}\n");
  Read({jsonl});
  ASSERT_EQ(docs_.size(), 1u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_FALSE(problems_[0].skipped);
  EXPECT_EQ(problems_[0].line, 1u);
}

TEST_F(DocumentReaderTest, MissingPathIsNotFound) {
  std::string missing = (dir_ / "nowhere.txt").string();
  std::string ok = Write("ok.txt", "Malta backed Cyprus.");
  Read({missing, ok});
  ASSERT_EQ(docs_.size(), 1u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_TRUE(problems_[0].status.IsNotFound());
  EXPECT_EQ(problems_[0].source, missing);
  EXPECT_EQ(problems_[0].line, 0u);
}

TEST_F(DocumentReaderTest, HugeSingleLineIsBoundedAndFast) {
  std::string line(10 << 20, 'a');
  for (std::size_t i = 0; i < line.size(); i += 7) line[i] = ' ';
  std::string txt = Write("huge.txt", line);
  std::string jsonl =
      Write("huge.jsonl",
            "{\"text\":\"" + line + "\"}\n{\"text\":\"Malta met Cyprus.\"}\n");
  auto start = std::chrono::steady_clock::now();
  Read({txt, jsonl});
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_LT(seconds, TimeLimit(10.0));
  EXPECT_EQ(docs_.size(), 3u);

  ReaderOptions small;
  small.max_document_bytes = 1 << 20;
  Read({txt, jsonl}, small);
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].text, "Malta met Cyprus.");
  ASSERT_EQ(problems_.size(), 2u);
  EXPECT_EQ(problems_[0].source, txt);
  EXPECT_EQ(problems_[0].line, 1u);
  EXPECT_TRUE(problems_[0].status.IsInputError());
  EXPECT_EQ(problems_[1].source, jsonl);
  EXPECT_EQ(problems_[1].line, 1u);
}

TEST_F(DocumentReaderTest, DirectoriesAreSortedAndFiltered) {
  Write("b/two.txt", "Cyprus thanked Malta.");
  Write("a/one.txt", "Malta backed Cyprus.");
  Write("a/feed.jsonl", "{\"id\":\"j\",\"text\":\"Greece met Malta.\"}\n");
  Write("a/notes.md", "ignored");
  Write("a/.hidden.txt", "ignored too");
  std::string named = Write("extra.text", "Named explicitly.");
  Read({dir_.string() + "/a", dir_.string() + "/b", named});
  ASSERT_EQ(docs_.size(), 4u);
  EXPECT_EQ(docs_[0].id, "j");
  EXPECT_EQ(docs_[1].id, "one");
  EXPECT_EQ(docs_[2].id, "two");
  EXPECT_EQ(docs_[3].id, "extra");
  EXPECT_TRUE(problems_.empty());
}

TEST(ContentHashTest, StableAndSensitiveToContent) {
  Document a{"id1", "2025-03-02", "T", "Malta backed Cyprus.", "x.txt", 0};
  Document b = a;
  b.id = "other";
  b.source = "y.txt";
  EXPECT_EQ(ContentHash(a), ContentHash(b));
  EXPECT_EQ(ContentHash(a).size(), 32u);
  EXPECT_EQ(ContentHash(a).find_first_not_of("0123456789abcdef"),
            std::string::npos);
  Document c = a;
  c.date = "2025-03-03";
  EXPECT_NE(ContentHash(a), ContentHash(c));
  Document d = a;
  d.text += " ";
  EXPECT_NE(ContentHash(a), ContentHash(d));
  Document e = a;
  e.title = "";
  e.text = "T" + a.text;
  EXPECT_NE(ContentHash(a), ContentHash(e));
}

}  // namespace
}  // namespace kg
