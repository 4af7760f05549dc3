#include "graph/evidence_weighting.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "graph/day.h"

namespace kg {
namespace {

TEST(ParseDayTest, CountsDaysFromTheEpoch) {
  EXPECT_EQ(ParseDay("1970-01-01"), 0);
  EXPECT_EQ(ParseDay("1970-01-02"), 1);
  EXPECT_EQ(ParseDay("1969-12-31"), -1);
  EXPECT_EQ(*ParseDay("2024-03-01") - *ParseDay("2024-02-28"), 2);  // Leap.
  EXPECT_EQ(*ParseDay("2023-03-01") - *ParseDay("2023-02-28"), 1);
}

TEST(ParseDayTest, RejectsAnythingButARealIsoDay) {
  for (const char* bad : {"", "2023", "2023-02", "2023-02-30", "2023-13-01",
                          "2023-1-01", "2023-01-01T", "20230101xx",
                          "abcd-ef-gh", "2023-00-10", "2023/01/01"}) {
    EXPECT_FALSE(ParseDay(bad).has_value()) << bad;
  }
}

TEST(EvidenceWeightingTest, DefaultCountsEverythingFully) {
  EvidenceWeighting weighting;
  EXPECT_FALSE(weighting.needs_evidence());
  EXPECT_EQ(weighting.Factor(std::nullopt), 1.0);
  EXPECT_EQ(weighting.Factor(ParseDay("2001-01-01")), 1.0);
}

TEST(EvidenceWeightingTest, WindowIsInclusiveAndDropsUndated) {
  GraphOptions options;
  options.from = "2020-01-10";
  options.to = "2020-01-20";
  auto weighting = EvidenceWeighting::Create(options);
  ASSERT_TRUE(weighting.ok()) << weighting.status().ToString();
  EXPECT_TRUE(weighting->needs_evidence());
  EXPECT_TRUE(weighting->Includes(ParseDay("2020-01-10")));
  EXPECT_TRUE(weighting->Includes(ParseDay("2020-01-20")));
  EXPECT_FALSE(weighting->Includes(ParseDay("2020-01-09")));
  EXPECT_FALSE(weighting->Includes(ParseDay("2020-01-21")));
  EXPECT_FALSE(weighting->Includes(std::nullopt));
}

TEST(EvidenceWeightingTest, DecayHalvesPerHalfLife) {
  GraphOptions options;
  options.half_life_days = 10;
  options.as_of = "2020-01-31";
  auto weighting = EvidenceWeighting::Create(options);
  ASSERT_TRUE(weighting.ok());
  EXPECT_FALSE(weighting->needs_reference());
  EXPECT_DOUBLE_EQ(*weighting->Factor(ParseDay("2020-01-31")), 1.0);
  EXPECT_DOUBLE_EQ(*weighting->Factor(ParseDay("2020-01-21")), 0.5);
  EXPECT_DOUBLE_EQ(*weighting->Factor(ParseDay("2020-01-11")), 0.25);
  // Newer than the reference: not amplified.
  EXPECT_DOUBLE_EQ(*weighting->Factor(ParseDay("2020-02-20")), 1.0);
  EXPECT_FALSE(weighting->Factor(std::nullopt).has_value());
}

TEST(EvidenceWeightingTest, DecayWithoutReferenceWaitsForOne) {
  GraphOptions options;
  options.half_life_days = 7;
  auto weighting = EvidenceWeighting::Create(options);
  ASSERT_TRUE(weighting.ok());
  EXPECT_TRUE(weighting->needs_reference());
  weighting->set_reference(*ParseDay("2021-06-15"));
  EXPECT_FALSE(weighting->needs_reference());
  EXPECT_DOUBLE_EQ(*weighting->Factor(ParseDay("2021-06-08")), 0.5);
}

TEST(EvidenceWeightingTest, RejectsBadOptions) {
  GraphOptions bad_date;
  bad_date.from = "yesterday";
  EXPECT_TRUE(EvidenceWeighting::Create(bad_date).status().IsInvalidArgument());
  GraphOptions reversed;
  reversed.from = "2021-02-01";
  reversed.to = "2021-01-01";
  EXPECT_TRUE(EvidenceWeighting::Create(reversed).status().IsInvalidArgument());
  GraphOptions negative;
  negative.half_life_days = -3;
  EXPECT_TRUE(EvidenceWeighting::Create(negative).status().IsInvalidArgument());
  GraphOptions infinite;
  infinite.half_life_days = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(EvidenceWeighting::Create(infinite).status().IsInvalidArgument());
  GraphOptions bad_as_of;
  bad_as_of.as_of = "2021-02-29";
  EXPECT_TRUE(
      EvidenceWeighting::Create(bad_as_of).status().IsInvalidArgument());
}

}  // namespace
}  // namespace kg
