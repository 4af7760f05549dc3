// Throughput of kg's UD pipeline (tokenize + tag + lemmatize + parse) on
// one thread, over the WCEP event summaries, and resident memory with the
// model loaded. See docs/benchmarks.md ("Parser").
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "common/env.h"
#include "nlp/pipeline.h"
#include "nlp/tokenizer.h"

namespace {

// A memory figure of this process in MiB (Linux), or -1: from
// /proc/self/status "VmRSS:" (resident now) or "VmHWM:" (peak resident),
// from /proc/self/smaps_rollup "AnonHugePages:" (resident on huge pages).
double StatusMiB(const std::string& field,
                 const char* file = "/proc/self/status") {
  std::ifstream status(file);
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) {
      return std::stod(line.substr(field.size())) / 1024.0;
    }
  }
  return -1;
}
double ResidentMiB() { return StatusMiB("VmRSS:"); }

struct Fixture {
  std::unique_ptr<kg::Pipeline> pipeline;
  std::string text;
  std::string error;
  double rss_after_load_mib = -1;  // Corpus and model loaded, nothing parsed.
};

const Fixture& Load() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    const std::string corpus =
        std::string(KG_SHARED_DIR) + "/corpus/wcep-2025-2026/events.txt";
    kg::Result<std::string> text =
        kg::Env::Default()->ReadFile(corpus, std::size_t{1} << 30);
    if (!text.ok()) {
      f->error = "corpus missing: " + text.status().ToString();
      return f;
    }
    f->text = std::move(text).value();
    // KG_MODEL measures a candidate model instead of the shipped one.
    const char* model_path = std::getenv("KG_MODEL");
    kg::Result<kg::Pipeline> pipeline = model_path != nullptr
                                            ? kg::Pipeline::Load(model_path)
                                            : kg::Pipeline::Load();
    if (!pipeline.ok()) {
      f->error = "model missing: " + pipeline.status().ToString();
      return f;
    }
    f->pipeline = std::make_unique<kg::Pipeline>(std::move(pipeline).value());
    f->rss_after_load_mib = ResidentMiB();
    return f;
  }();
  return *fixture;
}

void BM_Tokenize(benchmark::State& state) {
  const Fixture& f = Load();
  if (!f.error.empty()) return state.SkipWithError(f.error.c_str());
  const kg::Tokenizer tokenizer(f.pipeline->model().tokenizer);
  std::size_t words = 0;
  for (auto _ : state) {
    for (const auto& s : tokenizer.Tokenize(f.text)) words += s.words.size();
  }
  state.counters["words_per_s"] = benchmark::Counter(
      static_cast<double>(words), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

void BM_TokenizeTagParse(benchmark::State& state) {
  const Fixture& f = Load();
  if (!f.error.empty()) return state.SkipWithError(f.error.c_str());
  std::size_t words = 0;
  // Streams, as `kg parse` does: only one piece of the corpus is parsed
  // and held at a time.
  for (auto _ : state) {
    f.pipeline->ParseEach(f.text, [&](kg::ParsedSentence&& s) {
      words += s.words.size();
      benchmark::DoNotOptimize(s.words.data());
    });
  }
  state.counters["words_per_s"] = benchmark::Counter(
      static_cast<double>(words), benchmark::Counter::kIsRate);
  state.counters["rss_loaded_MiB"] = f.rss_after_load_mib;
  state.counters["rss_after_MiB"] = ResidentMiB();
  // The peak includes loading the model (file bytes and lookup tables).
  state.counters["rss_peak_MiB"] = StatusMiB("VmHWM:");
  // The lookup tables ask for transparent huge pages; 0 here means every
  // lookup also risks a TLB miss (THP off, or the advice lost).
  state.counters["huge_pages_MiB"] =
      StatusMiB("AnonHugePages:", "/proc/self/smaps_rollup");
}
BENCHMARK(BM_TokenizeTagParse)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
