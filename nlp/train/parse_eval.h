// Scores a UD pipeline against a gold CoNLL-U file as the CoNLL 2018
// shared task's evaluation script does: system and gold words are aligned
// by their character spans in the text with whitespace removed (words of a
// multiword token share its span and are matched in order by form), and
// each metric is an F1 over aligned words (with gold tokenization it equals
// accuracy).
//
// LAS follows CoNLL 2018 and compares only the universal part of the
// relation (nsubj:pass counts as nsubj); `las_full` also requires the
// subtype to match.
//
// Thread-safety: pure functions.
#ifndef KG_NLP_TRAIN_PARSE_EVAL_H_
#define KG_NLP_TRAIN_PARSE_EVAL_H_

#include <cstddef>
#include <string>
#include <vector>

#include "nlp/conllu.h"
#include "nlp/pipeline.h"

namespace kg {

struct ParseScores {
  std::size_t gold_words = 0;
  std::size_t system_words = 0;
  std::size_t aligned_words = 0;
  // F1 scores in [0, 1].
  double words = 0;  // Word segmentation.
  double upos = 0;
  double xpos = 0;
  double lemma = 0;
  double uas = 0;
  double las = 0;       // Universal relation only (CoNLL 2018).
  double las_full = 0;  // Relation with subtype.
};

// Scores `system` against `gold`; both cover the same text.
ParseScores ScoreParses(const std::vector<ConlluSentence>& gold,
                        const std::vector<ConlluSentence>& system);

// Runs `pipeline` on `gold`: on its words (gold tokenization) or, when
// `raw`, on the text of its "# text" comments (paragraphs joined as in
// the original documents), and scores the result.
ParseScores EvaluatePipeline(const Pipeline& pipeline,
                             const std::vector<ConlluSentence>& gold, bool raw);

// A table of the scores, in percent.
std::string FormatScores(const ParseScores& scores);

}  // namespace kg

#endif  // KG_NLP_TRAIN_PARSE_EVAL_H_
