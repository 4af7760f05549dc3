#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace kg {
namespace {

TEST(Utf8Test, ValidTextIsUnchanged) {
  std::string text = "Élysée — Kyiv “quote” 🇺🇦";
  EXPECT_EQ(FindInvalidUtf8(text), std::string::npos);
  EXPECT_EQ(RepairUtf8(&text), 0u);
  EXPECT_EQ(text, "Élysée — Kyiv “quote” 🇺🇦");
}

TEST(Utf8Test, InvalidBytesBecomeReplacementCharacters) {
  std::string text = "caf\xe9 ok \xff\xfe";
  EXPECT_EQ(FindInvalidUtf8(text), 3u);
  EXPECT_EQ(RepairUtf8(&text), 3u);
  EXPECT_EQ(text, "caf\uFFFD ok \uFFFD\uFFFD");
  EXPECT_EQ(FindInvalidUtf8(text), std::string::npos);
}

TEST(Utf8Test, RejectsOverlongSurrogatesAndTruncated) {
  EXPECT_NE(FindInvalidUtf8("\xC0\xAF"), std::string::npos);      // Overlong.
  EXPECT_NE(FindInvalidUtf8("\xED\xA0\x80"), std::string::npos);  // Surrogate.
  EXPECT_NE(FindInvalidUtf8("\xF4\x90\x80\x80"), std::string::npos);
  EXPECT_NE(FindInvalidUtf8("abc\xE2\x82"), std::string::npos);  // Cut off.
}

TEST(Utf8Test, LooksBinary) {
  EXPECT_FALSE(LooksBinary("Plain text.\n\tIndented line.\r\n"));
  EXPECT_TRUE(LooksBinary(std::string("ab\0cd", 5)));
  EXPECT_TRUE(LooksBinary("\x01\x02\x03\x04\x05\x06 text"));
  EXPECT_FALSE(LooksBinary(""));
}

TEST(Utf8Test, CountsCodePoints) {
  EXPECT_EQ(CountCodePoints("Élysée"), 6u);
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("a—b"), 3u);
}

}  // namespace
}  // namespace kg
