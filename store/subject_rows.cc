#include "store/subject_rows.h"

#include <rocksdb/slice.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <deque>
#include <vector>

namespace kg::storage {
namespace {

// Header bytes: the record format shared by every kg value, the row
// layout's own version, and flags.
constexpr char kRowFormat = 1;
constexpr char kRowVersion = 1;
constexpr std::size_t kFlagsOffset = 2;
constexpr std::size_t kHeaderBytes = 3;
// Flag: some entry has count 0 (a removal, only in merge operands).
constexpr char kHasRemovals = 1;
// Predicate, object, count, polarity sum, score sum, weight sum.
constexpr std::size_t kFixedEntryBytes = 6 * 8;
constexpr std::size_t kCountOffset = 16;

void Append64(std::uint64_t value, std::string* out) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
  out->append(bytes, 8);
}

void Append32(std::uint32_t value, std::string* out) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
  out->append(bytes, 4);
}

// Rows are decoded for every (S ? ?) answer: one load per field.
template <typename Int>
Int ReadLittleEndian(const char* at) {
  Int value;
  std::memcpy(&value, at, sizeof(value));
  if constexpr (std::endian::native == std::endian::big) {
    Int swapped = 0;
    for (std::size_t i = 0; i < sizeof(Int); ++i) {
      swapped = static_cast<Int>((swapped << 8) | (value & 0xff));
      value = static_cast<Int>(value >> 8);
    }
    value = swapped;
  }
  return value;
}

std::uint64_t Read64(const char* at) {
  return ReadLittleEndian<std::uint64_t>(at);
}

std::uint32_t Read32(const char* at) {
  return ReadLittleEndian<std::uint32_t>(at);
}

void AppendDouble(double value, std::string* out) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(bits));
  Append64(bits, out);
}

double ReadDouble(const char* at) {
  std::uint64_t bits = Read64(at);
  double value = 0;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

void AppendDate(std::string_view date, std::string* out) {
  Append32(static_cast<std::uint32_t>(date.size()), out);
  out->append(date);
}

// The size of the entry starting at `at`, or 0 when it runs past the end.
std::size_t EntrySize(std::string_view row, std::size_t at) {
  std::size_t end = at + kFixedEntryBytes;
  for (int date = 0; date < 2; ++date) {
    if (end + 4 > row.size()) return 0;
    std::size_t length = Read32(row.data() + end);
    if (length > row.size() - end - 4) return 0;
    end += 4 + length;
  }
  return end - at;
}

Status CheckHeader(std::string_view row) {
  if (row.size() >= 1 && static_cast<unsigned char>(row[0]) >
                             static_cast<unsigned char>(kRowFormat)) {
    return Status::NotSupported("subject row format is newer than this kg's");
  }
  if (row.size() < kHeaderBytes || row[0] != kRowFormat) {
    return Status::Corruption("subject row header damaged");
  }
  if (row[1] != kRowVersion || row.size() < kHeaderBytes) {
    return Status::NotSupported("subject row version " +
                                std::to_string(static_cast<int>(row[1])) +
                                " is not this kg's");
  }
  return Status::Ok();
}

// One entry of one of the rows being merged.
struct Entry {
  std::uint64_t predicate;
  std::uint64_t object;
  std::size_t row;  // Position of its row in the merge: newer is larger.
  std::string_view bytes;
};

// Appends the entries of `row` to `entries`; false if it is damaged.
bool SplitEntries(std::string_view row, std::size_t order,
                  std::vector<Entry>* entries) {
  if (!CheckHeader(row).ok()) return false;
  for (std::size_t at = kHeaderBytes; at < row.size();) {
    std::size_t size = EntrySize(row, at);
    if (size == 0) return false;
    const char* entry = row.data() + at;
    entries->push_back(
        {Read64(entry), Read64(entry + 8), order, row.substr(at, size)});
    at += size;
  }
  return true;
}

// Writes the newest entry of each (predicate, object) of `rows` (oldest
// first) to `out`, without those of count 0 when `drop_removed`.
bool MergeRows(const std::vector<std::string_view>& rows, bool drop_removed,
               std::string* out) {
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!SplitEntries(rows[i], i, &entries)) return false;
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.predicate != b.predicate) return a.predicate < b.predicate;
    if (a.object != b.object) return a.object < b.object;
    return a.row < b.row;
  });
  out->clear();
  StartRow(out);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& entry = entries[i];
    bool superseded = i + 1 < entries.size() &&
                      entries[i + 1].predicate == entry.predicate &&
                      entries[i + 1].object == entry.object;
    if (superseded) continue;
    bool removal = Read64(entry.bytes.data() + kCountOffset) == 0;
    if (removal && drop_removed) continue;
    if (removal) (*out)[kFlagsOffset] |= kHasRemovals;
    out->append(entry.bytes);
  }
  return true;
}

class SubjectRowMerge final : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in,
                   MergeOperationOutput* out) const override {
    // Most reads of a row not yet compacted meet one operand and no base:
    // the row is that operand, unless it removes something.
    if (in.existing_value == nullptr && in.operand_list.size() == 1) {
      std::string_view row = in.operand_list[0].ToStringView();
      if (!CheckHeader(row).ok()) return false;
      if ((row[kFlagsOffset] & kHasRemovals) == 0) {
        out->existing_operand = in.operand_list[0];
        return true;
      }
    }
    std::vector<std::string_view> rows;
    rows.reserve(in.operand_list.size() + 1);
    if (in.existing_value != nullptr) {
      rows.push_back(in.existing_value->ToStringView());
    }
    for (const rocksdb::Slice& operand : in.operand_list) {
      rows.push_back(operand.ToStringView());
    }
    return MergeRows(rows, true, &out->new_value);
  }

  bool PartialMergeMulti(const rocksdb::Slice& /*key*/,
                         const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value,
                         rocksdb::Logger* /*logger*/) const override {
    std::vector<std::string_view> rows;
    rows.reserve(operands.size());
    for (const rocksdb::Slice& operand : operands) {
      rows.push_back(operand.ToStringView());
    }
    // A removal must survive until it meets the entry it removes.
    return MergeRows(rows, false, new_value);
  }

  const char* Name() const override { return "KgSubjectRowMerge"; }
};

}  // namespace

void StartRow(std::string* row) {
  row->push_back(kRowFormat);
  row->push_back(kRowVersion);
  row->push_back(0);
}

void AppendRowEntry(const TripleAggregate& aggregate, std::string* row) {
  if (aggregate.count == 0) (*row)[kFlagsOffset] |= kHasRemovals;
  Append64(aggregate.predicate, row);
  Append64(aggregate.object, row);
  Append64(aggregate.count, row);
  Append64(static_cast<std::uint64_t>(aggregate.polarity_sum), row);
  AppendDouble(aggregate.score_sum, row);
  AppendDouble(aggregate.weight_sum, row);
  AppendDate(aggregate.first_date, row);
  AppendDate(aggregate.last_date, row);
}

RowReader::RowReader(std::string_view row)
    : row_(row), at_(kHeaderBytes), status_(CheckHeader(row)) {}

bool RowReader::Next(TripleAggregate* into) {
  if (!status_.ok() || at_ >= row_.size()) return false;
  std::size_t size = EntrySize(row_, at_);
  if (size == 0) {
    status_ = Status::Corruption("subject row entry truncated");
    return false;
  }
  const char* entry = row_.data() + at_;
  into->predicate = Read64(entry);
  into->object = Read64(entry + 8);
  into->count = Read64(entry + kCountOffset);
  into->polarity_sum = static_cast<std::int64_t>(Read64(entry + 24));
  into->score_sum = ReadDouble(entry + 32);
  into->weight_sum = ReadDouble(entry + 40);
  // EntrySize checked both date lengths.
  const char* date = entry + kFixedEntryBytes;
  std::uint32_t first = Read32(date);
  into->first_date.assign(date + 4, first);
  date += 4 + first;
  into->last_date.assign(date + 4, Read32(date));
  at_ += size;
  return true;
}

std::shared_ptr<rocksdb::MergeOperator> NewSubjectRowMerge() {
  return std::make_shared<SubjectRowMerge>();
}

}  // namespace kg::storage
