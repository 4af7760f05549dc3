// Labeled dependency parser: greedy arc-eager transitions (with a single
// root) scored by an averaged perceptron over Zhang & Nivre (2011) feature
// templates, trained with the dynamic oracle of Goldberg & Nivre (2012).
// Non-projective training trees are projectivised by lifting (see
// docs/models.md), so the parser only outputs projective trees.
//
// Thread-safety: a trained DepParser is immutable; Parse() may run on
// several threads at once. Train() is single-threaded.
#ifndef KG_NLP_DEP_PARSER_H_
#define KG_NLP_DEP_PARSER_H_

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "common/result.h"
#include "nlp/conllu.h"
#include "nlp/ml/perceptron.h"
#include "nlp/ml/word_clusters.h"
#include "nlp/tagger.h"

namespace kg {

struct ParserOptions {
  int epochs = 12;         // Passes over the training data.
  std::uint64_t seed = 1;  // Seeds shuffling and exploration.
  // From this epoch on (0-based), the trainer follows its own prediction
  // with probability `explore_probability` (error exploration).
  int explore_from_epoch = 1;
  double explore_probability = 0.9;
  // Epochs of the second-stage relabeler (0 = none), trained after the
  // parser on gold trees; with a dev set, the epoch and the weight of the
  // parser's label scores against its own are chosen on dev LAS, and it is
  // kept only if it raises dev LAS.
  int relabel_epochs = 0;
  // Parsers trained with seeds seed, seed + 1, ...: their averaged weights
  // score a transition as the ensemble's summed scores would, in one model.
  int ensemble = 1;
  // Threads that train the ensemble's members (the model does not depend
  // on it).
  int threads = 1;
  // Averaged weights smaller than this are dropped after training (the
  // epoch is chosen on the unpruned model).
  float prune = 0.0f;
  // Word classes learned from unlabelled text, used as features (none
  // when null or empty); the parser keeps a copy.
  std::shared_ptr<const WordClusters> clusters;
};

// A tree: heads[i] is the head of word i + 1 (0 = root); labels[i] its
// dependency relation.
struct ParseTree {
  std::vector<int> heads;
  std::vector<std::string> labels;
};

class DepParser {
 public:
  // Parses a sentence of `forms` tagged by the Tagger whose tag set the
  // parser was trained with. Requires forms.size() == tagging.tags.size();
  // the runners-up may be missing (empty), and are then read as "the
  // tagger was sure".
  ParseTree Parse(const std::vector<std::string>& forms,
                  const Tagging& tagging) const;

  // Trains on `train`, whose words are tagged `train_tags` (one per
  // sentence; predicted tags, with their runners-up, make the parser robust
  // to tagging errors). When `dev` is given, keeps the epoch with the best
  // dev LAS.
  static Result<DepParser> Train(const std::vector<ConlluSentence>& train,
                                 const std::vector<Tagging>& train_tags,
                                 const std::vector<ConlluSentence>* dev,
                                 const std::vector<Tagging>* dev_tags,
                                 const ParserOptions& options,
                                 std::ostream* log);

  const std::vector<std::string>& labels() const { return labels_; }
  std::size_t num_weights() const {
    return model_.num_weights() + relabeler_.num_weights();
  }
  bool has_relabeler() const { return relabeler_.num_classes() > 0; }
  // Drops weights below `min_abs` (see Perceptron::Pruned).
  void Prune(float min_abs) {
    model_ = model_.Pruned(min_abs);
    if (has_relabeler()) relabeler_ = relabeler_.Pruned(min_abs);
  }
  // Required after loading from an archive (see Perceptron::BuildLookup).
  void BuildLookup() {
    clusters_.BuildLookup();
    model_.BuildLookup();
    if (has_relabeler()) relabeler_.BuildLookup();
  }
  bool Valid() const;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(labels_, root_label_, clusters_, model_, relabeler_,
       relabel_parser_weight_);
  }

 private:
  ParseTree ParseWith(const Perceptron& model,
                      const std::vector<std::string>& forms,
                      const Tagging& tagging) const;

  std::vector<std::string> labels_;
  int root_label_ = 0;
  WordClusters clusters_;  // Empty: no cluster features.
  Perceptron model_;
  // Second stage: relabels each arc of the finished tree, adding its
  // scores to the parser's label scores times relabel_parser_weight_.
  // Empty (no classes) in a model trained without it.
  Perceptron relabeler_;
  float relabel_parser_weight_ = 1.0f;
};

// Lifts non-projective arcs of `heads` (1-based words, heads[i] for word
// i + 1) until the tree is projective: a lifted word takes its head's head.
// Returns the number of lifts.
int Projectivize(std::vector<int>* heads);

}  // namespace kg

#endif  // KG_NLP_DEP_PARSER_H_
