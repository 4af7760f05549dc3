// A RocksDB memtable representation for kg's column families, which an
// ingest writes all over the key space and reads far less often than it
// writes (every family uses it; docs/storage.md).
//
// RocksDB's skip list pays a deep search with a cache miss at every level
// for each inserted key; kg inserts keys all over the key space, so those
// searches were most of an ingest's time. This representation appends each
// key to an unsorted tail instead. The tail is sorted into an immutable run
// when it fills up or when a reader arrives, and runs of similar size are
// merged, so inserting costs O(log n) sequential work amortised and a read
// binary-searches a few sorted arrays (a k-way merge for iterators). A
// memtable that stops taking writes (MarkReadOnly) is merged into one run
// the first time it is read, so a flush streams one sorted array.
//
// Runs hold each entry's address with the first 24 bytes of its user key,
// so that most comparisons while sorting and merging read no entry.
// Requires: the column family orders keys bytewise (RocksDB's default
// comparator, which every kg column family uses).
//
// Thread-safety: as RocksDB requires of a MemTableRep: one writer at a
// time, any number of concurrent readers. Readers see the keys inserted
// before they started.
#ifndef KG_STORE_RUNS_MEMTABLE_H_
#define KG_STORE_RUNS_MEMTABLE_H_

#include <rocksdb/memtablerep.h>

#include <cstddef>

namespace kg::storage {

class RunsMemTableFactory final : public rocksdb::MemTableRepFactory {
 public:
  // `tail_entries`: keys gathered unsorted before they are sorted into a
  // run (a reader seals a shorter tail). Requires: tail_entries > 0.
  explicit RunsMemTableFactory(std::size_t tail_entries = 32768)
      : tail_entries_(tail_entries) {}

  using rocksdb::MemTableRepFactory::CreateMemTableRep;
  rocksdb::MemTableRep* CreateMemTableRep(
      const rocksdb::MemTableRep::KeyComparator& compare,
      rocksdb::Allocator* allocator, const rocksdb::SliceTransform* prefix,
      rocksdb::Logger* logger) override;

  const char* Name() const override { return "KgRunsMemTableFactory"; }

 private:
  std::size_t tail_entries_;
};

}  // namespace kg::storage

#endif  // KG_STORE_RUNS_MEMTABLE_H_
