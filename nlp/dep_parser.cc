#include "nlp/dep_parser.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <sstream>
#include <thread>
#include <utility>

#include "nlp/ml/arg_max.h"
#include "nlp/ml/features.h"
#include "nlp/ml/word_clusters.h"
#include "nlp/word_form.h"

namespace kg {
namespace {

using nlp::Feature;

constexpr int kShift = 0;
constexpr int kReduce = 1;
constexpr int kNone = -1;

// Parser configuration. Word 0 is the root; words are 1..n.
class State {
 public:
  explicit State(int n)
      : n_(n),
        heads_(n + 1, kNone),
        labels_(n + 1, kNone),
        left1_(n + 1, kNone),
        left2_(n + 1, kNone),
        right1_(n + 1, kNone),
        right2_(n + 1, kNone),
        left_count_(n + 1, 0),
        right_count_(n + 1, 0),
        left_labels_(n + 1, 0),
        right_labels_(n + 1, 0),
        in_stack_(n + 1, false) {
    stack_.reserve(n + 1);
    Push(0);
  }

  int n() const { return n_; }
  int b() const { return b_; }
  bool BufferEmpty() const { return b_ > n_; }
  int StackSize() const { return static_cast<int>(stack_.size()); }
  int Stack(int k) const {
    return k < StackSize() ? stack_[stack_.size() - 1 - k] : kNone;
  }
  bool InStack(int w) const { return in_stack_[w]; }
  int Head(int w) const { return heads_[w]; }
  int Label(int w) const { return w == kNone ? kNone : labels_[w]; }
  int Left1(int w) const { return w == kNone ? kNone : left1_[w]; }
  int Left2(int w) const { return w == kNone ? kNone : left2_[w]; }
  int Right1(int w) const { return w == kNone ? kNone : right1_[w]; }
  int Right2(int w) const { return w == kNone ? kNone : right2_[w]; }
  int LeftCount(int w) const { return w == kNone ? 0 : left_count_[w]; }
  int RightCount(int w) const { return w == kNone ? 0 : right_count_[w]; }
  std::uint64_t LeftLabels(int w) const {
    return w == kNone ? 0 : left_labels_[w];
  }
  std::uint64_t RightLabels(int w) const {
    return w == kNone ? 0 : right_labels_[w];
  }
  bool RootHasChild() const { return right_count_[0] > 0; }

  void Shift() { Push(b_++); }
  void Reduce() { Pop(); }
  void LeftArc(int label) {
    AddArc(b_, Stack(0), label);
    Pop();
  }
  void RightArc(int label) {
    AddArc(Stack(0), b_, label);
    Push(b_++);
  }

 private:
  void Push(int w) {
    stack_.push_back(w);
    in_stack_[w] = true;
  }
  void Pop() {
    in_stack_[stack_.back()] = false;
    stack_.pop_back();
  }
  void AddArc(int head, int dep, int label) {
    heads_[dep] = head;
    labels_[dep] = label;
    const std::uint64_t bit = std::uint64_t{1} << (label & 63);
    if (dep < head) {
      ++left_count_[head];
      left_labels_[head] |= bit;
      if (left1_[head] == kNone || dep < left1_[head]) {
        left2_[head] = left1_[head];
        left1_[head] = dep;
      } else if (left2_[head] == kNone || dep < left2_[head]) {
        left2_[head] = dep;
      }
    } else {
      ++right_count_[head];
      right_labels_[head] |= bit;
      if (right1_[head] == kNone || dep > right1_[head]) {
        right2_[head] = right1_[head];
        right1_[head] = dep;
      } else if (right2_[head] == kNone || dep > right2_[head]) {
        right2_[head] = dep;
      }
    }
  }

  int n_;
  int b_ = 1;
  std::vector<int> stack_;
  std::vector<int> heads_, labels_;
  std::vector<int> left1_, left2_, right1_, right2_;
  std::vector<int> left_count_, right_count_;
  std::vector<std::uint64_t> left_labels_, right_labels_;
  std::vector<bool> in_stack_;
};

// Words and tags of a sentence, with slot 0 for the root and a pad value
// for "no word".
struct Sentence {
  std::vector<std::uint64_t> words;  // Hash of the normalised form.
  std::vector<std::uint64_t> tags;   // Tag id + 2; 1 = root.
  // The tagger's doubt (see Doubt()); 0 for the root and sure words.
  std::vector<std::uint64_t> doubts;
  std::vector<std::uint64_t> suffixes;  // Hash of the last 3 bytes.
  // WordClusters::Find of each word; empty when the parser has none.
  std::vector<std::uint64_t> classes;
  std::uint64_t Word(int w) const { return w == kNone ? 1 : words[w]; }
  std::uint64_t Suffix(int w) const { return w == kNone ? 1 : suffixes[w]; }
  std::uint64_t Tag(int w) const { return w == kNone ? 0 : tags[w]; }
  std::uint64_t Doubt(int w) const { return w == kNone ? 0 : doubts[w]; }
  // Class `level` of word w; kNone and the root have their own values.
  std::uint64_t Class(int w, int level) const {
    if (w == kNone) return 0x10000;
    if (w == 0) return 0x20000;
    return WordClusters::Level(classes[w], level);
  }
};

// A word's tagging doubt as a feature value: 0 when the tagger was sure
// (it rarely errs there), else its runner-up tag and whether the two tags
// nearly tied. On EWT dev the words below the wider margin are an eighth
// of all and hold nearly three quarters of the tagging errors; below the
// narrower one the tagger is right about half the time (docs/models.md).
std::uint64_t Doubt(const Tagging& tagging, std::size_t i) {
  constexpr float kDoubtMargin = 30.0f;
  constexpr float kTieMargin = 12.0f;
  if (i >= tagging.runners_up.size() || i >= tagging.margins.size()) return 0;
  const int runner_up = tagging.runners_up[i];
  const float margin = tagging.margins[i];
  if (runner_up < 0 || !(margin < kDoubtMargin)) return 0;
  return (static_cast<std::uint64_t>(runner_up) + 1) * 2 +
         (margin < kTieMargin ? 1 : 0);
}

Sentence MakeSentence(const std::vector<std::string>& forms,
                      const Tagging& tagging, const WordClusters& clusters) {
  const std::vector<int>& tags = tagging.tags;
  Sentence s;
  s.words.push_back(nlp::HashString("<root>"));
  s.tags.push_back(1);
  s.doubts.push_back(0);
  s.suffixes.push_back(0);
  if (!clusters.empty()) s.classes.push_back(0);  // The root (see Class).
  for (std::size_t i = 0; i < forms.size(); ++i) {
    const std::string norm = nlp::NormalizeForm(forms[i]);
    s.suffixes.push_back(nlp::HashString(std::string_view(norm).substr(
        norm.size() - std::min<std::size_t>(3, norm.size()))));
    s.words.push_back(nlp::HashString(norm));
    if (!clusters.empty()) s.classes.push_back(clusters.Find(s.words.back()));
    // Words past the end of the tags (a caller's error) read as tag 0.
    const int tag = i < tags.size() ? tags[i] : 0;
    s.tags.push_back(static_cast<std::uint64_t>(tag) + 2);
    s.doubts.push_back(Doubt(tagging, i));
  }
  return s;
}

std::uint64_t L(int label) {
  return label == kNone ? 0 : static_cast<std::uint64_t>(label) + 1;
}

constexpr std::size_t kBaseFeatures = 97;
constexpr std::size_t kClusterFeatures = 7;

// Zhang & Nivre (2011) feature templates: template t is (*out)[t].
void Features(const State& st, const Sentence& s,
              std::vector<std::uint64_t>* out) {
  out->resize(s.classes.empty() ? kBaseFeatures
                                : kBaseFeatures + kClusterFeatures);
  const int s0 = st.Stack(0);
  const int s1 = st.Stack(1);
  const int n0 = st.BufferEmpty() ? kNone : st.b();
  const int n1 = n0 != kNone && n0 + 1 <= st.n() ? n0 + 1 : kNone;
  const int n2 = n1 != kNone && n1 + 1 <= st.n() ? n1 + 1 : kNone;
  const int s0h = s0 == kNone || st.Head(s0) == kNone ? kNone : st.Head(s0);
  const int s0h2 = s0h == kNone || st.Head(s0h) == kNone ? kNone : st.Head(s0h);
  const int s0l = st.Left1(s0), s0l2 = st.Left2(s0);
  const int s0r = st.Right1(s0), s0r2 = st.Right2(s0);
  const int n0l = st.Left1(n0), n0l2 = st.Left2(n0);

  const std::uint64_t s0w = s.Word(s0), s0p = s.Tag(s0);
  const std::uint64_t n0w = s.Word(n0), n0p = s.Tag(n0);
  const std::uint64_t n1w = s.Word(n1), n1p = s.Tag(n1);
  const std::uint64_t n2w = s.Word(n2), n2p = s.Tag(n2);
  const std::uint64_t s1w = s.Word(s1), s1p = s.Tag(s1);
  const std::uint64_t s0wp = nlp::Mix(s0w, s0p), n0wp = nlp::Mix(n0w, n0p);
  const std::uint64_t dist =
      s0 == kNone || n0 == kNone ? 0 : std::min(n0 - s0, 8);
  std::uint64_t* next = out->data();
  auto add = [&](std::uint64_t f) { *next++ = f; };
  int t = 0;
  // Single words.
  add(Feature(t++, s0wp));
  add(Feature(t++, s0w));
  add(Feature(t++, s0p));
  add(Feature(t++, n0wp));
  add(Feature(t++, n0w));
  add(Feature(t++, n0p));
  add(Feature(t++, n1w, n1p));
  add(Feature(t++, n1w));
  add(Feature(t++, n1p));
  add(Feature(t++, n2w, n2p));
  add(Feature(t++, n2w));
  add(Feature(t++, n2p));
  // Pairs.
  add(Feature(t++, s0wp, n0wp));
  add(Feature(t++, s0wp, n0w));
  add(Feature(t++, s0w, n0wp));
  add(Feature(t++, s0wp, n0p));
  add(Feature(t++, s0p, n0wp));
  add(Feature(t++, s0w, n0w));
  add(Feature(t++, s0p, n0p));
  add(Feature(t++, n0p, n1p));
  // Triples.
  add(Feature(t++, n0p, n1p, n2p));
  add(Feature(t++, s0p, n0p, n1p));
  add(Feature(t++, s.Tag(s0h), s0p, n0p));
  add(Feature(t++, s0p, s.Tag(s0l), n0p));
  add(Feature(t++, s0p, s.Tag(s0r), n0p));
  add(Feature(t++, s0p, n0p, s.Tag(n0l)));
  // Distance.
  add(Feature(t++, s0w, dist));
  add(Feature(t++, s0p, dist));
  add(Feature(t++, n0w, dist));
  add(Feature(t++, n0p, dist));
  add(Feature(t++, s0w, n0w, dist));
  add(Feature(t++, s0p, n0p, dist));
  // Valency.
  const std::uint64_t vl0 = st.LeftCount(s0), vr0 = st.RightCount(s0);
  const std::uint64_t vln = st.LeftCount(n0);
  add(Feature(t++, s0w, vr0));
  add(Feature(t++, s0p, vr0));
  add(Feature(t++, s0w, vl0));
  add(Feature(t++, s0p, vl0));
  add(Feature(t++, n0w, vln));
  add(Feature(t++, n0p, vln));
  // Unigrams of heads and children.
  add(Feature(t++, s.Word(s0h)));
  add(Feature(t++, s.Tag(s0h)));
  add(Feature(t++, L(st.Label(s0))));
  add(Feature(t++, s.Word(s0l)));
  add(Feature(t++, s.Tag(s0l)));
  add(Feature(t++, L(st.Label(s0l))));
  add(Feature(t++, s.Word(s0r)));
  add(Feature(t++, s.Tag(s0r)));
  add(Feature(t++, L(st.Label(s0r))));
  add(Feature(t++, s.Word(n0l)));
  add(Feature(t++, s.Tag(n0l)));
  add(Feature(t++, L(st.Label(n0l))));
  // Third order.
  add(Feature(t++, s.Word(s0h2)));
  add(Feature(t++, s.Tag(s0h2)));
  add(Feature(t++, L(st.Label(s0h))));
  add(Feature(t++, s.Word(s0l2)));
  add(Feature(t++, s.Tag(s0l2)));
  add(Feature(t++, L(st.Label(s0l2))));
  add(Feature(t++, s.Word(s0r2)));
  add(Feature(t++, s.Tag(s0r2)));
  add(Feature(t++, L(st.Label(s0r2))));
  add(Feature(t++, s.Word(n0l2)));
  add(Feature(t++, s.Tag(n0l2)));
  add(Feature(t++, L(st.Label(n0l2))));
  add(Feature(t++, s0p, s.Tag(s0l), s.Tag(s0l2)));
  add(Feature(t++, s0p, s.Tag(s0r), s.Tag(s0r2)));
  add(Feature(t++, s0p, s.Tag(s0h), s.Tag(s0h2)));
  add(Feature(t++, n0p, s.Tag(n0l), s.Tag(n0l2)));
  // Label sets.
  add(Feature(t++, s0w, st.RightLabels(s0)));
  add(Feature(t++, s0p, st.RightLabels(s0)));
  add(Feature(t++, s0w, st.LeftLabels(s0)));
  add(Feature(t++, s0p, st.LeftLabels(s0)));
  add(Feature(t++, n0w, st.LeftLabels(n0)));
  add(Feature(t++, n0p, st.LeftLabels(n0)));
  // The second stack word.
  add(Feature(t++, s1w, s1p));
  add(Feature(t++, s1p, s0p, n0p));
  add(Feature(t++, s1w, s0w, n0p));
  add(Feature(t++, s1p, s0p));
  // Word pairs in the buffer, affixes for rare words, deeper stack.
  add(Feature(t++, n0w, n1w));
  add(Feature(t++, n0p, n1w));
  add(Feature(t++, s1w, s0w));
  add(Feature(t++, s.Suffix(s0), s.Suffix(n0)));
  add(Feature(t++, s.Suffix(n0), n0p));
  add(Feature(t++, s.Tag(st.Stack(2)), s1p, s0p));
  // Attachment context: tag trigrams anchored on a word, s0's head word
  // against n0 (prepositional attachment), s0's own relation, and s1's
  // rightmost child (whether s1 is finished).
  add(Feature(t++, s0w, n0p, n1p));
  add(Feature(t++, s0p, n0w, n1p));
  add(Feature(t++, s.Word(s0h), s0p, n0w));
  add(Feature(t++, L(st.Label(s0)), s0p, n0p));
  add(Feature(t++, s1p, s.Tag(st.Right1(s1)), s0p));
  // Whether n0 would rather attach to s1 (after reducing s0), and words
  // against the children they already have.
  add(Feature(t++, s1w, n0p));
  add(Feature(t++, s1p, n0w));
  add(Feature(t++, n0w, s.Word(n0l)));
  add(Feature(t++, s0w, s.Word(s0r)));
  // Where the tagger hesitated, its runner-up tag: the parser learns which
  // confusions to distrust (NOUN or VERB, ADP or SCONJ).
  const std::uint64_t s0d = s.Doubt(s0), n0d = s.Doubt(n0);
  add(Feature(t++, s0p, s0d));
  add(Feature(t++, n0p, n0d));
  add(Feature(t++, n1p, s.Doubt(n1)));
  add(Feature(t++, s0p, n0p, n0d));
  add(Feature(t++, s0p, s0d, n0p));
  add(Feature(t++, n0w, n0d));
  if (!s.classes.empty()) {
    // Word classes from unlabelled text, where the words are rare.
    const std::uint64_t s0c = s.Class(s0, 2), n0c = s.Class(n0, 2);
    add(Feature(t++, s0c));
    add(Feature(t++, n0c));
    add(Feature(t++, s.Class(n1, 2)));
    add(Feature(t++, s.Class(s0, 1), s.Class(n0, 1)));
    add(Feature(t++, s0c, n0p));
    add(Feature(t++, s0p, n0c));
    add(Feature(t++, s.Class(s0h, 1), s0p, n0p));
  }
  assert(next == out->data() + out->size());
}

struct Transitions {
  int num_labels;
  int root_label;
  int num_classes() const { return 2 + 2 * num_labels; }
  int Left(int label) const { return 2 + label; }
  int Right(int label) const { return 2 + num_labels + label; }

  // What a state allows, computed once per transition and then checked
  // for each class by Legal().
  struct Allowed {
    bool shift;
    bool reduce;
    bool left;       // Left arcs with any label but the root's.
    bool right;      // Right arcs (see root_only).
    bool root_only;  // From the root: only the root label.
  };
  Allowed Allow(const State& st) const {
    const int s0 = st.Stack(0);
    const bool arcs = !st.BufferEmpty();
    const bool s0_attached = s0 > 0 && st.Head(s0) != kNone;
    return Allowed{arcs, s0_attached, arcs && s0 > 0 && !s0_attached,
                   arcs && (s0 != 0 || !st.RootHasChild()), s0 == 0};
  }
  bool Legal(const Allowed& allowed, int cls) const {
    if (cls == kShift) return allowed.shift;
    if (cls == kReduce) return allowed.reduce;
    if (cls < 2 + num_labels) {
      return allowed.left && cls - 2 != root_label;
    }
    if (!allowed.right) return false;
    const bool root = cls - 2 - num_labels == root_label;
    return allowed.root_only ? root : !root;
  }

  void Apply(State* st, int cls) const {
    if (cls == kShift) {
      st->Shift();
    } else if (cls == kReduce) {
      st->Reduce();
    } else if (cls < 2 + num_labels) {
      st->LeftArc(cls - 2);
    } else {
      st->RightArc(cls - 2 - num_labels);
    }
  }

  // Gold arcs made unreachable by each transition (Goldberg & Nivre 2012),
  // for gold heads `gh` and labels `gl` (1-based; index 0 unused).
  void Costs(const State& st, const std::vector<int>& gh,
             const std::vector<int>& gl, std::vector<int>* costs) const {
    const int n = st.n();
    const int s0 = st.Stack(0);
    const int b = st.b();
    const int big = std::numeric_limits<int>::max() / 2;
    costs->assign(num_classes(), big);
    if (!st.BufferEmpty()) {
      // Shift: b loses heads and dependents in the stack.
      int shift = 0;
      if (st.InStack(gh[b])) ++shift;
      for (int k = 0; k < st.StackSize(); ++k) {
        const int w = st.Stack(k);
        if (w > 0 && gh[w] == b && st.Head(w) == kNone) ++shift;
      }
      (*costs)[kShift] = shift;
      // Right arc s0 -> b.
      int right = 0;
      if (gh[b] != s0 && (st.InStack(gh[b]) || gh[b] > b)) ++right;
      for (int k = 0; k < st.StackSize(); ++k) {
        const int w = st.Stack(k);
        if (w > 0 && gh[w] == b && st.Head(w) == kNone) ++right;
      }
      for (int label = 0; label < num_labels; ++label) {
        const int extra = gh[b] == s0 && gl[b] != label ? 1 : 0;
        (*costs)[Right(label)] = right + extra;
      }
      // Left arc b -> s0.
      if (s0 > 0) {
        int left = gh[s0] > b ? 1 : 0;
        for (int k = b; k <= n; ++k) left += gh[k] == s0;
        for (int label = 0; label < num_labels; ++label) {
          const int extra = gh[s0] == b && gl[s0] != label ? 1 : 0;
          (*costs)[Left(label)] = left + extra;
        }
      }
    }
    if (s0 > 0) {
      int reduce = 0;
      for (int k = b; k <= n; ++k) reduce += gh[k] == s0;
      (*costs)[kReduce] = reduce;
    }
  }
};

// The legal class with the best score, the first of equal ones (as a
// scan of every class in order with Legal() would find), or -1.
int BestLegal(const Transitions& tr, const State& st,
              const std::vector<float>& scores) {
  const Transitions::Allowed allowed = tr.Allow(st);
  int best = -1;
  float best_score = 0.0f;
  const auto consider = [&](int first, int last) {
    for (int cls = first; cls < last; ++cls) {
      if (best < 0 || scores[cls] > best_score) {
        best = cls;
        best_score = scores[cls];
      }
    }
  };
  if (allowed.shift) consider(kShift, kShift + 1);
  if (allowed.reduce) consider(kReduce, kReduce + 1);
  // Arcs with any label but the root's: the labels below it, then above.
  const int root = tr.root_label;
  const int labels = tr.num_labels;
  if (allowed.left) {
    consider(tr.Left(0), tr.Left(root));
    consider(tr.Left(root) + 1, tr.Left(labels));
  }
  if (allowed.right && allowed.root_only) {
    consider(tr.Right(root), tr.Right(root) + 1);
  } else if (allowed.right) {
    consider(tr.Right(0), tr.Right(root));
    consider(tr.Right(root) + 1, tr.Right(labels));
  }
  return best;
}

// Gives every word left without a head one: the root word, or (when none
// was chosen) the first headless word becomes the root. Fills `heads` and
// `labels` (label ids) of words 1..n.
void CompleteTree(const State& st, int root_label, int fallback_label,
                  std::vector<int>* heads, std::vector<int>* label_ids) {
  const int n = st.n();
  std::vector<int>& labels = *label_ids;
  heads->assign(n, 0);
  labels.assign(n, fallback_label);
  int root = kNone;
  for (int w = 1; w <= n; ++w) {
    if (st.Head(w) == 0) root = w;
  }
  for (int w = 1; w <= n; ++w) {
    if (st.Head(w) != kNone) {
      (*heads)[w - 1] = st.Head(w);
      labels[w - 1] = st.Label(w);
    } else if (root == kNone) {
      root = w;
      (*heads)[w - 1] = 0;
      labels[w - 1] = root_label;
    } else {
      (*heads)[w - 1] = root;
    }
  }
}

// A complete tree for the relabeler: heads[w] and labels[w] (label ids) of
// words 1..n, slot 0 for the root; children[w] in sentence order.
struct Tree {
  explicit Tree(const std::vector<int>& word_heads,
                const std::vector<int>& word_labels) {
    const int n = static_cast<int>(word_heads.size());
    heads.assign(1, kNone);
    labels.assign(1, kNone);
    heads.insert(heads.end(), word_heads.begin(), word_heads.end());
    labels.insert(labels.end(), word_labels.begin(), word_labels.end());
    children.resize(n + 1);
    for (int w = 1; w <= n; ++w) children[heads[w]].push_back(w);
  }
  std::vector<int> heads;
  std::vector<int> labels;
  std::vector<std::vector<int>> children;
};

// Features of the relabeler for word d's arc in `tree`: the parser chose
// d's label when it attached d, before d's later children and its head's
// later dependents were known; here they all are. The labels of the
// tree's other arcs are the parser's (gold ones in training).
void RelabelFeatures(const Tree& tree, const Sentence& s, int d,
                     std::vector<std::uint64_t>* out) {
  const int n = static_cast<int>(tree.heads.size()) - 1;
  const int h = tree.heads[d];
  const std::uint64_t dw = s.Word(d), dp = s.Tag(d);
  const std::uint64_t hw = s.Word(h), hp = s.Tag(h);
  const std::uint64_t dir = h == 0 ? 0 : d < h ? 1 : 2;
  const int gap = std::abs(d - h);
  const std::uint64_t dist = h == 0 ? 0 : gap <= 3 ? gap : gap <= 6 ? 4 : 5;
  const int g = h == 0 ? kNone : tree.heads[h];
  const std::uint64_t hl = h == 0 ? 0 : L(tree.labels[h]);
  out->clear();
  out->push_back(Feature(0, 0));
  out->push_back(Feature(1, dw));
  out->push_back(Feature(2, dp));
  out->push_back(Feature(3, dw, dp));
  out->push_back(Feature(4, hw, hp));
  out->push_back(Feature(5, dp, hp, dir * 8 + dist));
  out->push_back(Feature(6, dw, hp, dir));
  out->push_back(Feature(7, dp, hw, dir));
  out->push_back(Feature(8, dw, hw, dir));
  out->push_back(Feature(9, s.Suffix(d), dp, hp));
  out->push_back(Feature(10, dp, s.Tag(d - 1), s.Tag(d < n ? d + 1 : kNone)));
  out->push_back(Feature(11, dp, hp, s.Tag(g)));
  out->push_back(Feature(12, hl, dp, hp));
  out->push_back(Feature(13, hl, dw, dir));
  // The dependent's own dependents (a case or mark child, a subject).
  const std::vector<int>& kids = tree.children[d];
  out->push_back(Feature(14, dp, std::min<std::size_t>(kids.size(), 4), hp));
  if (!kids.empty()) out->push_back(Feature(15, dp, s.Word(kids.front())));
  for (int c : kids) {
    out->push_back(Feature(16, dp, L(tree.labels[c]), c < d));
    out->push_back(Feature(17, L(tree.labels[c]), s.Word(c), dir));
  }
  // Its siblings (a head rarely has two subjects or two objects), and how
  // many of them lie between it and the head.
  std::uint64_t closer = 0;
  for (int x : tree.children[h]) {
    if (x == d) continue;
    out->push_back(Feature(18, dp, L(tree.labels[x]), x < d));
    closer += d < h ? (x > d && x < h) : (x < d && x > h);
  }
  out->push_back(
      Feature(19, dp, hp, dir * 8 + std::min<std::uint64_t>(closer, 3)));
  out->push_back(Feature(20, dp, s.Doubt(d), hp));
}

// The best-scoring label but the root's. Requires at least two labels.
int BestLabel(const std::vector<float>& scores, int root_label) {
  return static_cast<int>(
      ArgMaxExcept(scores.data(), scores.size(), root_label));
}

// Replaces the label of every word but the root's in the tree of `heads`
// and `labels` (label ids of words 1..n) with the best sum of the
// relabeler's score and `parser_weight` times the parser's: alone, the
// relabeler is worse than the parser (it learns from gold trees and
// overfits them), together they are better. `arc_scores` holds, per word
// (slot 0 for the root), the parser's scores of the labels of the arc it
// made, num_classes() each (zeros for words attached by CompleteTree).
void Relabel(const Perceptron& relabeler, float parser_weight,
             const std::vector<float>& arc_scores, const Sentence& sentence,
             int root_label, const std::vector<int>& heads,
             std::vector<int>* labels) {
  const Tree tree(heads, *labels);
  const std::size_t num_labels = relabeler.num_classes();
  std::vector<std::uint64_t> features;
  std::vector<float> scores(num_labels);
  for (int d = 1; d < static_cast<int>(tree.heads.size()); ++d) {
    if (tree.heads[d] == 0) continue;  // Always root.
    RelabelFeatures(tree, sentence, d, &features);
    const float* parser = arc_scores.data() + d * num_labels;
    for (std::size_t l = 0; l < num_labels; ++l) {
      scores[l] = parser_weight * parser[l];
    }
    relabeler.Score(features, scores.data());
    (*labels)[d - 1] = BestLabel(scores, root_label);
  }
}

// The weights of the parser's scores tried against the relabeler's.
constexpr float kParserWeights[] = {0.1f, 0.3f, 1.0f, 3.0f, 10.0f};

struct RelabelerChoice {
  Perceptron model;  // No classes: no relabeler.
  float parser_weight = 1.0f;
};

// Trains the relabeler on gold `trees` (of `sentences`) for `epochs`
// epochs. With `dev_las` (LAS of the parser with a relabeler and a weight
// of the parser's scores, or without a relabeler for nullptr), returns the
// best epoch and weight (kParserWeights), or no relabeler if none beats
// the parser alone; else the last epoch's with weight 1.
RelabelerChoice TrainRelabeler(
    const std::vector<Tree>& trees,
    const std::vector<const Sentence*>& sentences, int root_label,
    int num_labels, int epochs, std::mt19937_64* rng,
    const std::function<double(const Perceptron*, float)>& dev_las,
    std::ostream* log) {
  Perceptron relabeler(num_labels);
  RelabelerChoice best;
  double best_las = dev_las ? dev_las(nullptr, 0.0f) : -1.0;
  if (log != nullptr && dev_las) {
    *log << "relabeler: dev LAS (full labels) without it " << 100.0 * best_las
         << "\n";
  }
  std::vector<std::size_t> order(trees.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::vector<std::uint64_t> features;
  std::vector<float> scores(num_labels);
  for (int epoch = 0; epoch < epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), *rng);
    std::size_t correct = 0, total = 0;
    for (std::size_t k : order) {
      const Tree& tree = trees[k];
      for (int d = 1; d < static_cast<int>(tree.heads.size()); ++d) {
        if (tree.heads[d] == 0) continue;
        RelabelFeatures(tree, *sentences[k], d, &features);
        std::fill(scores.begin(), scores.end(), 0.0f);
        relabeler.Score(features, scores.data());
        const int guess = BestLabel(scores, root_label);
        relabeler.Update(features, tree.labels[d], guess);
        relabeler.Tick();
        correct += guess == tree.labels[d];
        ++total;
      }
    }
    std::string message =
        "relabeler epoch " + std::to_string(epoch + 1) +
        ": train labels correct " +
        std::to_string(total ? 100.0 * correct / total : 0.0) + "%";
    if (dev_las) {
      const Perceptron candidate = relabeler.Finalized();
      message += ", dev LAS (full labels) by parser weight";
      for (float weight : kParserWeights) {
        const double las = dev_las(&candidate, weight);
        message += " " + std::to_string(100.0 * las);
        if (las > best_las) {
          best_las = las;
          best = RelabelerChoice{candidate, weight};
          message += " (best)";
        }
      }
    }
    if (log != nullptr) *log << message << "\n" << std::flush;
  }
  return dev_las ? best : RelabelerChoice{relabeler.Finalized(), 1.0f};
}

double LabeledAccuracy(const DepParser& parser,
                       const std::vector<ConlluSentence>& gold,
                       const std::vector<Tagging>& tags) {
  std::size_t correct = 0, total = 0;
  std::vector<std::string> forms;
  for (std::size_t s = 0; s < gold.size(); ++s) {
    forms.clear();
    for (const ConlluWord& w : gold[s].words) forms.push_back(w.form);
    const ParseTree tree = parser.Parse(forms, tags[s]);
    for (std::size_t i = 0; i < forms.size(); ++i) {
      ++total;
      correct += tree.heads[i] == gold[s].words[i].head &&
                 tree.labels[i] == gold[s].words[i].deprel;
    }
  }
  return total == 0 ? 0.0 : static_cast<double>(correct) / total;
}

// The training data shared by the members of an ensemble.
struct ParserMemberData {
  const Transitions* tr;
  const std::vector<std::size_t>* usable;
  const std::vector<std::vector<int>>* gold_heads;
  const std::vector<std::vector<int>>* gold_labels;
  const std::vector<Sentence>* sentences;
};

// Trains one perceptron with `seed` and returns its finalized weights of
// the epoch that `dev_las` scores best (the last epoch without it).
Perceptron TrainMember(const ParserMemberData& data,
                       const std::function<double(Perceptron*)>& dev_las,
                       const ParserOptions& options, std::uint64_t seed,
                       std::ostream* log) {
  const Transitions& tr = *data.tr;
  std::vector<std::size_t> usable = *data.usable;
  Perceptron model(tr.num_classes());
  Perceptron best;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<std::uint64_t> features;
  std::vector<float> scores(tr.num_classes());
  std::vector<int> costs;
  double best_las = -1.0;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(usable.begin(), usable.end(), rng);
    std::size_t correct = 0, total = 0;
    const bool explore = epoch >= options.explore_from_epoch;
    for (std::size_t s : usable) {
      const std::vector<int>& gh = (*data.gold_heads)[s];
      const std::vector<int>& gl = (*data.gold_labels)[s];
      State st(static_cast<int>(gh.size()) - 1);
      while (!st.BufferEmpty()) {
        Features(st, (*data.sentences)[s], &features);
        std::fill(scores.begin(), scores.end(), 0.0f);
        model.Score(features, scores.data());
        tr.Costs(st, gh, gl, &costs);
        int guess = -1, truth = -1, min_cost = std::numeric_limits<int>::max();
        const Transitions::Allowed allowed = tr.Allow(st);
        for (int cls = 0; cls < tr.num_classes(); ++cls) {
          if (!tr.Legal(allowed, cls)) continue;
          if (guess < 0 || scores[cls] > scores[guess]) guess = cls;
          if (costs[cls] < min_cost ||
              (costs[cls] == min_cost && scores[cls] > scores[truth])) {
            min_cost = costs[cls];
            truth = cls;
          }
        }
        if (guess < 0) break;
        if (costs[guess] > min_cost) {
          model.Update(features, truth, guess);
        } else {
          ++correct;
        }
        ++total;
        model.Tick();
        const bool follow_guess =
            explore && coin(rng) < options.explore_probability;
        tr.Apply(&st, follow_guess ? guess : truth);
      }
    }
    std::string message =
        "parser epoch " + std::to_string(epoch + 1) +
        ": train transitions correct " +
        std::to_string(total ? 100.0 * correct / total : 0.0) + "%";
    if (dev_las) {
      Perceptron candidate = model.Finalized();
      const double las = dev_las(&candidate);
      message += ", dev LAS (full labels) " + std::to_string(100.0 * las);
      if (las > best_las) {
        best_las = las;
        best = std::move(candidate);
        message += " (best)";
      }
    }
    if (log != nullptr) *log << message << "\n" << std::flush;
  }
  return dev_las ? best : model.Finalized();
}

}  // namespace

int Projectivize(std::vector<int>* heads) {
  const int n = static_cast<int>(heads->size());
  auto head = [&](int w) { return (*heads)[w - 1]; };
  auto dominates = [&](int h, int w) {
    for (int steps = 0; w != 0 && steps <= n; ++steps) {
      w = head(w);
      if (w == h) return true;
    }
    return h == 0;
  };
  int lifts = 0;
  for (int round = 0; round < n * n + 1; ++round) {
    int worst = kNone;
    int worst_span = std::numeric_limits<int>::max();
    for (int d = 1; d <= n; ++d) {
      const int h = head(d);
      if (h == 0) continue;
      const int lo = std::min(h, d), hi = std::max(h, d);
      for (int k = lo + 1; k < hi; ++k) {
        if (!dominates(h, k)) {
          if (hi - lo < worst_span) {
            worst_span = hi - lo;
            worst = d;
          }
          break;
        }
      }
    }
    if (worst == kNone) break;
    (*heads)[worst - 1] = head(head(worst));
    ++lifts;
  }
  return lifts;
}

namespace {

// The templates of Features() that read only n0, n1 and n2 (their words,
// tags, suffix, doubt and classes), not the stack or n0's children: their
// features stay the same until n0 moves.
// clang-format off
constexpr std::size_t kBufferTemplates[] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11,  // n0, n1, n2: words and tags.
    19, 20, 76, 77, 80,           // Their pairs, triple, n0's suffix.
    92, 93, 96,                   // Doubts of n0 and n1.
    kBaseFeatures + 1, kBaseFeatures + 2};  // Classes of n0 and n1.
// clang-format on

// Scores transitions with a finalized model, summing the rows of the
// buffer's features once per n0: Left-Arc and Reduce, about half the
// transitions, leave n0 where it is. Integer sums do not depend on how the
// rows are grouped, so the scores are exactly Perceptron::Score()'s.
class BufferReusingScorer {
 public:
  explicit BufferReusingScorer(const Perceptron& model)
      : model_(model),
        buffer_sums_(model.num_classes()),
        sums_(model.num_classes()) {}

  // Adds the scores of `features` (from Features(), for a state whose
  // buffer starts at n0) to scores[0, num_classes()).
  void Score(const std::vector<std::uint64_t>& features, int n0,
             float* scores) {
    if (buffer_index_.size() + state_index_.size() != features.size()) {
      Split(features.size());
    }
    const bool moved = n0 != buffer_n0_;
    Gather(features, state_index_, &state_features_);
    if (moved) {
      Gather(features, buffer_index_, &buffer_features_);
      std::fill(buffer_sums_.begin(), buffer_sums_.end(), 0);
      model_.AddRowSums(buffer_features_.data(), buffer_features_.size(),
                        buffer_sums_.data());
      buffer_n0_ = n0;
    }
    // A template listed in kBufferTemplates that reads the stack would
    // change here while n0 stays (s0 changes on every transition).
    assert(std::equal(
        buffer_index_.begin(), buffer_index_.end(), buffer_features_.begin(),
        [&](std::size_t t, std::uint64_t f) { return features[t] == f; }));
    sums_ = buffer_sums_;
    model_.AddRowSums(state_features_.data(), state_features_.size(),
                      sums_.data());
    model_.AddScaledSums(sums_.data(), scores);
  }

 private:
  // Which positions of a feature vector of `size` are the buffer's.
  void Split(std::size_t size) {
    buffer_index_.clear();
    state_index_.clear();
    for (std::size_t t = 0; t < size; ++t) {
      const bool buffer =
          std::find(std::begin(kBufferTemplates), std::end(kBufferTemplates),
                    t) != std::end(kBufferTemplates);
      (buffer ? buffer_index_ : state_index_).push_back(t);
    }
    buffer_n0_ = kNone;
  }
  static void Gather(const std::vector<std::uint64_t>& features,
                     const std::vector<std::size_t>& index,
                     std::vector<std::uint64_t>* out) {
    out->resize(index.size());
    for (std::size_t k = 0; k < index.size(); ++k) {
      (*out)[k] = features[index[k]];
    }
  }

  const Perceptron& model_;
  std::vector<std::size_t> buffer_index_, state_index_;
  std::vector<std::uint64_t> buffer_features_, state_features_;
  std::vector<std::int32_t> buffer_sums_, sums_;
  int buffer_n0_ = kNone;
};

}  // namespace

ParseTree DepParser::ParseWith(const Perceptron& model,
                               const std::vector<std::string>& forms,
                               const Tagging& tagging) const {
  const int n = static_cast<int>(forms.size());
  const Transitions tr{static_cast<int>(labels_.size()), root_label_};
  const Sentence sentence = MakeSentence(forms, tagging, clusters_);
  State st(n);
  std::vector<std::uint64_t> features;
  std::vector<float> scores(tr.num_classes());
  const std::size_t num_labels = labels_.size();
  std::vector<float> arc_scores;
  if (has_relabeler()) arc_scores.assign((n + 1) * num_labels, 0.0f);
  std::optional<BufferReusingScorer> reusing;
  if (model.finalized()) reusing.emplace(model);
  while (!st.BufferEmpty()) {
    Features(st, sentence, &features);
    std::fill(scores.begin(), scores.end(), 0.0f);
    if (reusing) {
      reusing->Score(features, st.b(), scores.data());
    } else {
      model.Score(features, scores.data());
    }
    const int cls = BestLegal(tr, st, scores);
    if (cls < 0) break;
    if (has_relabeler() && cls != kShift && cls != kReduce) {
      const bool left = cls < tr.Left(0) + tr.num_labels;
      const float* from = scores.data() + (left ? tr.Left(0) : tr.Right(0));
      const int dependent = left ? st.Stack(0) : st.b();
      std::copy_n(from, num_labels,
                  arc_scores.begin() + dependent * num_labels);
    }
    tr.Apply(&st, cls);
  }
  ParseTree tree;
  const auto dep = std::find(labels_.begin(), labels_.end(), "dep");
  const int fallback = dep != labels_.end()
                           ? static_cast<int>(dep - labels_.begin())
                           : root_label_;
  std::vector<int> label_ids;
  CompleteTree(st, root_label_, fallback, &tree.heads, &label_ids);
  if (has_relabeler()) {
    Relabel(relabeler_, relabel_parser_weight_, arc_scores, sentence,
            root_label_, tree.heads, &label_ids);
  }
  tree.labels.clear();
  for (int label : label_ids) tree.labels.push_back(labels_[label]);
  return tree;
}

ParseTree DepParser::Parse(const std::vector<std::string>& forms,
                           const Tagging& tagging) const {
  return ParseWith(model_, forms, tagging);
}

bool DepParser::Valid() const {
  return !labels_.empty() && root_label_ >= 0 && clusters_.Valid() &&
         root_label_ < static_cast<int>(labels_.size()) && model_.Valid() &&
         model_.num_classes() == 2 + 2 * static_cast<int>(labels_.size()) &&
         (!has_relabeler() ||
          (relabeler_.Valid() && std::isfinite(relabel_parser_weight_) &&
           relabeler_.num_classes() == static_cast<int>(labels_.size())));
}

Result<DepParser> DepParser::Train(const std::vector<ConlluSentence>& train,
                                   const std::vector<Tagging>& train_tags,
                                   const std::vector<ConlluSentence>* dev,
                                   const std::vector<Tagging>* dev_tags,
                                   const ParserOptions& options,
                                   std::ostream* log) {
  if (train_tags.size() != train.size()) {
    return Status::InvalidArgument("parser: one tag vector per sentence");
  }
  DepParser parser;
  if (options.clusters != nullptr) parser.clusters_ = *options.clusters;
  std::map<std::string, int> label_ids;
  for (const ConlluSentence& sentence : train) {
    for (const ConlluWord& w : sentence.words) label_ids.emplace(w.deprel, 0);
  }
  label_ids.emplace("root", 0);
  if (label_ids.size() > 126) {
    return Status::InvalidArgument("parser: more than 126 relations");
  }
  for (auto& [name, id] : label_ids) {
    id = static_cast<int>(parser.labels_.size());
    parser.labels_.push_back(name);
  }
  parser.root_label_ = label_ids["root"];
  const Transitions tr{static_cast<int>(parser.labels_.size()),
                       parser.root_label_};

  // Gold trees, projectivised; sentences without a complete tree skipped.
  std::vector<std::size_t> usable;
  std::vector<std::vector<int>> gold_heads(train.size());
  std::vector<std::vector<int>> gold_labels(train.size());
  std::vector<Sentence> sentences(train.size());
  int lifted = 0;
  for (std::size_t s = 0; s < train.size(); ++s) {
    const auto& words = train[s].words;
    if (words.empty() || train_tags[s].tags.size() != words.size()) continue;
    std::vector<int> heads;
    int roots = 0;
    for (const ConlluWord& w : words) {
      heads.push_back(w.head);
      roots += w.head == 0;
    }
    if (roots != 1 ||
        std::any_of(heads.begin(), heads.end(), [](int h) { return h < 0; })) {
      continue;
    }
    lifted += Projectivize(&heads) > 0;
    gold_heads[s].push_back(kNone);
    gold_labels[s].push_back(kNone);
    for (std::size_t i = 0; i < words.size(); ++i) {
      gold_heads[s].push_back(heads[i]);
      gold_labels[s].push_back(heads[i] == 0 ? parser.root_label_
                                             : label_ids[words[i].deprel]);
    }
    std::vector<std::string> forms;
    for (const ConlluWord& w : words) forms.push_back(w.form);
    sentences[s] = MakeSentence(forms, train_tags[s], parser.clusters_);
    usable.push_back(s);
  }
  if (usable.empty()) {
    return Status::InvalidArgument("parser: no sentence with a complete tree");
  }
  if (log != nullptr) {
    std::size_t words = 0, doubtful = 0;
    for (std::size_t s : usable) {
      words += sentences[s].doubts.size() - 1;
      doubtful +=
          std::count_if(sentences[s].doubts.begin(), sentences[s].doubts.end(),
                        [](std::uint64_t d) { return d != 0; });
    }
    *log << "parser: " << usable.size() << " training trees (" << lifted
         << " projectivised), " << parser.labels_.size() << " relations, "
         << doubtful << " of " << words << " words tagged with doubt\n";
  }

  // Members of the ensemble differ only in their seed; each keeps its
  // best dev epoch, and their averaged weights score as the sum of their
  // scores would.
  const int members = std::max(1, options.ensemble);
  std::vector<Perceptron> chosen(members);
  std::vector<std::string> logs(members);
  const ParserMemberData data{&tr, &usable, &gold_heads, &gold_labels,
                              &sentences};
  auto train_member = [&](int member) {
    std::function<double(Perceptron*)> dev_las;
    if (dev != nullptr && dev_tags != nullptr) {
      dev_las = [&](Perceptron* model) {
        DepParser candidate;
        candidate.labels_ = parser.labels_;
        candidate.root_label_ = parser.root_label_;
        candidate.clusters_ = parser.clusters_;
        candidate.model_ = std::move(*model);
        const double las = LabeledAccuracy(candidate, *dev, *dev_tags);
        *model = std::move(candidate.model_);
        return las;
      };
    }
    std::ostringstream member_log;
    chosen[member] =
        TrainMember(data, dev_las, options, options.seed + member, &member_log);
    logs[member] = member_log.str();
  };
  std::vector<std::thread> threads;
  const int workers = std::min(members, std::max(1, options.threads));
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      for (int m = w; m < members; m += workers) train_member(m);
    });
  }
  for (std::thread& t : threads) t.join();
  for (int m = 0; m < members; ++m) {
    if (log != nullptr) *log << "parser member " << m + 1 << "\n" << logs[m];
  }
  if (members == 1) {
    parser.model_ = std::move(chosen[0]);
  } else {
    std::vector<const Perceptron*> pointers;
    for (const Perceptron& m : chosen) pointers.push_back(&m);
    parser.model_ = Perceptron::Average(pointers);
    if (log != nullptr && dev != nullptr && dev_tags != nullptr) {
      *log << "parser ensemble of " << members << ": dev LAS (full labels) "
           << 100.0 * LabeledAccuracy(parser, *dev, *dev_tags) << "\n";
    }
  }
  std::mt19937_64 rng(options.seed);
  if (options.relabel_epochs > 0) {
    // Gold trees as annotated (not projectivised): the relabeler reads
    // whole trees, whatever their shape.
    std::vector<Tree> trees;
    std::vector<const Sentence*> tree_sentences;
    for (std::size_t s : usable) {
      std::vector<int> heads, labels;
      for (const ConlluWord& w : train[s].words) {
        heads.push_back(w.head);
        labels.push_back(w.head == 0 ? parser.root_label_
                                     : label_ids[w.deprel]);
      }
      trees.emplace_back(heads, labels);
      tree_sentences.push_back(&sentences[s]);
    }
    std::function<double(const Perceptron*, float)> dev_las;
    if (dev != nullptr && dev_tags != nullptr) {
      // Scored on `parser` itself (a copy would copy the whole parser
      // model for every candidate), which has no relabeler until the
      // choice below.
      dev_las = [&](const Perceptron* relabeler, float weight) {
        parser.relabeler_ = relabeler == nullptr ? Perceptron() : *relabeler;
        parser.relabel_parser_weight_ = weight;
        const double las = LabeledAccuracy(parser, *dev, *dev_tags);
        parser.relabeler_ = Perceptron();
        return las;
      };
    }
    RelabelerChoice choice =
        TrainRelabeler(trees, tree_sentences, parser.root_label_,
                       static_cast<int>(parser.labels_.size()),
                       options.relabel_epochs, &rng, dev_las, log);
    parser.relabeler_ = std::move(choice.model);
    parser.relabel_parser_weight_ = choice.parser_weight;
  }
  // Pruning after choosing the epoch, so that the chosen epoch (and every
  // weight kept) does not depend on the threshold.
  if (options.prune > 0) parser.Prune(options.prune);
  return parser;
}

}  // namespace kg
