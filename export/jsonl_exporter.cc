#include "export/jsonl_exporter.h"

#include <vector>

#include "extract/relation_json.h"

namespace kg {

Status JsonlExporter::Export(const ExportInput& input,
                             std::ostream& out) const {
  if (input.store == nullptr) {
    return Status::InvalidArgument("jsonl export needs a store");
  }
  std::vector<TripleAggregate> triples;
  KG_RETURN_IF_ERROR(input.store->Query(
      TriplePattern{}, [&triples](const TripleAggregate& triple) {
        triples.push_back(triple);
        return true;
      }));
  for (const TripleAggregate& triple : triples) {
    KG_RETURN_IF_ERROR(input.store->ForEachEvidence(
        triple.subject, triple.predicate, triple.object,
        [&out](const Relation& relation) {
          out << RelationToJsonLine(relation) << '\n';
          return static_cast<bool>(out);
        }));
    if (!out) return Status::IOError("writing the jsonl export failed");
  }
  return Status::Ok();
}

}  // namespace kg
