#include "core/relation.h"

#include <array>
#include <utility>

namespace kg {
namespace {

constexpr std::array<std::pair<EntityType, std::string_view>, 7> kTypeNames{{
    {EntityType::kPerson, "PERSON"},
    {EntityType::kState, "STATE"},
    {EntityType::kOrg, "ORG"},
    {EntityType::kGroup, "GROUP"},
    {EntityType::kPlace, "PLACE"},
    {EntityType::kTopic, "TOPIC"},
    {EntityType::kOther, "OTHER"},
}};

constexpr std::array<std::pair<Modality, std::string_view>, 5> kModalityNames{{
    {Modality::kAsserted, "asserted"},
    {Modality::kReported, "reported"},
    {Modality::kIntended, "intended"},
    {Modality::kConditional, "conditional"},
    {Modality::kHypothetical, "hypothetical"},
}};

}  // namespace

std::string_view EntityTypeName(EntityType type) {
  for (const auto& [value, name] : kTypeNames) {
    if (value == type) return name;
  }
  return "OTHER";
}

std::optional<EntityType> ParseEntityType(std::string_view name) {
  for (const auto& [value, text] : kTypeNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string_view ModalityName(Modality modality) {
  for (const auto& [value, name] : kModalityNames) {
    if (value == modality) return name;
  }
  return "asserted";
}

std::optional<Modality> ParseModality(std::string_view name) {
  for (const auto& [value, text] : kModalityNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

}  // namespace kg
