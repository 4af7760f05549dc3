// UTF-8 checks and repair. News text arrives from many tools; kg accepts any
// bytes and repairs what is not UTF-8 so that JSON output and the database
// only ever hold valid UTF-8.
//
// Thread-safety: pure functions.
#ifndef KG_COMMON_UTF8_H_
#define KG_COMMON_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kg {

// Byte offset of the first invalid UTF-8 sequence, or npos if valid.
std::size_t FindInvalidUtf8(std::string_view text);

// Replaces every invalid byte with U+FFFD. Returns the number replaced.
std::size_t RepairUtf8(std::string* text);

// True if `text` looks like binary data rather than text: it holds a NUL
// byte, or more than 10% of its first 4 KiB are control characters other
// than tab, newline, carriage return and form feed.
bool LooksBinary(std::string_view text);

// Number of code points in `text`, which must be valid UTF-8.
std::size_t CountCodePoints(std::string_view text);

}  // namespace kg

#endif  // KG_COMMON_UTF8_H_
