// Subject rows: the `subject_rows` column family keeps, under each subject's
// term id, the aggregates of all the subject's triples in one value, so
// that the pattern (S ? ?) is one point read instead of a scan of `spo`
// (docs/storage.md gives the bytes). A row is a copy of the subject's `spo`
// aggregates, sorted by (predicate, object); `spo` stays the record of each
// triple, and Store::Check verifies that the two agree.
//
// The writer never reads a row: each write adds a merge operand, itself a
// row, holding the new aggregates of the triples it touched (an entry with
// count 0 says the triple is gone), and RocksDB folds operands into the row
// with SubjectRowMerge, the newest entry for a triple winning.
//
// Thread-safety: pure functions; the merge operator is stateless.
#ifndef KG_STORE_SUBJECT_ROWS_H_
#define KG_STORE_SUBJECT_ROWS_H_

#include <rocksdb/merge_operator.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/store.h"

namespace kg::storage {

// Starts an empty row (or operand) in `row`: its header.
void StartRow(std::string* row);

// Appends the entry of `aggregate` (its predicate, object, counts, sums
// and dates; the subject is the row's key). Requires: StartRow was called,
// and entries are appended in increasing (predicate, object) order.
void AppendRowEntry(const TripleAggregate& aggregate, std::string* row);

// Reads the entries of a row in order.
class RowReader {
 public:
  // Checks the header: NotSupported for a newer format, Corruption for a
  // damaged one (see status()).
  explicit RowReader(std::string_view row);

  // Decodes the next entry into `into` (all fields but the subject), reusing
  // its strings. False at the end of the row or on damage (then status()
  // is Corruption).
  bool Next(TripleAggregate* into);

  const Status& status() const { return status_; }

 private:
  std::string_view row_;
  std::size_t at_;
  Status status_;
};

// The merge operator of `subject_rows`. Operands and values are rows; the
// newest entry of a (predicate, object) wins, and a full merge drops the
// entries with count 0.
std::shared_ptr<rocksdb::MergeOperator> NewSubjectRowMerge();

}  // namespace kg::storage

#endif  // KG_STORE_SUBJECT_ROWS_H_
