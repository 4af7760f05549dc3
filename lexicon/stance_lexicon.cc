#include "lexicon/stance_lexicon.h"

#include <algorithm>
#include <charconv>

#include "common/split.h"

namespace kg {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// The folded key of a phrase: its words, folded, joined by one space.
std::string PhraseKey(std::string_view phrase) {
  std::string key;
  for (const Word& w : ScanWords(phrase)) {
    if (!key.empty()) key.push_back(' ');
    AppendFolded(phrase.substr(w.begin, w.end - w.begin), &key);
  }
  return key;
}

std::optional<PredicateKind> ParseKind(std::string_view kind) {
  if (kind == "verb") return PredicateKind::kVerb;
  if (kind == "noun") return PredicateKind::kNoun;
  if (kind == "adj") return PredicateKind::kAdjective;
  return std::nullopt;
}

bool IsCameoCode(std::string_view code) {
  return code.size() >= 2 && code.size() <= 4 &&
         std::all_of(code.begin(), code.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

// A listed form is a past form unless it is the lemma, an -s or an -ing
// form (the listing convention of data/README.md).
bool IsPastForm(std::string_view first_word, std::string_view lemma_word) {
  if (first_word == lemma_word) return false;
  if (first_word.ends_with("ing") || first_word.ends_with("s")) return false;
  return true;
}

}  // namespace

std::vector<std::string> InflectVerb(std::string_view lemma) {
  std::string base(lemma);
  std::vector<std::string> forms{base};
  if (base.empty()) return forms;
  char last = base.back();
  char before = base.size() > 1 ? base[base.size() - 2] : ' ';
  bool consonant_y = last == 'y' && !IsVowel(before);
  if (consonant_y) {
    std::string stem = base.substr(0, base.size() - 1);
    forms.push_back(stem + "ies");
    forms.push_back(base + "ing");
    forms.push_back(stem + "ied");
    return forms;
  }
  bool sibilant = last == 's' || last == 'x' || last == 'z' ||
                  base.ends_with("ch") || base.ends_with("sh");
  forms.push_back(base + (sibilant ? "es" : "s"));
  if (last == 'e') {
    std::string stem = base.substr(0, base.size() - 1);
    forms.push_back(base.ends_with("ee") ? base + "ing" : stem + "ing");
    forms.push_back(base + "d");
  } else {
    forms.push_back(base + "ing");
    forms.push_back(base + "ed");
  }
  return forms;
}

Result<StanceLexicon> StanceLexicon::Load(const std::string& path, Env* env) {
  Result<std::string> data = env->ReadFile(path, 16 << 20);
  if (!data.ok()) return data.status();
  StanceLexicon lexicon;
  KG_RETURN_IF_ERROR(lexicon.AddTsv(*data, path));
  return lexicon;
}

Status StanceLexicon::AddTsv(std::string_view tsv, std::string_view source) {
  std::size_t line_number = 0;
  for (std::string_view line : Split(tsv, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || line.front() == '#' ||
        line.starts_with("phrase\t")) {
      continue;
    }
    auto error = [&](const std::string& why) {
      return Status::InputError(std::string(source) + ":" +
                                std::to_string(line_number) + ": " + why);
    };
    std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() < 6 || f.size() > 7) {
      return error(
          "want 6 or 7 tab-separated fields (phrase, relation, "
          "polarity, cameo, weight, kind[, forms])");
    }
    for (auto& field : f) field = Trim(field);
    auto entry = std::make_unique<LexiconEntry>();
    entry->phrase = PhraseKey(f[0]);
    entry->relation = std::string(f[1]);
    if (entry->phrase.empty() || entry->relation.empty()) {
      return error("empty phrase or relation");
    }
    if (f[2] == "1" || f[2] == "+1") {
      entry->polarity = 1;
    } else if (f[2] == "-1") {
      entry->polarity = -1;
    } else if (f[2] == "0") {
      entry->polarity = 0;
    } else {
      return error("polarity must be 1, -1 or 0");
    }
    if (!IsCameoCode(f[3]))
      return error("bad CAMEO code \"" + std::string(f[3]) + "\"");
    entry->cameo = std::string(f[3]);
    auto parsed =
        std::from_chars(f[4].data(), f[4].data() + f[4].size(), entry->weight);
    if (parsed.ec != std::errc() || parsed.ptr != f[4].data() + f[4].size() ||
        entry->weight < 0 || entry->weight > 10) {
      return error("weight must be a number in 0..10");
    }
    std::optional<PredicateKind> kind = ParseKind(f[5]);
    if (!kind) return error("kind must be verb, noun or adj");
    entry->kind = *kind;

    std::size_t index = entries_.size();
    std::string phrase = entry->phrase;
    entries_.push_back(std::move(entry));
    std::string_view lemma_word =
        std::string_view(phrase).substr(0, phrase.find(' '));
    if (f.size() == 7 && !f[6].empty()) {
      for (std::string_view form : Split(f[6], '|')) {
        bool needs_auxiliary = form.ends_with("@aux");
        if (needs_auxiliary) form.remove_suffix(4);
        std::string key = PhraseKey(form);
        if (key.empty()) continue;
        bool past = *kind == PredicateKind::kVerb &&
                    IsPastForm(std::string_view(key).substr(0, key.find(' ')),
                               lemma_word);
        AddForm(key, index, past, needs_auxiliary);
      }
      continue;
    }
    if (*kind != PredicateKind::kVerb) {
      AddForm(phrase, index, false);
      continue;
    }
    // Inflect the first word of a verb phrase: "stand with" -> "stands with".
    std::string rest = phrase.substr(lemma_word.size());
    std::vector<std::string> inflected = InflectVerb(lemma_word);
    for (std::size_t k = 0; k < inflected.size(); ++k) {
      AddForm(inflected[k] + rest, index, k == 3);
    }
  }
  return Status::Ok();
}

void StanceLexicon::AddForm(std::string_view form, std::size_t entry,
                            bool participle, bool needs_auxiliary) {
  std::string key = PhraseKey(form);
  // The first row to claim a form keeps it: verbs are listed first.
  forms_.try_emplace(key, Form{entry, participle, needs_auxiliary});
  for (std::size_t space = key.find(' '); space != std::string::npos;
       space = key.find(' ', space + 1)) {
    prefixes_.Insert(key.substr(0, space));
  }
  prefixes_.Insert(key);
  std::size_t words =
      static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
  max_words_ = std::max(max_words_, words);
}

std::optional<StanceLexicon::Match> StanceLexicon::LongestMatch(
    std::string_view text, const std::vector<Word>& words,
    std::size_t start) const {
  if (start >= words.size() || words[start].punct) return std::nullopt;
  std::optional<Match> best;
  std::string key;
  std::size_t limit = std::min(max_words_, words.size() - start);
  for (std::size_t n = 1; n <= limit; ++n) {
    const Word& w = words[start + n - 1];
    if (n > 1) key.push_back(' ');
    AppendFolded(text.substr(w.begin, w.end - w.begin), &key);
    if (!prefixes_.Contains(key)) break;
    if (auto it = forms_.find(key); it != forms_.end()) {
      best = Match{entries_[it->second.entry].get(), n, it->second.participle,
                   it->second.needs_auxiliary};
    }
  }
  return best;
}

namespace {

// True if `form` is already its own key: lower-case ASCII words joined by
// single spaces, as the extractors' look-ups mostly are.
bool IsPlainKey(std::string_view form) {
  if (form.empty() || form.front() == ' ' || form.back() == ' ') return false;
  for (std::size_t i = 0; i < form.size(); ++i) {
    char c = form[i];
    if (c == ' ' && form[i - 1] != ' ') continue;
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

}  // namespace

const LexiconEntry* StanceLexicon::Lookup(std::string_view form) const {
  // Re-scanning every look-up would cost more than the look-up itself.
  auto it = IsPlainKey(form) ? forms_.find(std::string(form))
                             : forms_.find(PhraseKey(form));
  return it == forms_.end() ? nullptr : entries_[it->second.entry].get();
}

int PolarityUnderNegation(int polarity, bool negated, bool refused) {
  if (refused) return polarity > 0 ? -1 : 0;
  if (negated) return 0;
  return polarity;
}

}  // namespace kg
