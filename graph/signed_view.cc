#include "graph/signed_view.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>
#include <utility>

namespace kg {
namespace {

struct PairLink {
  std::size_t u = 0;  // View vertices; u < v after merging.
  std::size_t v = 0;
  SignedLink link;
};

// View vertices ordered by actor key (term id breaks ties), so that the
// numbering is a property of the actors, not of their insertion order.
std::vector<std::size_t> KeyOrder(const ActorGraph& graph) {
  std::vector<std::size_t> order(graph.num_actors());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&graph](std::size_t a, std::size_t b) {
    return std::tie(graph.actor(a).key, graph.actor(a).term_id) <
           std::tie(graph.actor(b).key, graph.actor(b).term_id);
  });
  return order;
}

// One entry per unordered pair, the two directions summed.
std::vector<PairLink> MergedPairs(const ActorGraph& graph,
                                  const std::vector<std::size_t>& view_of) {
  std::vector<PairLink> pairs;
  pairs.reserve(graph.num_edges());
  const ActorGraph::Graph& g = graph.graph();
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const ActorEdge& edge = g[*it];
    const std::size_t u = view_of[edge.source];
    const std::size_t v = view_of[edge.target];
    SignedLink link{edge.score, edge.support_mass + edge.oppose_mass,
                    edge.evidence(), edge.neutral};
    pairs.push_back({std::min(u, v), std::max(u, v), link});
  }
  std::sort(pairs.begin(), pairs.end(),
            [](const PairLink& a, const PairLink& b) {
              return std::tie(a.u, a.v) < std::tie(b.u, b.v);
            });
  std::vector<PairLink> merged;
  merged.reserve(pairs.size());
  for (const PairLink& pair : pairs) {
    if (!merged.empty() && merged.back().u == pair.u &&
        merged.back().v == pair.v) {
      SignedLink& link = merged.back().link;
      link.weight += pair.link.weight;
      link.mass += pair.link.mass;
      link.evidence += pair.link.evidence;
      link.neutral += pair.link.neutral;
    } else {
      merged.push_back(pair);
    }
  }
  return merged;
}

}  // namespace

int SignedLink::sign() const {
  // Opposite directions can cancel to a rounding residue: no sign then.
  const double tolerance = 1e-9 * std::max(1.0, mass);
  if (std::abs(weight) <= tolerance) return 0;
  return weight > 0 ? 1 : -1;
}

SignedView SignedView::Build(const ActorGraph& graph,
                             const SignedViewOptions& options) {
  SignedView view;
  view.actor_of_ = KeyOrder(graph);
  view.view_of_.resize(view.actor_of_.size());
  for (std::size_t v = 0; v < view.actor_of_.size(); ++v) {
    view.view_of_[view.actor_of_[v]] = v;
  }
  std::vector<PairLink> directed;
  for (const PairLink& pair : MergedPairs(graph, view.view_of_)) {
    if (pair.link.evidence < options.min_evidence) continue;
    directed.push_back(pair);
    directed.push_back({pair.v, pair.u, pair.link});
  }
  std::sort(directed.begin(), directed.end(),
            [](const PairLink& a, const PairLink& b) {
              return std::tie(a.u, a.v) < std::tie(b.u, b.v);
            });
  std::vector<std::pair<std::size_t, std::size_t>> arcs;
  std::vector<SignedLink> links;
  arcs.reserve(directed.size());
  links.reserve(directed.size());
  for (const PairLink& arc : directed) {
    arcs.emplace_back(arc.u, arc.v);
    links.push_back(arc.link);
  }
  view.csr_ = Csr(boost::edges_are_sorted, arcs.begin(), arcs.end(),
                  links.begin(), view.actor_of_.size());
  return view;
}

}  // namespace kg
