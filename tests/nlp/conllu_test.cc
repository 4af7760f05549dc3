#include "nlp/conllu.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "common/env.h"

namespace kg {
namespace {

constexpr char kSample[] =
    "# newdoc id = d1\n"
    "# sent_id = s1\n"
    "# text = They don't care.\n"
    "1\tThey\tthey\tPRON\tPRP\tCase=Nom\t3\tnsubj\t3:nsubj\t_\n"
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t4:aux\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n"
    "3.1\tcare\tcare\tVERB\tVB\t_\t_\t_\t0:root\t_\n"
    "4\tcare\tcare\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n"
    "\n"
    "1\tHi\thi\tINTJ\tUH\t_\t_\t_\t_\t_\n"
    "\n";

TEST(ConlluTest, ParsesAllColumnsAndKeepsOtherLines) {
  Result<std::vector<ConlluSentence>> sentences = ParseConllu(kSample);
  ASSERT_TRUE(sentences.ok()) << sentences.status().ToString();
  ASSERT_EQ(sentences->size(), 2u);
  const ConlluSentence& s = (*sentences)[0];
  EXPECT_EQ(s.Comment("text"), "They don't care.");
  EXPECT_EQ(s.Comment("newdoc id"), "d1");
  ASSERT_EQ(s.words.size(), 5u);
  EXPECT_EQ(s.words[0].feats, "Case=Nom");
  EXPECT_EQ(s.words[3].head, 0);
  EXPECT_EQ(s.words[3].misc, "SpaceAfter=No");
  ASSERT_EQ(s.multiwords.size(), 1u);
  EXPECT_EQ(s.multiwords[0].first, 2);
  EXPECT_EQ(s.multiwords[0].last, 3);
  ASSERT_EQ(s.empty_nodes.size(), 1u);
  EXPECT_EQ(s.empty_nodes[0].after, 3);
  EXPECT_EQ((*sentences)[1].words[0].head, -1);
}

TEST(ConlluTest, WritesBackByteIdentical) {
  Result<std::vector<ConlluSentence>> sentences = ParseConllu(kSample);
  ASSERT_TRUE(sentences.ok());
  EXPECT_EQ(WriteConllu(*sentences), kSample);
}

TEST(ConlluTest, RejectsMalformedLinesWithTheLineNumber) {
  Result<std::vector<ConlluSentence>> r = ParseConllu("1\ta\tb\n");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsInputError());
  EXPECT_NE(r.status().message().find("line 1"), std::string::npos);
  EXPECT_FALSE(ParseConllu("2\ta\t_\t_\t_\t_\t0\troot\t_\t_\n").ok());
  EXPECT_FALSE(ParseConllu("1\ta\t_\t_\t_\t_\tx\troot\t_\t_\n").ok());
  EXPECT_FALSE(ParseConllu("1\ta\t_\t_\t_\t_\t5\troot\t_\t_\n").ok());
  EXPECT_FALSE(ParseConllu("1-0\ta\t_\t_\t_\t_\t_\t_\t_\t_\n").ok());
  EXPECT_TRUE(ParseConllu("").ok());
}

TEST(ConlluTest, ReadsTheTinyTreebank) {
  Result<std::vector<ConlluSentence>> r =
      ReadConllu(std::string(KG_SOURCE_DIR) + "/tests/data/ud/tiny.conllu");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GE(r->size(), 20u);
  EXPECT_FALSE(ReadConllu("/nonexistent/x.conllu").ok());
}

TEST(ConlluTest, UdTreebanksRoundTripByteIdentical) {
  const std::string ud = std::string(KG_SHARED_DIR) + "/ud";
  if (!std::filesystem::exists(ud)) {
    GTEST_SKIP() << "UD treebanks not found at " << ud;
  }
  for (const char* file : {"/UD_English-EWT/en_ewt-ud-dev.conllu",
                           "/UD_English-EWT/en_ewt-ud-test.conllu",
                           "/UD_English-GUM/en_gum-ud-dev.conllu",
                           "/UD_English-PUD/en_pud-ud-test.conllu"}) {
    Result<std::string> text = Env::Default()->ReadFile(ud + file, 1 << 28);
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    Result<std::vector<ConlluSentence>> sentences = ParseConllu(*text);
    ASSERT_TRUE(sentences.ok())
        << file << ": " << sentences.status().ToString();
    EXPECT_TRUE(WriteConllu(*sentences) == *text) << file;
  }
}

}  // namespace
}  // namespace kg
