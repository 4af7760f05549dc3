// kg import: relations from other tools (or from kg's own exports) join the
// store, with the imported file as their provenance. Formats, chosen by the
// file's extension: N-Triples (.nt), N-Quads (.nq), Turtle (.ttl), parsed
// with libserd, and the csv edge list (.csv, see csv_exporter.h).
//
// RDF: evidence nodes of kg's vocabulary (rdf_exporter.h) are rebuilt as
// they were; any other statement whose subject, predicate and object are
// IRIs becomes one neutral piece of evidence (polarity 0, confidence 1,
// weight 1), its subject and object entities, its predicate the relation
// (kg's IRIs decoded, others kept whole as ids). Statements with a literal
// or blank node are descriptions, not relations: names (rdfs:label), types
// (kg:entityType) and affiliations are read from them. CSV: each row gives
// `count` pieces with its polarity, confidence 1 and weight/count each (so
// the triple's score is kept), dated first (the first piece) and last.
// Entities the store already knows by id keep its name and type.
//
// Documents: each named graph (N-Quads) or evidence document is one
// document record, and the rest of the file one more ("import:<file name>");
// the record's source is the file path (and the graph IRI). Import is
// idempotent: a document whose content hash is stored already is skipped.
//
// Thread-safety: ImportFile writes to the store, which serialises writes.
#ifndef KG_IMPORT_IMPORTER_H_
#define KG_IMPORT_IMPORTER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "common/env.h"
#include "common/result.h"
#include "export/exporter.h"
#include "store/store.h"

namespace kg {

struct ImportOptions {
  // The base of kg's IRIs in the file (the exporter's --base).
  std::string base_iri = std::string(kDefaultBaseIri);
  // Largest file read, in bytes (it is parsed in memory).
  std::size_t max_bytes = std::size_t{1} << 31;
  // Largest count accepted in a CSV row (each piece is stored).
  std::uint64_t max_count = 100000;
};

// A document as it will be stored.
struct ImportedDocument {
  DocumentRecord record;
  std::vector<Relation> relations;
};

struct ImportSummary {
  std::size_t documents_added = 0;
  std::size_t documents_skipped = 0;  // Content stored already.
  std::size_t relations_added = 0;
  std::size_t statements_ignored = 0;  // RDF that is not a relation.
  std::vector<std::string> problems;   // Documents refused, with the reason.
};

// Parses `path` into documents without touching a store. InputError (with
// the file, and line where known) for an unreadable, binary, malformed or
// empty file; NotSupported for an unknown extension; NotFound if missing.
// Requires: env non-null.
Result<std::vector<ImportedDocument>> ParseImportFile(
    Env* env, const std::string& path, const ImportOptions& options,
    std::size_t* statements_ignored = nullptr);

// ParseImportFile, then each document added to `store` (entities the store
// knows by id first get its names and types). A document the store refuses
// (an id stored with other content) is listed in problems and the others
// still go in. Errors: those of ParseImportFile; the store's for anything
// but a refused document.
Result<ImportSummary> ImportFile(Store& store, Env* env,
                                 const std::string& path,
                                 const ImportOptions& options = {});

}  // namespace kg

#endif  // KG_IMPORT_IMPORTER_H_
