// The word scanner the baseline extractor, the gazetteer and the stance
// lexicon share, so that an alias or phrase matches text exactly when both
// were split the same way. Rules, no model (the UD tokenizer is separate).
//
// Thread-safety: pure functions.
#ifndef KG_LEXICON_WORD_SCANNER_H_
#define KG_LEXICON_WORD_SCANNER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct Word {
  std::size_t begin = 0;  // Byte offsets into the scanned text, [begin, end).
  std::size_t end = 0;
  bool punct = false;  // A single punctuation or symbol code point.
};

// Splits UTF-8 `text` into words and punctuation. Words keep inner hyphens
// ("Secretary-General"), apostrophes ("O'Brien"), acronym periods ("U.S.")
// and decimal points ("3.5"); the clitics "'s" and "n't" (straight or curly
// apostrophe) become words of their own. Invalid UTF-8 bytes are treated as
// letters. Linear time.
std::vector<Word> ScanWords(std::string_view text);

// `text` with ASCII letters lower-cased and the curly apostrophe U+2019
// replaced by "'" (so "Russia’s" and "Russia's" compare equal).
std::string FoldWord(std::string_view text);
// Appends FoldWord(text) to *out without a temporary string. Requires:
// `text` does not point into *out.
void AppendFolded(std::string_view text, std::string* out);

// True if the word starts with an upper-case letter (ASCII or a Latin-1 /
// Latin Extended-A capital such as "É" or "Ł").
bool StartsUpper(std::string_view word);

}  // namespace kg

#endif  // KG_LEXICON_WORD_SCANNER_H_
