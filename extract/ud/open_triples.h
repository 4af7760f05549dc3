// Open triples (relation, arg1, arg2, ...) read off a dependency tree, for
// `kg extract --format carb` and the CaRB benchmark: one per clause with a
// subject and at least one more argument, plus "is" triples for
// appositions. Arguments are the words of a subtree joined by spaces;
// relative clauses and appositions are cut from arguments and yield
// triples of their own.
//
// Thread-safety: pure functions.
#ifndef KG_EXTRACT_UD_OPEN_TRIPLES_H_
#define KG_EXTRACT_UD_OPEN_TRIPLES_H_

#include <string>
#include <string_view>
#include <vector>

#include "nlp/pipeline.h"

namespace kg {

struct OpenTriple {
  double confidence = 0.0;             // 0..1; varies with how the triple
                                       // was read (inherited subject, ...).
  std::string relation;                // "was attacked by".
  std::vector<std::string> arguments;  // arg1, arg2, further arguments.
};

// The open triples of one parsed sentence, in clause order.
std::vector<OpenTriple> OpenTriples(const ParsedSentence& sentence);

// One CaRB "tabbed" line: sentence, confidence, relation, arguments, tab
// separated (tabs and line breaks inside fields become spaces).
std::string FormatCarbLine(std::string_view sentence, const OpenTriple& triple);

}  // namespace kg

#endif  // KG_EXTRACT_UD_OPEN_TRIPLES_H_
