#include "common/split.h"

#include <gtest/gtest.h>

namespace kg {
namespace {

TEST(SplitTest, KeepsEmptyFields) {
  EXPECT_EQ(Split("a\t\tb", '\t'),
            (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(Split("", '\t'), (std::vector<std::string_view>{""}));
  EXPECT_EQ(Split("x\t", '\t'), (std::vector<std::string_view>{"x", ""}));
  EXPECT_EQ(Split("one", '\t'), (std::vector<std::string_view>{"one"}));
}

TEST(SplitTest, ViewsPointIntoTheText) {
  const std::string_view text = "id\tname";
  const std::vector<std::string_view> parts = Split(text, '\t');
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].data(), text.data() + 3);
}

}  // namespace
}  // namespace kg
