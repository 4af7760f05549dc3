#include "export/exporter.h"

#include <algorithm>
#include <functional>
#include <sstream>
#include <utility>

#include "export/csv_exporter.h"
#include "export/gexf_exporter.h"
#include "export/graphml_exporter.h"
#include "export/graphviz_exporter.h"
#include "export/jsonl_exporter.h"
#include "export/neo4j_exporter.h"
#include "export/rdf_exporter.h"

namespace kg {
namespace {

struct Registration {
  std::string_view name;
  std::function<std::unique_ptr<Exporter>()> create;
};

const std::vector<Registration>& Registry() {
  static const std::vector<Registration> registry = [] {
    std::vector<Registration> formats;
    for (const GraphvizFormat& format : GraphvizFormats()) {
      formats.push_back({format.name, [format] {
                           return std::make_unique<GraphvizExporter>(format);
                         }});
    }
    formats.push_back(
        {"jsonl", [] { return std::make_unique<JsonlExporter>(); }});
    formats.push_back({"csv", [] { return std::make_unique<CsvExporter>(); }});
    formats.push_back(
        {"graphml", [] { return std::make_unique<GraphmlExporter>(); }});
    formats.push_back(
        {"gexf", [] { return std::make_unique<GexfExporter>(); }});
    formats.push_back(
        {"neo4j", [] { return std::make_unique<Neo4jExporter>(); }});
    formats.push_back(
        {"nt",
         [] { return std::make_unique<RdfExporter>(RdfSyntax::kNTriples); }});
    formats.push_back(
        {"nq",
         [] { return std::make_unique<RdfExporter>(RdfSyntax::kNQuads); }});
    formats.push_back(
        {"ttl",
         [] { return std::make_unique<RdfExporter>(RdfSyntax::kTurtle); }});
    std::sort(formats.begin(), formats.end(),
              [](const Registration& a, const Registration& b) {
                return a.name < b.name;
              });
    return formats;
  }();
  return registry;
}

}  // namespace

Result<std::unique_ptr<Exporter>> Exporter::Create(std::string_view format) {
  for (const Registration& registration : Registry()) {
    if (registration.name == format) return registration.create();
  }
  std::string known;
  for (const std::string& name : Names()) {
    known += (known.empty() ? "" : ", ") + name;
  }
  return Status::NotFound("unknown export format '" + std::string(format) +
                          "'; known formats: " + known);
}

Result<std::vector<ExportFile>> Exporter::ExportFiles(
    const ExportInput& input) const {
  std::ostringstream out;
  KG_RETURN_IF_ERROR(Export(input, out));
  const std::string file = std::string(name()) + "." + std::string(name());
  return std::vector<ExportFile>{{file, out.str()}};
}

std::vector<std::string> Exporter::Names() {
  std::vector<std::string> names;
  for (const Registration& registration : Registry()) {
    names.emplace_back(registration.name);
  }
  return names;
}

}  // namespace kg
