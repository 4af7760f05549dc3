#include "nlp/ml/perceptron.h"
#include "tests/nlp/archive_round_trip.h"

#include <algorithm>
#include <cmath>
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

// The plain definition of Score(): the stored integer values of every
// feature's row summed per class, then scaled once and added to the
// scores.
std::vector<float> ReferenceScores(const StoredModel& m,
                                   const std::vector<std::uint64_t>& features) {
  std::vector<std::int32_t> sums(m.num_classes, 0);
  for (std::uint64_t feature : features) {
    std::size_t k = 0;
    for (std::size_t r = 0; r < m.keys.size(); k += m.counts[r], ++r) {
      if (m.keys[r] != (feature & Perceptron::kKeyMask)) continue;
      for (std::size_t i = k; i < k + m.counts[r]; ++i) {
        sums[m.classes[i]] += m.values[i];
      }
      break;
    }
  }
  std::vector<float> scores(m.num_classes, 0.0f);
  for (int c = 0; c < m.num_classes; ++c) {
    scores[c] += m.scale * static_cast<float>(sums[c]);
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

// Scores batches of stored and absent features, past one batch of lookups
// and with repeats, and compares them bit for bit with ReferenceScores().
void ExpectScoresAsStored(const Perceptron& model, const StoredModel& stored,
                          std::mt19937_64* rng) {
  const int num_classes = model.num_classes();
  std::uniform_int_distribution<std::size_t> pick(0, stored.keys.size() - 1);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<std::uint64_t> features;
    for (int f = 0; f < 150; ++f) {
      features.push_back(f % 5 == 0 ? (*rng)() : stored.keys[pick(*rng)]);
    }
    const std::vector<float> expected = ReferenceScores(stored, features);
    std::vector<float> scores(num_classes, 0.0f);
    model.Score(features, scores.data());
    ASSERT_EQ(0, std::memcmp(scores.data(), expected.data(),
                             scores.size() * sizeof(float)))
        << num_classes << " classes, trial " << trial;
  }
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
    ExpectScoresAsStored(model, stored, &rng);
  }
}

// Rows of one or two weights live in the lookup slot itself (their
// classes and int16 values packed into it): negative values, class 0 and
// the highest class must come back out exactly.
TEST(PerceptronTest, RowsOfOneOrTwoWeightsScoreAsStored) {
  std::mt19937_64 rng(29);
  for (int num_classes : {3, 17, 255}) {
    Perceptron training(num_classes);
    for (std::uint64_t feature = 1; feature <= 400; ++feature) {
      // Class 0, the highest class and others; (truth, guess) repeated,
      // then one more guess, so that the row's weights differ in size.
      const int truth =
          feature % 7 == 0 ? 0 : static_cast<int>(rng() % num_classes);
      const int guess =
          feature % 11 == 0 ? num_classes - 1 : (truth + 1) % num_classes;
      const int other = (guess + 1) % num_classes == truth
                            ? (guess + 2) % num_classes
                            : (guess + 1) % num_classes;
      const int updates = static_cast<int>(feature % 3) + 1;
      for (int u = 0; u < updates; ++u) {
        training.Update({feature * 104729}, truth, guess);
        training.Tick();
      }
      training.Update({feature * 104729}, truth, other);
      training.Tick();
    }
    // Pruning drops the smaller weight of many rows: rows of one weight.
    const Perceptron full = training.Finalized();
    const StoredModel full_stored = Stored(full);
    std::vector<float> magnitudes;
    for (std::int16_t v : full_stored.values) {
      magnitudes.push_back(std::fabs(v * full_stored.scale));
    }
    std::nth_element(magnitudes.begin(),
                     magnitudes.begin() + magnitudes.size() / 2,
                     magnitudes.end());
    for (const Perceptron& model :
         {full, full.Pruned(magnitudes[magnitudes.size() / 2])}) {
      ASSERT_TRUE(model.Valid());
      const StoredModel stored = Stored(model);
      ASSERT_FALSE(stored.keys.empty());
      bool negative = false;
      for (std::int16_t v : stored.values) negative |= v < 0;
      EXPECT_TRUE(negative) << num_classes;
      ExpectScoresAsStored(model, stored, &rng);
      Perceptron loaded = testing_util::ArchiveRoundTrip(model);
      loaded.BuildLookup();
      ExpectScoresAsStored(loaded, stored, &rng);
    }
    const StoredModel pruned =
        Stored(full.Pruned(magnitudes[magnitudes.size() / 2]));
    EXPECT_TRUE(std::count(pruned.counts.begin(), pruned.counts.end(), 1) > 0)
        << num_classes;
    EXPECT_TRUE(
        std::count(full_stored.counts.begin(), full_stored.counts.end(), 2) > 0)
        << num_classes;
  }
}

TEST(PerceptronTest, KeysAreStoredSortedAndLoadBackToTheSameScores) {
  std::mt19937_64 rng(11);
  const Perceptron model = TrainedModel(17, &rng);
  const StoredModel stored = Stored(model);
  EXPECT_TRUE(std::is_sorted(stored.keys.begin(), stored.keys.end()));
  Perceptron loaded = testing_util::ArchiveRoundTrip(model);
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

// A key above the stored key bits (which a writer never produces) would
// clash with the classes the lookup table packs above them.
TEST(PerceptronTest, KeysAboveTheStoredBitsLeaveAnInvalidModel) {
  std::stringstream bytes;
  {
    cereal::BinaryOutputArchive out(bytes);
    // One row, key 2^49: seven varint bytes.
    std::vector<std::uint8_t> gaps = {0x80, 0x80, 0x80, 0x80,
                                      0x80, 0x80, 0x80, 0x01};
    out(4, 1.0f, gaps, std::vector<std::uint8_t>{1},
        std::vector<std::uint8_t>{2}, std::vector<std::int16_t>{5});
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
  Perceptron loaded = testing_util::ArchiveRoundTrip(model);
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

// Averaging is what makes an ensemble one model: the average scores every
// feature vector as the mean of the members' scores (up to the rounding
// of its own quantisation), including features only some members have.
TEST(PerceptronTest, AverageScoresAsTheMeanOfTheModels) {
  std::mt19937_64 rng(19);
  const Perceptron a = TrainedModel(17, &rng);
  const Perceptron b = TrainedModel(17, &rng);
  Perceptron only_c(17);
  only_c.Update({424242}, 3, 5);
  only_c.Tick();
  const Perceptron c = only_c.Finalized();
  const Perceptron average = Perceptron::Average({&a, &b, &c});
  ASSERT_TRUE(average.Valid());
  EXPECT_EQ(average.num_classes(), 17);
  const StoredModel sa = Stored(a);
  std::vector<std::uint64_t> features(sa.keys.begin(), sa.keys.end());
  features.push_back(424242);
  features.push_back(rng());  // Absent from every model.
  float max_abs = 0.0f;
  std::vector<float> expected(17, 0.0f);
  for (const Perceptron* m : {&a, &b, &c}) {
    std::vector<float> scores(17, 0.0f);
    m->Score(features, scores.data());
    for (int k = 0; k < 17; ++k) {
      expected[k] += scores[k] / 3.0f;
      max_abs = std::max(max_abs, std::fabs(scores[k]));
    }
  }
  std::vector<float> scores(17, 0.0f);
  average.Score(features, scores.data());
  for (int k = 0; k < 17; ++k) {
    EXPECT_NEAR(scores[k], expected[k], 1e-3f * max_abs + 1e-6f) << k;
  }
  // The feature of the third model alone: a third of its weight.
  std::vector<float> lone(17, 0.0f);
  average.Score({424242}, lone.data());
  std::vector<float> lone_c(17, 0.0f);
  c.Score({424242}, lone_c.data());
  EXPECT_NE(lone_c[3], 0.0f);
  EXPECT_NEAR(lone[3], lone_c[3] / 3.0f, 1e-3f * std::fabs(lone_c[3]));
}

TEST(PerceptronTest, AverageOfOneModelScoresLikeIt) {
  std::mt19937_64 rng(23);
  const Perceptron a = TrainedModel(9, &rng);
  const Perceptron average = Perceptron::Average({&a});
  EXPECT_EQ(average.num_weights(), a.num_weights());
  const StoredModel sa = Stored(a);
  const std::vector<std::uint64_t> features(sa.keys.begin(), sa.keys.end());
  std::vector<float> expected(9, 0.0f), scores(9, 0.0f);
  a.Score(features, expected.data());
  average.Score(features, scores.data());
  for (int k = 0; k < 9; ++k) EXPECT_NEAR(scores[k], expected[k], 1e-4f);
}

TEST(PerceptronTest, EmptyModelScoresNothing) {
  const Perceptron model = Perceptron(4).Finalized();
  std::vector<float> scores(4, 0.0f);
  model.Score({1, 2, 3}, scores.data());
  EXPECT_EQ(scores, std::vector<float>(4, 0.0f));
}

}  // namespace
}  // namespace kg
