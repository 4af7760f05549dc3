// The stance lexicon: word forms and phrases that express a stance of one
// actor towards another ("supports", "criticism of", "disappointed with"),
// each with a normalised relation, a polarity, a CAMEO category and a
// weight. Loaded from data/stance_lexicon.tsv (layout in data/README.md).
//
// Thread-safety: loading mutates; once loaded, const methods may be called
// concurrently.
#ifndef KG_LEXICON_STANCE_LEXICON_H_
#define KG_LEXICON_STANCE_LEXICON_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/env.h"
#include "common/result.h"
#include "lexicon/prefix_set.h"
#include "lexicon/word_scanner.h"

namespace kg {

enum class PredicateKind { kVerb, kNoun, kAdjective };

struct LexiconEntry {
  std::string phrase;    // The row's phrase: a verb lemma, noun or adjective
                         // phrase ("stand with", "support for").
  std::string relation;  // Normalised relation lemma ("criticize").
  int polarity = 0;      // +1 support, -1 oppose, 0 neutral.
  std::string cameo;     // CAMEO category code, leading zero kept ("051").
  double weight = 0.0;   // |Goldstein| of the category, 0..10.
  PredicateKind kind = PredicateKind::kVerb;
};

class StanceLexicon {
 public:
  // Reads `path`. InputError names the file and line of a malformed row.
  static Result<StanceLexicon> Load(const std::string& path,
                                    Env* env = Env::Default());

  // Adds rows from TSV text; `source` names it in error messages.
  Status AddTsv(std::string_view tsv, std::string_view source);

  std::size_t size() const { return entries_.size(); }

  struct Match {
    const LexiconEntry* entry = nullptr;
    std::size_t length = 0;        // Words matched.
    bool participle = false;       // A past form of a verb ("condemned"),
                                   // which may head a passive.
    bool needs_auxiliary = false;  // Listed as "back@aux": a verb only
                                   // after "to", a modal or a negation.
  };
  // The longest form matching words[start...] of `text`, case-insensitive;
  // nullopt if none.
  std::optional<Match> LongestMatch(std::string_view text,
                                    const std::vector<Word>& words,
                                    std::size_t start) const;

  // The entry of one form ("supported", "criticism of"); nullptr if none.
  const LexiconEntry* Lookup(std::string_view form) const;

 private:
  struct Form {
    std::size_t entry;
    bool participle;
    bool needs_auxiliary;
  };
  void AddForm(std::string_view form, std::size_t entry, bool participle,
               bool needs_auxiliary = false);

  // Entries are held by pointer so Match pointers survive later rows.
  std::vector<std::unique_ptr<LexiconEntry>> entries_;
  std::unordered_map<std::string, Form> forms_;  // Folded form key.
  PrefixSet prefixes_;                           // Word prefixes of forms.
  std::size_t max_words_ = 1;
};

// The regular inflections of an English verb: lemma, third person
// singular, -ing form and past form ("support", "supports", "supporting",
// "supported"; "ally" -> "allies", "allying", "allied"). Irregular verbs
// list their forms in the lexicon instead.
std::vector<std::string> InflectVerb(std::string_view lemma);

// The polarity of a stance whose predicate is negated or refused: refusing to
// back someone opposes them, refusing to attack is not support, and a plain
// negation ("did not back") states no stance.
int PolarityUnderNegation(int polarity, bool negated, bool refused);

}  // namespace kg

#endif  // KG_LEXICON_STANCE_LEXICON_H_
