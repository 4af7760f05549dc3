// Word normalisation shared by the tagger and the parser.
//
// Thread-safety: pure functions.
#ifndef KG_NLP_WORD_FORM_H_
#define KG_NLP_WORD_FORM_H_

#include <string>
#include <string_view>

namespace kg::nlp {

// ASCII lower case; other bytes unchanged.
std::string LowerAscii(std::string_view s);

// Word shape with runs collapsed: "Kim" -> "Xx", "2.5bn" -> "d.dx",
// "U.S." -> "X.X.".
std::string Shape(std::string_view s);

// Lower-cased form with every ASCII digit replaced by '0', so that numbers
// share features.
std::string NormalizeForm(std::string_view s);

}  // namespace kg::nlp

#endif  // KG_NLP_WORD_FORM_H_
