#include "nlp/tokenizer.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "tests/testing/time_limit.h"

namespace kg {
namespace {

// Words joined by '|', sentences by " // ".
std::string Words(std::string_view text, TokenizerOptions options = {}) {
  std::string out;
  for (const TokenizedSentence& sentence : Tokenizer(options).Tokenize(text)) {
    if (!out.empty()) out += " // ";
    for (std::size_t i = 0; i < sentence.words.size(); ++i) {
      if (i > 0) out += "|";
      out += sentence.words[i].form;
    }
  }
  return out;
}

TEST(TokenizerTest, OffsetsPointIntoTheText) {
  const std::string text = "  Mr. Smith didn't go.\nThe end";
  for (const TokenizedSentence& s : Tokenizer().Tokenize(text)) {
    for (const TokenWord& w : s.words) {
      ASSERT_LE(w.end, text.size());
      EXPECT_EQ(text.substr(w.start, w.end - w.start), w.form);
      EXPECT_LE(w.token_start, w.start);
      EXPECT_GE(w.token_end, w.end);
    }
  }
}

TEST(TokenizerTest, AbbreviationsAndInitials) {
  EXPECT_EQ(Words("Mr. Jones met Gen. Lee and J. R. Smith Jr. today."),
            "Mr.|Jones|met|Gen.|Lee|and|J.|R.|Smith|Jr.|today|.");
  EXPECT_EQ(Words("U.S. officials met in Sept. last year."),
            "U.S.|officials|met|in|Sept.|last|year|.");
  EXPECT_EQ(Words("He lives in the U.S. The rest stay home."),
            "He|lives|in|the|U.S. // The|rest|stay|home|.");
}

TEST(TokenizerTest, NumbersCurrencyAndPercent) {
  EXPECT_EQ(Words("It cost $2.5bn, or £1 billion, up 26%."),
            "It|cost|$|2.5|bn|,|or|£|1|billion|,|up|26|%|.");
  EXPECT_EQ(Words("About 1,000 people and 3.14 pies."),
            "About|1,000|people|and|3.14|pies|.");
}

TEST(TokenizerTest, HyphenatedNamesStayWholeOtherHyphensSplit) {
  EXPECT_EQ(Words("Kim Jong-un met a well-known envoy."),
            "Kim|Jong-un|met|a|well|-|known|envoy|.");
  EXPECT_EQ(
      Words("Send an e-mail about the re-entry of 2-3 US-led pre-war troops."),
      "Send|an|e-mail|about|the|re-entry|of|2-3|US|-|led|pre-war|troops|.");
}

TEST(TokenizerTest, CliticsAndPossessives) {
  EXPECT_EQ(Words("They don't know Ukraine's plan, can't they?"),
            "They|do|n't|know|Ukraine|'s|plan|,|ca|n't|they|?");
  EXPECT_EQ(Words("I’m sure the states’ votes count."),
            "I|’m|sure|the|states|’|votes|count|.");
  // The clitic words share the span of their token.
  const auto sentences = Tokenizer().Tokenize("don't");
  ASSERT_EQ(sentences.size(), 1u);
  ASSERT_EQ(sentences[0].words.size(), 2u);
  EXPECT_EQ(sentences[0].words[0].token_end, 5u);
  EXPECT_EQ(sentences[0].words[1].start, 2u);
}

TEST(TokenizerTest, QuotesDashesAndEllipses) {
  EXPECT_EQ(Words("“We will win,” he said — or not..."),
            "“|We|will|win|,|”|he|said|—|or|not|...");
  EXPECT_EQ(Words("\"Yes\"--she left…"), "\"|Yes|\"|--|she|left|…");
  EXPECT_EQ(Words("pages 10–12"), "pages|10|–|12");
}

TEST(TokenizerTest, UrlsAndEmails) {
  EXPECT_EQ(Words("See https://example.org/a?b=1. Or mail info@example.org."),
            "See|https://example.org/a?b=1|. // Or|mail|info@example.org|.");
}

TEST(TokenizerTest, BracketedReferences) {
  EXPECT_EQ(Words("The treaty was signed[12] in 1992 [3]."),
            "The|treaty|was|signed|[|12|]|in|1992|[|3|]|.");
}

TEST(TokenizerTest, SentenceBoundaries) {
  EXPECT_EQ(Words("It rained. Then it stopped! Did it? Yes."),
            "It|rained|. // Then|it|stopped|! // Did|it|? // Yes|.");
  // Quoted speech: the closing quote stays with its sentence.
  EXPECT_EQ(Words("\"We are ready.\" The envoy left."),
            "\"|We|are|ready|.|\" // The|envoy|left|.");
  // A lower-case continuation is not a new sentence.
  EXPECT_EQ(Words("He said yes. and left"), "He|said|yes|.|and|left");
}

TEST(TokenizerTest, HeadlinesWithoutFinalPunctuation) {
  EXPECT_EQ(Words("Leaders Meet In Rome\nThe summit opened today.\n\nPhoto "
                  "caption here"),
            "Leaders|Meet|In|Rome // The|summit|opened|today|. // "
            "Photo|caption|here");
}

TEST(TokenizerTest, BadInputNeverCrashes) {
  EXPECT_EQ(Words(""), "");
  EXPECT_EQ(Words(" \n\t "), "");
  EXPECT_EQ(Words(std::string("a\x01\x02 b\xff\xfe c\xe2\x80")), "a|b|c");
  EXPECT_EQ(Words("Москва и Киев."), "Москва|и|Киев|.");
  const std::string binary("\0\0\x80\x90 x", 6);
  EXPECT_EQ(Words(binary), "x");
}

TEST(TokenizerTest, LongRunOnTextIsChunkedInLinearTime) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "word ";
  TokenizerOptions options;
  options.max_sentence_words = 150;
  const auto start = std::chrono::steady_clock::now();
  const auto sentences = Tokenizer(options).Tokenize(text);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_EQ(sentences.size(), 100000u / 150 + 1);
  for (const auto& s : sentences) EXPECT_LE(s.words.size(), 150u);
  EXPECT_LT(seconds, TimeLimit(5.0));
}

TEST(TokenizerTest, LearnedAbbreviationsKeepTheirPeriod) {
  TokenizerOptions options;
  EXPECT_EQ(Words("It is esp. ten.", options), "It|is|esp|.|ten|.");
  options.extra_abbreviations.insert("esp.");
  EXPECT_EQ(Words("It is esp. ten.", options), "It|is|esp.|ten|.");
}

}  // namespace
}  // namespace kg
