// Sums the evidence of one actor's stance toward another into an ActorEdge,
// either triple by triple from the store's aggregates or piece by piece.
//
// Thread-safety: not thread-safe; one accumulator per edge being built.
#ifndef KG_GRAPH_EDGE_ACCUMULATOR_H_
#define KG_GRAPH_EDGE_ACCUMULATOR_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "graph/actor_graph.h"
#include "graph/graph_options.h"
#include "store/store.h"

namespace kg {

class EdgeAccumulator {
 public:
  // Adds a whole triple from its aggregate. Returns false, adding nothing,
  // when the aggregate cannot tell how many pieces support and how many
  // oppose (their polarities are not all one nonzero sign); the caller then
  // adds the triple's evidence piece by piece.
  bool AddAggregate(const TripleAggregate& triple,
                    const std::string& predicate);

  // Adds one piece of evidence. `polarity` is taken by its sign; `strength`
  // is confidence * weight * decay factor (non-finite or negative counts 0).
  void AddEvidence(const std::string& predicate, int polarity, double strength,
                   std::string_view date);

  bool empty() const { return supporting_ + opposing_ + neutral_ == 0; }

  // The edge so far, with `contested` judged by `options`.
  ActorEdge Finish(std::size_t source, std::size_t target,
                   const GraphOptions& options) const;

 private:
  struct PredicateTotal {
    double score = 0;
    std::uint64_t count = 0;
  };

  void AddDate(std::string_view date);
  std::string TopRelation(int edge_sign) const;

  std::map<std::string, PredicateTotal> predicates_;
  double score_ = 0;
  double support_mass_ = 0;
  double oppose_mass_ = 0;
  std::uint64_t supporting_ = 0;
  std::uint64_t opposing_ = 0;
  std::uint64_t neutral_ = 0;
  std::string first_date_;
  std::string last_date_;
};

// True when both signs carry at least options.contested_share of the
// absolute mass and at least options.contested_min_pieces pieces.
bool IsContested(const ActorEdge& edge, const GraphOptions& options);

}  // namespace kg

#endif  // KG_GRAPH_EDGE_ACCUMULATOR_H_
