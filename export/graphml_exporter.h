// "graphml": the actor graph as GraphML, written by boost::write_graphml
// from dynamic_properties, so every attribute is a typed <key>. Node data:
// key, name, type, affiliation (strings), degree (int). Edge data: relation
// (the top relation), verdict (strings), polarity (int: -1, 0, 1), score,
// weight (|score|) (double), count, supporting, opposing, neutral (long),
// contested (boolean), first, last (dates, empty when undated). Readable by
// Gephi, yEd, NetworkX, igraph and Cytoscape.
#ifndef KG_EXPORT_GRAPHML_EXPORTER_H_
#define KG_EXPORT_GRAPHML_EXPORTER_H_

#include "export/exporter.h"

namespace kg {

class GraphmlExporter : public Exporter {
 public:
  std::string_view name() const override { return "graphml"; }
  bool binary() const override { return false; }
  // Requires input.graph; the store is not read.
  Status Export(const ExportInput& input, std::ostream& out) const override;
};

}  // namespace kg

#endif  // KG_EXPORT_GRAPHML_EXPORTER_H_
