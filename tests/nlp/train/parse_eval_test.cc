#include "nlp/train/parse_eval.h"

#include <gtest/gtest.h>

namespace kg {
namespace {

std::vector<ConlluSentence> Parse(const std::string& text) {
  Result<std::vector<ConlluSentence>> r = ParseConllu(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<ConlluSentence>{};
}

constexpr char kGold[] =
    "1\tWe\twe\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n"
    "2-3\twon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\two\twill\tAUX\tMD\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n";

TEST(ParseEvalTest, IdenticalParsesScorePerfectly) {
  const ParseScores s = ScoreParses(Parse(kGold), Parse(kGold));
  EXPECT_EQ(s.gold_words, 4u);
  EXPECT_DOUBLE_EQ(s.words, 1.0);
  EXPECT_DOUBLE_EQ(s.las, 1.0);
  EXPECT_DOUBLE_EQ(s.lemma, 1.0);
}

TEST(ParseEvalTest, LasIgnoresSubtypesButLasFullDoesNot) {
  std::string system = kGold;
  system.replace(system.find("nsubj"), 5, "nsubj:pass");
  const ParseScores s = ScoreParses(Parse(kGold), Parse(system));
  EXPECT_DOUBLE_EQ(s.las, 1.0);
  EXPECT_DOUBLE_EQ(s.las_full, 0.75);
}

TEST(ParseEvalTest, WrongHeadsAndTagsCount) {
  std::string system = kGold;
  system.replace(system.find("\t3\tnsubj"), 3, "\t4\t");
  system.replace(system.find("VERB"), 4, "NOUN");
  const ParseScores s = ScoreParses(Parse(kGold), Parse(system));
  EXPECT_DOUBLE_EQ(s.uas, 0.75);
  EXPECT_DOUBLE_EQ(s.upos, 0.75);
}

TEST(ParseEvalTest, AlignsDifferentTokenizationsByCharacters) {
  // The system did not split the clitic: "won't" is one word.
  const std::string system =
      "1\tWe\twe\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
      "2\twon't\twill\tAUX\tMD\t_\t3\taux\t_\t_\n"
      "3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n";
  const ParseScores s = ScoreParses(Parse(kGold), Parse(system));
  EXPECT_EQ(s.system_words, 3u);
  EXPECT_EQ(s.aligned_words, 2u);
  EXPECT_NEAR(s.words, 2.0 * 2 / 7, 1e-9);
  // "We" is attached to the word aligned with nothing: wrong. "go" is right.
  EXPECT_NEAR(s.uas, 2.0 * 1 / 7, 1e-9);
  EXPECT_NE(FormatScores(s).find("LAS"), std::string::npos);
}

}  // namespace
}  // namespace kg
