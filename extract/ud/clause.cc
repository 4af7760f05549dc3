#include "extract/ud/clause.h"

#include <algorithm>
#include <array>

#include "lexicon/word_set.h"

namespace kg {
namespace {

constexpr std::array<std::string_view, 22> kSpeechLemmas = {
    "say",       "tell",    "add",       "announce",   "declare",   "insist",
    "stress",    "note",    "argue",     "claim",      "write",     "state",
    "confirm",   "explain", "tweet",     "post",       "reiterate", "emphasize",
    "emphasise", "assert",  "underline", "acknowledge"};

constexpr std::array<std::string_view, 6> kNegations = {
    "not", "n't", "never", "no", "neither", "nor"};

constexpr std::array<std::string_view, 7> kHypotheticalAux = {
    "would", "could", "may", "might", "should", "'d", "can"};

constexpr std::array<std::string_view, 4> kIntentionAux = {"will", "'ll",
                                                           "shall", "wo"};

// Governors whose complement is only intended: "plans to", "ready to".
constexpr std::array<std::string_view, 24> kIntentionLemmas = {
    "plan",  "intend",  "prepare", "ready",   "prepared", "willing",
    "aim",   "seek",    "want",    "vow",     "pledge",   "promise",
    "set",   "expect",  "hope",    "decide",  "agree",    "threaten",
    "offer", "propose", "try",     "attempt", "mean",     "go"};

// Governors that deny their complement: "refused to", "ruled out".
constexpr std::array<std::string_view, 5> kRefusalLemmas = {
    "refuse", "decline", "fail", "reject", "resist"};

// Governors that negate their complement without refusing it: "denied
// attacking", "denied that it had attacked".
constexpr std::array<std::string_view, 1> kDenialLemmas = {"deny"};

// Governors whose gerund complement is only their subject's claim about the
// object: "accused X of arming Y" (X arming Y is reported, not asserted).
constexpr std::array<std::string_view, 3> kAccusationLemmas = {
    "accuse", "blame", "suspect"};

constexpr std::array<std::string_view, 4> kRelativePronouns = {"who", "which",
                                                               "that", "whom"};

constexpr std::array<std::string_view, 9> kNotPredicateRelations = {
    "amod", "aux", "cop", "compound", "fixed", "flat", "case", "mark", "det"};

// ASCII letters only: the bytes of other UTF-8 letters are kept as they are.
char AsciiLower(char c) {
  return static_cast<char>(c + ((c >= 'A' && c <= 'Z') ? 'a' - 'A' : 0));
}

}  // namespace

bool IsSpeechLemma(std::string_view lemma) { return In(kSpeechLemmas, lemma); }

DepTree::DepTree(const ParsedSentence& sentence) : words_(&sentence.words) {
  const int n = size();
  heads_.resize(n);
  for (int i = 0; i < n; ++i) {
    int h = word(i).head - 1;
    heads_[i] = (h < -1 || h >= n || h == i) ? -1 : h;
  }
  // Break cycles: walk up from each word, marking the path; meeting the
  // path again closes a cycle, which is cut at the word that closes it.
  std::vector<char> state(n, 0);  // 0 new, 1 on the current path, 2 done.
  std::vector<int> path;
  for (int i = 0; i < n; ++i) {
    path.clear();
    int k = i;
    while (k >= 0 && state[k] == 0) {
      state[k] = 1;
      path.push_back(k);
      if (heads_[k] >= 0 && state[heads_[k]] == 1) {
        heads_[k] = -1;
        break;
      }
      k = heads_[k];
    }
    for (int p : path) state[p] = 2;
  }
  depths_.assign(n, 0);
  lemmas_.resize(n);
  lowers_.resize(n);
  rels_.resize(n);
  std::size_t bytes = 0;
  for (int i = 0; i < n; ++i) {
    bytes += 2 * word(i).form.size() + word(i).lemma.size();
  }
  folded_.reserve(bytes);
  auto append_lower = [this](std::string_view text) {
    Range range{static_cast<std::uint32_t>(folded_.size()),
                static_cast<std::uint32_t>(text.size())};
    folded_.append(text);
    char* end = folded_.data() + folded_.size();
    for (char* c = folded_.data() + range.begin; c != end; ++c) {
      *c = AsciiLower(*c);
    }
    return range;
  };
  for (int i = 0; i < n; ++i) {
    const ParsedWord& w = word(i);
    std::string_view form = w.form;
    bool curly_s = form.size() == 4 && form.starts_with("’") &&
                   AsciiLower(form.back()) == 's';
    lowers_[i] = append_lower(curly_s ? std::string_view("'s") : form);
    std::string_view lemma = w.lemma;
    lemmas_[i] = append_lower((lemma.empty() || lemma == "_") ? form : lemma);
    std::string_view full = w.deprel;
    rels_[i] = full.substr(0, full.find(':'));
  }
  child_start_.assign(n + 1, 0);
  for (int i = 0; i < n; ++i) {
    if (heads_[i] >= 0) ++child_start_[heads_[i] + 1];
  }
  for (int i = 0; i < n; ++i) child_start_[i + 1] += child_start_[i];
  child_list_.resize(child_start_[n]);
  std::vector<int> fill(child_start_.begin(), child_start_.end() - 1);
  for (int i = 0; i < n; ++i) {
    if (heads_[i] >= 0) child_list_[fill[heads_[i]]++] = i;
  }
  // Depths top-down from the roots; the tree is acyclic by now.
  std::vector<int> stack;
  for (int i = 0; i < n; ++i) {
    if (heads_[i] < 0) stack.push_back(i);
  }
  while (!stack.empty()) {
    int t = stack.back();
    stack.pop_back();
    for (int c : children(t)) {
      depths_[c] = depths_[t] + 1;
      stack.push_back(c);
    }
  }
}

int DepTree::Child(int i, std::string_view deprel) const {
  for (int c : children(i)) {
    if (word(c).deprel == deprel) return c;
  }
  return -1;
}

std::string DepTree::CaseMarker(int i) const {
  std::string marker;
  for (int c : children(i)) {
    if (rel(c) != "case" || c > i) continue;
    if (!marker.empty()) marker += ' ';
    marker += lower(c);
    for (int f : children(c)) {
      if (rel(f) == "fixed") {
        marker += ' ';
        marker += lower(f);
      }
    }
  }
  return marker;
}

std::vector<int> DepTree::Conjuncts(int i) const {
  std::vector<int> out{i};
  for (std::size_t k = 0; k < out.size(); ++k) {
    for (int c : children(out[k])) {
      if (rel(c) == "conj" && !IsPredicate(c)) out.push_back(c);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool DepTree::IsPredicate(int i) const {
  if (Child(i, "cop") >= 0) return true;
  return upos(i) == "VERB" && !In(kNotPredicateRelations, rel(i));
}

std::vector<int> DepTree::Subtree(int i) const {
  std::vector<int> out{i};
  for (std::size_t k = 0; k < out.size(); ++k) {
    for (int c : children(out[k])) out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

class ClauseFinder {
 public:
  explicit ClauseFinder(const DepTree& tree)
      : tree_(tree), clause_of_(tree.size(), -1) {}

  std::vector<Clause> Run() {
    std::vector<int> order;
    for (int i = 0; i < tree_.size(); ++i) {
      if (tree_.IsPredicate(i) || IsGerundModifier(i)) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return tree_.depth(a) < tree_.depth(b);
    });
    for (int p : order) {
      clause_of_[p] = static_cast<int>(clauses_.size());
      clauses_.push_back(Build(p));
    }
    return std::move(clauses_);
  }

 private:
  void Append(std::vector<int>* to, const std::vector<int>& from) const {
    to->insert(to->end(), from.begin(), from.end());
  }

  // Relative pronouns stand for the noun their clause modifies.
  std::vector<int> Resolve(int p, std::vector<int> heads) const {
    if (tree_.deprel(p) != "acl:relcl" || tree_.head(p) < 0) return heads;
    std::vector<int> out;
    for (int h : heads) {
      if (tree_.upos(h) == "PRON" && In(kRelativePronouns, tree_.lemma(h))) {
        Append(&out, tree_.Conjuncts(tree_.head(p)));
      } else {
        out.push_back(h);
      }
    }
    return out;
  }

  // An -ing verb the parser hung as a modifier on the object it governs:
  // "ruled out arming Taiwan" read as "arming" compound of "Taiwan".
  bool IsGerundModifier(int i) const {
    if (tree_.upos(i) != "VERB" || tree_.word(i).xpos != "VBG") return false;
    if (tree_.rel(i) != "compound" && tree_.rel(i) != "amod") return false;
    int object = tree_.head(i);
    if (object <= i || tree_.rel(object) != "obj") return false;
    int governor = tree_.head(object);
    if (governor < 0 || !tree_.IsPredicate(governor)) return false;
    // A common noun only right after its verb: "opposes deploying troops",
    // not "condemned the growing attacks".
    return tree_.upos(object) == "PROPN" || i == governor + 1;
  }

  Clause BuildGerund(int p) {
    Clause c;
    c.predicate = p;
    c.relation_words.push_back(p);
    int object = tree_.head(p);
    c.objects = tree_.Conjuncts(object);
    int gi = clause_of_[tree_.head(object)];
    if (gi < 0) return c;
    Clause& gov = clauses_[gi];
    std::erase(gov.objects, object);
    gov.complement = p;
    c.governor = gi;
    c.surface_subjects = c.subjects = gov.surface_subjects;
    c.inherited_subject = true;
    c.modality = gov.modality;
    c.speaker = gov.speaker;
    c.negated = gov.negated || In(kDenialLemmas, tree_.lemma(gov.predicate));
    c.refused = gov.refused || In(kRefusalLemmas, tree_.lemma(gov.predicate)) ||
                (tree_.lemma(gov.predicate) == "rule" && gov.particle == "out");
    return c;
  }

  Clause Build(int p) {
    if (IsGerundModifier(p)) return BuildGerund(p);
    Clause c;
    c.predicate = p;
    c.copular = tree_.upos(p) != "VERB" && tree_.Child(p, "cop") >= 0;
    std::vector<int> agents;
    bool own_aux = false;
    for (int ch : tree_.children(p)) {
      std::string_view full = tree_.deprel(ch);
      std::string_view r = tree_.rel(ch);
      if (full == "nsubj:pass" || full == "nsubj:outer") {
        c.passive = c.passive || full == "nsubj:pass";
        Append(&c.surface_subjects, tree_.Conjuncts(ch));
      } else if (r == "nsubj") {
        Append(&c.surface_subjects, tree_.Conjuncts(ch));
      } else if (r == "obj") {
        if (tree_.IsPredicate(ch)) {
          c.complement = ch;
        } else {
          Append(&c.objects, tree_.Conjuncts(ch));
        }
      } else if (r == "iobj") {
        for (int h : tree_.Conjuncts(ch)) c.obliques.push_back({h, ""});
      } else if (r == "obl" || (c.copular && r == "nmod")) {
        std::string marker = tree_.CaseMarker(ch);
        if (marker == "according to") {
          c.speaker = ch;
        } else if (full == "obl:agent" || marker == "by") {
          Append(&agents, tree_.Conjuncts(ch));
        } else if (full != "obl:tmod") {
          for (int h : tree_.Conjuncts(ch)) c.obliques.push_back({h, marker});
        }
      } else if (r == "aux" || r == "cop") {
        c.relation_words.push_back(ch);
        if (full == "aux:pass") c.passive = true;
        if (r == "aux") own_aux = true;
        if (In(kHypotheticalAux, tree_.lemma(ch)) ||
            In(kHypotheticalAux, tree_.lower(ch))) {
          c.modality = Modality::kHypothetical;
        } else if ((In(kIntentionAux, tree_.lemma(ch)) ||
                    In(kIntentionAux, tree_.lower(ch))) &&
                   c.modality == Modality::kAsserted) {
          c.modality = Modality::kIntended;
        }
      } else if (r == "advmod" &&
                 (In(kNegations, tree_.lower(ch)) ||
                  In(kNegations, tree_.lemma(ch)) || IsNoLonger(ch))) {
        c.negated = true;
        c.relation_words.push_back(ch);
      } else if (full == "compound:prt") {
        c.particle = tree_.lower(ch);
        c.relation_words.push_back(ch);
      } else if (r == "xcomp" && !tree_.IsPredicate(ch) &&
                 (tree_.upos(ch) == "PROPN" || tree_.upos(ch) == "NOUN")) {
        Append(&c.objects, tree_.Conjuncts(ch));  // A misread object.
      } else if ((r == "xcomp" || r == "ccomp") && c.complement < 0) {
        c.complement = ch;
      } else if (r == "advcl" && IsCondition(ch)) {
        c.modality = Modality::kConditional;
      }
    }
    if (!c.copular) c.relation_words.push_back(p);
    std::sort(c.relation_words.begin(), c.relation_words.end());
    c.surface_subjects = Resolve(p, c.surface_subjects);
    c.objects = Resolve(p, c.objects);
    if (IsCondition(p)) c.modality = Modality::kConditional;
    if (NegatedSubjects(c.surface_subjects)) c.negated = true;
    Inherit(p, own_aux, &c);
    if (c.passive) {
      c.subjects = agents;
      c.objects.insert(c.objects.begin(), c.surface_subjects.begin(),
                       c.surface_subjects.end());
    } else {
      c.subjects = c.surface_subjects;
      for (int a : agents) c.obliques.push_back({a, "by"});
    }
    for (int ch : tree_.children(p)) {
      // "Ukraine will win, Zelensky said": the speech verb hangs below.
      if ((tree_.rel(ch) == "parataxis" || tree_.rel(ch) == "dep" ||
           tree_.rel(ch) == "ccomp") &&
          IsSpeechLemma(tree_.lemma(ch)) && tree_.Child(ch, "ccomp") < 0) {
        int speaker = tree_.Child(ch, "nsubj");
        if (speaker >= 0) c.speaker = speaker;
      }
    }
    if (c.speaker >= 0 && c.modality == Modality::kAsserted) {
      c.modality = Modality::kReported;
    }
    return c;
  }

  // "no longer", "no more": negation by an adverb phrase.
  bool IsNoLonger(int i) const {
    for (int c : tree_.children(i)) {
      if (tree_.lower(c) == "no") return true;
    }
    return false;
  }

  // "Neither X nor Y": the subjects deny the predicate.
  bool NegatedSubjects(const std::vector<int>& subjects) const {
    for (int h : subjects) {
      for (int c : tree_.children(h)) {
        if ((tree_.rel(c) == "cc" && tree_.lower(c) == "nor") ||
            tree_.lower(c) == "neither") {
          return true;
        }
      }
    }
    return false;
  }

  bool IsCondition(int i) const {
    if (tree_.rel(i) != "advcl") return false;
    for (int m : tree_.children(i)) {
      if (tree_.rel(m) == "mark" &&
          (tree_.lower(m) == "if" || tree_.lower(m) == "unless")) {
        return true;
      }
    }
    return false;
  }

  // "accused X of arming Y", "praised X for backing Y": the gerund's subject
  // is the governor's object, not its subject.
  bool IsObjectGerund(int i) const {
    return tree_.rel(i) == "advcl" && tree_.word(i).xpos == "VBG" &&
           (HasMark(i, "of") || HasMark(i, "for"));
  }

  bool HasMark(int i, std::string_view mark) const {
    for (int m : tree_.children(i)) {
      if (tree_.rel(m) == "mark" && tree_.lower(m) == mark) return true;
    }
    return false;
  }

  // Fills what a clause takes from the clause it depends on: a missing
  // subject (control, shared subjects of conjoined verbs, relative and
  // participial clauses), modality, negation and the speaker.
  void Inherit(int p, bool own_aux, Clause* c) const {
    int g = tree_.head(p);
    if (g < 0) return;
    std::string_view r = tree_.rel(p);
    std::string_view full = tree_.deprel(p);
    int gi = clause_of_[g];
    const Clause* gov = gi >= 0 ? &clauses_[gi] : nullptr;
    c->governor = gi;
    bool needs_subject = c->surface_subjects.empty();
    if (full == "acl:relcl" && needs_subject) {
      c->surface_subjects = tree_.Conjuncts(g);
      needs_subject = false;
    } else if (full == "acl" && needs_subject) {
      // "aid pledged by France": the noun is the patient of a participle;
      // "troops defending Kyiv": the agent of an -ing form.
      // A participle with its own object is active ("Belarus, ...,
      // criticised Poland" misread as a modifier).
      if (tree_.word(p).xpos == "VBN" && c->objects.empty()) {
        c->passive = true;
      }
      c->surface_subjects = tree_.Conjuncts(g);
      c->inherited_subject = true;
      needs_subject = false;
    }
    if (gov == nullptr) return;
    bool control = r == "xcomp" || (r == "obj" && c->predicate == p) ||
                   (r == "advcl" && !HasMark(p, "if") && needs_subject);
    if (needs_subject && r == "conj") {
      c->surface_subjects = gov->surface_subjects;
      c->inherited_subject = !c->surface_subjects.empty();
    } else if (needs_subject && control) {
      std::vector<int> controllers = gov->objects;
      for (const ClauseArg& o : gov->obliques) {
        if (o.marker.empty()) controllers.push_back(o.head);  // iobj
      }
      bool object_control = (r == "xcomp" || IsObjectGerund(p)) &&
                            !gov->passive && !controllers.empty() &&
                            !gov->copular;
      c->surface_subjects =
          object_control ? controllers : gov->surface_subjects;
      // "urged Sweden to sanction Iran": Sweden has not done it yet.
      if (object_control && r == "xcomp" &&
          c->modality == Modality::kAsserted) {
        c->modality = Modality::kHypothetical;
      }
      if (object_control && In(kAccusationLemmas, tree_.lemma(g)) &&
          !gov->subjects.empty()) {
        c->modality = Modality::kReported;
        c->speaker = gov->subjects.front();
      }
      if (!object_control && gov->passive && gov->surface_subjects.empty()) {
        c->surface_subjects = gov->subjects;
      }
      c->inherited_subject = !c->surface_subjects.empty();
    }
    if (r == "xcomp" || (r == "obj" && control) ||
        (r == "ccomp" && !IsSpeechLemma(tree_.lemma(g)))) {
      if (In(kIntentionLemmas, tree_.lemma(g)) &&
          c->modality == Modality::kAsserted) {
        c->modality = Modality::kIntended;
      }
      if (In(kRefusalLemmas, tree_.lemma(g)) ||
          (tree_.lemma(g) == "rule" && gov->particle == "out")) {
        c->refused = true;
      }
      c->refused = c->refused || gov->refused;
      c->negated =
          c->negated || gov->negated || In(kDenialLemmas, tree_.lemma(g));
    }
    if (r == "advcl" && HasMark(p, "to") &&
        c->modality == Modality::kAsserted) {
      c->modality = Modality::kIntended;  // Purpose: "in order to deter".
    }
    bool keeps_modality =
        r == "xcomp" || r == "obj" || (r == "conj" && !own_aux) || r == "advcl";
    if (keeps_modality && gov->modality != Modality::kAsserted &&
        gov->modality != Modality::kReported &&
        (c->modality == Modality::kAsserted ||
         gov->modality == Modality::kConditional)) {
      c->modality = gov->modality;
    }
    if ((r == "ccomp" || r == "parataxis") && IsSpeechLemma(tree_.lemma(g)) &&
        p > g) {
      if (!gov->subjects.empty()) c->speaker = gov->subjects.front();
    } else if (c->speaker < 0 && r != "acl" && full != "acl:relcl") {
      c->speaker = gov->speaker;
    }
  }

  const DepTree& tree_;
  std::vector<int> clause_of_;
  std::vector<Clause> clauses_;
};

}  // namespace

std::vector<Clause> FindClauses(const DepTree& tree) {
  return ClauseFinder(tree).Run();
}

}  // namespace kg
