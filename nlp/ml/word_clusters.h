// Word classes learned from unlabelled text, used as features by the
// tagger and the parser: a word the treebank never showed them may still
// share a class with words it did ("Tuesday" with "Friday", "Mali" with
// "Niger"). Classes come from the exchange algorithm (Kneser & Ney 1993;
// Martin, Liermann & Ney 1998): words are moved one at a time to the class
// that most raises the likelihood of the text under a class bigram model,
// until few move. It is run once per granularity (say 32, 256 and 1,024
// classes), so that features can be coarse or fine.
//
// Forms are normalised as the tagger and parser normalise them
// (nlp::NormalizeForm) and looked up by the 64-bit hash of that form.
//
// Thread-safety: a built WordClusters is immutable; Find() may run on
// several threads at once. Learn() is single-threaded.
#ifndef KG_NLP_ML_WORD_CLUSTERS_H_
#define KG_NLP_ML_WORD_CLUSTERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include <cereal/types/vector.hpp>

#include "nlp/ml/perceptron.h"

namespace kg {

struct ClusterOptions {
  // Number of classes of each granularity (at most kMaxLevels of them,
  // each below 65,535).
  std::vector<int> sizes = {32, 256, 1024};
  // Passes of the exchange algorithm over the vocabulary.
  int iterations = 10;
  // Rarer words get no class (their class ids are 0).
  int min_count = 2;
};

class WordClusters {
 public:
  static constexpr int kMaxLevels = 4;

  // Learns classes from `sentences` (word forms, as written). Deterministic.
  static WordClusters Learn(
      const std::vector<std::vector<std::string>>& sentences,
      const ClusterOptions& options);

  // The classes of the form whose normalised form hashes to `norm_hash`
  // (nlp::HashString(nlp::NormalizeForm(form))), 16 bits per granularity in
  // the order of ClusterOptions::sizes, the first in the low bits; each
  // class is 1-based and 0 means the word has no class.
  std::uint64_t Find(std::uint64_t norm_hash) const;
  // One granularity of a Find() result.
  static std::uint64_t Level(std::uint64_t classes, int level) {
    return (classes >> (16 * level)) & 0xFFFF;
  }

  bool empty() const { return keys_.empty(); }
  std::size_t size() const { return keys_.size(); }
  int levels() const { return static_cast<int>(sizes_.size()); }
  // False if the stored arrays disagree (a corrupt model file).
  bool Valid() const;
  // Required after loading from an archive.
  void BuildLookup();

  template <class Archive>
  void serialize(Archive& ar) {
    ar(sizes_, keys_, classes_);
  }

 private:
  std::vector<int> sizes_;
  std::vector<std::uint64_t> keys_;     // Sorted normalised-form hashes.
  std::vector<std::uint64_t> classes_;  // classes_[i] belongs to keys_[i].
  FeatureIndex index_;                  // Key -> position, for Find().
};

}  // namespace kg

#endif  // KG_NLP_ML_WORD_CLUSTERS_H_
