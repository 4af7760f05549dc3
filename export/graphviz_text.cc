#include "export/graphviz_text.h"

#include "common/utf8.h"

namespace kg {
namespace {

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

// Repairs, blanks control characters and doubles backslashes; stops after
// `max_code_points` code points, appending an ellipsis when text remains.
std::string Prepare(std::string_view text, std::size_t max_code_points) {
  std::string valid(text);
  RepairUtf8(&valid);
  std::string out;
  out.reserve(valid.size() + 8);
  std::size_t code_points = 0;
  for (char ch : valid) {
    const auto c = static_cast<unsigned char>(ch);
    if (!IsContinuationByte(c) && ++code_points > max_code_points) {
      out += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
      break;
    }
    if (IsControl(c)) {
      out += ' ';
    } else if (ch == '\\') {
      out += "\\\\";
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

std::string GraphvizLabel(std::string_view text, std::size_t max_code_points) {
  return Prepare(text, max_code_points);
}

std::string GraphvizId(std::string_view key) {
  return Prepare(key, std::string_view::npos);
}

}  // namespace kg
