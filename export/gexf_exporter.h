// "gexf": the actor graph as GEXF 1.3 for Gephi, with time: every edge
// carries a spell from its first to its last dated evidence and every node
// one spanning its edges' spells, so Gephi's timeline can play the graph.
// Node attributes: key, type, affiliation; edge attributes: relation,
// verdict, polarity, score, count, supporting, opposing, neutral; the edge
// weight is |score|. Undated nodes and edges have no spell (always shown).
#ifndef KG_EXPORT_GEXF_EXPORTER_H_
#define KG_EXPORT_GEXF_EXPORTER_H_

#include "export/exporter.h"

namespace kg {

class GexfExporter : public Exporter {
 public:
  std::string_view name() const override { return "gexf"; }
  bool binary() const override { return false; }
  // Requires input.graph; the store is not read.
  Status Export(const ExportInput& input, std::ostream& out) const override;
};

}  // namespace kg

#endif  // KG_EXPORT_GEXF_EXPORTER_H_
