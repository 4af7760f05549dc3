#include "nlp/tagger.h"

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "nlp/lemmatizer.h"
#include "nlp/ml/features.h"
#include "nlp/ml/word_clusters.h"
#include "nlp/word_form.h"
#include "tests/nlp/archive_round_trip.h"

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

// Each word's runner-up is another tag, the margin by which it lost is
// finite and not negative, and words tagged from the dictionary have none.
TEST(TaggerTest, ReportsEachWordsRunnerUpAndMargin) {
  TaggerOptions options;
  options.dictionary_min_count = 3;
  Result<Tagger> tagger = Tagger::Train(Tiny(), options, nullptr);
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  const std::vector<std::string> forms = {"the", "envoys", "mediated", "talks",
                                          "."};
  Tagging tagging;
  tagger->Tag(forms, &tagging);
  std::vector<int> tags;
  tagger->Tag(forms, &tags);
  EXPECT_EQ(tagging.tags, tags);
  ASSERT_EQ(tagging.runners_up.size(), forms.size());
  ASSERT_EQ(tagging.margins.size(), forms.size());
  int with_runner_up = 0;
  for (std::size_t i = 0; i < forms.size(); ++i) {
    const int runner_up = tagging.runners_up[i];
    if (runner_up < 0) {
      EXPECT_EQ(tagging.margins[i], std::numeric_limits<float>::infinity());
      continue;
    }
    ++with_runner_up;
    EXPECT_LT(runner_up, tagger->num_tags());
    EXPECT_NE(runner_up, tagging.tags[i]) << forms[i];
    EXPECT_GE(tagging.margins[i], 0.0f) << forms[i];
    EXPECT_TRUE(std::isfinite(tagging.margins[i])) << forms[i];
  }
  // "the" (7 times, always DET) and "." come from the dictionary; the
  // unseen words are scored.
  EXPECT_EQ(tagging.runners_up[0], -1);
  EXPECT_EQ(tagging.runners_up[4], -1);
  EXPECT_GE(with_runner_up, 3);
  tagger->Tag({}, &tagging);
  EXPECT_TRUE(tagging.tags.empty());
  EXPECT_TRUE(tagging.runners_up.empty());
}

ConlluSentence Tagged(const std::vector<std::array<std::string, 3>>& words) {
  ConlluSentence sentence;
  for (const auto& [form, upos, xpos] : words) {
    ConlluWord w;
    w.form = form;
    w.upos = upos;
    w.xpos = xpos;
    sentence.words.push_back(w);
  }
  return sentence;
}

TEST(TaggerTest, KeepsTheUposEachFormWasSeenWith) {
  const std::vector<ConlluSentence> train = {
      Tagged({{"The", "DET", "DT"},
              {"talks", "NOUN", "NNS"},
              {"failed", "VERB", "VBD"},
              {".", "PUNCT", "."}}),
      Tagged({{"She", "PRON", "PRP"},
              {"talks", "VERB", "VBZ"},
              {"to", "ADP", "IN"},
              {"the", "DET", "DT"},
              {"press", "NOUN", "NN"},
              {".", "PUNCT", "."}}),
  };
  TaggerOptions options;
  options.epochs = 2;
  Result<Tagger> tagger = Tagger::Train(train, options, nullptr);
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  EXPECT_EQ(tagger->SeenUpos("talks"),
            (std::vector<std::string>{"NOUN", "VERB"}));
  EXPECT_EQ(tagger->SeenUpos("the"), std::vector<std::string>{"DET"});
  EXPECT_EQ(tagger->SeenUpos("The"), std::vector<std::string>{"DET"});
  // Classes are per exact form; unseen forms have none.
  EXPECT_TRUE(tagger->SeenUpos("Talks").empty());
  EXPECT_TRUE(tagger->SeenUpos("zebra").empty());
}

// Sentences of unlabelled text in which animals and verbs keep to their
// own places: "on Monday morning the goat fled".
std::vector<std::vector<std::string>> UnlabelledText() {
  std::vector<std::vector<std::string>> sentences;
  for (const std::string day : {"Monday", "Friday", "Sunday"}) {
    for (const std::string animal : {"dog", "cat", "horse", "goat"}) {
      for (const std::string verb : {"ran", "slept", "ate", "fled"}) {
        sentences.push_back({"on", day, "morning", "the", animal, verb});
      }
    }
  }
  return sentences;
}

TEST(TaggerTest, WordClassesTagWordsTheTreebankNeverShowed) {
  // Words alone, so that neither context nor shape tells "goat" from
  // "fled": only their classes in the unlabelled text do.
  std::vector<ConlluSentence> train;
  for (const std::string noun : {"dog", "cat", "horse"}) {
    train.push_back(Tagged({{noun, "NOUN", "NN"}, {".", "PUNCT", "."}}));
  }
  for (const std::string verb : {"ran", "slept", "ate"}) {
    train.push_back(Tagged({{verb, "VERB", "VBD"}, {".", "PUNCT", "."}}));
  }
  TaggerOptions plain_options;
  plain_options.epochs = 4;
  TaggerOptions options = plain_options;
  ClusterOptions cluster_options;
  cluster_options.sizes = {4, 8, 16};
  options.clusters = std::make_shared<const WordClusters>(
      WordClusters::Learn(UnlabelledText(), cluster_options));
  ASSERT_NE(options.clusters->Find(nlp::HashString("goat")), 0u);

  Result<Tagger> plain = Tagger::Train(train, plain_options, nullptr);
  Result<Tagger> tagger = Tagger::Train(train, options, nullptr);
  ASSERT_TRUE(plain.ok() && tagger.ok());
  EXPECT_TRUE(tagger->Valid());
  const auto upos_of = [](const Tagger& t, const std::string& form) {
    std::vector<int> tags;
    t.Tag({form, "."}, &tags);
    return t.Upos(tags[0]);
  };
  EXPECT_EQ(upos_of(*tagger, "goat"), "NOUN");
  EXPECT_EQ(upos_of(*tagger, "fled"), "VERB");
  // Without classes the two unseen words look alike: one of them is wrong.
  EXPECT_EQ(upos_of(*plain, "goat"), upos_of(*plain, "fled"));

  // The classes travel with the tagger through an archive.
  Tagger loaded = testing_util::ArchiveRoundTrip(*tagger);
  loaded.BuildLookup();
  ASSERT_TRUE(loaded.Valid());
  EXPECT_EQ(upos_of(loaded, "goat"), "NOUN");
  EXPECT_EQ(upos_of(loaded, "fled"), "VERB");
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

// Loading rebuilds the hash-keyed lookup tables from the stored ones.
TEST(LemmatizerTest, LemmatizesTheSameAfterARoundTrip) {
  const Lemmatizer trained = Lemmatizer::Train(Tiny());
  const Lemmatizer loaded = testing_util::ArchiveRoundTrip(trained);
  for (const auto& [form, xpos] :
       std::vector<std::pair<std::string, std::string>>{{"talks", "NNS"},
                                                        {"The", "DT"},
                                                        {"vetoed", "VBD"},
                                                        {"drones", "NNS"},
                                                        {"Talks", "NNS"},
                                                        {"unseen", "JJ"}}) {
    EXPECT_EQ(loaded.Lemmatize(form, "", xpos),
              trained.Lemmatize(form, "", xpos))
        << form;
  }
  EXPECT_EQ(loaded.Lemmatize("vetoed", "VERB", "VBD"), "veto");
}

}  // namespace
}  // namespace kg
