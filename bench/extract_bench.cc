// Throughput of the "ud" extractor on one thread over the international
// relations part of the WCEP event summaries: relations from given parses
// (the sentences are parsed once, outside the timing) by the tree linker
// alone and with the surface fallback for sentences it links nothing in,
// and text -> relations end to end (tokenize, tag, parse, link). With
// KG_BENCH_CONLLU=FILE the parses come from that CoNLL-U file instead (its
// own text; text -> relations still needs the model). See docs/quality.md
// ("Speed").
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "common/env.h"
#include "core/document.h"
#include "extract/extractor.h"
#include "extract/ud/ud_extractor.h"
#include "nlp/conllu.h"
#include "nlp/pipeline.h"

namespace {

struct Fixture {
  std::unique_ptr<kg::Extractor> extractor;      // Text -> relations.
  std::unique_ptr<kg::UdExtractor> tree_only;    // Without the fallback.
  std::unique_ptr<kg::UdExtractor> as_kg_links;  // With it, as `kg` links.
  kg::Document doc;
  std::vector<kg::ParsedSentence> parsed;
  std::string error;        // Set when no benchmark can run.
  std::string model_error;  // Set when the model did not load.
};

// The parses: KG_BENCH_CONLLU names a CoNLL-U file (e.g. `kg parse` of the
// corpus by any model) or the model parses the corpus once.
void LoadParses(Fixture* f) {
  if (const char* conllu = std::getenv("KG_BENCH_CONLLU")) {
    auto sentences = kg::ReadConllu(conllu);
    if (!sentences.ok()) {
      f->error = "KG_BENCH_CONLLU: " + sentences.status().ToString();
      return;
    }
    kg::ParsedText parsed = kg::ParsedFromConllu(*sentences);
    f->doc.text = std::move(parsed.text);
    f->parsed = std::move(parsed.sentences);
    return;
  }
  if (f->extractor == nullptr) {
    f->error = f->model_error + " (or set KG_BENCH_CONLLU)";
    return;
  }
  const auto& ud = dynamic_cast<const kg::UdExtractor&>(*f->extractor);
  f->parsed = ud.pipeline()->Parse(f->doc.text);
}

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
    if (extractor.ok()) {
      f->extractor = std::move(extractor).value();
    } else {
      f->model_error = "ud extractor: " + extractor.status().ToString();
    }
    auto tree_only = kg::UdExtractor::CreateWithoutModel(
        options, /*surface_fallback=*/false);
    auto as_kg_links = kg::UdExtractor::CreateWithoutModel(options);
    if (!tree_only.ok() || !as_kg_links.ok()) {
      f->error = "extractor data did not load";
      return f;
    }
    f->tree_only = std::move(tree_only).value();
    f->as_kg_links = std::move(as_kg_links).value();
    LoadParses(f);
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
  RelationsFromParses(state, *f.as_kg_links);
}
BENCHMARK(BM_RelationsFromParsesWithFallback)->Unit(benchmark::kMillisecond);

void BM_TextToRelations(benchmark::State& state) {
  const Fixture& f = Load();
  if (!f.error.empty() || f.extractor == nullptr) {
    state.SkipWithError((f.error.empty() ? f.model_error : f.error).c_str());
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
