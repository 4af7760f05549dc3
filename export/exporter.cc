#include "export/exporter.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "export/graphviz_exporter.h"
#include "export/jsonl_exporter.h"

namespace kg {
namespace {

struct Registration {
  std::string_view name;
  std::function<std::unique_ptr<Exporter>()> create;
};

const std::vector<Registration>& Registry() {
  static const std::vector<Registration> registry = [] {
    std::vector<Registration> formats;
    for (const GraphvizFormat& format : GraphvizFormats()) {
      formats.push_back({format.name, [format] {
                           return std::make_unique<GraphvizExporter>(format);
                         }});
    }
    formats.push_back(
        {"jsonl", [] { return std::make_unique<JsonlExporter>(); }});
    std::sort(formats.begin(), formats.end(),
              [](const Registration& a, const Registration& b) {
                return a.name < b.name;
              });
    return formats;
  }();
  return registry;
}

}  // namespace

Result<std::unique_ptr<Exporter>> Exporter::Create(std::string_view format) {
  for (const Registration& registration : Registry()) {
    if (registration.name == format) return registration.create();
  }
  std::string known;
  for (const std::string& name : Names()) {
    known += (known.empty() ? "" : ", ") + name;
  }
  return Status::NotFound("unknown export format '" + std::string(format) +
                          "'; known formats: " + known);
}

std::vector<std::string> Exporter::Names() {
  std::vector<std::string> names;
  for (const Registration& registration : Registry()) {
    names.emplace_back(registration.name);
  }
  return names;
}

}  // namespace kg
