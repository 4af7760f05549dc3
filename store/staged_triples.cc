#include "store/staged_triples.h"

#include <algorithm>
#include <array>

namespace kg::storage {
namespace {

// Rows ahead of the one being written whose triple is fetched early.
constexpr std::size_t kPrefetchAhead = 8;

// Byte `position` (0 = most significant of `first`, 23 = least of
// `third`) of a row's key.
template <typename Row>
unsigned KeyByte(const Row& row, std::size_t position) {
  std::uint64_t word =
      position < 8 ? row.first : (position < 16 ? row.second : row.third);
  return static_cast<unsigned>((word >> (56 - 8 * (position % 8))) & 0xff);
}

// Sorts rows by (first, second, third) with a least-significant-digit radix
// sort over the key bytes that differ between rows. Ids are dense small
// integers, so most of the 24 bytes are the same in every row and cost
// nothing; the remaining passes are sequential, unlike a comparison sort's
// branches.
template <typename Row>
void RadixSort(std::vector<Row>* rows) {
  constexpr std::size_t kKeyBytes = 24;
  if (rows->size() < 2) return;
  std::vector<std::array<std::size_t, 256>> counts(kKeyBytes);
  for (auto& histogram : counts) histogram.fill(0);
  for (const Row& row : *rows) {
    for (std::size_t b = 0; b < kKeyBytes; ++b) ++counts[b][KeyByte(row, b)];
  }
  std::vector<Row> scratch(rows->size());
  for (std::size_t b = kKeyBytes; b-- > 0;) {
    std::array<std::size_t, 256>& histogram = counts[b];
    // A byte equal in every row leaves the order as it is.
    if (histogram[KeyByte(rows->front(), b)] == rows->size()) continue;
    std::size_t offset = 0;
    for (std::size_t& count : histogram) {
      std::size_t here = count;
      count = offset;
      offset += here;
    }
    for (const Row& row : *rows) scratch[histogram[KeyByte(row, b)]++] = row;
    rows->swap(scratch);
  }
}

// Mixes the three ids (SplitMix64's multipliers), so that nearby ids spread
// over the buckets.
std::size_t Hash(std::uint64_t s, std::uint64_t p, std::uint64_t o) {
  std::uint64_t h = s * 0x9e3779b97f4a7c15ULL;
  h ^= (p + 0xbf58476d1ce4e5b9ULL) * 0x94d049bb133111ebULL;
  h ^= (o + 0x94d049bb133111ebULL) * 0xbf58476d1ce4e5b9ULL;
  return static_cast<std::size_t>(h ^ (h >> 31));
}

}  // namespace

std::uint32_t StagedTriples::SlotOf(std::uint64_t s, std::uint64_t p,
                                    std::uint64_t o) {
  if (2 * (triples_.size() + 1) > buckets_.size()) Grow();
  std::size_t mask = buckets_.size() - 1;
  for (std::size_t at = Hash(s, p, o) & mask;; at = (at + 1) & mask) {
    Bucket& bucket = buckets_[at];
    if (bucket.slot == kNone) {
      bucket = {s, p, o, static_cast<std::uint32_t>(triples_.size())};
      Triple triple;
      triple.aggregate.subject = s;
      triple.aggregate.predicate = p;
      triple.aggregate.object = o;
      triples_.push_back(std::move(triple));
      return bucket.slot;
    }
    if (bucket.s == s && bucket.p == p && bucket.o == o) return bucket.slot;
  }
}

void StagedTriples::Grow() {
  std::vector<Bucket> old = std::move(buckets_);
  buckets_.assign(std::max<std::size_t>(1024, 2 * old.size()), Bucket{});
  std::size_t mask = buckets_.size() - 1;
  for (const Bucket& bucket : old) {
    if (bucket.slot == kNone) continue;
    std::size_t at = Hash(bucket.s, bucket.p, bucket.o) & mask;
    while (buckets_[at].slot != kNone) at = (at + 1) & mask;
    buckets_[at] = bucket;
  }
}

std::uint64_t StagedTriples::Store(std::string_view bytes) {
  if (blocks_.empty() || blocks_.back().size() + bytes.size() > kBlockBytes) {
    blocks_.emplace_back();
    blocks_.back().reserve(std::max(kBlockBytes, bytes.size()));
  }
  std::string& block = blocks_.back();
  std::uint64_t offset = (blocks_.size() - 1) * kBlockBytes + block.size();
  block.append(bytes);
  return offset;
}

std::string_view StagedTriples::Stored(std::uint64_t offset,
                                       std::uint32_t size) const {
  return std::string_view(blocks_[offset / kBlockBytes])
      .substr(offset % kBlockBytes, size);
}

void StagedTriples::Add(std::uint64_t s, std::uint64_t p, std::uint64_t o,
                        std::uint64_t evidence_id,
                        const EvidenceRecord& evidence,
                        std::string_view encoded_evidence) {
  order_kind_ = KeyOrder::kNone;
  Triple& triple = triples_[SlotOf(s, p, o)];
  Accumulate(evidence, &triple.aggregate);
  auto piece = static_cast<std::uint32_t>(pieces_.size());
  pieces_.push_back({evidence_id, Store(encoded_evidence),
                     static_cast<std::uint32_t>(encoded_evidence.size()),
                     kNone});
  if (triple.last == kNone) {
    triple.first = piece;
  } else {
    pieces_[triple.last].next = piece;
  }
  triple.last = piece;
}

std::size_t StagedTriples::MemoryBytes() const {
  return blocks_.size() * kBlockBytes + pieces_.capacity() * sizeof(Piece) +
         triples_.capacity() * sizeof(Triple) +
         buckets_.capacity() * sizeof(Bucket) +
         order_.capacity() * sizeof(Sorted);
}

std::vector<StagedTriples::Sorted> StagedTriples::Order(ColumnFamily cf) const {
  std::vector<Sorted> rows;
  rows.reserve(triples_.size());
  for (std::uint32_t slot = 0; slot < triples_.size(); ++slot) {
    const TripleAggregate& t = triples_[slot].aggregate;
    switch (cf) {
      case kPosCf:
        rows.push_back({t.predicate, t.object, t.subject, slot});
        break;
      case kOspCf:
        rows.push_back({t.object, t.subject, t.predicate, slot});
        break;
      default:
        rows.push_back({t.subject, t.predicate, t.object, slot});
        break;
    }
  }
  RadixSort(&rows);
  return rows;
}

Status StagedTriples::Write(ColumnFamily cf, const RowSink& sink) {
  // spo and evidence share an order: sort once for both.
  KeyOrder order = cf == kPosCf   ? KeyOrder::kPos
                   : cf == kOspCf ? KeyOrder::kOsp
                                  : KeyOrder::kSpo;
  if (order != order_kind_) {
    order_ = Order(cf);
    order_kind_ = order;
  }
  // pos and osp rows are keys alone; spo and evidence rows read the triple.
  const bool keys_only = order != KeyOrder::kSpo;
  char key[kEvidenceKeyBytes];
  std::string_view triple_key(key, kTripleKeyBytes);
  std::string value;
  for (std::size_t i = 0; i < order_.size(); ++i) {
    const Sorted& row = order_[i];
    // Triples sit in arrival order, so this walk is random: asking for a
    // triple well ahead hides the cache misses. (Done here, inline: later
    // in the loop or in a helper it measured 7% slower.)
    if (!keys_only && i + kPrefetchAhead < order_.size()) {
      const Triple& ahead = triples_[order_[i + kPrefetchAhead].slot];
      __builtin_prefetch(&ahead);
      __builtin_prefetch(reinterpret_cast<const char*>(&ahead) + 64);
      if (cf == kEvidenceCf && ahead.first != kNone) {
        __builtin_prefetch(&pieces_[ahead.first]);
      }
    }
    PutBigEndian64(row.first, key);
    PutBigEndian64(row.second, key + 8);
    PutBigEndian64(row.third, key + 16);
    if (keys_only) {
      KG_RETURN_IF_ERROR(sink(triple_key, ""));
      continue;
    }
    const Triple& triple = triples_[row.slot];
    if (cf == kSpoCf) {
      EncodeAggregate(triple.aggregate, &value);
      KG_RETURN_IF_ERROR(sink(triple_key, value));
      continue;
    }
    for (std::uint32_t at = triple.first; at != kNone; at = pieces_[at].next) {
      const Piece& piece = pieces_[at];
      PutBigEndian64(piece.evidence_id, key + kTripleKeyBytes);
      KG_RETURN_IF_ERROR(sink(std::string_view(key, kEvidenceKeyBytes),
                              Stored(piece.offset, piece.size)));
    }
  }
  return Status::Ok();
}

void StagedTriples::Clear() {
  std::vector<Sorted>().swap(order_);
  order_kind_ = KeyOrder::kNone;
  std::vector<Bucket>().swap(buckets_);
  std::vector<Triple>().swap(triples_);
  std::vector<Piece>().swap(pieces_);
  std::vector<std::string>().swap(blocks_);
}

}  // namespace kg::storage
