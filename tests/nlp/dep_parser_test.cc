#include "nlp/dep_parser.h"

#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <cereal/archives/binary.hpp>

#include "nlp/tagger.h"
#include "tests/nlp/archive_round_trip.h"

namespace kg {
namespace {

std::vector<Tagging> GoldTags(const Tagger& tagger,
                              const std::vector<ConlluSentence>& in) {
  std::vector<Tagging> tags;
  for (const ConlluSentence& s : in) {
    Tagging t;
    for (const ConlluWord& w : s.words)
      t.tags.push_back(tagger.TagId(w.upos, w.xpos));
    tags.push_back(t);
  }
  return tags;
}

// The tiny treebank written for the tests, with a tagger trained on it and
// its gold tags as tag ids.
class TinyTreebankTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::vector<ConlluSentence>> read =
        ReadConllu(std::string(KG_SOURCE_DIR) + "/tests/data/ud/tiny.conllu");
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    tiny_ = std::move(*read);
    Result<Tagger> tagger = Tagger::Train(tiny_, TaggerOptions(), nullptr);
    ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
    tags_ = GoldTags(*tagger, tiny_);
  }

  static std::vector<std::string> Forms(const ConlluSentence& sentence) {
    std::vector<std::string> forms;
    for (const ConlluWord& w : sentence.words) forms.push_back(w.form);
    return forms;
  }

  std::vector<ConlluSentence> tiny_;
  std::vector<Tagging> tags_;
};

TEST(ProjectivizeTest, LiftsCrossingArcs) {
  // Word 2 hangs from word 4 over word 3, which hangs from word 1.
  std::vector<int> heads = {0, 4, 1, 1};
  EXPECT_GT(Projectivize(&heads), 0);
  EXPECT_EQ(heads, (std::vector<int>{0, 1, 1, 1}));
  std::vector<int> projective = {2, 0, 2};
  EXPECT_EQ(Projectivize(&projective), 0);
  EXPECT_EQ(projective, (std::vector<int>{2, 0, 2}));
}

TEST_F(TinyTreebankTest, ParserLearnsItAndAlwaysReturnsATree) {
  ParserOptions options;
  options.epochs = 10;
  Result<DepParser> parser =
      DepParser::Train(tiny_, tags_, &tiny_, &tags_, options, nullptr);
  ASSERT_TRUE(parser.ok()) << parser.status().ToString();
  EXPECT_TRUE(parser->Valid());
  std::size_t correct = 0, total = 0;
  for (std::size_t s = 0; s < tiny_.size(); ++s) {
    const std::vector<std::string> forms = Forms(tiny_[s]);
    const ParseTree tree = parser->Parse(forms, tags_[s]);
    for (std::size_t i = 0; i < forms.size(); ++i, ++total) {
      correct += tree.heads[i] == tiny_[s].words[i].head &&
                 tree.labels[i] == tiny_[s].words[i].deprel;
    }
  }
  EXPECT_GT(static_cast<double>(correct) / total, 0.9);
  // Arbitrary tags and runners-up, including unknown ids, odd margins and
  // too few of them, still give one rooted tree.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (const Tagging& tagging :
       {Tagging{{0, 99, -5, 3}, {}, {}},
        Tagging{{0, 99, -5, 3}, {5, -1, 1000, 2}, {1.0f, nan, 3.0f, -2.0f}},
        Tagging{{1}, {2, 3}, {0.5f}}}) {
    const ParseTree tree = parser->Parse({"x", "y", "z", "w"}, tagging);
    ASSERT_EQ(tree.heads.size(), 4u);
    int roots = 0;
    for (int h : tree.heads) {
      EXPECT_GE(h, 0);
      EXPECT_LE(h, 4);
      roots += h == 0;
    }
    EXPECT_EQ(roots, 1);
  }
  EXPECT_TRUE(parser->Parse({}, Tagging()).heads.empty());
}

// The relabeler learns labels from whole gold trees; without a dev set it
// is kept, and it survives a save and load.
TEST_F(TinyTreebankTest, RelabelerIsTrainedAndKeptThroughAnArchive) {
  ParserOptions options;
  options.epochs = 10;
  options.relabel_epochs = 5;
  Result<DepParser> parser =
      DepParser::Train(tiny_, tags_, nullptr, nullptr, options, nullptr);
  ASSERT_TRUE(parser.ok()) << parser.status().ToString();
  EXPECT_TRUE(parser->has_relabeler());
  EXPECT_TRUE(parser->Valid());
  DepParser loaded = testing_util::ArchiveRoundTrip(*parser);
  loaded.BuildLookup();
  EXPECT_TRUE(loaded.Valid());
  EXPECT_TRUE(loaded.has_relabeler());
  std::size_t correct = 0, total = 0;
  for (std::size_t s = 0; s < tiny_.size(); ++s) {
    const std::vector<std::string> forms = Forms(tiny_[s]);
    const ParseTree tree = loaded.Parse(forms, tags_[s]);
    const ParseTree same = parser->Parse(forms, tags_[s]);
    EXPECT_EQ(tree.heads, same.heads);
    EXPECT_EQ(tree.labels, same.labels);
    for (std::size_t i = 0; i < forms.size(); ++i, ++total) {
      if (tree.heads[i] != tiny_[s].words[i].head) continue;
      correct += tree.labels[i] == tiny_[s].words[i].deprel;
      // The root's label is never changed, nor given to another word.
      EXPECT_EQ(tree.heads[i] == 0, tree.labels[i] == "root");
    }
  }
  EXPECT_GT(static_cast<double>(correct) / total, 0.85);
  // With a dev set it is only kept if it beats the parser's own labels,
  // which are already all right on its training data.
  Result<DepParser> checked =
      DepParser::Train(tiny_, tags_, &tiny_, &tags_, options, nullptr);
  ASSERT_TRUE(checked.ok());
  EXPECT_FALSE(checked->has_relabeler());
}

std::string Bytes(const DepParser& parser) {
  std::stringstream bytes;
  {
    cereal::BinaryOutputArchive out(bytes);
    out(parser);
  }
  return bytes.str();
}

// An ensemble is one model, the same whatever the number of threads that
// trained its members, and different from any one member.
TEST_F(TinyTreebankTest, EnsembleIsOneModelIndependentOfThreads) {
  ParserOptions options;
  options.epochs = 6;
  options.ensemble = 3;
  options.threads = 1;
  Result<DepParser> serial =
      DepParser::Train(tiny_, tags_, &tiny_, &tags_, options, nullptr);
  options.threads = 3;
  Result<DepParser> parallel =
      DepParser::Train(tiny_, tags_, &tiny_, &tags_, options, nullptr);
  options.ensemble = 1;
  Result<DepParser> single =
      DepParser::Train(tiny_, tags_, &tiny_, &tags_, options, nullptr);
  ASSERT_TRUE(serial.ok() && parallel.ok() && single.ok());
  EXPECT_TRUE(serial->Valid());
  EXPECT_EQ(Bytes(*serial), Bytes(*parallel));
  EXPECT_NE(Bytes(*serial), Bytes(*single));
  // Members trained with other seeds have weights the single model lacks.
  EXPECT_GT(serial->num_weights(), single->num_weights());
  std::size_t correct = 0, total = 0;
  for (std::size_t s = 0; s < tiny_.size(); ++s) {
    const std::vector<std::string> forms = Forms(tiny_[s]);
    const ParseTree tree = serial->Parse(forms, tags_[s]);
    for (std::size_t i = 0; i < forms.size(); ++i, ++total) {
      correct += tree.heads[i] == tiny_[s].words[i].head;
    }
  }
  EXPECT_GT(static_cast<double>(correct) / total, 0.9);
}

TEST(DepParserTest, RefusesMismatchedTags) {
  Result<std::vector<ConlluSentence>> one =
      ParseConllu("1\ta\t_\tX\tX\t_\t0\troot\t_\t_\n\n");
  ASSERT_TRUE(one.ok());
  EXPECT_FALSE(
      DepParser::Train(*one, {}, nullptr, nullptr, ParserOptions(), nullptr)
          .ok());
}

}  // namespace
}  // namespace kg
