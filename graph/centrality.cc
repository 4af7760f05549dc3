#include "graph/centrality.h"

#include <algorithm>
#include <cmath>

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/property_map/property_map.hpp>

#include "graph/signed_view.h"

namespace kg {

std::vector<CentralActor> Centrality(const ActorGraph& graph,
                                     const CentralityOptions& options) {
  SignedViewOptions view_options;
  view_options.min_evidence = options.min_evidence;
  const SignedView view = SignedView::Build(graph, view_options);
  const SignedView::Csr& csr = view.csr();
  const std::size_t n = view.num_vertices();
  std::vector<double> betweenness(n, 0.0);
  boost::brandes_betweenness_centrality(
      csr, boost::centrality_map(boost::make_iterator_property_map(
               betweenness.begin(), boost::get(boost::vertex_index, csr))));
  std::vector<CentralActor> actors;
  for (std::size_t v = 0; v < n; ++v) {
    CentralActor actor;
    actor.vertex = view.actor_vertex(v);
    // Every link is stored in both directions, so each unordered pair of
    // endpoints was counted twice.
    actor.betweenness = betweenness[v] / 2;
    for (auto [it, end] = boost::out_edges(v, csr); it != end; ++it) {
      const SignedLink& link = csr[*it];
      ++actor.degree;
      actor.positive += link.sign() > 0;
      actor.negative += link.sign() < 0;
      actor.strength += std::abs(link.weight);
    }
    if (actor.degree > 0) actors.push_back(actor);
  }
  // View vertices are in key order, so a stable sort breaks the last ties by
  // key.
  std::stable_sort(actors.begin(), actors.end(),
                   [](const CentralActor& a, const CentralActor& b) {
                     if (a.betweenness != b.betweenness) {
                       return a.betweenness > b.betweenness;
                     }
                     if (a.degree != b.degree) return a.degree > b.degree;
                     return a.strength > b.strength;
                   });
  return actors;
}

}  // namespace kg
