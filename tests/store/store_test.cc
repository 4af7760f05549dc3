#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>

#include "tests/store/store_test_util.h"

namespace kg {
namespace {

using testing_util::Entity;
using testing_util::InDoc;
using testing_util::MakeDoc;
using testing_util::MakeRelation;
using testing_util::ScratchDir;

const EntityRef kFreedonia = Entity("FRE", "Freedonia", "Freedonia");
const EntityRef kSylvania = Entity("SYL", "Sylvania", "Sylvania");
const EntityRef kFenwick = Entity("GFW", "Grand Fenwick", "the Duchy");

std::unique_ptr<Store> OpenNew(const std::string& path) {
  StoreOptions options;
  options.create_if_missing = true;
  auto store = Store::Open(path, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Relations of a first document: two triples, one with two pieces.
std::vector<Relation> FirstDocRelations() {
  return InDoc("d1",
               {MakeRelation(kFreedonia, "support", kSylvania, 1, "2024-01-15",
                             "Freedonia pledged help to Sylvania."),
                MakeRelation(kFreedonia, "support", kSylvania, 1, "2024-01-20",
                             "Freedonia again stood with Sylvania."),
                MakeRelation(kSylvania, "criticize", kFenwick, -1, "2024-01-15",
                             "Sylvania rebuked the Duchy.")});
}

std::vector<Relation> SecondDocRelations() {
  return InDoc("d2",
               {MakeRelation(kFreedonia, "support", kSylvania, 1, "2023-12-01",
                             "Freedonia sided with "
                             "Sylvania in the talks.")});
}

struct Fixture : public ::testing::Test {
  void SetUp() override {
    store = OpenNew(dir.Child("db"));
    ASSERT_NE(store, nullptr);
  }
  std::uint64_t Id(const std::string& name) {
    auto term = store->FindEntity(name);
    EXPECT_TRUE(term.ok() && term->has_value()) << name;
    return term.ok() && term->has_value() ? (*term)->id : 0;
  }
  std::uint64_t PredicateId(const std::string& lemma) {
    auto term = store->FindPredicate(lemma);
    EXPECT_TRUE(term.ok() && term->has_value()) << lemma;
    return term.ok() && term->has_value() ? (*term)->id : 0;
  }
  std::vector<TripleAggregate> Run(const TriplePattern& pattern) {
    std::vector<TripleAggregate> found;
    Status status = store->Query(pattern, [&](const TripleAggregate& a) {
      found.push_back(a);
      return true;
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return found;
  }
  std::vector<Relation> Evidence(std::uint64_t s, std::uint64_t p,
                                 std::uint64_t o) {
    std::vector<Relation> found;
    Status status = store->ForEachEvidence(s, p, o, [&](const Relation& r) {
      found.push_back(r);
      return true;
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return found;
  }

  ScratchDir dir;
  std::unique_ptr<Store> store;
};

using StoreTest = Fixture;

TEST_F(StoreTest, AddDocumentThenQueryEveryPattern) {
  auto added = store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations());
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_TRUE(*added);
  std::uint64_t fre = Id("FRE"), syl = Id("SYL"), gfw = Id("GFW");
  std::uint64_t support = PredicateId("support");
  std::uint64_t criticize = PredicateId("criticize");

  auto all = Run({});
  ASSERT_EQ(all.size(), 2u);

  auto by_subject = Run({fre, std::nullopt, std::nullopt});
  ASSERT_EQ(by_subject.size(), 1u);
  EXPECT_EQ(by_subject[0].object, syl);
  EXPECT_EQ(by_subject[0].count, 2u);
  EXPECT_EQ(by_subject[0].polarity_sum, 2);
  EXPECT_DOUBLE_EQ(by_subject[0].score_sum, 2 * 0.8 * 4.0);
  EXPECT_DOUBLE_EQ(by_subject[0].weight_sum, 8.0);
  EXPECT_EQ(by_subject[0].first_date, "2024-01-15");
  EXPECT_EQ(by_subject[0].last_date, "2024-01-20");

  EXPECT_EQ(Run({fre, support, std::nullopt}).size(), 1u);
  EXPECT_EQ(Run({fre, criticize, std::nullopt}).size(), 0u);
  EXPECT_EQ(Run({fre, support, syl}).size(), 1u);
  EXPECT_EQ(Run({fre, support, gfw}).size(), 0u);

  auto by_predicate = Run({std::nullopt, criticize, std::nullopt});
  ASSERT_EQ(by_predicate.size(), 1u);
  EXPECT_EQ(by_predicate[0].subject, syl);
  EXPECT_EQ(by_predicate[0].object, gfw);
  EXPECT_EQ(by_predicate[0].polarity_sum, -1);

  EXPECT_EQ(Run({std::nullopt, support, syl}).size(), 1u);
  EXPECT_EQ(Run({std::nullopt, support, gfw}).size(), 0u);

  auto by_object = Run({std::nullopt, std::nullopt, syl});
  ASSERT_EQ(by_object.size(), 1u);
  EXPECT_EQ(by_object[0].subject, fre);
  EXPECT_EQ(by_object[0].count, 2u);

  EXPECT_EQ(Run({syl, std::nullopt, gfw}).size(), 1u);
  EXPECT_EQ(Run({gfw, std::nullopt, syl}).size(), 0u);
  EXPECT_TRUE(store->Check().ok()) << store->Check().ToString();
}

TEST_F(StoreTest, QueryStopsWhenTheCallbackSaysSo) {
  ASSERT_TRUE(
      store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()).ok());
  int calls = 0;
  ASSERT_TRUE(store
                  ->Query({},
                          [&](const TripleAggregate&) {
                            ++calls;
                            return false;
                          })
                  .ok());
  EXPECT_EQ(calls, 1);
}

TEST_F(StoreTest, ForEachEvidenceRebuildsTheRelations) {
  std::vector<Relation> relations = FirstDocRelations();
  EntityRef speaker =
      Entity("rufus_firefly", "Rufus Firefly", "Firefly", EntityType::kPerson);
  speaker.affiliation = "FRE";
  relations[1].attributed_to = speaker;
  relations[1].modality = Modality::kReported;
  relations[1].negated = true;
  relations[1].sentence = 4;
  relations[1].subject.affiliation = "AXS";
  ASSERT_TRUE(store->AddDocument(MakeDoc("d1", "h1"), relations).ok());

  auto found = Evidence(Id("FRE"), PredicateId("support"), Id("SYL"));
  ASSERT_EQ(found.size(), 2u);
  // Insertion order, every field as the extractor produced it.
  EXPECT_EQ(found[0], relations[0]);
  EXPECT_EQ(found[1], relations[1]);
  EXPECT_TRUE(Evidence(Id("SYL"), PredicateId("support"), Id("FRE")).empty());
  // The speaker became a term that can be looked up.
  auto firefly = store->FindEntity("firefly");
  ASSERT_TRUE(firefly.ok() && firefly->has_value());
  EXPECT_EQ((*firefly)->type, EntityType::kPerson);
}

TEST_F(StoreTest, SameContentTwiceIsSkipped) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  auto before = store->Stats();
  ASSERT_TRUE(before.ok());
  auto again = store->AddDocument(MakeDoc("d1-copy", "h1"),
                                  InDoc("d1-copy", FirstDocRelations()));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(*again);
  auto after = store->Stats();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->documents, before->documents);
  EXPECT_EQ(after->evidence, before->evidence);
  EXPECT_EQ(after->triples, before->triples);
  EXPECT_EQ(after->terms, before->terms);
  EXPECT_EQ(Run({Id("FRE"), std::nullopt, std::nullopt})[0].count, 2u);
  auto copy = store->GetDocument("d1-copy");
  ASSERT_TRUE(copy.ok());
  EXPECT_FALSE(copy->has_value());
}

TEST_F(StoreTest, SameIdWithOtherContentIsRefused) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  auto changed = store->AddDocument(MakeDoc("d1", "h2"), FirstDocRelations());
  EXPECT_TRUE(changed.status().IsInvalidArgument());
}

TEST_F(StoreTest, StatsCountEverything) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d2", "h2"), SecondDocRelations()));
  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 2u);
  EXPECT_EQ(stats->triples, 2u);
  EXPECT_EQ(stats->evidence, 4u);
  EXPECT_EQ(stats->terms, 5u);  // Three entities, two predicates.
}

TEST_F(StoreTest, RemoveDocumentRestoresAggregates) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  auto only_first = Run({});
  auto stats_before = store->Stats();
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d2", "h2"), SecondDocRelations()));
  auto grown = Run({Id("FRE"), std::nullopt, std::nullopt});
  ASSERT_EQ(grown.size(), 1u);
  EXPECT_EQ(grown[0].count, 3u);
  EXPECT_EQ(grown[0].first_date, "2023-12-01");

  ASSERT_TRUE(store->RemoveDocument("d2").ok());
  auto restored = Run({});
  ASSERT_EQ(restored.size(), only_first.size());
  for (std::size_t i = 0; i < restored.size(); ++i) {
    EXPECT_EQ(restored[i].count, only_first[i].count);
    EXPECT_EQ(restored[i].polarity_sum, only_first[i].polarity_sum);
    EXPECT_DOUBLE_EQ(restored[i].score_sum, only_first[i].score_sum);
    EXPECT_DOUBLE_EQ(restored[i].weight_sum, only_first[i].weight_sum);
    EXPECT_EQ(restored[i].first_date, only_first[i].first_date);
    EXPECT_EQ(restored[i].last_date, only_first[i].last_date);
  }
  auto stats_after = store->Stats();
  EXPECT_EQ(stats_after->documents, stats_before->documents);
  EXPECT_EQ(stats_after->evidence, stats_before->evidence);
  EXPECT_EQ(stats_after->triples, stats_before->triples);
  EXPECT_TRUE(store->Check().ok()) << store->Check().ToString();
  // The same text can come back once removed.
  EXPECT_TRUE(*store->AddDocument(MakeDoc("d2", "h2"), SecondDocRelations()));
}

TEST_F(StoreTest, RemovingTheLastEvidenceDropsTheTriple) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  ASSERT_TRUE(store->RemoveDocument("d1").ok());
  EXPECT_TRUE(Run({}).empty());
  EXPECT_TRUE(
      Run({std::nullopt, PredicateId("criticize"), std::nullopt}).empty());
  EXPECT_TRUE(Run({std::nullopt, std::nullopt, Id("SYL")}).empty());
  auto stats = store->Stats();
  EXPECT_EQ(stats->documents, 0u);
  EXPECT_EQ(stats->triples, 0u);
  EXPECT_EQ(stats->evidence, 0u);
  EXPECT_TRUE(store->Check().ok()) << store->Check().ToString();
  EXPECT_TRUE(store->RemoveDocument("d1").IsNotFound());
}

// Random adds, removals and replacements over a small vocabulary, so that
// most relations land on triples the writer has seen (and cached) before:
// after every step each aggregate equals the sum of the documents kept, also
// across a reopen, which empties the writer's caches.
TEST_F(StoreTest, AggregatesFollowRandomAddsRemovalsAndReplacements) {
  const std::vector<EntityRef> actors = {kFreedonia, kSylvania, kFenwick};
  const std::vector<std::string> lemmas = {"support", "criticize"};
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> pick_actor(0, 2), pick_lemma(0, 1),
      pick_polarity(-1, 1), pick_day(10, 28), pick_count(1, 4), pick_op(0, 9);
  auto random_relations = [&](const std::string& doc_id) {
    std::vector<Relation> relations;
    for (int n = pick_count(rng); n > 0; --n) {
      relations.push_back(MakeRelation(
          actors[pick_actor(rng)], lemmas[pick_lemma(rng)],
          actors[pick_actor(rng)], pick_polarity(rng),
          "2024-02-" + std::to_string(pick_day(rng)), "A sentence."));
    }
    return InDoc(doc_id, relations);
  };
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<std::string, std::vector<Relation>> kept;
  int next_doc = 0;
  for (int step = 0; step < 150; ++step) {
    int op = pick_op(rng);
    if (op < 6 || kept.empty()) {
      std::string id = "doc" + std::to_string(next_doc++);
      kept[id] = random_relations(id);
      ASSERT_TRUE(*store->AddDocument(MakeDoc(id, "hash-" + id), kept[id]));
    } else {
      auto victim = std::next(kept.begin(), step % kept.size());
      std::string id = victim->first;
      if (op < 8) {
        ASSERT_TRUE(store->RemoveDocument(id).ok());
        kept.erase(victim);
      } else {
        kept[id] = random_relations(id);
        ASSERT_TRUE(*store->ReplaceDocument(
            MakeDoc(id, "hash-" + id + "-" + std::to_string(step)), kept[id]));
      }
    }
    if (step == 75) {
      store.reset();
      store = OpenNew(dir.Child("db"));
      ASSERT_NE(store, nullptr);
    }
    std::map<Key, std::pair<std::uint64_t, std::int64_t>> expected;
    for (const auto& [id, relations] : kept) {
      for (const Relation& r : relations) {
        auto& [count, polarity] =
            expected[{r.subject.id, r.relation, r.object.id}];
        ++count;
        polarity += r.polarity;
      }
    }
    std::map<Key, std::pair<std::uint64_t, std::int64_t>> stored;
    for (const TripleAggregate& a : Run({})) {
      Key key{(*store->GetTerm(a.subject)).key,
              (*store->GetTerm(a.predicate)).key,
              (*store->GetTerm(a.object)).key};
      stored[key] = {a.count, a.polarity_sum};
    }
    ASSERT_EQ(stored, expected) << "after step " << step;
    // (S ? ?) reads the subject rows: they must say the same.
    std::map<Key, std::pair<std::uint64_t, std::int64_t>> by_subject;
    for (const EntityRef& actor : actors) {
      auto term = store->FindEntity(actor.id);
      if (!term.ok() || !term->has_value()) continue;
      for (const TripleAggregate& a : Run({(*term)->id, {}, {}})) {
        Key key{actor.id, (*store->GetTerm(a.predicate)).key,
                (*store->GetTerm(a.object)).key};
        by_subject[key] = {a.count, a.polarity_sum};
      }
    }
    ASSERT_EQ(by_subject, expected) << "after step " << step;
  }
  EXPECT_TRUE(store->Check().ok()) << store->Check().ToString();
}

TEST_F(StoreTest, DocumentsRoundTripAndIterate) {
  DocumentRecord doc = MakeDoc("d1", "h1");
  ASSERT_TRUE(*store->AddDocument(doc, FirstDocRelations()));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d2", "h2"), SecondDocRelations()));
  auto stored = store->GetDocument("d1");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->title, doc.title);
  EXPECT_EQ((*stored)->source, doc.source);
  EXPECT_EQ((*stored)->content_hash, doc.content_hash);
  EXPECT_EQ((*stored)->ingested_at, doc.ingested_at);
  std::vector<std::string> ids;
  ASSERT_TRUE(store
                  ->ForEachDocument([&](const DocumentRecord& d) {
                    ids.push_back(d.id);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"d1", "d2"}));
}

TEST_F(StoreTest, FindEntityByIdNameAliasAnyCase) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  std::uint64_t gfw = Id("GFW");
  for (const char* name : {"GFW", "gfw", "Grand Fenwick", "grand   fenwick",
                           "GRAND_FENWICK", "the duchy"}) {
    auto found = store->FindEntity(name);
    ASSERT_TRUE(found.ok()) << name;
    ASSERT_TRUE(found->has_value()) << name;
    EXPECT_EQ((*found)->id, gfw) << name;
    EXPECT_EQ((*found)->name, "Grand Fenwick");
  }
  auto unknown = store->FindEntity("Atlantis");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());
  // Predicates are not entities.
  EXPECT_FALSE(store->FindEntity("support")->has_value());
  EXPECT_TRUE(store->FindPredicate("Support")->has_value());
  EXPECT_FALSE(store->FindPredicate("FRE")->has_value());
}

TEST_F(StoreTest, CanonicalNamesWinOverAliases) {
  // A document calls Sylvania "Freedonia" by mistake; the real Freedonia's
  // canonical id and name still resolve to it.
  EntityRef misnamed = kSylvania;
  misnamed.text = "freedonia";
  ASSERT_TRUE(*store->AddDocument(
      MakeDoc("d0", "h0"),
      InDoc("d0", {MakeRelation(misnamed, "criticize", kFenwick, -1, "",
                                "A garbled line.")})));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  EXPECT_EQ((*store->FindEntity("Freedonia"))->key, "FRE");
}

TEST_F(StoreTest, SuggestEntitiesOffersCloseNames) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  auto close = store->SuggestEntities("Fredonia", 3);
  ASSERT_TRUE(close.ok());
  ASSERT_FALSE(close->empty());
  EXPECT_EQ((*close)[0], "Freedonia");
  auto partial = store->SuggestEntities("fenwik", 3);
  ASSERT_TRUE(partial.ok());
  EXPECT_NE(std::find(partial->begin(), partial->end(), "Grand Fenwick"),
            partial->end());
  auto limited = store->SuggestEntities("s", 1);
  ASSERT_TRUE(limited.ok());
  EXPECT_LE(limited->size(), 1u);
  EXPECT_TRUE(store->SuggestEntities("zzzzzzzzzzzz", 3)->empty());
}

TEST_F(StoreTest, InvalidRelationsWriteNothing) {
  std::vector<Relation> bad = FirstDocRelations();
  bad[2].object.id.clear();
  EXPECT_TRUE(store->AddDocument(MakeDoc("d1", "h1"), bad)
                  .status()
                  .IsInvalidArgument());
  bad = FirstDocRelations();
  bad[0].polarity = 3;
  EXPECT_TRUE(store->AddDocument(MakeDoc("d1", "h1"), bad)
                  .status()
                  .IsInvalidArgument());
  bad = FirstDocRelations();
  bad[0].doc = "elsewhere";
  EXPECT_TRUE(store->AddDocument(MakeDoc("d1", "h1"), bad)
                  .status()
                  .IsInvalidArgument());
  EXPECT_TRUE(
      store->AddDocument(MakeDoc("", "h1"), {}).status().IsInvalidArgument());
  EXPECT_EQ(store->Stats()->documents, 0u);
  EXPECT_EQ(store->Stats()->terms, 0u);
}

TEST_F(StoreTest, DocumentWithoutRelationsIsStillRecorded) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("empty", "h0"), {}));
  EXPECT_FALSE(*store->AddDocument(MakeDoc("empty", "h0"), {}));
  EXPECT_EQ(store->Stats()->documents, 1u);
  EXPECT_TRUE(store->Check().ok());
}

TEST_F(StoreTest, DataSurvivesReopening) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  store.reset();
  StoreOptions options;
  auto reopened = Store::Open(dir.Child("db"), options);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store = std::move(reopened).value();
  EXPECT_EQ(store->Stats()->evidence, 3u);
  // Counters continue: new terms get new ids.
  ASSERT_TRUE(*store->AddDocument(
      MakeDoc("d3", "h3"),
      InDoc("d3",
            {MakeRelation(kFenwick, "praise",
                          Entity("RUR", "Ruritania", "Ruritania"), 1,
                          "2024-05-01", "The Duchy lauded Ruritania.")})));
  EXPECT_EQ(store->Stats()->terms, 7u);
  EXPECT_NE(Id("RUR"), Id("GFW"));
  EXPECT_TRUE(store->Check().ok()) << store->Check().ToString();
}

TEST_F(StoreTest, ReadOnlyStoreRefusesWrites) {
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), FirstDocRelations()));
  StoreOptions options;
  options.read_only = true;
  auto reader = Store::Open(dir.Child("db"), options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->Stats()->evidence, 3u);
  EXPECT_TRUE((*reader)->Check().ok());
  EXPECT_TRUE((*reader)
                  ->AddDocument(MakeDoc("d2", "h2"), SecondDocRelations())
                  .status()
                  .IsNotSupported());
  EXPECT_TRUE((*reader)->RemoveDocument("d1").IsNotSupported());
}

}  // namespace
}  // namespace kg
