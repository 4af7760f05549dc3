#include "export/rdf_exporter.h"

#include <algorithm>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "common/env.h"
#include "export/rdf_vocabulary.h"
#include "tests/export/export_test_util.h"

namespace kg {
namespace {

using testing::FakeStore;

std::size_t CountLines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

class RdfExporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::FillHostile(store_);
    graph_ = testing::BuildGraph(store_);
  }

  FakeStore store_;
  ActorGraph graph_;
};

TEST_F(RdfExporterTest, SerdiParsesEveryHostileSyntax) {
  if (!testing::HaveTool("serdi")) GTEST_SKIP() << "serdi is not installed";
  const std::pair<const char*, const char*> formats[] = {
      {"nt", "ntriples"}, {"nq", "nquads"}, {"ttl", "turtle"}};
  std::size_t nt_statements = 0;
  for (const auto& [format, syntax] : formats) {
    const std::string text = testing::ExportText(format, &store_, &graph_);
    ASSERT_FALSE(text.empty()) << format;
    const std::string path =
        testing::WriteTemp(std::string("hostile.") + format, text);
    const testing::ToolRun run = testing::RunTool(
        std::string("serdi -l -i ") + syntax + " -o ntriples '" + path + "'");
    ASSERT_EQ(run.exit_code, 0) << format << ": " << run.out.substr(0, 2000);
    // serdi prints one N-Triples line per statement it read.
    if (std::string(format) == "nt") {
      nt_statements = CountLines(text);
      EXPECT_EQ(CountLines(run.out), nt_statements);
    } else {
      EXPECT_EQ(CountLines(run.out), nt_statements) << format;
    }
  }
}

TEST_F(RdfExporterTest, NQuadsNameOneGraphPerDocument) {
  const std::string text = testing::ExportText("nq", &store_, &graph_);
  for (const char* doc : {"doc1", "doc2"}) {
    const std::string graph =
        "<" + rdf::DocumentIri(kDefaultBaseIri, doc) + "> .\n";
    EXPECT_NE(text.find(graph), std::string::npos) << doc;
  }
  // N-Triples holds the same statements without graph names: the document
  // IRI ends a line only as the object of kg:document.
  const std::string nt = testing::ExportText("nt", &store_, &graph_);
  EXPECT_EQ(CountLines(nt), CountLines(text));
  const std::string doc_end =
      "<" + rdf::DocumentIri(kDefaultBaseIri, "doc1") + "> .";
  std::istringstream lines(nt);
  std::size_t ends = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!line.ends_with(doc_end)) continue;
    ++ends;
    EXPECT_NE(line.find("<" + rdf::Vocab(rdf::kInDocument) + ">"),
              std::string::npos)
        << line;
  }
  EXPECT_GT(ends, 0u);
}

TEST_F(RdfExporterTest, FiltersApply) {
  ExportOptions options;
  options.min_evidence = 2;
  const std::string all = testing::ExportText("nt", &store_, &graph_);
  const std::string filtered =
      testing::ExportText("nt", &store_, &graph_, options);
  EXPECT_LT(filtered.size(), all.size());
  EXPECT_EQ(filtered.find("/relation/meet>"), std::string::npos);
  EXPECT_NE(filtered.find("/relation/criticize>"), std::string::npos);
}

TEST_F(RdfExporterTest, WithoutEvidenceOnlyTriplesAndDescriptions) {
  ExportOptions options;
  options.rdf_evidence = false;
  const std::string text = testing::ExportText("nq", &store_, &graph_, options);
  EXPECT_EQ(text.find("/evidence/"), std::string::npos);
  EXPECT_EQ(text.find("/document/"), std::string::npos);
  const auto stats = store_.Stats();
  // Each triple once, as <entity/S> <relation/P> <entity/O>.
  std::size_t triples = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::string entity = "<" + rdf::EntityIri(kDefaultBaseIri, "");
    triples += line.rfind(entity, 0) == 0 &&
               line.find("> <" + rdf::RelationIri(kDefaultBaseIri, "")) !=
                   std::string::npos;
  }
  EXPECT_EQ(triples, stats->triples);
  EXPECT_LT(text.size(), testing::ExportText("nq", &store_, &graph_).size());
}

TEST_F(RdfExporterTest, BadBaseIsRefused) {
  for (const char* base : {"no-scheme/", "https://kg.invalid/x", "https://a b/",
                           "https://kg.invalid/<x>/", ""}) {
    auto exporter = Exporter::Create("nt");
    ASSERT_TRUE(exporter.ok());
    std::ostringstream out;
    ExportOptions options;
    options.base_iri = base;
    EXPECT_TRUE((*exporter)
                    ->Export(ExportInput{&store_, &graph_, options}, out)
                    .IsInvalidArgument())
        << base;
  }
}

TEST(RdfVocabularyTest, IrisReadBack) {
  for (const std::string& name : testing::HostileNames()) {
    const std::string iri = rdf::EntityIri(kDefaultBaseIri, name);
    EXPECT_EQ(iri.find_first_of(" <>\"{}|^`\\\n\t"), std::string::npos);
    EXPECT_EQ(rdf::EntityKeyOf(kDefaultBaseIri, iri), name);
    EXPECT_EQ(rdf::RelationLemmaOf(kDefaultBaseIri,
                                   rdf::RelationIri(kDefaultBaseIri, name)),
              name);
    EXPECT_FALSE(rdf::EntityKeyOf("https://other.invalid/", iri));
    EXPECT_FALSE(rdf::RelationLemmaOf(kDefaultBaseIri, iri));
  }
}

}  // namespace
}  // namespace kg
