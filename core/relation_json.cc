#include "core/relation_json.h"

#include <charconv>
#include <exception>
#include <string>

namespace kg {
namespace {

using OrderedJson = nlohmann::ordered_json;

OrderedJson NullIfEmpty(const std::string& value) {
  if (value.empty()) return nullptr;
  return value;
}

OrderedJson EntityToJson(const EntityRef& entity) {
  OrderedJson out;
  out["text"] = entity.text;
  out["id"] = entity.id;
  out["name"] = entity.name;
  out["type"] = std::string(EntityTypeName(entity.type));
  out["affiliation"] = NullIfEmpty(entity.affiliation);
  return out;
}

// Reads key `key` of `object` into *out when present and of the right type.
// Missing optional keys leave *out unchanged.
template <typename Json>
Status ReadString(const Json& object, const char* key, bool required,
                  std::string* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required)
      return Status::InputError(std::string("missing \"") + key + "\"");
    return Status::Ok();
  }
  if (!it->is_string()) {
    return Status::InputError(std::string("\"") + key + "\" is not a string");
  }
  *out = it->template get<std::string>();
  return Status::Ok();
}

template <typename Json>
Result<EntityRef> EntityFromJson(const Json& json, const char* key) {
  if (!json.is_object()) {
    return Status::InputError(std::string("\"") + key + "\" is not an object");
  }
  EntityRef entity;
  KG_RETURN_IF_ERROR(ReadString(json, "id", true, &entity.id).WithContext(key));
  KG_RETURN_IF_ERROR(
      ReadString(json, "text", false, &entity.text).WithContext(key));
  KG_RETURN_IF_ERROR(
      ReadString(json, "name", false, &entity.name).WithContext(key));
  KG_RETURN_IF_ERROR(ReadString(json, "affiliation", false, &entity.affiliation)
                         .WithContext(key));
  std::string type = "OTHER";
  KG_RETURN_IF_ERROR(ReadString(json, "type", false, &type).WithContext(key));
  auto parsed = ParseEntityType(type);
  if (!parsed) {
    return Status::InputError(std::string(key) + ": unknown type \"" + type +
                              "\"");
  }
  entity.type = *parsed;
  return entity;
}

template <typename Json>
Result<Relation> RelationFromAnyJson(const Json& json) {
  if (!json.is_object())
    return Status::InputError("relation is not a JSON object");
  Relation r;
  KG_RETURN_IF_ERROR(ReadString(json, "doc", true, &r.doc));
  KG_RETURN_IF_ERROR(ReadString(json, "date", false, &r.date));
  KG_RETURN_IF_ERROR(ReadString(json, "text", false, &r.text));
  KG_RETURN_IF_ERROR(ReadString(json, "relation", true, &r.relation));
  for (const char* key : {"subject", "object"}) {
    auto it = json.find(key);
    if (it == json.end())
      return Status::InputError(std::string("missing \"") + key + "\"");
    KG_ASSIGN_OR_RETURN(EntityRef entity, EntityFromJson(*it, key));
    (std::string_view(key) == "subject" ? r.subject : r.object) =
        std::move(entity);
  }
  auto polarity = json.find("polarity");
  if (polarity == json.end() || !polarity->is_number_integer()) {
    return Status::InputError("\"polarity\" missing or not an integer");
  }
  r.polarity = polarity->template get<int>();
  if (r.polarity < -1 || r.polarity > 1) {
    return Status::InputError("\"polarity\" must be -1, 0 or 1");
  }
  if (auto it = json.find("sentence"); it != json.end()) {
    if (!it->is_number_unsigned())
      return Status::InputError("\"sentence\" is not a count");
    r.sentence = it->template get<std::uint32_t>();
  }
  if (auto it = json.find("negated"); it != json.end()) {
    if (!it->is_boolean())
      return Status::InputError("\"negated\" is not a boolean");
    r.negated = it->template get<bool>();
  }
  std::string modality = "asserted";
  KG_RETURN_IF_ERROR(ReadString(json, "modality", false, &modality));
  auto parsed_modality = ParseModality(modality);
  if (!parsed_modality) {
    return Status::InputError("unknown modality \"" + modality + "\"");
  }
  r.modality = *parsed_modality;
  if (auto it = json.find("attributed_to");
      it != json.end() && !it->is_null()) {
    KG_ASSIGN_OR_RETURN(EntityRef speaker,
                        EntityFromJson(*it, "attributed_to"));
    r.attributed_to = std::move(speaker);
  }
  for (auto [key, out] : {std::pair{"confidence", &r.confidence},
                          std::pair{"weight", &r.weight}}) {
    auto it = json.find(key);
    if (it == json.end()) continue;
    if (!it->is_number()) {
      return Status::InputError(std::string("\"") + key + "\" is not a number");
    }
    *out = it->template get<double>();
  }
  if (auto it = json.find("span"); it != json.end()) {
    if (!it->is_object())
      return Status::InputError("\"span\" is not an object");
    auto start = it->find("start");
    auto end = it->find("end");
    if (start == it->end() || end == it->end() ||
        !start->is_number_unsigned() || !end->is_number_unsigned()) {
      return Status::InputError(
          "\"span\" needs unsigned \"start\" and \"end\"");
    }
    r.span.start = start->template get<std::uint32_t>();
    r.span.end = end->template get<std::uint32_t>();
  }
  return r;
}

void AppendEscaped(std::string_view field, std::string* out) {
  for (char c : field) {
    switch (c) {
      case '\\':
        *out += "\\\\";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      default:
        out->push_back(c);
    }
  }
}

std::string FormatDouble(double value) {
  char buf[32];
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

}  // namespace

nlohmann::ordered_json RelationToJson(const Relation& relation) {
  OrderedJson out;
  out["doc"] = relation.doc;
  out["date"] = NullIfEmpty(relation.date);
  out["sentence"] = relation.sentence;
  out["text"] = relation.text;
  out["subject"] = EntityToJson(relation.subject);
  out["relation"] = relation.relation;
  out["object"] = EntityToJson(relation.object);
  out["polarity"] = relation.polarity;
  out["negated"] = relation.negated;
  out["modality"] = std::string(ModalityName(relation.modality));
  out["attributed_to"] = relation.attributed_to
                             ? EntityToJson(*relation.attributed_to)
                             : OrderedJson(nullptr);
  out["confidence"] = relation.confidence;
  out["weight"] = relation.weight;
  out["span"] = {{"start", relation.span.start}, {"end", relation.span.end}};
  return out;
}

std::string RelationToJsonLine(const Relation& relation) {
  // Replace keeps a dump from throwing should a field hold invalid UTF-8.
  return RelationToJson(relation).dump(-1, ' ', false,
                                       OrderedJson::error_handler_t::replace);
}

Result<Relation> RelationFromJson(const nlohmann::json& json) {
  try {
    return RelationFromAnyJson(json);
  } catch (const std::exception& e) {
    return Status::InputError(std::string("bad relation: ") + e.what());
  }
}

Result<Relation> RelationFromJson(const nlohmann::ordered_json& json) {
  try {
    return RelationFromAnyJson(json);
  } catch (const std::exception& e) {
    return Status::InputError(std::string("bad relation: ") + e.what());
  }
}

Result<Relation> RelationFromJsonLine(std::string_view line) {
  nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded()) return Status::InputError("not a JSON line");
  return RelationFromJson(json);
}

std::string RelationTsvHeader() {
  return "doc\tdate\tsentence\tsubject\trelation\tobject\tpolarity\tnegated\t"
         "modality\tattributed_to\tconfidence\tspan_start\tspan_end\ttext";
}

std::string RelationToTsv(const Relation& relation) {
  std::string out;
  bool first = true;
  auto field = [&out, &first](std::string_view value) {
    if (!first) out.push_back('\t');
    first = false;
    AppendEscaped(value, &out);
  };
  field(relation.doc);
  field(relation.date);
  field(std::to_string(relation.sentence));
  field(relation.subject.id);
  field(relation.relation);
  field(relation.object.id);
  field(std::to_string(relation.polarity));
  field(relation.negated ? "true" : "false");
  field(ModalityName(relation.modality));
  field(relation.attributed_to ? relation.attributed_to->id : "");
  field(FormatDouble(relation.confidence));
  field(std::to_string(relation.span.start));
  field(std::to_string(relation.span.end));
  field(relation.text);
  return out;
}

}  // namespace kg
