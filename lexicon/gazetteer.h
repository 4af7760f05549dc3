// The gazetteer: canonical actors (states, organisations, groups, people)
// with their aliases and, for officeholders, dated roles. Loaded from
// data/gazetteer.tsv (layout in data/README.md) and optional user files.
//
// Thread-safety: loading mutates; once loaded, every const method may be
// called concurrently.
#ifndef KG_LEXICON_GAZETTEER_H_
#define KG_LEXICON_GAZETTEER_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/env.h"
#include "common/result.h"
#include "core/relation.h"
#include "lexicon/prefix_set.h"
#include "lexicon/word_scanner.h"

namespace kg {

// One office held for a period: "president" of "FRA" from 2017-05-14.
struct RoleTerm {
  std::string role;         // Canonical role, lower case: "prime minister".
  std::string affiliation;  // Id of the state or organisation served.
  std::string from;         // First day, "YYYY-MM-DD"; empty = open.
  std::string to;           // First day no longer in office; empty = open.
};

struct GazetteerEntry {
  std::string id;  // FRA, NATO, emmanuel_macron.
  EntityType type = EntityType::kOther;
  std::string name;                  // Canonical name.
  std::vector<std::string> aliases;  // Surface forms, the name included.
  std::string affiliation;           // Default affiliation (a person's state).
  std::vector<RoleTerm> terms;
};

class Gazetteer {
 public:
  // Reads `path` (the built-in gazetteer). InputError names the file and
  // line of a malformed row; NotFound if the file is absent.
  static Result<Gazetteer> Load(const std::string& path,
                                Env* env = Env::Default());

  // Adds the rows of another file (--gazetteer). A row whose id is already
  // known from an earlier file overrides its type, name and affiliation and
  // adds aliases and terms; a repeated alias now names the new id.
  Status LoadMore(const std::string& path, Env* env = Env::Default());

  // Adds rows from TSV text; `source` names it in error messages.
  Status AddTsv(std::string_view tsv, std::string_view source);

  std::size_t size() const { return entries_.size(); }
  const GazetteerEntry* FindById(std::string_view id) const;

  // The entry an alias names: an exact (case-sensitive) match first, else a
  // case-insensitive one ("Nato", "UKRAINE"); nullptr if none.
  const GazetteerEntry* Lookup(std::string_view alias) const;

  struct Match {
    const GazetteerEntry* entry = nullptr;
    std::size_t length = 0;  // Words matched.
  };
  // The longest alias matching words[start...] of `text`. The
  // case-insensitive fallback applies only when the first word starts with
  // a capital and has at least two letters, so "turkey" or "us" in running
  // text do not match. nullopt if none.
  std::optional<Match> LongestMatch(std::string_view text,
                                    const std::vector<Word>& words,
                                    std::size_t start) const;

  struct RoleMatch {
    std::string role;        // Canonical role.
    std::size_t length = 0;  // Words matched.
  };
  // A role title at words[start...] ("Prime Minister", "defense
  // secretary", "premier"), case-insensitive; nullopt if none.
  std::optional<RoleMatch> MatchRole(std::string_view text,
                                     const std::vector<Word>& words,
                                     std::size_t start) const;

  // The person holding `role` for `affiliation` on `date` ("YYYY-MM-DD";
  // empty = the current holder, whose term is open). nullptr if none.
  const GazetteerEntry* ResolveRole(std::string_view role,
                                    std::string_view affiliation,
                                    std::string_view date) const;

  // What a person acts for on `date`: the affiliation of a term covering
  // the date, else the entry's default affiliation, else that of its latest
  // term. Empty for entries without any.
  std::string AffiliationAt(const GazetteerEntry& entry,
                            std::string_view date) const;

  // Aliases that named one id and were re-assigned to another, as
  // "alias: old -> new", for warnings.
  const std::vector<std::string>& alias_conflicts() const {
    return alias_conflicts_;
  }

 private:
  Status AddRow(const std::vector<std::string_view>& fields,
                std::string_view source, std::size_t line);
  void AddAlias(std::size_t index, std::string_view alias);

  std::vector<GazetteerEntry> entries_;
  std::vector<int> generation_;  // The load that created each entry.
  int load_generation_ = 0;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, std::size_t> exact_;   // Alias key -> entry.
  std::unordered_map<std::string, std::size_t> folded_;  // Folded key -> entry.
  // Folded word-prefixes of every alias and role title, so that scanning
  // stops after one lookup at words that start none.
  PrefixSet alias_prefixes_;
  PrefixSet role_prefixes_;
  std::array<bool, 256> exact_first_byte_{};  // First bytes of exact keys.
  std::size_t max_alias_words_ = 1;
  std::unordered_map<std::string, std::string> roles_;  // Folded title -> role.
  std::size_t max_role_words_ = 1;
  std::vector<std::size_t> officeholders_;  // Entries with terms.
  std::vector<std::string> alias_conflicts_;
};

// The id of an entity missing from the gazetteer: "x:" and the name in
// lower-case snake_case ("Jane Doe" -> "x:jane_doe").
std::string UnknownEntityId(std::string_view name);

// The canonical form of a role title, lower case with synonyms mapped
// ("Defense Secretary" -> "defence minister", "premier" -> "prime
// minister"); other titles are only lower-cased.
std::string CanonicalRole(std::string_view title);

}  // namespace kg

#endif  // KG_LEXICON_GAZETTEER_H_
