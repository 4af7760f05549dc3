// The actor graph: one vertex per actor (state, leader, organisation,
// alliance) and one directed signed edge X->Y summing all the evidence of
// X's stance toward Y. Stance queries, rankings and the exporters read it.
//
// Thread-safety: immutable once built; const methods may be called from many
// threads at once.
#ifndef KG_GRAPH_ACTOR_GRAPH_H_
#define KG_GRAPH_ACTOR_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "common/result.h"
#include "core/relation.h"
#include "graph/evidence_weighting.h"
#include "graph/graph_options.h"
#include "store/store.h"

namespace kg {

struct Actor {
  std::uint64_t term_id = 0;  // The store's term id.
  std::string key;            // Canonical id: "FRA", "emmanuel_macron".
  std::string name;           // Display name: "France".
  EntityType type = EntityType::kOther;
  std::string affiliation;  // Canonical id of a person's state or org.
};

// X->Y: everything recorded of X's stance toward Y.
struct ActorEdge {
  std::size_t source = 0;        // Vertex of X.
  std::size_t target = 0;        // Vertex of Y.
  double score = 0;              // Sum of polarity*confidence*weight(*decay).
  std::uint64_t supporting = 0;  // Pieces of evidence with polarity +1,
  std::uint64_t opposing = 0;    // -1,
  std::uint64_t neutral = 0;     // and 0.
  double support_mass = 0;       // Sum of confidence*weight over +1 pieces.
  double oppose_mass = 0;        // The same over -1 pieces (positive).
  bool contested = false;        // Both signs carry substantial evidence.
  std::string top_relation;      // The predicate contributing most in the
                                 // direction of the score.
  std::string first_date;        // Earliest dated evidence, or empty.
  std::string last_date;         // Latest dated evidence, or empty.

  std::uint64_t evidence() const { return supporting + opposing + neutral; }
  // +1, -1, or 0 when the score is zero up to rounding.
  int sign() const;
};

class ActorGraph {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS,
                                      boost::bidirectionalS, Actor, ActorEdge>;

  // An empty graph.
  ActorGraph() = default;

  // Builds the graph from every triple whose subject and object are both
  // entities other than TOPIC (topics are objects of stances, not actors).
  // Self-stances (X->X) are left out. At GraphLevel::kState a person whose
  // affiliation is an entity in the store is folded into that entity's
  // vertex; persons whose affiliation no relation mentions fold into a vertex
  // made for it (named by options.describe_affiliation, with a term id the
  // store does not hold and no evidence of its own).
  // Without a window or decay the scores come from the store's aggregates; with
  // them every piece of evidence is read, filtered and weighed (see
  // EvidenceWeighting). Errors: InvalidArgument for bad options; the store's
  // errors otherwise.
  static Result<ActorGraph> Build(Store& store, const GraphOptions& options);

  std::size_t num_actors() const { return boost::num_vertices(graph_); }
  std::size_t num_edges() const { return boost::num_edges(graph_); }

  // Requires: v < num_actors().
  const Actor& actor(std::size_t v) const { return graph_[v]; }

  // The vertex of an actor by its store term id; nullopt if not in the graph.
  // At GraphLevel::kState a folded person gives their affiliation's vertex.
  std::optional<std::size_t> VertexOf(std::uint64_t term_id) const;

  // The store term ids whose evidence vertex v sums: the actor's own id
  // (unless made for an unmentioned affiliation), and at GraphLevel::kState
  // those of the persons folded into it; ascending.
  // Requires: v < num_actors().
  const std::vector<std::uint64_t>& MemberTerms(std::size_t v) const {
    return members_[v];
  }

  // Every edge, ordered by (source, target).
  std::vector<ActorEdge> Edges() const;
  // Edges into / out of vertex v. Requires: v < num_actors().
  std::vector<ActorEdge> InEdges(std::size_t v) const;
  std::vector<ActorEdge> OutEdges(std::size_t v) const;

  // The edge from -> to, if any. Out-of-range vertices give nullopt.
  std::optional<ActorEdge> Edge(std::size_t from, std::size_t to) const;

  // The Boost graph, for algorithms (vertex descriptors are actor indices).
  const Graph& graph() const { return graph_; }
  const GraphOptions& options() const { return options_; }
  // The window and decay the graph was built with, reference date resolved:
  // Stance applies the same weighting to the evidence it lists.
  const EvidenceWeighting& weighting() const { return weighting_; }

 private:
  // Records that `term_id`'s evidence counts toward vertex v.
  void AddMember(std::uint64_t term_id, std::size_t v);

  Graph graph_;
  std::unordered_map<std::uint64_t, std::size_t> vertex_of_;
  std::vector<std::vector<std::uint64_t>> members_;
  GraphOptions options_;
  EvidenceWeighting weighting_;
};

}  // namespace kg

#endif  // KG_GRAPH_ACTOR_GRAPH_H_
