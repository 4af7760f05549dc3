#include "extract/ud/ud_extractor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

#include "common/utf8.h"
#include "extract/baseline/baseline_extractor.h"
#include "extract/extractor_data.h"
#include "extract/rules_version.h"
#include "extract/ud/clause.h"
#include "extract/ud/coref.h"
#include "lexicon/word_scanner.h"
#include "lexicon/word_set.h"
#include "nlp/model_file.h"

namespace kg {
namespace {

// Words that make an unknown proper name an organisation.
constexpr std::array<std::string_view, 36> kOrgWords = {
    "ministry", "council",      "union",        "party",       "bank",
    "group",    "forces",       "army",         "navy",        "committee",
    "agency",   "organisation", "organization", "court",       "parliament",
    "assembly", "republic",     "kingdom",      "states",      "front",
    "movement", "corporation",  "company",      "university",  "institute",
    "office",   "department",   "commission",   "fund",        "service",
    "guard",    "alliance",     "coalition",    "association", "federation",
    "league"};

// Titles of address that make the following name a person.
constexpr std::array<std::string_view, 30> kHonorifics = {
    "mr",      "mrs",        "ms",         "dr",       "sir",
    "dame",    "lord",       "lady",       "senator",  "sen",
    "rep",     "governor",   "gen",        "general",  "colonel",
    "admiral", "ambassador", "envoy",      "minister", "mayor",
    "judge",   "king",       "queen",      "prince",   "pope",
    "sheikh",  "president",  "chancellor", "premier",  "spokesman"};

// Capitalised words a tagger may call proper nouns that name no actor.
constexpr std::array<std::string_view, 19> kNotNames = {
    "monday",   "tuesday",  "wednesday", "thursday", "friday",
    "saturday", "sunday",   "january",   "february", "march",
    "april",    "june",     "july",      "august",   "september",
    "october",  "november", "december",  "i"};

// Nouns naming someone other than their owner: "Ukraine's allies".
constexpr std::array<std::string_view, 18> kRelationalNouns = {
    "ally",     "partner",   "neighbour", "neighbor", "enemy",       "critic",
    "opponent", "supporter", "rival",     "friend",   "adversary",   "foe",
    "member",   "victim",    "target",    "backer",   "counterpart", "envoy"};

// Verbs whose object noun is a stance the subject receives: "drew
// criticism from Moscow".
constexpr std::array<std::string_view, 11> kReceivingVerbs = {
    "draw",  "face",    "receive", "attract", "earn",  "get",
    "spark", "provoke", "prompt",  "trigger", "suffer"};

// Verbs that receive a stance only when its giver is named with "of":
// "has the support of the United States", "enjoys the backing of".
constexpr std::array<std::string_view, 5> kHavingVerbs = {
    "have", "enjoy", "win", "gain", "secure"};

// Prepositions that may carry the target of a verb the lexicon lists
// without one ("fought against", "retaliated on").
constexpr std::array<std::string_view, 6> kTargetMarkers = {
    "against", "with", "on", "at", "toward", "towards"};

// Prepositions that direct a topic at an actor: "aid for Ukraine".
constexpr std::array<std::string_view, 4> kBeneficiaryMarkers = {
    "for", "to", "toward", "towards"};

// Nouns that make an "as" phrase a capacity the object is judged in, not
// the object itself: "rejected Vienna as a venue".
constexpr std::array<std::string_view, 7> kCapacityNouns = {
    "location", "venue", "site", "place", "host", "destination", "base"};

// Relations two subjects hold with each other: "France and Germany met".
constexpr std::array<std::string_view, 8> kReciprocal = {
    "meet",  "talk",           "negotiate", "cooperate",
    "agree", "sign agreement", "fight",     "ally"};

constexpr std::array<std::string_view, 3> kDefiniteDeterminers = {"the", "this",
                                                                  "that"};

double Round2(double value) { return std::round(value * 100.0) / 100.0; }

struct Mention {
  int first = 0;  // Word range [first, last).
  int last = 0;
  EntityRef entity;
  double cost = 0.0;  // Confidence lost to how it was resolved.
  std::vector<EntityRef> alternatives;  // A pronoun's other antecedents.
};

// An argument as the linker sees it: an actor, or a topic with the actors
// it is directed at.
struct Actor {
  EntityRef entity;
  double cost = 0.0;
  int first = 0;  // Words covered, for the relation's span.
  int last = 0;
  const std::vector<EntityRef>* alternatives = nullptr;  // For pronouns.
};

class SentenceLinker {
 public:
  SentenceLinker(const Gazetteer& gazetteer, const StanceLexicon& lexicon,
                 const Document& doc, const ParsedSentence& sentence,
                 Coreference* coref)
      : gazetteer_(gazetteer),
        lexicon_(lexicon),
        doc_(doc),
        sentence_(sentence),
        tree_(sentence),
        coref_(coref),
        accuse_(lexicon.Lookup("accuse")) {
    std::size_t bytes = sentence.words.size();
    for (const ParsedWord& w : sentence.words) bytes += w.form.size();
    forms_.reserve(bytes);
    words_.reserve(sentence.words.size());
    for (const ParsedWord& w : sentence.words) {
      Word word;
      word.begin = forms_.size();
      forms_ += w.form;
      word.end = forms_.size();
      std::string_view upos = w.upos;
      word.punct = upos == "PUNCT" || upos == "SYM";
      forms_ += ' ';
      words_.push_back(word);
    }
    mention_at_.assign(words_.size(), -1);
    // Mentions cover disjoint words; growing the vector would move every
    // EntityRef (five strings) each time.
    mentions_.reserve(words_.size());
    gazetteer_looked_up_.assign(words_.size(), false);
    gazetteer_at_.resize(words_.size());
  }

  // Actor mentions Run found (names, titles, resolved pronouns).
  int actor_mentions() const {
    return static_cast<int>(std::count_if(
        mentions_.begin(), mentions_.end(),
        [](const Mention& m) { return IsActorType(m.entity.type); }));
  }

  // Whether the surface reading could add an edge the tree did not. It
  // links a stance word to an actor named before it and to one named at
  // most kFallbackReach words after it, or to two before it ("X and Y
  // met"); sentences without such a word skip its re-scan.
  bool FallbackMayAdd() const {
    constexpr int kFallbackReach = 16;
    if (actor_mentions() < 2) return false;
    std::vector<int> actor_starts;
    for (const Mention& m : mentions_) {
      if (IsActorType(m.entity.type)) actor_starts.push_back(m.first);
    }
    std::size_t before = 0;  // Actors starting before word i.
    for (int i = 0; i < size(); ++i) {
      while (before < actor_starts.size() && actor_starts[before] < i) {
        ++before;
      }
      if (before == 0 || mention_at_[i] >= 0 || words_[i].punct) continue;
      bool after = before < actor_starts.size() &&
                   actor_starts[before] - i <= kFallbackReach;
      if (!after && before < 2) continue;
      if (lexicon_.LongestMatch(forms_, words_, i)) return true;
    }
    return false;
  }

  std::vector<Relation> Run() {
    FindMentions();
    clauses_ = FindClauses(tree_);
    clause_at_.assign(words_.size(), -1);
    entries_.assign(clauses_.size(), nullptr);
    for (std::size_t k = 0; k < clauses_.size(); ++k) {
      clause_at_[clauses_[k].predicate] = static_cast<int>(k);
    }
    for (std::size_t k = 0; k < clauses_.size(); ++k) LinkClause(k);
    for (int n = 0; n < tree_.size(); ++n) LinkNoun(n);
    return std::move(out_);
  }

 private:
  int size() const { return tree_.size(); }
  std::string_view Form(int i) const {
    return std::string_view(forms_).substr(words_[i].begin,
                                           words_[i].end - words_[i].begin);
  }
  std::string Range(int first, int last) const {
    return forms_.substr(words_[first].begin,
                         words_[last - 1].end - words_[first].begin);
  }

  // --- Mentions -----------------------------------------------------------

  // The gazetteer's longest match at word i, looked up once per word since
  // name runs ask for the same words again.
  std::optional<Gazetteer::Match> GazetteerAt(int i) const {
    if (i < 0 || i >= size()) return std::nullopt;
    if (!gazetteer_looked_up_[i]) {
      gazetteer_looked_up_[i] = true;
      gazetteer_at_[i] = gazetteer_.LongestMatch(forms_, words_, i);
    }
    return gazetteer_at_[i];
  }

  EntityRef FromEntry(const GazetteerEntry& entry, std::string surface) const {
    EntityRef ref;
    ref.text = std::move(surface);
    ref.id = entry.id;
    ref.name = entry.name;
    ref.type = entry.type;
    ref.affiliation = gazetteer_.AffiliationAt(entry, doc_.date);
    return ref;
  }

  void AddMention(int first, int last, EntityRef entity, double cost,
                  std::string_view role = {}, bool remember = true) {
    if (remember) coref_->Remember(entity, role);
    for (int k = first; k < last; ++k) {
      mention_at_[k] = static_cast<int>(mentions_.size());
    }
    mentions_.push_back({first, last, std::move(entity), cost, {}});
  }

  static bool CanHoldOffice(const GazetteerEntry& entry) {
    return entry.type == EntityType::kState || entry.type == EntityType::kOrg ||
           entry.type == EntityType::kGroup;
  }

  bool IsName(int i) const {
    return tree_.upos(i) == "PROPN" && !In(kNotNames, tree_.lower(i)) &&
           !In(kHonorifics, tree_.lower(i));
  }

  // A run of proper nouns at i that the gazetteer does not start.
  int NameRunLength(int i) const {
    if (!IsName(i) && !(i > 0 && IsCapitalisedWord(i))) return 0;
    int j = i + 1;
    bool proper = IsName(i);
    while (j < size() && j - i < 6 && (IsName(j) || IsCapitalisedWord(j)) &&
           !GazetteerAt(j)) {
      proper = proper || IsName(j);
      ++j;
    }
    // "The Northern Shipping Council": capitalised common words count when
    // the run holds a proper noun.
    return proper ? j - i : 0;
  }

  bool IsCapitalisedWord(int i) const {
    std::string_view upos = tree_.upos(i);
    return (upos == "NOUN" || upos == "ADJ") && StartsUpper(Form(i)) &&
           !In(kNotNames, tree_.lower(i)) && !In(kHonorifics, tree_.lower(i));
  }

  // A person's name at i: a gazetteer person or an unknown proper name.
  std::optional<std::pair<int, EntityRef>> PersonNameAt(
      int i, std::string_view affiliation) const {
    if (i >= size()) return std::nullopt;
    if (auto m = GazetteerAt(i)) {
      if (m->entry->type != EntityType::kPerson) return std::nullopt;
      int n = static_cast<int>(m->length);
      return std::pair{n, FromEntry(*m->entry, Range(i, i + n))};
    }
    int n = NameRunLength(i);
    if (n == 0) return std::nullopt;
    EntityRef ref = Unknown(i, i + n, EntityType::kPerson);
    ref.affiliation = std::string(affiliation);
    return std::pair{n, std::move(ref)};
  }

  EntityRef Unknown(int first, int last, EntityType type) const {
    EntityRef ref;
    ref.text = Range(first, last);
    ref.name = ref.text;
    ref.id = UnknownEntityId(ref.name);
    ref.type = type;
    return ref;
  }

  void FindMentions() {
    int i = 0;
    while (i < size()) {
      if (words_[i].punct) {
        ++i;
        continue;
      }
      int used = TryPronoun(i);
      if (used == 0 && !MayStartName(i)) used = 1;
      if (used == 0) used = TryGazetteer(i);
      if (used == 0) used = TryRoleFirst(i);
      if (used == 0) used = TryDescription(i);
      if (used == 0) used = TryUnknownName(i);
      i += std::max(used, 1);
    }
  }

  // Lower-case function words and verbs start no alias or title; names
  // the tagger got wrong still start with a capital.
  bool MayStartName(int i) const {
    std::string_view upos = tree_.upos(i);
    return StartsUpper(Form(i)) || upos == "NOUN" || upos == "PROPN" ||
           upos == "ADJ" || upos == "X";
  }

  int TryPronoun(int i) {
    if (tree_.upos(i) != "PRON" && tree_.upos(i) != "DET") return 0;
    if (Coreference::IsPluralPronoun(tree_.lower(i)) && PluralNounIsNearer(i)) {
      return 0;
    }
    std::vector<EntityRef> candidates = coref_->Pronoun(tree_.lower(i));
    if (candidates.empty()) return 0;
    EntityRef ref = candidates.front();
    ref.text = std::string(Form(i));
    candidates.erase(candidates.begin());
    AddMention(i, i + 1, std::move(ref), 0.15, {}, false);
    mentions_.back().alternatives = std::move(candidates);
    return 1;
  }

  // True when, reading back from the pronoun at `i` within its sentence,
  // a plural common noun that names no actor comes before any actor
  // ("thanked the visiting ministers and praised their patience"): "they"
  // then most likely means those people, not the last actor named. Plural
  // actor nouns ("so many countries ... as they have") still let it
  // resolve, as their singulars do in Coreference::Description().
  bool PluralNounIsNearer(int i) const {
    for (int j = i - 1; j >= 0; --j) {
      const bool in_mention = std::any_of(
          mentions_.begin(), mentions_.end(),
          [&](const Mention& m) { return m.first <= j && j < m.last; });
      if (in_mention) return false;
      if (!IsPluralCommonNoun(j)) continue;
      return !Coreference::IsActorNoun(tree_.lemma(j));
    }
    return false;
  }

  // A NOUN tagged NNS, or, when the parse carries no PTB tags (CoNLL-U
  // from another tool), whose lemma differs from its form: English common
  // nouns inflect for number only.
  bool IsPluralCommonNoun(int j) const {
    if (tree_.upos(j) != "NOUN") return false;
    const std::string_view xpos = tree_.word(j).xpos;
    if (!xpos.empty() && xpos != "_") return xpos == "NNS";
    return tree_.lemma(j) != tree_.lower(j);
  }

  int TryGazetteer(int i) {
    auto match = GazetteerAt(i);
    if (!match) return 0;
    const GazetteerEntry& entry = *match->entry;
    int end = i + static_cast<int>(match->length);
    if (CanHoldOffice(entry)) {
      int j = end;
      if (j < size() && tree_.lower(j) == "'s") ++j;
      if (auto role = gazetteer_.MatchRole(forms_, words_, j)) {
        int after = j + static_cast<int>(role->length);
        if (auto name = PersonNameAt(after, entry.id)) {
          AddMention(i, after + name->first, std::move(name->second), 0.0,
                     role->role);
          return after + name->first - i;
        }
        if (const GazetteerEntry* holder =
                gazetteer_.ResolveRole(role->role, entry.id, doc_.date)) {
          AddMention(i, after, FromEntry(*holder, Range(i, after)), 0.05,
                     role->role);
          return after - i;
        }
      }
    }
    AddMention(i, end, FromEntry(entry, Range(i, end)), 0.0);
    return end - i;
  }

  // "President Emmanuel Macron", "the prime minister of Poland".
  int TryRoleFirst(int i) {
    bool definite = i > 0 && In(kDefiniteDeterminers, tree_.lower(i - 1));
    if (!definite && !StartsUpper(Form(i))) return 0;
    auto role = gazetteer_.MatchRole(forms_, words_, i);
    if (!role) return 0;
    int after = i + static_cast<int>(role->length);
    if (auto name = PersonNameAt(after, "")) {
      AddMention(i, after + name->first, std::move(name->second), 0.0,
                 role->role);
      return after + name->first - i;
    }
    if (after + 1 < size() && tree_.lower(after) == "of") {
      int org = after + 1;
      if (org < size() && tree_.lower(org) == "the") ++org;
      if (auto m = GazetteerAt(org); m && CanHoldOffice(*m->entry)) {
        if (const GazetteerEntry* holder =
                gazetteer_.ResolveRole(role->role, m->entry->id, doc_.date)) {
          int end = org + static_cast<int>(m->length);
          AddMention(i, end, FromEntry(*holder, Range(i, end)), 0.05,
                     role->role);
          return end - i;
        }
      }
    }
    if (definite) {
      if (auto ref = coref_->Description(role->role)) {
        ref->text = Range(i, after);
        AddMention(i, after, std::move(*ref), 0.15, {}, false);
        return after - i;
      }
    }
    return static_cast<int>(role->length);
  }

  // "the alliance", "the coalition": the group named earlier.
  int TryDescription(int i) {
    if (tree_.upos(i) != "NOUN" || i == 0 ||
        !In(kDefiniteDeterminers, tree_.lower(i - 1))) {
      return 0;
    }
    auto ref = coref_->Description(tree_.lemma(i));
    if (!ref) return 0;
    ref->text = std::string(Form(i));
    AddMention(i, i + 1, std::move(*ref), 0.15, {}, false);
    return 1;
  }

  int TryUnknownName(int i) {
    // A surname seen before, whatever the tagger made of it.
    bool single = i + 1 >= size() || !IsName(i + 1);
    if (single && StartsUpper(Form(i))) {
      if (auto known = coref_->Surname(std::string(Form(i)))) {
        known->text = std::string(Form(i));
        AddMention(i, i + 1, std::move(*known), 0.05);
        return 1;
      }
    }
    int length = NameRunLength(i);
    if (length == 0) return 0;
    int last = i + length;
    bool honorific = i > 0 && In(kHonorifics, tree_.lower(i - 1));
    bool org = false;
    for (int k = i; k < last; ++k) org = org || In(kOrgWords, tree_.lower(k));
    EntityType type = EntityType::kOther;
    if (org) {
      type = EntityType::kOrg;
    } else if (honorific || (length >= 2 && length <= 3)) {
      type = EntityType::kPerson;
    }
    AddMention(i, last, Unknown(i, last, type), 0.1);
    return length;
  }

  // --- Arguments ----------------------------------------------------------

  static bool IsActorType(EntityType type) {
    return type != EntityType::kTopic && type != EntityType::kPlace;
  }

  // The actor mentioned at word i; `place_ok` for objects, since a place
  // can be defended or attacked though it takes no stance itself.
  std::optional<Actor> MentionActor(int i, bool place_ok = false) const {
    if (i < 0 || mention_at_[i] < 0) return std::nullopt;
    const Mention& m = mentions_[mention_at_[i]];
    bool place = place_ok && m.entity.type == EntityType::kPlace;
    if (!IsActorType(m.entity.type) && !place) return std::nullopt;
    return Actor{m.entity, m.cost, m.first, m.last, &m.alternatives};
  }

  // The actor a common noun belongs to: "Poland's government", "Russian
  // forces", "the government of Poland". None for relational nouns.
  std::optional<Actor> OwnerOf(int n) const {
    if (In(kRelationalNouns, tree_.lemma(n))) return std::nullopt;
    for (int c : tree_.children(n)) {
      std::string_view full = tree_.deprel(c);
      bool owner = full == "nmod:poss" ||
                   ((full == "amod" || full == "compound") && c < n) ||
                   (full == "nmod" && (tree_.CaseMarker(c) == "of" ||
                                       tree_.CaseMarker(c) == "by"));
      if (!owner) continue;
      // Only known kinds of actor own things: "the Alaska summit" is not
      // Alaska's.
      if (auto actor = MentionActor(c);
          actor && actor->entity.type != EntityType::kOther) {
        actor->cost += 0.1;
        return actor;
      }
    }
    return std::nullopt;
  }

  // The actor word i stands for, directly or as an owner.
  std::optional<Actor> ActorAt(int i) const {
    if (auto actor = MentionActor(i)) return actor;
    if (tree_.upos(i) == "NOUN") return OwnerOf(i);
    return std::nullopt;
  }

  EntityRef Topic(int n) const {
    std::vector<int> words;
    if (clause_at_[n] >= 0) {
      // An action: the verb and its objects ("deploy troops").
      for (int o : clauses_[clause_at_[n]].objects) {
        if (mention_at_[o] < 0) words.push_back(o);
      }
    } else {
      for (int c : tree_.children(n)) {
        if (tree_.rel(c) == "compound" && mention_at_[c] < 0) {
          words.push_back(c);
        }
      }
    }
    words.push_back(n);
    std::sort(words.begin(), words.end());
    EntityRef ref;
    for (int w : words) {
      if (!ref.text.empty()) ref.text += ' ';
      ref.text += Form(w);
      if (!ref.name.empty()) ref.name += ' ';
      ref.name += tree_.lemma(w);
    }
    ref.id = "t:" + UnknownEntityId(ref.name).substr(2);
    ref.type = EntityType::kTopic;
    return ref;
  }

  // The lexicon entry of a stance noun and the marker that selected it
  // ("sanctions" + "against"); `markers` are the candidate prepositions.
  std::pair<const LexiconEntry*, std::string> NounEntry(
      int n, const std::vector<std::string>& markers) const {
    auto found = PlainNounEntry(n, markers);
    if (found.first == nullptr) return found;
    // A modifier may make a more specific phrase: "military aid to".
    for (int c : tree_.children(n)) {
      if (c >= n || (tree_.rel(c) != "amod" && tree_.rel(c) != "compound")) {
        continue;
      }
      std::string key(tree_.lower(c));
      key += ' ';
      key += tree_.lower(n);
      if (!found.second.empty()) key += " " + found.second;
      if (const LexiconEntry* e = lexicon_.Lookup(key))
        return {e, found.second};
    }
    return found;
  }

  // The entry of the noun itself: the form with each marker ("sanctions
  // against"), then the lemma if it differs, then both alone.
  std::pair<const LexiconEntry*, std::string> PlainNounEntry(
      int n, const std::vector<std::string>& markers) const {
    std::vector<std::string_view> keys{tree_.lower(n)};
    if (tree_.lemma(n) != tree_.lower(n)) keys.push_back(tree_.lemma(n));
    for (std::size_t k = 0; k < markers.size(); ++k) {
      const std::string& m = markers[k];
      if (m.empty() || std::find(markers.begin(), markers.begin() + k, m) !=
                           markers.begin() + k) {
        continue;
      }
      for (std::string_view key : keys) {
        std::string phrase(key);
        phrase += ' ';
        phrase += m;
        if (const LexiconEntry* e = lexicon_.Lookup(phrase)) return {e, m};
      }
    }
    for (std::string_view key : keys) {
      if (const LexiconEntry* e = lexicon_.Lookup(key)) return {e, ""};
    }
    return {nullptr, ""};
  }

  std::vector<std::string> NmodMarkers(int n) const {
    std::vector<std::string> markers;
    for (int c : tree_.children(n)) {
      if (tree_.rel(c) == "nmod" || tree_.rel(c) == "obl") {
        markers.push_back(tree_.CaseMarker(c));
      }
    }
    return markers;
  }

  bool HasNegativeDeterminer(int n) const {
    for (int c : tree_.children(n)) {
      if (tree_.rel(c) == "det" && tree_.lower(c) == "no") return true;
    }
    return false;
  }

  // --- Emitting -----------------------------------------------------------

  struct Frame {
    bool negated = false;
    bool refused = false;
    Modality modality = Modality::kAsserted;
    int speaker = -1;
    double cost = 0.0;
  };

  Frame FrameOf(const Clause& c) const {
    Frame f;
    f.negated = c.negated;
    f.refused = c.refused;
    f.modality = c.modality;
    f.speaker = c.speaker;
    if (c.inherited_subject) f.cost += 0.08;
    if (c.passive) f.cost += 0.04;
    return f;
  }

  void Emit(const Actor& subject, const LexiconEntry& entry, int polarity,
            const Actor& object, const Frame& frame, double cost) {
    if (subject.entity.id == object.entity.id) {
      // A pronoun does not name its own clause's subject: the next
      // antecedent does.
      if (object.alternatives == nullptr) return;
      for (const EntityRef& other : *object.alternatives) {
        if (other.id == subject.entity.id) continue;
        Actor next = object;
        next.entity = other;
        next.entity.text = object.entity.text;
        next.alternatives = nullptr;
        Emit(subject, entry, polarity, next, frame, cost + 0.05);
        return;
      }
      return;
    }
    Relation r;
    r.doc = doc_.id;
    r.date = doc_.date;
    r.subject = subject.entity;
    r.relation = entry.relation;
    r.object = object.entity;
    r.polarity = polarity;
    r.weight = entry.weight;
    r.negated = frame.negated || frame.refused;
    r.polarity =
        PolarityUnderNegation(r.polarity, frame.negated, frame.refused);
    r.modality = frame.modality;
    if (frame.speaker >= 0) {
      if (auto speaker = ActorAt(frame.speaker)) {
        r.attributed_to = speaker->entity;
        if (r.modality == Modality::kAsserted) r.modality = Modality::kReported;
      }
    }
    if (!r.attributed_to && r.modality == Modality::kReported) {
      r.modality = Modality::kAsserted;
    }
    double confidence = 0.92 - cost - frame.cost - subject.cost - object.cost;
    if (r.modality != Modality::kAsserted &&
        r.modality != Modality::kReported) {
      confidence -= 0.05;
    }
    if (r.negated) confidence -= 0.05;
    r.confidence = Round2(std::clamp(confidence, 0.05, 0.99));
    for (Relation& seen : out_) {
      if (seen.subject.id == r.subject.id && seen.object.id == r.object.id &&
          seen.relation == r.relation && seen.negated == r.negated) {
        seen.confidence = std::max(seen.confidence, r.confidence);
        return;
      }
    }
    int first = std::min(subject.first, object.first);
    int last = std::max(subject.last, object.last);
    r.span.start = static_cast<std::uint32_t>(sentence_.words[first].start);
    r.span.end = static_cast<std::uint32_t>(sentence_.words[last - 1].end);
    bool accusation = r.attributed_to && r.modality == Modality::kReported &&
                      !r.negated && r.polarity < 0 && entry.cameo >= "17";
    out_.push_back(std::move(r));
    // "X said Y attacked Z": X accuses Y of the use of force.
    if (accusation && accuse_ != nullptr) {
      if (auto speaker = ActorAt(frame.speaker)) {
        Frame plain;
        plain.cost = frame.cost + 0.1;
        Emit(*speaker, *accuse_, accuse_->polarity, subject, plain, cost);
      }
    }
  }

  Actor TopicActor(int n) const {
    Actor topic{Topic(n), 0.0, n, n + 1};
    std::vector<int> sub = tree_.Subtree(n);
    topic.first = sub.front();
    topic.last = sub.back() + 1;
    return topic;
  }

  // Emits subject -> object, where the object may be a topic. Topics that
  // are not stances themselves pass the edge on to their owner and
  // beneficiaries ("backed Ukraine's bid", "aid for Ukraine").
  void EmitTo(const Actor& subject, const LexiconEntry& entry, int polarity,
              int object, const Frame& frame, double cost) {
    if (auto actor = MentionActor(object, /*place_ok=*/true)) {
      Emit(subject, entry, polarity, *actor, frame, cost);
      return;
    }
    if (tree_.upos(object) == "PRON") return;
    Frame f = frame;
    if (HasNegativeDeterminer(object)) f.negated = true;
    Emit(subject, entry, polarity, TopicActor(object), f, cost + 0.05);
    if (auto owner = OwnerOf(object)) {
      Emit(subject, entry, polarity, *owner, f, cost + 0.05);
    }
    // The patients of a stance noun are linked with the noun's own sign.
    if (NounEntry(object, NmodMarkers(object)).first != nullptr) return;
    for (int c : tree_.children(object)) {
      if (tree_.rel(c) != "nmod" ||
          !In(kBeneficiaryMarkers, tree_.CaseMarker(c))) {
        continue;
      }
      for (int h : tree_.Conjuncts(c)) {
        if (auto actor = ActorAt(h)) {
          Emit(subject, entry, polarity, *actor, f, cost + 0.1);
        }
      }
    }
  }

  // The actors of argument heads; a description with an apposition names
  // the apposition's actors ("three states, Denmark, Finland and Norway").
  std::vector<Actor> Actors(const std::vector<int>& heads) const {
    std::vector<Actor> out;
    for (int h : heads) {
      if (auto actor = ActorAt(h)) {
        out.push_back(*actor);
        continue;
      }
      int appos = tree_.Child(h, "appos");
      if (appos < 0) continue;
      for (int a : tree_.Conjuncts(appos)) {
        if (auto actor = MentionActor(a)) out.push_back(*actor);
      }
    }
    return out;
  }

  // --- Clauses ------------------------------------------------------------

  std::string ClauseKey(const Clause& c) const {
    int p = c.predicate;
    if (c.copular && tree_.upos(p) == "ADJ") return std::string(tree_.lower(p));
    return std::string(tree_.lemma(p));
  }

  // `entry` if its kind suits the clause's predicate: a verb phrase for a
  // verb ("attack on" is a noun and does not make "attacked on Monday").
  const LexiconEntry* Fits(const Clause& c, const LexiconEntry* entry) const {
    if (entry == nullptr) return nullptr;
    if (!c.copular)
      return entry->kind == PredicateKind::kVerb ? entry : nullptr;
    if (tree_.upos(c.predicate) == "ADJ") {
      return entry->kind == PredicateKind::kAdjective ? entry : nullptr;
    }
    return entry->kind == PredicateKind::kAdjective ? nullptr : entry;
  }

  void LinkClause(std::size_t k) {
    const Clause& c = clauses_[k];
    std::string key = ClauseKey(c);
    std::vector<int> subjects = c.subjects;
    std::vector<int> objects = c.objects;
    const LexiconEntry* entry = nullptr;
    // "stand with", "opposed to", "an ally of": the preposition is part of
    // the predicate and its argument is the object.
    for (const ClauseArg& o : c.obliques) {
      if (o.marker.empty()) continue;
      entry = Fits(c, lexicon_.Lookup(key + " " + o.marker));
      if (entry == nullptr && c.passive && c.subjects.empty()) {
        // "is opposed to", "was disappointed with": adjectival participles.
        std::string phrase(tree_.lower(c.predicate));
        phrase += ' ';
        phrase += o.marker;
        entry = lexicon_.Lookup(phrase);
        if (entry != nullptr && entry->kind != PredicateKind::kAdjective) {
          entry = nullptr;
        }
        if (entry != nullptr) subjects = c.surface_subjects;
      }
      if (entry != nullptr) {
        objects.clear();
        for (const ClauseArg& same : c.obliques) {
          if (same.marker == o.marker) objects.push_back(same.head);
        }
        break;
      }
    }
    if (entry == nullptr && !c.particle.empty()) {
      entry = Fits(c, lexicon_.Lookup(key + " " + c.particle));
    }
    if (entry == nullptr) entry = Fits(c, lexicon_.Lookup(key));
    if (entry == nullptr) return;
    entries_[k] = entry;
    for (const ClauseArg& o : c.obliques) {
      if (o.marker == "as" && In(kCapacityNouns, tree_.lemma(o.head))) {
        objects = {o.head};  // The stance is on the capacity.
      }
    }
    std::vector<Actor> agents = Actors(subjects);
    bool reciprocal = agents.size() >= 2 && In(kReciprocal, entry->relation);
    if (objects.empty() && !reciprocal) {
      for (const ClauseArg& o : c.obliques) {
        if (In(kTargetMarkers, o.marker) || (c.copular && o.marker == "of") ||
            o.marker.empty()) {
          objects.push_back(o.head);
        }
      }
    }
    Frame frame = FrameOf(c);
    double conj_cost = agents.size() > 1 ? 0.04 : 0.0;
    if (objects.empty() && reciprocal) {
      // "Japan and Australia agreed (to build ...)": with each other.
      for (std::size_t a = 0; a < agents.size(); ++a) {
        for (std::size_t b = a + 1; b < agents.size(); ++b) {
          Emit(agents[a], *entry, entry->polarity, agents[b], frame, 0.08);
        }
      }
    }
    if (objects.empty() && c.complement >= 0 && !c.copular &&
        !IsSpeechLemma(tree_.lemma(c.predicate))) {
      // "Germany opposes deploying troops": a stance on an action.
      for (const Actor& s : agents) {
        Emit(s, *entry, entry->polarity, TopicActor(c.complement), frame,
             conj_cost + 0.05);
      }
      return;
    }
    if (objects.empty() && reciprocal) return;
    double obj_cost = objects.size() > 1 ? 0.04 : 0.0;
    for (const Actor& s : agents) {
      for (int o : objects) {
        EmitTo(s, *entry, entry->polarity, o, frame, conj_cost + obj_cost);
      }
    }
  }

  // --- Nominal predicates -------------------------------------------------

  // Stance nouns: "Hungary's opposition to sanctions", "sanctions against
  // Russia" under a light verb ("imposed"), "criticism from Moscow" under a
  // receiving verb ("drew").
  void LinkNoun(int n) {
    if (tree_.upos(n) != "NOUN" || clause_at_[n] >= 0) return;
    int v = tree_.head(n);
    int vc = v >= 0 ? clause_at_[v] : -1;
    std::string_view r = tree_.rel(n);
    bool under_verb =
        vc >= 0 && (r == "obj" || (r == "obl" && tree_.CaseMarker(n) == "for"));
    if (!under_verb &&
        std::none_of(tree_.children(n).begin(), tree_.children(n).end(),
                     [&](int c) { return tree_.rel(c) == "nmod"; })) {
      return;  // No one to direct it at.
    }
    std::vector<std::string> markers = NmodMarkers(n);
    if (under_verb) {
      for (const ClauseArg& o : clauses_[vc].obliques) {
        markers.push_back(o.marker);
      }
    }
    auto [entry, marker] = NounEntry(n, markers);
    if (entry == nullptr) return;
    // Patients: the noun's own argument, else one the verb carries.
    std::vector<int> patients;
    for (int c : tree_.children(n)) {
      if (tree_.rel(c) != "nmod") continue;
      std::string m = tree_.CaseMarker(c);
      if (m == marker || (marker.empty() && (m == "of" || m == "on" ||
                                             m == "against" || m == "to"))) {
        for (int h : tree_.Conjuncts(c)) patients.push_back(h);
      }
    }
    if (patients.empty() && under_verb) {
      for (const ClauseArg& o : clauses_[vc].obliques) {
        if (o.marker == marker || (marker.empty() && o.marker.empty())) {
          patients.push_back(o.head);
        }
      }
    }
    // Agents: "Hungary's", "Russian", "by/from X"; else the verb's subject.
    std::vector<Actor> agents;
    std::vector<int> agent_heads;  // Their words, parallel to agents.
    for (int c : tree_.children(n)) {
      std::string_view full = tree_.deprel(c);
      bool agent = full == "nmod:poss" ||
                   ((full == "amod" || full == "compound") && c < n);
      if (full == "nmod") {
        std::string m = tree_.CaseMarker(c);
        agent = m == "by" || m == "from";
      }
      if (!agent) continue;
      for (int h : tree_.Conjuncts(c)) {
        if (auto actor = MentionActor(h)) {
          agents.push_back(*actor);
          agent_heads.push_back(h);
        }
      }
    }
    Frame frame;
    if (HasNegativeDeterminer(n)) frame.negated = true;
    frame.cost = 0.08;
    int polarity = entry->polarity;
    const LexiconEntry* relation = entry;
    if (under_verb) {
      const Clause& c = clauses_[vc];
      bool receiving = In(kReceivingVerbs, tree_.lemma(v));
      if (In(kHavingVerbs, tree_.lemma(v)) && marker == "of") {
        // The "of" phrase names the giver, not the target.
        for (int p : patients) {
          if (auto actor = MentionActor(p)) agents.push_back(*actor);
        }
        patients.clear();
        receiving = true;
      }
      if (agents.empty() && !receiving && patients.empty()) {
        // "welcomed support from Romania": the verb names the giver.
        for (const ClauseArg& o : c.obliques) {
          if (o.marker != "from") continue;
          if (auto actor = MentionActor(o.head)) agents.push_back(*actor);
        }
        receiving = !agents.empty();
      }
      const LexiconEntry* ve = entries_[vc];
      if (ve != nullptr && ve->polarity < 0 && !receiving && !agents.empty()) {
        // "rejected Kosovo's demands", "deny Russia funding": the noun's
        // owner is the one the verb's subject turns against.
        patients.insert(patients.end(), agent_heads.begin(), agent_heads.end());
        agents.clear();
      }
      if (receiving && patients.empty()) patients = c.subjects;
      if (agents.empty() && !receiving) agents = Actors(c.subjects);
      Frame verb = FrameOf(c);
      frame.negated = frame.negated || verb.negated;
      frame.refused = verb.refused;
      frame.modality = verb.modality;
      frame.speaker = verb.speaker;
      frame.cost += verb.cost;
      if (ve != nullptr && !receiving) {
        if (ve->polarity < 0) {
          // "rejected aid to X" opposes X; "rejected sanctions on X" says
          // nothing simple about X.
          polarity = entry->polarity > 0 ? -1 : 0;
          relation = ve;
        }
      }
    } else {
      // The clause the noun sits in still gives the speaker.
      for (int h = v; h >= 0; h = tree_.head(h)) {
        if (clause_at_[h] >= 0) {
          frame.speaker = clauses_[clause_at_[h]].speaker;
          break;
        }
      }
    }
    if (polarity == 0 && relation->polarity != 0) return;
    // A place is a patient of verbs only: "a threat to Europe" is about
    // the states in it, which the noun does not name.
    std::erase_if(patients, [&](int p) {
      return mention_at_[p] >= 0 &&
             mentions_[mention_at_[p]].entity.type == EntityType::kPlace;
    });
    for (const Actor& a : agents) {
      for (int p : patients) {
        EmitTo(a, *relation, polarity, p, frame, 0.0);
      }
    }
  }

  const Gazetteer& gazetteer_;
  const StanceLexicon& lexicon_;
  const Document& doc_;
  const ParsedSentence& sentence_;
  DepTree tree_;
  Coreference* coref_;
  const LexiconEntry* accuse_;  // For accusations read off reports.
  std::string forms_;           // Forms joined by spaces, for the gazetteer.
  std::vector<Word> words_;     // One per tree word, into forms_.
  std::vector<int> mention_at_;
  mutable std::vector<bool> gazetteer_looked_up_;  // Caches GazetteerAt.
  mutable std::vector<std::optional<Gazetteer::Match>> gazetteer_at_;
  std::vector<Mention> mentions_;
  std::vector<Clause> clauses_;
  std::vector<int> clause_at_;                // Word -> clause it heads, or -1.
  std::vector<const LexiconEntry*> entries_;  // Clause -> its stance entry.
  std::vector<Relation> out_;
};

// The data files plus the model: the model's size stands in for its
// contents, since hashing 24 MB on every start would cost more than it tells.
Result<ExtractorData> LoadData(const ExtractorOptions& options,
                               const std::string& model_path) {
  KG_ASSIGN_OR_RETURN(ExtractorData data, LoadExtractorData(options));
  if (!model_path.empty()) {
    std::error_code error;
    auto bytes = std::filesystem::file_size(model_path, error);
    data.fingerprint = HashHex(error ? "?" : std::to_string(bytes),
                               std::stoull(data.fingerprint, nullptr, 16));
  }
  data.fingerprint.resize(8);
  return data;
}

}  // namespace

UdExtractor::UdExtractor(Gazetteer gazetteer, StanceLexicon lexicon,
                         std::shared_ptr<const Pipeline> pipeline,
                         std::string data_fingerprint,
                         std::unique_ptr<Extractor> fallback)
    : gazetteer_(std::move(gazetteer)),
      lexicon_(std::move(lexicon)),
      pipeline_(std::move(pipeline)),
      data_fingerprint_(std::move(data_fingerprint)),
      fallback_(std::move(fallback)) {}

Result<std::unique_ptr<Extractor>> UdExtractor::Create(
    const ExtractorOptions& options) {
  std::string model_path = ModelPathIn(options.data_dir);
  if (!Env::Default()->FileExists(model_path)) {
    return Status::NotFound(
        "the ud extractor needs the model " + model_path +
        " (see docs/models.md; --data-dir or KG_DATA_DIR names "
        "another data folder)");
  }
  KG_ASSIGN_OR_RETURN(Pipeline pipeline, Pipeline::Load(model_path));
  KG_ASSIGN_OR_RETURN(ExtractorData data, LoadData(options, model_path));
  KG_ASSIGN_OR_RETURN(std::unique_ptr<Extractor> fallback,
                      BaselineExtractor::Create(options));
  return std::unique_ptr<Extractor>(std::make_unique<UdExtractor>(
      std::move(data.gazetteer), std::move(data.lexicon),
      std::make_shared<const Pipeline>(std::move(pipeline)),
      std::move(data.fingerprint), std::move(fallback)));
}

Result<std::unique_ptr<UdExtractor>> UdExtractor::CreateWithoutModel(
    const ExtractorOptions& options, bool surface_fallback) {
  KG_ASSIGN_OR_RETURN(ExtractorData data, LoadData(options, ""));
  std::unique_ptr<Extractor> fallback;
  if (surface_fallback) {
    KG_ASSIGN_OR_RETURN(fallback, BaselineExtractor::Create(options));
  }
  return std::make_unique<UdExtractor>(
      std::move(data.gazetteer), std::move(data.lexicon), nullptr,
      std::move(data.fingerprint), std::move(fallback));
}

std::string UdExtractor::version() const {
  return std::string(RulesVersion()) + "+" + data_fingerprint_;
}

Result<Extraction> UdExtractor::Extract(const Document& doc) const {
  if (pipeline_ == nullptr) {
    return Status::NotSupported(
        "this ud extractor was created without a model; it reads parsed "
        "sentences only");
  }
  return ExtractParsed(doc, pipeline_->Parse(doc.text));
}

Extraction UdExtractor::ExtractParsed(
    const Document& doc, const std::vector<ParsedSentence>& sentences) const {
  Extraction extraction;
  extraction.sentence_count = sentences.size();
  Coreference coref;
  std::string_view text = doc.text;
  std::size_t counted_bytes = 0;  // Code points are counted incrementally.
  std::size_t counted_points = 0;
  for (std::size_t index = 0; index < sentences.size(); ++index) {
    const ParsedSentence& sentence = sentences[index];
    if (sentence.words.empty()) continue;
    SentenceLinker linker(gazetteer_, lexicon_, doc, sentence, &coref);
    std::vector<Relation> relations = linker.Run();
    std::size_t begin = std::min(sentence.start, text.size());
    std::size_t end = std::clamp(sentence.end, begin, text.size());
    std::string_view sentence_text = text.substr(begin, end - begin);
    // Long news sentences are often misparsed; where the tree links no two
    // actors, the surface reading of the words may still.
    if (relations.empty() && fallback_ != nullptr && linker.FallbackMayAdd()) {
      AddFallback(doc, sentence_text, begin, &relations);
    }
    if (relations.empty()) continue;
    if (begin >= counted_bytes) {
      counted_points +=
          CountCodePoints(text.substr(counted_bytes, begin - counted_bytes));
      counted_bytes = begin;
    }
    for (Relation& r : relations) {
      r.sentence = static_cast<std::uint32_t>(index);
      r.text = std::string(sentence_text);
      auto points = [&](std::size_t byte) {
        byte = std::clamp(byte, counted_bytes, text.size());
        return static_cast<std::uint32_t>(
            counted_points +
            CountCodePoints(text.substr(counted_bytes, byte - counted_bytes)));
      };
      std::uint32_t start = points(r.span.start);
      r.span.end = points(r.span.end);
      r.span.start = start;
      extraction.relations.push_back(std::move(r));
    }
  }
  return extraction;
}

void UdExtractor::AddFallback(const Document& doc,
                              std::string_view sentence_text,
                              std::size_t sentence_start,
                              std::vector<Relation>* relations) const {
  Document one{doc.id,     doc.date, "", std::string(sentence_text),
               doc.source, doc.line};
  auto extraction = fallback_->Extract(one);
  if (!extraction.ok()) return;
  for (Relation& r : extraction->relations) {
    // A place takes no stance, and words alone misread "support for
    // Europe"; threats and attacks do land on places, as in the linker.
    if (r.subject.type == EntityType::kPlace ||
        (r.object.type == EntityType::kPlace && r.polarity > 0)) {
      continue;
    }
    bool seen = false;
    for (const Relation& have : *relations) {
      seen = seen ||
             (have.subject.id == r.subject.id &&
              have.object.id == r.object.id && have.relation == r.relation);
    }
    if (seen) continue;
    // Back to byte offsets into the document, as the linker gives them.
    std::string_view sentence = sentence_text;
    auto to_bytes = [&](std::uint32_t points) {
      std::size_t byte = 0;
      for (std::uint32_t n = 0; n < points && byte < sentence.size(); ++n) {
        ++byte;
        while (byte < sentence.size() &&
               (static_cast<unsigned char>(sentence[byte]) & 0xC0) == 0x80) {
          ++byte;
        }
      }
      return static_cast<std::uint32_t>(sentence_start + byte);
    };
    r.span.start = to_bytes(r.span.start);
    r.span.end = to_bytes(r.span.end);
    r.confidence = std::max(0.05, r.confidence - 0.1);
    relations->push_back(std::move(r));
  }
}

ParsedText ParsedFromConllu(const std::vector<ConlluSentence>& sentences) {
  ParsedText out;
  for (const ConlluSentence& s : sentences) {
    std::string line = s.Comment("text");
    if (line.empty()) {
      for (const ConlluWord& w : s.words) {
        line += w.form;
        if (w.misc.find("SpaceAfter=No") == std::string::npos) line += ' ';
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
    }
    ParsedSentence parsed;
    parsed.start = out.text.size();
    std::size_t cursor = 0;
    for (const ConlluWord& w : s.words) {
      ParsedWord word;
      word.form = w.form;
      word.lemma = w.lemma;
      word.upos = w.upos;
      word.xpos = w.xpos;
      word.head = std::max(w.head, 0);
      word.deprel = w.deprel;
      std::size_t at =
          w.form.empty() ? std::string::npos : line.find(w.form, cursor);
      if (at == std::string::npos) at = cursor;
      std::size_t end = std::min(at + w.form.size(), line.size());
      word.start = word.token_start = parsed.start + at;
      word.end = word.token_end = parsed.start + end;
      cursor = end;
      parsed.words.push_back(std::move(word));
    }
    out.text += line;
    parsed.end = out.text.size();
    out.text += '\n';
    out.sentences.push_back(std::move(parsed));
  }
  return out;
}

}  // namespace kg
