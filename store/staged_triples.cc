#include "store/staged_triples.h"

#include <algorithm>
#include <tuple>

namespace kg::storage {
namespace {

// Makes `key` the three ids, big-endian (24 bytes).
void FillKey(std::uint64_t first, std::uint64_t second, std::uint64_t third,
             std::string* key) {
  key->clear();
  AppendBigEndian64(key, first);
  AppendBigEndian64(key, second);
  AppendBigEndian64(key, third);
}

}  // namespace

namespace {

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
         buckets_.capacity() * sizeof(Bucket);
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
  std::sort(rows.begin(), rows.end(), [](const Sorted& a, const Sorted& b) {
    return std::tie(a.first, a.second, a.third) <
           std::tie(b.first, b.second, b.third);
  });
  return rows;
}

Status StagedTriples::Write(ColumnFamily cf, const RowSink& sink) const {
  std::string key;
  std::string value;
  for (const Sorted& row : Order(cf)) {
    FillKey(row.first, row.second, row.third, &key);
    if (cf == kPosCf || cf == kOspCf) {
      KG_RETURN_IF_ERROR(sink(key, ""));
      continue;
    }
    const Triple& triple = triples_[row.slot];
    if (cf == kSpoCf) {
      EncodeAggregate(triple.aggregate, &value);
      KG_RETURN_IF_ERROR(sink(key, value));
      continue;
    }
    for (std::uint32_t at = triple.first; at != kNone; at = pieces_[at].next) {
      const Piece& piece = pieces_[at];
      key.resize(kTripleKeyBytes);
      AppendBigEndian64(&key, piece.evidence_id);
      KG_RETURN_IF_ERROR(sink(key, Stored(piece.offset, piece.size)));
    }
  }
  return Status::Ok();
}

void StagedTriples::Clear() {
  std::vector<Bucket>().swap(buckets_);
  std::vector<Triple>().swap(triples_);
  std::vector<Piece>().swap(pieces_);
  std::vector<std::string>().swap(blocks_);
}

}  // namespace kg::storage
