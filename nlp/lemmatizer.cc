#include "nlp/lemmatizer.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <utility>

#include "nlp/ml/features.h"
#include "nlp/word_form.h"

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
    const std::string base = lower ? nlp::LowerAscii(form) : form;
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

// nlp::HashString(Key(xpos, text)), without building the key.
std::uint64_t KeyHash(std::string_view xpos, std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::string_view part : {xpos, std::string_view("\t"), text}) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
  }
  return h;
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
  std::string out = lower ? nlp::LowerAscii(form) : std::string(form);
  out.resize(out.size() - strip);
  out.append(rule.substr(tab2 + 1));
  return out;
}

}  // namespace

void Lemmatizer::Lookup::Fill(const Table& table) {
  index = FeatureIndex();
  values.clear();
  values.reserve(table.size());
  for (const auto& [key, value] : table) {
    // The key is xpos\ttext, so its hash is what Find() computes.
    index.FindOrInsert(nlp::HashString(key),
                       static_cast<std::uint32_t>(values.size()));
    values.push_back(value);
  }
}

const std::string* Lemmatizer::Lookup::Find(std::string_view xpos,
                                            std::string_view text) const {
  const std::uint32_t at = index.Find(KeyHash(xpos, text));
  return at == FeatureIndex::kAbsent ? nullptr : &values[at];
}

void Lemmatizer::Index() {
  dictionary_lookup_.Fill(dictionary_);
  rules_lookup_.Fill(rules_);
}

std::string Lemmatizer::Lemmatize(std::string_view form,
                                  std::string_view /*upos*/,
                                  std::string_view xpos) const {
  if (form.empty()) return "_";
  if (const std::string* lemma = dictionary_lookup_.Find(xpos, form)) {
    return *lemma;
  }
  const std::string lower = nlp::LowerAscii(form);
  if (const std::string* lemma = dictionary_lookup_.Find(xpos, lower)) {
    return *lemma;
  }
  for (std::size_t n = std::min(kMaxSuffix, lower.size());; --n) {
    const std::string* rule = rules_lookup_.Find(
        xpos, std::string_view(lower).substr(lower.size() - n));
    if (rule != nullptr) return ApplyRule(form, *rule);
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
      const std::string lower = nlp::LowerAscii(w.form);
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
  lemmatizer.Index();
  return lemmatizer;
}

}  // namespace kg
