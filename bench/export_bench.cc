// Export time: diagrams of a synthetic actor graph, and the exchange formats
// of a synthetic store (in memory for the graph benchmarks; a real RocksDB
// database, bulk-loaded, for the N-Triples/N-Quads/CSV benchmarks).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

#include "export/exporter.h"
#include "export/graphviz_exporter.h"
#include "tests/graph/fake_store.h"

namespace kg {
namespace {

// About `edges` distinct signed edges among edges/3 actors.
testing::FakeStore& Synthetic(int edges) {
  static std::map<int, std::unique_ptr<testing::FakeStore>> stores;
  auto& store = stores[edges];
  if (store) return *store;
  store = std::make_unique<testing::FakeStore>();
  const int actors = std::max(2, edges / 3);
  std::mt19937 random(7);
  std::uniform_int_distribution<int> pick(0, actors - 1);
  std::uniform_int_distribution<int> sign(-1, 1);
  std::vector<Relation> relations;
  std::set<std::pair<int, int>> seen;
  while (static_cast<int>(seen.size()) < edges) {
    const int s = pick(random);
    const int o = pick(random);
    if (s == o || !seen.insert({s, o}).second) continue;
    const int polarity = sign(random);
    const char* lemma = polarity > 0   ? "support"
                        : polarity < 0 ? "oppose"
                                       : "meet";
    relations.push_back(testing::Evidence(
        testing::State("S" + std::to_string(s), "State " + std::to_string(s)),
        lemma,
        testing::State("S" + std::to_string(o), "State " + std::to_string(o)),
        polarity, "2024-01-01", 0.8, 1 + s % 9));
  }
  store->Add(relations);
  return *store;
}

ActorGraph GraphOf(int edges) {
  auto graph = ActorGraph::Build(Synthetic(edges), {});
  if (!graph.ok()) std::abort();
  return std::move(graph).value();
}

void Render(benchmark::State& state, const std::string& format,
            const std::string& layout) {
  const ActorGraph graph = GraphOf(state.range(0));
  GraphvizOptions options;
  options.layout = layout;
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto rendered = RenderActorGraph(graph, format, options);
    if (!rendered.ok()) {
      state.SkipWithError(rendered.status().ToString().c_str());
      break;
    }
    bytes = rendered->size();
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

// The default layout: dot up to 150 edges, sfdp above.
void BM_Svg(benchmark::State& state) { Render(state, "svg", ""); }
void BM_SvgDotLayout(benchmark::State& state) { Render(state, "svg", "dot"); }
void BM_Dot(benchmark::State& state) { Render(state, "dot", ""); }
void BM_Png(benchmark::State& state) { Render(state, "png", ""); }

void BM_Jsonl(benchmark::State& state) {
  testing::FakeStore& store = Synthetic(state.range(0));
  auto exporter = Exporter::Create("jsonl");
  for (auto _ : state) {
    std::ostringstream out;
    if (!(*exporter)->Export(ExportInput{&store, nullptr}, out).ok()) {
      state.SkipWithError("jsonl export failed");
    }
    benchmark::DoNotOptimize(out.str().size());
  }
}

// A RocksDB database of `triples` distinct triples, one piece of evidence
// each, 100 per document, among 2,000 actors and 20 relations; bulk-loaded
// once per process into the temp directory and removed at exit.
Store& RocksTriples(int triples) {
  static std::map<int, std::unique_ptr<Store>> stores;
  auto& store = stores[triples];
  if (store) return *store;
  const auto path = std::filesystem::temp_directory_path() /
                    ("kg_export_bench_" + std::to_string(::getpid()) + "_" +
                     std::to_string(triples));
  std::filesystem::remove_all(path);
  StoreOptions options;
  options.create_if_missing = true;
  auto opened = Store::Open(path.string(), options);
  if (!opened.ok()) std::abort();
  store = std::move(opened).value();
  std::atexit([] {
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::temp_directory_path())) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("kg_export_bench_" + std::to_string(::getpid()) + "_",
                     0) == 0) {
        std::error_code ec;
        std::filesystem::remove_all(entry.path(), ec);
      }
    }
  });
  auto load = store->StartBulkLoad();
  if (!load.ok()) std::abort();
  constexpr int kActors = 2000;
  constexpr int kPredicates = 20;
  constexpr int kPerDocument = 100;
  std::vector<Relation> relations;
  int doc = 0;
  for (int i = 0; i < triples; ++i) {
    // Distinct (s, p, o) for every i < kActors * kActors * kPredicates.
    const int s = i % kActors;
    const int o = (s + 1 + (i / kActors) % (kActors - 1)) % kActors;
    const int p = (i / (kActors * (kActors - 1))) % kPredicates;
    Relation relation = testing::Evidence(
        testing::State("S" + std::to_string(s), "State " + std::to_string(s)),
        "rel" + std::to_string(p),
        testing::State("S" + std::to_string(o), "State " + std::to_string(o)),
        p % 3 - 1, "2024-01-01", 0.8, 1 + p % 9);
    relation.sentence = static_cast<std::uint32_t>(relations.size());
    relations.push_back(std::move(relation));
    if (static_cast<int>(relations.size()) == kPerDocument ||
        i + 1 == triples) {
      DocumentRecord record;
      record.id = "d" + std::to_string(doc++);
      record.content_hash = record.id;
      for (Relation& r : relations) r.doc = record.id;
      if (!(*load)->Add(record, relations).ok()) std::abort();
      relations.clear();
    }
  }
  if (!(*load)->Commit().ok()) std::abort();
  return *store;
}

// Exports `format` from the RocksDB store; counters give triples (store
// triples) and bytes per second.
void ExportStore(benchmark::State& state, const std::string& format,
                 bool evidence) {
  Store& store = RocksTriples(static_cast<int>(state.range(0)));
  auto exporter = Exporter::Create(format);
  ExportOptions options;
  options.rdf_evidence = evidence;
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::ostringstream out;
    const Status status =
        (*exporter)->Export(ExportInput{&store, nullptr, options}, out);
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      break;
    }
    bytes = out.tellp();
  }
  // Per iteration, so the rate is triples per CPU second whatever the
  // iteration count.
  state.counters["triples_per_s"] =
      benchmark::Counter(static_cast<double>(state.range(0)),
                         benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes"] = static_cast<double>(bytes);
}

void BM_NTriples(benchmark::State& state) { ExportStore(state, "nt", false); }
void BM_NTriplesWithEvidence(benchmark::State& state) {
  ExportStore(state, "nt", true);
}
void BM_NQuads(benchmark::State& state) { ExportStore(state, "nq", true); }
void BM_Csv(benchmark::State& state) { ExportStore(state, "csv", false); }

BENCHMARK(BM_Svg)->Arg(100)->Arg(1000)->Arg(5000)->Unit(
    benchmark::kMillisecond);
BENCHMARK(BM_SvgDotLayout)
    ->Arg(100)
    ->Arg(150)
    ->Arg(200)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dot)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Png)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Jsonl)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NTriples)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NTriplesWithEvidence)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NQuads)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Csv)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kg

BENCHMARK_MAIN();
