#include "common/utf8.h"

#include <algorithm>

namespace kg {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if invalid.
// Rejects overlong forms, surrogates and code points above U+10FFFF.
std::size_t ValidSequenceLength(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  unsigned char b1 = byte(i + 1);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    unsigned char b = byte(i + k);
    if (b < 0x80 || b > 0xBF) return 0;
  }
  return len;
}

}  // namespace

std::size_t FindInvalidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = ValidSequenceLength(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::size_t RepairUtf8(std::string* text) {
  std::size_t first = FindInvalidUtf8(*text);
  if (first == std::string_view::npos) return 0;
  std::string out = text->substr(0, first);
  std::size_t replaced = 0;
  for (std::size_t i = first; i < text->size();) {
    std::size_t len = ValidSequenceLength(*text, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++replaced;
      ++i;
    } else {
      out.append(*text, i, len);
      i += len;
    }
  }
  *text = std::move(out);
  return replaced;
}

bool LooksBinary(std::string_view text) {
  std::string_view head = text.substr(0, 4096);
  if (head.find('\0') != std::string_view::npos) return true;
  std::size_t control = std::count_if(head.begin(), head.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f';
  });
  return control * 10 > head.size();
}

std::size_t CountCodePoints(std::string_view text) {
  return std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

}  // namespace kg
