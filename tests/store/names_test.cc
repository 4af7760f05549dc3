#include "store/names.h"

#include <gtest/gtest.h>

namespace kg::storage {
namespace {

TEST(NamesTest, NormaliseFoldsCaseSpacesAndUnderscores) {
  EXPECT_EQ(NormaliseName("  Grand   FENWICK\t"), "grand fenwick");
  EXPECT_EQ(NormaliseName("rufus_t_firefly"), "rufus t firefly");
  EXPECT_EQ(NormaliseName(""), "");
  EXPECT_EQ(NormaliseName(" _ "), "");
  // Non-ASCII bytes pass through unchanged.
  EXPECT_EQ(NormaliseName("Ömer"), "Ömer");
}

TEST(NamesTest, EditDistanceIsLevenshtein) {
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 5), 3u);
  EXPECT_EQ(BoundedEditDistance("", "abc", 5), 3u);
  EXPECT_EQ(BoundedEditDistance("same", "same", 0), 0u);
  EXPECT_EQ(BoundedEditDistance("flaw", "lawn", 3), 2u);
}

TEST(NamesTest, EditDistanceStopsPastTheBound) {
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 2), 3u);
  EXPECT_EQ(BoundedEditDistance("a", "abcdefgh", 2), 3u);
  EXPECT_EQ(BoundedEditDistance("abcdef", "uvwxyz", 1), 2u);
}

TEST(NamesTest, NameDistanceMatchesWordRuns) {
  EXPECT_EQ(NameDistance("fredonia", "freedonia", 3), 1u);
  // One word of a longer name: its distance plus one.
  EXPECT_EQ(NameDistance("fenwik", "grand fenwick", 3), 2u);
  EXPECT_EQ(NameDistance("grand fenwik", "the grand fenwick", 3), 2u);
  EXPECT_EQ(NameDistance("fenwick", "grand fenwick", 3), 1u);
  EXPECT_EQ(NameDistance("zzzz", "grand fenwick", 2), 3u);
}

}  // namespace
}  // namespace kg::storage
