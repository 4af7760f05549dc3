#include "extract/extractor.h"

#include <array>
#include <utility>

#include "extract/baseline/baseline_extractor.h"
#include "extract/ud/ud_extractor.h"

namespace kg {
namespace {

using Factory = Result<std::unique_ptr<Extractor>> (*)(const ExtractorOptions&);

// The registry: name -> factory, sorted by name. Add a row per extractor.
constexpr std::array<std::pair<std::string_view, Factory>, 2> kRegistry{{
    {"baseline", &BaselineExtractor::Create},
    {"ud", &UdExtractor::Create},
}};

}  // namespace

Result<std::unique_ptr<Extractor>> Extractor::Create(
    std::string_view name, const ExtractorOptions& options) {
  for (const auto& [registered, factory] : kRegistry) {
    if (registered == name) return factory(options);
  }
  std::string known;
  for (const std::string& n : Names()) known += (known.empty() ? "" : ", ") + n;
  return Status::NotFound("unknown extractor \"" + std::string(name) +
                          "\" (known: " + known + ")");
}

std::vector<std::string> Extractor::Names() {
  std::vector<std::string> names;
  for (const auto& entry : kRegistry) names.emplace_back(entry.first);
  return names;
}

}  // namespace kg
