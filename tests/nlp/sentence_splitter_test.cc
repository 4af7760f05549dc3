#include "nlp/sentence_splitter.h"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/testing/time_limit.h"

namespace kg {
namespace {

std::vector<std::string> Split(std::string_view text,
                               SplitterOptions options = {}) {
  std::vector<std::string> out;
  for (const SentenceSpan& s : SplitSentencesBaseline(text, options)) {
    EXPECT_LT(s.begin, s.end);
    EXPECT_LE(s.end, text.size());
    out.emplace_back(text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(SentenceSplitterTest, SplitsOnTerminalPunctuation) {
  EXPECT_EQ(Split("Malta voted. Cyprus abstained! Why? Nobody knows."),
            (V{"Malta voted.", "Cyprus abstained!", "Why?", "Nobody knows."}));
  EXPECT_TRUE(Split("").empty());
  EXPECT_TRUE(Split("   \n\n ").empty());
  EXPECT_EQ(Split("No final stop"), (V{"No final stop"}));
}

TEST(SentenceSplitterTest, KeepsAbbreviationsInitialsAndDecimals) {
  EXPECT_EQ(
      Split("Mr. Vella met Dr. Borg on Sept. 4 in St. Julian's. They agreed."),
      (V{"Mr. Vella met Dr. Borg on Sept. 4 in St. Julian's.",
         "They agreed."}));
  EXPECT_EQ(
      Split("Gen. Abela and John F. Grech spoke. Growth was 2.5 percent."),
      (V{"Gen. Abela and John F. Grech spoke.", "Growth was 2.5 percent."}));
  EXPECT_EQ(Split("The U.S. President spoke. The U.K. listened."),
            (V{"The U.S. President spoke.", "The U.K. listened."}));
  EXPECT_EQ(Split("Talks moved to the U.S. The E.U. waited."),
            (V{"Talks moved to the U.S.", "The E.U. waited."}));
  EXPECT_EQ(Split("Resolution No. 5 passed. Then it failed."),
            (V{"Resolution No. 5 passed.", "Then it failed."}));
  EXPECT_EQ(Split("The answer was no. Then it changed."),
            (V{"The answer was no.", "Then it changed."}));
  EXPECT_EQ(Split("Acme Inc. said yes. Acme Inc. Later it said no."),
            (V{"Acme Inc. said yes.", "Acme Inc.", "Later it said no."}));
}

TEST(SentenceSplitterTest, QuotesCitationsAndEllipses) {
  EXPECT_EQ(Split("\"We agree.\" Malta signed."),
            (V{"\"We agree.\"", "Malta signed."}));
  EXPECT_EQ(Split("\xE2\x80\x9CWe agree.\xE2\x80\x9D Malta signed."),
            (V{"\xE2\x80\x9CWe agree.\xE2\x80\x9D", "Malta signed."}));
  EXPECT_EQ(Split("It grew.[3] Then it shrank."),
            (V{"It grew.[3]", "Then it shrank."}));
  EXPECT_EQ(Split("Wait... and see. Then... Go."),
            (V{"Wait... and see.", "Then...", "Go."}));
  EXPECT_EQ(Split("It ended.\xC2\xA0Then it began."),
            (V{"It ended.", "Then it began."}));
}

TEST(SentenceSplitterTest, ParagraphsAndHeadlines) {
  EXPECT_EQ(Split("First paragraph without stop\n\nSecond one."),
            (V{"First paragraph without stop", "Second one."}));
  EXPECT_EQ(Split("Leaders Gather in Valletta\nMalta hosted the summit."),
            (V{"Leaders Gather in Valletta", "Malta hosted the summit."}));
  // A wrapped line ending in a function word continues the sentence.
  EXPECT_EQ(Split("Malta said that the\nPresident would come."),
            (V{"Malta said that the\nPresident would come."}));
  // A wrapped line followed by lower case continues too.
  EXPECT_EQ(Split("Malta hosted talks\nwith Cyprus."),
            (V{"Malta hosted talks\nwith Cyprus."}));
}

TEST(SentenceSplitterTest, LongSentencesAreChunked) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "word ";
  SplitterOptions options;
  options.max_sentence_bytes = 200;
  std::vector<SentenceSpan> spans = SplitSentencesBaseline(text, options);
  ASSERT_GT(spans.size(), 20u);
  for (const SentenceSpan& s : spans) EXPECT_LE(s.end - s.begin, 200u);
  // No spaces at all: cut at a code point boundary.
  std::string dense;
  for (int i = 0; i < 500; ++i) dense += "\xC3\xA9";
  spans = SplitSentencesBaseline(dense, options);
  ASSERT_GT(spans.size(), 1u);
  for (const SentenceSpan& s : spans) {
    EXPECT_NE(static_cast<unsigned char>(dense[s.begin]) & 0xC0, 0x80u);
  }
}

TEST(SentenceSplitterTest, TenMegabytesInLinearTime) {
  std::string text;
  text.reserve(10 << 20);
  while (text.size() < (10u << 20))
    text += "Malta met Mr. Borg on Sept. 4 and agreed. ";
  auto start = std::chrono::steady_clock::now();
  std::vector<SentenceSpan> spans = SplitSentencesBaseline(text);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_GT(spans.size(), 200000u);
  EXPECT_LT(seconds, TimeLimit(5.0));
  std::string one_line(10 << 20, 'x');
  start = std::chrono::steady_clock::now();
  spans = SplitSentencesBaseline(one_line);
  seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(spans.size(), (10u << 20) / 2000 + 1);
  EXPECT_LT(seconds, TimeLimit(5.0));
}

TEST(SentenceSplitterTest, BinaryAndInvalidBytesDoNotCrash) {
  std::string junk;
  for (int i = 0; i < 5000; ++i)
    junk.push_back(static_cast<char>((i * 37) % 256));
  std::vector<SentenceSpan> spans = SplitSentencesBaseline(junk);
  for (const SentenceSpan& s : spans) {
    EXPECT_LE(s.end, junk.size());
    EXPECT_LT(s.begin, s.end);
  }
}

}  // namespace
}  // namespace kg
