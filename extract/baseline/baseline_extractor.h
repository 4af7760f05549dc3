// The baseline extractor (registered as "baseline"): rules over words, the
// gazetteer and the stance lexicon, no parser. Per sentence it finds actor
// mentions and stance predicates and links the nearest subject before a
// predicate to the objects after it, with conjunctions, passives, negation,
// modality, attribution and simple coreference (docs/formats.md).
//
// Thread-safety: Extract is const and keeps its state on the stack; one
// extractor may serve many threads.
#ifndef KG_EXTRACT_BASELINE_BASELINE_EXTRACTOR_H_
#define KG_EXTRACT_BASELINE_BASELINE_EXTRACTOR_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "extract/extractor.h"
#include "lexicon/gazetteer.h"
#include "lexicon/stance_lexicon.h"

namespace kg {

class BaselineExtractor : public Extractor {
 public:
  // Loads options.data_dir/gazetteer.tsv, then options.extra_gazetteers,
  // and options.data_dir/stance_lexicon.tsv. Fails with the loader's Status.
  static Result<std::unique_ptr<Extractor>> Create(
      const ExtractorOptions& options);

  // For tests: an extractor over already loaded data.
  BaselineExtractor(Gazetteer gazetteer, StanceLexicon lexicon,
                    std::string data_fingerprint);

  Result<Extraction> Extract(const Document& doc) const override;
  std::string_view name() const override { return "baseline"; }
  // "<rules version>+<fingerprint of the loaded data files>", so that new
  // gazetteer or lexicon rows count as a new extractor version.
  std::string version() const override;

  const Gazetteer& gazetteer() const { return gazetteer_; }
  const StanceLexicon& lexicon() const { return lexicon_; }

 private:
  Gazetteer gazetteer_;
  StanceLexicon lexicon_;
  std::string data_fingerprint_;
};

}  // namespace kg

#endif  // KG_EXTRACT_BASELINE_BASELINE_EXTRACTOR_H_
