#include "store/layout.h"

#include <gtest/gtest.h>

namespace kg::storage {
namespace {

TEST(LayoutTest, BigEndianRoundTripsAndSortsNumerically) {
  std::string small;
  std::string large;
  AppendBigEndian64(&small, 255);
  AppendBigEndian64(&large, 256);
  EXPECT_EQ(small.size(), 8u);
  EXPECT_LT(small, large);  // Byte order equals numeric order.
  EXPECT_EQ(DecodeBigEndian64(large), 256u);
  std::string word;
  AppendBigEndian32(&word, 0x01020304u);
  EXPECT_EQ(word, std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(DecodeBigEndian32(word), 0x01020304u);
}

TEST(LayoutTest, TripleKeysAreFixedWidthInGivenOrder) {
  std::string key = TripleKey(1, 2, 3);
  ASSERT_EQ(key.size(), kTripleKeyBytes);
  EXPECT_EQ(DecodeBigEndian64(key.substr(0, 8)), 1u);
  EXPECT_EQ(DecodeBigEndian64(key.substr(8, 8)), 2u);
  EXPECT_EQ(DecodeBigEndian64(key.substr(16, 8)), 3u);
  std::string evidence = EvidenceKey(key, 9);
  ASSERT_EQ(evidence.size(), kEvidenceKeyBytes);
  EXPECT_EQ(evidence.substr(0, kTripleKeyBytes), key);
  EXPECT_EQ(DecodeBigEndian64(evidence.substr(kTripleKeyBytes)), 9u);
}

TEST(LayoutTest, IndexKeySpacesAreDistinct) {
  EXPECT_NE(EntityIndexKey("x"), PredicateIndexKey("x"));
  EXPECT_NE(EntityIndexKey("x"), NameIndexKey("x"));
  std::string value = NameIndexValue(7, NameRank::kSurfaceText);
  ASSERT_EQ(value.size(), kIdBytes + 1);
  EXPECT_EQ(DecodeBigEndian64(value), 7u);
  EXPECT_EQ(value.back(), static_cast<char>(NameRank::kSurfaceText));
}

TEST(LayoutTest, PrefixSuccessorBoundsThePrefixRange) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xff\xff", 2)), "");
  EXPECT_EQ(PrefixSuccessor(""), "");
  std::string prefix = TripleKey(5, 0, 0).substr(0, 8);
  std::string successor = PrefixSuccessor(prefix);
  EXPECT_LT(TripleKey(5, ~0ull, ~0ull), successor);
  EXPECT_LE(successor, TripleKey(6, 0, 0));
}

}  // namespace
}  // namespace kg::storage
