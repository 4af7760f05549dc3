#include "common/huge_page_allocator.h"

#include <cstdint>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace kg {
namespace {

TEST(HugePageAllocatorTest, BigBlocksAreAlignedToHugePages) {
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> big(
      (3 * kHugePage) / sizeof(std::uint64_t) + 7);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(big.data()) % kHugePage, 0u);
  std::iota(big.begin(), big.end(), std::uint64_t{0});
  EXPECT_EQ(big.back(), big.size() - 1);
}

TEST(HugePageAllocatorTest, SmallBlocksAndGrowthKeepTheValues) {
  std::vector<int, HugePageAllocator<int>> values;
  // From a small block through several reallocations into huge pages.
  for (int i = 0; i < (1 << 20); ++i) values.push_back(i);
  for (int i = 0; i < (1 << 20); i += 4099) ASSERT_EQ(values[i], i);
  values.clear();
  values.shrink_to_fit();
  EXPECT_EQ(values.capacity(), 0u);
}

}  // namespace
}  // namespace kg
