// Chains of relations between two actors on the symmetrised graph
// (SignedView): the strongest chain linking them, and a stance inferred
// from short chains by structural balance when there is no direct evidence
// ("the friend of my enemy is my enemy").
//
// A link's strength is m / (m + 1), where m is its evidence mass (both
// directions' confidence * weight, neutral pieces counting
// PathOptions::neutral_mass each): between 0 and 1, growing with evidence.
// A chain's strength is the product over its links.
//
// Thread-safety: pure functions of a built graph and view.
#ifndef KG_GRAPH_PATHS_H_
#define KG_GRAPH_PATHS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "graph/actor_graph.h"
#include "graph/signed_view.h"

namespace kg {

struct PathOptions {
  // Evidence mass a neutral piece (a meeting, a visit) lends a link.
  double neutral_mass = 0.5;
  // Inference: chains of 2 up to this many links (at most 3).
  std::size_t max_hops = 3;
  // Inference: chains examined at most, bounding the time around hubs.
  std::size_t max_chains = 1000000;
};

struct PathStep {
  std::size_t from = 0;  // ActorGraph vertices.
  std::size_t to = 0;
  SignedLink link;      // Both directions' evidence summed.
  double strength = 0;  // As described above.
};

struct ActorPath {
  std::vector<PathStep> steps;  // From the first actor to the last.
  double strength = 0;          // Product of the steps' strengths.
  // Product of the steps' signs: +1 friends, -1 enemies, 0 when a step is
  // neutral.
  int sign = 0;
};

// The link strength described above.
double LinkStrength(const SignedLink& link, const PathOptions& options);

// The chain from `from` to `to` (ActorGraph vertices) whose product of link
// strengths is greatest (Dijkstra on -log strength); nullopt when they are
// not connected or from == to. Requires: both < graph.num_actors().
std::optional<ActorPath> StrongestPath(const ActorGraph& graph,
                                       const SignedView& view, std::size_t from,
                                       std::size_t to,
                                       const PathOptions& options);

struct InferredStance {
  // Sum over the chains of sign * strength: its sign is the inferred stance.
  double score = 0;
  std::size_t agreeing = 0;     // Chains whose sign is the score's.
  std::size_t disagreeing = 0;  // Chains of the opposite sign.
  ActorPath strongest;          // The strongest chain of the score's sign.
};

// X's stance toward Y inferred from simple chains of 2..max_hops signed
// links, by structural balance. nullopt when no chain exists or the chains
// cancel out. Requires: both < graph.num_actors().
std::optional<InferredStance> InferStance(const ActorGraph& graph,
                                          const SignedView& view,
                                          std::size_t from, std::size_t to,
                                          const PathOptions& options);

}  // namespace kg

#endif  // KG_GRAPH_PATHS_H_
