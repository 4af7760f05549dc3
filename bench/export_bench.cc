// Diagram and evidence export time on a synthetic actor graph.
#include <algorithm>
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

BENCHMARK(BM_Svg)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SvgDotLayout)
    ->Arg(100)
    ->Arg(150)
    ->Arg(200)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dot)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Png)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Jsonl)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kg

BENCHMARK_MAIN();
