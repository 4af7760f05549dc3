// An allocator for big tables read at random (the UD models' feature
// tables): blocks of 2 MiB or more are 2 MiB-aligned and marked for
// transparent huge pages, so that a lookup does not also miss the TLB, as
// it nearly always would with 4 KiB pages over a table of a hundred MiB.
// Smaller blocks come from operator new. Where the kernel offers no huge
// pages the memory is used as it is.
//
// Thread-safety: stateless; as thread-safe as malloc.
#ifndef KG_COMMON_HUGE_PAGE_ALLOCATOR_H_
#define KG_COMMON_HUGE_PAGE_ALLOCATOR_H_

#include <cstddef>
#include <new>
#include <vector>

namespace kg {

// Allocates `bytes` (rounded up to whole huge pages when it is at least
// one); never returns null (throws std::bad_alloc as operator new does).
void* AllocateHugePages(std::size_t bytes);
// Frees what AllocateHugePages(bytes) returned, with the same `bytes`.
void FreeHugePages(void* p, std::size_t bytes);

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  explicit HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(std::size_t n) {
    return static_cast<T*>(AllocateHugePages(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) { FreeHugePages(p, n * sizeof(T)); }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) {
    return true;
  }
};

// A vector whose big buffers sit on huge pages: for tables read at random.
template <class T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace kg

#endif  // KG_COMMON_HUGE_PAGE_ALLOCATOR_H_
