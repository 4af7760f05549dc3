#include "export/gexf_exporter.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "export/csv_exporter.h"
#include "export/export_text.h"
#include "export/selection.h"
#include "graph/stance.h"

namespace kg {
namespace {

struct Spell {
  std::string start;
  std::string end;

  void Cover(const std::string& first, const std::string& last) {
    if (first.empty()) return;
    if (start.empty() || first < start) start = first;
    end = std::max(end, last);
  }
};

void WriteSpell(const Spell& spell, std::ostream& out) {
  if (spell.start.empty()) return;
  out << "        <spells><spell start=\"" << spell.start << "\" end=\""
      << spell.end << "\"/></spells>\n";
}

void WriteAttribute(int id, std::string_view value, std::ostream& out) {
  out << "          <attvalue for=\"" << id << "\" value=\"" << XmlEscape(value)
      << "\"/>\n";
}

void WriteHeader(std::ostream& out) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://gexf.net/1.3\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://gexf.net/1.3 "
         "http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
         "  <meta><creator>kg</creator><description>Actor graph: who supports "
         "and who opposes whom</description></meta>\n"
         "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" "
         "timeformat=\"date\">\n"
         "    <attributes class=\"node\" mode=\"static\">\n"
         "      <attribute id=\"0\" title=\"key\" type=\"string\"/>\n"
         "      <attribute id=\"1\" title=\"type\" type=\"string\"/>\n"
         "      <attribute id=\"2\" title=\"affiliation\" type=\"string\"/>\n"
         "    </attributes>\n"
         "    <attributes class=\"edge\" mode=\"static\">\n"
         "      <attribute id=\"0\" title=\"relation\" type=\"string\"/>\n"
         "      <attribute id=\"1\" title=\"verdict\" type=\"string\"/>\n"
         "      <attribute id=\"2\" title=\"polarity\" type=\"integer\"/>\n"
         "      <attribute id=\"3\" title=\"score\" type=\"double\"/>\n"
         "      <attribute id=\"4\" title=\"count\" type=\"long\"/>\n"
         "      <attribute id=\"5\" title=\"supporting\" type=\"long\"/>\n"
         "      <attribute id=\"6\" title=\"opposing\" type=\"long\"/>\n"
         "      <attribute id=\"7\" title=\"neutral\" type=\"long\"/>\n"
         "    </attributes>\n";
}

void WriteNodes(const ActorGraph& graph, const GraphSelection& selection,
                std::ostream& out) {
  std::vector<Spell> spells(graph.num_actors());
  for (const ActorEdge& edge : selection.edges) {
    spells[edge.source].Cover(edge.first_date, edge.last_date);
    spells[edge.target].Cover(edge.first_date, edge.last_date);
  }
  out << "    <nodes>\n";
  for (std::size_t v : selection.actors) {
    const Actor& actor = graph.actor(v);
    out << "      <node id=\"n" << v << "\" label=\""
        << XmlEscape(actor.name.empty() ? actor.key : actor.name) << "\">\n"
        << "        <attvalues>\n";
    WriteAttribute(0, actor.key, out);
    WriteAttribute(1, EntityTypeName(actor.type), out);
    WriteAttribute(2, actor.affiliation, out);
    out << "        </attvalues>\n";
    WriteSpell(spells[v], out);
    out << "      </node>\n";
  }
  out << "    </nodes>\n";
}

void WriteEdges(const GraphSelection& selection, std::ostream& out) {
  out << "    <edges>\n";
  std::size_t id = 0;
  for (const ActorEdge& edge : selection.edges) {
    out << "      <edge id=\"e" << id++ << "\" source=\"n" << edge.source
        << "\" target=\"n" << edge.target << "\" label=\""
        << XmlEscape(edge.top_relation) << "\"";
    if (edge.score != 0) {
      out << " weight=\"" << ReadableDecimal(std::abs(edge.score)) << "\"";
    }
    out << ">\n        <attvalues>\n";
    WriteAttribute(0, edge.top_relation, out);
    WriteAttribute(1, Verdict(edge), out);
    WriteAttribute(2, std::to_string(edge.sign()), out);
    WriteAttribute(3, ReadableDecimal(edge.score), out);
    WriteAttribute(4, std::to_string(edge.evidence()), out);
    WriteAttribute(5, std::to_string(edge.supporting), out);
    WriteAttribute(6, std::to_string(edge.opposing), out);
    WriteAttribute(7, std::to_string(edge.neutral), out);
    out << "        </attvalues>\n";
    Spell spell;
    spell.Cover(edge.first_date, edge.last_date);
    WriteSpell(spell, out);
    out << "      </edge>\n";
  }
  out << "    </edges>\n";
}

}  // namespace

Status GexfExporter::Export(const ExportInput& input, std::ostream& out) const {
  if (input.graph == nullptr) {
    return Status::InvalidArgument("gexf export needs the actor graph");
  }
  const GraphSelection selection = SelectGraph(*input.graph, input.options);
  WriteHeader(out);
  WriteNodes(*input.graph, selection, out);
  WriteEdges(selection, out);
  out << "  </graph>\n</gexf>\n";
  if (!out) return Status::IOError("writing the gexf export failed");
  return Status::Ok();
}

}  // namespace kg
