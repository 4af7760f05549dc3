// The symmetrised actor graph: one undirected link per pair of actors that
// have any recorded stance toward each other, weighing both directions
// together. Alliances, paths and centrality read it.
//
// It is a read-only Boost compressed_sparse_row_graph snapshot: built once
// per query from the ActorGraph, it stores each link twice (u->v and v->u)
// in flat arrays, which is compact for large graphs and makes traversal
// order depend only on actor keys. Vertices are numbered by actor key, so
// the view (and everything computed from it) does not depend on the order
// in which actors were added to the store.
//
// Thread-safety: immutable once built; const methods may be called from
// many threads at once.
#ifndef KG_GRAPH_SIGNED_VIEW_H_
#define KG_GRAPH_SIGNED_VIEW_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "graph/actor_graph.h"

namespace kg {

struct SignedViewOptions {
  // Pairs with fewer pieces of evidence (both directions together) get no
  // link.
  std::uint64_t min_evidence = 1;
};

// Everything recorded between two actors, both directions summed.
struct SignedLink {
  double weight = 0;           // score(u->v) + score(v->u).
  double mass = 0;             // Support plus oppose mass, both directions.
  std::uint64_t evidence = 0;  // Pieces of evidence, both directions.
  std::uint64_t neutral = 0;   // Of which neutral.

  // +1, -1, or 0 when the weight cancels out (up to rounding).
  int sign() const;
};

class SignedView {
 public:
  using Csr =
      boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                         SignedLink>;

  static SignedView Build(const ActorGraph& graph,
                          const SignedViewOptions& options);

  std::size_t num_vertices() const { return actor_of_.size(); }
  // Undirected links (each stored twice in csr()).
  std::size_t num_links() const { return boost::num_edges(csr_) / 2; }

  // The ActorGraph vertex of view vertex v. Requires: v < num_vertices().
  std::size_t actor_vertex(std::size_t v) const { return actor_of_[v]; }
  // The view vertex of ActorGraph vertex a. Requires: a < num_vertices().
  std::size_t view_vertex(std::size_t a) const { return view_of_[a]; }

  // Out-edges of v are sorted by target; every link appears in both
  // directions with the same SignedLink.
  const Csr& csr() const { return csr_; }

 private:
  Csr csr_;
  std::vector<std::size_t> actor_of_;
  std::vector<std::size_t> view_of_;
};

}  // namespace kg

#endif  // KG_GRAPH_SIGNED_VIEW_H_
