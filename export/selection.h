// Which actors, edges and triples an export includes: the filters of
// ExportOptions (window, --min-evidence, --focus/--depth, --top) applied the
// same way for every format.
//
// Thread-safety: pure functions of their arguments (the store is itself
// thread-safe).
#ifndef KG_EXPORT_SELECTION_H_
#define KG_EXPORT_SELECTION_H_

#include <cstddef>
#include <functional>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "export/exporter.h"
#include "graph/actor_graph.h"
#include "store/store.h"

namespace kg {

// The part of the actor graph an export draws.
struct GraphSelection {
  std::vector<std::size_t> actors;  // Kept vertices, ascending.
  std::vector<ActorEdge> edges;     // Kept edges, ordered by (source, target).
};

// Applies, in this order: min_evidence; focus and depth (an undirected
// breadth-first search over the remaining edges; the ego network keeps the
// edges among the actors reached); top (the strongest by |score|). Without
// focus, top or min_evidence > 1 every actor is kept, otherwise the actors
// touching a kept edge (and the focus). A focus outside the graph selects
// nothing.
GraphSelection SelectGraph(const ActorGraph& graph,
                           const ExportOptions& options);

// One (subject, predicate, object) triple as exported.
struct ExportTriple {
  const Term* subject = nullptr;  // Never null in a callback.
  const Term* predicate = nullptr;
  const Term* object = nullptr;
  // The store's aggregate, recomputed over the window when one is set.
  TripleAggregate aggregate;
  // Its evidence in insertion order (window applied); filled only when
  // asked for.
  std::vector<Relation> evidence;
};

// Calls `fn` for each triple of input.store that passes the filters: the
// evidence window, min_evidence on the triple's count and, when focus or
// top is set, only triples between the actor pairs SelectGraph keeps
// (which needs input.graph). Stops at the first error `fn` returns.
// InvalidArgument without a store (or without a graph when it is needed).
Status ForEachExportTriple(
    const ExportInput& input, bool with_evidence,
    const std::function<Status(const ExportTriple&)>& fn);

}  // namespace kg

#endif  // KG_EXPORT_SELECTION_H_
