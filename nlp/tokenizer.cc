#include "nlp/tokenizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace kg {
namespace {

// Abbreviations that keep their period. Titles never end a sentence; the
// others end one only before a typical sentence opener.
constexpr std::array<std::string_view, 24> kTitles = {
    "mr.",  "mrs.", "ms.",  "dr.",   "prof.", "gen.",  "sen.",  "rep.",
    "gov.", "lt.",  "col.", "sgt.",  "capt.", "cmdr.", "adm.",  "maj.",
    "st.",  "rev.", "hon.", "pres.", "gens.", "sens.", "reps.", "messrs."};
constexpr std::array<std::string_view, 32> kAbbreviations = {
    "jr.",   "sr.",   "inc.", "ltd.", "co.",  "corp.", "bros.", "vs.",
    "etc.",  "jan.",  "feb.", "mar.", "apr.", "jun.",  "jul.",  "aug.",
    "sep.",  "sept.", "oct.", "nov.", "dec.", "mt.",   "ft.",   "approx.",
    "dept.", "est.",  "fig.", "cf.",  "al.",  "vol.",  "ave.",  "univ."};
// Words that typically open a sentence, used after an abbreviation such as
// "U.S." to decide whether its period also ends the sentence.
constexpr std::array<std::string_view, 40> kSentenceOpeners = {
    "the", "a",    "an",    "he",     "she",     "it",    "they",  "we",
    "i",   "you",  "this",  "that",   "these",   "those", "there", "in",
    "on",  "at",   "but",   "and",    "however", "his",   "her",   "their",
    "its", "our",  "after", "before", "when",    "while", "if",    "as",
    "for", "some", "many",  "what",   "who",     "why",   "how",   "meanwhile"};
// Prefixes that UD English keeps attached by their hyphen ("re-entry").
constexpr std::array<std::string_view, 18> kHyphenPrefixes = {
    "re",    "pre", "non",  "counter", "co",   "anti",  "mid",  "ex",    "de",
    "inter", "mis", "over", "post",    "semi", "trans", "vice", "multi", "pro"};
// Units glued to numbers in news: "$2.5bn", "£3m".
constexpr std::array<std::string_view, 6> kNumberUnits = {"bn", "m",  "tn",
                                                          "k",  "mn", "pc"};

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point at text[pos]; sets *len (>= 1). Returns kInvalid
// for a malformed sequence.
char32_t Decode(std::string_view text, std::size_t pos, std::size_t* len) {
  const auto byte = [&](std::size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char b0 = byte(pos);
  *len = 1;
  if (b0 < 0x80) return b0;
  std::size_t need = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    need = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    need = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    need = 3;
    cp = b0 & 0x07;
  } else {
    return kInvalid;
  }
  if (pos + need >= text.size()) return kInvalid;
  for (std::size_t i = 1; i <= need; ++i) {
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (b & 0x3F);
  }
  const char32_t min_by_length[] = {0, 0x80, 0x800, 0x10000};
  if (cp < min_by_length[need] || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return kInvalid;
  }
  *len = need + 1;
  return cp;
}

bool IsSpace(char32_t c) {
  return c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0xA0) || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF ||
         c == kInvalid;
}
bool IsOpening(char32_t c) {
  return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' ||
         c == '`' || c == 0x201C || c == 0x2018 || c == 0xAB || c == 0x201E ||
         c == 0x2019 || c == 0x201D || c == '<';
}
bool IsClosing(char32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' ||
         c == 0x201D || c == 0x2019 || c == 0xBB || c == '>';
}
bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019; }
bool IsTrailingPunct(char32_t c) {
  return c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '%';
}
bool IsCurrency(char32_t c) {
  return c == '$' || c == 0xA3 || c == 0x20AC || c == 0xA5 || c == 0x20B9 ||
         c == 0xA2;
}
bool IsDash(char32_t c) { return c == 0x2014 || c == 0x2013 || c == 0x2015; }
bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// A token before sentence splitting: its span, its words, and how many
// line breaks precede it.
struct RawToken {
  std::size_t start = 0;
  std::size_t end = 0;
  int newlines_before = 0;
  std::vector<TokenWord> words;
};

class ChunkSplitter {
 public:
  ChunkSplitter(std::string_view text, const TokenizerOptions& options,
                std::vector<RawToken>* out)
      : text_(text), options_(options), out_(out) {}

  // Splits the space-free run text_[start, end).
  void Split(std::size_t start, std::size_t end, int newlines_before) {
    newlines_ = newlines_before;
    if (LooksLikeUrl(text_.substr(start, end - start))) {
      SplitUrl(start, end);
      return;
    }
    // Dashes, ellipses and reference brackets break a run anywhere.
    std::size_t piece = start;
    std::size_t pos = start;
    while (pos < end) {
      std::size_t len = 0;
      const char32_t c = Decode(text_, pos, &len);
      std::size_t brk = 0;
      if (IsDash(c) || c == 0x2026) {
        brk = len;
      } else if (text_.substr(pos, 2) == "--" ||
                 text_.substr(pos, 3) == "...") {
        brk = text_.substr(pos, 3) == "..." ? 3 : 2;
        while (pos + brk < end && text_[pos + brk] == text_[pos]) ++brk;
      } else if (c == '[' && pos + 1 < end && IsDigit(text_[pos + 1]) &&
                 pos > piece) {
        SplitPiece(piece, pos);
        piece = pos;
      }
      if (brk == 0) {
        pos += len;
        continue;
      }
      SplitPiece(piece, pos);
      Emit(pos, pos + brk);
      pos += brk;
      piece = pos;
    }
    SplitPiece(piece, end);
  }

 private:
  static bool LooksLikeUrl(std::string_view s) {
    if (s.find("://") != std::string_view::npos) return true;
    if (Lower(s.substr(0, 4)) == "www.") return true;
    const std::size_t at = s.find('@');
    return at != std::string_view::npos && at > 0 &&
           s.find('.', at) != std::string_view::npos &&
           IsAsciiLetter(s[at - 1]);
  }

  void SplitUrl(std::size_t start, std::size_t end) {
    std::size_t core_end = end;
    while (core_end > start) {
      const char c = text_[core_end - 1];
      if (c != '.' && c != ',' && c != ')' && c != ';' && c != ':' &&
          c != '"' && c != '\'' && c != '!' && c != '?') {
        break;
      }
      --core_end;
    }
    std::size_t core_start = start;
    while (core_start < core_end &&
           (text_[core_start] == '(' || text_[core_start] == '"' ||
            text_[core_start] == '<')) {
      Emit(core_start, core_start + 1);
      ++core_start;
    }
    if (core_start < core_end) Emit(core_start, core_end);
    for (std::size_t p = core_end; p < end; ++p) Emit(p, p + 1);
  }

  // Length of the code point ending at `end`.
  std::size_t LastLen(std::size_t start, std::size_t end) const {
    std::size_t p = end - 1;
    while (p > start && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80) {
      --p;
    }
    return end - p;
  }

  bool IsAbbreviation(std::string_view with_period) const {
    const std::string lower = Lower(with_period);
    if (Contains(kTitles, lower) || Contains(kAbbreviations, lower) ||
        options_.extra_abbreviations.count(lower) > 0) {
      return true;
    }
    // Initials and dotted acronyms: "J.", "U.S.", "e.g.".
    if (with_period.size() < 2) return false;
    for (std::size_t i = 0; i < with_period.size(); i += 2) {
      if (!IsAsciiLetter(with_period[i]) || i + 1 >= with_period.size() ||
          with_period[i + 1] != '.') {
        return false;
      }
    }
    return true;
  }

  void SplitPiece(std::size_t start, std::size_t end) {
    // Leading punctuation, except an apostrophe that begins a clitic or a
    // year ("'s", "'90s").
    while (start < end) {
      std::size_t len = 0;
      const char32_t c = Decode(text_, start, &len);
      if (IsApostrophe(c) && start + len < end &&
          (IsAsciiLetter(text_[start + len]) || IsDigit(text_[start + len])) &&
          IsClitic(text_.substr(start, end - start))) {
        break;
      }
      if (!IsOpening(c) && !IsCurrency(c)) break;
      Emit(start, start + len);
      start += len;
    }
    std::vector<std::pair<std::size_t, std::size_t>> tail;
    while (end > start) {
      const std::size_t len = LastLen(start, end);
      std::size_t dummy = 0;
      const char32_t c = Decode(text_, end - len, &dummy);
      if (IsApostrophe(c) && end - len > start + 1 &&
          (text_[end - len - 1] == 's' || text_[end - len - 1] == 'S')) {
        break;  // Plural possessive: "states'"; a clitic below.
      }
      if (c == '.') {
        if (IsAbbreviation(text_.substr(start, end - start))) break;
      } else if (!IsClosing(c) && !IsTrailingPunct(c)) {
        break;
      }
      tail.emplace_back(end - len, end);
      end -= len;
    }
    if (start < end) EmitCore(start, end);
    for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
      Emit(it->first, it->second);
    }
  }

  static bool IsClitic(std::string_view s) {
    const std::string lower = Lower(s);
    for (std::string_view clitic : {"s", "m", "re", "ve", "ll", "d"}) {
      if (lower == "'" + std::string(clitic) ||
          lower == "\xE2\x80\x99" + std::string(clitic)) {
        return true;
      }
    }
    return false;
  }

  // Byte length of a clitic suffix of `s`, or 0.
  static std::size_t CliticSuffix(std::string_view s) {
    const std::string lower = Lower(s);
    auto ends_with = [&](std::string_view suffix) {
      return lower.size() > suffix.size() &&
             lower.compare(lower.size() - suffix.size(), suffix.size(),
                           suffix) == 0;
    };
    for (std::string_view apostrophe : {"'", "\xE2\x80\x99"}) {
      if (ends_with(std::string("n") + std::string(apostrophe) + "t")) {
        return 2 + apostrophe.size();
      }
      for (std::string_view clitic : {"s", "m", "re", "ve", "ll", "d"}) {
        std::string suffix = std::string(apostrophe) + std::string(clitic);
        if (ends_with(suffix)) return suffix.size();
      }
      if (ends_with(std::string("s") + std::string(apostrophe))) {
        return apostrophe.size();
      }
    }
    if (lower == "cannot") return 3;
    return 0;
  }

  // Where to split `core` at a hyphen between letters, UD style
  // ("search-engine" -> search - engine), or npos. Kept whole: one-letter
  // and common prefixes ("e-mail", "re-entry") and romanised given names
  // ("Jong-un": a capitalised part, then a short lower-case one).
  static std::size_t HyphenSplit(std::string_view core) {
    for (std::size_t p = 1; p + 1 < core.size(); ++p) {
      if (core[p] != '-' || !IsAsciiLetter(core[p - 1]) ||
          !IsAsciiLetter(core[p + 1])) {
        continue;
      }
      const std::size_t left_start =
          core.rfind('-', p - 1) == std::string_view::npos
              ? 0
              : core.rfind('-', p - 1) + 1;
      const std::string_view left = core.substr(left_start, p - left_start);
      std::size_t right_end = core.find('-', p + 1);
      if (right_end == std::string_view::npos) right_end = core.size();
      const std::string_view right = core.substr(p + 1, right_end - p - 1);
      const bool name = !IsLower(left[0]) &&
                        std::all_of(left.begin() + 1, left.end(), IsLower) &&
                        right.size() <= 3 &&
                        std::all_of(right.begin(), right.end(), IsLower);
      if (left.size() == 1 || name || Contains(kHyphenPrefixes, Lower(left))) {
        continue;
      }
      return p;
    }
    return std::string_view::npos;
  }

  void EmitCore(std::size_t start, std::size_t end) {
    std::string_view core = text_.substr(start, end - start);
    if (const std::size_t hyphen = HyphenSplit(core);
        hyphen != std::string_view::npos) {
      EmitCore(start, start + hyphen);
      Emit(start + hyphen, start + hyphen + 1);
      EmitCore(start + hyphen + 1, end);
      return;
    }
    // "2.5bn" -> "2.5" "bn".
    std::size_t digits = 0;
    while (digits < core.size() &&
           (IsDigit(core[digits]) ||
            (digits > 0 && (core[digits] == '.' || core[digits] == ',')))) {
      ++digits;
    }
    if (digits > 0 && digits < core.size() &&
        Contains(kNumberUnits, Lower(core.substr(digits)))) {
      Emit(start, start + digits);
      Emit(start + digits, end);
      return;
    }
    const std::size_t clitic = CliticSuffix(core);
    if (clitic == 0 || clitic >= core.size()) {
      Emit(start, end);
      return;
    }
    RawToken token = MakeToken(start, end);
    token.words.push_back(Word(start, end - clitic, start, end));
    token.words.push_back(Word(end - clitic, end, start, end));
    out_->push_back(std::move(token));
  }

  TokenWord Word(std::size_t start, std::size_t end, std::size_t token_start,
                 std::size_t token_end) const {
    return TokenWord{std::string(text_.substr(start, end - start)), start, end,
                     token_start, token_end};
  }

  RawToken MakeToken(std::size_t start, std::size_t end) {
    RawToken token;
    token.start = start;
    token.end = end;
    token.newlines_before = newlines_;
    newlines_ = 0;
    return token;
  }

  void Emit(std::size_t start, std::size_t end) {
    if (start >= end) return;
    RawToken token = MakeToken(start, end);
    token.words.push_back(Word(start, end, start, end));
    out_->push_back(std::move(token));
  }

  std::string_view text_;
  const TokenizerOptions& options_;
  std::vector<RawToken>* out_;
  int newlines_ = 0;
};

bool IsTerminal(std::string_view form) {
  if (form.empty()) return false;
  if (form == "\xE2\x80\xA6") return true;
  for (char c : form) {
    if (c != '.' && c != '!' && c != '?') return false;
  }
  return true;
}

bool IsClosingForm(std::string_view form) {
  std::size_t len = 0;
  return !form.empty() && IsClosing(Decode(form, 0, &len)) &&
         len == form.size();
}

bool StartsLower(std::string_view form) {
  return !form.empty() && IsLower(form[0]);
}

// Whether a sentence ends between tokens[i] and tokens[i + 1].
bool EndsSentence(const std::vector<RawToken>& tokens, std::size_t i) {
  const RawToken& next = tokens[i + 1];
  const std::string& next_form = next.words.front().form;
  if (next.newlines_before >= 2) return true;
  const std::string& form = tokens[i].words.back().form;
  if (next.newlines_before == 1 && !StartsLower(next_form)) {
    const char last = form.back();
    if (last != ',' && last != ';' && last != ':' && last != '-' &&
        last != '(' && last != '&' && last != '/') {
      return true;
    }
  }
  if (StartsLower(next_form)) return false;
  if (IsTerminal(next_form) || IsClosingForm(next_form)) return false;
  if (next_form == "," || next_form == ";" || next_form == ":") return false;
  // Walk back over closing quotes and brackets to the terminal mark.
  std::size_t j = i;
  while (j > 0 && IsClosingForm(tokens[j].words.back().form) &&
         tokens[j].start == tokens[j - 1].end) {
    --j;
  }
  const std::string& end_form = tokens[j].words.back().form;
  if (IsTerminal(end_form)) return true;
  if (j != i || end_form.size() < 2 || end_form.back() != '.') return false;
  // An abbreviation keeps its period; it ends a sentence only when a
  // typical opener follows.
  const std::string lower = Lower(end_form);
  if (Contains(kTitles, lower)) return false;
  return Contains(kSentenceOpeners, Lower(next_form));
}

}  // namespace

Tokenizer::Tokenizer(TokenizerOptions options) : options_(std::move(options)) {
  if (options_.max_sentence_words == 0) options_.max_sentence_words = 1;
}

std::vector<TokenizedSentence> Tokenizer::Tokenize(
    std::string_view text) const {
  std::vector<RawToken> tokens;
  ChunkSplitter splitter(text, options_, &tokens);
  std::size_t pos = 0;
  int newlines = 0;
  while (pos < text.size()) {
    std::size_t len = 0;
    const char32_t c = Decode(text, pos, &len);
    if (IsSpace(c)) {
      if (c == '\n') ++newlines;
      pos += len;
      continue;
    }
    std::size_t end = pos + len;
    while (end < text.size()) {
      std::size_t next_len = 0;
      if (IsSpace(Decode(text, end, &next_len))) break;
      end += next_len;
    }
    splitter.Split(pos, end, newlines);
    newlines = 0;
    pos = end;
  }

  std::vector<bool> boundary(tokens.size(), true);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    boundary[i] = EndsSentence(tokens, i);
  }
  std::vector<TokenizedSentence> sentences;
  TokenizedSentence current;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    for (TokenWord& word : tokens[i].words) {
      current.words.push_back(std::move(word));
    }
    const bool full = current.words.size() >= options_.max_sentence_words;
    if (full || boundary[i]) {
      current.start = current.words.front().token_start;
      current.end = current.words.back().token_end;
      sentences.push_back(std::move(current));
      current = TokenizedSentence();
    }
  }
  return sentences;
}

}  // namespace kg
