// kg's RDF exports read back by the importer: every piece of evidence
// survives export -> import.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "common/env.h"
#include "import/importer.h"
#include "tests/export/export_test_util.h"

namespace kg {
namespace {

using testing::FakeStore;

// Every piece of evidence, keyed by (subject, predicate, object) keys.
using EvidenceMap = std::map<std::tuple<std::string, std::string, std::string>,
                             std::vector<Relation>>;

EvidenceMap AllEvidence(FakeStore& store) {
  EvidenceMap all;
  EXPECT_TRUE(store
                  .Query(TriplePattern{},
                         [&](const TripleAggregate& triple) {
                           const auto s = store.GetTerm(triple.subject);
                           const auto p = store.GetTerm(triple.predicate);
                           const auto o = store.GetTerm(triple.object);
                           auto& pieces = all[{s->key, p->key, o->key}];
                           EXPECT_TRUE(store
                                           .ForEachEvidence(
                                               triple.subject, triple.predicate,
                                               triple.object,
                                               [&pieces](const Relation& r) {
                                                 pieces.push_back(r);
                                                 return true;
                                               })
                                           .ok());
                           return true;
                         })
                  .ok());
  for (auto& [key, pieces] : all) {
    std::sort(pieces.begin(), pieces.end(),
              [](const Relation& a, const Relation& b) {
                return std::tie(a.doc, a.sentence, a.date) <
                       std::tie(b.doc, b.sentence, b.date);
              });
  }
  return all;
}

class RdfRoundTripTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::FillHostile(store_);
    graph_ = testing::BuildGraph(store_);
  }

  FakeStore store_;
  ActorGraph graph_;
};

// Every syntax reads back to the same evidence: N-Quads through its graphs,
// N-Triples and Turtle (prefixed names, expanded by the importer) through
// kg:document.
TEST_F(RdfRoundTripTest, KeepsEveryPieceOfEvidence) {
  ExportOptions options;
  options.base_iri = "urn:kg-test:";
  options.base_iri += "x/";
  const EvidenceMap before = AllEvidence(store_);
  for (const char* format : {"nq", "nt", "ttl"}) {
    SCOPED_TRACE(format);
    const std::string path = testing::WriteTemp(
        std::string("round.") + format,
        testing::ExportText(format, &store_, &graph_, options));
    ImportOptions import_options;
    import_options.base_iri = options.base_iri;
    auto docs = ParseImportFile(Env::Default(), path, import_options);
    ASSERT_TRUE(docs.ok()) << docs.status().ToString();
    ASSERT_EQ(docs->size(), 2u);
    FakeStore copy;
    for (const ImportedDocument& doc : *docs) {
      ASSERT_TRUE(copy.AddDocument(doc.record, doc.relations).ok());
    }
    const EvidenceMap after = AllEvidence(copy);
    ASSERT_EQ(before.size(), after.size());
    for (const auto& [key, pieces] : before) {
      auto it = after.find(key);
      ASSERT_NE(it, after.end()) << std::get<1>(key);
      ASSERT_EQ(it->second.size(), pieces.size()) << std::get<1>(key);
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        EXPECT_EQ(it->second[i], pieces[i]) << std::get<1>(key);
      }
    }
  }
}

}  // namespace
}  // namespace kg
