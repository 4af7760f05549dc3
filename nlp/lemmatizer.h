// Lemmatizer learned from a treebank: a (form, XPOS) -> lemma dictionary
// for seen words, and suffix rewrite rules ("strip n bytes, append s",
// keyed by XPOS and the longest known suffix) for unseen ones.
//
// Thread-safety: a trained Lemmatizer is immutable; Lemmatize() may run on
// several threads at once.
#ifndef KG_NLP_LEMMATIZER_H_
#define KG_NLP_LEMMATIZER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "nlp/conllu.h"
#include "nlp/ml/perceptron.h"

namespace kg {

class Lemmatizer {
 public:
  // The lemma of `form` tagged `xpos` (with `upos`). Never empty for a
  // non-empty form.
  std::string Lemmatize(std::string_view form, std::string_view upos,
                        std::string_view xpos) const;

  // Learns from the FORM, LEMMA and XPOS columns of `train`.
  static Lemmatizer Train(const std::vector<ConlluSentence>& train);

  // Tables are sorted so that equal models give equal bytes.
  template <class Archive>
  void save(Archive& ar) const {
    ar(dictionary_, rules_);
  }
  template <class Archive>
  void load(Archive& ar) {
    ar(dictionary_, rules_);
    Index();
  }

 private:
  // A table entry's key is "<xpos>\t<text>"; its hash keys the lookup.
  using Table = std::map<std::string, std::string>;
  // Fills the lookup indexes from the tables.
  void Index();
  // A flat lookup table from the hash of a key to its value: cheaper to
  // probe than a string-keyed hash map, and no key string is built.
  struct Lookup {
    FeatureIndex index;               // Key hash -> position in values.
    std::vector<std::string> values;  // Copies, so that copies stay valid.
    void Fill(const Table& table);
    // The value of key xpos\ttext, or null.
    const std::string* Find(std::string_view xpos, std::string_view text) const;
  };

  Table dictionary_;  // xpos\tform -> lemma.
  // xpos\tsuffix -> rule, packed as "<strip>\t<lower 0|1>\t<append>".
  Table rules_;
  Lookup dictionary_lookup_;
  Lookup rules_lookup_;
};

}  // namespace kg

#endif  // KG_NLP_LEMMATIZER_H_
