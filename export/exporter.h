// Exporters write the store's evidence or the actor graph in a named format:
// Graphviz diagrams (dot, svg, png, pdf) and evidence as JSON lines (jsonl).
//
// Thread-safety: an Exporter is immutable; Export may be called from many
// threads at once (Graphviz work is serialised internally).
#ifndef KG_EXPORT_EXPORTER_H_
#define KG_EXPORT_EXPORTER_H_

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "graph/actor_graph.h"
#include "store/store.h"

namespace kg {

// What an exporter reads. Neither pointer is owned.
struct ExportInput {
  Store* store = nullptr;             // Needed by evidence formats (jsonl).
  const ActorGraph* graph = nullptr;  // Needed by diagram formats.
};

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

  // Writes the export to `out`. InvalidArgument when `input` lacks what the
  // format reads; NotSupported when this machine's Graphviz has no plugin
  // for it; IOError when `out` fails; the store's errors otherwise.
  virtual Status Export(const ExportInput& input, std::ostream& out) const = 0;
};

}  // namespace kg

#endif  // KG_EXPORT_EXPORTER_H_
