// The serialised forms of a Relation: one JSON object per line (JSONL), and a
// tab-separated line. docs/formats.md documents both field by field.
//
// Thread-safety: pure functions.
#ifndef KG_CORE_RELATION_JSON_H_
#define KG_CORE_RELATION_JSON_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "core/relation.h"

namespace kg {

// The JSON contract, keys in the documented order: doc, date, sentence,
// text, subject, relation, object, polarity, negated, modality,
// attributed_to, confidence, weight, span. Empty date, empty affiliation and
// absent attributed_to are written as null.
nlohmann::ordered_json RelationToJson(const Relation& relation);

// RelationToJson dumped on one line (no trailing newline).
std::string RelationToJsonLine(const Relation& relation);

// Parses the JSON contract back. Requires the keys doc, subject, relation,
// object and polarity; the others default as in Relation. InputError names
// the first missing or mistyped key. Never throws.
Result<Relation> RelationFromJson(const nlohmann::json& json);
Result<Relation> RelationFromJson(const nlohmann::ordered_json& json);

// Parses one JSONL line; InputError if it is not JSON or not a relation.
Result<Relation> RelationFromJsonLine(std::string_view line);

// The TSV header line (no trailing newline): doc, date, sentence, subject,
// relation, object, polarity, negated, modality, attributed_to, confidence,
// span_start, span_end, text.
std::string RelationTsvHeader();

// One TSV line (no trailing newline) in the header's column order, with
// entity ids for subject, object and attributed_to. Backslash, tab, newline
// and carriage return inside fields are written as \\, \t, \n and \r.
std::string RelationToTsv(const Relation& relation);

}  // namespace kg

#endif  // KG_CORE_RELATION_JSON_H_
