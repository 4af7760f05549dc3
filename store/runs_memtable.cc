#include "store/runs_memtable.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

namespace kg::storage {
namespace {

using rocksdb::MemTableRep;
using Run = std::vector<const char*>;
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
  RunsIterator(std::shared_ptr<const View> view,
               const MemTableRep::KeyComparator* compare)
      : view_(std::move(view)),
        compare_(compare),
        positions_(view_->size(), 0) {}

  bool Valid() const override { return current_ >= 0; }

  const char* key() const override { return Entry(current_); }

  void Next() override {
    if (!forward_) {
      const char* at = key();
      ForEachOtherRun([&](std::size_t run) {
        positions_[run] = PartitionPoint(run, [&](const char* entry) {
          return (*compare_)(entry, at) <= 0;
        });
      });
      forward_ = true;
    }
    ++positions_[current_];
    PickSmallest();
  }

  void Prev() override {
    if (forward_) {
      const char* at = key();
      ForEachOtherRun([&](std::size_t run) {
        positions_[run] = PartitionPoint(run,
                                         [&](const char* entry) {
                                           return (*compare_)(entry, at) < 0;
                                         }) -
                          1;
      });
      forward_ = false;
    }
    --positions_[current_];
    PickLargest();
  }

  void Seek(const rocksdb::Slice& internal_key,
            const char* memtable_key) override {
    for (std::size_t run = 0; run < positions_.size(); ++run) {
      positions_[run] = PartitionPoint(run, [&](const char* entry) {
        return Compare(entry, internal_key, memtable_key) < 0;
      });
    }
    forward_ = true;
    PickSmallest();
  }

  void SeekForPrev(const rocksdb::Slice& internal_key,
                   const char* memtable_key) override {
    for (std::size_t run = 0; run < positions_.size(); ++run) {
      positions_[run] = PartitionPoint(run,
                                       [&](const char* entry) {
                                         return Compare(entry, internal_key,
                                                        memtable_key) <= 0;
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

  const char* Entry(std::ptrdiff_t run) const {
    return (*(*view_)[run])[positions_[run]];
  }

  bool InRun(std::size_t run) const {
    return positions_[run] >= 0 && positions_[run] < RunSize(run);
  }

  // RocksDB passes the encoded memtable key when it has one (point
  // lookups) and only the internal key otherwise (iterators).
  int Compare(const char* entry, const rocksdb::Slice& internal_key,
              const char* memtable_key) const {
    if (memtable_key != nullptr) return (*compare_)(entry, memtable_key);
    return (*compare_)(entry, internal_key);
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
      if (current_ < 0 || (*compare_)(Entry(candidate), Entry(current_)) < 0) {
        current_ = candidate;
      }
    }
  }

  void PickLargest() {
    current_ = -1;
    for (std::size_t run = 0; run < positions_.size(); ++run) {
      if (!InRun(run)) continue;
      auto candidate = static_cast<std::ptrdiff_t>(run);
      if (current_ < 0 || (*compare_)(Entry(candidate), Entry(current_)) > 0) {
        current_ = candidate;
      }
    }
  }

  std::shared_ptr<const View> view_;
  const MemTableRep::KeyComparator* compare_;
  std::vector<std::ptrdiff_t> positions_;  // Per run; may be -1 or size.
  std::ptrdiff_t current_ = -1;            // Run of the current entry.
  bool forward_ = true;
};

// Orders memtable entries as RocksDB's comparator does.
struct EntryLess {
  const MemTableRep::KeyComparator* compare;
  bool operator()(const char* a, const char* b) const {
    return (*compare)(a, b) < 0;
  }
};

class RunsRep final : public MemTableRep {
 public:
  RunsRep(const KeyComparator& compare, rocksdb::Allocator* allocator,
          std::size_t tail_entries)
      : MemTableRep(allocator),
        compare_(compare),
        tail_entries_(tail_entries),
        view_(std::make_shared<const View>()) {
    tail_.reserve(tail_entries_);
  }

  void Insert(rocksdb::KeyHandle handle) override {
    std::lock_guard<std::mutex> lock(mutex_);
    tail_.push_back(static_cast<const char*>(handle));
    if (tail_.size() >= tail_entries_) SealTail();
  }

  bool Contains(const char* key) const override {
    std::shared_ptr<const View> view = TakeView();
    EntryLess less{&compare_};
    return std::any_of(view->begin(), view->end(), [&](const RunPtr& run) {
      return std::binary_search(run->begin(), run->end(), key, less);
    });
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
    if (arena == nullptr) return new RunsIterator(std::move(view), &compare_);
    // RocksDB destroys an arena-placed iterator without freeing it, and the
    // Arena type is not part of its public API, so the storage comes from
    // this memtable instead and lives as long as it does (RocksDB releases
    // a memtable only after its iterators).
    return new (IteratorSlot()) RunsIterator(std::move(view), &compare_);
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
    std::sort(run->begin(), run->end(), EntryLess{&compare_});
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
               std::back_inserter(*merged), EntryLess{&compare_});
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
    memory_bytes_.store(entries * sizeof(const char*) + slot_bytes_,
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

  const KeyComparator& compare_;
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
