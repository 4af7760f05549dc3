#include "extract/ud/open_triples.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <set>

#include "extract/ud/clause.h"
#include "lexicon/word_set.h"

namespace kg {
namespace {

// Dependents cut from an argument: they are clauses or side remarks that
// make triples of their own.
constexpr std::array<std::string_view, 5> kCutFromArguments = {
    "acl:relcl", "appos", "parataxis", "dep", "punct"};

// Dependents of a copular predicate that are not part of its description.
constexpr std::array<std::string_view, 13> kNotInDescription = {
    "nsubj", "nsubj:pass", "csubj", "cop", "aux",       "aux:pass", "mark",
    "advcl", "punct",      "conj",  "cc",  "parataxis", "advmod"};

constexpr int kLongArgument = 12;

class TripleReader {
 public:
  explicit TripleReader(const ParsedSentence& sentence)
      : tree_(sentence), clauses_(FindClauses(tree_)) {}

  std::vector<OpenTriple> Run() {
    std::vector<bool> merged(clauses_.size(), false);
    for (std::size_t k = 0; k < clauses_.size(); ++k) {
      const Clause& c = clauses_[k];
      if (IsChained(c)) merged[c.governor] = true;
    }
    for (std::size_t k = 0; k < clauses_.size(); ++k) {
      if (merged[k] && !HasOwnArguments(clauses_[k])) continue;
      Read(clauses_[k]);
    }
    ReadAppositions();
    return std::move(out_);
  }

 private:
  // "are prepared to deploy": an xcomp whose subject is its governor's.
  bool IsChained(const Clause& c) const {
    return c.governor >= 0 && tree_.deprel(c.predicate) == "xcomp" &&
           c.inherited_subject;
  }

  bool HasOwnArguments(const Clause& c) const {
    for (int ch : tree_.children(c.predicate)) {
      std::string_view r = tree_.rel(ch);
      if (r == "obj" || r == "iobj" || r == "obl") return true;
    }
    return false;
  }

  std::string Words(const std::vector<int>& tokens) const {
    std::string out;
    for (int t : tokens) {
      if (!out.empty()) out += ' ';
      out += tree_.word(t).form;
    }
    return out;
  }

  // The subtree of `head` without cut dependents and without `exclude`'s
  // subtree (the clause a relative pronoun's noun heads).
  std::vector<int> Argument(int head, int exclude) const {
    std::vector<int> out;
    std::vector<int> stack{head};
    while (!stack.empty()) {
      int t = stack.back();
      stack.pop_back();
      if (t == exclude) continue;
      out.push_back(t);
      for (int c : tree_.children(t)) {
        if (t == head && In(kCutFromArguments, tree_.deprel(c))) continue;
        if (tree_.rel(c) == "punct" && t != head) continue;
        stack.push_back(c);
      }
    }
    std::sort(out.begin(), out.end());
    while (!out.empty() && tree_.upos(out.back()) == "PUNCT") out.pop_back();
    while (!out.empty() && tree_.upos(out.front()) == "PUNCT") {
      out.erase(out.begin());
    }
    return out;
  }

  std::vector<int> RelationWords(const Clause& c) const {
    std::vector<int> words = c.relation_words;
    if (IsChained(c)) {
      const Clause& g = clauses_[c.governor];
      std::vector<int> head = RelationWords(g);
      if (g.copular) head.push_back(g.predicate);
      int mark = tree_.Child(c.predicate, "mark");
      if (mark >= 0) head.push_back(mark);
      words.insert(words.begin(), head.begin(), head.end());
    }
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    return words;
  }

  int SubjectHead(const Clause& c) const {
    if (c.surface_subjects.empty()) return -1;
    // The first conjunct heads the others.
    return *std::min_element(c.surface_subjects.begin(),
                             c.surface_subjects.end());
  }

  void Read(const Clause& c) {
    int subject = SubjectHead(c);
    if (subject < 0) return;
    int p = c.predicate;
    bool relative = tree_.deprel(p) == "acl:relcl" || tree_.rel(p) == "acl";
    OpenTriple t;
    std::vector<int> relation = RelationWords(c);
    std::vector<std::vector<int>> args;
    std::vector<int> first = Argument(subject, relative ? p : -1);
    // A noun a relative clause hangs from keeps its preposition in the
    // main clause, not as a subject: "about [men] who stumble".
    std::erase_if(first, [&](int w) {
      return tree_.head(w) == subject &&
             (tree_.rel(w) == "case" || tree_.rel(w) == "mark");
    });
    args.push_back(first);
    if (c.copular) {
      std::vector<int> description;
      std::vector<int> stack{p};
      while (!stack.empty()) {
        int x = stack.back();
        stack.pop_back();
        description.push_back(x);
        for (int ch : tree_.children(x)) {
          if (x == p && In(kNotInDescription, tree_.deprel(ch))) continue;
          if (x == p && tree_.rel(ch) == "obl") continue;
          stack.push_back(ch);
        }
      }
      std::sort(description.begin(), description.end());
      args.push_back(description);
    }
    std::vector<int> obliques;
    for (int ch : tree_.children(p)) {
      std::string_view r = tree_.rel(ch);
      std::string_view full = tree_.deprel(ch);
      if (r == "obj" || r == "iobj") {
        if (std::find(relation.begin(), relation.end(), ch) == relation.end())
          args.push_back(Argument(ch, -1));
      } else if (r == "ccomp" || (r == "xcomp" && !IsChainedAt(ch)) ||
                 (full == "nsubj:pass" && ch != subject)) {
        args.push_back(Argument(ch, -1));
      } else if (r == "obl") {
        obliques.push_back(ch);
      }
    }
    if (args.size() == 1 && !obliques.empty()) {
      // No object: the first preposition joins the relation ("met in").
      int first = obliques.front();
      obliques.erase(obliques.begin());
      std::vector<int> arg = Argument(first, -1);
      std::vector<int> kept;
      for (int w : arg) {
        bool marker = tree_.head(w) == first && tree_.rel(w) == "case";
        (marker ? relation : kept).push_back(w);
      }
      std::sort(relation.begin(), relation.end());
      args.push_back(kept);
    }
    for (int o : obliques) args.push_back(Argument(o, -1));
    if (args.size() < 2 || relation.empty()) return;
    double confidence = 0.9;
    if (c.inherited_subject) confidence -= 0.15;
    if (relative) confidence -= 0.1;
    confidence -= 0.03 * static_cast<double>(args.size() - 2);
    for (const auto& a : args) {
      if (a.empty()) confidence -= 0.2;
      if (static_cast<int>(a.size()) > kLongArgument) confidence -= 0.08;
    }
    confidence -= 0.02 * std::min(tree_.depth(p), 5);
    t.confidence = std::round(std::clamp(confidence, 0.05, 0.99) * 100) / 100;
    t.relation = Words(relation);
    for (const auto& a : args) t.arguments.push_back(Words(a));
    out_.push_back(std::move(t));
  }

  bool IsChainedAt(int predicate) const {
    for (const Clause& c : clauses_) {
      if (c.predicate == predicate) return IsChained(c);
    }
    return false;
  }

  // "Mark Rutte, the NATO chief," -> (is, Mark Rutte, the NATO chief).
  void ReadAppositions() {
    for (int i = 0; i < tree_.size(); ++i) {
      if (tree_.deprel(i) != "appos" || tree_.head(i) < 0) continue;
      OpenTriple t;
      t.relation = "is";
      t.arguments = {Words(Argument(tree_.head(i), -1)),
                     Words(Argument(i, -1))};
      if (t.arguments[0].empty() || t.arguments[1].empty()) continue;
      t.confidence = 0.7;
      out_.push_back(std::move(t));
    }
  }

  DepTree tree_;
  std::vector<Clause> clauses_;
  std::vector<OpenTriple> out_;
};

void AppendField(std::string_view field, std::string* out) {
  for (char c : field)
    out->push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

}  // namespace

std::vector<OpenTriple> OpenTriples(const ParsedSentence& sentence) {
  return TripleReader(sentence).Run();
}

std::string FormatCarbLine(std::string_view sentence,
                           const OpenTriple& triple) {
  std::string out;
  AppendField(sentence, &out);
  char confidence[16];
  std::snprintf(confidence, sizeof confidence, "\t%.2f\t", triple.confidence);
  out += confidence;
  AppendField(triple.relation, &out);
  for (const std::string& a : triple.arguments) {
    out += '\t';
    AppendField(a, &out);
  }
  return out;
}

}  // namespace kg
