// Diagrams of the actor graph, drawn with cgraph and laid out and rendered in
// process by gvc: "dot" (DOT with layout, as `dot -Tdot` writes), "svg",
// "png", "pdf". Nodes are actors (id = key, label = name, shape by type);
// edges are stances (colour by sign, pen width by |score|, label = top
// relation and evidence count, tooltip with the counts, dashed when
// contested, a tee arrowhead for opposition). Node shapes show the type;
// fills show the alliance bloc (FindAlliances, graph/alliances.h, on the
// whole graph; blocs with two or more actors drawn), or the type for actors
// in no such bloc. A node's font (so its size) grows with its degree in the
// drawing. Optional: one cluster per bloc and a legend.
//
// Thread-safety: Graphviz keeps global state, so every call into it holds
// one process-wide lock; rendering from many threads is safe but serial.
#ifndef KG_EXPORT_GRAPHVIZ_EXPORTER_H_
#define KG_EXPORT_GRAPHVIZ_EXPORTER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "export/exporter.h"
#include "export/selection.h"
#include "graph/actor_graph.h"

namespace kg {

// Edge colours by the sign of the stance.
inline constexpr std::string_view kSupportColor = "forestgreen";
inline constexpr std::string_view kOpposeColor = "red3";
inline constexpr std::string_view kNeutralColor = "gray50";

struct GraphvizFormat {
  std::string_view name;  // The gvc output format.
  bool binary = false;    // Not text.
};

// dot, svg, png, pdf.
const std::vector<GraphvizFormat>& GraphvizFormats();

struct GraphvizOptions {
  // Layout engine; empty picks "dot", or "sfdp" above sfdp_threshold edges.
  std::string layout;
  // Edge count above which the default layout is sfdp (when installed):
  // dot with edge labels took 0.15 s for 100 random edges, 0.7 s for 150,
  // 3.3 s for 200 and 78 s for 300 (docs/benchmarks.md); sfdp stays fast.
  std::size_t sfdp_threshold = 150;
  // Pen width of the edge with the largest |score|; the weakest get 1.
  double max_penwidth = 6;
  // Longest node label, in code points; longer names are cut.
  std::size_t max_label = 60;
  // Font size of the least and the most connected actors.
  double min_fontsize = 10;
  double max_fontsize = 22;
  // Draw each bloc as a cluster (dot honours clusters; sfdp ignores them).
  bool clusters = false;
  // Draw a legend of node shapes and edge colours.
  bool legend = false;
};

// `graph` rendered in gvc output format `format`. NotSupported when this
// machine's Graphviz lacks the renderer or layout engine; InputError when
// Graphviz fails (its messages included).
Result<std::string> RenderActorGraph(const ActorGraph& graph,
                                     std::string_view format,
                                     const GraphvizOptions& options = {});

// The same for the part of `graph` in `selection` (see SelectGraph).
Result<std::string> RenderSelection(const ActorGraph& graph,
                                    const GraphSelection& selection,
                                    std::string_view format,
                                    const GraphvizOptions& options = {});

// Bloc number of each actor in `selection.actors` order, from
// FindAlliances on the whole graph, counting only blocs with two or more
// selected actors (numbered from 0, largest first); -1 for the others.
std::vector<int> SelectedBlocs(const ActorGraph& graph,
                               const GraphSelection& selection);

class GraphvizExporter : public Exporter {
 public:
  explicit GraphvizExporter(GraphvizFormat format,
                            GraphvizOptions options = {});

  std::string_view name() const override { return format_.name; }
  bool binary() const override { return format_.binary; }
  // Requires input.graph; the store is not read. input.options selects the
  // edges and sets layout, clusters and legend.
  Status Export(const ExportInput& input, std::ostream& out) const override;

 private:
  GraphvizFormat format_;
  GraphvizOptions options_;
};

}  // namespace kg

#endif  // KG_EXPORT_GRAPHVIZ_EXPORTER_H_
