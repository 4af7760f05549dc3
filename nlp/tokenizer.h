// Rule-based tokenizer and sentence splitter for English news, UD style.
// Every word keeps byte offsets into the original text. Clitics and
// possessives become separate words of one token ("don't" -> do + n't,
// "Ukraine's" -> Ukraine + 's), which CoNLL-U writes as a multiword token.
//
// Handles abbreviations and initials (Mr., U.S., J.), decimals and
// thousands (2.5, 1,000), currency and percent signs ($, £, %), hyphenated
// names (Kim Jong-un; other hyphens between letters are split off as UD
// does: "search-engine" -> search - engine), straight and curly quotes, em/en
// dashes, ellipses, URLs and e-mail addresses, bracketed references ([12]),
// headlines without final punctuation (a line break before a capitalised line
// ends a sentence) and quoted speech. Any bytes are accepted: invalid UTF-8 and
// control characters count as spaces, so words are always valid UTF-8.
//
// Thread-safety: a Tokenizer is immutable after construction; Tokenize may
// be called from several threads at once.
#ifndef KG_NLP_TOKENIZER_H_
#define KG_NLP_TOKENIZER_H_

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct TokenizerOptions {
  // Longer sentences are cut into chunks of this many words, so that a
  // run-on "sentence" costs bounded memory and linear time downstream.
  std::size_t max_sentence_words = 200;
  // Abbreviations (lower case, with their final period, e.g. "approx.")
  // beyond the built-in list, usually learned from a treebank.
  std::set<std::string> extra_abbreviations;
};

// One syntactic word. [start, end) are byte offsets into the text given to
// Tokenize; the words of a multiword token split its span between them.
struct TokenWord {
  std::string form;
  std::size_t start = 0;
  std::size_t end = 0;
  // Span of the surface token this word belongs to; words with the same
  // token span form one multiword token.
  std::size_t token_start = 0;
  std::size_t token_end = 0;
};

struct TokenizedSentence {
  std::size_t start = 0;  // Byte offset of the first word.
  std::size_t end = 0;    // Byte offset just past the last word.
  std::vector<TokenWord> words;
};

class Tokenizer {
 public:
  explicit Tokenizer(TokenizerOptions options = {});

  // Splits `text` into sentences of words. Never fails; empty or
  // all-space text gives no sentences.
  std::vector<TokenizedSentence> Tokenize(std::string_view text) const;

  const TokenizerOptions& options() const { return options_; }

 private:
  TokenizerOptions options_;
};

}  // namespace kg

#endif  // KG_NLP_TOKENIZER_H_
