#include "common/huge_page_allocator.h"

#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace kg {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

std::size_t Rounded(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

}  // namespace

void* AllocateHugePages(std::size_t bytes) {
  if (bytes < kHugePage) return ::operator new(bytes);
  const std::size_t size = Rounded(bytes);
  void* p = std::aligned_alloc(kHugePage, size);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Advice only: without huge pages the table works the same, slower.
  madvise(p, size, MADV_HUGEPAGE);
#endif
  return p;
}

void FreeHugePages(void* p, std::size_t bytes) {
  if (bytes < kHugePage) {
    ::operator delete(p);
    return;
  }
  std::free(p);
}

}  // namespace kg
