#include "import/importer.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/env.h"
#include "export/csv_exporter.h"
#include "tests/export/export_test_util.h"

namespace kg {
namespace {

using testing::FakeStore;

Result<std::vector<ImportedDocument>> Parse(const std::string& name,
                                            const std::string& text) {
  return ParseImportFile(Env::Default(), testing::WriteTemp(name, text), {});
}

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(ImporterTest, CsvRoundTripKeepsTriplesCountsScoresAndDates) {
  FakeStore store;
  testing::FillHostile(store);
  const std::string csv = testing::ExportText("csv", &store, nullptr);
  auto docs = Parse("round.csv", csv);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 1u);
  FakeStore copy;
  ASSERT_TRUE(copy.AddDocument((*docs)[0].record, (*docs)[0].relations).ok());
  // The copy's csv export is the same edge list (term ids, and so the row
  // order, may differ).
  EXPECT_EQ(SortedLines(testing::ExportText("csv", &copy, nullptr)),
            SortedLines(csv));
  auto stats = copy.Stats();
  auto original = store.Stats();
  EXPECT_EQ(stats->triples, original->triples);
  EXPECT_EQ(stats->evidence, original->evidence);
}

TEST(ImporterTest, ForeignNTriplesBecomeNeutralEvidence) {
  const std::string text =
      "<http://ex.invalid/a> <http://ex.invalid/voc#allyOf> "
      "<http://ex.invalid/b> .\n"
      "<http://ex.invalid/a> <http://www.w3.org/2000/01/rdf-schema#label> "
      "\"Atlantis \\\"A\\\"\" .\n"
      "<http://ex.invalid/a> <http://ex.invalid/voc#founded> \"1200\" .\n"
      "_:x <http://ex.invalid/voc#allyOf> <http://ex.invalid/b> .\n";
  std::size_t ignored = 0;
  auto docs = ParseImportFile(
      Env::Default(), testing::WriteTemp("foreign.nt", text), {}, &ignored);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 1u);
  const ImportedDocument& doc = (*docs)[0];
  EXPECT_EQ(doc.record.id, "import:foreign.nt");
  EXPECT_NE(doc.record.source.find("foreign.nt"), std::string::npos);
  EXPECT_FALSE(doc.record.content_hash.empty());
  ASSERT_EQ(doc.relations.size(), 1u);
  const Relation& relation = doc.relations[0];
  EXPECT_EQ(relation.subject.id, "http://ex.invalid/a");
  EXPECT_EQ(relation.subject.name, "Atlantis \"A\"");
  EXPECT_EQ(relation.relation, "allyOf");
  EXPECT_EQ(relation.object.id, "http://ex.invalid/b");
  EXPECT_EQ(relation.polarity, 0);
  EXPECT_EQ(ignored, 2u);  // The literal and the blank-node statements.
}

// Turtle's prefixed names and relative IRIs (against @base) reach the
// store expanded, as the same statement in N-Triples would.
TEST(ImporterTest, TurtlePrefixesAndRelativeIrisAreExpanded) {
  const std::string text =
      "@base <http://ex.invalid/> .\n"
      "@prefix voc: <http://ex.invalid/voc#> .\n"
      "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
      "<a> voc:allyOf <b> ; rdfs:label \"Atlantis\" .\n"
      "<sub/c> a voc:Thing ; voc:rivalOf <a> .\n";
  auto docs = Parse("prefixed.ttl", text);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 1u);
  std::vector<std::string> triples;
  for (const Relation& relation : (*docs)[0].relations) {
    triples.push_back(relation.subject.id + " " + relation.relation + " " +
                      relation.object.id);
    if (relation.subject.id == "http://ex.invalid/a") {
      EXPECT_EQ(relation.subject.name, "Atlantis");
    }
  }
  std::sort(triples.begin(), triples.end());
  EXPECT_EQ(triples,
            (std::vector<std::string>{
                "http://ex.invalid/a allyOf http://ex.invalid/b",
                "http://ex.invalid/sub/c rivalOf http://ex.invalid/a"}));
  // An undeclared prefix is a syntax error, not a silent relative IRI.
  auto undeclared = Parse("undeclared.ttl", "<a> nope:x <b> .\n");
  EXPECT_TRUE(undeclared.status().IsInputError())
      << undeclared.status().ToString();
  EXPECT_NE(
      undeclared.status().message().find(": undefined prefix in 'nope:x'"),
      std::string::npos)
      << undeclared.status().message();
}

TEST(ImporterTest, ImportIsIdempotent) {
  FakeStore source;
  testing::FillHostile(source);
  const ActorGraph graph = testing::BuildGraph(source);
  const std::string path = testing::WriteTemp(
      "twice.nq", testing::ExportText("nq", &source, &graph));
  FakeStore store;
  auto first = ImportFile(store, Env::Default(), path);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->documents_added, 2u);
  EXPECT_GT(first->relations_added, 0u);
  auto second = ImportFile(store, Env::Default(), path);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->documents_added, 0u);
  EXPECT_EQ(second->documents_skipped, 2u);
  EXPECT_EQ(store.Stats()->evidence, source.Stats()->evidence);
}

TEST(ImporterTest, KnownEntitiesKeepTheStoresNameAndType) {
  FakeStore store;
  store.Add({testing::Evidence(testing::State("ARD", "Ardenia"), "meet",
                               testing::State("BOR", "Borvia"), 0)});
  const std::string path = testing::WriteTemp(
      "known.csv", std::string(kCsvEdgeHeader) + "\nARD,BOR,support,1,2,1,,\n");
  auto summary = ImportFile(store, Env::Default(), path);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  bool found = false;
  ASSERT_TRUE(store
                  .ForEachEvidence(
                      store.IdOf("ARD"), store.IdOf("support", true),
                      store.IdOf("BOR"),
                      [&found](const Relation& relation) {
                        found = true;
                        EXPECT_EQ(relation.subject.name, "Ardenia");
                        EXPECT_EQ(relation.subject.type, EntityType::kState);
                        EXPECT_EQ(relation.polarity, 1);
                        return true;
                      })
                  .ok());
  EXPECT_TRUE(found);
}

TEST(ImporterTest, BadFilesGiveClearErrors) {
  struct Case {
    const char* name;
    std::string text;
    const char* expected;  // In the message.
  };
  const std::string header(kCsvEdgeHeader);
  const Case cases[] = {
      {"empty.nt", "", "empty"},
      {"binary.nq", std::string("<a> \0\0\0 <b>", 12), "binary"},
      {"invalid.nt", "<http://a.invalid/x> <http://a.invalid/p> \"\xff\" .\n",
       "invalid UTF-8"},
      {"syntax.nt", "<http://a.invalid/x> <http://a.invalid/p>\n",
       "syntax.nt:"},
      {"quote.csv", header + "\n\"open,b,c,1,1,1,,\n", "unterminated"},
      {"header.csv", "a,b,c\n1,2,3\n", "header"},
      {"polarity.csv", header + "\na,b,c,2,1,1,,\n", "polarity"},
      {"count.csv", header + "\na,b,c,1,1,0,,\n", "count"},
      {"huge.csv", header + "\na,b,c,1,1,99999999999,,\n", "count"},
      {"weight.csv", header + "\na,b,c,1,nan,1,,\n", "weight"},
      {"date.csv", header + "\na,b,c,1,1,1,yesterday,\n", "YYYY-MM-DD"},
  };
  for (const Case& test : cases) {
    auto docs = Parse(test.name, test.text);
    ASSERT_FALSE(docs.ok()) << test.name;
    EXPECT_TRUE(docs.status().IsInputError()) << docs.status().ToString();
    EXPECT_NE(docs.status().message().find(test.expected), std::string::npos)
        << test.name << ": " << docs.status().message();
  }
  EXPECT_TRUE(Parse("graph.graphml", "<graphml/>").status().IsNotSupported());
  EXPECT_TRUE(
      ParseImportFile(Env::Default(), testing::TempPath("absent.nt"), {})
          .status()
          .IsNotFound());
}

TEST(ImporterTest, CsvQuotingAndCrlfAreRead) {
  const std::string text = std::string(kCsvEdgeHeader) +
                           "\r\n\"a, \"\"b\"\"\",\"line\nbreak\",\"x y\",-1,"
                           "2.5,2,2025-01-02,2025-03-04\r\n";
  auto docs = Parse("quoted.csv", text);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ((*docs)[0].relations.size(), 2u);
  EXPECT_EQ((*docs)[0].record.content_hash.size(), 32u);
  EXPECT_EQ((*docs)[0].record.source, testing::TempPath("quoted.csv"));
  EXPECT_EQ((*docs)[0].record.sentence_count, 1u);
  const Relation& first = (*docs)[0].relations[0];
  EXPECT_EQ(first.subject.id, "a, \"b\"");
  EXPECT_EQ(first.object.id, "line\nbreak");
  EXPECT_EQ(first.relation, "x y");
  EXPECT_EQ(first.polarity, -1);
  EXPECT_DOUBLE_EQ(first.weight, 1.25);
  EXPECT_EQ(first.date, "2025-01-02");
  EXPECT_EQ((*docs)[0].relations[1].date, "2025-03-04");
}

}  // namespace
}  // namespace kg
