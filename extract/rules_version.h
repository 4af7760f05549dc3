// The version of the rules that decide what the extractors output: a hash of
// the sources of every stage extraction runs (core, nlp, lexicon, extract),
// made at build time by extract/rules_version.cmake. It is part of each
// extractor's version(), stored with every document, so that any change to
// the code makes `kg ingest --replace` re-extract what an older build made
// (the data files' contents are hashed at run time, see extractor_data.h).
//
// Thread-safety: a constant.
#ifndef KG_EXTRACT_RULES_VERSION_H_
#define KG_EXTRACT_RULES_VERSION_H_

#include <string_view>

namespace kg {

// 12 lower-case hex digits.
std::string_view RulesVersion();

}  // namespace kg

#endif  // KG_EXTRACT_RULES_VERSION_H_
