#include "export/jsonl_exporter.h"

#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/relation_json.h"
#include "tests/graph/fake_store.h"

namespace kg {
namespace {

using testing::Entity;
using testing::Evidence;
using testing::FakeStore;
using testing::State;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every piece of evidence, in the order the exporter promises.
std::vector<Relation> AllEvidence(Store& store) {
  std::vector<TripleAggregate> triples;
  EXPECT_TRUE(store
                  .Query({},
                         [&](const TripleAggregate& triple) {
                           triples.push_back(triple);
                           return true;
                         })
                  .ok());
  std::vector<Relation> relations;
  for (const TripleAggregate& t : triples) {
    EXPECT_TRUE(store
                    .ForEachEvidence(t.subject, t.predicate, t.object,
                                     [&](const Relation& relation) {
                                       relations.push_back(relation);
                                       return true;
                                     })
                    .ok());
  }
  return relations;
}

TEST(JsonlExporterTest, LinesParseBackToTheEvidence) {
  FakeStore store;
  Relation reported =
      Evidence(State("ARD", "Ardenia"), "warn", State("BOR", "Borvia"), -1,
               "2022-05-06", 0.75, 4.5);
  reported.modality = Modality::kReported;
  reported.negated = true;
  reported.attributed_to =
      Entity("ana_voss", "Ana Voss", EntityType::kPerson, "ARD");
  reported.text = "Quote \" backslash \\ tab \t and \xC3\xBC.";
  store.Add(
      {Evidence(State("ARD", "Ardenia"), "support", State("CEL", "Celesta"), +1,
                "2022-05-01"),
       reported,
       Evidence(State("ARD", "Ardenia"), "oppose",
                Entity("sanctions", "sanctions", EntityType::kTopic), -1)});
  store.Add({Evidence(State("CEL", "Celesta"), "meet", State("BOR", "Borvia"),
                      0, "2022-06-01")});

  auto exporter = Exporter::Create("jsonl");
  ASSERT_TRUE(exporter.ok());
  EXPECT_FALSE((*exporter)->binary());
  std::ostringstream out;
  ASSERT_TRUE((*exporter)->Export(ExportInput{&store, nullptr}, out).ok());

  const std::vector<std::string> lines = Lines(out.str());
  const std::vector<Relation> expected = AllEvidence(store);
  ASSERT_EQ(lines.size(), 4u);
  ASSERT_EQ(lines.size(), expected.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const nlohmann::json json = nlohmann::json::parse(lines[i]);
    EXPECT_TRUE(json.is_object());
    auto relation = RelationFromJsonLine(lines[i]);
    ASSERT_TRUE(relation.ok()) << relation.status().ToString();
    EXPECT_EQ(*relation, expected[i]) << lines[i];
  }
}

TEST(JsonlExporterTest, EmptyStoreWritesNothing) {
  FakeStore store;
  std::ostringstream out;
  ASSERT_TRUE(JsonlExporter().Export(ExportInput{&store, nullptr}, out).ok());
  EXPECT_TRUE(out.str().empty());
}

TEST(JsonlExporterTest, NeedsAStoreAndReportsItsErrors) {
  std::ostringstream out;
  EXPECT_TRUE(JsonlExporter().Export(ExportInput{}, out).IsInvalidArgument());
  FakeStore store;
  store.Add({Evidence(State("ARD", "Ardenia"), "support",
                      State("CEL", "Celesta"), +1)});
  store.FailWith(Status::Corruption("bad block"));
  EXPECT_TRUE(
      JsonlExporter().Export(ExportInput{&store, nullptr}, out).IsCorruption());
}

TEST(JsonlExporterTest, FailingStreamIsIOError) {
  FakeStore store;
  store.Add({Evidence(State("ARD", "Ardenia"), "support",
                      State("CEL", "Celesta"), +1)});
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_TRUE(
      JsonlExporter().Export(ExportInput{&store, nullptr}, out).IsIOError());
}

}  // namespace
}  // namespace kg
