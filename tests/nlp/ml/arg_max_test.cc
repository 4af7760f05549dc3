#include "nlp/ml/arg_max.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <random>
#include <vector>

namespace kg {
namespace {

// Rows of every length up to a few lane groups, with values drawn from a
// small set so that ties (where the first index must win) are common.
std::vector<std::vector<float>> RandomRows() {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(-4, 4);
  std::vector<std::vector<float>> rows;
  for (std::size_t n = 1; n <= 40; ++n) {
    for (int copy = 0; copy < 25; ++copy) {
      std::vector<float> row(n);
      for (float& x : row) x = 0.5f * static_cast<float>(value(rng));
      rows.push_back(row);
    }
  }
  return rows;
}

TEST(ArgMaxTest, GivesTheFirstHighestAsMaxElementDoes) {
  for (const std::vector<float>& row : RandomRows()) {
    const auto expected = static_cast<std::size_t>(
        std::max_element(row.begin(), row.end()) - row.begin());
    EXPECT_EQ(ArgMax(row.data(), row.size()), expected)
        << "row of " << row.size();
  }
}

TEST(ArgMaxTest, HandlesEmptyAndInfiniteRows) {
  EXPECT_EQ(ArgMax(nullptr, 0), 0u);
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> all_low(11, -inf);
  EXPECT_EQ(ArgMax(all_low.data(), all_low.size()), 0u);
  std::vector<float> one_high(19, -inf);
  one_high[17] = inf;
  EXPECT_EQ(ArgMax(one_high.data(), one_high.size()), 17u);
}

TEST(ArgMaxTest, ExceptSkipsOneIndexAndKeepsTheFirstOfTies) {
  for (const std::vector<float>& row : RandomRows()) {
    if (row.size() < 2) continue;
    for (std::size_t skip = 0; skip < row.size(); ++skip) {
      std::size_t expected = skip == 0 ? 1 : 0;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i != skip && row[i] > row[expected]) expected = i;
      }
      EXPECT_EQ(ArgMaxExcept(row.data(), row.size(), skip), expected)
          << "row of " << row.size() << " skipping " << skip;
    }
  }
}

}  // namespace
}  // namespace kg
