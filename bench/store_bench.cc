// Store throughput: incremental ingest and bulk load of already-extracted
// triples, and point queries (S ? ?) and (S P ?) on a filled database. Results
// and the command that produced them are in docs/benchmarks.md ("Store").
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

namespace kg {
namespace {

constexpr int kEntities = 500;
constexpr int kPredicates = 30;
constexpr int kFilledDocuments = 2000;
constexpr int kRelationsPerFilledDocument = 20;

// A scratch database directory, removed at destruction.
class ScratchDb {
 public:
  ScratchDb() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kg_bench_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    dir_ = pattern;
    Open();
  }
  // Closes and opens the database again: closing flushes the memtables
  // into table files, the state a `kg query` process finds after an ingest.
  void Reopen() {
    Close();
    Open();
  }
  void Close() { store_.reset(); }
  ~ScratchDb() {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  Store& store() { return *store_; }

 private:
  void Open() {
    StoreOptions options;
    options.create_if_missing = true;
    auto store = Store::Open(dir_ + "/db", options);
    if (!store.ok()) std::abort();
    store_ = std::move(store).value();
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

EntityRef SyntheticEntity(int n) {
  EntityRef entity;
  entity.id = "E" + std::to_string(n);
  entity.name = "Entity " + std::to_string(n);
  entity.text = entity.name;
  entity.type = EntityType::kState;
  return entity;
}

// Document `n` with `count` relations drawn from a fixed vocabulary;
// deterministic so that every run measures the same work.
std::vector<Relation> SyntheticRelations(int n, int count, std::mt19937* rng,
                                         int entities = kEntities,
                                         int predicates = kPredicates) {
  std::uniform_int_distribution<int> entity(0, entities - 1);
  std::uniform_int_distribution<int> predicate(0, predicates - 1);
  std::vector<Relation> relations;
  relations.reserve(count);
  for (int i = 0; i < count; ++i) {
    Relation r;
    r.doc = "doc" + std::to_string(n);
    r.date = "2024-03-" + std::to_string(10 + i % 19);
    r.sentence = static_cast<std::uint32_t>(i);
    r.text = "Synthetic sentence number " + std::to_string(i) +
             " of a benchmark document.";
    r.subject = SyntheticEntity(entity(*rng));
    r.relation = "rel" + std::to_string(predicate(*rng));
    r.object = SyntheticEntity(entity(*rng));
    r.polarity = i % 3 - 1;
    r.confidence = 0.7;
    r.weight = 3.0;
    r.span = {0, 40};
    relations.push_back(std::move(r));
  }
  return relations;
}

DocumentRecord SyntheticDoc(int n) {
  DocumentRecord doc;
  doc.id = "doc" + std::to_string(n);
  doc.content_hash = "hash" + std::to_string(n);
  doc.date = "2024-03-10";
  return doc;
}

// Incremental ingest of a fixed workload, kIngestTriples relations in
// documents of N relations, each document one AddDocument (one atomic
// WriteBatch), into a new database. The CPU column is the CPU time of the
// whole process, RocksDB's background flushes and compactions included, so
// the rate is per second of one core; Time is wall-clock time.
constexpr int kIngestTriples = 200000;

// Ingests kIngestTriples relations over `entities` x `predicates` x
// `entities` possible triples.
void RunIngest(benchmark::State& state, int entities, int predicates) {
  const int per_document = static_cast<int>(state.range(0));
  const int documents = kIngestTriples / per_document;
  std::mt19937 rng(42);
  std::vector<std::vector<Relation>> corpus;
  corpus.reserve(documents);
  for (int n = 0; n < documents; ++n) {
    corpus.push_back(
        SyntheticRelations(n, per_document, &rng, entities, predicates));
  }
  for (auto _ : state) {
    state.PauseTiming();
    auto db = std::make_unique<ScratchDb>();
    state.ResumeTiming();
    for (int n = 0; n < documents; ++n) {
      auto added = db->store().AddDocument(SyntheticDoc(n), corpus[n]);
      if (!added.ok() || !*added) state.SkipWithError("AddDocument failed");
    }
    // Closing flushes what the memtables still hold: part of the ingest.
    db->Close();
    state.PauseTiming();
    db.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * documents * per_document);
}

// Nearly every relation is a new triple (500 x 30 x 500 possible): the
// worst case for writes, four index keys per relation.
void BM_IngestTriples(benchmark::State& state) {
  RunIngest(state, kEntities, kPredicates);
}
BENCHMARK(BM_IngestTriples)
    ->Arg(10)
    ->Arg(50)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// Nearly every relation adds evidence to a triple already stored (40 x 10
// x 40 possible), as a news feed repeats its main actors: each costs a
// read of the stored aggregate.
void BM_IngestRepeatedTriples(benchmark::State& state) {
  RunIngest(state, 40, 10);
}
BENCHMARK(BM_IngestRepeatedTriples)
    ->Arg(10)
    ->Arg(50)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// A bulk load of `documents` documents of 20 relations each into a new
// database: Add for every document, then Commit (sorted SST files ingested
// in one step). Extraction is not included, as for BM_IngestTriples.
void BM_BulkLoad(benchmark::State& state) {
  const int documents = static_cast<int>(state.range(0));
  constexpr int kPerDocument = 20;
  std::mt19937 rng(42);
  std::vector<std::vector<Relation>> corpus;
  for (int n = 0; n < documents; ++n) {
    corpus.push_back(SyntheticRelations(n, kPerDocument, &rng));
  }
  for (auto _ : state) {
    state.PauseTiming();
    auto db = std::make_unique<ScratchDb>();
    state.ResumeTiming();
    auto load = db->store().StartBulkLoad();
    if (!load.ok()) {
      state.SkipWithError("StartBulkLoad failed");
      break;
    }
    for (int n = 0; n < documents; ++n) {
      auto added = (*load)->Add(SyntheticDoc(n), corpus[n]);
      if (!added.ok() || !*added) state.SkipWithError("Add failed");
    }
    if (!(*load)->Commit().ok()) state.SkipWithError("Commit failed");
    state.PauseTiming();
    db.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * documents * kPerDocument);
}
BENCHMARK(BM_BulkLoad)
    ->Arg(5000)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

void Fill(ScratchDb* db) {
  std::mt19937 rng(7);
  for (int n = 0; n < kFilledDocuments; ++n) {
    auto added = db->store().AddDocument(
        SyntheticDoc(n),
        SyntheticRelations(n, kRelationsPerFilledDocument, &rng));
    if (!added.ok()) std::abort();
  }
}

// Filled databases shared by the query benchmarks, removed at exit: one
// just written (everything still in memtables), and the same data after
// reopening (in table files).
ScratchDb& FilledDb(bool reopened) {
  static ScratchDb fresh;
  static ScratchDb reopen;
  static const bool filled_fresh = (Fill(&fresh), true);
  if (!reopened) {
    benchmark::DoNotOptimize(filled_fresh);
    return fresh;
  }
  static const bool filled_reopened = (Fill(&reopen), reopen.Reopen(), true);
  benchmark::DoNotOptimize(filled_reopened);
  return reopen;
}

std::vector<std::uint64_t> TermIds(Store& store, const std::string& prefix,
                                   int count, bool predicates) {
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < count; ++i) {
    auto term = predicates ? store.FindPredicate(prefix + std::to_string(i))
                           : store.FindEntity(prefix + std::to_string(i));
    if (term.ok() && term->has_value()) ids.push_back((*term)->id);
  }
  return ids;
}

void RunPointQueries(benchmark::State& state, bool with_predicate,
                     bool reopened) {
  Store& store = FilledDb(reopened).store();
  std::vector<std::uint64_t> subjects = TermIds(store, "E", kEntities, false);
  std::vector<std::uint64_t> predicates =
      TermIds(store, "rel", kPredicates, true);
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::size_t> pick_subject(0,
                                                          subjects.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_predicate(
      0, predicates.size() - 1);
  std::uint64_t rows = 0;
  for (auto _ : state) {
    TriplePattern pattern;
    pattern.subject = subjects[pick_subject(rng)];
    if (with_predicate) pattern.predicate = predicates[pick_predicate(rng)];
    Status status = store.Query(pattern, [&](const TripleAggregate& triple) {
      rows += triple.count;
      return true;
    });
    if (!status.ok()) state.SkipWithError("Query failed");
  }
  benchmark::DoNotOptimize(rows);
  state.SetItemsProcessed(state.iterations());
  state.counters["evidence_per_query"] =
      static_cast<double>(rows) / static_cast<double>(state.iterations());
}

void BM_QuerySubject(benchmark::State& state) {
  RunPointQueries(state, false, false);
}
BENCHMARK(BM_QuerySubject)->Unit(benchmark::kMicrosecond);

void BM_QuerySubjectPredicate(benchmark::State& state) {
  RunPointQueries(state, true, false);
}
BENCHMARK(BM_QuerySubjectPredicate)->Unit(benchmark::kMicrosecond);

void BM_QuerySubjectReopened(benchmark::State& state) {
  RunPointQueries(state, false, true);
}
BENCHMARK(BM_QuerySubjectReopened)->Unit(benchmark::kMicrosecond);

void BM_QuerySubjectPredicateReopened(benchmark::State& state) {
  RunPointQueries(state, true, true);
}
BENCHMARK(BM_QuerySubjectPredicateReopened)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kg

BENCHMARK_MAIN();
