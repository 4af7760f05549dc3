#include "export/graphml_exporter.h"

#include <cmath>
#include <cstdint>
#include <exception>
#include <string>

// GCC 12 at -O2 flags boost's edge iterator (an optional inside
// write_graphml's loop) as maybe-uninitialized: a known false positive in
// Boost 1.74 headers, silenced for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_map/dynamic_property_map.hpp>

#include "export/export_text.h"
#include "export/selection.h"
#include "graph/stance.h"

namespace kg {
namespace {

struct NodeData {
  std::string key;
  std::string name;
  std::string type;
  std::string affiliation;
  int degree = 0;
};

struct EdgeData {
  std::string relation;
  std::string verdict;
  int polarity = 0;
  double score = 0;
  double weight = 0;
  long count = 0;
  long supporting = 0;
  long opposing = 0;
  long neutral = 0;
  bool contested = false;
  std::string first;
  std::string last;
};

using GraphmlGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, NodeData,
                          EdgeData>;

GraphmlGraph BuildGraph(const ActorGraph& graph,
                        const GraphSelection& selection) {
  GraphmlGraph out;
  std::vector<std::size_t> index_of(graph.num_actors(), 0);
  for (std::size_t v : selection.actors) {
    const Actor& actor = graph.actor(v);
    index_of[v] =
        boost::add_vertex(NodeData{XmlSafe(actor.key), XmlSafe(actor.name),
                                   std::string(EntityTypeName(actor.type)),
                                   XmlSafe(actor.affiliation), 0},
                          out);
  }
  for (const ActorEdge& edge : selection.edges) {
    EdgeData data;
    data.relation = XmlSafe(edge.top_relation);
    data.verdict = std::string(Verdict(edge));
    data.polarity = edge.sign();
    data.score = edge.score;
    data.weight = std::abs(edge.score);
    data.count = static_cast<long>(edge.evidence());
    data.supporting = static_cast<long>(edge.supporting);
    data.opposing = static_cast<long>(edge.opposing);
    data.neutral = static_cast<long>(edge.neutral);
    data.contested = edge.contested;
    data.first = edge.first_date;
    data.last = edge.last_date;
    const std::size_t source = index_of[edge.source];
    const std::size_t target = index_of[edge.target];
    ++out[source].degree;
    ++out[target].degree;
    boost::add_edge(source, target, data, out);
  }
  return out;
}

}  // namespace

Status GraphmlExporter::Export(const ExportInput& input,
                               std::ostream& out) const {
  if (input.graph == nullptr) {
    return Status::InvalidArgument("graphml export needs the actor graph");
  }
  GraphmlGraph graph =
      BuildGraph(*input.graph, SelectGraph(*input.graph, input.options));
  boost::dynamic_properties properties(boost::ignore_other_properties);
  properties.property("key", boost::get(&NodeData::key, graph));
  properties.property("name", boost::get(&NodeData::name, graph));
  properties.property("type", boost::get(&NodeData::type, graph));
  properties.property("affiliation", boost::get(&NodeData::affiliation, graph));
  properties.property("degree", boost::get(&NodeData::degree, graph));
  properties.property("relation", boost::get(&EdgeData::relation, graph));
  properties.property("verdict", boost::get(&EdgeData::verdict, graph));
  properties.property("polarity", boost::get(&EdgeData::polarity, graph));
  properties.property("score", boost::get(&EdgeData::score, graph));
  properties.property("weight", boost::get(&EdgeData::weight, graph));
  properties.property("count", boost::get(&EdgeData::count, graph));
  properties.property("supporting", boost::get(&EdgeData::supporting, graph));
  properties.property("opposing", boost::get(&EdgeData::opposing, graph));
  properties.property("neutral", boost::get(&EdgeData::neutral, graph));
  properties.property("contested", boost::get(&EdgeData::contested, graph));
  properties.property("first", boost::get(&EdgeData::first, graph));
  properties.property("last", boost::get(&EdgeData::last, graph));
  try {
    boost::write_graphml(out, graph, properties, true);
  } catch (const std::exception& e) {
    return Status::IOError(std::string("writing the graphml export failed: ") +
                           e.what());
  }
  if (!out) return Status::IOError("writing the graphml export failed");
  return Status::Ok();
}

}  // namespace kg
