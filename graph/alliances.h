// Blocs of actors from the signed graph: friends inside a bloc, enemies
// between blocs, as far as the evidence allows (structural balance).
//
// Method (correlation clustering on the symmetrised graph, SignedView):
// start from the components of the positive links, then alternate a local
// search that moves single actors to the bloc where fewest of their links
// are frustrated and a pass that merges blocs joined by net positive
// weight, until nothing improves. Each step strictly lowers the frustration
// (the weight of positive links between blocs plus negative links inside
// them), so a balanced graph ends with frustration 0; the one step at equal
// frustration detaches an actor with no friend in its bloc, so an actor only
// joins a bloc through a positive tie to a member (actors left on their own
// are reported apart). Every pass is linear in the number of links.
// Vertices are visited most heavily linked first, ties in actor-key order,
// so the result does not depend on insertion order, nor (but for exact ties
// of weight) on the actors' names.
//
// Thread-safety: a pure function of a built graph.
#ifndef KG_GRAPH_ALLIANCES_H_
#define KG_GRAPH_ALLIANCES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "graph/actor_graph.h"

namespace kg {

struct AllianceOptions {
  // Pairs with fewer pieces of evidence (both directions together) are
  // ignored.
  std::uint64_t min_evidence = 1;
  // Rounds of (move passes until none moves, one merge pass) at most, and
  // move passes per round at most; the search usually settles in a few.
  int max_rounds = 50;
};

// A link whose sign disagrees with the blocs: negative inside a bloc or
// positive between two.
struct FrustratedLink {
  std::size_t a = 0;  // ActorGraph vertices, a's key before b's.
  std::size_t b = 0;
  double weight = 0;  // Both directions' scores summed.
};

struct Bloc {
  // ActorGraph vertices, the most strongly tied to the rest of the bloc
  // first (ties: key).
  std::vector<std::size_t> members;
  double positive_inside = 0;  // Sum of positive link weights inside.
  double negative_inside = 0;  // Sum of |negative link weights| inside.
  // positive_inside / (positive_inside + negative_inside): 1 is a bloc
  // without internal hostility; 1 when there are no signed links inside.
  double cohesion = 1;
  // Frustrated links touching this bloc, heaviest first.
  std::vector<FrustratedLink> frustrated;
};

struct AllianceReport {
  // Two or more actors each, largest first (ties: more positive weight
  // inside, then first key). Actors with no signed link are in no bloc.
  std::vector<Bloc> blocs;
  // Actors with signed links that sit best on their own (typically only
  // hostile links, or friendships outweighed by hostility to the friend's
  // bloc): ActorGraph vertices in actor-key order. An actor joins a bloc
  // only through a positive tie to one of its members.
  std::vector<std::size_t> alone;
  std::size_t signed_links = 0;      // Links with a nonzero weight.
  std::size_t frustrated_links = 0;  // Of which frustrated.
  // Total |weight| of the frustrated links: an upper bound on the graph's
  // frustration index (the least any partition achieves).
  double frustration = 0;
  double total_weight = 0;  // Total |weight| of the signed links.
};

AllianceReport FindAlliances(const ActorGraph& graph,
                             const AllianceOptions& options);

}  // namespace kg

#endif  // KG_GRAPH_ALLIANCES_H_
