#include "store/runs_memtable.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

namespace kg::storage {
namespace {

using rocksdb::MemTableRep;

// RocksDB's internal keys end in an 8-byte sequence number and type.
constexpr std::size_t kTagBytes = 8;
constexpr std::size_t kHeadWords = 3;
// Entries an iterator asks the cache for ahead of the one it is on.
constexpr std::size_t kPrefetchAhead = 16;

// An entry with the first 24 bytes of its user key, big-endian and padded
// with zeros: for bytewise keys, two different heads order their entries
// as the keys do, so most comparisons read neither entry (kg's keys are
// ids, and a triple key is 24 bytes).
struct Handle {
  std::uint64_t head[kHeadWords];
  const char* entry;
};

void FillHead(const rocksdb::Slice& internal_key, std::uint64_t* head) {
  unsigned char bytes[kHeadWords * 8] = {};
  std::size_t user_bytes =
      internal_key.size() > kTagBytes ? internal_key.size() - kTagBytes : 0;
  std::memcpy(bytes, internal_key.data(), std::min(user_bytes, sizeof(bytes)));
  for (std::size_t word = 0; word < kHeadWords; ++word) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 8; ++i)
      value = (value << 8) | bytes[word * 8 + i];
    head[word] = value;
  }
}

// A key to look for: its head, and the key in whichever form RocksDB gave.
struct Target {
  std::uint64_t head[kHeadWords];
  const rocksdb::Slice* internal_key;
  const char* memtable_key;  // Encoded entry form, or null.
};

// Orders handles as RocksDB's comparator orders their entries.
// Requires: the column family's keys compare bytewise (RocksDB's default).
class Ordering {
 public:
  explicit Ordering(const MemTableRep::KeyComparator* compare)
      : compare_(compare) {}

  Handle Make(const char* entry) const {
    Handle handle;
    FillHead(compare_->decode_key(entry), handle.head);
    handle.entry = entry;
    return handle;
  }

  Target MakeTarget(const rocksdb::Slice& internal_key,
                    const char* memtable_key) const {
    Target target;
    FillHead(internal_key, target.head);
    target.internal_key = &internal_key;
    target.memtable_key = memtable_key;
    return target;
  }

  int Compare(const Handle& a, const Handle& b) const {
    int heads = CompareHeads(a.head, b.head);
    return heads != 0 ? heads : (*compare_)(a.entry, b.entry);
  }

  int Compare(const Handle& a, const Target& b) const {
    int heads = CompareHeads(a.head, b.head);
    if (heads != 0) return heads;
    if (b.memtable_key != nullptr) return (*compare_)(a.entry, b.memtable_key);
    return (*compare_)(a.entry, *b.internal_key);
  }

  bool operator()(const Handle& a, const Handle& b) const {
    return Compare(a, b) < 0;
  }

 private:
  static int CompareHeads(const std::uint64_t* a, const std::uint64_t* b) {
    for (std::size_t word = 0; word < kHeadWords; ++word) {
      if (a[word] != b[word]) return a[word] < b[word] ? -1 : 1;
    }
    return 0;
  }

  const MemTableRep::KeyComparator* compare_;
};

using Run = std::vector<Handle>;
using RunPtr = std::shared_ptr<const Run>;
// The runs a reader works on, oldest (and largest) first. Runs never
// change once published, so a reader needs no lock after taking a view.
using View = std::vector<RunPtr>;

// Merges the sorted runs of `view` in key order. Entries are unique across
// runs (RocksDB never inserts the same key and sequence number twice), so a
// position in each run and the run holding the current entry describe the
// state; the other runs point past it in the direction of travel.
class RunsIterator final : public MemTableRep::Iterator {
 public:
  RunsIterator(std::shared_ptr<const View> view, Ordering order)
      : view_(std::move(view)), order_(order), positions_(view_->size(), 0) {}

  bool Valid() const override { return current_ >= 0; }

  const char* key() const override { return Entry(current_).entry; }

  void Next() override {
    if (!forward_) {
      Handle at = Entry(current_);
      ForEachOtherRun([&](std::size_t run) {
        positions_[run] = PartitionPoint(run, [&](const Handle& entry) {
          return order_.Compare(entry, at) <= 0;
        });
      });
      forward_ = true;
    }
    ++positions_[current_];
    PickSmallest();
    Prefetch();
  }

  void Prev() override {
    if (forward_) {
      Handle at = Entry(current_);
      ForEachOtherRun([&](std::size_t run) {
        positions_[run] = PartitionPoint(run,
                                         [&](const Handle& entry) {
                                           return order_.Compare(entry, at) < 0;
                                         }) -
                          1;
      });
      forward_ = false;
    }
    --positions_[current_];
    PickLargest();
  }

  // RocksDB passes the encoded memtable key when it has one (point
  // lookups) and only the internal key otherwise (iterators).
  void Seek(const rocksdb::Slice& internal_key,
            const char* memtable_key) override {
    Target target = order_.MakeTarget(internal_key, memtable_key);
    for (std::size_t run = 0; run < positions_.size(); ++run) {
      positions_[run] = PartitionPoint(run, [&](const Handle& entry) {
        return order_.Compare(entry, target) < 0;
      });
    }
    forward_ = true;
    PickSmallest();
  }

  void SeekForPrev(const rocksdb::Slice& internal_key,
                   const char* memtable_key) override {
    Target target = order_.MakeTarget(internal_key, memtable_key);
    for (std::size_t run = 0; run < positions_.size(); ++run) {
      positions_[run] =
          PartitionPoint(run,
                         [&](const Handle& entry) {
                           return order_.Compare(entry, target) <= 0;
                         }) -
          1;
    }
    forward_ = false;
    PickLargest();
  }

  void SeekToFirst() override {
    std::fill(positions_.begin(), positions_.end(), 0);
    forward_ = true;
    PickSmallest();
  }

  void SeekToLast() override {
    for (std::size_t run = 0; run < positions_.size(); ++run) {
      positions_[run] = RunSize(run) - 1;
    }
    forward_ = false;
    PickLargest();
  }

 private:
  std::ptrdiff_t RunSize(std::size_t run) const {
    return static_cast<std::ptrdiff_t>((*view_)[run]->size());
  }

  // A flush reads every entry in order, each a cache miss of its own in
  // the arena: asking for one well ahead overlaps the misses.
  void Prefetch() const {
    if (current_ < 0) return;
    const Run& run = *(*view_)[current_];
    auto ahead =
        static_cast<std::size_t>(positions_[current_]) + kPrefetchAhead;
    if (ahead < run.size()) __builtin_prefetch(run[ahead].entry);
  }

  const Handle& Entry(std::ptrdiff_t run) const {
    return (*(*view_)[run])[positions_[run]];
  }

  bool InRun(std::size_t run) const {
    return positions_[run] >= 0 && positions_[run] < RunSize(run);
  }

  // Index of the first entry of `run` for which `before` is false; `before`
  // must be true for a prefix of the run.
  template <typename Predicate>
  std::ptrdiff_t PartitionPoint(std::size_t run, Predicate before) const {
    const Run& entries = *(*view_)[run];
    return std::partition_point(entries.begin(), entries.end(), before) -
           entries.begin();
  }

  template <typename Fn>
  void ForEachOtherRun(Fn fn) {
    for (std::size_t run = 0; run < positions_.size(); ++run) {
      if (static_cast<std::ptrdiff_t>(run) != current_) fn(run);
    }
  }

  void PickSmallest() {
    current_ = -1;
    for (std::size_t run = 0; run < positions_.size(); ++run) {
      if (!InRun(run)) continue;
      auto candidate = static_cast<std::ptrdiff_t>(run);
      if (current_ < 0 ||
          order_.Compare(Entry(candidate), Entry(current_)) < 0) {
        current_ = candidate;
      }
    }
  }

  void PickLargest() {
    current_ = -1;
    for (std::size_t run = 0; run < positions_.size(); ++run) {
      if (!InRun(run)) continue;
      auto candidate = static_cast<std::ptrdiff_t>(run);
      if (current_ < 0 ||
          order_.Compare(Entry(candidate), Entry(current_)) > 0) {
        current_ = candidate;
      }
    }
  }

  std::shared_ptr<const View> view_;
  Ordering order_;
  std::vector<std::ptrdiff_t> positions_;  // Per run; may be -1 or size.
  std::ptrdiff_t current_ = -1;            // Run of the current entry.
  bool forward_ = true;
};

// rocksdb::LookupKey is not in RocksDB's public headers; it starts with
// three pointers: the encoded memtable key (a varint32 length, then the
// internal key), the internal key, and the end. Reads them and checks that
// they agree with each other, so another layout is refused rather than
// misread.
bool DecodeLookupKey(const rocksdb::LookupKey& lookup,
                     rocksdb::Slice* internal_key, const char** memtable_key) {
  const char* pointers[3];
  std::memcpy(pointers, &lookup, sizeof(pointers));
  const char* start = pointers[0];
  const char* key_start = pointers[1];
  const char* end = pointers[2];
  if (start == nullptr || key_start <= start || end < key_start) return false;
  std::size_t length_bytes = static_cast<std::size_t>(key_start - start);
  std::size_t key_bytes = static_cast<std::size_t>(end - key_start);
  if (length_bytes > 5 || key_bytes < kTagBytes) return false;
  std::uint64_t length = 0;
  for (std::size_t i = 0; i < length_bytes; ++i) {
    auto byte = static_cast<unsigned char>(start[i]);
    bool last = i + 1 == length_bytes;
    if (((byte & 0x80) == 0) != last) return false;
    length |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
  }
  if (length != key_bytes) return false;
  *internal_key = rocksdb::Slice(key_start, key_bytes);
  *memtable_key = start;
  return true;
}

class RunsRep final : public MemTableRep {
 public:
  RunsRep(const KeyComparator& compare, rocksdb::Allocator* allocator,
          std::size_t tail_entries)
      : MemTableRep(allocator),
        order_(&compare),
        tail_entries_(tail_entries),
        view_(std::make_shared<const View>()) {
    tail_.reserve(tail_entries_);
  }

  void Insert(rocksdb::KeyHandle handle) override {
    std::lock_guard<std::mutex> lock(mutex_);
    tail_.push_back(order_.Make(static_cast<const char*>(handle)));
    if (tail_.size() >= tail_entries_) SealTail();
  }

  bool Contains(const char* key) const override {
    std::shared_ptr<const View> view = TakeView();
    Handle wanted = order_.Make(key);
    return std::any_of(view->begin(), view->end(), [&](const RunPtr& run) {
      return std::binary_search(run->begin(), run->end(), wanted, order_);
    });
  }

  // RocksDB's default Get allocates an iterator it never frees; this one
  // searches on the stack. Falls back to the default only for a lookup key
  // whose layout is not the one DecodeLookupKey knows.
  void Get(const rocksdb::LookupKey& lookup, void* callback_args,
           bool (*callback)(void* arg, const char* entry)) override {
    rocksdb::Slice internal_key;
    const char* memtable_key = nullptr;
    if (!DecodeLookupKey(lookup, &internal_key, &memtable_key)) {
      MemTableRep::Get(lookup, callback_args, callback);
      return;
    }
    RunsIterator iterator(TakeView(), order_);
    for (iterator.Seek(internal_key, memtable_key);
         iterator.Valid() && callback(callback_args, iterator.key());
         iterator.Next()) {
    }
  }

  void MarkReadOnly() override {
    std::lock_guard<std::mutex> lock(mutex_);
    read_only_ = true;
  }

  std::size_t ApproximateMemoryUsage() override {
    return memory_bytes_.load(std::memory_order_relaxed);
  }

  Iterator* GetIterator(rocksdb::Arena* arena) override {
    std::shared_ptr<const View> view = TakeView();
    if (arena == nullptr) return new RunsIterator(std::move(view), order_);
    // RocksDB destroys an arena-placed iterator without freeing it, and the
    // Arena type is not part of its public API, so the storage comes from
    // this memtable instead and lives as long as it does (RocksDB releases
    // a memtable only after its iterators).
    return new (IteratorSlot()) RunsIterator(std::move(view), order_);
  }

 private:
  // The current runs, with the tail sorted into one first; a memtable that
  // takes no more writes is merged into a single run once.
  std::shared_ptr<const View> TakeView() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!tail_.empty()) SealTail();
    if (read_only_ && runs_.size() > 1) {
      while (runs_.size() > 1) MergeLastTwo();
      Publish();
    }
    return view_;
  }

  // Requires: mutex_ held and the tail not empty.
  void SealTail() const {
    auto run = std::make_shared<Run>(std::move(tail_));
    tail_ = Run();
    if (!read_only_) tail_.reserve(tail_entries_);
    std::sort(run->begin(), run->end(), order_);
    runs_.push_back(std::move(run));
    // Each run at least twice the size of the next keeps them O(log n).
    while (runs_.size() > 1 &&
           runs_[runs_.size() - 2]->size() <= 2 * runs_.back()->size()) {
      MergeLastTwo();
    }
    Publish();
  }

  // Requires: mutex_ held and at least two runs.
  void MergeLastTwo() const {
    RunPtr newer = std::move(runs_.back());
    runs_.pop_back();
    RunPtr older = std::move(runs_.back());
    auto merged = std::make_shared<Run>();
    merged->reserve(older->size() + newer->size());
    std::merge(older->begin(), older->end(), newer->begin(), newer->end(),
               std::back_inserter(*merged), order_);
    runs_.back() = std::move(merged);
  }

  // Makes runs_ the view new readers get. Requires: mutex_ held.
  void Publish() const {
    view_ = std::make_shared<const View>(runs_);
    // RocksDB takes the size of a memtable that stops taking writes as
    // final; it must not grow afterwards.
    if (read_only_) return;
    std::size_t entries = tail_.capacity();
    for (const RunPtr& run : runs_) entries += run->capacity();
    memory_bytes_.store(entries * sizeof(Handle) + slot_bytes_,
                        std::memory_order_relaxed);
  }

  void* IteratorSlot() {
    std::lock_guard<std::mutex> lock(mutex_);
    slots_.push_back(std::make_unique<Slot>());
    slot_bytes_ += sizeof(Slot);
    if (!read_only_) {
      memory_bytes_.fetch_add(sizeof(Slot), std::memory_order_relaxed);
    }
    return slots_.back().get();
  }

  struct Slot {
    alignas(RunsIterator) unsigned char bytes[sizeof(RunsIterator)];
  };

  const Ordering order_;
  const std::size_t tail_entries_;
  // Everything below is guarded by mutex_; readers change it too (they
  // seal the tail), hence mutable.
  mutable std::mutex mutex_;
  mutable Run tail_;                  // Unsorted, newest keys.
  mutable std::vector<RunPtr> runs_;  // Sorted, oldest first.
  mutable std::shared_ptr<const View> view_;
  mutable bool read_only_ = false;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::size_t slot_bytes_ = 0;
  mutable std::atomic<std::size_t> memory_bytes_{0};
};

}  // namespace

rocksdb::MemTableRep* RunsMemTableFactory::CreateMemTableRep(
    const rocksdb::MemTableRep::KeyComparator& compare,
    rocksdb::Allocator* allocator, const rocksdb::SliceTransform* /*prefix*/,
    rocksdb::Logger* /*logger*/) {
  return new RunsRep(compare, allocator, tail_entries_);
}

}  // namespace kg::storage
