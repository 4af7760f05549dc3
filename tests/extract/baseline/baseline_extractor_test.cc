#include "extract/baseline/baseline_extractor.h"

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/utf8.h"
#include "core/relation_json.h"
#include "extract/rules_version.h"
#include "tests/testing/time_limit.h"

namespace kg {
namespace {

const Extractor& Baseline() {
  static const Extractor* extractor = [] {
    auto created = Extractor::Create("baseline", ExtractorOptions{});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? std::move(created).value().release() : nullptr;
  }();
  return *extractor;
}

std::vector<Relation> Extract(const std::string& text,
                              const std::string& date = "") {
  Document doc;
  doc.id = "t";
  doc.date = date;
  doc.text = text;
  auto result = Baseline().Extract(doc);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? result->relations : std::vector<Relation>{};
}

TEST(ExtractorRegistryTest, NamesAndUnknownNames) {
  std::vector<std::string> names = Extractor::Names();
  EXPECT_NE(std::find(names.begin(), names.end(), "baseline"), names.end());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  auto unknown = Extractor::Create("oracle", ExtractorOptions{});
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.status().IsNotFound());
  EXPECT_NE(unknown.status().message().find("baseline"), std::string::npos);
  ExtractorOptions missing;
  missing.data_dir = "/nonexistent";
  EXPECT_TRUE(Extractor::Create("baseline", missing).status().IsNotFound());
}

TEST(BaselineExtractorTest, NameVersionAndFields) {
  EXPECT_EQ(Baseline().name(), "baseline");
  EXPECT_TRUE(
      Baseline().version().starts_with(std::string(RulesVersion()) + "+"));
  std::vector<Relation> rels =
      Extract("Intro line here.\nPoland condemned Russia.", "2025-03-02");
  ASSERT_EQ(rels.size(), 1u);
  const Relation& r = rels[0];
  EXPECT_EQ(r.doc, "t");
  EXPECT_EQ(r.date, "2025-03-02");
  EXPECT_EQ(r.sentence, 1u);
  EXPECT_EQ(r.text, "Poland condemned Russia.");
  EXPECT_EQ(r.subject.name, "Poland");
  EXPECT_EQ(r.subject.type, EntityType::kState);
  EXPECT_EQ(r.object.text, "Russia");
  EXPECT_EQ(r.relation, "condemn");
  EXPECT_EQ(r.polarity, -1);
  EXPECT_DOUBLE_EQ(r.weight, 2.0);
  EXPECT_GT(r.confidence, 0.0);
  EXPECT_LE(r.confidence, 1.0);
}

TEST(BaselineExtractorTest, SpansCountCodePoints) {
  std::string text = "\xC3\x89t\xC3\xA9 \xE2\x80\x94 Poland condemned Russia.";
  std::vector<Relation> rels = Extract(text);
  ASSERT_EQ(rels.size(), 1u);
  // "Été — " is 6 code points (9 bytes) before "Poland".
  EXPECT_EQ(rels[0].span.start, 6u);
  EXPECT_EQ(rels[0].span.end,
            6u + std::string("Poland condemned Russia").size());
}

TEST(BaselineExtractorTest, PersonsCarryTheirAffiliationAtTheDate) {
  std::vector<Relation> before =
      Extract("Mark Rutte praised Finland.", "2023-03-01");
  std::vector<Relation> after =
      Extract("Mark Rutte praised Finland.", "2025-03-01");
  ASSERT_EQ(before.size(), 1u);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(before[0].subject.affiliation, "NLD");
  EXPECT_EQ(after[0].subject.affiliation, "NATO");
  EXPECT_EQ(after[0].subject.type, EntityType::kPerson);
}

TEST(BaselineExtractorTest, ConfidenceReflectsCues) {
  std::vector<Relation> close = Extract("Poland condemned Russia.");
  std::vector<Relation> far = Extract(
      "Poland on a cold and windy Tuesday morning in the capital strongly "
      "condemned Russia.");
  std::vector<Relation> pronoun =
      Extract("Donald Tusk spoke first. He condemned Russia.");
  ASSERT_EQ(close.size(), 1u);
  ASSERT_EQ(far.size(), 1u);
  ASSERT_EQ(pronoun.size(), 1u);
  EXPECT_GT(close[0].confidence, far[0].confidence);
  EXPECT_GT(close[0].confidence, pronoun[0].confidence);
  EXPECT_EQ(pronoun[0].subject.id, "donald_tusk");
  EXPECT_EQ(pronoun[0].subject.text, "He");
}

TEST(BaselineExtractorTest, ExtraGazetteerAddsActors) {
  std::string path = ::testing::TempDir() + "/kg_extra_gazetteer.tsv";
  ASSERT_TRUE(Env::Default()
                  ->WriteFileAtomic(path, "ATL\tSTATE\tAtlantis\tAtlantean\n")
                  .ok());
  ExtractorOptions options;
  options.extra_gazetteers = {path};
  auto extractor = Extractor::Create("baseline", options);
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  EXPECT_NE((*extractor)->version(), Baseline().version());
  Document doc;
  doc.id = "d";
  doc.text = "The Atlantean navy attacked Portugal.";
  auto result = (*extractor)->Extract(doc);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->relations.size(), 1u);
  EXPECT_EQ(result->relations[0].subject.id, "ATL");
  options.extra_gazetteers = {"/nonexistent/extra.tsv"};
  EXPECT_FALSE(Extractor::Create("baseline", options).ok());
}

TEST(BaselineExtractorTest, OddInputYieldsNothingAndNeverFails) {
  EXPECT_TRUE(Extract("").empty());
  EXPECT_TRUE(Extract("   \n\n").empty());
  std::string junk;
  for (int i = 0; i < 20000; ++i)
    junk.push_back(static_cast<char>((i * 131) % 256));
  Document doc;
  doc.text = junk;
  EXPECT_TRUE(Baseline().Extract(doc).ok());
  std::string repaired = "Poland \xFF condemned Russia.";
  RepairUtf8(&repaired);
  std::vector<Relation> rels = Extract(repaired);
  ASSERT_EQ(rels.size(), 1u);
  EXPECT_EQ(rels[0].object.id, "RUS");
  EXPECT_TRUE(RelationFromJsonLine(RelationToJsonLine(rels[0])).ok());
}

TEST(BaselineExtractorTest, TenMegabyteLineIsFast) {
  std::string text;
  text.reserve(10 << 20);
  while (text.size() < (10u << 20))
    text += "Poland condemned Russia and France met Spain, ";
  Document doc;
  doc.id = "big";
  doc.text = text;
  auto start = std::chrono::steady_clock::now();
  auto result = Baseline().Extract(doc);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(result.ok());
  EXPECT_GT(result->relations.size(), 1000u);
  EXPECT_LT(seconds, TimeLimit(10.0));
  // Spans stay inside the document and increase with the sentence index.
  std::uint32_t points = static_cast<std::uint32_t>(CountCodePoints(text));
  for (const Relation& r : result->relations) {
    EXPECT_LT(r.span.start, r.span.end);
    EXPECT_LE(r.span.end, points);
  }
}

TEST(BaselineExtractorTest, ConcurrentExtractsAgree) {
  std::string text =
      "Britain, France and Germany pledged support for Ukraine. Hungary "
      "refused "
      "to support Ukraine's bid, Viktor Orban said. Russia attacked Ukraine.";
  std::vector<Relation> reference = Extract(text, "2025-03-02");
  ASSERT_GE(reference.size(), 5u);
  std::vector<std::thread> threads;
  std::vector<bool> same(4, false);
  for (std::size_t t = 0; t < same.size(); ++t) {
    threads.emplace_back([&, t] {
      bool all = true;
      for (int i = 0; i < 50; ++i)
        all = all && Extract(text, "2025-03-02") == reference;
      same[t] = all;
    });
  }
  for (std::thread& t : threads) t.join();
  for (bool s : same) EXPECT_TRUE(s);
}

}  // namespace
}  // namespace kg
