// Which actors matter: brokers between blocs (betweenness) and the most
// connected (degree), on the symmetrised graph (SignedView).
//
// Betweenness is Boost's brandes_betweenness_centrality over unweighted
// links: O(actors * links) time, fine for news graphs of thousands of
// actors; on graphs of 100,000 actors it takes minutes (docs/benchmarks.md).
//
// Thread-safety: a pure function of a built graph.
#ifndef KG_GRAPH_CENTRALITY_H_
#define KG_GRAPH_CENTRALITY_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "graph/actor_graph.h"

namespace kg {

struct CentralityOptions {
  // Pairs with fewer pieces of evidence (both directions together) are not
  // linked.
  std::uint64_t min_evidence = 1;
};

struct CentralActor {
  std::size_t vertex = 0;    // ActorGraph vertex.
  double betweenness = 0;    // Shortest paths between other actors (counted
                             // once per unordered pair) passing through it.
  std::size_t degree = 0;    // Actors linked to it.
  std::size_t positive = 0;  // Of which with a positive link,
  std::size_t negative = 0;  // a negative one.
  double strength = 0;       // Sum of |link weight|.
};

// Every actor with at least one link, by betweenness, then degree, then
// strength, then key.
std::vector<CentralActor> Centrality(const ActorGraph& graph,
                                     const CentralityOptions& options);

}  // namespace kg

#endif  // KG_GRAPH_CENTRALITY_H_
