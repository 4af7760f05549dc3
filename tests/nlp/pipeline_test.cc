#include "nlp/pipeline.h"

#include <string>

#include <gtest/gtest.h>

#include "nlp/train/trainer.h"

namespace kg {
namespace {

const Pipeline& TinyPipeline() {
  static const Pipeline* pipeline = [] {
    TrainOptions options;
    options.train_files = {std::string(KG_SOURCE_DIR) +
                           "/tests/data/ud/tiny.conllu"};
    options.jackknife_folds = 1;
    options.parser.epochs = 8;
    Result<UdModel> model = TrainUdModel(options);
    EXPECT_TRUE(model.ok()) << model.status().ToString();
    return new Pipeline(std::move(model).value());
  }();
  return *pipeline;
}

TEST(PipelineTest, ParsesTextIntoTreesWithOffsets) {
  const std::string text =
      "France supports Ukraine. Germany opposes the sanctions.";
  const std::vector<ParsedSentence> sentences = TinyPipeline().Parse(text);
  ASSERT_EQ(sentences.size(), 2u);
  for (const ParsedSentence& s : sentences) {
    int roots = 0;
    for (const ParsedWord& w : s.words) {
      EXPECT_EQ(text.substr(w.start, w.end - w.start), w.form);
      EXPECT_GE(w.head, 0);
      EXPECT_LE(w.head, static_cast<int>(s.words.size()));
      EXPECT_FALSE(w.upos.empty());
      EXPECT_FALSE(w.lemma.empty());
      roots += w.head == 0;
    }
    EXPECT_EQ(roots, 1);
  }
  EXPECT_EQ(sentences[0].words[1].upos, "VERB");
  EXPECT_EQ(sentences[0].words[1].deprel, "root");
  EXPECT_EQ(sentences[0].words[0].deprel, "nsubj");
  EXPECT_EQ(sentences[1].words[1].lemma, "oppose");
}

TEST(PipelineTest, ParseEachGivesWhatParseGivesAcrossPieces) {
  // Several pieces; sentences run across line breaks, so some cross a cut.
  std::string text;
  for (int i = 0; text.size() < 3 * Pipeline::kPieceBytes; ++i) {
    text += "Chile signs the treaty with Peru and\nthe talks go on " +
            std::to_string(i) + " times. Norway rejects it.\n";
  }
  const Pipeline& pipeline = TinyPipeline();
  const std::vector<ParsedSentence> whole = pipeline.Parse(text);
  std::vector<ParsedSentence> streamed;
  pipeline.ParseEach(
      text, [&](ParsedSentence&& s) { streamed.push_back(std::move(s)); });
  ASSERT_EQ(streamed.size(), whole.size());
  for (std::size_t s = 0; s < whole.size(); ++s) {
    EXPECT_EQ(streamed[s].start, whole[s].start) << s;
    EXPECT_EQ(streamed[s].end, whole[s].end) << s;
    ASSERT_EQ(streamed[s].words.size(), whole[s].words.size()) << s;
    for (std::size_t i = 0; i < whole[s].words.size(); ++i) {
      const ParsedWord& a = streamed[s].words[i];
      const ParsedWord& b = whole[s].words[i];
      EXPECT_EQ(a.start, b.start);
      EXPECT_EQ(a.token_end, b.token_end);
      EXPECT_EQ(text.substr(a.start, a.end - a.start), a.form);
      EXPECT_EQ(a.head, b.head);
      EXPECT_EQ(a.deprel, b.deprel);
    }
  }
  int calls = 0;
  pipeline.ParseEach("", [&](ParsedSentence&&) { ++calls; });
  pipeline.ParseEach(" \n\n ", [&](ParsedSentence&&) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(PipelineTest, WritesCoNLLUWithMultiwordTokensAndSpaceAfter) {
  const std::string text = "They don't trust him.";
  const auto conllu =
      Pipeline::ToConllu(TinyPipeline().Parse(text), text, "t-");
  ASSERT_EQ(conllu.size(), 1u);
  EXPECT_EQ(conllu[0].Comment("sent_id"), "t-1");
  EXPECT_EQ(conllu[0].Comment("text"), text);
  ASSERT_EQ(conllu[0].multiwords.size(), 1u);
  EXPECT_EQ(conllu[0].multiwords[0].line.substr(0, 10), "2-3\tdon't\t");
  EXPECT_EQ(conllu[0].words.back().form, ".");
  EXPECT_EQ(conllu[0].words[4].misc, "SpaceAfter=No");
  // What is written can be read back.
  Result<std::vector<ConlluSentence>> again = ParseConllu(WriteConllu(conllu));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->front().words.size(), 6u);
}

TEST(PipelineTest, AnnotatesGoldWords) {
  Result<std::vector<ConlluSentence>> sentences = ParseConllu(
      "1\tKenya\t_\t_\t_\t_\t_\t_\t_\t_\n2\tcondemned\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "3\tthe\t_\t_\t_\t_\t_\t_\t_\t_\n4\tplan\t_\t_\t_\t_\t_\t_\t_\t_\n\n");
  ASSERT_TRUE(sentences.ok());
  TinyPipeline().Annotate(&sentences->front());
  const auto& words = sentences->front().words;
  EXPECT_EQ(words[1].head, 0);
  EXPECT_EQ(words[1].lemma, "condemn");
  EXPECT_EQ(words[2].upos, "DET");
  EXPECT_EQ(words[3].head, 2);
}

TEST(PipelineTest, SurvivesBadInput) {
  const Pipeline& pipeline = TinyPipeline();
  EXPECT_TRUE(pipeline.Parse("").empty());
  EXPECT_TRUE(pipeline.Parse("\x01\x02\x03\n\n").empty());
  EXPECT_FALSE(pipeline.Parse("\xff\xfe broken \xc3 bytes").empty());
  EXPECT_FALSE(pipeline.Parse("Они поддерживают Киев. 北京欢迎。").empty());
  std::string long_text;
  for (int i = 0; i < 100000; ++i) long_text += "and ";
  const auto sentences = pipeline.Parse(long_text);
  std::size_t words = 0;
  for (const auto& s : sentences) {
    EXPECT_LE(s.words.size(), TokenizerOptions().max_sentence_words);
    words += s.words.size();
  }
  EXPECT_EQ(words, 100000u);
}

TEST(PipelineTest, LoadReportsAMissingModel) {
  Result<Pipeline> pipeline = Pipeline::Load("/nonexistent/en.kgm");
  ASSERT_FALSE(pipeline.ok());
  EXPECT_TRUE(pipeline.status().IsNotFound());
}

}  // namespace
}  // namespace kg
