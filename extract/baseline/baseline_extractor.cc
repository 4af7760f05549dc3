#include "extract/baseline/baseline_extractor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/utf8.h"
#include "extract/extractor_data.h"
#include "extract/rules_version.h"
#include "lexicon/word_set.h"
#include "nlp/sentence_splitter.h"

namespace kg {
namespace {

// Capitalised words that do not start a name: sentence openers, titles of
// address, calendar words. Folded.
constexpr std::string_view kNotNames[] = {
    "the",       "a",       "an",        "on",        "in",        "at",
    "but",       "and",     "or",        "after",     "before",    "during",
    "while",     "when",    "if",        "as",        "for",       "this",
    "that",      "these",   "those",     "it",        "he",        "she",
    "they",      "we",      "i",         "its",       "their",     "his",
    "her",       "our",     "there",     "here",      "meanwhile", "however",
    "earlier",   "later",   "also",      "still",     "yet",       "then",
    "now",       "some",    "many",      "most",      "both",      "all",
    "each",      "other",   "another",   "such",      "what",      "which",
    "who",       "why",     "how",       "where",     "according", "asked",
    "speaking",  "despite", "although",  "though",    "since",     "until",
    "with",      "without", "by",        "from",      "to",        "of",
    "under",     "over",    "amid",      "following", "last",      "next",
    "monday",    "tuesday", "wednesday", "thursday",  "friday",    "saturday",
    "sunday",    "no",      "not",       "one",       "several",   "few",
    "any",       "every",   "more",      "only",      "even",      "just",
    "including", "instead", "once",      "further",   "thus",      "so"};

constexpr std::string_view kMonths[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// Titles of address that mark the following name as a person.
constexpr std::string_view kHonorifics[] = {
    "mr",           "mrs",           "ms",
    "dr",           "sir",           "dame",
    "lord",         "lady",          "madam",
    "senator",      "sen",           "rep",
    "congressman",  "congresswoman", "governor",
    "gov",          "gen",           "general",
    "colonel",      "col",           "admiral",
    "adm",          "ambassador",    "envoy",
    "minister",     "mayor",         "judge",
    "king",         "queen",         "prince",
    "princess",     "pope",          "sheikh",
    "president",    "chancellor",    "premier",
    "commander",    "spokesman",     "spokeswoman",
    "spokesperson", "lawmaker",      "mp"};

// Words that make an unknown capitalised name an organisation.
constexpr std::string_view kOrgWords[] = {
    "ministry", "council",      "union",        "party",       "bank",
    "group",    "forces",       "army",         "navy",        "committee",
    "agency",   "organisation", "organization", "court",       "parliament",
    "assembly", "republic",     "kingdom",      "states",      "front",
    "movement", "corporation",  "company",      "university",  "institute",
    "office",   "department",   "commission",   "fund",        "service",
    "guard",    "alliance",     "coalition",    "association", "federation",
    "league"};

constexpr std::string_view kPronouns[] = {"he", "she", "him", "his", "her"};

constexpr std::string_view kSpeechVerbs[] = {
    "said",      "says",         "say",        "told",       "tells",
    "stated",    "added",        "announced",  "declared",   "insisted",
    "stressed",  "noted",        "argued",     "claimed",    "wrote",
    "explained", "emphasized",   "emphasised", "underlined", "reiterated",
    "confirmed", "acknowledged", "remarked",   "asserted",   "maintained",
    "tweeted",   "posted"};

// Speech verbs that may precede their speaker: ", said Macron."
constexpr std::string_view kInvertedSpeechVerbs[] = {"said", "says", "added",
                                                     "wrote", "asked"};

// Determiners before a verb form make it a noun: "the talks".
constexpr std::string_view kDeterminers[] = {
    "the",   "a",   "an",  "this", "that", "these", "those", "its",
    "their", "his", "her", "our",  "any",  "'s",    "such"};

// Words after "to" that start a noun phrase, not a verb.
constexpr std::string_view kNumbersAndQuantifiers[] = {
    "all",  "both",  "each",  "every", "some",  "many",
    "more", "most",  "other", "two",   "three", "several",
    "its",  "their", "his",   "her",   "our",   "whom"};

// What may follow a verb form used as a noun for it still to relate two
// actors: "the support from Romania", "the attacks against Kyiv".
constexpr std::string_view kNounLinks[] = {"from",    "by", "of", "for",
                                           "against", "on", "to", "with"};

constexpr std::string_view kBeVerbs[] = {"is",    "was", "were", "are", "been",
                                         "being", "be",  "has",  "had"};

constexpr std::string_view kNegations[] = {"not",     "n't", "never", "no",
                                           "neither", "nor", "cannot"};

constexpr std::string_view kRefusals[] = {"refused", "refuses", "declined",
                                          "declines", "failed"};

constexpr std::string_view kHypothetical[] = {"would", "could",  "may",
                                              "might", "should", "'d"};

constexpr std::string_view kIntention[] = {
    "will",  "'ll",      "plans",   "plan", "planned", "intends", "intend",
    "ready", "prepared", "willing", "aims", "vowed",   "set",     "going"};

// Words after which a bare verb form is a verb: "would back", "to back".
constexpr std::string_view kAuxiliaries[] = {
    "to",     "will", "would", "could", "can",   "may",   "might",
    "should", "must", "not",   "n't",   "'ll",   "'d",    "did",
    "does",   "do",   "never", "also",  "shall", "cannot"};

constexpr std::string_view kClauseBreaks[] = {"but", "while", "whereas",
                                              "although", "though"};

// Prepositions that make a mention a place or circumstance, not an actor.
constexpr std::string_view kSubjectSkipPrepositions[] = {
    "in", "at",   "near",    "across", "inside", "outside", "from",
    "to", "with", "against", "on",     "into",   "for"};
constexpr std::string_view kObjectSkipPrepositions[] = {
    "in", "at", "near", "inside", "outside", "during"};

// Relations two actors can hold with each other when the text names them
// as joint subjects: "France and Germany met".
constexpr std::string_view kReciprocal[] = {
    "meet",  "talk",           "negotiate", "cooperate",
    "agree", "sign agreement", "fight",     "ally"};

constexpr std::size_t kMaxSubjectDistance = 30;
constexpr std::size_t kMaxObjectDistance = 14;
constexpr std::size_t kMaxNameWords = 6;

struct Mention {
  std::size_t first = 0;  // Word range [first, last).
  std::size_t last = 0;
  EntityRef entity;
  double cost = 0.0;  // Confidence lost to how it was resolved.
  bool speaker = false;
};

struct Predicate {
  std::size_t first = 0;
  std::size_t last = 0;
  const LexiconEntry* entry = nullptr;
  bool participle = false;
  bool chained = false;  // Complement of an earlier predicate ("vowed to").
  bool dropped = false;  // Head of a chain; the complement carries it.
};

// What a document remembers across sentences, for coreference.
struct DocContext {
  std::optional<EntityRef> last_person;
  std::unordered_map<std::string, EntityRef> surnames;
};

struct Speaker {
  std::size_t mention = 0;
  std::size_t scope_first = 0;  // Words whose predicates it reports.
  std::size_t scope_last = 0;
};

double Round2(double value) { return std::round(value * 100.0) / 100.0; }

class SentenceExtractor {
 public:
  SentenceExtractor(const Gazetteer& gazetteer, const StanceLexicon& lexicon,
                    const Document& doc, std::string_view sentence,
                    DocContext* context)
      : gazetteer_(gazetteer),
        lexicon_(lexicon),
        doc_(doc),
        text_(sentence),
        words_(ScanWords(sentence)),
        context_(context) {
    folded_.reserve(words_.size());
    for (const Word& w : words_) folded_.push_back(FoldWord(Surface(w)));
    owner_.assign(words_.size(), -1);
    predicate_at_.assign(words_.size(), -1);
  }

  // Relations with sentence-relative byte spans in `byte_spans`.
  std::vector<Relation> Run(
      std::vector<std::pair<std::size_t, std::size_t>>* byte_spans) {
    FindMentions();
    FindPredicates();
    FindSpeakers();
    ClaimObjects();
    std::vector<Relation> out;
    for (const Predicate& p : predicates_) {
      if (!p.dropped) Link(p, &out, byte_spans);
    }
    return out;
  }

 private:
  std::string_view Surface(const Word& w) const {
    return text_.substr(w.begin, w.end - w.begin);
  }
  std::string_view Range(std::size_t first, std::size_t last) const {
    return text_.substr(words_[first].begin,
                        words_[last - 1].end - words_[first].begin);
  }
  const std::string& F(std::size_t i) const { return folded_[i]; }
  bool Upper(std::size_t i) const {
    return !words_[i].punct && StartsUpper(Surface(words_[i]));
  }
  bool SentenceInitial(std::size_t i) const {
    for (std::size_t k = 0; k < i; ++k) {
      if (!words_[k].punct) return false;
    }
    return true;
  }

  EntityRef FromEntry(const GazetteerEntry& entry,
                      std::string_view surface) const {
    EntityRef ref;
    ref.text = std::string(surface);
    ref.id = entry.id;
    ref.name = entry.name;
    ref.type = entry.type;
    ref.affiliation = gazetteer_.AffiliationAt(entry, doc_.date);
    return ref;
  }

  // `cost`: confidence lost to how the mention was resolved. A pronoun
  // (`remember` false) does not become the antecedent of later pronouns.
  void AddMention(std::size_t first, std::size_t last, EntityRef entity,
                  double cost, bool remember = true) {
    if (entity.type == EntityType::kPerson && remember) {
      context_->last_person = entity;
      std::string_view name = entity.name;
      std::size_t space = name.rfind(' ');
      if (space != std::string_view::npos && entity.id.starts_with("x:")) {
        context_->surnames[std::string(name.substr(space + 1))] = entity;
      }
    }
    for (std::size_t k = first; k < last; ++k) {
      owner_[k] = static_cast<int>(mentions_.size());
    }
    mentions_.push_back({first, last, std::move(entity), cost, false});
  }

  // --- Mentions -----------------------------------------------------------

  void FindMentions() {
    std::size_t i = 0;
    while (i < words_.size()) {
      if (words_[i].punct) {
        ++i;
        continue;
      }
      std::size_t used = TryPronoun(i);
      if (used == 0) used = TryGazetteer(i);
      if (used == 0) used = TryRoleFirst(i);
      if (used == 0) used = TryUnknownName(i);
      i += std::max<std::size_t>(used, 1);
    }
  }

  std::size_t TryPronoun(std::size_t i) {
    if (!In(kPronouns, F(i)) || !context_->last_person) return 0;
    EntityRef ref = *context_->last_person;
    ref.text = std::string(Surface(words_[i]));
    AddMention(i, i + 1, std::move(ref), 0.15, false);
    return 1;
  }

  bool CanHoldOffice(const GazetteerEntry& entry) const {
    return entry.type == EntityType::kState || entry.type == EntityType::kOrg ||
           entry.type == EntityType::kGroup;
  }

  // A person's name at word i: a gazetteer person, or an unknown run of
  // capitalised words. Returns its length and entity.
  std::optional<std::pair<std::size_t, EntityRef>> PersonNameAt(
      std::size_t i, std::string_view affiliation) const {
    if (i >= words_.size()) return std::nullopt;
    if (auto m = gazetteer_.LongestMatch(text_, words_, i)) {
      if (m->entry->type != EntityType::kPerson) return std::nullopt;
      return std::pair{m->length,
                       FromEntry(*m->entry, Range(i, i + m->length))};
    }
    std::size_t length = UnknownRunLength(i);
    if (length == 0) return std::nullopt;
    EntityRef ref = UnknownEntity(i, i + length, EntityType::kPerson);
    ref.affiliation = std::string(affiliation);
    return std::pair{length, std::move(ref)};
  }

  std::size_t TryGazetteer(std::size_t i) {
    auto match = gazetteer_.LongestMatch(text_, words_, i);
    if (!match) return 0;
    const GazetteerEntry& entry = *match->entry;
    std::size_t end = i + match->length;
    if (CanHoldOffice(entry)) {
      std::size_t j = end;
      if (j < words_.size() && F(j) == "'s") ++j;
      if (auto role = gazetteer_.MatchRole(text_, words_, j)) {
        std::size_t after = j + role->length;
        if (auto name = PersonNameAt(after, entry.id)) {
          AddMention(i, after + name->first, std::move(name->second), 0.0);
          return after + name->first - i;
        }
        if (const GazetteerEntry* holder =
                gazetteer_.ResolveRole(role->role, entry.id, doc_.date)) {
          AddMention(i, after, FromEntry(*holder, Range(i, after)), 0.05);
          return after - i;
        }
      }
    }
    AddMention(i, end, FromEntry(entry, Range(i, end)), 0.0);
    return match->length;
  }

  // "President Emmanuel Macron", "the prime minister of Poland".
  std::size_t TryRoleFirst(std::size_t i) {
    bool after_the = i > 0 && F(i - 1) == "the";
    if (!Upper(i) && !after_the) return 0;
    auto role = gazetteer_.MatchRole(text_, words_, i);
    if (!role) return 0;
    std::size_t after = i + role->length;
    if (auto name = PersonNameAt(after, "")) {
      AddMention(i, after + name->first, std::move(name->second), 0.0);
      return after + name->first - i;
    }
    if (after + 1 < words_.size() && F(after) == "of") {
      std::size_t org = after + 1;
      if (org < words_.size() && F(org) == "the") ++org;
      if (auto m = gazetteer_.LongestMatch(text_, words_, org);
          m && CanHoldOffice(*m->entry)) {
        if (const GazetteerEntry* holder =
                gazetteer_.ResolveRole(role->role, m->entry->id, doc_.date)) {
          std::size_t end = org + m->length;
          AddMention(i, end, FromEntry(*holder, Range(i, end)), 0.05);
          return end - i;
        }
      }
    }
    return role->length;  // A bare title names no one we can tell.
  }

  bool StartsSomethingElse(std::size_t i) const {
    return gazetteer_.LongestMatch(text_, words_, i).has_value() ||
           lexicon_.LongestMatch(text_, words_, i).has_value() ||
           gazetteer_.MatchRole(text_, words_, i).has_value();
  }

  bool NameWord(std::size_t i) const {
    return Upper(i) && !In(kNotNames, F(i)) && !In(kMonths, F(i)) &&
           !In(kHonorifics, F(i));
  }

  // Length of a run of capitalised words at i that names something the
  // gazetteer does not know; 0 if none.
  std::size_t UnknownRunLength(std::size_t i) const {
    if (!NameWord(i) || lexicon_.LongestMatch(text_, words_, i)) return 0;
    std::size_t j = i + 1;
    while (j < words_.size() && j - i < kMaxNameWords) {
      if (NameWord(j) && !StartsSomethingElse(j)) {
        ++j;
        continue;
      }
      // Particles inside names: "Ministry of Defence", "Ursula von ...".
      bool particle = F(j) == "of" || F(j) == "von" || F(j) == "van" ||
                      F(j) == "de" || F(j) == "der" || F(j) == "al";
      if (particle && j + 1 < words_.size() && NameWord(j + 1) &&
          !StartsSomethingElse(j + 1)) {
        j += 2;
        continue;
      }
      break;
    }
    return j - i;
  }

  EntityRef UnknownEntity(std::size_t first, std::size_t last,
                          EntityType type) const {
    EntityRef ref;
    ref.text = std::string(Range(first, last));
    ref.name = ref.text;
    ref.id = UnknownEntityId(ref.name);
    ref.type = type;
    return ref;
  }

  std::size_t TryUnknownName(std::size_t i) {
    std::size_t length = UnknownRunLength(i);
    if (length == 0) return 0;
    std::size_t last = i + length;
    bool honorific = i > 0 && In(kHonorifics, F(i - 1));
    if (length == 1) {
      auto known = context_->surnames.find(std::string(Surface(words_[i])));
      if (known != context_->surnames.end()) {
        EntityRef ref = known->second;
        ref.text = std::string(Surface(words_[i]));
        AddMention(i, last, std::move(ref), 0.05);
        return length;
      }
    }
    // A lone capitalised word opening a sentence is usually a common word.
    if (length == 1 && SentenceInitial(i) && !honorific) return 1;
    bool org = false;
    for (std::size_t k = i; k < last; ++k) org = org || In(kOrgWords, F(k));
    EntityType type = EntityType::kOther;
    if (org) {
      type = EntityType::kOrg;
    } else if (honorific || (length >= 2 && length <= 3)) {
      type = EntityType::kPerson;
    }
    AddMention(i, last, UnknownEntity(i, last, type), 0.1);
    return length;
  }

  // --- Predicates ---------------------------------------------------------

  void FindPredicates() {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (owner_[i] >= 0 || words_[i].punct) continue;
      auto match = lexicon_.LongestMatch(text_, words_, i);
      if (!match) continue;
      std::size_t last = i + match->length;
      bool free = true;
      for (std::size_t k = i; k < last; ++k) free = free && owner_[k] < 0;
      if (!free) continue;
      if (match->needs_auxiliary && !AfterAuxiliary(i)) continue;
      if (match->entry->kind == PredicateKind::kVerb && match->length == 1 &&
          i > 0 && In(kDeterminers, F(i - 1)) &&
          (last >= words_.size() || !In(kNounLinks, F(last)))) {
        continue;  // "the talks focused on ...": a noun, not a stance.
      }
      for (std::size_t k = i; k < last; ++k) {
        predicate_at_[k] = static_cast<int>(predicates_.size());
      }
      predicates_.push_back({i, last, match->entry, match->participle});
      i = last - 1;
    }
    // "vowed to support", "pledged support": the complement carries the
    // stance; the head only adds intent.
    for (std::size_t k = 1; k < predicates_.size(); ++k) {
      Predicate& head = predicates_[k - 1];
      Predicate& complement = predicates_[k];
      if (complement.first - head.last > 4) continue;
      bool linked = true;
      bool infinitive = false;
      for (std::size_t w = head.last; w < complement.first; ++w) {
        if (owner_[w] >= 0 || words_[w].punct || F(w) == "and" ||
            F(w) == "or") {
          linked = false;
        }
        infinitive = infinitive || F(w) == "to";
      }
      if (!linked) continue;
      head.dropped = true;
      complement.chained = infinitive;
      // "rejected sanctions on X", "opposition to sanctions on X": a
      // negative head over a stance says nothing simple about X.
      if (!infinitive && head.entry->polarity < 0) complement.dropped = true;
    }
  }

  // True if word i follows "to", a modal or a negation, as a bare verb
  // must ("would back", "to back", "not back").
  bool AfterAuxiliary(std::size_t i) const {
    for (std::size_t gap = 1; gap <= 2 && gap <= i; ++gap) {
      const std::string& w = F(i - gap);
      if (In(kAuxiliaries, w)) return true;
      if (owner_[i - gap] >= 0 || words_[i - gap].punct) return false;
    }
    return false;
  }

  // --- Attribution --------------------------------------------------------

  void FindSpeakers() {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (owner_[i] >= 0) continue;
      if (F(i) == "according" && i + 2 < words_.size() && F(i + 1) == "to" &&
          owner_[i + 2] >= 0) {
        AddSpeaker(static_cast<std::size_t>(owner_[i + 2]), 0, words_.size());
        continue;
      }
      if (!In(kSpeechVerbs, F(i))) continue;
      std::optional<std::size_t> before = MentionEndingNear(i);
      bool at_end = true;
      for (std::size_t k = i + 1; k < words_.size(); ++k) {
        at_end = at_end && words_[k].punct;
      }
      if (before) {
        std::size_t m = *before;
        if (at_end) {
          AddSpeaker(m, 0, mentions_[m].first);
        } else {
          AddSpeaker(m, i + 1, words_.size());
        }
        continue;
      }
      // ", said Macron."
      if (In(kInvertedSpeechVerbs, F(i)) && i + 1 < words_.size() &&
          owner_[i + 1] >= 0) {
        AddSpeaker(static_cast<std::size_t>(owner_[i + 1]), 0, i);
      }
    }
  }

  // A mention ending at most two plain words before word i.
  std::optional<std::size_t> MentionEndingNear(std::size_t i) const {
    for (std::size_t gap = 0; gap <= 2 && gap < i; ++gap) {
      std::size_t k = i - 1 - gap;
      if (owner_[k] >= 0) return static_cast<std::size_t>(owner_[k]);
      if (words_[k].punct) return std::nullopt;
    }
    return std::nullopt;
  }

  void AddSpeaker(std::size_t mention, std::size_t first, std::size_t last) {
    mentions_[mention].speaker = true;
    speakers_.push_back({mention, first, last});
  }

  const Mention* SpeakerFor(const Predicate& p) const {
    for (const Speaker& s : speakers_) {
      if (p.first >= s.scope_first && p.first < s.scope_last) {
        return &mentions_[s.mention];
      }
    }
    return nullptr;
  }

  // --- Linking ------------------------------------------------------------

  bool IsClauseBreak(std::size_t i) const {
    if (words_[i].punct) return F(i) == ";" || F(i) == ":";
    return In(kClauseBreaks, F(i));
  }

  std::optional<std::size_t> MentionIndexEndingAt(std::size_t end) const {
    if (end == 0) return std::nullopt;
    int owner = owner_[end - 1];
    if (owner < 0 || mentions_[owner].last != end) return std::nullopt;
    return static_cast<std::size_t>(owner);
  }

  // The word before `first`, past an article ("at the Elysee"); npos-like
  // words_.size() if none.
  std::size_t WordBefore(std::size_t first) const {
    if (first == 0) return words_.size();
    std::size_t w = first - 1;
    if ((F(w) == "the" || F(w) == "a" || F(w) == "an") && w > 0) --w;
    return w;
  }

  // The nearest actor mention before word `pos` in the same clause.
  std::optional<std::size_t> SubjectBefore(std::size_t pos) const {
    for (std::size_t k = pos; k > 0 && pos - k < kMaxSubjectDistance; --k) {
      std::size_t i = k - 1;
      if (IsClauseBreak(i)) return std::nullopt;
      if (owner_[i] < 0) continue;
      const Mention& m = mentions_[owner_[i]];
      k = m.first + 1;                    // Continue before the whole mention.
      if (claimed_[owner_[i]]) continue;  // Another predicate's object.
      if (std::size_t w = WordBefore(m.first);
          w < words_.size() && predicate_at_[w] < 0 &&
          In(kSubjectSkipPrepositions, F(w))) {
        continue;
      }
      return static_cast<std::size_t>(owner_[i]);
    }
    return std::nullopt;
  }

  // The first actor mention at or after `pos` in the same clause, before
  // the next predicate.
  std::optional<std::size_t> ObjectAfter(std::size_t pos,
                                         std::size_t next_predicate) const {
    // A comma then a mention that heads its own clause ends the search:
    // "If talks fail, Canada would ...".
    bool crossed_comma = false;
    for (std::size_t i = pos; i < words_.size() && i - pos < kMaxObjectDistance;
         ++i) {
      if (i >= next_predicate || IsClauseBreak(i)) return std::nullopt;
      if (In(kSpeechVerbs, F(i)) && owner_[i] < 0) return std::nullopt;
      crossed_comma = crossed_comma || F(i) == ",";
      if (IsInfinitive(i)) return std::nullopt;
      if (owner_[i] < 0) continue;
      const Mention& m = mentions_[owner_[i]];
      if (m.speaker) return std::nullopt;
      if (crossed_comma && StartsClause(m)) return std::nullopt;
      if (std::size_t w = WordBefore(m.first);
          w < words_.size() && In(kObjectSkipPrepositions, F(w))) {
        i = m.last - 1;
        continue;
      }
      return static_cast<std::size_t>(owner_[i]);
    }
    return std::nullopt;
  }

  // "to" before a verb the lexicon does not know: "agree to send X"; what
  // follows belongs to that verb.
  bool IsInfinitive(std::size_t i) const {
    if (F(i) != "to" || i + 1 >= words_.size() || owner_[i] >= 0) return false;
    std::size_t next = i + 1;
    if (words_[next].punct || owner_[next] >= 0 || predicate_at_[next] >= 0) {
      return false;
    }
    return !In(kDeterminers, F(next)) && !Upper(next) &&
           !In(kNumbersAndQuantifiers, F(next));
  }

  bool IsConjunction(std::size_t i) const {
    return F(i) == "and" || F(i) == "or" || F(i) == "&" || F(i) == ",";
  }

  // True if mention m is followed closely by a predicate, i.e. it is the
  // subject of a new clause rather than part of an object list.
  bool StartsClause(const Mention& m) const {
    for (const Predicate& p : predicates_) {
      if (p.first >= m.last && p.first - m.last <= 3) {
        bool clear = true;
        for (std::size_t k = m.last; k < p.first; ++k)
          clear = clear && owner_[k] < 0;
        if (clear) return true;
      }
    }
    return false;
  }

  // The mentions joined to `head` by "and"/"or"/commas going backwards
  // ("France, Germany and Poland"): the word before a member must be "and"
  // or "or" for the first step, commas allowed after that.
  std::vector<std::size_t> ExpandBackward(std::size_t head) const {
    std::vector<std::size_t> group{head};
    std::size_t first = mentions_[head].first;
    bool seen_and = false;
    while (first >= 2 && IsConjunction(first - 1)) {
      bool comma = F(first - 1) == ",";
      if (comma && !seen_and) break;
      seen_and = true;
      auto previous = MentionIndexEndingAt(first - 1);
      // "X, Y and Z": a comma may precede "and" too ("X, Y, and Z").
      if (!previous && first >= 3 && comma == false && F(first - 2) == ",") {
        previous = MentionIndexEndingAt(first - 2);
      }
      if (!previous || claimed_[*previous]) break;
      group.push_back(*previous);
      first = mentions_[*previous].first;
    }
    std::reverse(group.begin(), group.end());
    return group;
  }

  std::vector<std::size_t> ExpandForward(std::size_t head) const {
    std::vector<std::size_t> group{head};
    std::size_t last = mentions_[head].last;
    while (last + 1 < words_.size() && IsConjunction(last)) {
      std::size_t next = last + 1;
      if (F(last) == "," && next < words_.size() &&
          (F(next) == "and" || F(next) == "or")) {
        ++next;
      }
      if (next >= words_.size() || owner_[next] < 0) break;
      const Mention& m = mentions_[owner_[next]];
      if (m.first != next || m.speaker || StartsClause(m)) break;
      group.push_back(static_cast<std::size_t>(owner_[next]));
      last = m.last;
    }
    return group;
  }

  // Marks the mentions that directly follow an active predicate as its
  // objects, so that no later predicate takes them for its subject.
  void ClaimObjects() {
    claimed_.assign(mentions_.size(), false);
    for (const Predicate& p : predicates_) {
      if (p.dropped || PassiveAuxiliary(p)) continue;
      auto object = ObjectAfter(p.last, NextPredicateStart(p));
      if (!object) continue;
      for (std::size_t m : ExpandForward(*object)) claimed_[m] = true;
    }
  }

  std::size_t NextPredicateStart(const Predicate& p) const {
    for (const Predicate& q : predicates_) {
      if (q.first >= p.last && !q.dropped) return q.first;
    }
    return words_.size();
  }

  // Be-verb of a passive: "was condemned", "has been widely criticised".
  std::optional<std::size_t> PassiveAuxiliary(const Predicate& p) const {
    if (!p.participle) return std::nullopt;
    for (std::size_t gap = 1; gap <= 3 && gap <= p.first; ++gap) {
      std::size_t k = p.first - gap;
      if (owner_[k] >= 0 || words_[k].punct) return std::nullopt;
      if (In(kBeVerbs, F(k)) && F(k) != "has" && F(k) != "had") return k;
    }
    return std::nullopt;
  }

  // The word index of "by" / "from" at most `gap` plain words after a
  // predicate.
  std::optional<std::size_t> AgentMarker(const Predicate& p,
                                         std::string_view marker,
                                         std::size_t gap) const {
    for (std::size_t k = p.last; k < words_.size() && k <= p.last + gap; ++k) {
      if (F(k) == marker) return k;
      if (owner_[k] >= 0 || words_[k].punct) return std::nullopt;
    }
    return std::nullopt;
  }

  struct Cues {
    bool negated = false;
    bool refused = false;
    Modality modality = Modality::kAsserted;
  };

  Cues ReadCues(const Predicate& p, std::size_t subject_end) const {
    Cues cues;
    std::size_t from = std::max(subject_end, p.first >= 6 ? p.first - 6 : 0);
    bool hypothetical = false;
    bool intended = p.chained;
    for (std::size_t k = from; k < p.first; ++k) {
      const std::string& w = F(k);
      if (In(kNegations, w)) cues.negated = true;
      if (In(kRefusals, w)) cues.refused = true;
      if (w == "ruled" && k + 1 < p.first && F(k + 1) == "out")
        cues.refused = true;
      if (In(kHypothetical, w)) hypothetical = true;
      if (In(kIntention, w)) intended = true;
    }
    bool conditional = false;
    for (std::size_t k = 0; k < words_.size(); ++k) {
      if (F(k) == "if" || F(k) == "unless") conditional = true;
    }
    if (conditional) {
      cues.modality = Modality::kConditional;
    } else if (hypothetical) {
      cues.modality = Modality::kHypothetical;
    } else if (intended) {
      cues.modality = Modality::kIntended;
    }
    return cues;
  }

  void Link(const Predicate& p, std::vector<Relation>* out,
            std::vector<std::pair<std::size_t, std::size_t>>* byte_spans) {
    std::vector<std::size_t> subjects;
    std::vector<std::size_t> objects;
    double cost = 0.0;
    std::size_t next = NextPredicateStart(p);
    std::size_t subject_end = 0;
    if (auto aux = PassiveAuxiliary(p)) {
      // "Y was condemned by X" -> X condemn Y.
      auto by = AgentMarker(p, "by", 2);
      if (!by) return;
      auto agent = ObjectAfter(*by + 1, next);
      auto patient = SubjectBefore(*aux);
      if (!agent || !patient) return;
      subjects = ExpandForward(*agent);
      objects = ExpandBackward(*patient);
      subject_end = *aux;
      cost += 0.05;
    } else if (auto from = AgentMarker(p, "from", 0)) {
      // "support from X" -> X support the one receiving it.
      auto agent = ObjectAfter(*from + 1, next);
      auto patient = SubjectBefore(p.first);
      if (!agent || !patient) return;
      subjects = ExpandForward(*agent);
      objects = ExpandBackward(*patient);
      subject_end = p.first;
      cost += 0.05;
    } else {
      auto subject = SubjectBefore(p.first);
      if (!subject) return;
      subjects = ExpandBackward(*subject);
      subject_end = mentions_[*subject].last;
      cost += 0.02 * static_cast<double>(
                         std::max<std::size_t>(p.first - subject_end, 2) - 2);
      if (auto object = ObjectAfter(p.last, next)) {
        objects = ExpandForward(*object);
        cost += 0.02 *
                static_cast<double>(std::max<std::size_t>(
                                        mentions_[*object].first - p.last, 2) -
                                    2);
      } else if (subjects.size() >= 2 && In(kReciprocal, p.entry->relation)) {
        objects = subjects;
      } else {
        return;
      }
    }
    Cues cues = ReadCues(p, subject_end);
    const Mention* speaker = SpeakerFor(p);
    bool reciprocal = subjects == objects;
    for (std::size_t s : subjects) {
      for (std::size_t o : objects) {
        if (reciprocal && o <= s) continue;
        Emit(p, mentions_[s], mentions_[o], cues, speaker,
             cost + (subjects.size() > 1 ? 0.05 : 0.0) +
                 (objects.size() > 1 ? 0.05 : 0.0),
             out, byte_spans);
      }
    }
  }

  void Emit(const Predicate& p, const Mention& subject, const Mention& object,
            const Cues& cues, const Mention* speaker, double cost,
            std::vector<Relation>* out,
            std::vector<std::pair<std::size_t, std::size_t>>* byte_spans) {
    if (subject.entity.id == object.entity.id) return;
    Relation r;
    r.doc = doc_.id;
    r.date = doc_.date;
    r.text = std::string(text_);
    r.subject = subject.entity;
    r.relation = p.entry->relation;
    r.object = object.entity;
    r.polarity = p.entry->polarity;
    r.weight = p.entry->weight;
    r.negated = cues.negated || cues.refused;
    r.polarity = PolarityUnderNegation(r.polarity, cues.negated, cues.refused);
    r.modality = cues.modality;
    if (speaker != nullptr) {
      r.attributed_to = speaker->entity;
      if (r.modality == Modality::kAsserted) r.modality = Modality::kReported;
    }
    double confidence = 0.9 - cost - subject.cost - object.cost;
    if (r.modality != Modality::kAsserted &&
        r.modality != Modality::kReported) {
      confidence -= 0.05;
    }
    if (r.negated) confidence -= 0.05;
    r.confidence = Round2(std::clamp(confidence, 0.05, 0.99));
    for (const Relation& seen : *out) {
      if (seen.subject.id == r.subject.id && seen.object.id == r.object.id &&
          seen.relation == r.relation && seen.negated == r.negated) {
        return;
      }
    }
    std::size_t begin =
        std::min(words_[subject.first].begin, words_[object.first].begin);
    std::size_t end =
        std::max(words_[subject.last - 1].end, words_[object.last - 1].end);
    out->push_back(std::move(r));
    byte_spans->emplace_back(begin, end);
  }

  const Gazetteer& gazetteer_;
  const StanceLexicon& lexicon_;
  const Document& doc_;
  std::string_view text_;
  std::vector<Word> words_;
  std::vector<std::string> folded_;
  std::vector<int> owner_;  // Word -> mention index, or -1.
  std::vector<Mention> mentions_;
  std::vector<Predicate> predicates_;
  std::vector<Speaker> speakers_;
  std::vector<bool> claimed_;      // Mention -> object of some predicate.
  std::vector<int> predicate_at_;  // Word -> predicate index, or -1.
  DocContext* context_;
};

}  // namespace

BaselineExtractor::BaselineExtractor(Gazetteer gazetteer, StanceLexicon lexicon,
                                     std::string data_fingerprint)
    : gazetteer_(std::move(gazetteer)),
      lexicon_(std::move(lexicon)),
      data_fingerprint_(std::move(data_fingerprint)) {}

Result<std::unique_ptr<Extractor>> BaselineExtractor::Create(
    const ExtractorOptions& options) {
  KG_ASSIGN_OR_RETURN(ExtractorData data, LoadExtractorData(options));
  return std::unique_ptr<Extractor>(std::make_unique<BaselineExtractor>(
      std::move(data.gazetteer), std::move(data.lexicon),
      data.fingerprint.substr(0, 8)));
}

std::string BaselineExtractor::version() const {
  return std::string(RulesVersion()) + "+" + data_fingerprint_;
}

Result<Extraction> BaselineExtractor::Extract(const Document& doc) const {
  Extraction extraction;
  std::vector<SentenceSpan> sentences = SplitSentencesBaseline(doc.text);
  extraction.sentence_count = sentences.size();
  DocContext context;
  std::string_view text = doc.text;
  std::size_t counted_bytes = 0;  // Code points are counted incrementally.
  std::size_t counted_points = 0;
  for (std::size_t index = 0; index < sentences.size(); ++index) {
    const SentenceSpan& span = sentences[index];
    std::string_view sentence = text.substr(span.begin, span.end - span.begin);
    std::vector<std::pair<std::size_t, std::size_t>> byte_spans;
    std::vector<Relation> relations =
        SentenceExtractor(gazetteer_, lexicon_, doc, sentence, &context)
            .Run(&byte_spans);
    if (relations.empty()) continue;
    counted_points +=
        CountCodePoints(text.substr(counted_bytes, span.begin - counted_bytes));
    counted_bytes = span.begin;
    for (std::size_t k = 0; k < relations.size(); ++k) {
      Relation& r = relations[k];
      auto [begin, end] = byte_spans[k];
      r.sentence = static_cast<std::uint32_t>(index);
      r.span.start = static_cast<std::uint32_t>(
          counted_points + CountCodePoints(sentence.substr(0, begin)));
      r.span.end = static_cast<std::uint32_t>(
          r.span.start + CountCodePoints(sentence.substr(begin, end - begin)));
      extraction.relations.push_back(std::move(r));
    }
  }
  return extraction;
}

}  // namespace kg
