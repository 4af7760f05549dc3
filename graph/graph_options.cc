#include "graph/graph_options.h"

namespace kg {

std::optional<GraphLevel> ParseGraphLevel(std::string_view name) {
  if (name == "actor") return GraphLevel::kActor;
  if (name == "state") return GraphLevel::kState;
  return std::nullopt;
}

}  // namespace kg
