// A document as kg reads it: one .txt file, or one line of a .jsonl file.
#ifndef KG_CORE_DOCUMENT_H_
#define KG_CORE_DOCUMENT_H_

#include <cstddef>
#include <string>

namespace kg {

struct Document {
  std::string id;        // Stable id: the JSONL "id", or the file name stem.
  std::string date;      // "YYYY-MM-DD", or empty when unknown.
  std::string title;     // May be empty.
  std::string text;      // Valid UTF-8 (invalid bytes repaired to U+FFFD).
  std::string source;    // Path of the file it came from.
  std::size_t line = 0;  // 1-based line in `source` for JSONL; 0 for .txt.
};

}  // namespace kg

#endif  // KG_CORE_DOCUMENT_H_
