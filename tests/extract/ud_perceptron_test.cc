#include "extract/ud_perceptron.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>
#include <cereal/archives/binary.hpp>

namespace kg {
namespace {

// The stored arrays of a finalized perceptron, read back from its archive:
// keys are decoded from their varint gaps.
struct StoredModel {
  int num_classes = 0;
  float scale = 0;
  std::vector<std::uint64_t> keys;
  std::vector<std::uint8_t> counts;
  std::vector<std::uint8_t> classes;
  std::vector<std::int16_t> values;
};

StoredModel Stored(const Perceptron& model) {
  std::stringstream bytes;
  {
    cereal::BinaryOutputArchive out(bytes);
    out(model);
  }
  StoredModel stored;
  std::vector<std::uint8_t> key_gaps;
  cereal::BinaryInputArchive in(bytes);
  in(stored.num_classes, stored.scale, key_gaps, stored.counts, stored.classes,
     stored.values);
  std::uint64_t key = 0;
  std::uint64_t gap = 0;
  int shift = 0;
  for (std::uint8_t b : key_gaps) {
    gap |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    shift += 7;
    if (b & 0x80) continue;
    key += gap;
    stored.keys.push_back(key);
    gap = 0;
    shift = 0;
  }
  EXPECT_EQ(stored.keys.size(), stored.counts.size());
  return stored;
}

// The plain definition of Score(): weights added feature by feature, in the
// order of each stored row.
std::vector<float> ReferenceScores(const StoredModel& m,
                                   const std::vector<std::uint64_t>& features) {
  std::vector<float> scores(m.num_classes, 0.0f);
  for (std::uint64_t feature : features) {
    std::size_t k = 0;
    for (std::size_t r = 0; r < m.keys.size(); k += m.counts[r], ++r) {
      if (m.keys[r] != (feature & Perceptron::kKeyMask)) continue;
      for (std::size_t i = k; i < k + m.counts[r]; ++i) {
        scores[m.classes[i]] += m.scale * m.values[i];
      }
      break;
    }
  }
  return scores;
}

// Rows of every density (a few classes up to all of them), so that both
// the sparse and the dense scoring paths run.
Perceptron TrainedModel(int num_classes, std::mt19937_64* rng) {
  Perceptron model(num_classes);
  std::uniform_int_distribution<int> cls(0, num_classes - 1);
  for (std::uint64_t feature = 1; feature <= 60; ++feature) {
    const int updates = static_cast<int>(feature % 20) * 4 + 1;
    for (int u = 0; u < updates; ++u) {
      model.Update({feature * 7919, 1000 + feature}, cls(*rng), cls(*rng));
      model.Tick();
    }
  }
  return model.Finalized();
}

TEST(PerceptronTest, FinalizedScoresEqualTheStoredWeightsBitForBit) {
  std::mt19937_64 rng(7);
  for (int num_classes : {3, 17, 104}) {
    const Perceptron model = TrainedModel(num_classes, &rng);
    ASSERT_TRUE(model.Valid());
    const StoredModel stored = Stored(model);
    ASSERT_FALSE(stored.keys.empty());
    bool has_dense_row = false;
    for (std::uint8_t count : stored.counts) {
      has_dense_row |= count * 2 >= num_classes;
    }
    EXPECT_TRUE(has_dense_row) << num_classes;
    std::uniform_int_distribution<std::size_t> pick(0, stored.keys.size() - 1);
    for (int trial = 0; trial < 50; ++trial) {
      std::vector<std::uint64_t> features;
      // Past one batch of lookups, with absent features and repeats.
      for (int f = 0; f < 150; ++f) {
        features.push_back(f % 5 == 0 ? rng() : stored.keys[pick(rng)]);
      }
      const std::vector<float> expected = ReferenceScores(stored, features);
      std::vector<float> scores(num_classes, 0.0f);
      model.Score(features, scores.data());
      ASSERT_EQ(0, std::memcmp(scores.data(), expected.data(),
                               scores.size() * sizeof(float)))
          << num_classes << " classes, trial " << trial;
    }
  }
}

TEST(PerceptronTest, KeysAreStoredSortedAndLoadBackToTheSameScores) {
  std::mt19937_64 rng(11);
  const Perceptron model = TrainedModel(17, &rng);
  const StoredModel stored = Stored(model);
  EXPECT_TRUE(std::is_sorted(stored.keys.begin(), stored.keys.end()));
  std::stringstream bytes;
  {
    cereal::BinaryOutputArchive out(bytes);
    out(model);
  }
  Perceptron loaded;
  {
    cereal::BinaryInputArchive in(bytes);
    in(loaded);
  }
  loaded.BuildLookup();
  ASSERT_TRUE(loaded.Valid());
  EXPECT_EQ(loaded.num_weights(), model.num_weights());
  std::vector<std::uint64_t> features(stored.keys.begin(), stored.keys.end());
  // A feature that differs only above the stored key bits matches too.
  features.push_back(stored.keys.front() | (std::uint64_t{1} << 60));
  std::vector<float> before(17, 0.0f);
  std::vector<float> after(17, 0.0f);
  model.Score(features, before.data());
  loaded.Score(features, after.data());
  EXPECT_EQ(before, after);
}

TEST(PerceptronTest, TruncatedKeysLeaveAnInvalidModel) {
  std::mt19937_64 rng(13);
  const StoredModel stored = Stored(TrainedModel(5, &rng));
  std::stringstream bytes;
  {
    cereal::BinaryOutputArchive out(bytes);
    // One key fewer than rows: the last row has no key.
    std::vector<std::uint8_t> gaps = {0x05};
    out(stored.num_classes, stored.scale, gaps, stored.counts, stored.classes,
        stored.values);
  }
  Perceptron loaded;
  cereal::BinaryInputArchive in(bytes);
  in(loaded);
  loaded.BuildLookup();
  EXPECT_FALSE(loaded.Valid());
}

// Loading leaves the lookup table to BuildLookup() (so that a model file's
// bytes can go first); until then the model is not valid and scores
// nothing, rather than scoring with a half-built table.
TEST(PerceptronTest, LoadedModelNeedsItsLookupTable) {
  std::mt19937_64 rng(17);
  const Perceptron model = TrainedModel(9, &rng);
  std::stringstream bytes;
  {
    cereal::BinaryOutputArchive out(bytes);
    out(model);
  }
  Perceptron loaded;
  {
    cereal::BinaryInputArchive in(bytes);
    in(loaded);
  }
  const StoredModel stored = Stored(model);
  const std::vector<std::uint64_t> features(stored.keys.begin(),
                                            stored.keys.end());
  std::vector<float> scores(9, 0.0f);
  EXPECT_FALSE(loaded.Valid());
  loaded.Score(features, scores.data());
  EXPECT_EQ(scores, std::vector<float>(9, 0.0f));
  loaded.BuildLookup();
  EXPECT_TRUE(loaded.Valid());
  std::vector<float> expected(9, 0.0f);
  model.Score(features, expected.data());
  loaded.Score(features, scores.data());
  EXPECT_EQ(scores, expected);
  EXPECT_NE(expected, std::vector<float>(9, 0.0f));
}

TEST(PerceptronTest, EmptyModelScoresNothing) {
  const Perceptron model = Perceptron(4).Finalized();
  std::vector<float> scores(4, 0.0f);
  model.Score({1, 2, 3}, scores.data());
  EXPECT_EQ(scores, std::vector<float>(4, 0.0f));
}

}  // namespace
}  // namespace kg
