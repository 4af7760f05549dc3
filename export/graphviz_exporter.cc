#include "export/graphviz_exporter.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "export/graphviz_text.h"
#include "graph/alliances.h"
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
  Agsym_t* node_fontsize;
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
      Declare(graph, AGNODE, "fontsize", "14"),
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

// A DOT id not used yet: `wanted`, or `wanted` + "#" + a number.
std::string UniqueId(std::string wanted, std::uint64_t number,
                     std::unordered_set<std::string>* used) {
  if (!wanted.empty() && used->insert(wanted).second) return wanted;
  std::string id = wanted + "#" + std::to_string(number);
  while (!used->insert(id).second) id += "#";
  return id;
}

// Fills that tell blocs apart (they repeat after the last); actors in no
// bloc keep their type's paler fill.
constexpr const char* kBlocFills[] = {"#9ecae1", "#fdae6b", "#a1d99b",
                                      "#bcbddc", "#fc9272", "#fee391",
                                      "#9edae5", "#c7c7c7"};

// Nodes for the selected actors, indexed by vertex (null when not drawn).
// Unique DOT ids: a key that collides after GraphvizId gets its term id.
// `blocs` is SelectedBlocs(actors, selection).
std::vector<Agnode_t*> AddNodes(Agraph_t* graph, const ActorGraph& actors,
                                const GraphSelection& selection,
                                const std::vector<int>& blocs,
                                const Symbols& symbols,
                                const GraphvizOptions& options,
                                std::unordered_set<std::string>* used) {
  std::vector<Agnode_t*> nodes(actors.num_actors(), nullptr);
  std::vector<std::size_t> degree(actors.num_actors(), 0);
  std::size_t max_degree = 1;
  for (const ActorEdge& edge : selection.edges) {
    max_degree = std::max(max_degree, ++degree[edge.source]);
    max_degree = std::max(max_degree, ++degree[edge.target]);
  }
  for (std::size_t i = 0; i < selection.actors.size(); ++i) {
    const std::size_t v = selection.actors[i];
    const Actor& actor = actors.actor(v);
    const std::string id = UniqueId(GraphvizId(actor.key), actor.term_id, used);
    Agnode_t* node = agnode(graph, Chars(id), 1);
    const NodeStyle style = StyleOf(actor.type);
    Set(node, symbols.node_label,
        GraphvizLabel(actor.name.empty() ? actor.key : actor.name,
                      options.max_label));
    Set(node, symbols.node_shape, style.shape);
    Set(node, symbols.node_fill,
        blocs[i] < 0 ? style.fill
                     : kBlocFills[static_cast<std::size_t>(blocs[i]) %
                                  std::size(kBlocFills)]);
    Set(node, symbols.node_tooltip, NodeTooltip(actor));
    // Square root, as for pen widths: hubs stand out, leaves stay legible.
    const double share = std::sqrt(static_cast<double>(degree[v]) /
                                   static_cast<double>(max_degree));
    Set(node, symbols.node_fontsize,
        Fixed(options.min_fontsize +
                  (options.max_fontsize - options.min_fontsize) * share,
              1));
    nodes[v] = node;
  }
  return nodes;
}

void AddEdges(Agraph_t* graph, const ActorGraph& actors,
              const std::vector<ActorEdge>& edges,
              const std::vector<Agnode_t*>& nodes, const Symbols& symbols,
              const GraphvizOptions& options) {
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

void AddBlocClusters(Agraph_t* graph, const GraphSelection& selection,
                     const std::vector<int>& blocs,
                     const std::vector<Agnode_t*>& nodes) {
  std::unordered_map<int, Agraph_t*> clusters;
  for (std::size_t i = 0; i < blocs.size(); ++i) {
    if (blocs[i] < 0) continue;
    Agraph_t*& cluster = clusters[blocs[i]];
    if (cluster == nullptr) {
      const std::string name = "cluster_bloc_" + std::to_string(blocs[i]);
      cluster = agsubg(graph, Chars(name), 1);
      const std::string label = "bloc " + std::to_string(blocs[i] + 1);
      agsafeset(cluster, Chars("label"), Chars(label), Chars(""));
      agsafeset(cluster, Chars("style"), Chars("filled,rounded"), Chars(""));
      agsafeset(cluster, Chars("fillcolor"), Chars("#f7f7f7"), Chars(""));
    }
    agsubnode(cluster, nodes[selection.actors[i]], 1);
  }
}

// A cluster naming the node shapes drawn and the three edge colours.
void AddLegend(Agraph_t* graph, const GraphSelection& selection,
               const ActorGraph& actors, const Symbols& symbols,
               std::unordered_set<std::string>* used) {
  Agraph_t* legend = agsubg(graph, Chars("cluster_legend"), 1);
  agsafeset(legend, Chars("label"), Chars("Legend"), Chars(""));
  agsafeset(legend, Chars("style"), Chars("rounded"), Chars(""));
  std::set<EntityType> types;
  for (std::size_t v : selection.actors) types.insert(actors.actor(v).type);
  std::uint64_t number = 0;
  auto add_node = [&](const std::string& wanted, const std::string& label) {
    const std::string id = UniqueId(wanted, ++number, used);
    Agnode_t* node = agnode(legend, Chars(id), 1);
    Set(node, symbols.node_label, label);
    return node;
  };
  for (EntityType type : types) {
    const NodeStyle style = StyleOf(type);
    Agnode_t* node = add_node("legend " + std::string(EntityTypeName(type)),
                              std::string(EntityTypeName(type)));
    Set(node, symbols.node_shape, style.shape);
    Set(node, symbols.node_fill, style.fill);
  }
  const std::pair<const char*, std::string_view> stances[] = {
      {"supports", kSupportColor},
      {"opposes", kOpposeColor},
      {"neutral", kNeutralColor}};
  for (const auto& [label, color] : stances) {
    Agnode_t* from = add_node(std::string("legend from ") + label, "");
    Agnode_t* to = add_node(std::string("legend to ") + label, "");
    Set(from, symbols.node_shape, "point");
    Set(to, symbols.node_shape, "point");
    Agedge_t* edge = agedge(legend, from, to, nullptr, 1);
    Set(edge, symbols.edge_label, label);
    Set(edge, symbols.edge_color, std::string(color));
    Set(edge, symbols.edge_fontcolor, std::string(color));
    if (color == kOpposeColor) Set(edge, symbols.edge_arrowhead, "tee");
  }
}

// Requires: GraphvizMutex() held and g_messages set.
Result<std::string> RenderLocked(const ActorGraph& actors,
                                 const GraphSelection& selection,
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
    const bool large = selection.edges.size() > options.sfdp_threshold;
    engine = large && graphviz.layouts.count("sfdp") > 0 ? "sfdp" : "dot";
  }
  if (graphviz.layouts.count(engine) == 0) {
    return Status::NotSupported(
        "this Graphviz has no layout engine '" + engine +
        "' (installed: " + Join(graphviz.layouts) + ")");
  }
  GraphHandle graph(graphviz.context, agopen(Chars("kg"), Agdirected, nullptr));
  const Symbols symbols = DeclareAttributes(graph.get(), engine != "dot");
  std::unordered_set<std::string> used;
  const std::vector<int> blocs = SelectedBlocs(actors, selection);
  const std::vector<Agnode_t*> nodes =
      AddNodes(graph.get(), actors, selection, blocs, symbols, options, &used);
  AddEdges(graph.get(), actors, selection.edges, nodes, symbols, options);
  if (options.clusters || options.legend) {
    // Debian 12's dot (libgvc 2.42.2) frees memory twice in gvFreeLayout
    // after ranking clusters the classic way: a standalone C program doing
    // agmemread + gvLayout + gvFreeLayout under ASan aborted on 27 of 60
    // random clustered graphs with labelled edges, and on none of them with
    // newrank=true, which ranks the whole graph at once instead of
    // collapsing each cluster first. The drawing is the same kind (clusters
    // stay contiguous), so clusters always use it.
    Declare(graph.get(), AGRAPH, "newrank", "true");
  }
  if (options.clusters) AddBlocClusters(graph.get(), selection, blocs, nodes);
  if (options.legend) AddLegend(graph.get(), selection, actors, symbols, &used);
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
  return RenderSelection(graph, SelectGraph(graph, ExportOptions{}), format,
                         options);
}

std::vector<int> SelectedBlocs(const ActorGraph& graph,
                               const GraphSelection& selection) {
  const AllianceReport alliances = FindAlliances(graph, AllianceOptions{});
  std::vector<int> bloc_of_vertex(graph.num_actors(), -1);
  for (std::size_t b = 0; b < alliances.blocs.size(); ++b) {
    for (std::size_t v : alliances.blocs[b].members) {
      bloc_of_vertex[v] = static_cast<int>(b);
    }
  }
  std::map<int, std::size_t> selected;  // Alliance bloc -> members drawn.
  for (std::size_t v : selection.actors) {
    if (bloc_of_vertex[v] >= 0) ++selected[bloc_of_vertex[v]];
  }
  std::map<int, int> number;  // Blocs are largest first, so keep the order.
  for (const auto& [bloc, members] : selected) {
    if (members >= 2) number.emplace(bloc, static_cast<int>(number.size()));
  }
  std::vector<int> blocs;
  blocs.reserve(selection.actors.size());
  for (std::size_t v : selection.actors) {
    auto it = number.find(bloc_of_vertex[v]);
    blocs.push_back(it == number.end() ? -1 : it->second);
  }
  return blocs;
}

Result<std::string> RenderSelection(const ActorGraph& graph,
                                    const GraphSelection& selection,
                                    std::string_view format,
                                    const GraphvizOptions& options) {
  std::lock_guard<std::mutex> lock(GraphvizMutex());
  std::string messages;
  g_messages = &messages;
  const agusererrf previous = agseterrf(CollectMessage);
  Result<std::string> rendered =
      RenderLocked(graph, selection, std::string(format), options);
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
  GraphvizOptions options = options_;
  if (!input.options.layout.empty()) options.layout = input.options.layout;
  options.clusters = options.clusters || input.options.clusters;
  options.legend = options.legend || input.options.legend;
  KG_ASSIGN_OR_RETURN(
      std::string rendered,
      RenderSelection(*input.graph, SelectGraph(*input.graph, input.options),
                      format_.name, options));
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
// draws a diagram would fail. Graphviz is built without frame pointers, so
// with ASan's default fast unwinder a leak's stack ends at the allocator of
// the Graphviz library it came from and can only be matched there: gvc's
// gmalloc for dot's leaks, and cgraph's agalloc for the "_new_rank" subgraph
// that dot's newrank mode (used for clusters, see RenderLocked) creates and
// never frees (seen with fast_unwind_on_malloc=0: agsubg in dot_mincross).
// The agalloc entry also hides a forgotten agclose, which is why kg's graphs
// are only ever held by GraphHandle or closed by a unique_ptr deleter.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:gvPluginList\n"
         "leak:new_virtual_edge\n"
         "leak:gmalloc\n"
         "leak:agalloc\n"
         "leak:libfontconfig.so\n"
         "leak:libpango\n"
         "leak:libcairo.so\n";
}
#endif
