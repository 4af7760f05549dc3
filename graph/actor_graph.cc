#include "graph/actor_graph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "graph/day.h"
#include "graph/edge_accumulator.h"

namespace kg {
namespace {

// Looks each term up in the store once.
class TermCache {
 public:
  explicit TermCache(Store& store) : store_(store) {}

  // The pointer stays valid for the cache's lifetime.
  Result<const Term*> Get(std::uint64_t id) {
    auto it = terms_.find(id);
    if (it != terms_.end()) return &it->second;
    KG_ASSIGN_OR_RETURN(Term term, store_.GetTerm(id));
    return &terms_.emplace(id, std::move(term)).first->second;
  }

  // Records a term the store does not hold (an affiliation never mentioned).
  void Put(Term term) { terms_.emplace(term.id, std::move(term)); }

 private:
  Store& store_;
  std::unordered_map<std::uint64_t, Term> terms_;
};

bool IsActor(const Term& term) {
  return !term.is_predicate && term.type != EntityType::kTopic;
}

// A triple between two actors, with its predicate's lemma and the term ids
// of the vertices it counts toward (its own ids unless folded by level).
struct ActorTriple {
  TripleAggregate aggregate;
  const Term* predicate = nullptr;
  std::uint64_t source = 0;
  std::uint64_t target = 0;
};

// The term whose vertex a term's evidence counts toward at `level`.
class Rollup {
 public:
  Rollup(Store& store, TermCache& terms, const GraphOptions& options)
      : store_(store), terms_(terms), options_(options) {}

  Result<std::uint64_t> VertexTerm(const Term& term) {
    if (options_.level != GraphLevel::kState ||
        term.type != EntityType::kPerson || term.affiliation.empty()) {
      return term.id;
    }
    auto it = folded_.find(term.id);
    if (it != folded_.end()) return it->second;
    KG_ASSIGN_OR_RETURN(std::optional<Term> affiliation,
                        store_.FindEntity(term.affiliation));
    std::uint64_t id = term.id;
    if (!affiliation) {
      id = UnmentionedAffiliation(term.affiliation);
    } else if (!affiliation->is_predicate &&
               affiliation->type != EntityType::kTopic) {
      id = affiliation->id;
      KG_RETURN_IF_ERROR(terms_.Get(id).status());
    }
    folded_.emplace(term.id, id);
    return id;
  }

  // Whether `id` is a vertex made up for an unmentioned affiliation.
  bool IsUnmentioned(std::uint64_t id) const {
    return unmentioned_ids_.count(id) > 0;
  }

 private:
  // A vertex for an affiliation no stored relation mentions (a leader's
  // state that the articles only name through the leader): every person
  // serving it folds into the same vertex. Its term id is taken from the
  // top of the id space, which the store's dense ids never reach.
  std::uint64_t UnmentionedAffiliation(const std::string& key) {
    auto it = unmentioned_.find(key);
    if (it != unmentioned_.end()) return it->second;
    Term term;
    term.id = std::numeric_limits<std::uint64_t>::max() - unmentioned_.size();
    term.key = key;
    term.name = key;
    term.type = EntityType::kOther;
    if (options_.describe_affiliation) {
      if (std::optional<EntityRef> known = options_.describe_affiliation(key)) {
        term.name = known->name.empty() ? key : known->name;
        term.type = known->type;
      }
    }
    unmentioned_.emplace(key, term.id);
    unmentioned_ids_.insert(term.id);
    terms_.Put(term);
    return term.id;
  }

  Store& store_;
  TermCache& terms_;
  const GraphOptions& options_;
  std::unordered_map<std::uint64_t, std::uint64_t> folded_;
  std::unordered_map<std::string, std::uint64_t> unmentioned_;
  std::unordered_set<std::uint64_t> unmentioned_ids_;
};

// One piece of evidence inside the window, reduced to what scoring needs.
struct Piece {
  int polarity = 0;
  double strength = 0;  // confidence * weight, before decay.
  std::optional<std::int64_t> day;
  std::string date;
};

Status ReadPieces(Store& store, const TripleAggregate& triple,
                  const EvidenceWeighting& weighting,
                  std::vector<Piece>* pieces) {
  return store.ForEachEvidence(
      triple.subject, triple.predicate, triple.object,
      [&](const Relation& relation) {
        std::optional<std::int64_t> day = ParseDay(relation.date);
        if (weighting.Includes(day)) {
          pieces->push_back({relation.polarity,
                             relation.confidence * relation.weight, day,
                             relation.date});
        }
        return true;
      });
}

void AddPieces(const std::vector<Piece>& pieces, const std::string& predicate,
               const EvidenceWeighting& weighting,
               EdgeAccumulator* accumulator) {
  for (const Piece& piece : pieces) {
    const double factor = weighting.Factor(piece.day).value_or(0.0);
    accumulator->AddEvidence(predicate, piece.polarity, piece.strength * factor,
                             piece.date);
  }
}

// The triples between two distinct vertices, sorted by (source, target).
Result<std::vector<ActorTriple>> ActorTriples(Store& store, TermCache& terms,
                                              Rollup& rollup) {
  std::vector<TripleAggregate> all;
  KG_RETURN_IF_ERROR(
      store.Query(TriplePattern{}, [&all](const TripleAggregate& triple) {
        all.push_back(triple);
        return true;
      }));
  std::vector<ActorTriple> kept;
  for (const TripleAggregate& triple : all) {
    if (triple.subject == triple.object) continue;
    KG_ASSIGN_OR_RETURN(const Term* subject, terms.Get(triple.subject));
    KG_ASSIGN_OR_RETURN(const Term* object, terms.Get(triple.object));
    if (!IsActor(*subject) || !IsActor(*object)) continue;
    KG_ASSIGN_OR_RETURN(const std::uint64_t source,
                        rollup.VertexTerm(*subject));
    KG_ASSIGN_OR_RETURN(const std::uint64_t target, rollup.VertexTerm(*object));
    if (source == target) continue;
    KG_ASSIGN_OR_RETURN(const Term* predicate, terms.Get(triple.predicate));
    kept.push_back({triple, predicate, source, target});
  }
  std::stable_sort(
      kept.begin(), kept.end(), [](const ActorTriple& a, const ActorTriple& b) {
        return std::tie(a.source, a.target) < std::tie(b.source, b.target);
      });
  return kept;
}

Actor ActorOf(const Term& term) {
  return Actor{term.id, term.key, term.name, term.type, term.affiliation};
}

}  // namespace

int ActorEdge::sign() const {
  // Opposite pieces can cancel to a rounding residue; that is no stance.
  const double tolerance = 1e-9 * std::max(1.0, support_mass + oppose_mass);
  if (std::abs(score) <= tolerance) return 0;
  return score > 0 ? 1 : -1;
}

Result<ActorGraph> ActorGraph::Build(Store& store,
                                     const GraphOptions& options) {
  ActorGraph result;
  result.options_ = options;
  KG_ASSIGN_OR_RETURN(result.weighting_, EvidenceWeighting::Create(options));
  EvidenceWeighting& weighting = result.weighting_;
  TermCache terms(store);
  Rollup rollup(store, terms, options);
  KG_ASSIGN_OR_RETURN(std::vector<ActorTriple> triples,
                      ActorTriples(store, terms, rollup));

  // With a window or decay every piece is read first, because the decay's
  // default reference is the latest date among them.
  std::vector<std::vector<Piece>> pieces(triples.size());
  if (weighting.needs_evidence()) {
    std::optional<std::int64_t> latest;
    for (std::size_t i = 0; i < triples.size(); ++i) {
      KG_RETURN_IF_ERROR(
          ReadPieces(store, triples[i].aggregate, weighting, &pieces[i]));
      for (const Piece& piece : pieces[i]) {
        if (piece.day && (!latest || *piece.day > *latest)) latest = piece.day;
      }
    }
    if (weighting.needs_reference() && latest) weighting.set_reference(*latest);
  }

  std::size_t begin = 0;
  while (begin < triples.size()) {
    const ActorTriple& first = triples[begin];
    EdgeAccumulator accumulator;
    std::size_t end = begin;
    for (; end < triples.size() && triples[end].source == first.source &&
           triples[end].target == first.target;
         ++end) {
      const std::string& predicate = triples[end].predicate->key;
      if (!weighting.needs_evidence() &&
          !accumulator.AddAggregate(triples[end].aggregate, predicate)) {
        KG_RETURN_IF_ERROR(
            ReadPieces(store, triples[end].aggregate, weighting, &pieces[end]));
      }
      AddPieces(pieces[end], predicate, weighting, &accumulator);
      pieces[end].clear();
    }
    // A window can leave a pair with no evidence at all: no edge then.
    if (!accumulator.empty()) {
      for (std::uint64_t id : {first.source, first.target}) {
        if (result.vertex_of_.count(id) > 0) continue;
        KG_ASSIGN_OR_RETURN(const Term* term, terms.Get(id));
        result.vertex_of_[id] =
            boost::add_vertex(ActorOf(*term), result.graph_);
        // An unmentioned affiliation has no evidence of its own.
        result.members_.push_back({});
        if (!rollup.IsUnmentioned(id)) result.members_.back().push_back(id);
      }
      const std::size_t u = result.vertex_of_[first.source];
      const std::size_t v = result.vertex_of_[first.target];
      boost::add_edge(u, v, accumulator.Finish(u, v, options), result.graph_);
      for (std::size_t i = begin; i < end; ++i) {
        result.AddMember(triples[i].aggregate.subject, u);
        result.AddMember(triples[i].aggregate.object, v);
      }
    }
    begin = end;
  }
  for (std::vector<std::uint64_t>& members : result.members_) {
    std::sort(members.begin(), members.end());
  }
  return result;
}

void ActorGraph::AddMember(std::uint64_t term_id, std::size_t v) {
  if (vertex_of_.emplace(term_id, v).second) members_[v].push_back(term_id);
}

std::optional<std::size_t> ActorGraph::VertexOf(std::uint64_t term_id) const {
  auto it = vertex_of_.find(term_id);
  if (it == vertex_of_.end()) return std::nullopt;
  return it->second;
}

std::vector<ActorEdge> ActorGraph::Edges() const {
  std::vector<ActorEdge> edges;
  edges.reserve(num_edges());
  for (std::size_t v = 0; v < num_actors(); ++v) {
    for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) {
      edges.push_back(graph_[*it]);
    }
  }
  std::sort(
      edges.begin(), edges.end(), [](const ActorEdge& a, const ActorEdge& b) {
        return std::tie(a.source, a.target) < std::tie(b.source, b.target);
      });
  return edges;
}

std::vector<ActorEdge> ActorGraph::InEdges(std::size_t v) const {
  std::vector<ActorEdge> edges;
  for (auto [it, end] = boost::in_edges(v, graph_); it != end; ++it) {
    edges.push_back(graph_[*it]);
  }
  return edges;
}

std::vector<ActorEdge> ActorGraph::OutEdges(std::size_t v) const {
  std::vector<ActorEdge> edges;
  for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it) {
    edges.push_back(graph_[*it]);
  }
  return edges;
}

std::optional<ActorEdge> ActorGraph::Edge(std::size_t from,
                                          std::size_t to) const {
  if (from >= num_actors() || to >= num_actors()) return std::nullopt;
  auto [edge, found] = boost::edge(from, to, graph_);
  if (!found) return std::nullopt;
  return graph_[edge];
}

}  // namespace kg
