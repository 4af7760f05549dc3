// kg's RDF vocabulary and IRI scheme, shared by the RDF exporter and the
// importer. docs/formats.md documents both.
//
//   <base>entity/<key>          an entity (key percent-encoded)
//   <base>relation/<lemma>      a relation, used as the predicate
//   <base>document/<id>         a document; in N-Quads also the graph name
//   <base>document/<id>/evidence/<n>   one piece of evidence
//
// Thread-safety: constants and pure functions.
#ifndef KG_EXPORT_RDF_VOCABULARY_H_
#define KG_EXPORT_RDF_VOCABULARY_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kg::rdf {

// The vocabulary's namespace (fixed, whatever --base is).
inline constexpr std::string_view kVocab = "https://kg.invalid/vocab#";
inline constexpr std::string_view kRdfType =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr std::string_view kRdfsLabel =
    "http://www.w3.org/2000/01/rdf-schema#label";
inline constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";

// Path segments under the base.
inline constexpr std::string_view kEntityPath = "entity/";
inline constexpr std::string_view kRelationPath = "relation/";
inline constexpr std::string_view kDocumentPath = "document/";
inline constexpr std::string_view kEvidencePath = "/evidence/";

// Local names in kVocab. Classes:
inline constexpr std::string_view kEntity = "Entity";
inline constexpr std::string_view kRelation = "Relation";
inline constexpr std::string_view kDocument = "Document";
inline constexpr std::string_view kEvidence = "Evidence";
// Properties of an entity (besides rdf:type kg:<TYPE> and rdfs:label):
inline constexpr std::string_view kKey = "key";
inline constexpr std::string_view kEntityType = "entityType";
inline constexpr std::string_view kAffiliation = "affiliation";
// Properties of a document:
inline constexpr std::string_view kDocId = "id";
inline constexpr std::string_view kTitle = "title";
inline constexpr std::string_view kSource = "source";
inline constexpr std::string_view kDate = "date";
// Properties of a piece of evidence:
inline constexpr std::string_view kSubject = "subject";
inline constexpr std::string_view kPredicate = "predicate";
inline constexpr std::string_view kObject = "object";
inline constexpr std::string_view kInDocument = "document";
inline constexpr std::string_view kSentence = "sentence";
inline constexpr std::string_view kText = "text";
inline constexpr std::string_view kPolarity = "polarity";
inline constexpr std::string_view kNegated = "negated";
inline constexpr std::string_view kModality = "modality";
inline constexpr std::string_view kConfidence = "confidence";
inline constexpr std::string_view kWeight = "weight";
inline constexpr std::string_view kSpanStart = "spanStart";
inline constexpr std::string_view kSpanEnd = "spanEnd";
inline constexpr std::string_view kSubjectText = "subjectText";
inline constexpr std::string_view kObjectText = "objectText";
inline constexpr std::string_view kAttributedTo = "attributedTo";

// kVocab + local name.
std::string Vocab(std::string_view local_name);

// InvalidArgument unless `base` is an absolute IRI ending in '/' or '#'
// without characters IRIs forbid (spaces, controls, <>"{}|^`\).
Status ValidateBase(std::string_view base);

std::string EntityIri(std::string_view base, std::string_view key);
std::string RelationIri(std::string_view base, std::string_view lemma);
std::string DocumentIri(std::string_view base, std::string_view doc_id);

// The key, lemma or document id inside an IRI made by the functions above
// with `base`; nullopt for any other IRI.
std::optional<std::string> EntityKeyOf(std::string_view base,
                                       std::string_view iri);
std::optional<std::string> RelationLemmaOf(std::string_view base,
                                           std::string_view iri);
std::optional<std::string> DocumentIdOf(std::string_view base,
                                        std::string_view iri);

}  // namespace kg::rdf

#endif  // KG_EXPORT_RDF_VOCABULARY_H_
