// The triples of a bulk load and their evidence, gathered in memory by
// triple: each distinct triple gets a slot holding its aggregate and the
// list of its evidence in arrival order, and the encoded evidence values
// sit in one arena. Writing out sorts only the triples, as integers; a
// triple's evidence keys (triple key + increasing evidence id) then come
// out in order without sorting them, and so do the `pos` and `osp` keys.
//
// Thread-safety: none; one thread at a time.
#ifndef KG_STORE_STAGED_TRIPLES_H_
#define KG_STORE_STAGED_TRIPLES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/layout.h"
#include "store/records.h"
#include "store/store.h"

namespace kg::storage {

class StagedTriples {
 public:
  // Receives one row (key, value) of a column family, in key order.
  using RowSink =
      std::function<Status(std::string_view key, std::string_view value)>;

  // Adds a piece of evidence of (s, p, o) with its encoded record.
  // Requires: evidence ids increase from call to call.
  void Add(std::uint64_t s, std::uint64_t p, std::uint64_t o,
           std::uint64_t evidence_id, const EvidenceRecord& evidence,
           std::string_view encoded_evidence);

  bool empty() const { return triples_.empty(); }
  // Bytes held, for the bulk load's memory budget.
  std::size_t MemoryBytes() const;

  // The rows of `cf` (kSpoCf: the encoded aggregates; kEvidenceCf; kPosCf
  // and kOspCf: empty values) in key order. Stops at the first error of
  // `sink`. Requires: cf is one of those four. Keeps the order it sorted
  // for the next call (spo and evidence share it).
  Status Write(ColumnFamily cf, const RowSink& sink);

  // Drops everything and gives the memory back.
  void Clear();

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  // A bucket of the open-addressing table from ids to triple slots; the ids
  // are kept in it so that a probe reads one cache line.
  struct Bucket {
    std::uint64_t s, p, o;
    std::uint32_t slot = kNone;
  };
  struct Triple {
    TripleAggregate aggregate;    // Holds the ids too.
    std::uint32_t first = kNone;  // Evidence list, in arrival order.
    std::uint32_t last = kNone;
  };
  struct Piece {
    std::uint64_t evidence_id;
    std::uint64_t offset;  // Of the encoded record in arena_.
    std::uint32_t size;
    std::uint32_t next;  // Of the same triple, or kNone.
  };

  // The slot of (s, p, o), made if new.
  std::uint32_t SlotOf(std::uint64_t s, std::uint64_t p, std::uint64_t o);
  void Grow();
  // Appends bytes to the arena and returns where they start; blocks are
  // never moved, so growing copies nothing.
  std::uint64_t Store(std::string_view bytes);
  std::string_view Stored(std::uint64_t offset, std::uint32_t size) const;

  // A triple's ids in the key order of some family, with its slot.
  struct Sorted {
    std::uint64_t first, second, third;
    std::uint32_t slot;
  };
  // Every triple, sorted by its key in `cf`. The ids are copied so that
  // sorting and writing index keys stay in cache.
  std::vector<Sorted> Order(ColumnFamily cf) const;

  // The last order Write used, kept because spo and evidence share it.
  enum class KeyOrder { kNone, kSpo, kPos, kOsp };
  std::vector<Sorted> order_;
  KeyOrder order_kind_ = KeyOrder::kNone;

  std::vector<Bucket> buckets_;  // Size a power of two, at most half full.
  std::vector<Triple> triples_;
  std::vector<Piece> pieces_;
  // Encoded evidence in blocks of kBlockBytes (longer records get a block
  // of their own); an offset is block index * kBlockBytes + position.
  static constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
  std::vector<std::string> blocks_;
};

}  // namespace kg::storage

#endif  // KG_STORE_STAGED_TRIPLES_H_
