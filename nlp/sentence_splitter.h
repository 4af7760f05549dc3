// The baseline sentence splitter: rules for English news text, no model.
// A trained splitter may replace it later; it stays as the fallback.
//
// Thread-safety: pure function.
#ifndef KG_NLP_SENTENCE_SPLITTER_H_
#define KG_NLP_SENTENCE_SPLITTER_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace kg {

// A sentence as byte offsets [begin, end) into the split text, without
// surrounding white space.
struct SentenceSpan {
  std::size_t begin = 0;
  std::size_t end = 0;

  friend bool operator==(const SentenceSpan&, const SentenceSpan&) = default;
};

struct SplitterOptions {
  // A sentence longer than this is cut into chunks at white space (or at a
  // code point boundary when a chunk has none), bounding later work.
  std::size_t max_sentence_bytes = 2000;
};

// Splits `text` (UTF-8) into sentences. A sentence ends at '.', '!', '?' or
// an ellipsis followed by white space (closing quotes and brackets stay with
// it), unless the period ends an abbreviation (Mr., Gen., Sept., No. 5),
// an initial (John F. Kennedy) or an acronym such as U.S. not followed by a
// typical sentence opener. A blank line always ends one; a single line
// break ends one after a headline-like line (no final punctuation, the next
// line starting with a capital). Linear in the text's length.
std::vector<SentenceSpan> SplitSentencesBaseline(
    std::string_view text, const SplitterOptions& options = {});

}  // namespace kg

#endif  // KG_NLP_SENTENCE_SPLITTER_H_
