// Options that shape the actor graph: which evidence counts and how much.
#ifndef KG_GRAPH_GRAPH_OPTIONS_H_
#define KG_GRAPH_GRAPH_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/relation.h"

namespace kg {

// Which actors become vertices.
enum class GraphLevel {
  // Every actor is a vertex: states, organisations and persons alike.
  kActor,
  // A person with a known affiliation is folded into it: the person's
  // stances count as their state's (or organisation's).
  kState,
};

struct GraphOptions {
  // Inclusive "YYYY-MM-DD" lower bound on evidence dates; empty = none.
  std::string from;
  // Inclusive "YYYY-MM-DD" upper bound on evidence dates; empty = none.
  std::string to;
  // Recency decay: evidence this many days older than `as_of` counts half;
  // 0 = no decay.
  double half_life_days = 0;
  // "YYYY-MM-DD" reference date for the decay; empty = the latest date of
  // the evidence inside the window.
  std::string as_of;
  // A stance is contested when each sign carries at least this share of the
  // absolute evidence mass ...
  double contested_share = 0.25;
  // ... and at least this many pieces of evidence.
  std::uint64_t contested_min_pieces = 2;
  // kState rolls persons up to their affiliation; stances that become
  // self-stances (a leader criticising their own state) are dropped.
  GraphLevel level = GraphLevel::kActor;
  // At kState, names an affiliation that no stored relation mentions (its
  // canonical id in, its name and type out), so that the persons serving it
  // still fold into one vertex; unset or nullopt: the id is the name.
  std::function<std::optional<EntityRef>(const std::string& id)>
      describe_affiliation = nullptr;
};

// "actor" / "state"; nullopt for anything else.
std::optional<GraphLevel> ParseGraphLevel(std::string_view name);

}  // namespace kg

#endif  // KG_GRAPH_GRAPH_OPTIONS_H_
