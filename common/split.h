// Splitting a line of a tab-separated file (or any text) into fields.
//
// Thread-safety: a pure function.
#ifndef KG_COMMON_SPLIT_H_
#define KG_COMMON_SPLIT_H_

#include <string_view>
#include <vector>

namespace kg {

// The parts of `text` between `separator`s, empty parts included: "a\t\tb"
// gives {"a", "", "b"} and "" gives {""}. The views point into `text`.
std::vector<std::string_view> Split(std::string_view text, char separator);

}  // namespace kg

#endif  // KG_COMMON_SPLIT_H_
