// RDF with kg's vocabulary (export/rdf_vocabulary.h), written with libserd:
// "nt" (N-Triples), "nq" (N-Quads) and "ttl" (Turtle). All three hold the
// same statements:
//   - each exported triple as <entity/S> <relation/P> <entity/O>;
//   - each piece of evidence as a node <document/D/evidence/N> of type
//     kg:Evidence with its subject, predicate, object, document, sentence,
//     text, polarity, negated, modality, confidence, weight, span, surface
//     forms, date and speaker, so the full provenance survives;
//   - each document (kg:Document: id, title, source, date), entity
//     (kg:Entity, kg:entityType, rdfs:label, kg:key, kg:affiliation) and
//     relation (kg:Relation, rdfs:label) involved.
// In N-Quads the triples, evidence and description of a document are in the
// named graph <document/D>, so every triple keeps its provenance; entity
// and relation descriptions are in the default graph. Without
// options.rdf_evidence only the triples (once each, default graph) and the
// entity and relation descriptions are written.
#ifndef KG_EXPORT_RDF_EXPORTER_H_
#define KG_EXPORT_RDF_EXPORTER_H_

#include "export/exporter.h"

namespace kg {

enum class RdfSyntax { kNTriples, kNQuads, kTurtle };

class RdfExporter : public Exporter {
 public:
  explicit RdfExporter(RdfSyntax syntax) : syntax_(syntax) {}

  std::string_view name() const override;
  bool binary() const override { return false; }
  // Requires input.store (and input.graph for --focus or --top);
  // InvalidArgument for a bad options.base_iri.
  Status Export(const ExportInput& input, std::ostream& out) const override;

 private:
  RdfSyntax syntax_;
};

}  // namespace kg

#endif  // KG_EXPORT_RDF_EXPORTER_H_
