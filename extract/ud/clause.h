// Clauses read off a Universal Dependencies tree: for every predicate its
// logical subjects and objects, prepositional arguments, negation, modality
// and the speaker it is attributed to. The "ud" extractor links their
// arguments to actors; `kg extract --format carb` prints them as open
// triples. Language knowledge is limited to closed-class English words
// (auxiliaries, speech and control verbs); nothing here knows actors.
//
// Thread-safety: pure functions over values.
#ifndef KG_EXTRACT_UD_CLAUSE_H_
#define KG_EXTRACT_UD_CLAUSE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/relation.h"
#include "nlp/pipeline.h"

namespace kg {

// A read-only view of one parsed sentence with child lists. Indices are
// 0-based; head() is -1 for the root. Heads that point outside the sentence
// or into a cycle are re-attached to the root, so every walk terminates.
class DepTree {
 public:
  // Requires: `sentence` outlives the tree.
  explicit DepTree(const ParsedSentence& sentence);

  int size() const { return static_cast<int>(words_->size()); }
  const ParsedWord& word(int i) const { return (*words_)[i]; }
  int head(int i) const { return heads_[i]; }
  // The full relation ("nsubj:pass") and its universal part ("nsubj").
  std::string_view deprel(int i) const { return word(i).deprel; }
  std::string_view rel(int i) const { return rels_[i]; }
  // Lower-cased lemma (the form when the lemma is missing) and form.
  std::string_view lemma(int i) const { return Piece(lemmas_[i]); }
  std::string_view lower(int i) const { return Piece(lowers_[i]); }
  std::string_view upos(int i) const { return word(i).upos; }
  std::span<const int> children(int i) const {
    return {child_list_.data() + child_start_[i],
            child_list_.data() + child_start_[i + 1]};
  }
  int depth(int i) const { return depths_[i]; }

  // The first child of `i` whose full relation is `deprel`, else -1.
  int Child(int i, std::string_view deprel) const;
  // The lower-cased case marker of a nominal ("to", "according to",
  // "on behalf of"), "" if none.
  std::string CaseMarker(int i) const;
  // `i` and the nominals conjoined to it ("France, Germany and Poland"),
  // in sentence order. Conjoined predicates are not included.
  std::vector<int> Conjuncts(int i) const;
  // True for a verb or a word with a copula: the head of a clause.
  bool IsPredicate(int i) const;
  // Indices of the subtree of `i`, sorted.
  std::vector<int> Subtree(int i) const;

 private:
  const std::vector<ParsedWord>* words_;
  std::vector<int> heads_;
  std::vector<int> child_start_;  // Children of i: child_list_[start[i],
  std::vector<int> child_list_;   // start[i + 1]), in sentence order.
  // A byte range of folded_; offsets rather than views, so that copies of
  // the tree stay valid.
  struct Range {
    std::uint32_t begin = 0;
    std::uint32_t size = 0;
  };
  std::string_view Piece(Range r) const {
    return std::string_view(folded_).substr(r.begin, r.size);
  }

  // Lower-cased forms and lemmas back to back: one allocation per
  // sentence instead of two strings per word.
  std::string folded_;
  std::vector<Range> lemmas_;
  std::vector<Range> lowers_;
  std::vector<std::string_view> rels_;  // Universal parts, into words_.
  std::vector<int> depths_;
};

// A prepositional (or recipient) argument: "to Ukraine" -> {head, "to"}.
struct ClauseArg {
  int head = -1;
  std::string marker;  // Case marker, lower case; "" for a recipient (iobj).
};

struct Clause {
  int predicate = -1;  // Head word: a verb, or the noun/adjective of a
                       // copular clause ("ally" in "X is an ally of Y").
  bool copular = false;
  bool passive = false;               // The surface subject is the patient.
  std::string particle;               // Verb particle, lower case ("out").
  std::vector<int> surface_subjects;  // As written, conjuncts expanded.
  std::vector<int> subjects;          // Logical subjects (agents).
  std::vector<int> objects;           // Logical direct objects.
  std::vector<ClauseArg> obliques;    // obl/nmod/iobj arguments.
  int complement = -1;  // A clausal object (xcomp/ccomp head), or -1.
  int governor = -1;    // Index of the clause this one depends on.
  bool inherited_subject = false;  // Subjects come from another clause.
  bool negated = false;
  bool refused = false;  // Under "refuse to", "decline to", "rule out".
  Modality modality = Modality::kAsserted;
  int speaker = -1;  // Head word of the speaker for reported clauses.
  std::vector<int> relation_words;  // Auxiliaries, negation, the predicate,
                                    // its particle and the heads of an
                                    // xcomp chain, sorted: the relation
                                    // phrase of an open triple.
};

// Every clause of the tree, governors before their dependents.
std::vector<Clause> FindClauses(const DepTree& tree);

// True for lemmas that introduce reported speech ("say", "tell", "add").
bool IsSpeechLemma(std::string_view lemma);

}  // namespace kg

#endif  // KG_EXTRACT_UD_CLAUSE_H_
