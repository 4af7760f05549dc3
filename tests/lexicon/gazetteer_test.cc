#include "lexicon/gazetteer.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace kg {
namespace {

const Gazetteer& Builtin() {
  static const Gazetteer* gazetteer = [] {
    auto loaded =
        Gazetteer::Load(std::string(KG_SOURCE_DIR) + "/data/gazetteer.tsv");
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return new Gazetteer(std::move(loaded).value());
  }();
  return *gazetteer;
}

const GazetteerEntry* Resolve(std::string_view role, std::string_view org,
                              std::string_view date) {
  return Builtin().ResolveRole(role, org, date);
}

std::string IdOf(const GazetteerEntry* entry) {
  return entry ? entry->id : "(none)";
}

TEST(BuiltinGazetteerTest, CoversStatesOrgsAndPeople) {
  const Gazetteer& g = Builtin();
  EXPECT_GE(g.size(), 300u);
  EXPECT_TRUE(g.alias_conflicts().empty()) << g.alias_conflicts().front();
  for (const char* id :
       {"FRA",   "GBR",   "DEU",       "POL",  "UKR",   "RUS",   "USA",
        "CHN",   "NATO",  "EU",        "EC",   "UN",    "UNSC",  "G7",
        "G20",   "OSCE",  "IAEA",      "WHO",  "AU",    "ASEAN", "OPEC",
        "BRICS", "HAMAS", "HEZBOLLAH", "COTW", "WAGNER"}) {
    EXPECT_NE(g.FindById(id), nullptr) << id;
  }
  EXPECT_EQ(g.FindById("FRA")->type, EntityType::kState);
  EXPECT_EQ(g.FindById("NATO")->type, EntityType::kGroup);
  EXPECT_EQ(g.FindById("emmanuel_macron")->type, EntityType::kPerson);
}

TEST(BuiltinGazetteerTest, DemonymsAndMetonymsLookUp) {
  const Gazetteer& g = Builtin();
  EXPECT_EQ(IdOf(g.Lookup("French")), "FRA");
  EXPECT_EQ(IdOf(g.Lookup("the Kremlin")), "RUS");
  EXPECT_EQ(IdOf(g.Lookup("Kiev")), "UKR");
  EXPECT_EQ(IdOf(g.Lookup("Downing Street")), "GBR");
  EXPECT_EQ(IdOf(g.Lookup("the White House")), "USA");
  EXPECT_EQ(IdOf(g.Lookup("Elysee")), "FRA");
  EXPECT_EQ(IdOf(g.Lookup("Nato")), "NATO");  // Case-insensitive fallback.
  EXPECT_EQ(IdOf(g.Lookup("UKRAINE")), "UKR");
  EXPECT_EQ(g.Lookup("Atlantis"), nullptr);
}

TEST(BuiltinGazetteerTest, RolesResolveByDate) {
  EXPECT_EQ(IdOf(Resolve("chancellor", "DEU", "2025-05-05")), "olaf_scholz");
  EXPECT_EQ(IdOf(Resolve("chancellor", "DEU", "2025-05-06")), "friedrich_merz");
  EXPECT_EQ(IdOf(Resolve("Federal Chancellor", "DEU", "2022-01-01")),
            "olaf_scholz");
  EXPECT_EQ(IdOf(Resolve("secretary-general", "NATO", "2024-09-30")),
            "jens_stoltenberg");
  EXPECT_EQ(IdOf(Resolve("Secretary General", "NATO", "2024-10-01")),
            "mark_rutte");
  EXPECT_EQ(IdOf(Resolve("premier", "POL", "2024-01-01")), "donald_tusk");
  EXPECT_EQ(IdOf(Resolve("prime minister", "POL", "2023-01-01")),
            "mateusz_morawiecki");
  EXPECT_EQ(IdOf(Resolve("president", "USA", "2023-06-01")), "joe_biden");
  EXPECT_EQ(IdOf(Resolve("president", "USA", "2025-06-01")), "donald_trump");
  EXPECT_EQ(IdOf(Resolve("Secretary of State", "USA", "2025-06-01")),
            "marco_rubio");
  EXPECT_EQ(IdOf(Resolve("defense minister", "DEU", "2024-01-01")),
            "boris_pistorius");
  // An empty date means the current holder.
  EXPECT_EQ(IdOf(Resolve("president", "FRA", "")), "emmanuel_macron");
  EXPECT_EQ(Resolve("president", "FRA", "1990-01-01"), nullptr);
  EXPECT_EQ(Resolve("emperor", "FRA", "2025-01-01"), nullptr);
}

TEST(BuiltinGazetteerTest, AffiliationFollowsTheTerm) {
  const Gazetteer& g = Builtin();
  const GazetteerEntry* rutte = g.FindById("mark_rutte");
  ASSERT_NE(rutte, nullptr);
  EXPECT_EQ(g.AffiliationAt(*rutte, "2023-01-01"), "NLD");
  EXPECT_EQ(g.AffiliationAt(*rutte, "2025-01-01"), "NATO");
  // Between terms: the default affiliation.
  EXPECT_EQ(g.AffiliationAt(*rutte, "2024-08-01"), "NLD");
  EXPECT_EQ(g.AffiliationAt(*g.FindById("FRA"), "2025-01-01"), "");
}

TEST(BuiltinGazetteerTest, FormerLeadersKeepTheirStateAfterTheirTerm) {
  // The graph folds persons into states by affiliation: a former
  // chancellor quoted after his term still acts for Germany.
  const Gazetteer& g = Builtin();
  const GazetteerEntry* scholz = g.FindById("olaf_scholz");
  ASSERT_NE(scholz, nullptr);
  for (std::string_view date : {"2025-03-15", "2025-09-04", ""}) {
    EXPECT_EQ(g.AffiliationAt(*scholz, date), "DEU") << date;
  }
  EXPECT_EQ(IdOf(Resolve("chancellor", "DEU", "2025-03-15")), "olaf_scholz");
  EXPECT_EQ(IdOf(Resolve("chancellor", "DEU", "2025-09-04")), "friedrich_merz");
}

TEST(GazetteerTest, LowerCaseWordsStartNoCapitalisedAlias) {
  // The quick rejection of lower-case words must not hide exact aliases
  // that start in lower case, nor capitalised ones.
  Gazetteer g;
  ASSERT_TRUE(g.AddTsv("AQ\tGROUP\tal-Qaeda\nNLD\tSTATE\tNetherlands\t"
                       "the Netherlands\n",
                       "test")
                  .ok());
  std::string text = "al-Qaeda and netherlands and Netherlands";
  std::vector<Word> words = ScanWords(text);
  ASSERT_EQ(words.size(), 5u);
  auto aq = g.LongestMatch(text, words, 0);
  ASSERT_TRUE(aq.has_value());
  EXPECT_EQ(aq->entry->id, "AQ");
  EXPECT_FALSE(g.LongestMatch(text, words, 2).has_value());
  auto nld = g.LongestMatch(text, words, 4);
  ASSERT_TRUE(nld.has_value());
  EXPECT_EQ(nld->entry->id, "NLD");
}

TEST(GazetteerTest, LongestMatchPrefersLongerAliases) {
  Gazetteer g;
  ASSERT_TRUE(
      g.AddTsv("id\ttype\tname\taliases\n"
               "UNSC\tORG\tUN Security Council\tSecurity Council\n"
               "UN\tORG\tUnited Nations\tUN\n"
               "ana\tPERSON\tAna Vella\tVella\tMLT\tminister\t2020-01-01\n"
               "MLT\tSTATE\tMalta\tMaltese\n",
               "inline")
          .ok());
  std::string text = "the UN Security Council and Maltese minister Vella";
  std::vector<Word> words = ScanWords(text);
  auto m = g.LongestMatch(text, words, 1);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->entry->id, "UNSC");
  EXPECT_EQ(m->length, 3u);
  EXPECT_FALSE(g.LongestMatch(text, words, 0).has_value());
  auto role = g.MatchRole(text, words, 6);
  ASSERT_TRUE(role.has_value());
  EXPECT_EQ(role->role, "minister");
  EXPECT_EQ(IdOf(g.ResolveRole("Minister", "MLT", "2021-05-05")), "ana");
  // Lower-case words never take the case-insensitive fallback.
  std::string lower = "the maltese and un";
  std::vector<Word> lower_words = ScanWords(lower);
  EXPECT_FALSE(g.LongestMatch(lower, lower_words, 1).has_value());
  std::string shouted = "MALTESE";
  EXPECT_TRUE(g.LongestMatch(shouted, ScanWords(shouted), 0).has_value());
}

TEST(GazetteerTest, MalformedRowsNameTheLine) {
  Gazetteer g;
  Status s = g.AddTsv("# comment\nMLT\tSTATE\tMalta\nbad row\n", "file.tsv");
  EXPECT_TRUE(s.IsInputError());
  EXPECT_NE(s.message().find("file.tsv:3"), std::string::npos) << s.message();
  EXPECT_FALSE(g.AddTsv("X\tCOUNTRY\tX\n", "t").ok());
  EXPECT_FALSE(g.AddTsv("X\tPERSON\tX\t\t\tmayor\t2025-13-01\n", "t").ok());
  EXPECT_FALSE(
      g.AddTsv("X\tPERSON\tX\t\t\tmayor\t2025-01-01\t2024-01-01\n", "t").ok());
  EXPECT_FALSE(g.AddTsv("X\tPERSON\tX\t\t\t\t2025-01-01\n", "t").ok());
  EXPECT_FALSE(g.AddTsv("X Y\tPERSON\tX\n", "t").ok());
  EXPECT_FALSE(g.AddTsv("X\tPERSON\t\n", "t").ok());
  EXPECT_TRUE(
      Gazetteer::Load("/nonexistent/gazetteer.tsv").status().IsNotFound());
}

TEST(GazetteerTest, LaterFilesOverrideEarlierOnes) {
  std::string dir = ::testing::TempDir();
  std::string first = dir + "/kg_gaz_first.tsv";
  std::string second = dir + "/kg_gaz_second.tsv";
  ASSERT_TRUE(Env::Default()
                  ->WriteFileAtomic(first,
                                    "MLT\tSTATE\tMalta\tValletta\n"
                                    "GOZ\tPLACE\tGozo\n"
                                    "GOZ\tSTATE\tGozo Island\n")
                  .ok());
  ASSERT_TRUE(
      Env::Default()
          ->WriteFileAtomic(second, "GOZ\tSTATE\tGozo Republic\tValletta\n")
          .ok());
  auto g = Gazetteer::Load(first);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  // Within one file the first row of an id sets its type and name.
  EXPECT_EQ(g->FindById("GOZ")->type, EntityType::kPlace);
  EXPECT_EQ(IdOf(g->Lookup("Gozo Island")), "GOZ");
  ASSERT_TRUE(g->LoadMore(second).ok());
  EXPECT_EQ(g->FindById("GOZ")->type, EntityType::kState);
  EXPECT_EQ(g->FindById("GOZ")->name, "Gozo Republic");
  EXPECT_EQ(IdOf(g->Lookup("Valletta")), "GOZ");
  ASSERT_EQ(g->alias_conflicts().size(), 1u);
  EXPECT_NE(g->alias_conflicts()[0].find("MLT -> GOZ"), std::string::npos);
  EXPECT_TRUE(g->LoadMore(dir + "/kg_missing.tsv").IsNotFound());
}

TEST(UnknownEntityIdTest, SnakeCase) {
  EXPECT_EQ(UnknownEntityId("Jane Doe"), "x:jane_doe");
  EXPECT_EQ(UnknownEntityId("Ministry of Defence"), "x:ministry_of_defence");
  EXPECT_EQ(UnknownEntityId("  Al-Nour  Front "), "x:al_nour_front");
  EXPECT_EQ(UnknownEntityId("\xC3\x89lys\xC3\xA9\x65\xC2\xA0"
                            "Club"),
            "x:\xC3\x89lys\xC3\xA9\x65_club");
}

TEST(CanonicalRoleTest, MapsSynonyms) {
  EXPECT_EQ(CanonicalRole("Defense Secretary"), "defence minister");
  EXPECT_EQ(CanonicalRole("Premier"), "prime minister");
  EXPECT_EQ(CanonicalRole("Foreign Secretary"), "foreign minister");
  EXPECT_EQ(CanonicalRole("President"), "president");
}

}  // namespace
}  // namespace kg
