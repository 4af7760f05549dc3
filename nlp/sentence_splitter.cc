#include "nlp/sentence_splitter.h"

#include <algorithm>
#include <array>
#include <string>

namespace kg {
namespace {

// Abbreviations after which a period never ends a sentence.
constexpr std::string_view kTitleAbbreviations[] = {
    "mr",  "mrs",    "ms",   "dr",  "gen",  "sen", "rep",  "gov", "lt",
    "col", "capt",   "maj",  "sgt", "cmdr", "adm", "prof", "rev", "st",
    "hon", "pres",   "amb",  "jan", "feb",  "mar", "apr",  "jun", "jul",
    "aug", "sep",    "sept", "oct", "nov",  "dec", "fig",  "vol", "pp",
    "art", "approx", "vs",   "cf",  "mt",   "ft"};

// Abbreviations that may also end a sentence: they do when a capital
// follows.
constexpr std::string_view kFinalAbbreviations[] = {"jr", "sr",  "inc", "corp",
                                                    "co", "ltd", "etc", "bros"};

// Words that start sentences; after an acronym like "U.S." one of these
// signals a sentence end, any other capital a name ("U.S. President").
constexpr std::string_view kSentenceOpeners[] = {
    "The",   "A",     "An",    "He",      "She",   "It",        "They",
    "We",    "I",     "But",   "And",     "In",    "On",        "At",
    "This",  "That",  "These", "Those",   "His",   "Her",       "Its",
    "Their", "Our",   "There", "However", "After", "Before",    "When",
    "While", "As",    "If",    "Earlier", "Later", "Meanwhile", "Some",
    "Many",  "Asked", "For",   "So",      "Yet"};

// Lower-case words a wrapped line may end with; a line ending in one is
// not a headline.
constexpr std::string_view kContinuationWords[] = {
    "the",  "a",  "an", "of",   "to",   "and", "or",  "in",  "on",  "for",
    "with", "by", "at", "from", "that", "as",  "its", "his", "her", "their"};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return IsUpper(c) || IsLower(c); }

template <std::size_t N>
bool Contains(const std::string_view (&set)[N], std::string_view word) {
  return std::find(std::begin(set), std::end(set), word) != std::end(set);
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Length of a closing quote or bracket at text[i], or 0.
std::size_t ClosingMarkLength(std::string_view text, std::size_t i) {
  char c = text[i];
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  // U+201D, U+2019 (right quotes) and U+00BB (right guillemet).
  std::string_view rest = text.substr(i);
  if (rest.starts_with("\xE2\x80\x9D") || rest.starts_with("\xE2\x80\x99")) {
    return 3;
  }
  if (rest.starts_with("\xC2\xBB")) return 2;
  return 0;
}

// Length of a citation mark such as "[5]" at text[i], or 0.
std::size_t CitationLength(std::string_view text, std::size_t i) {
  if (text[i] != '[') return 0;
  std::size_t j = i + 1;
  while (j < text.size() && j - i <= 4 && IsDigit(text[j])) ++j;
  if (j == i + 1 || j >= text.size() || text[j] != ']') return 0;
  return j + 1 - i;
}

// Length of an opening quote at text[i], or 0.
std::size_t OpeningMarkLength(std::string_view text, std::size_t i) {
  char c = text[i];
  if (c == '"' || c == '\'' || c == '(' || c == '[') return 1;
  std::string_view rest = text.substr(i);
  if (rest.starts_with("\xE2\x80\x9C") || rest.starts_with("\xE2\x80\x98")) {
    return 3;
  }
  if (rest.starts_with("\xC2\xAB")) return 2;
  return 0;
}

// The word that starts at or after text[i] past white space and opening
// quotes (ASCII letters only, enough for the checks below).
std::string_view NextWord(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
    } else if (std::size_t n = OpeningMarkLength(text, i)) {
      i += n;
    } else {
      break;
    }
  }
  std::size_t start = i;
  while (i < text.size() && (IsLetter(text[i]) || IsDigit(text[i]))) ++i;
  return text.substr(start, i - start);
}

// Decides whether the period at text[dot] (followed by white space) ends a
// sentence, looking at the word before it and the word after.
bool PeriodEndsSentence(std::string_view text, std::size_t begin,
                        std::size_t dot) {
  std::size_t start = dot;
  // Letters and inner periods, as in "U.S" or "e.g"; bounded look-back.
  while (start > begin && dot - start < 16 &&
         (IsLetter(text[start - 1]) || text[start - 1] == '.')) {
    --start;
  }
  std::string_view word = text.substr(start, dot - start);
  std::string_view next = NextWord(text, dot + 1);
  bool next_capital = !next.empty() && (IsUpper(next[0]) || IsDigit(next[0]));
  if (word.empty()) return true;
  if (word.size() == 1 && IsUpper(word[0])) return false;  // An initial.
  if (word.find('.') != std::string_view::npos) {
    return Contains(kSentenceOpeners, next);
  }
  std::string lower = LowerAscii(word);
  if (lower == "no") return next.empty() || !IsDigit(next[0]);
  if (Contains(kTitleAbbreviations, lower)) return false;
  if (Contains(kFinalAbbreviations, lower)) return next_capital;
  return true;
}

// A single line break after the line [line_begin, line_end) ends a sentence
// when that line looks like a headline and the next line starts anew.
bool LineBreakEndsSentence(std::string_view text, std::size_t line_begin,
                           std::size_t line_end) {
  std::size_t last = line_end;
  while (last > line_begin && IsSpace(text[last - 1])) --last;
  if (last == line_begin) return false;
  char final_char = text[last - 1];
  if (std::string_view(".!?,;:-(/").find(final_char) !=
      std::string_view::npos) {
    return false;
  }
  std::size_t word_start = last;
  while (word_start > line_begin && IsLetter(text[word_start - 1]))
    --word_start;
  if (Contains(kContinuationWords,
               text.substr(word_start, last - word_start))) {
    return false;
  }
  std::string_view next = NextWord(text, line_end + 1);
  if (!next.empty()) return IsUpper(next[0]) || IsDigit(next[0]);
  // Non-ASCII or quoted starts: only a quote or bullet counts as a start.
  std::size_t i = line_end + 1;
  while (i < text.size() && IsSpace(text[i])) ++i;
  return i < text.size() && OpeningMarkLength(text, i) > 0;
}

class Splitter {
 public:
  Splitter(std::string_view text, const SplitterOptions& options)
      : text_(text),
        max_(std::max<std::size_t>(options.max_sentence_bytes, 8)) {}

  std::vector<SentenceSpan> Run() {
    start_ = SkipSpace(0);
    std::size_t line_begin = 0;
    std::size_t i = start_;
    while (i < text_.size()) {
      if (i - start_ >= max_) {
        CutLong();
        i = std::max(i, start_);
        continue;
      }
      char c = text_[i];
      if (c == '\n') {
        i = AtNewline(i, line_begin);
        line_begin = i;
        continue;
      }
      if (c == '.' || c == '!' || c == '?' || IsEllipsis(i)) {
        i = AtTerminal(i);
        continue;
      }
      ++i;
    }
    Emit(text_.size());
    return std::move(sentences_);
  }

 private:
  bool IsEllipsis(std::size_t i) const {
    return text_.substr(i).starts_with("\xE2\x80\xA6");
  }

  std::size_t SkipSpace(std::size_t i) const {
    while (i < text_.size()) {
      if (IsSpace(text_[i])) {
        ++i;
      } else if (text_.substr(i).starts_with("\xC2\xA0")) {
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }

  // Closes the current sentence at `end` (trimmed) and starts the next.
  void Emit(std::size_t end) {
    std::size_t e = std::min(end, text_.size());
    while (e > start_ && IsSpace(text_[e - 1])) --e;
    if (e > start_) sentences_.push_back({start_, e});
    start_ = SkipSpace(std::max(end, start_));
  }

  // Handles the line break at text_[i]; returns where scanning resumes.
  std::size_t AtNewline(std::size_t i, std::size_t line_begin) {
    std::size_t j = i + 1;
    while (j < text_.size() &&
           (text_[j] == ' ' || text_[j] == '\t' || text_[j] == '\r')) {
      ++j;
    }
    bool blank_line = j < text_.size() && text_[j] == '\n';
    if (blank_line ||
        (start_ < i && LineBreakEndsSentence(text_, line_begin, i))) {
      Emit(i);
      return std::max(i + 1, start_);
    }
    return i + 1;
  }

  // Handles the terminal mark at text_[i]; returns where scanning resumes.
  std::size_t AtTerminal(std::size_t i) {
    bool single_period = text_[i] == '.';
    bool ellipsis = false;
    std::size_t j = i;
    while (j < text_.size()) {
      if (text_[j] == '.' || text_[j] == '!' || text_[j] == '?') {
        if (j > i) single_period = false;
        if (j > i + 1 && text_[j] == '.') ellipsis = true;
        ++j;
      } else if (IsEllipsis(j)) {
        single_period = false;
        ellipsis = true;
        j += 3;
      } else {
        break;
      }
    }
    while (j < text_.size()) {
      std::size_t n = ClosingMarkLength(text_, j);
      if (n == 0) n = CitationLength(text_, j);
      if (n == 0) break;
      j += n;
    }
    // A no-break space (U+00A0) after a period separates sentences too.
    if (j < text_.size() && !IsSpace(text_[j]) &&
        !text_.substr(j).starts_with("\xC2\xA0")) {
      return j;
    }
    bool ends = true;
    if (ellipsis) {
      std::string_view next = NextWord(text_, j);
      ends = next.empty() || IsUpper(next[0]);
    } else if (single_period) {
      ends = PeriodEndsSentence(text_, start_, i);
    }
    if (ends) Emit(j);
    return std::max(j, start_);
  }

  // Cuts an over-long sentence at its last space in the second half of the
  // bound, or at a code point boundary.
  void CutLong() {
    std::size_t limit = start_ + max_;
    std::size_t cut = limit;
    while (cut > start_ + max_ / 2 && !IsSpace(text_[cut - 1])) --cut;
    if (cut <= start_ + max_ / 2) {
      cut = limit;
      while (cut > start_ + 1 &&
             (static_cast<unsigned char>(text_[cut]) & 0xC0) == 0x80) {
        --cut;
      }
    }
    Emit(cut);
  }

  std::string_view text_;
  std::size_t max_;
  std::size_t start_ = 0;
  std::vector<SentenceSpan> sentences_;
};

}  // namespace

std::vector<SentenceSpan> SplitSentencesBaseline(
    std::string_view text, const SplitterOptions& options) {
  return Splitter(text, options).Run();
}

}  // namespace kg
