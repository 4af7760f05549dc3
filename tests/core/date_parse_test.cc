#include "core/date_parse.h"

#include <gtest/gtest.h>

namespace kg {
namespace {

TEST(IsIsoDateTest, AcceptsRealDaysOnly) {
  EXPECT_TRUE(IsIsoDate("2025-03-02"));
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2025-02-29"));
  EXPECT_FALSE(IsIsoDate("1900-02-29"));
  EXPECT_TRUE(IsIsoDate("2000-02-29"));
  EXPECT_FALSE(IsIsoDate("2025-13-01"));
  EXPECT_FALSE(IsIsoDate("2025-04-31"));
  EXPECT_FALSE(IsIsoDate("2025-3-2"));
  EXPECT_FALSE(IsIsoDate("2025/03/02"));
  EXPECT_FALSE(IsIsoDate(""));
  EXPECT_FALSE(IsIsoDate("2025-03-02x"));
}

TEST(FindDatelineTest, ReadsTheCommonForms) {
  EXPECT_EQ(FindDateline("September 4, 2025 - Leaders met."), "2025-09-04");
  EXPECT_EQ(FindDateline("Sept. 4, 2025 - Leaders met."), "2025-09-04");
  EXPECT_EQ(FindDateline("Sep 4 2025: Leaders met."), "2025-09-04");
  EXPECT_EQ(FindDateline("4 September 2025. Leaders met."), "2025-09-04");
  EXPECT_EQ(FindDateline("ROME, March 2, 2025 \xE2\x80\x94 Leaders met."),
            "2025-03-02");
  EXPECT_EQ(FindDateline("2025-03-02 Leaders met."), "2025-03-02");
  EXPECT_EQ(FindDateline("Posted 12 jan 2024 by staff"), "2024-01-12");
}

TEST(FindDatelineTest, IgnoresNonDatesAndLateDates) {
  EXPECT_FALSE(FindDateline("Leaders met on Monday.").has_value());
  EXPECT_FALSE(FindDateline("February 30, 2025 never happened").has_value());
  EXPECT_FALSE(FindDateline("May I ask 2025 questions").has_value());
  EXPECT_FALSE(FindDateline("Order 12025-03-021 shipped").has_value());
  std::string late(300, 'x');
  late += " March 2, 2025";
  EXPECT_FALSE(FindDateline(late).has_value());
  EXPECT_FALSE(FindDateline("").has_value());
}

}  // namespace
}  // namespace kg
