#include "extract/ud/coref.h"

#include <algorithm>
#include <array>

#include "lexicon/word_set.h"

namespace kg {
namespace {

constexpr std::array<std::string_view, 7> kPersonPronouns = {
    "he", "she", "him", "her", "his", "hers", "himself"};
constexpr std::array<std::string_view, 3> kThingPronouns = {"it", "its",
                                                            "itself"};
constexpr std::array<std::string_view, 4> kPluralPronouns = {
    "they", "them", "their", "themselves"};
constexpr std::array<std::string_view, 4> kGroupNouns = {
    "alliance", "coalition", "bloc", "partnership"};
constexpr std::array<std::string_view, 4> kOrgNouns = {
    "organisation", "organization", "union", "agency"};
// How many distinct recent actors a pronoun may reach back to.
constexpr std::size_t kActorHistory = 4;

constexpr std::array<std::string_view, 3> kStateNouns = {"country", "nation",
                                                         "state"};

}  // namespace

void Coreference::Remember(const EntityRef& entity, std::string_view role) {
  if (entity.type == EntityType::kGroup || entity.type == EntityType::kOrg ||
      entity.type == EntityType::kState) {
    std::erase_if(actors_,
                  [&](const EntityRef& e) { return e.id == entity.id; });
    actors_.push_back(entity);
    if (actors_.size() > kActorHistory) actors_.erase(actors_.begin());
  }
  switch (entity.type) {
    case EntityType::kPerson: {
      person_ = entity;
      std::size_t space = entity.name.rfind(' ');
      if (space != std::string::npos) {
        surnames_[entity.name.substr(space + 1)] = entity;
      }
      if (!role.empty()) roles_[std::string(role)] = entity;
      return;
    }
    case EntityType::kGroup:
      group_ = entity;
      return;
    case EntityType::kOrg:
      org_ = entity;
      return;
    case EntityType::kState:
      state_ = entity;
      return;
    default:
      return;
  }
}

std::optional<EntityRef> Coreference::Surname(std::string_view word) const {
  auto it = surnames_.find(std::string(word));
  if (it == surnames_.end()) return std::nullopt;
  return it->second;
}

std::vector<EntityRef> Coreference::Pronoun(std::string_view pronoun) const {
  std::vector<EntityRef> out;
  if (In(kPersonPronouns, pronoun)) {
    if (person_) out.push_back(*person_);
    return out;
  }
  bool plural = IsPluralPronoun(pronoun);
  if (!plural && !In(kThingPronouns, pronoun)) return out;
  // "they" after a coalition names its members as one actor.
  if (plural && group_) out.push_back(*group_);
  for (auto it = actors_.rbegin(); it != actors_.rend(); ++it) {
    if (out.empty() || out.front().id != it->id) out.push_back(*it);
  }
  return out;
}

bool Coreference::IsPluralPronoun(std::string_view pronoun) {
  return In(kPluralPronouns, pronoun);
}

bool Coreference::IsActorNoun(std::string_view lemma) {
  return In(kGroupNouns, lemma) || In(kOrgNouns, lemma) ||
         In(kStateNouns, lemma);
}

std::optional<EntityRef> Coreference::Description(std::string_view noun) const {
  if (In(kGroupNouns, noun)) return group_;
  if (In(kOrgNouns, noun)) return org_ ? org_ : group_;
  if (In(kStateNouns, noun)) return state_;
  auto it = roles_.find(std::string(noun));
  if (it == roles_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kg
