// Within-document coreference for the "ud" extractor: a memory of the
// actors mentioned so far, in text order, that later surnames, pronouns,
// titles and definite descriptions ("the alliance") resolve against.
//
// Thread-safety: one Coreference per document; not shared.
#ifndef KG_EXTRACT_UD_COREF_H_
#define KG_EXTRACT_UD_COREF_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/relation.h"

namespace kg {

class Coreference {
 public:
  // Records a mention. `role` is the canonical office it was named by
  // ("president" for "the French president"), or empty.
  void Remember(const EntityRef& entity, std::string_view role = {});

  // A person mentioned earlier by a longer name whose last word is `word`
  // ("Doe" after "Jane Doe"); nullopt if none.
  std::optional<EntityRef> Surname(std::string_view word) const;

  // Compatible antecedents of a personal or possessive pronoun, lower case
  // ("he", "her", "it", "they", "their"), most recent first; empty for
  // other words or when nothing compatible was mentioned. The caller skips
  // candidates its clause rules out ("NATO will defend it").
  std::vector<EntityRef> Pronoun(std::string_view pronoun) const;
  // True for the lower-case plural pronouns ("they", "them", "their",
  // "themselves").
  static bool IsPluralPronoun(std::string_view pronoun);
  // True for the group, organisation and state nouns of Description()
  // ("alliance", "organisation", "country", ...), roles aside.
  static bool IsActorNoun(std::string_view lemma);

  // The actor a definite description names: "alliance", "coalition",
  // "bloc" -> the last group; "country" -> the last state; a role
  // ("president", "prime minister") -> the last person named by it.
  std::optional<EntityRef> Description(std::string_view noun) const;

 private:
  std::optional<EntityRef> person_;
  std::optional<EntityRef> group_;  // Alliance or coalition.
  std::optional<EntityRef> org_;    // Organisation.
  std::optional<EntityRef> state_;
  std::vector<EntityRef> actors_;  // Non-person actors, oldest first.
  std::unordered_map<std::string, EntityRef> surnames_;
  std::unordered_map<std::string, EntityRef> roles_;
};

}  // namespace kg

#endif  // KG_EXTRACT_UD_COREF_H_
