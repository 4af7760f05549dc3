// Store::ReplaceDocument and bulk loads (Store::StartBulkLoad).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "store/store.h"
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

std::vector<Relation> OldD1() {
  return InDoc("d1",
               {MakeRelation(kFreedonia, "support", kSylvania, 1, "2024-01-15",
                             "Freedonia pledged help to Sylvania."),
                MakeRelation(kSylvania, "criticize", kFenwick, -1, "2024-01-15",
                             "Sylvania rebuked the Duchy.")});
}

std::vector<Relation> NewD1() {
  return InDoc("d1",
               {MakeRelation(kFreedonia, "oppose", kSylvania, -1, "2024-01-16",
                             "Freedonia turned against Sylvania."),
                MakeRelation(kFreedonia, "support", kFenwick, 1, "2024-01-16",
                             "Freedonia praised the Duchy.")});
}

std::vector<Relation> D2() {
  return InDoc("d2",
               {MakeRelation(kFreedonia, "support", kSylvania, 1, "2023-12-01",
                             "Freedonia sided with Sylvania.")});
}

// Everything a query can see, by canonical names, so that two databases
// with different term ids compare equal.
using Picture = std::map<std::tuple<std::string, std::string, std::string>,
                         std::tuple<std::uint64_t, std::int64_t, double,
                                    std::string, std::string, std::size_t>>;

Picture Describe(Store& store) {
  Picture picture;
  Status status = store.Query({}, [&](const TripleAggregate& a) {
    auto s = store.GetTerm(a.subject);
    auto p = store.GetTerm(a.predicate);
    auto o = store.GetTerm(a.object);
    EXPECT_TRUE(s.ok() && p.ok() && o.ok());
    std::size_t evidence = 0;
    EXPECT_TRUE(store
                    .ForEachEvidence(a.subject, a.predicate, a.object,
                                     [&](const Relation&) {
                                       ++evidence;
                                       return true;
                                     })
                    .ok());
    picture[{s->key, p->key, o->key}] = {a.count,     a.polarity_sum,
                                         a.score_sum, a.first_date,
                                         a.last_date, evidence};
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return picture;
}

TEST(ReplaceDocumentTest, SwapsTheOldEvidenceForTheNew) {
  ScratchDir dir;
  auto store = OpenNew(dir.Child("db"));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), OldD1()));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d2", "h2"), D2()));
  auto replaced = store->ReplaceDocument(MakeDoc("d1", "h1-new"), NewD1());
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_TRUE(*replaced);
  EXPECT_TRUE(store->Check().ok()) << store->Check().ToString();

  // The same as a database that only ever saw the new version.
  auto fresh = OpenNew(dir.Child("fresh"));
  ASSERT_TRUE(*fresh->AddDocument(MakeDoc("d2", "h2"), D2()));
  ASSERT_TRUE(*fresh->AddDocument(MakeDoc("d1", "h1-new"), NewD1()));
  Picture picture = Describe(*store);
  EXPECT_EQ(picture, Describe(*fresh));
  EXPECT_EQ(picture.count({"SYL", "criticize", "GFW"}), 0u);
  auto stats = store->Stats();
  EXPECT_EQ(stats->documents, 2u);
  EXPECT_EQ(stats->evidence, 3u);
  EXPECT_EQ(stats->triples, 3u);
  EXPECT_EQ((*store->GetDocument("d1"))->content_hash, "h1-new");
  // The old text is free to come back under another id.
  EXPECT_TRUE(*store->AddDocument(MakeDoc("d3", "h1"), InDoc("d3", OldD1())));
  EXPECT_TRUE(store->Check().ok()) << store->Check().ToString();
}

TEST(ReplaceDocumentTest, SameTextFromANewExtractorVersionIsReplaced) {
  ScratchDir dir;
  auto store = OpenNew(dir.Child("db"));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), OldD1()));
  DocumentRecord newer = MakeDoc("d1", "h1");
  newer.extractor_version = "test/2";
  // The same triple goes and comes back in one write: it must stay in
  // every index.
  std::vector<Relation> relations = OldD1();
  relations.resize(1);
  relations[0].date = "2024-02-01";
  ASSERT_TRUE(*store->ReplaceDocument(newer, relations));
  EXPECT_TRUE(store->Check().ok()) << store->Check().ToString();
  EXPECT_EQ((*store->GetDocument("d1"))->extractor_version, "test/2");
  auto support = store->FindPredicate("support");
  ASSERT_TRUE(support.ok() && support->has_value());
  std::vector<TripleAggregate> found;
  ASSERT_TRUE(store
                  ->Query({std::nullopt, (*support)->id, std::nullopt},
                          [&](const TripleAggregate& a) {
                            found.push_back(a);
                            return true;
                          })
                  .ok());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].count, 1u);
  EXPECT_EQ(found[0].first_date, "2024-02-01");
  EXPECT_EQ(store->Stats()->triples, 1u);
}

TEST(ReplaceDocumentTest, UnknownIdIsAdded) {
  ScratchDir dir;
  auto store = OpenNew(dir.Child("db"));
  ASSERT_TRUE(*store->ReplaceDocument(MakeDoc("d2", "h2"), D2()));
  EXPECT_EQ(store->Stats()->documents, 1u);
  EXPECT_TRUE(store->Check().ok());
}

TEST(ReplaceDocumentTest, TextHeldByAnotherIdIsADuplicate) {
  ScratchDir dir;
  auto store = OpenNew(dir.Child("db"));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), OldD1()));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d2", "h2"), D2()));
  Picture before = Describe(*store);
  auto replaced = store->ReplaceDocument(MakeDoc("d2", "h1"), D2());
  ASSERT_TRUE(replaced.ok());
  EXPECT_FALSE(*replaced);
  EXPECT_EQ(Describe(*store), before);
  EXPECT_EQ((*store->GetDocument("d2"))->content_hash, "h2");
}

TEST(ReplaceDocumentTest, InvalidRelationsWriteNothing) {
  ScratchDir dir;
  auto store = OpenNew(dir.Child("db"));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), OldD1()));
  std::vector<Relation> bad = NewD1();
  bad[1].polarity = 5;
  EXPECT_TRUE(store->ReplaceDocument(MakeDoc("d1", "h9"), bad)
                  .status()
                  .IsInvalidArgument());
  EXPECT_EQ((*store->GetDocument("d1"))->content_hash, "h1");
  EXPECT_EQ(store->Stats()->evidence, 2u);
}

// Documents enough to give the bulk load repeated terms, shared triples and
// aliases competing for names.
std::vector<std::pair<DocumentRecord, std::vector<Relation>>> Corpus() {
  std::vector<std::pair<DocumentRecord, std::vector<Relation>>> corpus;
  const EntityRef actors[] = {kFreedonia, kSylvania, kFenwick,
                              Entity("OSS", "Ossia", "Ossian envoys")};
  const char* lemmas[] = {"support", "oppose", "criticize"};
  for (int d = 0; d < 40; ++d) {
    std::string id = "doc" + std::to_string(d);
    std::vector<Relation> relations;
    for (int r = 0; r < 1 + d % 4; ++r) {
      relations.push_back(MakeRelation(
          actors[(d + r) % 4], lemmas[(d * 7 + r) % 3], actors[(d + r + 1) % 4],
          (d + r) % 3 - 1,
          "2024-0" + std::to_string(1 + d % 9) + "-1" + std::to_string(r),
          "Sentence " + std::to_string(r) + " of " + id + "."));
    }
    corpus.emplace_back(MakeDoc(id, "hash-" + id), InDoc(id, relations));
  }
  return corpus;
}

TEST(BulkLoadTest, GivesTheSameDatabaseAsDocumentByDocumentWrites) {
  ScratchDir dir;
  auto incremental = OpenNew(dir.Child("incremental"));
  auto bulk = OpenNew(dir.Child("bulk"));
  auto load = bulk->StartBulkLoad();
  ASSERT_TRUE(load.ok()) << load.status().ToString();
  for (const auto& [doc, relations] : Corpus()) {
    ASSERT_TRUE(*incremental->AddDocument(doc, relations));
    auto added = (*load)->Add(doc, relations);
    ASSERT_TRUE(added.ok()) << added.status().ToString();
    EXPECT_TRUE(*added);
  }
  // Before Commit nothing is visible.
  EXPECT_EQ(bulk->Stats()->documents, 0u);
  ASSERT_TRUE((*load)->Commit().ok());
  EXPECT_TRUE(bulk->Check().ok()) << bulk->Check().ToString();
  EXPECT_EQ(Describe(*bulk), Describe(*incremental));
  auto a = incremental->Stats();
  auto b = bulk->Stats();
  EXPECT_EQ(a->documents, b->documents);
  EXPECT_EQ(a->terms, b->terms);
  EXPECT_EQ(a->triples, b->triples);
  EXPECT_EQ(a->evidence, b->evidence);
  auto ossia = bulk->FindEntity("ossian envoys");
  ASSERT_TRUE(ossia.ok() && ossia->has_value());
  EXPECT_EQ((*ossia)->key, "OSS");
  // The store carries on normally after the load, also after reopening.
  ASSERT_TRUE(
      *bulk->AddDocument(MakeDoc("late", "h-late"), InDoc("late", OldD1())));
  EXPECT_TRUE(bulk->Check().ok()) << bulk->Check().ToString();
  bulk.reset();
  StoreOptions options;
  auto reopened = Store::Open(dir.Child("bulk"), options);
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE((*reopened)->Check().ok());
  EXPECT_EQ((*reopened)->Stats()->documents, a->documents + 1);
}

// A budget far below one document's rows makes the load spill a sorted run
// after every document; Commit merges 40 runs per column family, folding
// the aggregates of triples seen in several runs and letting the later
// (better-ranked) claim of a name win.
TEST(BulkLoadTest, SpilledRunsGiveTheSameDatabase) {
  ScratchDir dir;
  auto incremental = OpenNew(dir.Child("incremental"));
  StoreOptions options;
  options.create_if_missing = true;
  options.bulk_memory_bytes = 1;
  auto bulk = Store::Open(dir.Child("bulk"), options);
  ASSERT_TRUE(bulk.ok()) << bulk.status().ToString();
  auto load = (*bulk)->StartBulkLoad();
  ASSERT_TRUE(load.ok()) << load.status().ToString();
  for (const auto& [doc, relations] : Corpus()) {
    ASSERT_TRUE(*incremental->AddDocument(doc, relations));
    auto added = (*load)->Add(doc, relations);
    ASSERT_TRUE(added.ok()) << added.status().ToString();
  }
  // Runs are on disk, but nothing is in the database before Commit.
  EXPECT_TRUE(std::filesystem::exists(dir.Child("bulk") + "/bulk-load"));
  EXPECT_EQ((*bulk)->Stats()->documents, 0u);
  ASSERT_TRUE((*load)->Commit().ok());
  EXPECT_FALSE(std::filesystem::exists(dir.Child("bulk") + "/bulk-load"));
  EXPECT_TRUE((*bulk)->Check().ok()) << (*bulk)->Check().ToString();
  EXPECT_EQ(Describe(**bulk), Describe(*incremental));
  auto a = incremental->Stats();
  auto b = (*bulk)->Stats();
  EXPECT_EQ(a->terms, b->terms);
  EXPECT_EQ(a->triples, b->triples);
  EXPECT_EQ(a->evidence, b->evidence);
  auto ossia = (*bulk)->FindEntity("ossian envoys");
  ASSERT_TRUE(ossia.ok() && ossia->has_value());
  EXPECT_EQ((*ossia)->key, "OSS");
}

// An abandoned load leaves neither data nor run files behind.
TEST(BulkLoadTest, AbandonedSpilledLoadLeavesNothing) {
  ScratchDir dir;
  StoreOptions options;
  options.create_if_missing = true;
  options.bulk_memory_bytes = 1;
  auto store = Store::Open(dir.Child("db"), options);
  ASSERT_TRUE(store.ok());
  {
    auto load = (*store)->StartBulkLoad();
    ASSERT_TRUE(load.ok());
    ASSERT_TRUE(*(*load)->Add(MakeDoc("d1", "h1"), OldD1()));
    EXPECT_TRUE(std::filesystem::exists(dir.Child("db") + "/bulk-load"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.Child("db") + "/bulk-load"));
  EXPECT_EQ((*store)->Stats()->documents, 0u);
  EXPECT_TRUE((*store)->Check().ok());
  // A new load can start afresh.
  auto again = (*store)->StartBulkLoad();
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(*(*again)->Add(MakeDoc("d2", "h2"), D2()));
  ASSERT_TRUE((*again)->Commit().ok());
  EXPECT_EQ((*store)->Stats()->documents, 1u);
}

TEST(BulkLoadTest, DuplicatesAreSkippedAndReusedIdsRefused) {
  ScratchDir dir;
  auto store = OpenNew(dir.Child("db"));
  auto load = store->StartBulkLoad();
  ASSERT_TRUE(load.ok());
  ASSERT_TRUE(*(*load)->Add(MakeDoc("d1", "h1"), OldD1()));
  auto again =
      (*load)->Add(MakeDoc("d1-copy", "h1"), InDoc("d1-copy", OldD1()));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  EXPECT_TRUE((*load)
                  ->Add(MakeDoc("d1", "h-other"), OldD1())
                  .status()
                  .IsInvalidArgument());
  ASSERT_TRUE((*load)->Commit().ok());
  EXPECT_EQ(store->Stats()->documents, 1u);
  EXPECT_EQ(store->Stats()->evidence, 2u);
  EXPECT_FALSE((*load)->Commit().ok());
}

TEST(BulkLoadTest, NeedsAnEmptyDatabase) {
  ScratchDir dir;
  auto store = OpenNew(dir.Child("db"));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), OldD1()));
  EXPECT_TRUE(store->StartBulkLoad().status().IsNotSupported());
  // Removing the documents leaves the terms: still not empty.
  ASSERT_TRUE(store->RemoveDocument("d1").ok());
  EXPECT_TRUE(store->StartBulkLoad().status().IsNotSupported());
}

TEST(BulkLoadTest, CommitRefusesWhenTheDatabaseWasWrittenMeanwhile) {
  ScratchDir dir;
  auto store = OpenNew(dir.Child("db"));
  auto load = store->StartBulkLoad();
  ASSERT_TRUE(load.ok());
  ASSERT_TRUE(*(*load)->Add(MakeDoc("d2", "h2"), D2()));
  ASSERT_TRUE(*store->AddDocument(MakeDoc("d1", "h1"), OldD1()));
  EXPECT_TRUE((*load)->Commit().IsNotSupported());
  EXPECT_EQ(store->Stats()->documents, 1u);
  EXPECT_TRUE(store->Check().ok());
}

}  // namespace
}  // namespace kg
