// Throughput of the "ud" extractor on one thread over the international
// relations part of the WCEP event summaries: relations from given parses
// (the sentences are parsed once, outside the timing) by the tree linker
// alone and with the surface fallback for sentences it links nothing in,
// and text -> relations end to end (tokenize, tag, parse, link). See
// docs/quality.md ("Speed").
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "common/env.h"
#include "extract/document.h"
#include "extract/extractor.h"
#include "extract/pipeline.h"
#include "extract/ud_extractor.h"

namespace {

struct Fixture {
  std::unique_ptr<kg::Extractor> extractor;    // As `kg` builds it.
  std::unique_ptr<kg::UdExtractor> tree_only;  // Without the fallback.
  kg::Document doc;
  std::vector<kg::ParsedSentence> parsed;
  std::string error;
};

const Fixture& Load() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    const std::string corpus = std::string(KG_SHARED_DIR) +
                               "/corpus/wcep-2025-2026/"
                               "international_relations.txt";
    kg::Result<std::string> text =
        kg::Env::Default()->ReadFile(corpus, std::size_t{1} << 30);
    if (!text.ok()) {
      f->error = "corpus missing: " + text.status().ToString();
      return f;
    }
    f->doc.id = "bench";
    f->doc.date = "2025-06-01";
    f->doc.text = std::move(text).value();
    kg::ExtractorOptions options;
    options.data_dir = std::string(KG_SOURCE_DIR) + "/data";
    auto extractor = kg::Extractor::Create("ud", options);
    if (!extractor.ok()) {
      f->error = "ud extractor: " + extractor.status().ToString();
      return f;
    }
    f->extractor = std::move(extractor).value();
    auto tree_only = kg::UdExtractor::CreateWithoutModel(options);
    if (!tree_only.ok()) {
      f->error = "ud extractor: " + tree_only.status().ToString();
      return f;
    }
    f->tree_only = std::move(tree_only).value();
    const auto& ud = dynamic_cast<const kg::UdExtractor&>(*f->extractor);
    f->parsed = ud.pipeline()->Parse(f->doc.text);
    return f;
  }();
  return *fixture;
}

void RelationsFromParses(benchmark::State& state, const kg::UdExtractor& ud) {
  const Fixture& f = Load();
  std::size_t relations = 0;
  for (auto _ : state) {
    kg::Extraction extraction = ud.ExtractParsed(f.doc, f.parsed);
    relations = extraction.relations.size();
    benchmark::DoNotOptimize(extraction);
  }
  state.counters["sentences/s"] = benchmark::Counter(
      static_cast<double>(f.parsed.size() * state.iterations()),
      benchmark::Counter::kIsRate);
  state.counters["relations"] = static_cast<double>(relations);
}

void BM_RelationsFromParses(benchmark::State& state) {
  const Fixture& f = Load();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  RelationsFromParses(state, *f.tree_only);
}
BENCHMARK(BM_RelationsFromParses)->Unit(benchmark::kMillisecond);

void BM_RelationsFromParsesWithFallback(benchmark::State& state) {
  const Fixture& f = Load();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  RelationsFromParses(state,
                      dynamic_cast<const kg::UdExtractor&>(*f.extractor));
}
BENCHMARK(BM_RelationsFromParsesWithFallback)->Unit(benchmark::kMillisecond);

void BM_TextToRelations(benchmark::State& state) {
  const Fixture& f = Load();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  for (auto _ : state) {
    auto extraction = f.extractor->Extract(f.doc);
    benchmark::DoNotOptimize(extraction);
  }
  state.counters["sentences/s"] = benchmark::Counter(
      static_cast<double>(f.parsed.size() * state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TextToRelations)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
