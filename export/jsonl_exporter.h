// "jsonl": every piece of evidence in the store, one relation per line in
// the JSON contract (core/relation_json.h), triple by triple in index
// order and in insertion order within a triple, filtered as
// ForEachExportTriple (export/selection.h) says.
#ifndef KG_EXPORT_JSONL_EXPORTER_H_
#define KG_EXPORT_JSONL_EXPORTER_H_

#include "export/exporter.h"

namespace kg {

class JsonlExporter : public Exporter {
 public:
  std::string_view name() const override { return "jsonl"; }
  bool binary() const override { return false; }
  // Requires input.store; the graph is not read.
  Status Export(const ExportInput& input, std::ostream& out) const override;
};

}  // namespace kg

#endif  // KG_EXPORT_JSONL_EXPORTER_H_
