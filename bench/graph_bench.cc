// Actor graph build time and query latency on synthetic evidence, over the
// in-memory fake store and the RocksDB store.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "graph/actor_graph.h"
#include "graph/alliances.h"
#include "graph/paths.h"
#include "graph/signed_view.h"
#include "graph/stance.h"
#include "store/store.h"
#include "tests/graph/fake_store.h"

namespace kg {
namespace {

constexpr int kActors = 1000;
constexpr int kRelationsPerDocument = 50;

struct Lemma {
  const char* name;
  int polarity;
};
constexpr Lemma kLemmas[] = {
    {"support", 1},    {"praise", 1},   {"back", 1},      {"aid", 1},
    {"criticize", -1}, {"condemn", -1}, {"sanction", -1}, {"warn", -1},
    {"meet", 0},       {"visit", 0}};

EntityRef Actor(int i) {
  const std::string key = "A" + std::to_string(i);
  return testing::Entity(key, "Actor " + std::to_string(i),
                         i % 5 == 0 ? EntityType::kPerson : EntityType::kState);
}

// `evidence` random relations among kActors actors, grouped in documents;
// a skewed pick of objects makes some actors hubs, as in real news.
std::vector<std::vector<Relation>> Synthetic(int evidence) {
  std::mt19937 random(42);
  std::uniform_int_distribution<int> subject(0, kActors - 1);
  std::geometric_distribution<int> object(0.01);
  std::uniform_int_distribution<int> lemma(0, std::size(kLemmas) - 1);
  std::uniform_int_distribution<int> day(1, 28);
  std::uniform_int_distribution<int> month(1, 12);
  std::uniform_int_distribution<int> year(2015, 2024);
  std::uniform_real_distribution<double> confidence(0.3, 1.0);
  std::vector<std::vector<Relation>> documents;
  for (int i = 0; i < evidence; ++i) {
    if (i % kRelationsPerDocument == 0) documents.emplace_back();
    const int s = subject(random);
    const int o = (s + 1 + object(random)) % kActors;
    const Lemma& picked = kLemmas[lemma(random)];
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year(random) % 10000,
                  month(random) % 100, day(random) % 100);
    documents.back().push_back(
        testing::Evidence(Actor(s), picked.name, Actor(o), picked.polarity,
                          date, confidence(random), 1 + (i % 9)));
  }
  return documents;
}

testing::FakeStore& Fake(int evidence) {
  static std::map<int, std::unique_ptr<testing::FakeStore>> stores;
  auto& store = stores[evidence];
  if (!store) {
    store = std::make_unique<testing::FakeStore>();
    for (auto& document : Synthetic(evidence)) store->Add(document);
  }
  return *store;
}

// One RocksDB store per size, filled once per process.
Store& Rocks(int evidence) {
  static std::map<int, std::unique_ptr<Store>> stores;
  auto& store = stores[evidence];
  if (!store) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("kg_graph_bench_" + std::to_string(::getpid()) + "_" +
                       std::to_string(evidence));
    std::filesystem::remove_all(path);
    StoreOptions options;
    options.create_if_missing = true;
    auto opened = Store::Open(path.string(), options);
    if (!opened.ok()) std::abort();
    store = std::move(opened).value();
    int n = 0;
    for (auto& relations : Synthetic(evidence)) {
      DocumentRecord doc;
      doc.id = "doc" + std::to_string(++n);
      doc.content_hash = doc.id;
      for (Relation& relation : relations) relation.doc = doc.id;
      if (!store->AddDocument(doc, relations).ok()) std::abort();
    }
  }
  return *store;
}

void Build(benchmark::State& state, Store& store, const GraphOptions& options) {
  std::size_t edges = 0;
  for (auto _ : state) {
    auto graph = ActorGraph::Build(store, options);
    if (!graph.ok()) state.SkipWithError(graph.status().ToString().c_str());
    edges = graph->num_edges();
    benchmark::DoNotOptimize(edges);
  }
  state.counters["edges"] = static_cast<double>(edges);
  state.counters["evidence/s"] = benchmark::Counter(
      static_cast<double>(state.range(0)) * state.iterations(),
      benchmark::Counter::kIsRate);
}

void BM_BuildFake(benchmark::State& state) {
  Build(state, Fake(state.range(0)), {});
}
void BM_BuildRocksDB(benchmark::State& state) {
  Build(state, Rocks(state.range(0)), {});
}
void BM_BuildRocksDBWindowDecay(benchmark::State& state) {
  GraphOptions options;
  options.from = "2018-01-01";
  options.half_life_days = 365;
  Build(state, Rocks(state.range(0)), options);
}

void BM_StanceRocksDB(benchmark::State& state) {
  Store& store = Rocks(state.range(0));
  auto graph = ActorGraph::Build(store, {});
  if (!graph.ok()) std::abort();
  const std::vector<ActorEdge> edges = graph->Edges();
  std::size_t i = 0;
  for (auto _ : state) {
    const ActorEdge& edge = edges[(i++ * 7919) % edges.size()];
    auto report = Stance(*graph, store, graph->actor(edge.source).term_id,
                         graph->actor(edge.target).term_id);
    benchmark::DoNotOptimize(report);
  }
}

void BM_SupportersRocksDB(benchmark::State& state) {
  auto graph = ActorGraph::Build(Rocks(state.range(0)), {});
  if (!graph.ok()) std::abort();
  std::size_t i = 0;
  for (auto _ : state) {
    const std::uint64_t target =
        graph->actor((i++ * 7919) % graph->num_actors()).term_id;
    benchmark::DoNotOptimize(Supporters(*graph, target));
  }
}

// The scale: 100,000 actors and 1,000,000 signed edges in 50 camps
// (friendly inside a camp, hostile between, each edge's sign flipped with
// probability 0.1 as noise), in a RocksDB store of 1,000 documents.
constexpr int kLargeActors = 100000;
constexpr int kLargeEdges = 1000000;
constexpr int kLargeCamps = 50;

Store& LargeStore() {
  static std::unique_ptr<Store> store;
  if (store) return *store;
  const auto path = std::filesystem::temp_directory_path() /
                    ("kg_graph_bench_large_" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  StoreOptions options;
  options.create_if_missing = true;
  auto opened = Store::Open(path.string(), options);
  if (!opened.ok()) std::abort();
  store = std::move(opened).value();
  std::mt19937 random(7);
  std::uniform_int_distribution<int> actor(0, kLargeActors - 1);
  std::bernoulli_distribution noise(0.1);
  std::uniform_real_distribution<double> confidence(0.3, 1.0);
  std::vector<Relation> relations;
  int documents = 0;
  for (int i = 0; i < kLargeEdges; ++i) {
    const int s = actor(random);
    int o = actor(random);
    if (o == s) o = (o + 1) % kLargeActors;
    const bool friendly = (s % kLargeCamps == o % kLargeCamps) != noise(random);
    Relation relation =
        testing::Evidence(Actor(s), friendly ? "support" : "condemn", Actor(o),
                          friendly ? +1 : -1, "2025-01-01", confidence(random));
    relation.text = "x";
    relations.push_back(std::move(relation));
    if (relations.size() == 1000 || i + 1 == kLargeEdges) {
      DocumentRecord doc;
      doc.id = "large" + std::to_string(++documents);
      doc.content_hash = doc.id;
      for (Relation& r : relations) r.doc = doc.id;
      if (!store->AddDocument(doc, relations).ok()) std::abort();
      relations.clear();
    }
  }
  return *store;
}

double MaxRssMiB() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

const ActorGraph& LargeGraph() {
  static std::unique_ptr<ActorGraph> graph;
  if (!graph) {
    auto built = ActorGraph::Build(LargeStore(), {});
    if (!built.ok()) std::abort();
    graph = std::make_unique<ActorGraph>(std::move(built).value());
  }
  return *graph;
}

void BM_LargeBuild(benchmark::State& state) {
  Store& store = LargeStore();
  std::size_t edges = 0;
  for (auto _ : state) {
    auto graph = ActorGraph::Build(store, {});
    if (!graph.ok()) state.SkipWithError(graph.status().ToString().c_str());
    edges = graph->num_edges();
  }
  state.counters["edges"] = static_cast<double>(edges);
  state.counters["max_rss_MiB"] = MaxRssMiB();
}

void BM_LargeStance(benchmark::State& state) {
  const ActorGraph& graph = LargeGraph();
  Store& store = LargeStore();
  std::mt19937 random(3);
  std::uniform_int_distribution<std::size_t> vertex(0, graph.num_actors() - 1);
  for (auto _ : state) {
    const std::size_t v = vertex(random);
    const std::vector<ActorEdge> out = graph.OutEdges(v);
    const std::size_t target =
        out.empty() ? (v + 1) % graph.num_actors() : out[0].target;
    auto report = Stance(graph, store, graph.actor(v).term_id,
                         graph.actor(target).term_id);
    benchmark::DoNotOptimize(report);
  }
  state.counters["max_rss_MiB"] = MaxRssMiB();
}

void BM_LargeSignedView(benchmark::State& state) {
  const ActorGraph& graph = LargeGraph();
  for (auto _ : state) {
    SignedView view = SignedView::Build(graph, {});
    benchmark::DoNotOptimize(view.num_links());
  }
  state.counters["max_rss_MiB"] = MaxRssMiB();
}

void BM_LargeAlliances(benchmark::State& state) {
  const ActorGraph& graph = LargeGraph();
  AllianceReport report;
  for (auto _ : state) report = FindAlliances(graph, {});
  state.counters["blocs"] = static_cast<double>(report.blocs.size());
  state.counters["frustrated_share"] =
      report.total_weight > 0 ? report.frustration / report.total_weight : 0;
  state.counters["max_rss_MiB"] = MaxRssMiB();
}

void BM_LargeInferStance(benchmark::State& state) {
  const ActorGraph& graph = LargeGraph();
  const SignedView view = SignedView::Build(graph, {});
  std::mt19937 random(4);
  std::uniform_int_distribution<std::size_t> vertex(0, graph.num_actors() - 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        InferStance(graph, view, vertex(random), vertex(random), {}));
  }
}

BENCHMARK(BM_LargeBuild)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LargeStance)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LargeSignedView)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LargeAlliances)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LargeInferStance)->Unit(benchmark::kMicrosecond);

BENCHMARK(BM_BuildFake)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildRocksDB)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildRocksDBWindowDecay)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StanceRocksDB)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SupportersRocksDB)->Arg(100000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kg

BENCHMARK_MAIN();
