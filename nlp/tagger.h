// Part-of-speech tagger: a greedy left-to-right averaged perceptron that
// predicts the (UPOS, XPOS) pair of each word at once, with word, affix,
// shape, ambiguity-class (the UPOS a form was seen with in training) and
// context features, then a second left-to-right pass that adds
// to those scores a small perceptron over the first pass's tags to the
// right of the word (which the first pass cannot see). Frequent
// unambiguous words are tagged from a dictionary learned from the treebank.
//
// Thread-safety: a trained Tagger is immutable; Tag() may run on several
// threads at once. Train() is single-threaded.
#ifndef KG_NLP_TAGGER_H_
#define KG_NLP_TAGGER_H_

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "common/result.h"
#include "nlp/conllu.h"
#include "nlp/ml/perceptron.h"
#include "nlp/ml/word_clusters.h"

namespace kg {

struct TaggerOptions {
  int epochs = 10;         // Passes over the training data.
  std::uint64_t seed = 1;  // Seeds the shuffle of sentences per epoch.
  // A word seen at least this often with one tag in at least
  // `dictionary_purity` of its uses is tagged from the dictionary.
  int dictionary_min_count = 20;
  double dictionary_purity = 0.995;
  // Word classes learned from unlabelled text, used as features (none
  // when null or empty); the tagger keeps a copy.
  std::shared_ptr<const WordClusters> clusters;
};

// A sentence's tags with how sure the tagger was of each, which the
// parser reads (a word the tagger hesitated on may well be mistagged).
struct Tagging {
  std::vector<int> tags;  // Tag id of each word (see Tagger::Upos/Xpos).
  // The tag that scored second for each word, or -1 (a word tagged from
  // the dictionary). Empty when unknown, e.g. for tags read from a file.
  std::vector<int> runners_up;
  // The best tag's score minus the runner-up's (+infinity without one).
  std::vector<float> margins;
};

class Tagger {
 public:
  // Tags a sentence: (*tags)[i] is a tag id for forms[i] (see Upos/Xpos).
  void Tag(const std::vector<std::string>& forms, std::vector<int>* tags) const;
  // The same with each word's runner-up tag and margin.
  void Tag(const std::vector<std::string>& forms, Tagging* tagging) const;

  int num_tags() const { return static_cast<int>(upos_.size()); }
  const std::string& Upos(int tag) const { return upos_[tag]; }
  const std::string& Xpos(int tag) const { return xpos_[tag]; }
  // The id of a (UPOS, XPOS) pair, or -1 if the model never saw it.
  int TagId(const std::string& upos, const std::string& xpos) const;

  // Trains on the words of `train` (their UPOS and XPOS columns). Progress
  // lines go to `log` when not null. Fails if there is nothing to learn.
  static Result<Tagger> Train(const std::vector<ConlluSentence>& train,
                              const TaggerOptions& options, std::ostream* log);

  // The UPOS (sorted) that `form`, exactly as written, had in training:
  // its ambiguity class, one of the tagger's features.
  std::vector<std::string> SeenUpos(std::string_view form) const;

  // Fraction of words of `gold` whose UPOS and XPOS this model predicts.
  double Accuracy(const std::vector<ConlluSentence>& gold) const;

  bool Valid() const;
  std::size_t num_weights() const {
    return model_.num_weights() + right_.num_weights();
  }
  // Drops weights below `min_abs` (see Perceptron::Pruned).
  void Prune(float min_abs) {
    model_ = model_.Pruned(min_abs);
    right_ = right_.Pruned(min_abs);
  }
  // Required after loading from an archive (see Perceptron::BuildLookup).
  void BuildLookup() {
    model_.BuildLookup();
    right_.BuildLookup();
  }

  // The tables are sorted so that equal models give equal bytes.
  template <class Archive>
  void save(Archive& ar) const {
    ar(upos_, xpos_, dictionary_, classes_, clusters_, model_, right_);
  }
  template <class Archive>
  void load(Archive& ar) {
    ar(upos_, xpos_, dictionary_, classes_, clusters_, model_, right_);
    clusters_.BuildLookup();
    Index();
  }

 private:
  // The ambiguity classes of `forms` as feature values: two per form, its
  // own and its lower-cased form's (see tagger.cc).
  std::vector<std::uint64_t> Classes(
      const std::vector<std::string>& forms) const;
  // Fills dictionary_index_ and class_index_ from their tables.
  void Index();

  std::vector<std::string> upos_;
  std::vector<std::string> xpos_;
  std::map<std::string, int> dictionary_;  // Exact form -> tag.
  // The same keyed by the form's hash (nlp::HashString), for lookups.
  FeatureIndex dictionary_index_;
  // Hash of an exact form (nlp::HashString) -> the UPOS it was seen with in
  // training, one bit per UPOS (in the sorted order of the UPOS names).
  // Keyed by hash, which is cheaper to look up than the form.
  std::map<std::uint64_t, std::uint32_t> classes_;
  FeatureIndex class_index_;  // The same, as a flat table for lookups.
  WordClusters clusters_;     // Empty: no cluster features.
  Perceptron model_;          // First pass.
  Perceptron right_;          // Second pass: right-context corrections.
};

}  // namespace kg

#endif  // KG_NLP_TAGGER_H_
