// X's stance toward Y over time: the evidence summed per week, month or
// year, so a change of course shows.
//
// Thread-safety: a pure function of a built graph and the store (itself
// thread-safe).
#ifndef KG_GRAPH_TIMELINE_H_
#define KG_GRAPH_TIMELINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "graph/actor_graph.h"
#include "store/store.h"

namespace kg {

enum class TimeBucket { kWeek, kMonth, kYear };

// "week" / "month" / "year"; nullopt for anything else.
std::optional<TimeBucket> ParseTimeBucket(std::string_view name);

// The period a day falls in: "2025-W09" (ISO 8601 week), "2025-03" or
// "2025".
std::string PeriodOf(std::int64_t day, TimeBucket bucket);

struct TimelinePoint {
  std::string period;  // As PeriodOf.
  double score = 0;    // Sum of polarity * confidence * weight (no decay:
                       // each period stands on its own).
  std::uint64_t supporting = 0;
  std::uint64_t opposing = 0;
  std::uint64_t neutral = 0;
  std::string verdict;  // As Verdict() for the period's evidence alone.
};

struct Timeline {
  // Periods with evidence, oldest first; periods without are left out.
  std::vector<TimelinePoint> points;
  // Evidence without a valid date (in no period).
  std::uint64_t undated = 0;
};

// X's stance toward Y per period, within the graph's --from/--to window and
// with persons folded as the graph was built. Y may be a topic. Errors: the
// store's.
Result<Timeline> StanceTimeline(const ActorGraph& graph, Store& store,
                                std::uint64_t from_term, std::uint64_t to_term,
                                TimeBucket bucket);

}  // namespace kg

#endif  // KG_GRAPH_TIMELINE_H_
