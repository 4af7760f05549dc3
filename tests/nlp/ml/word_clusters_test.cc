#include "nlp/ml/word_clusters.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <cereal/archives/binary.hpp>

#include "nlp/ml/features.h"
#include "nlp/word_form.h"
#include "tests/nlp/archive_round_trip.h"

namespace kg {
namespace {

std::uint64_t Classes(const WordClusters& clusters, const std::string& form) {
  return clusters.Find(nlp::HashString(nlp::NormalizeForm(form)));
}

// Two kinds of words that occur in different contexts: weekdays after
// "on" and before "morning", animals after "the" and before a verb.
std::vector<std::vector<std::string>> TwoKindsOfWords() {
  const std::vector<std::string> days = {"Monday", "Tuesday", "Friday",
                                         "Sunday"};
  const std::vector<std::string> animals = {"dog", "cat", "horse", "goat"};
  const std::vector<std::string> verbs = {"ran", "slept", "ate"};
  std::vector<std::vector<std::string>> sentences;
  for (int round = 0; round < 5; ++round) {
    for (const std::string& day : days) {
      for (const std::string& animal : animals) {
        for (const std::string& verb : verbs) {
          sentences.push_back({"on", day, "morning", "the", animal, verb});
        }
      }
    }
  }
  return sentences;
}

TEST(WordClustersTest, WordsOfTheSameContextsShareAClass) {
  ClusterOptions options;
  options.sizes = {4, 8};
  const WordClusters clusters = WordClusters::Learn(TwoKindsOfWords(), options);
  ASSERT_TRUE(clusters.Valid());
  EXPECT_EQ(clusters.levels(), 2);
  EXPECT_EQ(clusters.size(), 14u);  // Every word occurs at least twice.
  for (int level = 0; level < 2; ++level) {
    const auto level_of = [&](const std::string& form) {
      return WordClusters::Level(Classes(clusters, form), level);
    };
    EXPECT_NE(level_of("monday"), 0u);
    EXPECT_EQ(level_of("Monday"), level_of("sunday")) << level;
    EXPECT_EQ(level_of("Tuesday"), level_of("Friday")) << level;
    EXPECT_EQ(level_of("dog"), level_of("goat")) << level;
    EXPECT_EQ(level_of("cat"), level_of("horse")) << level;
    EXPECT_NE(level_of("Monday"), level_of("dog")) << level;
    EXPECT_NE(level_of("dog"), level_of("ran")) << level;
  }
  // A word never seen, or seen less than min_count times, has no class.
  EXPECT_EQ(Classes(clusters, "Wednesday"), 0u);
}

TEST(WordClustersTest, RareWordsGetNoClassAndLearningIsDeterministic) {
  std::vector<std::vector<std::string>> sentences = TwoKindsOfWords();
  sentences.push_back({"on", "Caturday", "morning"});
  ClusterOptions options;
  options.sizes = {4};
  const WordClusters a = WordClusters::Learn(sentences, options);
  const WordClusters b = WordClusters::Learn(sentences, options);
  EXPECT_EQ(Classes(a, "Caturday"), 0u);
  for (const std::string form : {"monday", "dog", "ate", "the", "on"}) {
    EXPECT_EQ(Classes(a, form), Classes(b, form)) << form;
  }
  EXPECT_TRUE(WordClusters::Learn({}, options).empty());
}

TEST(WordClustersTest, SurvivesAnArchiveAndDetectsDisorder) {
  const WordClusters clusters =
      WordClusters::Learn(TwoKindsOfWords(), ClusterOptions());
  WordClusters loaded = testing_util::ArchiveRoundTrip(clusters);
  loaded.BuildLookup();
  ASSERT_TRUE(loaded.Valid());
  for (const std::string form : {"monday", "dog", "ate", "unknown"}) {
    EXPECT_EQ(Classes(loaded, form), Classes(clusters, form)) << form;
  }
  // Keys out of order (a damaged file) make the table invalid.
  std::stringstream bad;
  {
    cereal::BinaryOutputArchive out(bad);
    out(std::vector<int>{4}, std::vector<std::uint64_t>{9, 3},
        std::vector<std::uint64_t>{1, 2});
  }
  WordClusters damaged;
  {
    cereal::BinaryInputArchive in(bad);
    in(damaged);
  }
  damaged.BuildLookup();
  EXPECT_FALSE(damaged.Valid());
  EXPECT_EQ(damaged.Find(9), 0u);
}

}  // namespace
}  // namespace kg
