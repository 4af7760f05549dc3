#include "extract/tagger.h"

#include <algorithm>
#include <map>
#include <ostream>
#include <random>
#include <utility>

#include "extract/ud_features.h"
#include "extract/ud_word.h"

namespace kg {
namespace {

using ud::Feature;
using ud::HashString;

// Per-word hashes computed once per sentence.
struct WordInfo {
  std::uint64_t norm = 0;
  std::uint64_t raw = 0;
  std::uint64_t shape = 0;
  std::uint64_t suffix[4] = {};
  std::uint64_t prefix[3] = {};
};

std::uint64_t Affix(const std::string& s, std::size_t n, bool suffix) {
  n = std::min(n, s.size());
  return HashString(suffix ? std::string_view(s).substr(s.size() - n)
                           : std::string_view(s).substr(0, n)) +
         n;
}

std::vector<WordInfo> Describe(const std::vector<std::string>& forms) {
  std::vector<WordInfo> infos(forms.size());
  for (std::size_t i = 0; i < forms.size(); ++i) {
    const std::string norm = ud::NormalizeForm(forms[i]);
    WordInfo& w = infos[i];
    w.norm = HashString(norm);
    w.raw = HashString(forms[i]);
    w.shape = HashString(ud::Shape(forms[i]));
    for (std::size_t n = 1; n <= 4; ++n) w.suffix[n - 1] = Affix(norm, n, true);
    for (std::size_t n = 1; n <= 3; ++n)
      w.prefix[n - 1] = Affix(norm, n, false);
  }
  return infos;
}

// Tag ids -1 and -2 stand for "before the sentence".
void TagFeatures(const std::vector<WordInfo>& words,
                 const std::vector<int>& tags, std::size_t i,
                 std::vector<std::uint64_t>* out) {
  static const WordInfo kPad = [] {
    WordInfo pad;
    pad.norm = pad.raw = pad.shape = HashString("<pad>");
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
}

int ArgMax(const std::vector<float>& scores) {
  return static_cast<int>(std::max_element(scores.begin(), scores.end()) -
                          scores.begin());
}

}  // namespace

int Tagger::TagId(const std::string& upos, const std::string& xpos) const {
  for (std::size_t t = 0; t < upos_.size(); ++t) {
    if (upos_[t] == upos && xpos_[t] == xpos) return static_cast<int>(t);
  }
  return -1;
}

void Tagger::TagWith(const Perceptron& model,
                     const std::vector<std::string>& forms,
                     std::vector<int>* tags) const {
  tags->assign(forms.size(), 0);
  if (forms.empty() || upos_.empty()) return;
  const std::vector<WordInfo> words = Describe(forms);
  std::vector<std::uint64_t> features;
  std::vector<float> scores(upos_.size());
  for (std::size_t i = 0; i < forms.size(); ++i) {
    if (auto it = dictionary_.find(forms[i]); it != dictionary_.end()) {
      (*tags)[i] = it->second;
      continue;
    }
    TagFeatures(words, *tags, i, &features);
    std::fill(scores.begin(), scores.end(), 0.0f);
    model.Score(features, scores.data());
    (*tags)[i] = ArgMax(scores);
  }
}

void Tagger::Tag(const std::vector<std::string>& forms,
                 std::vector<int>* tags) const {
  TagWith(model_, forms, tags);
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
      model_.num_classes() != num_tags()) {
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
  std::map<std::pair<std::string, std::string>, int> ids;
  std::vector<std::vector<std::string>> forms(train.size());
  std::vector<std::vector<int>> gold(train.size());
  std::map<std::string, std::map<int, int>> counts;
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

  Perceptron model(tagger.num_tags());
  std::vector<std::size_t> order(train.size());
  for (std::size_t s = 0; s < order.size(); ++s) order[s] = s;
  std::mt19937_64 rng(options.seed);
  std::vector<std::uint64_t> features;
  std::vector<float> scores(tagger.upos_.size());
  std::vector<int> tags;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    std::size_t correct = 0;
    std::size_t total = 0;
    for (std::size_t s : order) {
      const std::vector<WordInfo> words = Describe(forms[s]);
      tags.assign(words.size(), 0);
      for (std::size_t i = 0; i < words.size(); ++i) {
        const int truth = gold[s][i];
        if (tagger.dictionary_.count(forms[s][i]) > 0) {
          tags[i] = truth;
          continue;
        }
        TagFeatures(words, tags, i, &features);
        std::fill(scores.begin(), scores.end(), 0.0f);
        model.Score(features, scores.data());
        const int guess = ArgMax(scores);
        model.Update(features, truth, guess);
        model.Tick();
        correct += guess == truth;
        ++total;
        tags[i] = guess;
      }
    }
    if (log != nullptr) {
      *log << "tagger epoch " << epoch + 1
           << ": train accuracy (non-dictionary "
           << "words) " << (total ? 100.0 * correct / total : 0.0) << "%\n";
    }
  }
  tagger.model_ = model.Finalized();
  return tagger;
}

}  // namespace kg
