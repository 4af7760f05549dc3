#include "graph/timeline.h"

#include <chrono>
#include <cstdio>
#include <map>

#include "graph/day.h"
#include "graph/edge_accumulator.h"
#include "graph/stance.h"

namespace kg {

std::optional<TimeBucket> ParseTimeBucket(std::string_view name) {
  if (name == "week") return TimeBucket::kWeek;
  if (name == "month") return TimeBucket::kMonth;
  if (name == "year") return TimeBucket::kYear;
  return std::nullopt;
}

std::string PeriodOf(std::int64_t day, TimeBucket bucket) {
  const std::string date = FormatDay(day);
  switch (bucket) {
    case TimeBucket::kYear:
      return date.substr(0, 4);
    case TimeBucket::kMonth:
      return date.substr(0, 7);
    case TimeBucket::kWeek:
      break;
  }
  // ISO 8601: a week belongs to the year of its Thursday.
  const std::chrono::sys_days sys{std::chrono::days(day)};
  const unsigned weekday = std::chrono::weekday(sys).iso_encoding();  // Mon=1
  const std::int64_t thursday = day - (weekday - 1) + 3;
  const std::string year = FormatDay(thursday).substr(0, 4);
  const std::int64_t new_year = *ParseDay(year + "-01-01");
  char text[16];
  std::snprintf(text, sizeof text, "%s-W%02d", year.c_str(),
                static_cast<int>((thursday - new_year) / 7 + 1));
  return text;
}

Result<Timeline> StanceTimeline(const ActorGraph& graph, Store& store,
                                std::uint64_t from_term, std::uint64_t to_term,
                                TimeBucket bucket) {
  Timeline timeline;
  // Periods sort as text in time order ("2025-W09" < "2025-W10").
  std::map<std::string, EdgeAccumulator> periods;
  KG_RETURN_IF_ERROR(ForEachStanceEvidence(
      graph, store, from_term, to_term,
      [&](const Relation& relation, const std::string& predicate) {
        const std::optional<std::int64_t> day = ParseDay(relation.date);
        if (!day) {
          ++timeline.undated;
          return;
        }
        periods[PeriodOf(*day, bucket)].AddEvidence(
            predicate, relation.polarity, relation.confidence * relation.weight,
            relation.date);
      }));
  for (const auto& [period, accumulator] : periods) {
    const ActorEdge edge = accumulator.Finish(0, 0, graph.options());
    timeline.points.push_back({period, edge.score, edge.supporting,
                               edge.opposing, edge.neutral,
                               std::string(Verdict(edge))});
  }
  return timeline;
}

}  // namespace kg
