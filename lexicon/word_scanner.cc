#include "lexicon/word_scanner.h"

#include <cstdint>

namespace kg {
namespace {

struct CodePoint {
  char32_t value;
  std::size_t length;
};

// Decodes one code point; an invalid byte decodes as itself, length 1.
CodePoint Decode(std::string_view text, std::size_t i) {
  unsigned char b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
  if (length == 1 || i + length > text.size()) return {b0, 1};
  char32_t value = b0 & (0x3F >> (length - 1));
  for (std::size_t k = 1; k < length; ++k) {
    unsigned char b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return {b0, 1};
    value = (value << 6) | (b & 0x3F);
  }
  return {value, length};
}

bool IsSpaceCp(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v' || c == 0xA0 || (c >= 0x2000 && c <= 0x200B) ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

bool IsDigitCp(char32_t c) { return c >= '0' && c <= '9'; }

// Letters and digits: ASCII alphanumerics and every non-ASCII code point
// outside the punctuation and symbol blocks news text uses.
bool IsWordCp(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(c);
  if (c >= 0xA0 && c <= 0xBF) return false;      // NBSP, Latin-1 punctuation.
  if (c == 0xD7 || c == 0xF7) return false;      // × and ÷.
  if (c >= 0x2010 && c <= 0x206F) return false;  // General punctuation.
  if (c >= 0x20A0 && c <= 0x20CF) return false;  // Currency signs.
  if (c >= 0x2190 && c <= 0x2BFF) return false;  // Arrows, symbols.
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation.
  if (c == 0xFFFD) return false;
  return true;
}

bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

// How an inner mark joins two word characters.
bool JoinsWord(char32_t mark, char32_t before, char32_t after) {
  if (mark == '-' || IsApostrophe(mark)) {
    return IsWordCp(before) && IsWordCp(after);
  }
  if (mark == '.') {
    // 3.5 and U.S; the word-final period of "U.S." is handled separately.
    return (IsDigitCp(before) && IsDigitCp(after)) ||
           (!IsDigitCp(before) && IsWordCp(before) && IsWordCp(after) &&
            !IsDigitCp(after));
  }
  if (mark == ',') return IsDigitCp(before) && IsDigitCp(after);  // 1,000
  return false;
}

// Byte length of a trailing "'s" or "n't" clitic (either apostrophe, any
// case), or 0. Runs on every scanned word, so it compares in place.
std::size_t CliticLength(std::string_view word) {
  auto lower = [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  };
  constexpr std::string_view kCurly = "\xE2\x80\x99";
  // The apostrophe ending at byte `end`, as its byte length, or 0.
  auto apostrophe_before = [&](std::size_t end) -> std::size_t {
    if (end >= 1 && word[end - 1] == '\'') return 1;
    if (end >= kCurly.size() &&
        word.substr(end - kCurly.size(), kCurly.size()) == kCurly) {
      return kCurly.size();
    }
    return 0;
  };
  const std::size_t n = word.size();
  if (n < 2) return 0;
  char last = lower(word[n - 1]);
  if (last == 's') {
    std::size_t mark = apostrophe_before(n - 1);
    if (mark > 0 && n > mark + 1) return mark + 1;
    return 0;
  }
  if (last != 't') return 0;
  std::size_t mark = apostrophe_before(n - 1);
  if (mark == 0 || n < mark + 2 || lower(word[n - 2 - mark]) != 'n') return 0;
  return n > mark + 2 ? mark + 2 : 0;
}

void PushWord(std::string_view text, std::size_t begin, std::size_t end,
              std::vector<Word>* out) {
  std::size_t clitic = CliticLength(text.substr(begin, end - begin));
  if (clitic > 0) {
    out->push_back({begin, end - clitic, false});
    out->push_back({end - clitic, end, false});
    return;
  }
  out->push_back({begin, end, false});
}

}  // namespace

std::vector<Word> ScanWords(std::string_view text) {
  std::vector<Word> words;
  // News words average five or six bytes with their space: one allocation
  // for most texts instead of a doubling series.
  words.reserve(text.size() / 4 + 1);
  std::size_t i = 0;
  while (i < text.size()) {
    CodePoint cp = Decode(text, i);
    if (IsSpaceCp(cp.value)) {
      i += cp.length;
      continue;
    }
    if (!IsWordCp(cp.value)) {
      words.push_back({i, i + cp.length, true});
      i += cp.length;
      continue;
    }
    std::size_t begin = i;
    char32_t previous = cp.value;
    bool inner_period = false;
    i += cp.length;
    while (i < text.size()) {
      CodePoint next = Decode(text, i);
      if (IsWordCp(next.value)) {
        previous = next.value;
        i += next.length;
        continue;
      }
      if (i + next.length >= text.size()) break;
      CodePoint after = Decode(text, i + next.length);
      if (!JoinsWord(next.value, previous, after.value)) break;
      if (next.value == '.' && !IsDigitCp(previous)) inner_period = true;
      previous = after.value;
      i += next.length + after.length;
    }
    // "U.S." keeps its final period: an acronym of single letters.
    if (inner_period && i < text.size() && text[i] == '.' &&
        text[i - 2] == '.') {
      ++i;
    }
    PushWord(text, begin, i, &words);
  }
  return words;
}

std::string FoldWord(std::string_view text) {
  std::string out;
  AppendFolded(text, &out);
  return out;
}

void AppendFolded(std::string_view text, std::string* out) {
  std::size_t at = out->size();
  out->append(text);
  // Lower-case in place, then close the gaps the curly apostrophes leave.
  char* data = out->data();
  std::size_t write = at;
  for (std::size_t read = at; read < out->size(); ++read) {
    char c = data[read];
    if (c == '\xE2' && read + 2 < out->size() && data[read + 1] == '\x80' &&
        data[read + 2] == '\x99') {
      data[write++] = '\'';
      read += 2;
      continue;
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    data[write++] = c;
  }
  out->resize(write);
}

bool StartsUpper(std::string_view word) {
  if (word.empty()) return false;
  CodePoint cp = Decode(word, 0);
  char32_t c = cp.value;
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return true;
  // Latin Extended-A alternates capital (even) and small (odd) letters.
  if (c >= 0x100 && c <= 0x137) return c % 2 == 0;
  if (c >= 0x139 && c <= 0x148) return c % 2 == 1;
  if (c >= 0x14A && c <= 0x177) return c % 2 == 0;
  if (c >= 0x400 && c <= 0x42F) return true;  // Cyrillic capitals.
  return false;
}

}  // namespace kg
