// The runs memtable against a std::set model: on its own (every iterator
// move, with many small runs), with a writer and readers at once, and as
// the memtable of a real RocksDB database (Put, Delete, Get, snapshots,
// both directions, flushes).
#include "store/runs_memtable.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/store/store_test_util.h"

namespace kg::storage {
namespace {

// Entries of the direct tests are laid out as RocksDB's memtable entries:
// a varint32 length, the internal key (user key, then an 8-byte tag of
// sequence number and type), and an empty value.
constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << 56) - 1;

std::string InternalKey(std::string_view user_key, std::uint64_t sequence) {
  std::string key(user_key);
  std::uint64_t tag = (sequence << 8) | 1;
  for (int i = 0; i < 8; ++i) key.push_back(static_cast<char>(tag >> (8 * i)));
  return key;
}

std::string Entry(std::string_view user_key, std::uint64_t sequence) {
  std::string internal = InternalKey(user_key, sequence);
  std::string entry(1, static_cast<char>(internal.size()));  // < 128 bytes.
  entry += internal;
  entry.push_back(0);  // Value length.
  return entry;
}

std::string UserKey(const char* entry) {
  return std::string(entry + 1, static_cast<unsigned char>(entry[0]) - 8);
}

// RocksDB's order: user keys bytewise, then newer sequence numbers first.
class InternalComparator : public rocksdb::MemTableRep::KeyComparator {
 public:
  int operator()(const char* a, const char* b) const override {
    return Compare(decode_key(a), decode_key(b));
  }
  int operator()(const char* a, const rocksdb::Slice& b) const override {
    return Compare(decode_key(a), b);
  }

 private:
  static int Compare(const rocksdb::Slice& a, const rocksdb::Slice& b) {
    rocksdb::Slice user_a(a.data(), a.size() - 8);
    rocksdb::Slice user_b(b.data(), b.size() - 8);
    int order = user_a.compare(user_b);
    if (order != 0) return order;
    std::uint64_t tag_a = 0, tag_b = 0;
    std::memcpy(&tag_a, a.data() + a.size() - 8, 8);
    std::memcpy(&tag_b, b.data() + b.size() - 8, 8);
    return tag_a > tag_b ? -1 : tag_a < tag_b ? 1 : 0;
  }
};

std::string RandomKey(std::mt19937* rng) {
  std::uniform_int_distribution<int> letter('a', 'f');
  std::uniform_int_distribution<int> length(1, 6);
  std::string key(length(*rng), ' ');
  for (char& c : key) c = static_cast<char>(letter(*rng));
  return key;
}

class RunsRepTest : public ::testing::Test {
 protected:
  // A short tail makes many runs and merges out of few keys.
  RunsRepTest()
      : factory_(5),
        rep_(factory_.CreateMemTableRep(compare_, nullptr, nullptr, nullptr)) {}

  // Inserts `key` unless the model has it (a rep never gets duplicates).
  void Insert(const std::string& key) {
    if (!model_.insert(key).second) return;
    const std::string& stored = storage_.emplace_back(Entry(key, ++sequence_));
    rep_->Insert(const_cast<char*>(stored.data()));
  }

  bool Contains(const std::string& key) {
    std::string probe = Entry(key, 0);
    // The rep finds an entry equal in key and sequence number.
    for (const std::string& entry : storage_) {
      if (UserKey(entry.data()) == key) probe = entry;
    }
    return rep_->Contains(probe.data());
  }

  std::unique_ptr<rocksdb::MemTableRep::Iterator> Iterator() {
    return std::unique_ptr<rocksdb::MemTableRep::Iterator>(
        rep_->GetIterator(nullptr));
  }

  InternalComparator compare_;
  RunsMemTableFactory factory_;
  std::unique_ptr<rocksdb::MemTableRep> rep_;
  std::set<std::string> model_;
  std::deque<std::string> storage_;  // The entries the rep points at.
  std::uint64_t sequence_ = 0;
};

TEST_F(RunsRepTest, EmptyRepHasNothing) {
  auto it = Iterator();
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());
  it->SeekToLast();
  EXPECT_FALSE(it->Valid());
  std::string target = InternalKey("a", kMaxSequence);
  it->Seek(target, nullptr);
  EXPECT_FALSE(it->Valid());
  EXPECT_FALSE(Contains("a"));
}

TEST_F(RunsRepTest, ForwardScanReturnsEveryKeyInOrder) {
  std::mt19937 rng(3);
  for (int i = 0; i < 500; ++i) Insert(RandomKey(&rng));
  std::vector<std::string> seen;
  auto it = Iterator();
  for (it->SeekToFirst(); it->Valid(); it->Next())
    seen.push_back(UserKey(it->key()));
  EXPECT_EQ(seen, std::vector<std::string>(model_.begin(), model_.end()));
  std::vector<std::string> backwards;
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    backwards.push_back(UserKey(it->key()));
  }
  EXPECT_EQ(backwards,
            std::vector<std::string>(model_.rbegin(), model_.rend()));
}

// Random walks in both directions from random seeks, with inserts and reads
// interleaved so that readers keep sealing short tails into new runs.
TEST_F(RunsRepTest, RandomWalksMatchTheModel) {
  std::mt19937 rng(11);
  std::bernoulli_distribution forward(0.5);
  for (int round = 0; round < 300; ++round) {
    for (int i = 0; i < 7; ++i) Insert(RandomKey(&rng));
    std::string target = RandomKey(&rng);
    EXPECT_EQ(Contains(target), model_.count(target) > 0);
    // Seeks use the newest and the oldest internal key of the target, as
    // RocksDB does for Seek and SeekForPrev.
    std::string first = InternalKey(target, kMaxSequence);
    std::string last = InternalKey(target, 0);
    std::string first_entry = Entry(target, kMaxSequence);
    auto it = Iterator();
    std::set<std::string>::iterator expected;
    bool valid = false;
    switch (round % 4) {
      case 0:
        it->Seek(first, nullptr);
        expected = model_.lower_bound(target);
        valid = expected != model_.end();
        break;
      case 1:
        it->Seek(first, first_entry.data());
        expected = model_.lower_bound(target);
        valid = expected != model_.end();
        break;
      case 2:
        it->SeekForPrev(last, nullptr);
        expected = model_.upper_bound(target);
        valid = expected != model_.begin();
        if (valid) --expected;
        break;
      default:
        it->SeekToLast();
        expected = std::prev(model_.end());
        valid = true;
        break;
    }
    for (int step = 0; step < 25; ++step) {
      ASSERT_EQ(it->Valid(), valid) << "round " << round << " step " << step;
      if (!valid) break;
      ASSERT_EQ(UserKey(it->key()), *expected);
      if (forward(rng)) {
        it->Next();
        ++expected;
        valid = expected != model_.end();
      } else {
        it->Prev();
        valid = expected != model_.begin();
        if (valid) --expected;
      }
    }
  }
}

// Keys that agree in their first 24 bytes (the part the rep compares
// without reading the entry), and keys that end in zero bytes, which pad
// the same way as shorter keys.
TEST_F(RunsRepTest, KeysBeyondTheHeadAndZeroBytesKeepTheirOrder) {
  std::mt19937 rng(8);
  const std::string common(24, 'k');
  for (int i = 0; i < 200; ++i) {
    Insert(common + RandomKey(&rng));
    std::string zeros = RandomKey(&rng);
    zeros.append(static_cast<std::size_t>(i % 4), '\0');
    Insert(zeros);
  }
  std::vector<std::string> seen;
  auto it = Iterator();
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    seen.push_back(UserKey(it->key()));
  }
  EXPECT_EQ(seen, std::vector<std::string>(model_.begin(), model_.end()));
}

TEST_F(RunsRepTest, IteratorSeesTheKeysOfItsStartOnly) {
  Insert("b");
  Insert("d");
  auto it = Iterator();
  Insert("c");
  std::vector<std::string> seen;
  for (it->SeekToFirst(); it->Valid(); it->Next())
    seen.push_back(UserKey(it->key()));
  EXPECT_EQ(seen, (std::vector<std::string>{"b", "d"}));
  EXPECT_TRUE(Contains("c"));
}

TEST_F(RunsRepTest, ReadOnlyRepIsMergedAndStillComplete) {
  std::mt19937 rng(5);
  for (int i = 0; i < 300; ++i) Insert(RandomKey(&rng));
  auto before = Iterator();  // Holds the unmerged runs.
  rep_->MarkReadOnly();
  std::vector<std::string> seen;
  auto it = Iterator();
  for (it->SeekToFirst(); it->Valid(); it->Next())
    seen.push_back(UserKey(it->key()));
  EXPECT_EQ(seen, std::vector<std::string>(model_.begin(), model_.end()));
  std::size_t old_count = 0;
  for (before->SeekToFirst(); before->Valid(); before->Next()) ++old_count;
  EXPECT_EQ(old_count, model_.size());
}

TEST_F(RunsRepTest, MemoryUsageGrowsWithTheKeys) {
  std::size_t empty = rep_->ApproximateMemoryUsage();
  std::mt19937 rng(9);
  for (int i = 0; i < 200; ++i) Insert(RandomKey(&rng));
  EXPECT_GE(rep_->ApproximateMemoryUsage(),
            empty + model_.size() * sizeof(const char*) / 2);
}

// One writer and two readers at once: every reader's scan is strictly
// ordered and holds at least the keys inserted before it began.
TEST(RunsRepConcurrencyTest, ReadersDuringInsertsSeeOrderedPrefixes) {
  InternalComparator compare;
  RunsMemTableFactory factory(64);
  std::unique_ptr<rocksdb::MemTableRep> rep(
      factory.CreateMemTableRep(compare, nullptr, nullptr, nullptr));
  constexpr int kKeys = 20000;
  std::vector<std::string> keys;
  for (int i = 0; i < kKeys; ++i) {
    // A scattered order: i * 7919 mod kKeys visits every number once.
    keys.push_back(Entry(std::to_string(1000000 + (i * 7919) % kKeys), i + 1));
  }
  std::atomic<int> inserted{0};
  std::atomic<bool> failed{false};
  auto read = [&] {
    while (inserted.load() < kKeys && !failed.load()) {
      int before = inserted.load();
      std::unique_ptr<rocksdb::MemTableRep::Iterator> it(
          rep->GetIterator(nullptr));
      int count = 0;
      std::string last;
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        std::string key = UserKey(it->key());
        if (count > 0 && !(last < key)) failed = true;
        last = std::move(key);
        ++count;
      }
      if (count < before) failed = true;
    }
  };
  std::thread first(read);
  std::thread second(read);
  for (const std::string& key : keys) {
    rep->Insert(const_cast<char*>(key.data()));
    inserted.fetch_add(1);
  }
  first.join();
  second.join();
  EXPECT_FALSE(failed.load());
}

// The rep as the memtable of a real database, where entries are RocksDB's
// internal keys with sequence numbers: overwrites, deletes, snapshots and
// reverse scans must behave as with the default skip list.
TEST(RunsRepDatabaseTest, DatabaseMatchesAMapModel) {
  testing_util::ScratchDir dir;
  rocksdb::Options options;
  options.create_if_missing = true;
  options.memtable_factory = std::make_shared<RunsMemTableFactory>(16);
  options.allow_concurrent_memtable_write = false;
  options.write_buffer_size = 64 << 10;  // Several flushes on the way.
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir.Child("db"), &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::map<std::string, std::string> model;
  std::mt19937 rng(21);
  std::uniform_int_distribution<int> action(0, 9);
  const rocksdb::Snapshot* snapshot = nullptr;
  std::map<std::string, std::string> at_snapshot;
  for (int i = 0; i < 6000; ++i) {
    std::string key = RandomKey(&rng);
    int what = action(rng);
    if (what < 6) {
      std::string value = "v" + std::to_string(i) + std::string(40, 'x');
      ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), key, value).ok());
      model[key] = value;
    } else if (what < 8) {
      ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), key).ok());
      model.erase(key);
    } else {
      std::string value;
      rocksdb::Status status = db->Get(rocksdb::ReadOptions(), key, &value);
      auto expected = model.find(key);
      ASSERT_EQ(status.ok(), expected != model.end()) << key;
      if (status.ok()) {
        EXPECT_EQ(value, expected->second);
      }
    }
    if (i == 3000) {
      snapshot = db->GetSnapshot();
      at_snapshot = model;
    }
  }
  auto scan = [&](const rocksdb::Snapshot* at, bool reverse) {
    rocksdb::ReadOptions read;
    read.snapshot = at;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read));
    std::vector<std::pair<std::string, std::string>> rows;
    if (reverse) {
      for (it->SeekToLast(); it->Valid(); it->Prev()) {
        rows.emplace_back(it->key().ToString(), it->value().ToString());
      }
      std::reverse(rows.begin(), rows.end());
    } else {
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        rows.emplace_back(it->key().ToString(), it->value().ToString());
      }
    }
    return rows;
  };
  using Rows = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(scan(nullptr, false), Rows(model.begin(), model.end()));
  EXPECT_EQ(scan(nullptr, true), Rows(model.begin(), model.end()));
  EXPECT_EQ(scan(snapshot, false),
            Rows(at_snapshot.begin(), at_snapshot.end()));
  db->ReleaseSnapshot(snapshot);
  ASSERT_TRUE(db->Flush(rocksdb::FlushOptions()).ok());
  EXPECT_EQ(scan(nullptr, false), Rows(model.begin(), model.end()));
  ASSERT_TRUE(db->Close().ok());
}

}  // namespace
}  // namespace kg::storage
