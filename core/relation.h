// The relation contract: what extraction produces, the store keeps and every
// exporter writes. docs/formats.md describes its JSON form field by field;
// every later stage keeps it.
#ifndef KG_CORE_RELATION_H_
#define KG_CORE_RELATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kg {

enum class EntityType : std::uint8_t {
  kPerson = 0,
  kState,
  kOrg,
  kGroup,  // Alliances and coalitions: NATO, the Coalition of the Willing.
  kPlace,
  kTopic,  // Non-actor objects of a stance: sanctions, a ceasefire.
  kOther,
};

// "PERSON", "STATE", ... as in the JSON contract.
std::string_view EntityTypeName(EntityType type);
// Parses a name produced by EntityTypeName; nullopt if unknown.
std::optional<EntityType> ParseEntityType(std::string_view name);

// A mention of an entity, linked to its canonical actor.
struct EntityRef {
  std::string text;  // Surface form in the sentence.
  std::string id;    // Canonical id, e.g. "FRA", "NATO", "emmanuel_macron".
  std::string name;  // Canonical name, e.g. "France".
  EntityType type = EntityType::kOther;
  std::string affiliation;  // Canonical id of the state or org a person acts
                            // for at the document's date; empty if none.

  friend bool operator==(const EntityRef&, const EntityRef&) = default;
};

enum class Modality : std::uint8_t {
  kAsserted = 0,
  kReported,      // Attributed to a speaker: "X said ...".
  kIntended,      // Plans, readiness, purpose: "ready to", "plans to".
  kConditional,   // "if ...", "would ... if".
  kHypothetical,  // "could", "may", "might".
};

std::string_view ModalityName(Modality modality);
std::optional<Modality> ParseModality(std::string_view name);

// Character offsets into the document text, counted in Unicode code points
// (as Python's str indexes), half-open: [start, end).
struct Span {
  std::uint32_t start = 0;
  std::uint32_t end = 0;

  friend bool operator==(const Span&, const Span&) = default;
};

struct Relation {
  std::string doc;             // Document id.
  std::string date;            // "YYYY-MM-DD", or empty when unknown.
  std::uint32_t sentence = 0;  // Index of the sentence in the document.
  std::string text;            // The sentence.
  EntityRef subject;
  std::string relation;  // Normalised lemma form: "criticize".
  EntityRef object;
  int polarity = 0;      // +1 support, -1 oppose, 0 neutral.
  bool negated = false;  // The predicate was negated in the text.
  Modality modality = Modality::kAsserted;
  std::optional<EntityRef> attributed_to;  // The speaker, for reported facts.
  double confidence = 0.0;                 // 0..1, the extractor's belief.
  double weight = 1.0;                     // Strength on the 0..10 scale of the
                        // lexicon's category (Goldstein magnitude).
  Span span;  // The relation's extent in the document.

  friend bool operator==(const Relation&, const Relation&) = default;
};

}  // namespace kg

#endif  // KG_CORE_RELATION_H_
