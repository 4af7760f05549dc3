#include "nlp/word_form.h"

namespace kg::nlp {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Shape(std::string_view s) {
  std::string out;
  char last = 0;
  for (char c : s) {
    char k = c;
    if (c >= 'A' && c <= 'Z') {
      k = 'X';
    } else if (c >= 'a' && c <= 'z') {
      k = 'x';
    } else if (c >= '0' && c <= '9') {
      k = 'd';
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      k = 'u';
    }
    if (k != last) out.push_back(k);
    last = k;
    if (out.size() >= 8) break;
  }
  return out;
}

std::string NormalizeForm(std::string_view s) {
  std::string out = LowerAscii(s);
  for (char& c : out) {
    if (c >= '0' && c <= '9') c = '0';
  }
  return out;
}

}  // namespace kg::nlp
