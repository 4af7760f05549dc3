// The dependency-based extractor (registered as "ud"): text -> kg's UD
// pipeline (pipeline.h) -> clauses (clause.h) -> actors from proper-noun
// structure and the gazetteer, within-document coreference (coref.h) ->
// signed relations from the stance lexicon. Verbal, copular, light-verb and
// nominal predicates; conjunctions, passives, control, relative clauses,
// negation, modality and attribution come from the tree.
//
// Thread-safety: Extract and ExtractParsed are const and keep their state
// on the stack; one extractor may serve many threads.
#ifndef KG_EXTRACT_UD_UD_EXTRACTOR_H_
#define KG_EXTRACT_UD_UD_EXTRACTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "extract/extractor.h"
#include "lexicon/gazetteer.h"
#include "lexicon/stance_lexicon.h"
#include "nlp/conllu.h"
#include "nlp/pipeline.h"

namespace kg {

class UdExtractor : public Extractor {
 public:
  // Loads options.data_dir/gazetteer.tsv (then options.extra_gazetteers),
  // options.data_dir/stance_lexicon.tsv and the model
  // options.data_dir/models/en.kgm. Fails with the loader's Status
  // (NotFound when the model file is missing).
  static Result<std::unique_ptr<Extractor>> Create(
      const ExtractorOptions& options);

  // The same without the model: ExtractParsed works, Extract fails with
  // NotSupported. For already parsed input (`kg extract --conllu`, tests).
  // `surface_fallback` attaches the baseline fallback as Create does, so
  // that given parses yield what kg's own parses would.
  static Result<std::unique_ptr<UdExtractor>> CreateWithoutModel(
      const ExtractorOptions& options, bool surface_fallback = true);

  // `pipeline` may be null (see CreateWithoutModel). `fallback`, if not
  // null, reads the sentences where the tree links no two actors although
  // it names two or more (misparsed long sentences), from their words.
  UdExtractor(Gazetteer gazetteer, StanceLexicon lexicon,
              std::shared_ptr<const Pipeline> pipeline,
              std::string data_fingerprint,
              std::unique_ptr<Extractor> fallback = nullptr);

  Result<Extraction> Extract(const Document& doc) const override;

  // The relations of sentences already parsed from doc.text (word offsets
  // index doc.text). Never fails; odd trees yield fewer relations.
  Extraction ExtractParsed(const Document& doc,
                           const std::vector<ParsedSentence>& sentences) const;

  std::string_view name() const override { return "ud"; }
  // "<rules version>+<fingerprint of the data files and model>".
  std::string version() const override;

  const Pipeline* pipeline() const { return pipeline_.get(); }

 private:
  // Adds the fallback's relations for one sentence (byte offsets into the
  // document in their spans, like the linker's) that the tree missed.
  void AddFallback(const Document& doc, std::string_view sentence_text,
                   std::size_t sentence_start,
                   std::vector<Relation>* relations) const;

  Gazetteer gazetteer_;
  StanceLexicon lexicon_;
  std::shared_ptr<const Pipeline> pipeline_;
  std::string data_fingerprint_;
  std::unique_ptr<Extractor> fallback_;
};

// Parsed sentences and the text their offsets index, rebuilt from CoNLL-U:
// each sentence's "# text" comment (else its forms joined by spaces,
// SpaceAfter=No respected) on a line of its own.
struct ParsedText {
  std::string text;
  std::vector<ParsedSentence> sentences;
};
ParsedText ParsedFromConllu(const std::vector<ConlluSentence>& sentences);

}  // namespace kg

#endif  // KG_EXTRACT_UD_UD_EXTRACTOR_H_
