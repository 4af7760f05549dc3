// End-to-end tests of `kg export` in every exchange format, its filters, and
// `kg import`, on examples/, each export checked by its real tool when it is
// installed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/run_kg.h"

namespace kg::testing {
namespace {

bool HaveTool(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

std::size_t CountLines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

class ExportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The baseline extractor: what is exported matters here, not how well
    // the parser reads the examples (and it needs no trained model).
    RunResult ingest = RunKg(
        dir_.path(), "ingest --extractor baseline '" + ExamplesDir() + "'");
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  }

  // `kg export --format <format> <extra>` into file `out`; its contents.
  std::string Export(const std::string& format, const std::string& out,
                     const std::string& extra = "") {
    RunResult run = RunKg(dir_.path(), "export --format " + format +
                                           " --out '" + out + "' " + extra);
    EXPECT_EQ(run.exit_code, 0) << format << ": " << run.err;
    return ReadWhole(dir_.path() / out);
  }

  // Runs a checking tool on a file in the scratch directory.
  int Check(const std::string& command) {
    return std::system(
        ("cd '" + dir_.path().string() + "' && " + command + " >/dev/null 2>&1")
            .c_str());
  }

  // `kg query '? ? ?'` lists the same triples (counts, polarities,
  // scores, dates) in databases `a` and `b`, and `kg evidence` the same
  // sentences, documents and dates for each (in any order: the import adds
  // documents in another order than the ingest). Evidence is compared for
  // the first kMaxEvidenceChecks triples: each check runs kg twice.
  void ExpectSameQueryAndEvidence(const std::string& a, const std::string& b) {
    const std::string query = "query '? ? ?' --limit 0 --db ";
    const RunResult in_a = RunKg(dir_.path(), query + a);
    const RunResult in_b = RunKg(dir_.path(), query + b);
    ASSERT_EQ(in_a.exit_code, 0) << in_a.err;
    ASSERT_EQ(in_b.exit_code, 0) << in_b.err;
    EXPECT_GT(CountLines(in_a.out), 0u);
    EXPECT_EQ(SortedLines(in_b.out), SortedLines(in_a.out));
    const RunResult json = RunKg(dir_.path(), query + a + " --json");
    ASSERT_EQ(json.exit_code, 0) << json.err;
    const auto triples = nlohmann::json::parse(json.out, nullptr, false);
    ASSERT_TRUE(triples.is_array()) << json.out.substr(0, 200);
    constexpr std::size_t kMaxEvidenceChecks = 8;
    for (std::size_t i = 0; i < triples.size() && i < kMaxEvidenceChecks; ++i) {
      const auto& triple = triples[i];
      const std::string spo =
          "evidence '" + triple["subject"]["id"].get<std::string>() + "' '" +
          triple["relation"].get<std::string>() + "' '" +
          triple["object"]["id"].get<std::string>() + "' --limit 0 --db ";
      const RunResult pieces_a = RunKg(dir_.path(), spo + a);
      const RunResult pieces_b = RunKg(dir_.path(), spo + b);
      ASSERT_EQ(pieces_a.exit_code, 0) << spo << pieces_a.err;
      EXPECT_EQ(SortedLines(pieces_b.out), SortedLines(pieces_a.out)) << spo;
    }
  }

  ScratchDir dir_;
};

TEST_F(ExportCliTest, EveryFormatIsReadByItsTool) {
  EXPECT_NE(Export("csv", "g.csv").find("source,target,relation"),
            std::string::npos);
  EXPECT_NE(Export("graphml", "g.graphml").find("<graphml"), std::string::npos);
  EXPECT_NE(Export("gexf", "g.gexf").find("<gexf"), std::string::npos);
  const std::string nt = Export("nt", "g.nt");
  const std::string nq = Export("nq", "g.nq");
  EXPECT_FALSE(Export("ttl", "g.ttl").empty());
  EXPECT_GT(CountLines(nt), 0u);
  EXPECT_EQ(CountLines(nt), CountLines(nq));
  EXPECT_FALSE(Export("dot", "g.dot", "--clusters --legend").empty());
  if (HaveTool("xmllint")) {
    EXPECT_EQ(Check("xmllint --noout g.graphml"), 0);
    EXPECT_EQ(Check("xmllint --noout --schema '" + std::string(KG_SOURCE_DIR) +
                    "/tests/export/graphml_subset.xsd' g.graphml"),
              0);
    EXPECT_EQ(Check("xmllint --noout g.gexf"), 0);
  }
  if (HaveTool("serdi")) {
    EXPECT_EQ(Check("serdi -i ntriples -o ntriples g.nt"), 0);
    EXPECT_EQ(Check("serdi -i nquads -o nquads g.nq"), 0);
    EXPECT_EQ(Check("serdi -i turtle -o ntriples g.ttl"), 0);
  }
  if (HaveTool("dot")) {
    EXPECT_EQ(Check("dot -Tsvg g.dot"), 0);
  }
}

TEST_F(ExportCliTest, Neo4jWritesTwoFilesIntoADirectory) {
  RunResult run = RunKg(dir_.path(), "export --format neo4j --out neo");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string nodes = ReadWhole(dir_.path() / "neo" / "nodes.csv");
  const std::string relationships =
      ReadWhole(dir_.path() / "neo" / "relationships.csv");
  EXPECT_EQ(nodes.rfind("id:ID,:LABEL,name,type,affiliation\n", 0), 0u);
  EXPECT_EQ(relationships.rfind(":START_ID,:END_ID,:TYPE,", 0), 0u);
  EXPECT_GT(CountLines(relationships), 1u);
  RunResult to_stdout = RunKg(dir_.path(), "export --format neo4j");
  EXPECT_EQ(to_stdout.exit_code, 1);
  EXPECT_NE(to_stdout.err.find("--out DIR"), std::string::npos);
}

TEST_F(ExportCliTest, FiltersShrinkEveryFormat) {
  const std::string all = Export("csv", "all.csv");
  const std::string top = Export("csv", "top.csv", "--top 1");
  const std::string strong = Export("csv", "strong.csv", "--min-evidence 2");
  const std::string window =
      Export("csv", "window.csv", "--from 2025-05-01 --to 2025-05-31");
  EXPECT_LT(CountLines(top), CountLines(all));
  EXPECT_GE(CountLines(top), 2u);
  EXPECT_LT(CountLines(strong), CountLines(all));
  EXPECT_LT(CountLines(window), CountLines(all));
  const std::string ego = Export("svg", "ego.svg", "--focus Ukraine --depth 1");
  EXPECT_NE(ego.find("Ukraine"), std::string::npos);
  RunResult unknown =
      RunKg(dir_.path(), "export --format csv --focus Atlantisland");
  EXPECT_EQ(unknown.exit_code, 4);
  RunResult bad_base = RunKg(dir_.path(), "export --format nt --base nope");
  EXPECT_EQ(bad_base.exit_code, 1);
  EXPECT_NE(bad_base.err.find("--base"), std::string::npos);
}

TEST_F(ExportCliTest, NQuadsRoundTripIntoANewDatabase) {
  Export("nq", "g.nq");
  Export("csv", "before.csv");
  RunResult import = RunKg(dir_.path(), "import g.nq --db copy.db");
  ASSERT_EQ(import.exit_code, 0) << import.err;
  EXPECT_NE(import.out.find("documents added"), std::string::npos);
  // The same triples with the same evidence counts, scores and dates.
  const std::string after = Export("csv", "after.csv", "--db copy.db");
  EXPECT_EQ(SortedLines(after),
            SortedLines(ReadWhole(dir_.path() / "before.csv")));
  RunResult evidence = RunKg(dir_.path(), "export --format jsonl --db copy.db");
  RunResult original = RunKg(dir_.path(), "export --format jsonl");
  EXPECT_EQ(CountLines(evidence.out), CountLines(original.out));
  ExpectSameQueryAndEvidence("kg.db", "copy.db");
  // Importing again changes nothing.
  RunResult again = RunKg(dir_.path(), "import g.nq --db copy.db");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find(": 0 documents added"), std::string::npos)
      << again.out;
  EXPECT_EQ(SortedLines(Export("csv", "again.csv", "--db copy.db")),
            SortedLines(after));
  EXPECT_EQ(RunKg(dir_.path(), "check --db copy.db").exit_code, 0);
  // Turtle and N-Triples carry the same statements.
  Export("ttl", "g.ttl");
  Export("nt", "g.nt");
  for (const char* file : {"g.ttl", "g.nt"}) {
    const std::string db = std::string(file) + ".db";
    RunResult run =
        RunKg(dir_.path(), std::string("import ") + file + " --db " + db);
    ASSERT_EQ(run.exit_code, 0) << file << ": " << run.err;
    EXPECT_EQ(SortedLines(Export("csv", db + ".csv", "--db " + db)),
              SortedLines(after))
        << file;
  }
  // The original database holds the same document ids with their texts'
  // hashes: the import refuses them, naming each, and exits 2.
  RunResult clash = RunKg(dir_.path(), "import g.nq");
  EXPECT_EQ(clash.exit_code, 2);
  EXPECT_NE(clash.err.find("g.nq"), std::string::npos) << clash.err;
}

TEST_F(ExportCliTest, CsvImportJoinsTheGraph) {
  WriteWhole(dir_.path() / "extra.csv",
             "source,target,relation,polarity,weight,count,first,last\n"
             "\"Atlantis, Republic of\",UKR,support,1,6,2,2025-06-01,"
             "2025-06-02\n");
  RunResult import = RunKg(dir_.path(), "import extra.csv");
  ASSERT_EQ(import.exit_code, 0) << import.err;
  const std::string csv = Export("csv", "with.csv");
  EXPECT_NE(csv.find("\"Atlantis, Republic of\",UKR,support,1,6,2,2025-06-01,"
                     "2025-06-02"),
            std::string::npos)
      << csv;
  // An imported triple has no sentence: its evidence says so instead of
  // quoting an empty string.
  RunResult stance =
      RunKg(dir_.path(), "stance 'Atlantis, Republic of' Ukraine");
  ASSERT_EQ(stance.exit_code, 0) << stance.err;
  EXPECT_NE(stance.out.find("(no source sentence)"), std::string::npos)
      << stance.out;
  EXPECT_NE(stance.out.find("import:extra.csv"), std::string::npos)
      << stance.out;
  EXPECT_EQ(stance.out.find("\"\""), std::string::npos) << stance.out;
  RunResult bad = RunKg(dir_.path(), "import nothing.nt");
  EXPECT_EQ(bad.exit_code, 2);
  RunResult unsupported = RunKg(dir_.path(), "import g.graphml");
  EXPECT_EQ(unsupported.exit_code, 1);
}

}  // namespace
}  // namespace kg::testing
