// Questions asked of the actor graph: what is X's stance toward Y, and who
// supports or opposes Y.
//
// Thread-safety: pure functions of a built graph (and the store, which is
// itself thread-safe).
#ifndef KG_GRAPH_STANCE_H_
#define KG_GRAPH_STANCE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/relation.h"
#include "graph/actor_graph.h"
#include "store/store.h"

namespace kg {

struct StanceReport {
  Actor from;
  Actor to;
  double score = 0;     // As ActorEdge::score.
  std::string verdict;  // One of the kVerdict* phrases below.
  std::uint64_t supporting = 0;
  std::uint64_t opposing = 0;
  std::uint64_t neutral = 0;
  bool contested = false;
  std::string top_relation;  // As ActorEdge::top_relation; empty if none.
  // The strongest evidence first (by |polarity*confidence*weight*decay|,
  // then newest), at most max_evidence pieces.
  std::vector<Relation> evidence;
};

inline constexpr std::string_view kVerdictSupports = "supports";
inline constexpr std::string_view kVerdictOpposes = "opposes";
inline constexpr std::string_view kVerdictNeutral = "neutral toward";
inline constexpr std::string_view kVerdictContested = "contested";
inline constexpr std::string_view kVerdictNone =
    "has no recorded stance toward";

// The phrase for an edge: contested first, then by sign; an edge without
// evidence has no recorded stance.
std::string_view Verdict(const ActorEdge& edge);

// X's stance toward Y from the store's evidence, filtered and weighed as the
// graph was built (window, decay). Y may be a TOPIC entity, which the graph
// itself leaves out. Errors: NotFound for an unknown term id,
// InvalidArgument when a term is a relation rather than an entity, the
// store's errors otherwise.
Result<StanceReport> Stance(const ActorGraph& graph, Store& store,
                            std::uint64_t from_term, std::uint64_t to_term,
                            std::size_t max_evidence = 5);

// Calls fn(relation, predicate lemma) for each piece of X's evidence toward Y
// that the graph's window admits, in store order. At GraphLevel::kState the
// evidence of every person folded into X's or Y's vertex counts; X and Y
// folded into one vertex have none. Errors: the store's.
Status ForEachStanceEvidence(
    const ActorGraph& graph, Store& store, std::uint64_t from_term,
    std::uint64_t to_term,
    const std::function<void(const Relation&, const std::string&)>& fn);

struct RankedActor {
  Actor actor;
  double score = 0;            // The actor's edge score toward the target.
  std::uint64_t evidence = 0;  // Pieces of evidence behind it.
};

// Actors with a positive stance toward the target, highest score first
// (ties: more evidence, then key). Empty if the target is not in the graph.
std::vector<RankedActor> Supporters(const ActorGraph& graph,
                                    std::uint64_t target_term);
// Actors with a negative stance toward the target, most negative first.
std::vector<RankedActor> Opponents(const ActorGraph& graph,
                                   std::uint64_t target_term);

}  // namespace kg

#endif  // KG_GRAPH_STANCE_H_
