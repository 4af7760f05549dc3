// Making arbitrary names safe for Graphviz. cgraph quotes what it writes but
// does not escape backslashes, and Graphviz reads "\n", "\N" and friends in
// labels as escapes, so names are prepared before they reach it.
//
// Thread-safety: pure functions.
#ifndef KG_EXPORT_GRAPHVIZ_TEXT_H_
#define KG_EXPORT_GRAPHVIZ_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kg {

// `text` as a label or tooltip value (an escString) that displays literally:
// invalid UTF-8 repaired, control characters turned into spaces, cut to
// `max_code_points` (ending in "…" when cut), backslashes doubled.
std::string GraphvizLabel(std::string_view text, std::size_t max_code_points);

// `key` as a node id that reads back from DOT unchanged: invalid UTF-8
// repaired, control characters turned into spaces, backslashes doubled (the
// DOT lexer keeps "\\" as two characters but takes '\' before '"' or at the
// end of a string as an escape).
std::string GraphvizId(std::string_view key);

}  // namespace kg

#endif  // KG_EXPORT_GRAPHVIZ_TEXT_H_
