#include "core/date_parse.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace kg {
namespace {

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30,
                                             31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// 1..12 for an English month name or abbreviation, else 0.
int MonthNumber(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kNames{
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3 || word.size() > 9) return 0;
  std::string lower;
  for (char c : word) lower.push_back(static_cast<char>(std::tolower(c)));
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (lower == kNames[i]) return static_cast<int>(i) + 1;
    if (lower.size() == 3 && kNames[i].substr(0, 3) == lower) {
      return static_cast<int>(i) + 1;
    }
  }
  if (lower == "sept") return 9;
  return 0;
}

std::optional<std::string> MakeDate(int year, int month, int day) {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  char buf[40];  // Room for any int, to keep -Wformat-truncation quiet.
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return std::string(buf);
}

// A run of letters or of digits; other bytes separate words.
struct Word {
  std::string_view text;
  bool digits;
};

std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size()) {
    bool digit = IsDigit(text[i]);
    if (!digit && !IsAlpha(text[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && (digit ? IsDigit(text[i]) : IsAlpha(text[i])))
      ++i;
    words.push_back({text.substr(start, i - start), digit});
  }
  return words;
}

bool IsDay(const Word& w) { return w.digits && w.text.size() <= 2; }
bool IsYear(const Word& w) { return w.digits && w.text.size() == 4; }

std::optional<std::string> IsoAt(std::string_view text, std::size_t i) {
  if (i + 10 > text.size()) return std::nullopt;
  std::string_view candidate = text.substr(i, 10);
  if (!IsIsoDate(candidate)) return std::nullopt;
  // Part of a longer number is not a date.
  if (i + 10 < text.size() && IsDigit(text[i + 10])) return std::nullopt;
  if (i > 0 && IsDigit(text[i - 1])) return std::nullopt;
  return std::string(candidate);
}

}  // namespace

bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) return false;
  }
  return MakeDate(ToInt(text.substr(0, 4)), ToInt(text.substr(5, 2)),
                  ToInt(text.substr(8, 2)))
      .has_value();
}

std::optional<std::string> FindDateline(std::string_view text,
                                        std::size_t window) {
  std::string_view head = text.substr(0, window);
  std::vector<Word> words = SplitWords(head);
  // The earliest match wins, whichever its form, so scan by word position
  // and check the ISO form at the same offset.
  for (std::size_t k = 0; k < words.size(); ++k) {
    std::size_t offset =
        static_cast<std::size_t>(words[k].text.data() - head.data());
    if (auto iso = IsoAt(head, offset)) return iso;
    if (int month = MonthNumber(words[k].text);
        month != 0 && k + 2 < words.size() && IsDay(words[k + 1]) &&
        IsYear(words[k + 2])) {
      if (auto date = MakeDate(ToInt(words[k + 2].text), month,
                               ToInt(words[k + 1].text))) {
        return date;
      }
    }
    if (k + 2 < words.size() && IsDay(words[k]) && IsYear(words[k + 2])) {
      if (int month = MonthNumber(words[k + 1].text); month != 0) {
        if (auto date = MakeDate(ToInt(words[k + 2].text), month,
                                 ToInt(words[k].text))) {
          return date;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace kg
