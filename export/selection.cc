#include "export/selection.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace kg {
namespace {

bool FiltersActors(const ExportOptions& options) {
  return options.focus.has_value() || options.top > 0 ||
         options.min_evidence > 1;
}

// Vertices within `depth` undirected hops of `start` over `edges`.
std::vector<bool> Reachable(std::size_t num_actors, std::size_t start,
                            std::size_t depth,
                            const std::vector<ActorEdge>& edges) {
  std::vector<std::vector<std::size_t>> neighbours(num_actors);
  for (const ActorEdge& edge : edges) {
    neighbours[edge.source].push_back(edge.target);
    neighbours[edge.target].push_back(edge.source);
  }
  std::vector<bool> reached(num_actors, false);
  std::vector<std::size_t> distance(num_actors, 0);
  std::deque<std::size_t> queue{start};
  reached[start] = true;
  while (!queue.empty()) {
    const std::size_t v = queue.front();
    queue.pop_front();
    if (distance[v] == depth) continue;
    for (std::size_t w : neighbours[v]) {
      if (reached[w]) continue;
      reached[w] = true;
      distance[w] = distance[v] + 1;
      queue.push_back(w);
    }
  }
  return reached;
}

bool InWindow(const std::string& date, const ExportOptions& options) {
  if (options.from.empty() && options.to.empty()) return true;
  if (date.empty()) return false;
  if (!options.from.empty() && date < options.from) return false;
  return options.to.empty() || date <= options.to;
}

bool Windowed(const ExportOptions& options) {
  return !options.from.empty() || !options.to.empty();
}

// The aggregate of `evidence` alone, as the store would keep it.
TripleAggregate Aggregate(const TripleAggregate& key,
                          const std::vector<Relation>& evidence) {
  TripleAggregate aggregate;
  aggregate.subject = key.subject;
  aggregate.predicate = key.predicate;
  aggregate.object = key.object;
  for (const Relation& relation : evidence) {
    ++aggregate.count;
    aggregate.polarity_sum += relation.polarity;
    aggregate.score_sum +=
        relation.polarity * relation.confidence * relation.weight;
    aggregate.weight_sum += relation.weight;
    if (relation.date.empty()) continue;
    if (aggregate.first_date.empty() || relation.date < aggregate.first_date) {
      aggregate.first_date = relation.date;
    }
    aggregate.last_date = std::max(aggregate.last_date, relation.date);
  }
  return aggregate;
}

class TermCache {
 public:
  explicit TermCache(Store& store) : store_(store) {}

  Result<const Term*> Get(std::uint64_t id) {
    auto it = terms_.find(id);
    if (it != terms_.end()) return &it->second;
    KG_ASSIGN_OR_RETURN(Term term, store_.GetTerm(id));
    return &terms_.emplace(id, std::move(term)).first->second;
  }

 private:
  Store& store_;
  std::unordered_map<std::uint64_t, Term> terms_;
};

}  // namespace

GraphSelection SelectGraph(const ActorGraph& graph,
                           const ExportOptions& options) {
  GraphSelection selection;
  for (const ActorEdge& edge : graph.Edges()) {
    if (edge.evidence() >= options.min_evidence) {
      selection.edges.push_back(edge);
    }
  }
  std::optional<std::size_t> focus;
  if (options.focus) {
    focus = graph.VertexOf(*options.focus);
    if (!focus) {
      selection.edges.clear();
      return selection;
    }
    const std::vector<bool> reached =
        Reachable(graph.num_actors(), *focus, options.depth, selection.edges);
    std::erase_if(selection.edges, [&reached](const ActorEdge& edge) {
      return !reached[edge.source] || !reached[edge.target];
    });
  }
  if (options.top > 0 && selection.edges.size() > options.top) {
    std::stable_sort(selection.edges.begin(), selection.edges.end(),
                     [](const ActorEdge& a, const ActorEdge& b) {
                       return std::abs(a.score) > std::abs(b.score);
                     });
    selection.edges.resize(options.top);
    std::sort(selection.edges.begin(), selection.edges.end(),
              [](const ActorEdge& a, const ActorEdge& b) {
                return std::pair(a.source, a.target) <
                       std::pair(b.source, b.target);
              });
  }
  if (!FiltersActors(options)) {
    for (std::size_t v = 0; v < graph.num_actors(); ++v) {
      selection.actors.push_back(v);
    }
    return selection;
  }
  std::set<std::size_t> actors;
  if (focus) actors.insert(*focus);
  for (const ActorEdge& edge : selection.edges) {
    actors.insert(edge.source);
    actors.insert(edge.target);
  }
  selection.actors.assign(actors.begin(), actors.end());
  return selection;
}

Status ForEachExportTriple(
    const ExportInput& input, bool with_evidence,
    const std::function<Status(const ExportTriple&)>& fn) {
  if (input.store == nullptr) {
    return Status::InvalidArgument("this export needs a store");
  }
  const ExportOptions& options = input.options;
  // Term-id pairs of the kept edges, when focus or top restrict them.
  std::optional<std::set<std::pair<std::uint64_t, std::uint64_t>>> pairs;
  if (options.focus || options.top > 0) {
    if (input.graph == nullptr) {
      return Status::InvalidArgument("--focus and --top need the actor graph");
    }
    pairs.emplace();
    for (const ActorEdge& edge : SelectGraph(*input.graph, options).edges) {
      pairs->emplace(input.graph->actor(edge.source).term_id,
                     input.graph->actor(edge.target).term_id);
    }
  }
  std::vector<TripleAggregate> triples;
  KG_RETURN_IF_ERROR(
      input.store->Query(TriplePattern{}, [&](const TripleAggregate& triple) {
        if (!pairs || pairs->count({triple.subject, triple.object}) > 0) {
          triples.push_back(triple);
        }
        return true;
      }));
  TermCache terms(*input.store);
  const bool read_evidence = with_evidence || Windowed(options);
  ExportTriple triple;
  for (const TripleAggregate& aggregate : triples) {
    triple.evidence.clear();
    if (read_evidence) {
      KG_RETURN_IF_ERROR(input.store->ForEachEvidence(
          aggregate.subject, aggregate.predicate, aggregate.object,
          [&](const Relation& relation) {
            if (InWindow(relation.date, options)) {
              triple.evidence.push_back(relation);
            }
            return true;
          }));
    }
    triple.aggregate =
        Windowed(options) ? Aggregate(aggregate, triple.evidence) : aggregate;
    if (triple.aggregate.count == 0 ||
        triple.aggregate.count < options.min_evidence) {
      continue;
    }
    KG_ASSIGN_OR_RETURN(triple.subject, terms.Get(aggregate.subject));
    KG_ASSIGN_OR_RETURN(triple.predicate, terms.Get(aggregate.predicate));
    KG_ASSIGN_OR_RETURN(triple.object, terms.Get(aggregate.object));
    KG_RETURN_IF_ERROR(fn(triple));
  }
  return Status::Ok();
}

}  // namespace kg
