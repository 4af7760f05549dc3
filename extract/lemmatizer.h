// Lemmatizer learned from a treebank: a (form, XPOS) -> lemma dictionary
// for seen words, and suffix rewrite rules ("strip n bytes, append s",
// keyed by XPOS and the longest known suffix) for unseen ones.
//
// Thread-safety: a trained Lemmatizer is immutable; Lemmatize() may run on
// several threads at once.
#ifndef KG_EXTRACT_LEMMATIZER_H_
#define KG_EXTRACT_LEMMATIZER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>

#include "extract/conllu.h"

namespace kg {

class Lemmatizer {
 public:
  // The lemma of `form` tagged `xpos` (with `upos`). Never empty for a
  // non-empty form.
  std::string Lemmatize(std::string_view form, std::string_view upos,
                        std::string_view xpos) const;

  // Learns from the FORM, LEMMA and XPOS columns of `train`.
  static Lemmatizer Train(const std::vector<ConlluSentence>& train);

  // Tables are written sorted so that equal models give equal bytes.
  template <class Archive>
  void save(Archive& ar) const {
    ar(std::map<std::string, std::string>(dictionary_.begin(),
                                          dictionary_.end()),
       std::map<std::string, std::string>(rules_.begin(), rules_.end()));
  }
  template <class Archive>
  void load(Archive& ar) {
    std::map<std::string, std::string> dictionary, rules;
    ar(dictionary, rules);
    dictionary_ = {dictionary.begin(), dictionary.end()};
    rules_ = {rules.begin(), rules.end()};
    // Sparse buckets: most lookups then visit one node, not a chain.
    for (auto* table : {&dictionary_, &rules_}) {
      table->max_load_factor(0.25f);
      table->rehash(table->size() * 4);
    }
  }

 private:
  // A rule, packed as "<strip>\t<lower 0|1>\t<append>".
  std::unordered_map<std::string, std::string> dictionary_;  // xpos\tform.
  std::unordered_map<std::string, std::string> rules_;       // xpos\tsuffix.
};

}  // namespace kg

#endif  // KG_EXTRACT_LEMMATIZER_H_
