#include "extract/lemmatizer.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <utility>

#include "extract/ud_word.h"

namespace kg {
namespace {

constexpr std::size_t kMaxSuffix = 6;

std::string Key(std::string_view xpos, std::string_view text) {
  std::string key(xpos);
  key.push_back('\t');
  key.append(text);
  return key;
}

// The rule turning `form` into `lemma`, or "" when the lemma is unrelated
// to the form's spelling (rules can only rewrite a suffix).
std::string MakeRule(const std::string& form, const std::string& lemma) {
  for (int lower = 0; lower < 2; ++lower) {
    const std::string base = lower ? ud::LowerAscii(form) : form;
    std::size_t common = 0;
    while (common < base.size() && common < lemma.size() &&
           base[common] == lemma[common]) {
      ++common;
    }
    if (common == 0 && !base.empty()) continue;
    return std::to_string(base.size() - common) + "\t" + std::to_string(lower) +
           "\t" + lemma.substr(common);
  }
  return "";
}

std::string ApplyRule(std::string_view form, const std::string& rule) {
  const std::size_t tab1 = rule.find('\t');
  const std::size_t tab2 = rule.find('\t', tab1 + 1);
  if (tab1 == std::string::npos || tab2 == std::string::npos) {
    return std::string(form);
  }
  std::size_t strip = 0;
  auto [end, error] = std::from_chars(rule.data(), rule.data() + tab1, strip);
  if (error != std::errc() || end != rule.data() + tab1) {
    return std::string(form);
  }
  const bool lower = rule[tab1 + 1] == '1';
  if (strip >= form.size()) return std::string(form);
  std::string out = lower ? ud::LowerAscii(form) : std::string(form);
  out.resize(out.size() - strip);
  out.append(rule.substr(tab2 + 1));
  return out;
}

}  // namespace

std::string Lemmatizer::Lemmatize(std::string_view form,
                                  std::string_view /*upos*/,
                                  std::string_view xpos) const {
  if (form.empty()) return "_";
  if (auto it = dictionary_.find(Key(xpos, form)); it != dictionary_.end()) {
    return it->second;
  }
  const std::string lower = ud::LowerAscii(form);
  if (auto it = dictionary_.find(Key(xpos, lower)); it != dictionary_.end()) {
    return it->second;
  }
  for (std::size_t n = std::min(kMaxSuffix, lower.size());; --n) {
    auto it = rules_.find(
        Key(xpos, std::string_view(lower).substr(lower.size() - n)));
    if (it != rules_.end()) return ApplyRule(form, it->second);
    if (n == 0) break;
  }
  return std::string(form);
}

Lemmatizer Lemmatizer::Train(const std::vector<ConlluSentence>& train) {
  std::map<std::string, std::map<std::string, int>> lemma_counts;
  std::map<std::string, std::map<std::string, int>> rule_counts;
  for (const ConlluSentence& sentence : train) {
    for (const ConlluWord& w : sentence.words) {
      if (w.form.empty() || w.lemma == "_" || w.lemma.empty()) continue;
      ++lemma_counts[Key(w.xpos, w.form)][w.lemma];
      const std::string rule = MakeRule(w.form, w.lemma);
      if (rule.empty()) continue;
      const std::string lower = ud::LowerAscii(w.form);
      for (std::size_t n = 0; n <= std::min(kMaxSuffix, lower.size()); ++n) {
        ++rule_counts[Key(
            w.xpos, std::string_view(lower).substr(lower.size() - n))][rule];
      }
    }
  }
  const auto best = [](const std::map<std::string, int>& counts) {
    return std::max_element(
               counts.begin(), counts.end(),
               [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
  };
  Lemmatizer lemmatizer;
  for (const auto& [key, counts] : lemma_counts) {
    lemmatizer.dictionary_[key] = best(counts);
  }
  for (const auto& [key, counts] : rule_counts) {
    int total = 0;
    for (const auto& [rule, n] : counts) total += n;
    // One-off suffixes only repeat a dictionary entry.
    if (total >= 2) lemmatizer.rules_[key] = best(counts);
  }
  return lemmatizer;
}

}  // namespace kg
