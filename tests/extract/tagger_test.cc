#include "extract/tagger.h"

#include <string>

#include <gtest/gtest.h>

#include "extract/lemmatizer.h"

namespace kg {
namespace {

std::vector<ConlluSentence> Tiny() {
  Result<std::vector<ConlluSentence>> r =
      ReadConllu(std::string(KG_SOURCE_DIR) + "/tests/data/ud/tiny.conllu");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<ConlluSentence>{};
}

TEST(TaggerTest, LearnsTheTinyTreebank) {
  const std::vector<ConlluSentence> tiny = Tiny();
  TaggerOptions options;
  options.dictionary_min_count = 3;
  Result<Tagger> tagger = Tagger::Train(tiny, options, nullptr);
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  EXPECT_TRUE(tagger->Valid());
  EXPECT_GT(tagger->Accuracy(tiny), 0.97);
  const int det = tagger->TagId("DET", "DT");
  ASSERT_GE(det, 0);
  EXPECT_EQ(tagger->Upos(det), "DET");
  EXPECT_EQ(tagger->TagId("DET", "NN"), -1);
  // Unseen words get a tag from their context and shape.
  std::vector<int> tags;
  tagger->Tag({"Chile", "condemned", "the", "treaty", "."}, &tags);
  ASSERT_EQ(tags.size(), 5u);
  EXPECT_EQ(tagger->Upos(tags[2]), "DET");
  EXPECT_EQ(tagger->Upos(tags[4]), "PUNCT");
  tagger->Tag({}, &tags);
  EXPECT_TRUE(tags.empty());
}

TEST(TaggerTest, RefusesEmptyTrainingData) {
  EXPECT_TRUE(
      Tagger::Train({}, TaggerOptions(), nullptr).status().IsInvalidArgument());
}

TEST(LemmatizerTest, UsesTheDictionaryThenSuffixRules) {
  const Lemmatizer lemmatizer = Lemmatizer::Train(Tiny());
  EXPECT_EQ(lemmatizer.Lemmatize("talks", "NOUN", "NNS"), "talk");
  EXPECT_EQ(lemmatizer.Lemmatize("The", "DET", "DT"), "the");
  // Unseen words: the -ed and -s rules learned from seen ones.
  EXPECT_EQ(lemmatizer.Lemmatize("vetoed", "VERB", "VBD"), "veto");
  EXPECT_EQ(lemmatizer.Lemmatize("drones", "NOUN", "NNS"), "drone");
  EXPECT_EQ(lemmatizer.Lemmatize("", "X", "XX"), "_");
}

}  // namespace
}  // namespace kg
