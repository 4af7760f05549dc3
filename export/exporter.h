// Exporters write the store's evidence or the actor graph in a named format:
// Graphviz diagrams (dot, svg, png, pdf), the relation contract (jsonl), a
// CSV edge list (csv), GraphML (graphml), GEXF (gexf), Neo4j admin-import
// files (neo4j) and RDF (nt, nq, ttl). docs/formats.md describes each.
//
// Thread-safety: an Exporter is immutable; Export may be called from many
// threads at once (Graphviz work is serialised internally).
#ifndef KG_EXPORT_EXPORTER_H_
#define KG_EXPORT_EXPORTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "graph/actor_graph.h"
#include "store/store.h"

namespace kg {

// The default namespace of exported RDF resources (".invalid" never
// resolves, so the IRIs cannot be mistaken for web pages).
inline constexpr std::string_view kDefaultBaseIri = "https://kg.invalid/";

// What to export and how: the same filters apply to every format.
struct ExportOptions {
  // Inclusive "YYYY-MM-DD" bounds on evidence dates for the formats that
  // read evidence (the graph is built with the same window); empty = none.
  // With a bound set, undated evidence is left out, as in the graph.
  std::string from;
  std::string to;
  // Term id of the actor at the centre of an ego network; nullopt = all.
  std::optional<std::uint64_t> focus;
  // With focus: keep actors at most this many edges (either direction) away.
  std::size_t depth = 1;
  // Keep only the N strongest edges by |score| (0 = all).
  std::size_t top = 0;
  // Keep only edges and triples with at least this many pieces of evidence.
  std::uint64_t min_evidence = 1;
  // Namespace of the RDF entity, relation and document IRIs; must end in
  // '/' or '#'.
  std::string base_iri = std::string(kDefaultBaseIri);
  // RDF: write a node per piece of evidence (full provenance, and what
  // makes an N-Quads round trip exact); false writes the triples and the
  // entity and relation descriptions only, in the default graph.
  bool rdf_evidence = true;
  // Diagrams: one cluster per bloc (see graphviz_exporter.h).
  bool clusters = false;
  // Diagrams: draw a legend of node shapes and edge colours.
  bool legend = false;
  // Diagrams: Graphviz layout engine; empty picks dot or sfdp by size.
  std::string layout;
};

// What an exporter reads. Neither pointer is owned.
struct ExportInput {
  Store* store = nullptr;             // Needed by the evidence formats.
  const ActorGraph* graph = nullptr;  // Needed by the graph formats.
  ExportOptions options = {};         // Filters and format settings.
};

// One file of a multi-file export: a name within the output directory and
// its contents.
using ExportFile = std::pair<std::string, std::string>;

class Exporter {
 public:
  virtual ~Exporter() = default;

  // The exporter for `format` (one of Names()). NotFound, listing the known
  // formats, for any other name.
  static Result<std::unique_ptr<Exporter>> Create(std::string_view format);

  // Every known format name, sorted.
  static std::vector<std::string> Names();

  virtual std::string_view name() const = 0;

  // True for formats that are not text (png, pdf).
  virtual bool binary() const = 0;

  // True for formats written as several files into a directory (neo4j):
  // call ExportFiles instead of Export.
  virtual bool writes_directory() const { return false; }

  // Writes the export to `out`. InvalidArgument when `input` lacks what the
  // format reads (or the format writes a directory); NotSupported when this
  // machine's Graphviz has no plugin for it; IOError when `out` fails; the
  // store's errors otherwise.
  virtual Status Export(const ExportInput& input, std::ostream& out) const = 0;

  // The files of a directory export, in writing order. The default is the
  // single file "<name>.<name>" holding what Export writes.
  virtual Result<std::vector<ExportFile>> ExportFiles(
      const ExportInput& input) const;
};

}  // namespace kg

#endif  // KG_EXPORT_EXPORTER_H_
