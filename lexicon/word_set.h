// Membership in the small closed word lists the extractors keep in code
// (pronouns, relation names, governing lemmas): std::array or C arrays of
// std::string_view.
//
// Thread-safety: a pure function.
#ifndef KG_LEXICON_WORD_SET_H_
#define KG_LEXICON_WORD_SET_H_

#include <string_view>

namespace kg {

// True if `word` is an entry of `set`. Linear, but the length and the first
// byte reject nearly every entry before a memcmp; the lists are short and this
// runs on every word of every sentence.
template <typename WordList>
bool In(const WordList& set, std::string_view word) {
  if (word.empty()) return false;
  for (std::string_view entry : set) {
    if (entry.size() == word.size() && entry.front() == word.front() &&
        entry == word) {
      return true;
    }
  }
  return false;
}

}  // namespace kg

#endif  // KG_LEXICON_WORD_SET_H_
