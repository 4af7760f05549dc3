#include "nlp/train/trainer.h"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "nlp/pipeline.h"
#include "nlp/train/parse_eval.h"

namespace kg {
namespace {

std::string Tiny() {
  return std::string(KG_SOURCE_DIR) + "/tests/data/ud/tiny.conllu";
}

TrainOptions TinyOptions() {
  TrainOptions options;
  options.train_files = {Tiny()};
  options.dev_file = Tiny();
  options.jackknife_folds = 2;
  options.tagger.epochs = 6;
  options.parser.epochs = 8;
  return options;
}

TEST(TrainerTest, TrainsAModelThatFitsItsTrainingData) {
  Result<UdModel> model = TrainUdModel(TinyOptions());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  Result<std::vector<ConlluSentence>> gold = ReadConllu(Tiny());
  ASSERT_TRUE(gold.ok());
  const Pipeline pipeline(std::move(model).value());
  const ParseScores scores = EvaluatePipeline(pipeline, *gold, false);
  EXPECT_GT(scores.upos, 0.95);
  EXPECT_GT(scores.lemma, 0.95);
  EXPECT_GT(scores.uas, 0.9);
  EXPECT_GT(scores.las, 0.85);
  EXPECT_GE(scores.las, scores.las_full);
  const ParseScores raw = EvaluatePipeline(pipeline, *gold, true);
  EXPECT_GT(raw.words, 0.95);
  EXPECT_GT(raw.uas, 0.8);
}

TEST(TrainerTest, IsDeterministicForAFixedSeed) {
  Result<UdModel> a = TrainUdModel(TinyOptions());
  Result<UdModel> b = TrainUdModel(TinyOptions());
  ASSERT_TRUE(a.ok() && b.ok());
  Result<std::string> bytes_a = SerializeModel(*a);
  Result<std::string> bytes_b = SerializeModel(*b);
  ASSERT_TRUE(bytes_a.ok() && bytes_b.ok());
  EXPECT_TRUE(*bytes_a == *bytes_b);
}

TEST(TrainerTest, ReportsMissingOrBadInput) {
  TrainOptions options;
  EXPECT_TRUE(TrainUdModel(options).status().IsInvalidArgument());
  options.train_files = {"/nonexistent/train.conllu"};
  EXPECT_TRUE(TrainUdModel(options).status().IsNotFound());
}

TEST(TrainerTest, LearnsWordClassesFromPlainText) {
  const std::string text_file = testing::TempDir() + "/trainer_classes.txt";
  {
    std::ofstream out(text_file);
    for (int i = 0; i < 20; ++i) {
      out << "Chile condemned the treaty on Monday. "
             "Peru welcomed the accord on Friday.\n";
    }
  }
  TrainOptions options = TinyOptions();
  options.cluster_text = {text_file};
  options.clusters.sizes = {4, 8};
  Result<UdModel> model = TrainUdModel(options);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  Result<UdModel> plain = TrainUdModel(TinyOptions());
  ASSERT_TRUE(plain.ok());
  Result<std::string> bytes = SerializeModel(*model);
  Result<std::string> plain_bytes = SerializeModel(*plain);
  ASSERT_TRUE(bytes.ok() && plain_bytes.ok());
  EXPECT_NE(*bytes, *plain_bytes);

  // The classes are in the file: a loaded model parses as the trained one.
  Result<UdModel> loaded = DeserializeModel(*bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  Result<std::vector<ConlluSentence>> gold = ReadConllu(Tiny());
  ASSERT_TRUE(gold.ok());
  const Pipeline trained(std::move(model).value());
  const Pipeline reloaded(std::move(loaded).value());
  const ParseScores a = EvaluatePipeline(trained, *gold, false);
  const ParseScores b = EvaluatePipeline(reloaded, *gold, false);
  EXPECT_GT(a.upos, 0.95);
  EXPECT_GT(a.uas, 0.9);
  EXPECT_EQ(a.upos, b.upos);
  EXPECT_EQ(a.las_full, b.las_full);

  options.cluster_text = {testing::TempDir() + "/no_such_text.txt"};
  EXPECT_TRUE(TrainUdModel(options).status().IsNotFound());
}

TEST(TrainerTest, FiltersDocumentsByLicence) {
  Result<std::vector<ConlluSentence>> sentences = ParseConllu(
      "# newdoc id = open\n1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n\n"
      "1\tb\t_\t_\t_\t_\t0\troot\t_\t_\n\n"
      "# newdoc id = closed\n1\tc\t_\t_\t_\t_\t0\troot\t_\t_\n\n"
      "# newdoc id = unlisted\n1\td\t_\t_\t_\t_\t0\troot\t_\t_\n\n");
  ASSERT_TRUE(sentences.ok());
  Result<std::vector<ConlluSentence>> kept =
      FilterByDocLicense(*sentences,
                         "doc_id\tgenre\tno_NC_restriction\nopen\tnews\tyes\n"
                         "closed\tfiction\tno\n");
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  ASSERT_EQ(kept->size(), 3u);
  EXPECT_EQ((*kept)[0].words[0].form, "a");
  EXPECT_EQ((*kept)[1].words[0].form, "b");
  EXPECT_EQ((*kept)[2].words[0].form, "d");
  EXPECT_FALSE(FilterByDocLicense(*sentences, "id\tflag\n").ok());
}

TEST(TrainerTest, LearnsAbbreviationsFromForms) {
  Result<std::vector<ConlluSentence>> sentences = ParseConllu(
      "1\tapprox.\t_\tADV\t_\t_\t0\troot\t_\t_\n"
      "2\t.\t_\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n");
  ASSERT_TRUE(sentences.ok());
  const std::set<std::string> abbreviations = LearnAbbreviations(*sentences);
  EXPECT_EQ(abbreviations, std::set<std::string>{"approx."});
}

}  // namespace
}  // namespace kg
