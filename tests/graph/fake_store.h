// An in-memory kg::Store for graph and export tests: the same contract as the
// RocksDB store for what the graph reads (terms, aggregates, evidence in
// insertion order), plus helpers to build evidence tersely and to inject a
// failure.
#ifndef KG_TESTS_GRAPH_FAKE_STORE_H_
#define KG_TESTS_GRAPH_FAKE_STORE_H_

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "store/store.h"

namespace kg::testing {

inline EntityRef Entity(const std::string& id, const std::string& name,
                        EntityType type, const std::string& affiliation = "") {
  return EntityRef{name, id, name, type, affiliation};
}
inline EntityRef State(const std::string& id, const std::string& name) {
  return Entity(id, name, EntityType::kState);
}

// One piece of evidence: subject `lemma` object, dated `date`.
inline Relation Evidence(const EntityRef& subject, const std::string& lemma,
                         const EntityRef& object, int polarity,
                         const std::string& date = "", double confidence = 1.0,
                         double weight = 1.0) {
  Relation relation;
  relation.date = date;
  relation.text = subject.name + " " + lemma + " " + object.name + ".";
  relation.subject = subject;
  relation.relation = lemma;
  relation.object = object;
  relation.polarity = polarity;
  relation.confidence = confidence;
  relation.weight = weight;
  relation.span = {0, static_cast<std::uint32_t>(relation.text.size())};
  return relation;
}

class FakeStore : public Store {
 public:
  // Adds `relations` as one new document (ids doc1, doc2, ...), each relation
  // a sentence of it.
  void Add(std::vector<Relation> relations) {
    DocumentRecord doc;
    doc.id = "doc" + std::to_string(documents_.size() + 1);
    doc.content_hash = doc.id;
    for (std::size_t i = 0; i < relations.size(); ++i) {
      relations[i].sentence = static_cast<std::uint32_t>(i);
    }
    (void)AddDocument(doc, relations);
  }

  // Every later call fails with `status` (OK to stop failing).
  void FailWith(Status status) { failure_ = std::move(status); }

  Result<bool> AddDocument(const DocumentRecord& doc,
                           const std::vector<Relation>& relations) override {
    if (!failure_.ok()) return failure_;
    for (const DocumentRecord& stored : documents_) {
      if (stored.content_hash == doc.content_hash) return false;
    }
    documents_.push_back(doc);
    for (Relation relation : relations) {
      if (relation.doc.empty()) relation.doc = doc.id;
      const Key key{InternEntity(relation.subject),
                    InternPredicate(relation.relation),
                    InternEntity(relation.object)};
      TripleAggregate& aggregate = aggregates_[key];
      std::tie(aggregate.subject, aggregate.predicate, aggregate.object) = key;
      ++aggregate.count;
      aggregate.polarity_sum += relation.polarity;
      aggregate.score_sum +=
          relation.polarity * relation.confidence * relation.weight;
      aggregate.weight_sum += relation.weight;
      if (!relation.date.empty()) {
        if (aggregate.first_date.empty() ||
            relation.date < aggregate.first_date) {
          aggregate.first_date = relation.date;
        }
        aggregate.last_date = std::max(aggregate.last_date, relation.date);
      }
      evidence_[key].push_back(relation);
    }
    return true;
  }

  Result<bool> ReplaceDocument(const DocumentRecord&,
                               const std::vector<Relation>&) override {
    return Status::NotSupported("the fake store never replaces documents");
  }

  Result<std::unique_ptr<BulkLoad>> StartBulkLoad() override {
    return Status::NotSupported("the fake store has no bulk load");
  }

  Result<std::optional<Term>> FindEntity(std::string_view name) override {
    if (!failure_.ok()) return failure_;
    for (const Term& term : terms_) {
      if (!term.is_predicate &&
          (SameText(term.key, name) || SameText(term.name, name))) {
        return std::optional<Term>(term);
      }
    }
    return std::optional<Term>();
  }

  Result<std::optional<Term>> FindPredicate(std::string_view lemma) override {
    if (!failure_.ok()) return failure_;
    for (const Term& term : terms_) {
      if (term.is_predicate && SameText(term.key, lemma)) {
        return std::optional<Term>(term);
      }
    }
    return std::optional<Term>();
  }

  Result<std::vector<std::string>> SuggestEntities(std::string_view,
                                                   std::size_t) override {
    return std::vector<std::string>();
  }

  Result<Term> GetTerm(std::uint64_t id) override {
    if (!failure_.ok()) return failure_;
    if (id == 0 || id > terms_.size()) {
      return Status::NotFound("no term " + std::to_string(id));
    }
    return terms_[id - 1];
  }

  Status Query(const TriplePattern& pattern,
               const std::function<bool(const TripleAggregate&)>& fn) override {
    if (!failure_.ok()) return failure_;
    for (const auto& [key, aggregate] : aggregates_) {
      if (Matches(pattern.subject, aggregate.subject) &&
          Matches(pattern.predicate, aggregate.predicate) &&
          Matches(pattern.object, aggregate.object) && !fn(aggregate)) {
        break;
      }
    }
    return Status::Ok();
  }

  Status ForEachEvidence(
      std::uint64_t subject, std::uint64_t predicate, std::uint64_t object,
      const std::function<bool(const Relation&)>& fn) override {
    if (!failure_.ok()) return failure_;
    auto it = evidence_.find(Key{subject, predicate, object});
    if (it == evidence_.end()) return Status::Ok();
    for (const Relation& relation : it->second) {
      if (!fn(relation)) break;
    }
    return Status::Ok();
  }

  Result<StoreStats> Stats() override {
    StoreStats stats;
    stats.documents = documents_.size();
    stats.terms = terms_.size();
    stats.triples = aggregates_.size();
    for (const auto& [key, pieces] : evidence_) stats.evidence += pieces.size();
    return stats;
  }

  Status RemoveDocument(std::string_view) override {
    return Status::NotSupported("the fake store keeps every document");
  }

  Result<std::optional<DocumentRecord>> GetDocument(
      std::string_view doc_id) override {
    for (const DocumentRecord& doc : documents_) {
      if (doc.id == doc_id) return std::optional<DocumentRecord>(doc);
    }
    return std::optional<DocumentRecord>();
  }

  Status ForEachDocument(
      const std::function<bool(const DocumentRecord&)>& fn) override {
    for (const DocumentRecord& doc : documents_) {
      if (!fn(doc)) break;
    }
    return Status::Ok();
  }

  Status Check() override { return Status::Ok(); }

  // The term id of an entity key or predicate lemma; 0 when unknown.
  std::uint64_t IdOf(std::string_view key, bool predicate = false) const {
    for (const Term& term : terms_) {
      if (term.key == key && term.is_predicate == predicate) return term.id;
    }
    return 0;
  }

 private:
  using Key = std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>;

  static bool SameText(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) {
                        return std::tolower(static_cast<unsigned char>(x)) ==
                               std::tolower(static_cast<unsigned char>(y));
                      });
  }

  static bool Matches(const std::optional<std::uint64_t>& want,
                      std::uint64_t have) {
    return !want || *want == have;
  }

  std::uint64_t Intern(const std::string& key, bool predicate) {
    if (std::uint64_t id = IdOf(key, predicate)) return id;
    Term term;
    term.id = terms_.size() + 1;
    term.key = key;
    term.name = key;
    term.is_predicate = predicate;
    terms_.push_back(term);
    return term.id;
  }

  std::uint64_t InternEntity(const EntityRef& entity) {
    const std::uint64_t id = Intern(entity.id, false);
    Term& term = terms_[id - 1];
    term.name = entity.name;
    term.type = entity.type;
    term.affiliation = entity.affiliation;
    return id;
  }

  std::uint64_t InternPredicate(const std::string& lemma) {
    return Intern(lemma, true);
  }

  Status failure_;
  std::vector<Term> terms_;
  std::vector<DocumentRecord> documents_;
  std::map<Key, TripleAggregate> aggregates_;
  std::map<Key, std::vector<Relation>> evidence_;
};

}  // namespace kg::testing

#endif  // KG_TESTS_GRAPH_FAKE_STORE_H_
