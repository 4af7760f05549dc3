// Trains a UdModel (tokenizer abbreviations, tagger, lemmatizer, parser)
// from CoNLL-U treebanks: `kg train`. Deterministic for a fixed seed: the
// same inputs and options give a byte-identical model file.
//
// Thread-safety: TrainUdModel is single-threaded and reentrant.
#ifndef KG_NLP_TRAIN_TRAINER_H_
#define KG_NLP_TRAIN_TRAINER_H_

#include <cstdint>
#include <iosfwd>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/env.h"
#include "common/result.h"
#include "nlp/conllu.h"
#include "nlp/ml/word_clusters.h"
#include "nlp/model_file.h"

namespace kg {

struct TrainOptions {
  std::vector<std::string> train_files;  // CoNLL-U treebanks to learn from.
  std::string dev_file;  // Optional CoNLL-U for picking the best epoch.
  // Optional TSV with columns doc_id ... no_NC_restriction (GUM's
  // gum_docs_licenses.tsv): documents it lists without "yes" are dropped.
  std::string doc_licenses;
  std::uint64_t seed = 1;  // Seeds every random choice of training.
  // The parser trains on tags predicted by taggers trained on the other
  // folds (jackknifing); 0 or 1 trains it on gold tags.
  int jackknife_folds = 4;
  // Plain-text files (or folders of them) from which word classes are
  // learned, with the training treebanks' words, for the tagger's and the
  // parser's features; none: no word classes.
  std::vector<std::string> cluster_text;
  ClusterOptions clusters;
  TaggerOptions tagger;
  ParserOptions parser;  // parser.prune trims the parser's weights.
  // Averaged tagger weights smaller than this are dropped (model size).
  float tagger_prune = 0.0f;
  std::string description;  // Stored in the model (data, command).
};

// Keeps the sentences of documents that `licenses_tsv` marks
// no_NC_restriction = yes, and those of documents it does not list.
// Documents start at "# newdoc id = ..." comments. Fails on a TSV without
// doc_id and no_NC_restriction columns.
Result<std::vector<ConlluSentence>> FilterByDocLicense(
    std::vector<ConlluSentence> sentences, std::string_view licenses_tsv);

// Lower-cased word forms that end in a period and are not just
// punctuation ("approx.", "e.g."), for the tokenizer.
std::set<std::string> LearnAbbreviations(
    const std::vector<ConlluSentence>& sentences);

Result<UdModel> TrainUdModel(const TrainOptions& options,
                             Env* env = Env::Default(),
                             std::ostream* log = nullptr);

}  // namespace kg

#endif  // KG_NLP_TRAIN_TRAINER_H_
