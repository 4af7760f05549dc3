// storage subject rows: the encoding of a row and the merge operator that
// folds the writers' operands into it.
#include "store/subject_rows.h"

#include <gtest/gtest.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/slice.h>

#include <deque>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace kg::storage {
namespace {

TripleAggregate Entry(std::uint64_t predicate, std::uint64_t object,
                      std::uint64_t count, std::string first_date = "",
                      std::string last_date = "") {
  TripleAggregate aggregate;
  aggregate.predicate = predicate;
  aggregate.object = object;
  aggregate.count = count;
  aggregate.polarity_sum = -static_cast<std::int64_t>(count);
  aggregate.score_sum = 0.25 * static_cast<double>(count);
  aggregate.weight_sum = 1.5 * static_cast<double>(count);
  aggregate.first_date = std::move(first_date);
  aggregate.last_date = std::move(last_date);
  return aggregate;
}

std::string Row(const std::vector<TripleAggregate>& entries) {
  std::string row;
  StartRow(&row);
  for (const TripleAggregate& entry : entries) AppendRowEntry(entry, &row);
  return row;
}

// (predicate, object) -> count of every entry of `row`; fails the test on
// a damaged row.
std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> Counts(
    const std::string& row) {
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> counts;
  RowReader reader(row);
  TripleAggregate entry;
  while (reader.Next(&entry))
    counts[{entry.predicate, entry.object}] = entry.count;
  EXPECT_TRUE(reader.status().ok()) << reader.status().ToString();
  return counts;
}

// Runs a full merge; returns the resulting row (the lone operand itself
// when the operator passes it through).
std::string FullMerge(const std::string* base,
                      const std::vector<std::string>& operands,
                      bool* passed_through = nullptr) {
  auto merge = NewSubjectRowMerge();
  std::vector<rocksdb::Slice> slices;
  for (const std::string& operand : operands) {
    slices.emplace_back(operand.data(), operand.size());
  }
  rocksdb::Slice existing =
      base == nullptr ? rocksdb::Slice() : rocksdb::Slice(*base);
  rocksdb::MergeOperator::MergeOperationInput in(
      "subject", base == nullptr ? nullptr : &existing, slices, nullptr);
  std::string new_value;
  // Null until the operator passes an operand through.
  rocksdb::Slice existing_operand(nullptr, 0);
  rocksdb::MergeOperator::MergeOperationOutput out(new_value, existing_operand);
  EXPECT_TRUE(merge->FullMergeV2(in, &out));
  if (passed_through != nullptr)
    *passed_through = existing_operand.data() != nullptr;
  if (existing_operand.data() != nullptr) return existing_operand.ToString();
  return new_value;
}

std::string PartialMerge(const std::vector<std::string>& operands) {
  auto merge = NewSubjectRowMerge();
  std::deque<rocksdb::Slice> slices;
  for (const std::string& operand : operands) {
    slices.emplace_back(operand.data(), operand.size());
  }
  std::string merged;
  EXPECT_TRUE(merge->PartialMergeMulti("subject", slices, &merged, nullptr));
  return merged;
}

TEST(SubjectRowsTest, EntriesRoundTripInOrder) {
  std::vector<TripleAggregate> entries = {
      Entry(1, 7, 2, "2025-01-02", "2025-03-04"), Entry(1, 9, 1),
      Entry(4, 2, 5, "", "2026-11-30")};
  std::string row = Row(entries);
  RowReader reader(row);
  TripleAggregate decoded;
  for (const TripleAggregate& expected : entries) {
    ASSERT_TRUE(reader.Next(&decoded));
    EXPECT_EQ(decoded.predicate, expected.predicate);
    EXPECT_EQ(decoded.object, expected.object);
    EXPECT_EQ(decoded.count, expected.count);
    EXPECT_EQ(decoded.polarity_sum, expected.polarity_sum);
    EXPECT_DOUBLE_EQ(decoded.score_sum, expected.score_sum);
    EXPECT_DOUBLE_EQ(decoded.weight_sum, expected.weight_sum);
    EXPECT_EQ(decoded.first_date, expected.first_date);
    EXPECT_EQ(decoded.last_date, expected.last_date);
  }
  EXPECT_FALSE(reader.Next(&decoded));
  EXPECT_TRUE(reader.status().ok());
}

TEST(SubjectRowsTest, DamagedOrNewerRowsAreReportedNotMisread) {
  std::string row = Row({Entry(1, 2, 3, "2025-05-05")});
  TripleAggregate decoded;

  RowReader truncated(std::string_view(row).substr(0, row.size() - 3));
  EXPECT_FALSE(truncated.Next(&decoded));
  EXPECT_TRUE(truncated.status().IsCorruption())
      << truncated.status().ToString();

  std::string newer = row;
  newer[0] = static_cast<char>(newer[0] + 1);
  RowReader newer_reader(newer);
  EXPECT_FALSE(newer_reader.Next(&decoded));
  EXPECT_TRUE(newer_reader.status().IsNotSupported());

  RowReader empty("");
  EXPECT_FALSE(empty.Next(&decoded));
  EXPECT_TRUE(empty.status().IsCorruption());
}

TEST(SubjectRowsTest, NewestEntryWinsAndRemovalsDropOnFullMerge) {
  std::string base = Row({Entry(1, 1, 2), Entry(1, 2, 1)});
  std::vector<std::string> operands = {Row({Entry(1, 2, 3)}),
                                       Row({Entry(1, 1, 0), Entry(2, 5, 1)})};
  auto counts = Counts(FullMerge(&base, operands));
  decltype(counts) expected = {{{1, 2}, 3}, {{2, 5}, 1}};
  EXPECT_EQ(counts, expected);
}

TEST(SubjectRowsTest, PartialMergeKeepsRemovalsUntilTheyMeetTheirEntry) {
  std::string partial =
      PartialMerge({Row({Entry(1, 1, 0)}), Row({Entry(2, 2, 1)})});
  auto partial_counts = Counts(partial);
  decltype(partial_counts) kept = {{{1, 1}, 0}, {{2, 2}, 1}};
  EXPECT_EQ(partial_counts, kept);

  std::string base = Row({Entry(1, 1, 4)});
  auto counts = Counts(FullMerge(&base, {partial}));
  decltype(counts) expected = {{{2, 2}, 1}};
  EXPECT_EQ(counts, expected);
}

TEST(SubjectRowsTest, LoneOperandIsPassedThroughUnlessItRemoves) {
  bool passed_through = false;
  std::string plain = Row({Entry(3, 4, 1)});
  EXPECT_EQ(FullMerge(nullptr, {plain}, &passed_through), plain);
  EXPECT_TRUE(passed_through);

  std::string removing = Row({Entry(3, 4, 0), Entry(3, 5, 2)});
  auto counts = Counts(FullMerge(nullptr, {removing}, &passed_through));
  EXPECT_FALSE(passed_through);
  decltype(counts) expected = {{{3, 5}, 2}};
  EXPECT_EQ(counts, expected);
}

TEST(SubjectRowsTest, DamagedOperandFailsTheMerge) {
  auto merge = NewSubjectRowMerge();
  std::string good = Row({Entry(1, 1, 1)});
  std::string bad = good.substr(0, good.size() - 1);
  std::vector<rocksdb::Slice> slices = {good, bad};
  rocksdb::MergeOperator::MergeOperationInput in("subject", nullptr, slices,
                                                 nullptr);
  std::string new_value;
  rocksdb::Slice existing_operand;
  rocksdb::MergeOperator::MergeOperationOutput out(new_value, existing_operand);
  EXPECT_FALSE(merge->FullMergeV2(in, &out));
}

// Random writes folded in random groupings (partial merges of runs of
// operands, then a full merge onto the base) agree with a map that applies
// them in order.
TEST(SubjectRowsTest, AnyGroupingOfMergesAgreesWithApplyingInOrder) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> key(1, 6);
  std::uniform_int_distribution<int> count(0, 3);
  for (int round = 0; round < 200; ++round) {
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> model;
    std::vector<std::string> operands;
    int writes = 1 + round % 7;
    for (int w = 0; w < writes; ++w) {
      std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> touched;
      for (int e = 0; e < 3; ++e) touched[{key(rng), key(rng)}] = count(rng);
      std::vector<TripleAggregate> entries;
      for (const auto& [po, c] : touched) {
        entries.push_back(Entry(po.first, po.second, c));
        if (c == 0) {
          model.erase(po);
        } else {
          model[po] = c;
        }
      }
      operands.push_back(Row(entries));
    }
    // Fold a random prefix into the base first, as a compaction would.
    std::size_t split =
        std::uniform_int_distribution<std::size_t>(0, operands.size())(rng);
    std::vector<std::string> head(operands.begin(), operands.begin() + split);
    std::vector<std::string> tail(operands.begin() + split, operands.end());
    std::string base = head.empty() ? Row({}) : FullMerge(nullptr, head);
    if (tail.size() > 1 && rng() % 2 == 0) tail = {PartialMerge(tail)};
    std::string folded = tail.empty() ? base : FullMerge(&base, tail);
    EXPECT_EQ(Counts(folded), model) << "round " << round;
  }
}

}  // namespace
}  // namespace kg::storage
