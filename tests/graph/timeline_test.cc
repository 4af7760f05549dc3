#include "graph/timeline.h"

#include <gtest/gtest.h>

#include "graph/day.h"
#include "tests/graph/fake_store.h"

namespace kg {
namespace {

using testing::Evidence;
using testing::FakeStore;
using testing::State;

const EntityRef kArd = State("ARD", "Ardenia");
const EntityRef kBor = State("BOR", "Borvia");

TEST(TimelineTest, PeriodNames) {
  const std::int64_t day = *ParseDay("2025-03-02");  // A Sunday.
  EXPECT_EQ(PeriodOf(day, TimeBucket::kYear), "2025");
  EXPECT_EQ(PeriodOf(day, TimeBucket::kMonth), "2025-03");
  EXPECT_EQ(PeriodOf(day, TimeBucket::kWeek), "2025-W09");
  // ISO weeks across a year boundary.
  EXPECT_EQ(PeriodOf(*ParseDay("2024-12-30"), TimeBucket::kWeek), "2025-W01");
  EXPECT_EQ(PeriodOf(*ParseDay("2021-01-03"), TimeBucket::kWeek), "2020-W53");
  EXPECT_EQ(FormatDay(day), "2025-03-02");
  EXPECT_EQ(ParseTimeBucket("month"), TimeBucket::kMonth);
  EXPECT_FALSE(ParseTimeBucket("decade"));
}

TEST(TimelineTest, StanceTurnsOverTime) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2025-01-05"),
             Evidence(kArd, "praise", kBor, +1, "2025-01-20"),
             Evidence(kArd, "condemn", kBor, -1, "2025-03-01", 1.0, 2.0),
             Evidence(kArd, "meet", kBor, 0, "2025-03-15"),
             Evidence(kArd, "warn", kBor, -1, ""),
             Evidence(kBor, "support", kArd, +1, "2025-03-10")});
  auto graph = ActorGraph::Build(store, {});
  ASSERT_TRUE(graph.ok());
  auto timeline = StanceTimeline(*graph, store, store.IdOf("ARD"),
                                 store.IdOf("BOR"), TimeBucket::kMonth);
  ASSERT_TRUE(timeline.ok()) << timeline.status().ToString();
  ASSERT_EQ(timeline->points.size(), 2u);
  EXPECT_EQ(timeline->undated, 1u);
  const TimelinePoint& january = timeline->points[0];
  EXPECT_EQ(january.period, "2025-01");
  EXPECT_DOUBLE_EQ(january.score, 2.0);
  EXPECT_EQ(january.supporting, 2u);
  EXPECT_EQ(january.verdict, "supports");
  const TimelinePoint& march = timeline->points[1];
  EXPECT_EQ(march.period, "2025-03");
  EXPECT_DOUBLE_EQ(march.score, -2.0);
  EXPECT_EQ(march.opposing, 1u);
  EXPECT_EQ(march.neutral, 1u);
  EXPECT_EQ(march.verdict, "opposes");

  auto yearly = StanceTimeline(*graph, store, store.IdOf("ARD"),
                               store.IdOf("BOR"), TimeBucket::kYear);
  ASSERT_TRUE(yearly.ok());
  ASSERT_EQ(yearly->points.size(), 1u);
  EXPECT_DOUBLE_EQ(yearly->points[0].score, 0.0);
}

TEST(TimelineTest, WindowLimitsThePeriods) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2024-06-01"),
             Evidence(kArd, "condemn", kBor, -1, "2025-06-01")});
  GraphOptions options;
  options.from = "2025-01-01";
  auto graph = ActorGraph::Build(store, options);
  ASSERT_TRUE(graph.ok());
  auto timeline = StanceTimeline(*graph, store, store.IdOf("ARD"),
                                 store.IdOf("BOR"), TimeBucket::kMonth);
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline->points.size(), 1u);
  EXPECT_EQ(timeline->points[0].period, "2025-06");
}

TEST(TimelineTest, StoreErrorsComeBack) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2024-06-01")});
  auto graph = ActorGraph::Build(store, {});
  ASSERT_TRUE(graph.ok());
  store.FailWith(Status::IOError("disk gone"));
  EXPECT_FALSE(StanceTimeline(*graph, store, 1, 3, TimeBucket::kMonth).ok());
}

}  // namespace
}  // namespace kg
