// GraphML, GEXF, CSV and Neo4j exports of hostile names, checked with the
// real tools where they exist (xmllint) and by reading them back.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "export/csv_exporter.h"
#include "export/neo4j_exporter.h"
#include "tests/export/export_test_util.h"

namespace kg {
namespace {

using testing::FakeStore;

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// RFC 4180 records of `text` (test-side reader, independent of the
// importer's).
std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted && c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
      field += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == ',') {
      records.back().push_back(field);
      field.clear();
    } else if (!quoted && c == '\n') {
      records.back().push_back(field);
      field.clear();
      records.emplace_back();
    } else {
      field += c;
    }
  }
  if (records.back().empty()) records.pop_back();
  return records;
}

class GraphFormatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::FillHostile(store_);
    graph_ = testing::BuildGraph(store_);
  }

  void ExpectWellFormedXml(const std::string& name, const std::string& text) {
    if (!testing::HaveTool("xmllint")) {
      GTEST_SKIP() << "xmllint is not installed";
    }
    const std::string path = testing::WriteTemp(name, text);
    const testing::ToolRun run =
        testing::RunTool("xmllint --noout '" + path + "'");
    EXPECT_EQ(run.exit_code, 0) << run.out.substr(0, 2000);
  }

  FakeStore store_;
  ActorGraph graph_;
};

TEST_F(GraphFormatsTest, GraphmlIsWellFormedTypedAndComplete) {
  const std::string text = testing::ExportText("graphml", nullptr, &graph_);
  EXPECT_EQ(Count(text, "<node "), graph_.num_actors());
  EXPECT_EQ(Count(text, "<edge "), graph_.num_edges());
  EXPECT_NE(text.find("attr.name=\"score\" attr.type=\"double\""),
            std::string::npos);
  EXPECT_NE(text.find("attr.name=\"polarity\" attr.type=\"int\""),
            std::string::npos);
  EXPECT_NE(text.find("attr.name=\"contested\" attr.type=\"boolean\""),
            std::string::npos);
  EXPECT_NE(text.find("&lt;angle&gt; &amp; ampersand"), std::string::npos);
  ExpectWellFormedXml("hostile.graphml", text);
}

TEST_F(GraphFormatsTest, GraphmlValidatesAgainstTheSubsetSchema) {
  if (!testing::HaveTool("xmllint")) GTEST_SKIP() << "xmllint is not installed";
  const std::string path = testing::WriteTemp(
      "schema.graphml", testing::ExportText("graphml", nullptr, &graph_));
  const std::string schema =
      std::string(KG_SOURCE_DIR) + "/tests/export/graphml_subset.xsd";
  const testing::ToolRun run = testing::RunTool("xmllint --noout --schema '" +
                                                schema + "' '" + path + "'");
  EXPECT_EQ(run.exit_code, 0) << run.out.substr(0, 2000);
}

TEST_F(GraphFormatsTest, GexfHasSpellsAndIsWellFormed) {
  const std::string text = testing::ExportText("gexf", nullptr, &graph_);
  EXPECT_NE(text.find("version=\"1.3\""), std::string::npos);
  EXPECT_NE(text.find("timeformat=\"date\""), std::string::npos);
  EXPECT_EQ(Count(text, "<node "), graph_.num_actors());
  EXPECT_EQ(Count(text, "<edge "), graph_.num_edges());
  // A spell for each dated edge and each actor touching one ("meet" edges
  // are undated).
  std::size_t dated_edges = 0;
  std::set<std::size_t> dated_actors;
  for (const ActorEdge& edge : graph_.Edges()) {
    if (edge.first_date.empty()) continue;
    ++dated_edges;
    dated_actors.insert(edge.source);
    dated_actors.insert(edge.target);
  }
  EXPECT_GT(dated_edges, 0u);
  EXPECT_LT(dated_edges, graph_.num_edges());
  EXPECT_EQ(Count(text, "<spell start=\"2025-"),
            dated_edges + dated_actors.size());
  ExpectWellFormedXml("hostile.gexf", text);
}

TEST_F(GraphFormatsTest, CsvReadsBackFieldByField) {
  const std::string text = testing::ExportText("csv", &store_, nullptr);
  const auto records = ReadCsv(text);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(text.substr(0, text.find('\n')), kCsvEdgeHeader);
  ASSERT_EQ(records.size(), store_.Stats()->triples + 1);
  std::set<std::string> sources;
  for (std::size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), 8u) << i;
    sources.insert(records[i][0]);
    EXPECT_TRUE(records[i][3] == "1" || records[i][3] == "-1" ||
                records[i][3] == "0");
  }
  for (const std::string& name : testing::HostileNames()) {
    EXPECT_EQ(sources.count(name), 1u) << name.substr(0, 40);
  }
}

TEST_F(GraphFormatsTest, Neo4jFilesMatchTheirHeadersAndEachOther) {
  auto exporter = Exporter::Create("neo4j");
  ASSERT_TRUE(exporter.ok());
  EXPECT_TRUE((*exporter)->writes_directory());
  std::ostringstream stream;
  EXPECT_TRUE((*exporter)
                  ->Export(ExportInput{&store_, &graph_, {}}, stream)
                  .IsInvalidArgument());
  auto files = (*exporter)->ExportFiles(ExportInput{&store_, &graph_, {}});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].first, "nodes.csv");
  EXPECT_EQ((*files)[1].first, "relationships.csv");
  const auto nodes = ReadCsv((*files)[0].second);
  const auto relationships = ReadCsv((*files)[1].second);
  ASSERT_FALSE(nodes.empty());
  ASSERT_FALSE(relationships.empty());
  EXPECT_EQ(nodes[0], (std::vector<std::string>{"id:ID", ":LABEL", "name",
                                                "type", "affiliation"}));
  EXPECT_EQ(relationships[0][0], ":START_ID");
  EXPECT_EQ(relationships[0][4], "polarity:int");
  EXPECT_EQ(relationships[0][5], "weight:float");
  EXPECT_EQ(relationships[0][6], "count:int");
  std::set<std::string> ids;
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    ASSERT_EQ(nodes[i].size(), 5u);
    EXPECT_TRUE(ids.insert(nodes[i][0]).second) << "duplicate node id";
    EXPECT_EQ(nodes[i][1].rfind("Entity;", 0), 0u);
  }
  EXPECT_EQ(ids.size(), testing::HostileNames().size());
  for (std::size_t i = 1; i < relationships.size(); ++i) {
    ASSERT_EQ(relationships[i].size(), 9u);
    EXPECT_EQ(ids.count(relationships[i][0]), 1u);
    EXPECT_EQ(ids.count(relationships[i][1]), 1u);
    EXPECT_EQ(relationships[i][2].find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"),
              std::string::npos)
        << relationships[i][2];
  }
  EXPECT_EQ(Neo4jRelationshipType("stand with"), "STAND_WITH");
  EXPECT_EQ(Neo4jRelationshipType(""), "RELATED");
}

TEST_F(GraphFormatsTest, GraphFormatsNeedTheGraph) {
  for (const char* format : {"graphml", "gexf", "dot"}) {
    auto exporter = Exporter::Create(format);
    ASSERT_TRUE(exporter.ok()) << format;
    std::ostringstream out;
    EXPECT_TRUE((*exporter)
                    ->Export(ExportInput{&store_, nullptr, {}}, out)
                    .IsInvalidArgument())
        << format;
  }
  for (const char* format : {"csv", "nt", "jsonl"}) {
    auto exporter = Exporter::Create(format);
    ASSERT_TRUE(exporter.ok()) << format;
    std::ostringstream out;
    EXPECT_TRUE((*exporter)
                    ->Export(ExportInput{nullptr, &graph_, {}}, out)
                    .IsInvalidArgument())
        << format;
  }
}

TEST_F(GraphFormatsTest, StoreErrorsComeThrough) {
  store_.FailWith(Status::IOError("disk on fire"));
  for (const char* format : {"csv", "nq", "jsonl"}) {
    auto exporter = Exporter::Create(format);
    std::ostringstream out;
    const Status status =
        (*exporter)->Export(ExportInput{&store_, &graph_, {}}, out);
    EXPECT_TRUE(status.IsIOError()) << format << ": " << status.ToString();
  }
}

}  // namespace
}  // namespace kg
