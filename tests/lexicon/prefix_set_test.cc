#include "lexicon/prefix_set.h"

#include <string>

#include <gtest/gtest.h>

namespace kg {
namespace {

TEST(PrefixSetTest, HoldsExactlyWhatWasInserted) {
  PrefixSet set;
  EXPECT_FALSE(set.Contains(""));
  EXPECT_FALSE(set.Contains("united"));
  for (std::string key : {"united", "united states", "", "x"}) set.Insert(key);
  EXPECT_EQ(set.size(), 4u);
  EXPECT_TRUE(set.Contains("united"));
  EXPECT_TRUE(set.Contains("united states"));
  EXPECT_TRUE(set.Contains(""));
  EXPECT_TRUE(set.Contains("x"));
  // Same length, first and last bytes: the filter passes, the set decides.
  EXPECT_FALSE(set.Contains("unitad"));
  EXPECT_FALSE(set.Contains("united kingdom"));
  EXPECT_FALSE(set.Contains("y"));
}

}  // namespace
}  // namespace kg
