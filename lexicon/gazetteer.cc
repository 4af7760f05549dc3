#include "lexicon/gazetteer.h"

#include <algorithm>
#include <array>
#include <utility>

#include "common/split.h"
#include "core/date_parse.h"

namespace kg {
namespace {

// Spelling variants and synonyms of role titles, folded, with the role the
// data uses. Generic English vocabulary, not names.
constexpr std::array<std::pair<std::string_view, std::string_view>, 19>
    kRoleSynonyms{{
        {"premier", "prime minister"},
        {"pm", "prime minister"},
        {"defense minister", "defence minister"},
        {"defence secretary", "defence minister"},
        {"defense secretary", "defence minister"},
        {"secretary of defense", "defence minister"},
        {"war secretary", "defence minister"},
        {"secretary of war", "defence minister"},
        {"foreign secretary", "foreign minister"},
        {"secretary of state", "foreign minister"},
        {"foreign affairs minister", "foreign minister"},
        {"minister of foreign affairs", "foreign minister"},
        {"minister of defence", "defence minister"},
        {"minister of defense", "defence minister"},
        {"secretary general", "secretary-general"},
        {"secretary-general", "secretary-general"},
        {"director-general", "director general"},
        {"foreign policy chief", "high representative"},
        {"federal chancellor", "chancellor"},
    }};

constexpr std::size_t kMaxFields = 8;

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The matching key of an alias or a word range: words joined by one space.
std::string KeyOf(std::string_view text, const std::vector<Word>& words,
                  std::size_t start, std::size_t count) {
  std::string key;
  for (std::size_t k = start; k < start + count; ++k) {
    if (k > start) key.push_back(' ');
    key.append(text.substr(words[k].begin, words[k].end - words[k].begin));
  }
  return key;
}

// Words of an alias without a leading article ("the Kremlin" -> Kremlin).
std::vector<Word> AliasWords(std::string_view alias) {
  std::vector<Word> words = ScanWords(alias);
  if (words.size() > 1 &&
      FoldWord(alias.substr(words[0].begin, words[0].end - words[0].begin)) ==
          "the") {
    words.erase(words.begin());
  }
  return words;
}

bool Covers(const RoleTerm& term, std::string_view date) {
  if (date.empty()) return term.to.empty();
  if (!term.from.empty() && date < term.from) return false;
  if (!term.to.empty() && date >= term.to) return false;
  return true;
}

std::size_t LetterCount(std::string_view word) {
  return static_cast<std::size_t>(
      std::count_if(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (static_cast<unsigned char>(c) & 0xC0) == 0xC0;
      }));
}

// Adds every word prefix of `key` ("a b c" -> "a", "a b", "a b c").
void AddPrefixes(const std::string& key, PrefixSet* set) {
  for (std::size_t space = key.find(' '); space != std::string::npos;
       space = key.find(' ', space + 1)) {
    set->Insert(key.substr(0, space));
  }
  set->Insert(key);
}

}  // namespace

Result<Gazetteer> Gazetteer::Load(const std::string& path, Env* env) {
  Gazetteer gazetteer;
  KG_RETURN_IF_ERROR(gazetteer.LoadMore(path, env));
  return gazetteer;
}

Status Gazetteer::LoadMore(const std::string& path, Env* env) {
  Result<std::string> data = env->ReadFile(path, 64 << 20);
  if (!data.ok()) return data.status();
  ++load_generation_;
  return AddTsv(*data, path);
}

Status Gazetteer::AddTsv(std::string_view tsv, std::string_view source) {
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < tsv.size()) {
    std::size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = tsv.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimSpace(line).empty() || line.front() == '#') continue;
    if (line.starts_with("id\t")) continue;  // The header.
    KG_RETURN_IF_ERROR(AddRow(Split(line, '\t'), source, line_number));
  }
  return Status::Ok();
}

Status Gazetteer::AddRow(const std::vector<std::string_view>& raw,
                         std::string_view source, std::size_t line) {
  auto error = [&](const std::string& why) {
    return Status::InputError(std::string(source) + ":" + std::to_string(line) +
                              ": " + why);
  };
  if (raw.size() < 3 || raw.size() > kMaxFields) {
    return error(
        "want 3 to 8 tab-separated fields (id, type, name, aliases, "
        "affiliation, role, from, to), got " +
        std::to_string(raw.size()));
  }
  std::array<std::string_view, kMaxFields> f{};
  for (std::size_t i = 0; i < raw.size(); ++i) f[i] = TrimSpace(raw[i]);
  std::string_view id = f[0], name = f[2], aliases = f[3], affiliation = f[4];
  std::string_view role = f[5], from = f[6], to = f[7];
  if (id.empty() || id.find(' ') != std::string_view::npos) {
    return error("bad id \"" + std::string(id) + "\"");
  }
  std::optional<EntityType> type = ParseEntityType(f[1]);
  if (!type) return error("unknown type \"" + std::string(f[1]) + "\"");
  if (name.empty()) return error("empty name");
  for (std::string_view date : {from, to}) {
    if (!date.empty() && !IsIsoDate(date)) {
      return error("bad date \"" + std::string(date) + "\" (want YYYY-MM-DD)");
    }
  }
  if (!from.empty() && !to.empty() && to <= from)
    return error("term ends before it starts");
  if (role.empty() && (!from.empty() || !to.empty())) {
    return error("dates given without a role");
  }

  auto [it, added] = by_id_.try_emplace(std::string(id), entries_.size());
  std::size_t index = it->second;
  if (added) {
    entries_.push_back({std::string(id), *type, std::string(name), {}, {}, {}});
    generation_.push_back(load_generation_);
  } else if (generation_[index] != load_generation_) {
    // A later file overrides what an earlier one said about this id.
    GazetteerEntry& entry = entries_[index];
    entry.type = *type;
    entry.name = std::string(name);
    if (role.empty() && !affiliation.empty())
      entry.affiliation = std::string(affiliation);
    generation_[index] = load_generation_;
  }
  GazetteerEntry& entry = entries_[index];
  if (role.empty()) {
    if (entry.affiliation.empty()) entry.affiliation = std::string(affiliation);
  } else {
    std::string canonical = CanonicalRole(role);
    entry.terms.push_back({canonical, std::string(affiliation),
                           std::string(from), std::string(to)});
    if (entry.terms.size() == 1) officeholders_.push_back(index);
    std::size_t words = ScanWords(canonical).size();
    max_role_words_ = std::max(max_role_words_, words);
    if (roles_.try_emplace(canonical, canonical).second) {
      AddPrefixes(canonical, &role_prefixes_);
      for (const auto& [synonym, target] : kRoleSynonyms) {
        if (target == canonical)
          AddPrefixes(std::string(synonym), &role_prefixes_);
      }
    }
  }
  AddAlias(index, name);
  std::size_t start = 0;
  while (start <= aliases.size() && !aliases.empty()) {
    std::size_t bar = aliases.find('|', start);
    if (bar == std::string_view::npos) bar = aliases.size();
    std::string_view alias = TrimSpace(aliases.substr(start, bar - start));
    if (!alias.empty()) AddAlias(index, alias);
    start = bar + 1;
  }
  return Status::Ok();
}

void Gazetteer::AddAlias(std::size_t index, std::string_view alias) {
  std::vector<Word> words = AliasWords(alias);
  if (words.empty()) return;
  std::string key = KeyOf(alias, words, 0, words.size());
  GazetteerEntry& entry = entries_[index];
  if (std::find(entry.aliases.begin(), entry.aliases.end(), alias) ==
      entry.aliases.end()) {
    entry.aliases.emplace_back(alias);
  }
  auto [it, added] = exact_.try_emplace(key, index);
  if (!added && it->second != index) {
    alias_conflicts_.push_back(key + ": " + entries_[it->second].id + " -> " +
                               entry.id);
    it->second = index;
  }
  exact_first_byte_[static_cast<unsigned char>(key.front())] = true;
  std::string folded = FoldWord(key);
  folded_[folded] = index;
  AddPrefixes(folded, &alias_prefixes_);
  max_alias_words_ = std::max(max_alias_words_, words.size());
}

const GazetteerEntry* Gazetteer::FindById(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

const GazetteerEntry* Gazetteer::Lookup(std::string_view alias) const {
  std::vector<Word> words = AliasWords(alias);
  if (words.empty()) return nullptr;
  std::string key = KeyOf(alias, words, 0, words.size());
  if (auto it = exact_.find(key); it != exact_.end())
    return &entries_[it->second];
  if (auto it = folded_.find(FoldWord(key)); it != folded_.end()) {
    return &entries_[it->second];
  }
  return nullptr;
}

std::optional<Gazetteer::Match> Gazetteer::LongestMatch(
    std::string_view text, const std::vector<Word>& words,
    std::size_t start) const {
  if (start >= words.size() || words[start].punct) return std::nullopt;
  std::string_view first =
      text.substr(words[start].begin, words[start].end - words[start].begin);
  bool may_fold = StartsUpper(first) && LetterCount(first) >= 2;
  // Most running words are lower case and start no alias exactly: one
  // table look-up instead of folding and hashing them.
  if (first.empty() ||
      (!may_fold &&
       !exact_first_byte_[static_cast<unsigned char>(first.front())])) {
    return std::nullopt;
  }
  std::optional<Match> best;
  std::string key;
  std::string folded;  // FoldWord(key), extended word by word.
  std::size_t limit = std::min(max_alias_words_, words.size() - start);
  for (std::size_t n = 1; n <= limit; ++n) {
    const Word& w = words[start + n - 1];
    std::string_view form = text.substr(w.begin, w.end - w.begin);
    if (n > 1) {
      key.push_back(' ');
      folded.push_back(' ');
    }
    key.append(form);
    AppendFolded(form, &folded);
    if (!alias_prefixes_.Contains(folded)) break;
    if (auto it = exact_.find(key); it != exact_.end()) {
      best = Match{&entries_[it->second], n};
    } else if (may_fold) {
      if (auto f = folded_.find(folded); f != folded_.end()) {
        best = Match{&entries_[f->second], n};
      }
    }
  }
  return best;
}

std::optional<Gazetteer::RoleMatch> Gazetteer::MatchRole(
    std::string_view text, const std::vector<Word>& words,
    std::size_t start) const {
  std::optional<RoleMatch> best;
  std::string key;
  // Synonyms can be longer than any role in the data.
  constexpr std::size_t kLongestSynonym = 4;
  std::size_t limit = std::min(std::max(max_role_words_, kLongestSynonym),
                               words.size() - std::min(start, words.size()));
  for (std::size_t n = 1; n <= limit; ++n) {
    const Word& w = words[start + n - 1];
    if (n > 1) key.push_back(' ');
    AppendFolded(text.substr(w.begin, w.end - w.begin), &key);
    if (!role_prefixes_.Contains(key)) break;
    if (auto it = roles_.find(key); it != roles_.end()) {
      best = RoleMatch{it->second, n};
      continue;
    }
    for (const auto& [synonym, role] : kRoleSynonyms) {
      if (synonym == key && roles_.contains(std::string(role))) {
        best = RoleMatch{std::string(role), n};
      }
    }
  }
  return best;
}

const GazetteerEntry* Gazetteer::ResolveRole(std::string_view role,
                                             std::string_view affiliation,
                                             std::string_view date) const {
  std::string canonical = CanonicalRole(role);
  const GazetteerEntry* best = nullptr;
  std::string_view best_from;
  for (std::size_t index : officeholders_) {
    const GazetteerEntry& entry = entries_[index];
    for (const RoleTerm& term : entry.terms) {
      if (term.role != canonical || term.affiliation != affiliation ||
          !Covers(term, date)) {
        continue;
      }
      // Overlapping rows (an acting holder): the later start wins.
      if (best == nullptr || term.from > best_from) {
        best = &entry;
        best_from = term.from;
      }
    }
  }
  return best;
}

std::string Gazetteer::AffiliationAt(const GazetteerEntry& entry,
                                     std::string_view date) const {
  const RoleTerm* latest = nullptr;
  for (const RoleTerm& term : entry.terms) {
    if (Covers(term, date)) return term.affiliation;
    if (latest == nullptr || term.from > latest->from) latest = &term;
  }
  if (!entry.affiliation.empty()) return entry.affiliation;
  return latest != nullptr ? latest->affiliation : std::string();
}

std::string UnknownEntityId(std::string_view name) {
  std::string id = "x:";
  for (const Word& w : ScanWords(name)) {
    if (w.punct) continue;
    if (id.size() > 2) id.push_back('_');
    std::size_t word_start = id.size();
    AppendFolded(name.substr(w.begin, w.end - w.begin), &id);
    for (std::size_t k = word_start; k < id.size(); ++k) {
      char& c = id[k];
      bool ascii_alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!ascii_alnum && static_cast<unsigned char>(c) < 0x80) c = '_';
    }
  }
  return id;
}

std::string CanonicalRole(std::string_view title) {
  std::string folded;
  for (const Word& w : ScanWords(title)) {
    if (!folded.empty()) folded.push_back(' ');
    AppendFolded(title.substr(w.begin, w.end - w.begin), &folded);
  }
  for (const auto& [synonym, role] : kRoleSynonyms) {
    if (synonym == folded) return std::string(role);
  }
  return folded;
}

}  // namespace kg
