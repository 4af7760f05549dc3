// Word normalisation shared by the tagger and the parser.
//
// Thread-safety: pure functions.
#ifndef KG_EXTRACT_UD_WORD_H_
#define KG_EXTRACT_UD_WORD_H_

#include <string>
#include <string_view>

namespace kg::ud {

// ASCII lower case; other bytes unchanged.
std::string LowerAscii(std::string_view s);

// Word shape with runs collapsed: "Kim" -> "Xx", "2.5bn" -> "d.dx",
// "U.S." -> "X.X.".
std::string Shape(std::string_view s);

// Lower-cased form with every ASCII digit replaced by '0', so that numbers
// share features.
std::string NormalizeForm(std::string_view s);

}  // namespace kg::ud

#endif  // KG_EXTRACT_UD_WORD_H_
