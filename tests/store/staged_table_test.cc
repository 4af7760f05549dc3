// storage::StagedTable: the rows a bulk load sorts before writing them.
#include "store/staged_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace kg::storage {
namespace {

TEST(StagedTableTest, SortsBytewiseAndKeepsEqualKeysInStagingOrder) {
  StagedTable table;
  // Keys sharing their first eight bytes, shorter than eight, empty, and
  // with bytes above 0x7f, which must sort after ASCII.
  std::vector<std::pair<std::string, std::string>> rows = {
      {"abcdefgh-2", "x"},
      {"abcdefgh-1", "y"},
      {"ab", "z"},
      {"", "e"},
      {std::string("ab\0", 3), "n"},
      {"\xff", "hi"},
      {"abcdefgh-1", "w"},
      {"abc", ""}};
  for (const auto& [key, value] : rows) table.Add(key, value);
  table.Sort();
  ASSERT_EQ(table.size(), rows.size());
  auto expected = rows;
  std::stable_sort(
      expected.begin(), expected.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(table.Key(i), expected[i].first) << i;
    EXPECT_EQ(table.Value(i), expected[i].second) << i;
  }
  std::size_t held = table.MemoryBytes();
  EXPECT_GT(held, rows.size() * 2);
  table.Clear();
  EXPECT_TRUE(table.empty());
  EXPECT_LT(table.MemoryBytes(), held);
}

TEST(StagedTableTest, AgreesWithStringSortOnRandomBinaryKeys) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> length(0, 20);
  std::uniform_int_distribution<int> byte(0, 3);  // Few values: many ties.
  StagedTable table;
  std::vector<std::pair<std::string, std::string>> rows;
  for (int i = 0; i < 2000; ++i) {
    std::string key(length(rng), '\0');
    for (char& c : key) c = static_cast<char>(byte(rng) * 0x55);
    rows.emplace_back(key, std::to_string(i));
    table.Add(key, rows.back().second);
  }
  table.Sort();
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.first < b.first;
  });
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(table.Key(i), rows[i].first) << i;
    ASSERT_EQ(table.Value(i), rows[i].second) << i;
  }
}

}  // namespace
}  // namespace kg::storage
