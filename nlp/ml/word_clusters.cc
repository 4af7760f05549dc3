#include "nlp/ml/word_clusters.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "nlp/ml/features.h"
#include "nlp/word_form.h"

namespace kg {
namespace {

// Word ids: 0 marks a sentence boundary, 1 stands for every rare word;
// the vocabulary follows, most frequent first.
constexpr int kBoundary = 0;
constexpr int kRare = 1;

// x log x, the term of a count in the likelihood.
double XLogX(std::int64_t x) {
  return x <= 0 ? 0.0
                : static_cast<double>(x) * std::log(static_cast<double>(x));
}

// A word's bigrams with its neighbours, by neighbour, and its own counts.
struct WordContext {
  std::vector<std::pair<int, std::int64_t>> right;  // (next word, count)
  std::vector<std::pair<int, std::int64_t>> left;   // (previous word, count)
  std::int64_t self = 0;  // Bigrams of the word with itself.
  std::int64_t as_left = 0;
  std::int64_t as_right = 0;
};

// Assigns each word one of `num_classes` classes by the exchange algorithm
// on the class bigram likelihood
//   sum_{c,d} f(N(c,d)) - sum_c f(N(c,*)) - sum_d f(N(*,d)),  f(x) = x log x.
// Words are visited most frequent first; each is taken out of its class
// and put in the class that gains most.
std::vector<int> Exchange(const std::vector<WordContext>& words,
                          int num_classes, int iterations) {
  const int num_words = static_cast<int>(words.size());
  const std::size_t c_count = static_cast<std::size_t>(num_classes);
  std::vector<int> cls(num_words);
  for (int w = 0; w < num_words; ++w) cls[w] = w % num_classes;
  std::vector<std::int64_t> pair(c_count * c_count, 0);
  std::vector<std::int64_t> left(c_count, 0), right(c_count, 0);
  const auto at = [&](int c, int d) -> std::int64_t& {
    return pair[static_cast<std::size_t>(c) * c_count + d];
  };
  for (int w = 0; w < num_words; ++w) {
    for (const auto& [v, n] : words[w].right) at(cls[w], cls[v]) += n;
    at(cls[w], cls[w]) += words[w].self;
    left[cls[w]] += words[w].as_left;
    right[cls[w]] += words[w].as_right;
  }
  // Per word: counts of its neighbours' classes, and which are set.
  std::vector<std::int64_t> next(c_count, 0), prev(c_count, 0);
  std::vector<int> next_classes, prev_classes;
  for (int iteration = 0; iteration < iterations; ++iteration) {
    int moves = 0;
    for (int w = kRare + 1; w < num_words; ++w) {
      const WordContext& ctx = words[w];
      const int from = cls[w];
      next_classes.clear();
      prev_classes.clear();
      for (const auto& [v, n] : ctx.right) {
        if (next[cls[v]] == 0) next_classes.push_back(cls[v]);
        next[cls[v]] += n;
      }
      for (const auto& [v, n] : ctx.left) {
        if (prev[cls[v]] == 0) prev_classes.push_back(cls[v]);
        prev[cls[v]] += n;
      }
      const auto move = [&](int c, int sign) {
        for (int d : next_classes) at(c, d) += sign * next[d];
        for (int d : prev_classes) at(d, c) += sign * prev[d];
        at(c, c) += sign * ctx.self;
        left[c] += sign * ctx.as_left;
        right[c] += sign * ctx.as_right;
      };
      move(from, -1);
      int best = from;
      double best_gain = 0.0;
      for (int c = 0; c < num_classes; ++c) {
        double gain = 0.0;
        for (int d : next_classes) {
          if (d == c) continue;
          gain += XLogX(at(c, d) + next[d]) - XLogX(at(c, d));
        }
        for (int d : prev_classes) {
          if (d == c) continue;
          gain += XLogX(at(d, c) + prev[d]) - XLogX(at(d, c));
        }
        // The word's bigrams within its own class, both ways at once.
        const std::int64_t inside = at(c, c);
        gain += XLogX(inside + next[c] + prev[c] + ctx.self) - XLogX(inside);
        gain -= XLogX(left[c] + ctx.as_left) - XLogX(left[c]);
        gain -= XLogX(right[c] + ctx.as_right) - XLogX(right[c]);
        if (c == 0 || gain > best_gain) {
          best = c;
          best_gain = gain;
        }
      }
      move(best, +1);
      moves += best != from;
      cls[w] = best;
      for (int d : next_classes) next[d] = 0;
      for (int d : prev_classes) prev[d] = 0;
    }
    if (moves == 0) break;
  }
  return cls;
}

}  // namespace

WordClusters WordClusters::Learn(
    const std::vector<std::vector<std::string>>& sentences,
    const ClusterOptions& options) {
  WordClusters out;
  std::map<std::string, std::int64_t> counts;
  std::vector<std::vector<std::string>> normalised(sentences.size());
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    for (const std::string& form : sentences[s]) {
      normalised[s].push_back(nlp::NormalizeForm(form));
      ++counts[normalised[s].back()];
    }
  }
  std::vector<std::pair<std::int64_t, std::string>> by_count;
  for (const auto& [form, n] : counts) {
    if (n >= options.min_count) by_count.emplace_back(-n, form);
  }
  std::sort(by_count.begin(), by_count.end());
  std::map<std::string, int> ids;
  for (const auto& [n, form] : by_count) {
    ids.emplace(form, static_cast<int>(ids.size()) + kRare + 1);
  }
  const int num_words = static_cast<int>(ids.size()) + kRare + 1;
  if (ids.empty()) return out;

  std::map<std::pair<int, int>, std::int64_t> bigrams;
  for (const std::vector<std::string>& sentence : normalised) {
    int previous = kBoundary;
    for (const std::string& form : sentence) {
      const auto it = ids.find(form);
      const int word = it == ids.end() ? kRare : it->second;
      ++bigrams[{previous, word}];
      previous = word;
    }
    ++bigrams[{previous, kBoundary}];
  }
  std::vector<WordContext> words(num_words);
  for (const auto& [key, n] : bigrams) {
    const auto [a, b] = key;
    words[a].as_left += n;
    words[b].as_right += n;
    if (a == b) {
      words[a].self += n;
      continue;
    }
    words[a].right.emplace_back(b, n);
    words[b].left.emplace_back(a, n);
  }

  std::vector<std::uint64_t> codes(num_words, 0);
  for (std::size_t level = 0;
       level < options.sizes.size() && level < kMaxLevels; ++level) {
    const int size = std::clamp(options.sizes[level], 1, 0xFFFE);
    out.sizes_.push_back(size);
    const std::vector<int> cls = Exchange(words, size, options.iterations);
    for (int w = 0; w < num_words; ++w) {
      codes[w] |= static_cast<std::uint64_t>(cls[w] + 1) << (16 * level);
    }
  }
  std::vector<std::pair<std::uint64_t, std::uint64_t>> entries;
  for (const auto& [form, id] : ids) {
    entries.emplace_back(nlp::HashString(form), codes[id]);
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& [key, code] : entries) {
    out.keys_.push_back(key);
    out.classes_.push_back(code);
  }
  out.BuildLookup();
  return out;
}

std::uint64_t WordClusters::Find(std::uint64_t norm_hash) const {
  const std::uint32_t row = index_.Find(norm_hash);
  return row == FeatureIndex::kAbsent ? 0 : classes_[row];
}

bool WordClusters::Valid() const {
  return keys_.size() == classes_.size() &&
         sizes_.size() <= static_cast<std::size_t>(kMaxLevels) &&
         std::is_sorted(keys_.begin(), keys_.end());
}

void WordClusters::BuildLookup() {
  index_ = FeatureIndex();
  if (!Valid()) return;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    index_.FindOrInsert(keys_[i], static_cast<std::uint32_t>(i));
  }
}

}  // namespace kg
