#include "lexicon/word_scanner.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kg {
namespace {

std::string Joined(std::string_view text) {
  std::string out;
  for (const Word& w : ScanWords(text)) {
    if (!out.empty()) out += "|";
    out += std::string(text.substr(w.begin, w.end - w.begin));
  }
  return out;
}

TEST(ScanWordsTest, SplitsWordsAndPunctuation) {
  EXPECT_EQ(Joined("Malta, Cyprus and Greece met."),
            "Malta|,|Cyprus|and|Greece|met|.");
  EXPECT_EQ(Joined(""), "");
  EXPECT_EQ(Joined("  \n\t "), "");
}

TEST(ScanWordsTest, KeepsInnerMarksAndSplitsClitics) {
  EXPECT_EQ(Joined("NATO Secretary-General"), "NATO|Secretary-General");
  EXPECT_EQ(Joined("the U.S. and U.K. said"), "the|U.S.|and|U.K.|said");
  EXPECT_EQ(Joined("growth of 2.5 and 1,000 troops"),
            "growth|of|2.5|and|1,000|troops");
  EXPECT_EQ(Joined("Malta's envoy doesn't agree"),
            "Malta|'s|envoy|does|n't|agree");
  EXPECT_EQ(Joined("Malta\xE2\x80\x99s envoy"), "Malta|\xE2\x80\x99s|envoy");
  EXPECT_EQ(Joined("O'Brien spoke"), "O'Brien|spoke");
  EXPECT_EQ(Joined("states' rights"), "states|'|rights");
  EXPECT_EQ(Joined("\xC3\x89lys\xC3\xA9\x65 \xE2\x80\x94 Kyiv"),
            "\xC3\x89lys\xC3\xA9\x65|\xE2\x80\x94|Kyiv");
}

TEST(ScanWordsTest, OffsetsPointIntoTheText) {
  std::string text = "\xE2\x80\x9CKyiv\xE2\x80\x9D,\xC2\xA0Warsaw";
  std::vector<Word> words = ScanWords(text);
  ASSERT_EQ(words.size(), 5u);
  EXPECT_TRUE(words[0].punct);
  EXPECT_EQ(text.substr(words[1].begin, words[1].end - words[1].begin), "Kyiv");
  EXPECT_EQ(text.substr(words[4].begin, words[4].end - words[4].begin),
            "Warsaw");
}

TEST(ScanWordsTest, InvalidBytesDoNotCrash) {
  std::string junk = "ab\xFF\xFE\xC3 cd\xE2\x80";
  std::vector<Word> words = ScanWords(junk);
  ASSERT_FALSE(words.empty());
  for (const Word& w : words) {
    EXPECT_LT(w.begin, w.end);
    EXPECT_LE(w.end, junk.size());
  }
}

TEST(FoldWordTest, LowerCasesAndUnifiesApostrophes) {
  EXPECT_EQ(FoldWord("NATO"), "nato");
  EXPECT_EQ(FoldWord("Russia\xE2\x80\x99s"), "russia's");
  EXPECT_EQ(FoldWord("\xC3\x89lys\xC3\xA9\x65"), "\xC3\x89lys\xC3\xA9\x65");
}

TEST(StartsUpperTest, AsciiAndLatinCapitals) {
  EXPECT_TRUE(StartsUpper("Malta"));
  EXPECT_TRUE(StartsUpper("\xC3\x89lys\xC3\xA9\x65"));       // É
  EXPECT_TRUE(StartsUpper("\xC5\x81\xC3\xB3\x64\xC5\xBA"));  // Ł
  EXPECT_FALSE(StartsUpper("malta"));
  EXPECT_FALSE(StartsUpper("\xC3\xA9t\xC3\xA9"));  // é
  EXPECT_FALSE(StartsUpper(""));
  EXPECT_FALSE(StartsUpper("2025"));
}

}  // namespace
}  // namespace kg
