#include "lexicon/stance_lexicon.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace kg {
namespace {

const StanceLexicon& Builtin() {
  static const StanceLexicon* lexicon = [] {
    auto loaded = StanceLexicon::Load(std::string(KG_SOURCE_DIR) +
                                      "/data/stance_lexicon.tsv");
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return new StanceLexicon(std::move(loaded).value());
  }();
  return *lexicon;
}

TEST(InflectVerbTest, RegularForms) {
  EXPECT_EQ(InflectVerb("support"),
            (std::vector<std::string>{"support", "supports", "supporting",
                                      "supported"}));
  EXPECT_EQ(InflectVerb("ally"),
            (std::vector<std::string>{"ally", "allies", "allying", "allied"}));
  EXPECT_EQ(
      InflectVerb("praise"),
      (std::vector<std::string>{"praise", "praises", "praising", "praised"}));
  EXPECT_EQ(InflectVerb("guarantee"),
            (std::vector<std::string>{"guarantee", "guarantees", "guaranteeing",
                                      "guaranteed"}));
  EXPECT_EQ(InflectVerb("punish"),
            (std::vector<std::string>{"punish", "punishes", "punishing",
                                      "punished"}));
  EXPECT_EQ(InflectVerb("obey")[3], "obeyed");
}

TEST(BuiltinLexiconTest, CoversTheRequiredStances) {
  const StanceLexicon& lex = Builtin();
  EXPECT_GE(lex.size(), 100u);
  struct Want {
    const char* form;
    const char* relation;
    int polarity;
  };
  for (const Want& w :
       std::vector<Want>{{"supports", "support", 1},
                         {"supported", "support", 1},
                         {"supporting", "support", 1},
                         {"aid", "aid", 1},
                         {"helped", "help", 1},
                         {"welcomes", "welcome", 1},
                         {"praised", "praise", 1},
                         {"guarantee", "guarantee", 1},
                         {"backed", "back", 1},
                         {"strengthens", "strengthen ties", 1},
                         {"stood with", "stand with", 1},
                         {"pledged", "pledge", 1},
                         {"cooperate", "cooperate", 1},
                         {"agreed", "agree", 1},
                         {"allied", "ally", 1},
                         {"endorsed", "endorse", 1},
                         {"defends", "defend", 1},
                         {"protected", "protect", 1},
                         {"arming", "arm", 1},
                         {"funded", "fund", 1},
                         {"thanked", "thank", 1},
                         {"met", "meet", 0},
                         {"talked", "talk", 0},
                         {"visited", "visit", 0},
                         {"opposes", "oppose", -1},
                         {"rejected", "reject", -1},
                         {"criticised", "criticize", -1},
                         {"criticized", "criticize", -1},
                         {"condemns", "condemn", -1},
                         {"warned", "warn", -1},
                         {"threatening", "threaten", -1},
                         {"sanctioned", "sanction", -1},
                         {"pressured", "pressure", -1},
                         {"deterred", "deter", -1},
                         {"dismissed", "dismiss", -1},
                         {"accused", "accuse", -1},
                         {"attacked", "attack", -1},
                         {"invaded", "invade", -1},
                         {"struck", "strike", -1},
                         {"seized", "seize", -1},
                         {"expelled", "expel", -1},
                         {"blamed", "blame", -1},
                         {"denounced", "denounce", -1},
                         {"disappointed with", "disapprove", -1},
                         {"support for", "support", 1},
                         {"opposition to", "oppose", -1},
                         {"criticism of", "criticize", -1},
                         {"sanctions against", "sanction", -1}}) {
    const LexiconEntry* e = lex.Lookup(w.form);
    ASSERT_NE(e, nullptr) << w.form;
    EXPECT_EQ(e->relation, w.relation) << w.form;
    EXPECT_EQ(e->polarity, w.polarity) << w.form;
    EXPECT_GT(e->weight, 0.0) << w.form;
  }
  EXPECT_EQ(lex.Lookup("said"), nullptr);
}

TEST(BuiltinLexiconTest, WeightsAreGoldsteinMagnitudes) {
  std::ifstream in(std::string(KG_SHARED_DIR) + "/data/cameo_goldstein.tsv");
  if (!in)
    GTEST_SKIP() << "shared/data/cameo_goldstein.tsv not found; skipping";
  std::map<std::string, double> goldstein;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string code, name, value;
    std::getline(fields, code, '\t');
    std::getline(fields, name, '\t');
    std::getline(fields, value, '\t');
    if (code == "code") continue;
    goldstein[code] = std::stod(value);
  }
  std::ifstream lexicon(std::string(KG_SOURCE_DIR) +
                        "/data/stance_lexicon.tsv");
  std::size_t rows = 0;
  while (std::getline(lexicon, line)) {
    if (line.empty() || line[0] == '#' || line.starts_with("phrase\t"))
      continue;
    std::istringstream fields(line);
    std::string phrase, relation, polarity, cameo, weight;
    std::getline(fields, phrase, '\t');
    std::getline(fields, relation, '\t');
    std::getline(fields, polarity, '\t');
    std::getline(fields, cameo, '\t');
    std::getline(fields, weight, '\t');
    ASSERT_TRUE(goldstein.contains(cameo))
        << phrase << ": unknown code " << cameo;
    EXPECT_NEAR(std::stod(weight), std::fabs(goldstein[cameo]), 1e-9) << phrase;
    // Support rows sit in cooperative categories, opposition in conflictual.
    int sign = std::stoi(polarity);
    if (sign != 0) {
      EXPECT_EQ(sign > 0, goldstein[cameo] > 0) << phrase;
    }
    ++rows;
  }
  EXPECT_GE(rows, 100u);
}

TEST(StanceLexiconTest, LongestMatchAndParticiples) {
  StanceLexicon lex;
  ASSERT_TRUE(lex.AddTsv("condemn\tcondemn\t-1\t111\t2\tverb\n"
                         "stand with\tstand with\t1\t053\t3.8\tverb\n"
                         "back\tback\t1\t051\t3.4\tverb\tback@aux|backed\n"
                         "condemnation of\tcondemn\t-1\t111\t2\tnoun\n",
                         "inline")
                  .ok());
  std::string text =
      "Malta stands with Cyprus and was condemned ; condemnation of";
  std::vector<Word> words = ScanWords(text);
  auto m = lex.LongestMatch(text, words, 1);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->entry->relation, "stand with");
  EXPECT_EQ(m->length, 2u);
  EXPECT_FALSE(m->participle);
  m = lex.LongestMatch(text, words, 6);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->participle);
  m = lex.LongestMatch(text, words, 8);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->entry->kind, PredicateKind::kNoun);
  EXPECT_EQ(m->length, 2u);
  std::string back = "back";
  m = lex.LongestMatch(back, ScanWords(back), 0);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->needs_auxiliary);
  EXPECT_FALSE(lex.LongestMatch(text, words, 0).has_value());
}

TEST(StanceLexiconTest, MalformedRowsNameTheLine) {
  StanceLexicon lex;
  Status s =
      lex.AddTsv("# c\nsupport\tsupport\t1\t051\t3.4\tverb\nbad\n", "lex.tsv");
  EXPECT_TRUE(s.IsInputError());
  EXPECT_NE(s.message().find("lex.tsv:3"), std::string::npos);
  EXPECT_FALSE(lex.AddTsv("x\tx\t2\t051\t3\tverb\n", "t").ok());
  EXPECT_FALSE(lex.AddTsv("x\tx\t1\tabc\t3\tverb\n", "t").ok());
  EXPECT_FALSE(lex.AddTsv("x\tx\t1\t051\t11\tverb\n", "t").ok());
  EXPECT_FALSE(lex.AddTsv("x\tx\t1\t051\tlots\tverb\n", "t").ok());
  EXPECT_FALSE(lex.AddTsv("x\tx\t1\t051\t3\tadverb\n", "t").ok());
  EXPECT_TRUE(
      StanceLexicon::Load("/nonexistent/lexicon.tsv").status().IsNotFound());
}

TEST(StanceLexiconTest, NegationAndRefusalChangeThePolarity) {
  EXPECT_EQ(PolarityUnderNegation(+1, false, false), +1);
  EXPECT_EQ(PolarityUnderNegation(-1, false, false), -1);
  EXPECT_EQ(PolarityUnderNegation(+1, true, false), 0);   // did not back
  EXPECT_EQ(PolarityUnderNegation(-1, true, false), 0);   // did not attack
  EXPECT_EQ(PolarityUnderNegation(+1, false, true), -1);  // refused to back
  EXPECT_EQ(PolarityUnderNegation(-1, false, true), 0);   // refused to attack
  EXPECT_EQ(PolarityUnderNegation(+1, true, true), -1);
  EXPECT_EQ(PolarityUnderNegation(0, true, true), 0);
}

}  // namespace
}  // namespace kg
