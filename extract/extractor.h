// Extractors turn a document into relations in the contract of relation.h.
// They are pluggable and chosen by name, as UDPipe chooses its formats:
//   auto ex = kg::Extractor::Create("baseline", options);
#ifndef KG_EXTRACT_EXTRACTOR_H_
#define KG_EXTRACT_EXTRACTOR_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/data_dir.h"
#include "common/result.h"
#include "core/document.h"
#include "core/relation.h"

namespace kg {

struct ExtractorOptions {
  // Folder holding gazetteer.tsv, stance_lexicon.tsv and models/
  // (common/data_dir.h says where it is by default).
  std::string data_dir = DefaultDataDir();
  // Further gazetteer files (same TSV layout) loaded after the built-in one;
  // their rows add aliases or override earlier rows with the same id.
  std::vector<std::string> extra_gazetteers;
};

struct Extraction {
  std::size_t sentence_count = 0;   // Sentences the document was split into.
  std::vector<Relation> relations;  // In document order.
};

class Extractor {
 public:
  virtual ~Extractor() = default;

  // Creates the extractor registered under `name`. NotFound for an unknown
  // name (the message lists the known ones); the loader's Status if its data
  // files are missing or malformed.
  static Result<std::unique_ptr<Extractor>> Create(
      std::string_view name, const ExtractorOptions& options);

  // Registered names, sorted.
  static std::vector<std::string> Names();

  // Extracts every relation of `doc`. Never fails on odd text (it yields
  // fewer relations); fails only on internal limits, with a Status.
  // Thread-safe: may be called concurrently on one extractor.
  virtual Result<Extraction> Extract(const Document& doc) const = 0;

  // Name and version, stored with every document so that `kg ingest
  // --replace` can find documents made by an older extractor. The version
  // is "<rules>+<data>": the build's RulesVersion() (rules_version.h) and a
  // hash of the data files and model it loaded, so a change to either code
  // or data re-extracts.
  virtual std::string_view name() const = 0;
  virtual std::string version() const = 0;
};

}  // namespace kg

#endif  // KG_EXTRACT_EXTRACTOR_H_
