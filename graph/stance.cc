#include "graph/stance.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <utility>

#include "graph/day.h"
#include "graph/edge_accumulator.h"

namespace kg {
namespace {

Result<Actor> ResolveActor(const ActorGraph& graph, Store& store,
                           std::uint64_t term_id) {
  if (std::optional<std::size_t> v = graph.VertexOf(term_id)) {
    return graph.actor(*v);
  }
  KG_ASSIGN_OR_RETURN(Term term, store.GetTerm(term_id));
  if (term.is_predicate) {
    return Status::InvalidArgument("term '" + term.key +
                                   "' is a relation, not an entity");
  }
  return Actor{term.id, term.key, term.name, term.type, term.affiliation};
}

// A piece of evidence inside the window, with what ranks it.
struct Candidate {
  Relation relation;
  std::string predicate;
  std::optional<std::int64_t> day;
  double rank = 0;  // |polarity| * confidence * weight * decay.
};

// The term ids whose evidence speaks for `term_id`: a vertex's members (more
// than one when persons are folded into their state), or the term itself.
std::vector<std::uint64_t> SpeakersFor(const ActorGraph& graph,
                                       std::uint64_t term_id) {
  if (std::optional<std::size_t> v = graph.VertexOf(term_id)) {
    return graph.MemberTerms(*v);
  }
  return {term_id};
}

Result<std::vector<Candidate>> ReadCandidates(const ActorGraph& graph,
                                              Store& store,
                                              std::uint64_t from_term,
                                              std::uint64_t to_term) {
  std::vector<Candidate> candidates;
  KG_RETURN_IF_ERROR(ForEachStanceEvidence(
      graph, store, from_term, to_term,
      [&candidates](const Relation& relation, const std::string& predicate) {
        candidates.push_back(
            {relation, predicate, ParseDay(relation.date), 0.0});
      }));
  return candidates;
}

// Stronger first; among equals the newer, then document order.
bool StrongerFirst(const Candidate& a, const Candidate& b) {
  if (a.rank != b.rank) return a.rank > b.rank;
  if (a.relation.date != b.relation.date) {
    return a.relation.date > b.relation.date;
  }
  return std::tie(a.relation.doc, a.relation.sentence) <
         std::tie(b.relation.doc, b.relation.sentence);
}

std::vector<RankedActor> Ranked(const ActorGraph& graph,
                                std::uint64_t target_term, int sign) {
  std::vector<RankedActor> ranked;
  std::optional<std::size_t> target = graph.VertexOf(target_term);
  if (!target) return ranked;
  for (const ActorEdge& edge : graph.InEdges(*target)) {
    if (edge.sign() != sign) continue;
    ranked.push_back({graph.actor(edge.source), edge.score, edge.evidence()});
  }
  std::sort(ranked.begin(), ranked.end(),
            [sign](const RankedActor& a, const RankedActor& b) {
              if (a.score != b.score) return sign * a.score > sign * b.score;
              if (a.evidence != b.evidence) return a.evidence > b.evidence;
              return a.actor.key < b.actor.key;
            });
  return ranked;
}

}  // namespace

Status ForEachStanceEvidence(
    const ActorGraph& graph, Store& store, std::uint64_t from_term,
    std::uint64_t to_term,
    const std::function<void(const Relation&, const std::string&)>& fn) {
  const std::optional<std::size_t> from_vertex = graph.VertexOf(from_term);
  // Folded into one vertex, X and Y are one actor: no stance between them.
  if (from_term != to_term && from_vertex &&
      from_vertex == graph.VertexOf(to_term)) {
    return Status::Ok();
  }
  std::vector<TripleAggregate> triples;
  for (std::uint64_t subject : SpeakersFor(graph, from_term)) {
    for (std::uint64_t object : SpeakersFor(graph, to_term)) {
      TriplePattern pattern;
      pattern.subject = subject;
      pattern.object = object;
      KG_RETURN_IF_ERROR(
          store.Query(pattern, [&triples](const TripleAggregate& triple) {
            triples.push_back(triple);
            return true;
          }));
    }
  }
  const EvidenceWeighting& weighting = graph.weighting();
  for (const TripleAggregate& triple : triples) {
    KG_ASSIGN_OR_RETURN(Term predicate, store.GetTerm(triple.predicate));
    KG_RETURN_IF_ERROR(store.ForEachEvidence(
        triple.subject, triple.predicate, triple.object,
        [&](const Relation& relation) {
          if (weighting.Includes(ParseDay(relation.date))) {
            fn(relation, predicate.key);
          }
          return true;
        }));
  }
  return Status::Ok();
}

std::string_view Verdict(const ActorEdge& edge) {
  if (edge.evidence() == 0) return kVerdictNone;
  if (edge.contested) return kVerdictContested;
  switch (edge.sign()) {
    case 1:
      return kVerdictSupports;
    case -1:
      return kVerdictOpposes;
    default:
      return kVerdictNeutral;
  }
}

Result<StanceReport> Stance(const ActorGraph& graph, Store& store,
                            std::uint64_t from_term, std::uint64_t to_term,
                            std::size_t max_evidence) {
  StanceReport report;
  KG_ASSIGN_OR_RETURN(report.from, ResolveActor(graph, store, from_term));
  KG_ASSIGN_OR_RETURN(report.to, ResolveActor(graph, store, to_term));
  EvidenceWeighting weighting = graph.weighting();
  KG_ASSIGN_OR_RETURN(std::vector<Candidate> candidates,
                      ReadCandidates(graph, store, from_term, to_term));
  // A topic's evidence is outside the graph, which then may have found no
  // reference date for the decay; the pair's own latest date serves.
  if (weighting.needs_reference()) {
    std::optional<std::int64_t> latest;
    for (const Candidate& candidate : candidates) {
      if (candidate.day && (!latest || *candidate.day > *latest)) {
        latest = candidate.day;
      }
    }
    if (latest) weighting.set_reference(*latest);
  }

  EdgeAccumulator accumulator;
  for (Candidate& candidate : candidates) {
    const Relation& relation = candidate.relation;
    const double strength = relation.confidence * relation.weight *
                            weighting.Factor(candidate.day).value_or(0.0);
    accumulator.AddEvidence(candidate.predicate, relation.polarity, strength,
                            relation.date);
    const bool signed_piece =
        relation.polarity != 0 && std::isfinite(strength) && strength > 0;
    candidate.rank = signed_piece ? strength : 0.0;
  }
  const ActorEdge edge = accumulator.Finish(0, 0, graph.options());
  report.score = edge.score;
  report.verdict = Verdict(edge);
  report.supporting = edge.supporting;
  report.opposing = edge.opposing;
  report.neutral = edge.neutral;
  report.contested = edge.contested;
  report.top_relation = edge.top_relation;

  const std::size_t kept = std::min(max_evidence, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + kept,
                    candidates.end(), StrongerFirst);
  report.evidence.reserve(kept);
  for (std::size_t i = 0; i < kept; ++i) {
    report.evidence.push_back(std::move(candidates[i].relation));
  }
  return report;
}

std::vector<RankedActor> Supporters(const ActorGraph& graph,
                                    std::uint64_t target_term) {
  return Ranked(graph, target_term, 1);
}

std::vector<RankedActor> Opponents(const ActorGraph& graph,
                                   std::uint64_t target_term) {
  return Ranked(graph, target_term, -1);
}

}  // namespace kg
