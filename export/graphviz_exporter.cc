#include "export/graphviz_exporter.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <unordered_set>
#include <utility>

#include "export/graphviz_text.h"
#include "graph/stance.h"

namespace kg {
namespace {

// Guards every call into Graphviz, whose error handler and plugin state are
// process-wide.
std::mutex& GraphvizMutex() {
  static std::mutex mutex;
  return mutex;
}

// Where CollectMessage appends while a render holds the lock.
std::string* g_messages = nullptr;

int CollectMessage(char* message) {
  if (g_messages != nullptr) g_messages->append(message);
  return 0;
}

// The installed plugins, loaded once; the context lives for the process.
struct Graphviz {
  GVC_t* context = nullptr;
  std::set<std::string> layouts;
  std::set<std::string> devices;
};

std::set<std::string> PluginNames(GVC_t* context, const char* kind) {
  std::set<std::string> names;
  int count = 0;
  char** list = gvPluginList(context, kind, &count, nullptr);
  for (int i = 0; i < count; ++i) {
    names.insert(list[i]);
    std::free(list[i]);
  }
  std::free(list);
  return names;
}

// Requires: GraphvizMutex() held.
const Graphviz& SharedGraphviz() {
  static const Graphviz graphviz = [] {
    Graphviz loaded;
    loaded.context = gvContext();
    loaded.layouts = PluginNames(loaded.context, "layout");
    loaded.devices = PluginNames(loaded.context, "device");
    return loaded;
  }();
  return graphviz;
}

// cgraph takes char* for strings it only reads (it copies them).
char* Chars(const std::string& text) { return const_cast<char*>(text.c_str()); }

// Closes the graph (and frees its layout) however the render ends.
class GraphHandle {
 public:
  GraphHandle(GVC_t* context, Agraph_t* graph)
      : context_(context), graph_(graph) {}
  GraphHandle(const GraphHandle&) = delete;
  GraphHandle& operator=(const GraphHandle&) = delete;
  ~GraphHandle() {
    if (laid_out_) gvFreeLayout(context_, graph_);
    agclose(graph_);
  }

  Agraph_t* get() const { return graph_; }
  void set_laid_out() { laid_out_ = true; }

 private:
  GVC_t* context_;
  Agraph_t* graph_;
  bool laid_out_ = false;
};

struct NodeStyle {
  const char* shape;
  const char* fill;
};

NodeStyle StyleOf(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return {"ellipse", "lightyellow"};
    case EntityType::kState:
      return {"box", "lightblue"};
    case EntityType::kOrg:
      return {"hexagon", "honeydew"};
    case EntityType::kGroup:
      return {"hexagon", "lavender"};
    case EntityType::kPlace:
      return {"house", "wheat"};
    case EntityType::kTopic:
      return {"note", "white"};
    case EntityType::kOther:
      break;
  }
  return {"octagon", "white"};
}

std::string_view ColorOf(const ActorEdge& edge) {
  switch (edge.sign()) {
    case 1:
      return kSupportColor;
    case -1:
      return kOpposeColor;
    default:
      return kNeutralColor;
  }
}

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// Tooltips are longer than labels but still bounded: hover text, not data.
constexpr std::size_t kMaxTooltip = 400;

std::string NodeTooltip(const Actor& actor) {
  std::string text = actor.name + " (" + actor.key + ", " +
                     std::string(EntityTypeName(actor.type));
  if (!actor.affiliation.empty()) text += ", for " + actor.affiliation;
  return GraphvizLabel(text + ")", kMaxTooltip);
}

std::string EdgeLabel(const ActorEdge& edge) {
  const std::string count = std::to_string(edge.evidence());
  if (edge.top_relation.empty()) return count;
  return GraphvizLabel(edge.top_relation, 40) + " (" + count + ")";
}

std::string EdgeTooltip(const ActorGraph& graph, const ActorEdge& edge) {
  std::string text =
      graph.actor(edge.source).name + " " + std::string(Verdict(edge)) + " " +
      graph.actor(edge.target).name + ": score " + Fixed(edge.score, 2) + "; " +
      std::to_string(edge.supporting) + " supporting, " +
      std::to_string(edge.opposing) + " opposing, " +
      std::to_string(edge.neutral) + " neutral";
  if (!edge.first_date.empty()) {
    text += "; " + edge.first_date + " to " + edge.last_date;
  }
  return GraphvizLabel(text, kMaxTooltip);
}

// Attribute symbols declared once per graph, so setting them is a lookup.
struct Symbols {
  Agsym_t* node_label;
  Agsym_t* node_shape;
  Agsym_t* node_fill;
  Agsym_t* node_tooltip;
  Agsym_t* edge_label;
  Agsym_t* edge_color;
  Agsym_t* edge_fontcolor;
  Agsym_t* edge_penwidth;
  Agsym_t* edge_tooltip;
  Agsym_t* edge_style;
  Agsym_t* edge_arrowhead;
};

Agsym_t* Declare(Agraph_t* graph, int kind, const std::string& name,
                 const std::string& fallback) {
  return agattr(graph, kind, Chars(name), Chars(fallback));
}

Symbols DeclareAttributes(Agraph_t* graph, bool spring_layout) {
  Declare(graph, AGRAPH, "outputorder", "edgesfirst");
  if (spring_layout) Declare(graph, AGRAPH, "overlap", "prism");
  Declare(graph, AGNODE, "style", "filled");
  Declare(graph, AGEDGE, "fontsize", "10");
  return Symbols{
      Declare(graph, AGNODE, "label", ""),
      Declare(graph, AGNODE, "shape", "ellipse"),
      Declare(graph, AGNODE, "fillcolor", "white"),
      Declare(graph, AGNODE, "tooltip", ""),
      Declare(graph, AGEDGE, "label", ""),
      Declare(graph, AGEDGE, "color", std::string(kNeutralColor)),
      Declare(graph, AGEDGE, "fontcolor", std::string(kNeutralColor)),
      Declare(graph, AGEDGE, "penwidth", "1"),
      Declare(graph, AGEDGE, "tooltip", ""),
      Declare(graph, AGEDGE, "style", "solid"),
      Declare(graph, AGEDGE, "arrowhead", "normal"),
  };
}

void Set(void* object, Agsym_t* symbol, const std::string& value) {
  agxset(object, symbol, Chars(value));
}

// Unique DOT ids: a key that collides after GraphvizId gets its term id.
std::vector<Agnode_t*> AddNodes(Agraph_t* graph, const ActorGraph& actors,
                                const Symbols& symbols,
                                const GraphvizOptions& options) {
  std::vector<Agnode_t*> nodes;
  nodes.reserve(actors.num_actors());
  std::unordered_set<std::string> used;
  for (std::size_t v = 0; v < actors.num_actors(); ++v) {
    const Actor& actor = actors.actor(v);
    std::string id = GraphvizId(actor.key);
    if (id.empty() || !used.insert(id).second) {
      id += "#" + std::to_string(actor.term_id);
      used.insert(id);
    }
    Agnode_t* node = agnode(graph, Chars(id), 1);
    const NodeStyle style = StyleOf(actor.type);
    Set(node, symbols.node_label,
        GraphvizLabel(actor.name.empty() ? actor.key : actor.name,
                      options.max_label));
    Set(node, symbols.node_shape, style.shape);
    Set(node, symbols.node_fill, style.fill);
    Set(node, symbols.node_tooltip, NodeTooltip(actor));
    nodes.push_back(node);
  }
  return nodes;
}

void AddEdges(Agraph_t* graph, const ActorGraph& actors,
              const std::vector<Agnode_t*>& nodes, const Symbols& symbols,
              const GraphvizOptions& options) {
  const std::vector<ActorEdge> edges = actors.Edges();
  double strongest = 0;
  for (const ActorEdge& edge : edges) {
    strongest = std::max(strongest, std::abs(edge.score));
  }
  for (const ActorEdge& edge : edges) {
    Agedge_t* drawn =
        agedge(graph, nodes[edge.source], nodes[edge.target], nullptr, 1);
    const std::string color(ColorOf(edge));
    // Square root so that weak edges stay visible beside a dominant one.
    const double share =
        strongest > 0 ? std::sqrt(std::abs(edge.score) / strongest) : 0.0;
    Set(drawn, symbols.edge_color, color);
    Set(drawn, symbols.edge_fontcolor, color);
    Set(drawn, symbols.edge_penwidth,
        Fixed(1 + (options.max_penwidth - 1) * share, 2));
    Set(drawn, symbols.edge_label, EdgeLabel(edge));
    Set(drawn, symbols.edge_tooltip, EdgeTooltip(actors, edge));
    if (edge.contested) Set(drawn, symbols.edge_style, "dashed");
    if (edge.sign() < 0) Set(drawn, symbols.edge_arrowhead, "tee");
  }
}

std::string Join(const std::set<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) {
    joined += (joined.empty() ? "" : ", ") + name;
  }
  return joined;
}

// Requires: GraphvizMutex() held and g_messages set.
Result<std::string> RenderLocked(const ActorGraph& actors,
                                 const std::string& format,
                                 const GraphvizOptions& options) {
  const Graphviz& graphviz = SharedGraphviz();
  if (graphviz.devices.count(format) == 0) {
    return Status::NotSupported(
        "this Graphviz cannot render '" + format +
        "' (installed formats: " + Join(graphviz.devices) + ")");
  }
  std::string engine = options.layout;
  if (engine.empty()) {
    const bool large = actors.num_edges() > options.sfdp_threshold;
    engine = large && graphviz.layouts.count("sfdp") > 0 ? "sfdp" : "dot";
  }
  if (graphviz.layouts.count(engine) == 0) {
    return Status::NotSupported(
        "this Graphviz has no layout engine '" + engine +
        "' (installed: " + Join(graphviz.layouts) + ")");
  }
  GraphHandle graph(graphviz.context, agopen(Chars("kg"), Agdirected, nullptr));
  const Symbols symbols = DeclareAttributes(graph.get(), engine != "dot");
  const std::vector<Agnode_t*> nodes =
      AddNodes(graph.get(), actors, symbols, options);
  AddEdges(graph.get(), actors, nodes, symbols, options);
  if (gvLayout(graphviz.context, graph.get(), engine.c_str()) != 0) {
    return Status::InputError("Graphviz layout failed: " + *g_messages);
  }
  graph.set_laid_out();
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(graphviz.context, graph.get(), format.c_str(),
                              &data, &length);
  std::string rendered;
  if (rc == 0 && data != nullptr) rendered.assign(data, length);
  gvFreeRenderData(data);
  if (rc != 0) {
    return Status::InputError("Graphviz could not render " + format + ": " +
                              *g_messages);
  }
  return rendered;
}

}  // namespace

const std::vector<GraphvizFormat>& GraphvizFormats() {
  static const std::vector<GraphvizFormat> formats = {
      {"dot", false}, {"svg", false}, {"png", true}, {"pdf", true}};
  return formats;
}

Result<std::string> RenderActorGraph(const ActorGraph& graph,
                                     std::string_view format,
                                     const GraphvizOptions& options) {
  std::lock_guard<std::mutex> lock(GraphvizMutex());
  std::string messages;
  g_messages = &messages;
  const agusererrf previous = agseterrf(CollectMessage);
  Result<std::string> rendered =
      RenderLocked(graph, std::string(format), options);
  agseterrf(previous);
  g_messages = nullptr;
  return rendered;
}

GraphvizExporter::GraphvizExporter(GraphvizFormat format,
                                   GraphvizOptions options)
    : format_(format), options_(std::move(options)) {}

Status GraphvizExporter::Export(const ExportInput& input,
                                std::ostream& out) const {
  if (input.graph == nullptr) {
    return Status::InvalidArgument(std::string(format_.name) +
                                   " export needs the actor graph");
  }
  KG_ASSIGN_OR_RETURN(std::string rendered,
                      RenderActorGraph(*input.graph, format_.name, options_));
  out.write(rendered.data(), static_cast<std::streamsize>(rendered.size()));
  if (!out) {
    return Status::IOError("writing the " + std::string(format_.name) +
                           " export failed");
  }
  return Status::Ok();
}

}  // namespace kg

#if defined(__SANITIZE_ADDRESS__)
// Graphviz 2.42 and the font stack under it keep caches and leak a few blocks
// per render (gvPluginList's duplicate names, dot's virtual edges, pango and
// fontconfig font maps). None is kg's; without this every sanitised run that
// draws a diagram would fail. kg's own Graphviz objects (libcgraph) are not
// suppressed, so a forgotten agclose still shows. Graphviz is built without
// frame pointers, so with ASan's default fast unwinder the stack of dot's
// leak ends at gvc's gmalloc: it can only be matched there.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:gvPluginList\n"
         "leak:new_virtual_edge\n"
         "leak:gmalloc\n"
         "leak:libfontconfig.so\n"
         "leak:libpango\n"
         "leak:libcairo.so\n";
}
#endif
