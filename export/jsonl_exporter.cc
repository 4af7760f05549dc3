#include "export/jsonl_exporter.h"

#include "core/relation_json.h"
#include "export/selection.h"

namespace kg {

Status JsonlExporter::Export(const ExportInput& input,
                             std::ostream& out) const {
  if (input.store == nullptr) {
    return Status::InvalidArgument("jsonl export needs a store");
  }
  return ForEachExportTriple(input, true, [&out](const ExportTriple& triple) {
    for (const Relation& relation : triple.evidence) {
      out << RelationToJsonLine(relation) << '\n';
    }
    return out ? Status::Ok()
               : Status::IOError("writing the jsonl export failed");
  });
}

}  // namespace kg
