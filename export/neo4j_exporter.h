// "neo4j": files for `neo4j-admin database import full`, written into a
// directory:
//   nodes.csv          id:ID,:LABEL,name,type,affiliation
//   relationships.csv  :START_ID,:END_ID,:TYPE,relation,polarity:int,
//                      weight:float,count:int,first,last
// One node per entity in an exported triple (label "Entity" plus its type:
// "Entity;State"), one relationship per triple (type = the lemma in upper
// case with other characters than letters and digits as '_'; polarity and
// weight as in the csv export). Fields are RFC 4180 quoted; names with line
// breaks need --multiline-fields=true (docs/formats.md gives the command).
#ifndef KG_EXPORT_NEO4J_EXPORTER_H_
#define KG_EXPORT_NEO4J_EXPORTER_H_

#include <string>
#include <string_view>

#include "export/exporter.h"

namespace kg {

// "support" -> "SUPPORT", "stand with" -> "STAND_WITH".
std::string Neo4jRelationshipType(std::string_view lemma);

class Neo4jExporter : public Exporter {
 public:
  std::string_view name() const override { return "neo4j"; }
  bool binary() const override { return false; }
  bool writes_directory() const override { return true; }
  // Always InvalidArgument: the export is two files (use ExportFiles).
  Status Export(const ExportInput& input, std::ostream& out) const override;
  // nodes.csv and relationships.csv. Requires input.store (and input.graph
  // for --focus or --top).
  Result<std::vector<ExportFile>> ExportFiles(
      const ExportInput& input) const override;
};

}  // namespace kg

#endif  // KG_EXPORT_NEO4J_EXPORTER_H_
