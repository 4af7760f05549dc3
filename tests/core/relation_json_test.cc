#include "core/relation_json.h"

#include <gtest/gtest.h>

namespace kg {
namespace {

Relation SampleRelation() {
  Relation r;
  r.doc = "doc-7";
  r.date = "2025-03-02";
  r.sentence = 4;
  r.text = "Lisbon welcomed the plan.";
  r.subject = {"Lisbon", "PRT", "Portugal", EntityType::kState, ""};
  r.relation = "welcome";
  r.object = {"Ana Duarte", "x:ana_duarte", "Ana Duarte", EntityType::kPerson,
              "PRT"};
  r.polarity = 1;
  r.negated = false;
  r.modality = Modality::kReported;
  r.attributed_to = EntityRef{"the minister", "x:minister", "minister",
                              EntityType::kPerson, ""};
  r.confidence = 0.75;
  r.weight = 3.4;
  r.span = {10, 42};
  return r;
}

TEST(RelationNamesTest, TypeAndModalityNamesRoundTrip) {
  for (EntityType t : {EntityType::kPerson, EntityType::kState,
                       EntityType::kOrg, EntityType::kGroup, EntityType::kPlace,
                       EntityType::kTopic, EntityType::kOther}) {
    EXPECT_EQ(ParseEntityType(EntityTypeName(t)), t);
  }
  for (Modality m :
       {Modality::kAsserted, Modality::kReported, Modality::kIntended,
        Modality::kConditional, Modality::kHypothetical}) {
    EXPECT_EQ(ParseModality(ModalityName(m)), m);
  }
  EXPECT_EQ(EntityTypeName(EntityType::kGroup), "GROUP");
  EXPECT_EQ(ModalityName(Modality::kHypothetical), "hypothetical");
  EXPECT_FALSE(ParseEntityType("state").has_value());
  EXPECT_FALSE(ParseModality("ASSERTED").has_value());
}

TEST(RelationJsonTest, KeysComeInContractOrder) {
  nlohmann::ordered_json json = RelationToJson(SampleRelation());
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  std::vector<std::string> want{
      "doc",           "date",       "sentence", "text",    "subject",
      "relation",      "object",     "polarity", "negated", "modality",
      "attributed_to", "confidence", "weight",   "span"};
  EXPECT_EQ(keys, want);
  std::vector<std::string> entity_keys;
  for (const auto& item : json["subject"].items())
    entity_keys.push_back(item.key());
  EXPECT_EQ(entity_keys, (std::vector<std::string>{"text", "id", "name", "type",
                                                   "affiliation"}));
  EXPECT_EQ(json["subject"]["type"], "STATE");
  EXPECT_TRUE(json["subject"]["affiliation"].is_null());
  EXPECT_EQ(json["object"]["affiliation"], "PRT");
  EXPECT_EQ(json["modality"], "reported");
  EXPECT_EQ(json["span"]["end"], 42);
}

TEST(RelationJsonTest, EmptyDateAndNoSpeakerAreNull) {
  Relation r = SampleRelation();
  r.date.clear();
  r.attributed_to.reset();
  nlohmann::ordered_json json = RelationToJson(r);
  EXPECT_TRUE(json["date"].is_null());
  EXPECT_TRUE(json["attributed_to"].is_null());
}

TEST(RelationJsonTest, RoundTripsThroughALine) {
  Relation r = SampleRelation();
  std::string line = RelationToJsonLine(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  Result<Relation> back = RelationFromJsonLine(line);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, r);

  r.date.clear();
  r.attributed_to.reset();
  r.negated = true;
  r.polarity = 0;
  back = RelationFromJsonLine(RelationToJsonLine(r));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, r);
}

TEST(RelationJsonTest, RejectsMalformedInput) {
  EXPECT_TRUE(RelationFromJsonLine("{not json").status().IsInputError());
  EXPECT_TRUE(RelationFromJsonLine("[1,2]").status().IsInputError());
  nlohmann::json json =
      nlohmann::json::parse(RelationToJsonLine(SampleRelation()));
  auto without = [&](const char* key) {
    nlohmann::json copy = json;
    copy.erase(key);
    return RelationFromJson(copy).status();
  };
  Status missing = without("subject");
  EXPECT_TRUE(missing.IsInputError());
  EXPECT_NE(missing.message().find("subject"), std::string::npos);
  EXPECT_FALSE(without("relation").ok());
  nlohmann::json bad = json;
  bad["polarity"] = 2;
  EXPECT_FALSE(RelationFromJson(bad).ok());
  bad = json;
  bad["modality"] = "certain";
  EXPECT_FALSE(RelationFromJson(bad).ok());
  bad = json;
  bad["object"]["type"] = "COUNTRY";
  EXPECT_FALSE(RelationFromJson(bad).ok());
  bad = json;
  bad["span"] = {{"start", -1}, {"end", 3}};
  EXPECT_FALSE(RelationFromJson(bad).ok());
  bad = json;
  bad["confidence"] = "high";
  EXPECT_FALSE(RelationFromJson(bad).ok());
}

TEST(RelationTsvTest, HeaderAndLineHaveTheSameColumns) {
  std::string header = RelationTsvHeader();
  std::string line = RelationToTsv(SampleRelation());
  auto columns = [](const std::string& s) {
    return std::count(s.begin(), s.end(), '\t') + 1;
  };
  EXPECT_EQ(columns(header), 14);
  EXPECT_EQ(columns(line), 14);
  EXPECT_TRUE(
      line.starts_with("doc-7\t2025-03-02\t4\tPRT\twelcome\tx:ana_duarte\t1\t"
                       "false\treported\tx:minister\t0.75\t10\t42\t"));
}

TEST(RelationTsvTest, EscapesTabsAndNewlines) {
  Relation r = SampleRelation();
  r.text = "a\tb\nc\\d\re";
  r.doc = "";
  std::string line = RelationToTsv(r);
  EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 13);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_TRUE(line.ends_with("a\\tb\\nc\\\\d\\re"));
  EXPECT_TRUE(line.starts_with("\t2025-03-02"));
}

}  // namespace
}  // namespace kg
