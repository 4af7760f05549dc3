#include "nlp/tagger.h"

#include <algorithm>
#include <limits>
#include <map>
#include <ostream>
#include <random>
#include <utility>

#include "nlp/ml/arg_max.h"
#include "nlp/ml/features.h"
#include "nlp/ml/word_clusters.h"
#include "nlp/word_form.h"

namespace kg {
namespace {

using nlp::Feature;
using nlp::HashString;

// Per form, how often it was seen with each tag id (training only).
using TagCounts = std::map<std::string, std::map<int, int>>;

// Per-word hashes computed once per sentence.
struct WordInfo {
  std::uint64_t norm = 0;
  std::uint64_t raw = 0;
  std::uint64_t shape = 0;
  std::uint64_t suffix[4] = {};
  std::uint64_t prefix[3] = {};
  std::uint64_t cls = 0;        // Ambiguity class of the form (ClassValue).
  std::uint64_t lower_cls = 0;  // Of its lower-cased form, if different.
  std::uint64_t clusters = 0;   // WordClusters::Find of the form.
};

// Values of WordInfo::cls and lower_cls. A known form's UPOS bit set is
// coded as (bits << 1) | 1, so these markers cannot collide with one.
constexpr std::uint64_t kUnknownClass = 0;
constexpr std::uint64_t kPadClass = 2;
constexpr std::uint64_t kAlreadyLower = 4;

std::uint64_t ClassValue(std::uint32_t upos_bits) {
  return (std::uint64_t{upos_bits} << 1) | 1;
}

// The UPOS bit of each tag id: UPOS names in sorted order (UD has 17; a
// tag set with more than 32 would share bits, which only blurs classes).
std::vector<std::uint32_t> UposBits(const std::vector<std::string>& upos) {
  std::vector<std::string> names = upos;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<std::uint32_t> bits;
  for (const std::string& name : upos) {
    const auto at = std::lower_bound(names.begin(), names.end(), name);
    bits.push_back(std::uint32_t{1} << ((at - names.begin()) & 31));
  }
  return bits;
}

// The classes of a training sentence, leaving each word out of its own
// class: what the form's other occurrences say, as for a word of new
// text. Otherwise every training word would find its gold tag in its
// class and the tagger would learn to trust classes too much.
std::vector<std::uint64_t> TrainingClasses(
    const std::vector<std::string>& forms, const std::vector<int>& gold,
    const TagCounts& counts, const std::vector<std::uint32_t>& bits) {
  const auto others = [&](const std::string& form, int self) {
    auto it = counts.find(form);
    if (it == counts.end()) return kUnknownClass;
    std::uint32_t mask = 0;
    for (const auto& [tag, n] : it->second) {
      if (n > (tag == self ? 1 : 0)) mask |= bits[tag];
    }
    return mask == 0 ? kUnknownClass : ClassValue(mask);
  };
  std::vector<std::uint64_t> out(2 * forms.size());
  for (std::size_t i = 0; i < forms.size(); ++i) {
    out[2 * i] = others(forms[i], gold[i]);
    const std::string lower = nlp::LowerAscii(forms[i]);
    out[2 * i + 1] = lower == forms[i] ? kAlreadyLower : others(lower, -1);
  }
  return out;
}

std::uint64_t Affix(const std::string& s, std::size_t n, bool suffix) {
  n = std::min(n, s.size());
  return HashString(suffix ? std::string_view(s).substr(s.size() - n)
                           : std::string_view(s).substr(0, n)) +
         n;
}

// `classes` holds two values per form (see Tagger::Classes).
std::vector<WordInfo> Describe(const std::vector<std::string>& forms,
                               const std::vector<std::uint64_t>& classes,
                               const WordClusters& clusters) {
  std::vector<WordInfo> infos(forms.size());
  for (std::size_t i = 0; i < forms.size(); ++i) {
    infos[i].cls = classes[2 * i];
    infos[i].lower_cls = classes[2 * i + 1];
    const std::string norm = nlp::NormalizeForm(forms[i]);
    WordInfo& w = infos[i];
    w.norm = HashString(norm);
    w.clusters = clusters.Find(w.norm);
    w.raw = HashString(forms[i]);
    w.shape = HashString(nlp::Shape(forms[i]));
    for (std::size_t n = 1; n <= 4; ++n) w.suffix[n - 1] = Affix(norm, n, true);
    for (std::size_t n = 1; n <= 3; ++n)
      w.prefix[n - 1] = Affix(norm, n, false);
  }
  return infos;
}

// Tag ids -1 and -2 stand for "before the sentence". With `clusters`,
// the word classes of the word and its neighbours are features too.
void TagFeatures(const std::vector<WordInfo>& words,
                 const std::vector<int>& tags, std::size_t i, bool clusters,
                 std::vector<std::uint64_t>* out) {
  static const WordInfo kPad = [] {
    WordInfo pad;
    pad.norm = pad.raw = pad.shape = HashString("<pad>");
    pad.cls = pad.lower_cls = kPadClass;
    return pad;
  }();
  const auto at = [&](long k) -> const WordInfo& {
    return k < 0 || k >= static_cast<long>(words.size()) ? kPad : words[k];
  };
  const long j = static_cast<long>(i);
  const WordInfo& w = words[i];
  const WordInfo& p1 = at(j - 1);
  const WordInfo& p2 = at(j - 2);
  const WordInfo& n1 = at(j + 1);
  const WordInfo& n2 = at(j + 2);
  const std::uint64_t t1 = i >= 1 ? tags[i - 1] + 2 : 0;
  const std::uint64_t t2 = i >= 2 ? tags[i - 2] + 2 : 1;
  out->clear();
  out->push_back(Feature(0, 0));
  out->push_back(Feature(1, w.norm));
  for (int k = 0; k < 4; ++k) out->push_back(Feature(2 + k, w.suffix[k]));
  for (int k = 0; k < 3; ++k) out->push_back(Feature(6 + k, w.prefix[k]));
  out->push_back(Feature(9, w.shape));
  out->push_back(Feature(10, t1));
  out->push_back(Feature(11, t2, t1));
  out->push_back(Feature(12, t1, w.norm));
  out->push_back(Feature(13, p1.norm));
  out->push_back(Feature(14, p1.suffix[2]));
  out->push_back(Feature(15, p2.norm));
  out->push_back(Feature(16, n1.norm));
  out->push_back(Feature(17, n1.suffix[2]));
  out->push_back(Feature(18, n2.norm));
  out->push_back(Feature(19, p1.norm, w.norm));
  out->push_back(Feature(20, w.norm, n1.norm));
  out->push_back(Feature(21, w.raw));
  out->push_back(Feature(22, n1.shape));
  out->push_back(Feature(23, p1.shape));
  out->push_back(Feature(24, i == 0, w.shape));
  out->push_back(Feature(25, t1, n1.norm));
  out->push_back(Feature(26, n1.suffix[1], n2.suffix[1]));
  out->push_back(Feature(27, w.suffix[2], n1.norm));
  out->push_back(Feature(28, p1.norm, w.norm, n1.norm));
  out->push_back(Feature(29, t1, w.suffix[2]));
  out->push_back(Feature(30, n1.norm, n2.norm));
  out->push_back(Feature(31, p2.norm, p1.norm));
  out->push_back(Feature(32, p1.norm, w.suffix[1]));
  out->push_back(Feature(33, p1.shape, w.shape, n1.shape));
  // Ambiguity classes: they generalise over words seen with the same tags,
  // and say which tags the next words can have.
  out->push_back(Feature(50, w.cls));
  out->push_back(Feature(51, w.cls, t1));
  out->push_back(Feature(52, w.lower_cls));
  out->push_back(Feature(53, n1.cls));
  out->push_back(Feature(54, w.cls, n1.cls));
  out->push_back(Feature(55, n2.cls));
  out->push_back(Feature(56, t1, w.cls, n1.cls));
  out->push_back(Feature(57, w.lower_cls, w.shape));
  if (!clusters) return;
  // Word classes from unlabelled text: for words the treebank has few or
  // no examples of.
  const auto level = [](const WordInfo& x, int granularity) {
    return WordClusters::Level(x.clusters, granularity);
  };
  out->push_back(Feature(60, level(w, 0)));
  out->push_back(Feature(61, level(w, 1)));
  out->push_back(Feature(62, level(w, 2)));
  out->push_back(Feature(63, level(w, 1), t1));
  out->push_back(Feature(64, level(n1, 2)));
  out->push_back(Feature(65, level(p1, 2)));
  out->push_back(Feature(66, level(w, 2), w.shape));
}

// Features of the second pass, which corrects the first pass's scores
// with what the first pass tagged to the right of word i (`first`) and the
// corrected tags to its left (`tags`). Ids -1/-2 stand for the sentence
// edges.
void RightFeatures(const std::vector<WordInfo>& words,
                   const std::vector<int>& first, const std::vector<int>& tags,
                   std::size_t i, std::vector<std::uint64_t>* out) {
  const std::size_t n = words.size();
  const WordInfo& w = words[i];
  const std::uint64_t r1 = i + 1 < n ? first[i + 1] + 2 : 0;
  const std::uint64_t r2 = i + 2 < n ? first[i + 2] + 2 : 0;
  const std::uint64_t t1 = i >= 1 ? tags[i - 1] + 2 : 1;
  const std::uint64_t n1 = i + 1 < n ? words[i + 1].norm : 0;
  out->clear();
  out->push_back(Feature(40, r1));
  out->push_back(Feature(41, r1, r2));
  out->push_back(Feature(42, t1, r1));
  out->push_back(Feature(43, r1, w.norm));
  out->push_back(Feature(44, r1, w.suffix[2]));
  out->push_back(Feature(45, r1, n1));
  out->push_back(Feature(46, t1, r1, r2));
  out->push_back(Feature(47, r1, w.shape));
}

}  // namespace

std::vector<std::uint64_t> Tagger::Classes(
    const std::vector<std::string>& forms) const {
  const auto find = [&](std::uint64_t hash) {
    const std::uint32_t bits = class_index_.Find(hash);
    return bits == FeatureIndex::kAbsent ? kUnknownClass : ClassValue(bits);
  };
  std::vector<std::uint64_t> out(2 * forms.size());
  for (std::size_t i = 0; i < forms.size(); ++i) {
    out[2 * i] = find(HashString(forms[i]));
    const bool upper = std::any_of(forms[i].begin(), forms[i].end(),
                                   [](char c) { return c >= 'A' && c <= 'Z'; });
    out[2 * i + 1] =
        upper ? find(HashString(nlp::LowerAscii(forms[i]))) : kAlreadyLower;
  }
  return out;
}

void Tagger::Index() {
  dictionary_index_ = FeatureIndex();
  for (const auto& [form, tag] : dictionary_) {
    dictionary_index_.FindOrInsert(HashString(form),
                                   static_cast<std::uint32_t>(tag));
  }
  class_index_ = FeatureIndex();
  for (const auto& [hash, bits] : classes_)
    class_index_.FindOrInsert(hash, bits);
}

std::vector<std::string> Tagger::SeenUpos(std::string_view form) const {
  std::vector<std::string> out;
  const auto it = classes_.find(HashString(form));
  if (it == classes_.end()) return out;
  const std::vector<std::uint32_t> bits = UposBits(upos_);
  for (std::size_t t = 0; t < upos_.size(); ++t) {
    if ((it->second & bits[t]) != 0) out.push_back(upos_[t]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int Tagger::TagId(const std::string& upos, const std::string& xpos) const {
  for (std::size_t t = 0; t < upos_.size(); ++t) {
    if (upos_[t] == upos && xpos_[t] == xpos) return static_cast<int>(t);
  }
  return -1;
}

void Tagger::Tag(const std::vector<std::string>& forms,
                 std::vector<int>* tags) const {
  Tagging tagging;
  Tag(forms, &tagging);
  *tags = std::move(tagging.tags);
}

void Tagger::Tag(const std::vector<std::string>& forms,
                 Tagging* tagging) const {
  std::vector<int>& tags = tagging->tags;
  tags.assign(forms.size(), 0);
  tagging->runners_up.assign(forms.size(), -1);
  tagging->margins.assign(forms.size(), std::numeric_limits<float>::infinity());
  if (forms.empty() || upos_.empty()) return;
  const std::size_t num_tags = upos_.size();
  const std::vector<WordInfo> words =
      Describe(forms, Classes(forms), clusters_);
  std::vector<bool> from_dictionary(forms.size(), false);
  std::vector<float> first_scores(forms.size() * num_tags, 0.0f);
  std::vector<int> first(forms.size(), 0);
  std::vector<std::uint64_t> features;
  for (std::size_t i = 0; i < forms.size(); ++i) {
    // words[i].raw is the form's hash.
    if (const std::uint32_t tag = dictionary_index_.Find(words[i].raw);
        tag != FeatureIndex::kAbsent) {
      first[i] = static_cast<int>(tag);
      from_dictionary[i] = true;
      continue;
    }
    float* scores = first_scores.data() + i * num_tags;
    TagFeatures(words, first, i, !clusters_.empty(), &features);
    model_.Score(features, scores);
    first[i] = static_cast<int>(ArgMax(scores, num_tags));
  }
  tags = first;
  std::vector<float> scores(num_tags);
  for (std::size_t i = 0; i < forms.size(); ++i) {
    if (from_dictionary[i]) continue;
    std::copy_n(first_scores.data() + i * num_tags, num_tags, scores.data());
    RightFeatures(words, first, tags, i, &features);
    right_.Score(features, scores.data());
    const int best = static_cast<int>(ArgMax(scores.data(), num_tags));
    tags[i] = best;
    if (num_tags < 2) continue;
    const float best_score = scores[best];
    scores[best] = -std::numeric_limits<float>::infinity();
    const int second = static_cast<int>(ArgMax(scores.data(), num_tags));
    tagging->runners_up[i] = second;
    tagging->margins[i] = best_score - scores[second];
  }
}

double Tagger::Accuracy(const std::vector<ConlluSentence>& gold) const {
  std::size_t correct = 0;
  std::size_t total = 0;
  std::vector<std::string> forms;
  std::vector<int> tags;
  for (const ConlluSentence& sentence : gold) {
    forms.clear();
    for (const ConlluWord& w : sentence.words) forms.push_back(w.form);
    Tag(forms, &tags);
    for (std::size_t i = 0; i < forms.size(); ++i) {
      ++total;
      correct += upos_[tags[i]] == sentence.words[i].upos &&
                 xpos_[tags[i]] == sentence.words[i].xpos;
    }
  }
  return total == 0 ? 0.0 : static_cast<double>(correct) / total;
}

bool Tagger::Valid() const {
  if (upos_.empty() || upos_.size() != xpos_.size() || !model_.Valid() ||
      model_.num_classes() != num_tags() || !right_.Valid() ||
      right_.num_classes() != num_tags() || !clusters_.Valid()) {
    return false;
  }
  for (const auto& [form, tag] : dictionary_) {
    if (tag < 0 || tag >= num_tags()) return false;
  }
  return true;
}

Result<Tagger> Tagger::Train(const std::vector<ConlluSentence>& train,
                             const TaggerOptions& options, std::ostream* log) {
  Tagger tagger;
  if (options.clusters != nullptr) tagger.clusters_ = *options.clusters;
  std::map<std::pair<std::string, std::string>, int> ids;
  std::vector<std::vector<std::string>> forms(train.size());
  std::vector<std::vector<int>> gold(train.size());
  TagCounts counts;
  for (std::size_t s = 0; s < train.size(); ++s) {
    for (const ConlluWord& w : train[s].words) {
      auto [it, inserted] =
          ids.emplace(std::pair{w.upos, w.xpos}, static_cast<int>(ids.size()));
      if (inserted) {
        tagger.upos_.push_back(w.upos);
        tagger.xpos_.push_back(w.xpos);
      }
      forms[s].push_back(w.form);
      gold[s].push_back(it->second);
      ++counts[w.form][it->second];
    }
  }
  if (tagger.upos_.empty()) {
    return Status::InvalidArgument("tagger: no words to train on");
  }
  if (tagger.upos_.size() > 255) {
    return Status::InvalidArgument("tagger: more than 255 (UPOS, XPOS) pairs");
  }
  for (const auto& [form, by_tag] : counts) {
    int total = 0;
    int best = 0;
    int best_tag = 0;
    for (const auto& [tag, n] : by_tag) {
      total += n;
      if (n > best) {
        best = n;
        best_tag = tag;
      }
    }
    if (total >= options.dictionary_min_count &&
        best >= options.dictionary_purity * total) {
      tagger.dictionary_[form] = best_tag;
    }
  }

  const std::vector<std::uint32_t> bits = UposBits(tagger.upos_);
  for (const auto& [form, by_tag] : counts) {
    std::uint32_t& mask = tagger.classes_[HashString(form)];
    for (const auto& entry : by_tag) mask |= bits[entry.first];
  }
  tagger.Index();
  std::vector<std::vector<WordInfo>> described(train.size());
  for (std::size_t s = 0; s < train.size(); ++s) {
    described[s] =
        Describe(forms[s], TrainingClasses(forms[s], gold[s], counts, bits),
                 tagger.clusters_);
  }

  const std::size_t num_tags = tagger.upos_.size();
  Perceptron first(tagger.num_tags());
  Perceptron right(tagger.num_tags());
  std::vector<std::size_t> order(train.size());
  for (std::size_t s = 0; s < order.size(); ++s) order[s] = s;
  std::mt19937_64 rng(options.seed);
  std::vector<std::uint64_t> features;
  std::vector<float> first_scores;
  std::vector<float> scores(num_tags);
  std::vector<int> first_tags;
  std::vector<int> tags;
  std::vector<bool> from_dictionary;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    std::size_t first_correct = 0;
    std::size_t correct = 0;
    std::size_t total = 0;
    for (std::size_t s : order) {
      const std::vector<WordInfo>& words = described[s];
      const std::size_t n = words.size();
      first_tags.assign(n, 0);
      from_dictionary.assign(n, false);
      first_scores.assign(n * num_tags, 0.0f);
      // The first pass learns from its own left tags, as it tags.
      for (std::size_t i = 0; i < n; ++i) {
        const int truth = gold[s][i];
        if (tagger.dictionary_.count(forms[s][i]) > 0) {
          first_tags[i] = truth;
          from_dictionary[i] = true;
          continue;
        }
        float* row = first_scores.data() + i * num_tags;
        TagFeatures(words, first_tags, i, !tagger.clusters_.empty(), &features);
        first.Score(features, row);
        const int guess = static_cast<int>(ArgMax(row, num_tags));
        first.Update(features, truth, guess);
        first.Tick();
        first_correct += guess == truth;
        ++total;
        first_tags[i] = guess;
      }
      // The second pass corrects the first pass's scores as they were
      // before its updates, i.e. with the first pass's realistic errors.
      tags = first_tags;
      for (std::size_t i = 0; i < n; ++i) {
        if (from_dictionary[i]) continue;
        const int truth = gold[s][i];
        std::copy_n(first_scores.data() + i * num_tags, num_tags,
                    scores.data());
        RightFeatures(words, first_tags, tags, i, &features);
        right.Score(features, scores.data());
        const int guess = static_cast<int>(ArgMax(scores.data(), num_tags));
        right.Update(features, truth, guess);
        right.Tick();
        correct += guess == truth;
        tags[i] = guess;
      }
    }
    if (log != nullptr) {
      *log << "tagger epoch " << epoch + 1
           << ": train accuracy (non-dictionary words) first pass "
           << (total ? 100.0 * first_correct / total : 0.0) << "%, second "
           << (total ? 100.0 * correct / total : 0.0) << "%\n";
    }
  }
  tagger.model_ = first.Finalized();
  tagger.right_ = right.Finalized();
  return tagger;
}

}  // namespace kg
