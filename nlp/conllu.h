// CoNLL-U (https://universaldependencies.org/format.html) reading and
// writing. Every line of a sentence is kept so that reading then writing a
// file gives it back byte for byte: comments, multiword-token ranges ("3-4")
// and empty nodes ("8.1") are passed through untouched; only the integer-ID
// word lines are parsed into fields the tagger and parser use.
//
// Thread-safety: pure functions over values.
#ifndef KG_NLP_CONLLU_H_
#define KG_NLP_CONLLU_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/env.h"
#include "common/result.h"
#include "common/status.h"

namespace kg {

// One syntactic word (an integer-ID line). Columns are kept as written;
// `head` is parsed because every consumer needs it as a number.
struct ConlluWord {
  std::string form;
  std::string lemma = "_";
  std::string upos = "_";
  std::string xpos = "_";
  std::string feats = "_";
  int head = -1;  // 0 = root; -1 = "_" (no tree).
  std::string deprel = "_";
  std::string deps = "_";
  std::string misc = "_";
};

// A multiword token ("don't" over words "do" and "n't"), 1-based inclusive.
struct ConlluMultiword {
  int first = 0;
  int last = 0;
  std::string line;  // The whole line, written back as is.
};

// An empty node of the enhanced graph ("8.1"), kept for the round trip.
struct ConlluEmptyNode {
  int after = 0;     // The integer ID it follows (0 = before word 1).
  std::string line;  // The whole line.
};

struct ConlluSentence {
  std::vector<std::string> comments;  // Lines starting with '#', verbatim.
  std::vector<ConlluWord> words;      // words[i] has ID i + 1.
  std::vector<ConlluMultiword> multiwords;
  std::vector<ConlluEmptyNode> empty_nodes;

  // The value of a "# key = value" comment, or "" if absent.
  std::string Comment(std::string_view key) const;
};

// Parses CoNLL-U text. Fails with InputError naming the 1-based line on a
// malformed line (wrong column count, bad ID, ID out of order, bad HEAD).
Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text);

// Reads a CoNLL-U file (at most `max_bytes`) through `env`.
Result<std::vector<ConlluSentence>> ReadConllu(
    const std::string& path, Env* env = Env::Default(),
    std::size_t max_bytes = std::size_t{1} << 30);

// Writes sentences in CoNLL-U, each followed by a blank line.
std::string WriteConllu(const std::vector<ConlluSentence>& sentences);
void AppendConllu(const ConlluSentence& sentence, std::string* out);

}  // namespace kg

#endif  // KG_NLP_CONLLU_H_
