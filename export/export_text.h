// Making arbitrary names safe for the exchange formats: CSV fields (RFC
// 4180), XML text and attribute values, and IRI path segments.
//
// Thread-safety: pure functions.
#ifndef KG_EXPORT_EXPORT_TEXT_H_
#define KG_EXPORT_EXPORT_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

namespace kg {

// `text` as one RFC 4180 field: quoted (with quotes doubled) when it holds
// a comma, quote, CR or LF or starts or ends with a space; as is otherwise.
std::string CsvField(std::string_view text);

// `text` as XML 1.0 character data or attribute value: invalid UTF-8
// repaired, characters XML 1.0 forbids (controls other than tab, LF, CR)
// replaced by U+FFFD, & < > " ' escaped, and tab, LF and CR written as
// character references so attribute values keep them.
std::string XmlEscape(std::string_view text);

// `text` with what XML 1.0 cannot hold fixed, but not escaped (for writers
// that escape, like boost::write_graphml): invalid UTF-8 repaired and
// control characters other than tab, LF and CR replaced by U+FFFD.
std::string XmlSafe(std::string_view text);

// `text` as an IRI path segment: bytes other than ASCII letters, digits and
// "-._~" percent-encoded (%XX, upper-case hex), so any key gives a valid,
// reversible IRI.
std::string IriSegment(std::string_view text);

// Undoes IriSegment (and any %XX escapes); nullopt for a malformed escape.
std::optional<std::string> DecodeIriSegment(std::string_view segment);

}  // namespace kg

#endif  // KG_EXPORT_EXPORT_TEXT_H_
