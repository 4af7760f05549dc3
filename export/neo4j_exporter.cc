#include "export/neo4j_exporter.h"

#include <cctype>
#include <map>
#include <sstream>

#include "export/csv_exporter.h"
#include "export/export_text.h"
#include "export/selection.h"

namespace kg {
namespace {

// "STATE" -> "State": Neo4j labels are conventionally CamelCase.
std::string TypeLabel(EntityType type) {
  std::string label(EntityTypeName(type));
  for (std::size_t i = 1; i < label.size(); ++i) {
    label[i] =
        static_cast<char>(std::tolower(static_cast<unsigned char>(label[i])));
  }
  return label;
}

void WriteNode(const Term& term, std::ostream& out) {
  out << CsvField(term.key) << ',' << CsvField("Entity;" + TypeLabel(term.type))
      << ',' << CsvField(term.name) << ',' << EntityTypeName(term.type) << ','
      << CsvField(term.affiliation) << '\n';
}

}  // namespace

std::string Neo4jRelationshipType(std::string_view lemma) {
  std::string type;
  for (char ch : lemma) {
    const auto c = static_cast<unsigned char>(ch);
    type += std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_';
  }
  return type.empty() ? "RELATED" : type;
}

Status Neo4jExporter::Export(const ExportInput&, std::ostream&) const {
  return Status::InvalidArgument(
      "the neo4j export is two files: give --out DIR");
}

Result<std::vector<ExportFile>> Neo4jExporter::ExportFiles(
    const ExportInput& input) const {
  std::ostringstream relationships;
  relationships << ":START_ID,:END_ID,:TYPE,relation,polarity:int,"
                   "weight:float,count:int,first,last\n";
  std::map<std::string, Term> nodes;  // By key: sorted, each once.
  KG_RETURN_IF_ERROR(
      ForEachExportTriple(input, false, [&](const ExportTriple& triple) {
        nodes.emplace(triple.subject->key, *triple.subject);
        nodes.emplace(triple.object->key, *triple.object);
        const TripleAggregate& aggregate = triple.aggregate;
        relationships << CsvField(triple.subject->key) << ','
                      << CsvField(triple.object->key) << ','
                      << CsvField(Neo4jRelationshipType(triple.predicate->key))
                      << ',' << CsvField(triple.predicate->key) << ','
                      << TriplePolarity(aggregate) << ','
                      << ReadableDecimal(TripleWeight(aggregate)) << ','
                      << aggregate.count << ',' << aggregate.first_date << ','
                      << aggregate.last_date << '\n';
        return Status::Ok();
      }));
  std::ostringstream node_file;
  node_file << "id:ID,:LABEL,name,type,affiliation\n";
  for (const auto& [key, term] : nodes) WriteNode(term, node_file);
  return std::vector<ExportFile>{{"nodes.csv", node_file.str()},
                                 {"relationships.csv", relationships.str()}};
}

}  // namespace kg
