// Opening databases (errors, locks, versions), injected I/O failures and
// readers beside a running writer.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "store/layout.h"
#include "store/records.h"
#include "store/store.h"
#include "store/subject_rows.h"
#include "tests/store/store_test_util.h"

namespace kg {
namespace {

using testing_util::Entity;
using testing_util::InDoc;
using testing_util::MakeDoc;
using testing_util::MakeRelation;
using testing_util::RawOptions;
using testing_util::ScratchDir;

namespace fs = std::filesystem;

// Every regular file under `dir` with its bytes, to prove nothing changed.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    files[entry.path().string()] = bytes.str();
  }
  return files;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::vector<Relation> RelationsFor(const std::string& doc_id, int n) {
  std::vector<Relation> relations;
  EntityRef from = Entity("FRE", "Freedonia", "Freedonia");
  for (int i = 0; i < n; ++i) {
    std::string id = "C" + std::to_string(i % 7);
    relations.push_back(MakeRelation(
        from, i % 2 ? "support" : "oppose", Entity(id, "Country " + id, id),
        i % 2 ? 1 : -1, "2024-02-0" + std::to_string(1 + i % 9),
        "Freedonia spoke about " + id + "."));
  }
  return InDoc(doc_id, relations);
}

Result<std::unique_ptr<Store>> OpenWith(const std::string& path, bool create,
                                        bool read_only,
                                        rocksdb::Env* env = nullptr) {
  StoreOptions options;
  options.create_if_missing = create;
  options.read_only = read_only;
  options.rocksdb_env = env;
  return Store::Open(path, options);
}

TEST(StoreOpenTest, MissingWithoutCreateIsNotFound) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  EXPECT_TRUE(OpenWith(path, false, false).status().IsNotFound());
  EXPECT_TRUE(OpenWith(path, false, true).status().IsNotFound());
  // A read-only open never creates, even when asked to.
  EXPECT_TRUE(OpenWith(path, true, true).status().IsNotFound());
  EXPECT_FALSE(fs::exists(path));
  // An empty directory is no database either.
  EXPECT_TRUE(OpenWith(dir.path(), false, false).status().IsNotFound());
}

TEST(StoreOpenTest, UnrelatedDirectoryIsCorruptionAndUntouched) {
  ScratchDir dir;
  WriteFile(dir.Child("notes.txt"), "shopping list\n");
  fs::create_directory(dir.Child("sub"));
  WriteFile(dir.Child("sub/data.bin"), std::string("\0\1\2", 3));
  auto before = Snapshot(dir.path());
  for (bool read_only : {false, true}) {
    auto opened = OpenWith(dir.path(), true, read_only);
    EXPECT_TRUE(opened.status().IsCorruption()) << opened.status().ToString();
  }
  EXPECT_EQ(Snapshot(dir.path()), before);
}

TEST(StoreOpenTest, GarbageCurrentFileIsCorruption) {
  ScratchDir dir;
  WriteFile(dir.Child("CURRENT"), "MANIFEST-nonsense\n");
  auto before = Snapshot(dir.path());
  auto opened = OpenWith(dir.path(), true, false);
  EXPECT_TRUE(opened.status().IsCorruption()) << opened.status().ToString();
  EXPECT_EQ(Snapshot(dir.path()), before);
}

TEST(StoreOpenTest, FileInsteadOfDirectoryIsCorruption) {
  ScratchDir dir;
  WriteFile(dir.Child("file"), "x");
  EXPECT_TRUE(OpenWith(dir.Child("file"), true, false).status().IsCorruption());
}

TEST(StoreOpenTest, OtherRocksDbDatabaseIsCorruptionAndUntouched) {
  ScratchDir dir;
  std::string path = dir.Child("other");
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, path, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "k", "v").ok());
    ASSERT_TRUE(db->Close().ok());
  }
  auto before = Snapshot(path);
  for (bool read_only : {false, true}) {
    auto opened = OpenWith(path, true, read_only);
    EXPECT_TRUE(opened.status().IsCorruption()) << opened.status().ToString();
  }
  EXPECT_EQ(Snapshot(path), before);
}

// Reads (into `old_value`, if given) and overwrites one value of a closed
// database behind kg's back. Opens the column families the database has.
void PutRaw(const std::string& path, storage::ColumnFamily cf,
            const std::string& key, const std::string& value,
            std::string* old_value = nullptr) {
  std::vector<std::string> names;
  ASSERT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  std::size_t target = names.size();
  for (std::size_t i = 0; i < names.size(); ++i) {
    descriptors.emplace_back(names[i], RawOptions(names[i]));
    if (names[i] == storage::kColumnFamilyNames[cf]) target = i;
  }
  ASSERT_LT(target, names.size());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &raw)
          .ok());
  if (old_value != nullptr) {
    ASSERT_TRUE(
        raw->Get(rocksdb::ReadOptions(), handles[target], key, old_value).ok());
  }
  ASSERT_TRUE(
      raw->Put(rocksdb::WriteOptions(), handles[target], key, value).ok());
  for (auto* handle : handles) {
    ASSERT_TRUE(raw->DestroyColumnFamilyHandle(handle).ok());
  }
  ASSERT_TRUE(raw->Close().ok());
  delete raw;
}

// Rewrites meta's schema version behind kg's back.
void SetSchemaVersion(const std::string& path, std::uint32_t version) {
  std::string value;
  storage::AppendBigEndian32(&value, version);
  PutRaw(path, storage::kMetaCf, std::string(storage::kMetaSchemaVersion),
         value);
}

TEST(StoreOpenTest, NewerSchemaIsNotSupported) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  ASSERT_TRUE(OpenWith(path, true, false).ok());
  SetSchemaVersion(path, storage::kSchemaVersion + 1);
  for (bool read_only : {false, true}) {
    auto opened = OpenWith(path, false, read_only);
    EXPECT_TRUE(opened.status().IsNotSupported()) << opened.status().ToString();
  }
  SetSchemaVersion(path, storage::kSchemaVersion);
  EXPECT_TRUE(OpenWith(path, false, false).ok());
}

// kg check must notice a document whose evidence list lost or repeated an
// entry, and the original list must satisfy it again.
TEST(StoreOpenTest, CheckFindsDamagedDocumentEvidenceLists) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  {
    auto store = OpenWith(path, true, false);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(
        *(*store)->AddDocument(MakeDoc("d1", "h1"), RelationsFor("d1", 3)));
    ASSERT_TRUE(
        *(*store)->AddDocument(MakeDoc("d2", "h2"), RelationsFor("d2", 2)));
    ASSERT_TRUE((*store)->Check().ok());
  }
  std::string links;
  PutRaw(path, storage::kDocEvidenceCf, "d1", "", &links);
  ASSERT_EQ(links.size(), 3 * storage::kEvidenceKeyBytes);
  std::string first = links.substr(0, storage::kEvidenceKeyBytes);
  const std::string damaged[] = {
      links.substr(storage::kEvidenceKeyBytes),                  // One lost.
      links.substr(storage::kEvidenceKeyBytes) + first + first,  // Repeated.
      links + "x",                                               // Wrong size.
  };
  for (const std::string& value : damaged) {
    PutRaw(path, storage::kDocEvidenceCf, "d1", value);
    auto store = OpenWith(path, false, false);
    ASSERT_TRUE(store.ok());
    EXPECT_TRUE((*store)->Check().IsCorruption()) << value.size();
  }
  PutRaw(path, storage::kDocEvidenceCf, "d1", links);
  auto store = OpenWith(path, false, false);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->Check().ok()) << (*store)->Check().ToString();
  // Removal follows the list.
  ASSERT_TRUE((*store)->RemoveDocument("d1").ok());
  EXPECT_EQ((*store)->Stats()->evidence, 2u);
  EXPECT_TRUE((*store)->Check().ok()) << (*store)->Check().ToString();
}

// Version 1 kept its document links in another shape: refused, untouched.
TEST(StoreOpenTest, OlderSchemaIsRefusedWithAMessage) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  ASSERT_TRUE(OpenWith(path, true, false).ok());
  SetSchemaVersion(path, storage::kUpgradableSchemaVersion - 1);
  for (bool read_only : {false, true}) {
    auto opened = OpenWith(path, false, read_only);
    EXPECT_TRUE(opened.status().IsNotSupported()) << opened.status().ToString();
    EXPECT_NE(opened.status().message().find("older"), std::string::npos)
        << opened.status().ToString();
  }
}

// Turns a current database into a version 2 one: no subject rows.
void MakeVersionTwo(const std::string& path) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (std::string_view name : storage::kColumnFamilyNames) {
    descriptors.emplace_back(std::string(name), RawOptions(name));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &raw)
          .ok());
  ASSERT_TRUE(raw->DropColumnFamily(handles[storage::kSubjectRowsCf]).ok());
  for (auto* handle : handles) {
    ASSERT_TRUE(raw->DestroyColumnFamilyHandle(handle).ok());
  }
  ASSERT_TRUE(raw->Close().ok());
  delete raw;
  SetSchemaVersion(path, storage::kUpgradableSchemaVersion);
}

// Every triple of each subject as (S ? ?) returns it, by term id.
std::map<std::uint64_t, std::vector<std::tuple<std::uint64_t, std::uint64_t,
                                               std::uint64_t, std::string>>>
BySubject(Store& store) {
  std::map<std::uint64_t, std::vector<std::tuple<std::uint64_t, std::uint64_t,
                                                 std::uint64_t, std::string>>>
      rows;
  for (std::uint64_t id = 1; id <= store.Stats()->terms; ++id) {
    TriplePattern pattern;
    pattern.subject = id;
    EXPECT_TRUE(store
                    .Query(pattern,
                           [&](const TripleAggregate& a) {
                             EXPECT_EQ(a.subject, id);
                             rows[id].emplace_back(a.predicate, a.object,
                                                   a.count, a.last_date);
                             return true;
                           })
                    .ok());
  }
  return rows;
}

// A version 2 database is read as it is, (S ? ?) answered from spo, and
// upgraded in place when opened for writing.
TEST(StoreOpenTest, VersionTwoIsReadAndUpgradedWhenWritten) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  std::map<std::uint64_t, std::vector<std::tuple<std::uint64_t, std::uint64_t,
                                                 std::uint64_t, std::string>>>
      expected;
  {
    auto store = OpenWith(path, true, false);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(
        *(*store)->AddDocument(MakeDoc("d1", "h1"), RelationsFor("d1", 9)));
    ASSERT_TRUE(
        *(*store)->AddDocument(MakeDoc("d2", "h2"), RelationsFor("d2", 4)));
    expected = BySubject(**store);
    ASSERT_FALSE(expected.empty());
  }
  MakeVersionTwo(path);
  {
    auto reader = OpenWith(path, false, true);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ(BySubject(**reader), expected);
    EXPECT_TRUE((*reader)->Check().ok()) << (*reader)->Check().ToString();
  }
  {
    auto writer = OpenWith(path, false, false);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    EXPECT_EQ(BySubject(**writer), expected);
    EXPECT_TRUE((*writer)->Check().ok()) << (*writer)->Check().ToString();
    ASSERT_TRUE(
        *(*writer)->AddDocument(MakeDoc("d3", "h3"), RelationsFor("d3", 2)));
    EXPECT_TRUE((*writer)->Check().ok()) << (*writer)->Check().ToString();
  }
  std::string version;
  PutRaw(path, storage::kMetaCf, std::string(storage::kMetaSchemaVersion),
         std::string(4, '\0'), &version);
  EXPECT_EQ(storage::DecodeBigEndian32(version), storage::kSchemaVersion);
}

// kg check notices a subject row that no longer mirrors spo.
TEST(StoreOpenTest, CheckFindsADamagedSubjectRow) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  std::uint64_t subject = 0;
  {
    auto store = OpenWith(path, true, false);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(
        *(*store)->AddDocument(MakeDoc("d1", "h1"), RelationsFor("d1", 5)));
    auto term = (*store)->FindEntity("FRE");
    ASSERT_TRUE(term.ok() && term->has_value());
    subject = (*term)->id;
  }
  std::string row;
  PutRaw(path, storage::kSubjectRowsCf, storage::TermKey(subject), "", &row);
  ASSERT_GT(row.size(), 2u);
  std::string short_row = row.substr(0, row.size() - 1);
  TripleAggregate extra;
  extra.predicate = 1;
  extra.object = 1;
  extra.count = 1;
  std::string with_extra = row;
  storage::AppendRowEntry(extra, &with_extra);
  for (const std::string& value : {short_row, with_extra, std::string()}) {
    PutRaw(path, storage::kSubjectRowsCf, storage::TermKey(subject), value);
    auto store = OpenWith(path, false, true);
    ASSERT_TRUE(store.ok());
    EXPECT_TRUE((*store)->Check().IsCorruption()) << value.size();
  }
  PutRaw(path, storage::kSubjectRowsCf, storage::TermKey(subject), row);
  auto store = OpenWith(path, false, true);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->Check().ok()) << (*store)->Check().ToString();
}

TEST(StoreOpenTest, SecondWriterIsBusyButReadersMayOpen) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  auto writer = OpenWith(path, true, false);
  ASSERT_TRUE(writer.ok());
  auto second = OpenWith(path, true, false);
  EXPECT_TRUE(second.status().IsBusy()) << second.status().ToString();
  EXPECT_NE(second.status().message().find("another kg process"),
            std::string::npos);
  auto reader = OpenWith(path, false, true);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
}

// Fails every write and sync once armed and its budget is spent.
class FaultInjectionEnv : public rocksdb::EnvWrapper {
 public:
  FaultInjectionEnv() : rocksdb::EnvWrapper(rocksdb::Env::Default()) {}
  const char* Name() const override { return "FaultInjectionEnv"; }

  void FailAfter(long calls) {
    remaining_ = calls;
    armed_ = true;
  }
  void Heal() { armed_ = false; }
  bool Allow() { return !armed_ || remaining_.fetch_sub(1) > 0; }
  int failures() const { return failures_; }
  void CountFailure() { ++failures_; }

  rocksdb::Status NewWritableFile(const std::string& name,
                                  std::unique_ptr<rocksdb::WritableFile>* file,
                                  const rocksdb::EnvOptions& options) override;

 private:
  std::atomic<bool> armed_{false};
  std::atomic<long> remaining_{0};
  std::atomic<int> failures_{0};
};

class FaultInjectionFile : public rocksdb::WritableFileWrapper {
 public:
  FaultInjectionFile(std::unique_ptr<rocksdb::WritableFile> target,
                     FaultInjectionEnv* env)
      : rocksdb::WritableFileWrapper(target.get()),
        owned_(std::move(target)),
        env_(env) {}

  rocksdb::Status Append(const rocksdb::Slice& data) override {
    if (!Allowed()) return Injected();
    return WritableFileWrapper::Append(data);
  }
  rocksdb::Status Append(
      const rocksdb::Slice& data,
      const rocksdb::DataVerificationInfo& verification) override {
    if (!Allowed()) return Injected();
    return WritableFileWrapper::Append(data, verification);
  }
  rocksdb::Status Sync() override {
    if (!Allowed()) return Injected();
    return WritableFileWrapper::Sync();
  }
  rocksdb::Status Fsync() override {
    if (!Allowed()) return Injected();
    return WritableFileWrapper::Fsync();
  }

 private:
  bool Allowed() { return env_->Allow(); }
  rocksdb::Status Injected() {
    env_->CountFailure();
    return rocksdb::Status::IOError("injected write failure");
  }

  std::unique_ptr<rocksdb::WritableFile> owned_;
  FaultInjectionEnv* env_;
};

rocksdb::Status FaultInjectionEnv::NewWritableFile(
    const std::string& name, std::unique_ptr<rocksdb::WritableFile>* file,
    const rocksdb::EnvOptions& options) {
  rocksdb::Status status = target()->NewWritableFile(name, file, options);
  if (status.ok()) {
    *file = std::make_unique<FaultInjectionFile>(std::move(*file), this);
  }
  return status;
}

TEST(StoreFaultTest, FailedWriteLeavesNoPartialDocument) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  FaultInjectionEnv env;
  {
    auto store = OpenWith(path, true, false, &env);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE(
        *(*store)->AddDocument(MakeDoc("d1", "h1"), RelationsFor("d1", 5)));
    env.FailAfter(0);
    auto failed =
        (*store)->AddDocument(MakeDoc("d2", "h2"), RelationsFor("d2", 40));
    EXPECT_TRUE(failed.status().IsIOError()) << failed.status().ToString();
    EXPECT_GT(env.failures(), 0);
  }
  env.Heal();
  auto store = OpenWith(path, false, false);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE((*store)->Check().ok()) << (*store)->Check().ToString();
  auto stats = (*store)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1u);
  EXPECT_EQ(stats->evidence, 5u);
  EXPECT_FALSE((*store)->GetDocument("d2")->has_value());
  // The failed document can be added now, with nothing left over.
  EXPECT_TRUE(
      *(*store)->AddDocument(MakeDoc("d2", "h2"), RelationsFor("d2", 40)));
  EXPECT_EQ((*store)->Stats()->evidence, 45u);
  EXPECT_TRUE((*store)->Check().ok());
}

TEST(StoreFaultTest, FailedReplaceKeepsTheOldVersionWhole) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  FaultInjectionEnv env;
  {
    auto store = OpenWith(path, true, false, &env);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE(
        *(*store)->AddDocument(MakeDoc("d1", "h1"), RelationsFor("d1", 5)));
    env.FailAfter(0);
    auto failed =
        (*store)->ReplaceDocument(MakeDoc("d1", "h1b"), RelationsFor("d1", 9));
    EXPECT_TRUE(failed.status().IsIOError()) << failed.status().ToString();
  }
  env.Heal();
  auto store = OpenWith(path, false, false);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE((*store)->Check().ok()) << (*store)->Check().ToString();
  EXPECT_EQ((*store)->Stats()->evidence, 5u);
  EXPECT_EQ((*(*store)->GetDocument("d1"))->content_hash, "h1");
  EXPECT_TRUE(
      *(*store)->ReplaceDocument(MakeDoc("d1", "h1b"), RelationsFor("d1", 9)));
  EXPECT_EQ((*store)->Stats()->evidence, 9u);
  EXPECT_TRUE((*store)->Check().ok());
}

TEST(StoreFaultTest, FailedBulkLoadWritesNothing) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  FaultInjectionEnv env;
  {
    auto store = OpenWith(path, true, false, &env);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto load = (*store)->StartBulkLoad();
    ASSERT_TRUE(load.ok()) << load.status().ToString();
    for (int i = 0; i < 20; ++i) {
      std::string id = "d" + std::to_string(i);
      ASSERT_TRUE(*(*load)->Add(MakeDoc(id, "h" + id), RelationsFor(id, 6)));
    }
    int failures_before = env.failures();
    env.FailAfter(0);
    Status committed = (*load)->Commit();
    EXPECT_TRUE(committed.IsIOError()) << committed.ToString();
    EXPECT_GT(env.failures(), failures_before);
  }
  env.Heal();
  EXPECT_FALSE(fs::exists(fs::path(path) / "bulk-load"));
  auto store = OpenWith(path, false, false);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE((*store)->Check().ok()) << (*store)->Check().ToString();
  EXPECT_EQ((*store)->Stats()->documents, 0u);
  EXPECT_EQ((*store)->Stats()->terms, 0u);
  // Still empty, so a new bulk load may run.
  auto load = (*store)->StartBulkLoad();
  ASSERT_TRUE(load.ok()) << load.status().ToString();
  ASSERT_TRUE(*(*load)->Add(MakeDoc("d1", "hd1"), RelationsFor("d1", 6)));
  ASSERT_TRUE((*load)->Commit().ok());
  EXPECT_EQ((*store)->Stats()->evidence, 6u);
  EXPECT_TRUE((*store)->Check().ok());
}

TEST(StoreCheckTest, DetectsACorruptedAggregate) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  TripleAggregate aggregate;
  {
    auto store = OpenWith(path, true, false);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(
        *(*store)->AddDocument(MakeDoc("d1", "h1"), RelationsFor("d1", 6)));
    ASSERT_TRUE((*store)->Check().ok());
    ASSERT_TRUE((*store)
                    ->Query({},
                            [&](const TripleAggregate& a) {
                              aggregate = a;
                              return false;
                            })
                    .ok());
  }
  aggregate.count += 1;
  testing_util::OverwriteAggregate(path, aggregate);

  auto store = OpenWith(path, false, true);
  ASSERT_TRUE(store.ok());
  Status check = (*store)->Check();
  EXPECT_TRUE(check.IsCorruption());
  EXPECT_NE(check.message().find("aggregate"), std::string::npos)
      << check.message();
}

TEST(StoreConcurrencyTest, ReadersSeeConsistentStateWhileIngesting) {
  ScratchDir dir;
  std::string path = dir.Child("db");
  auto writer = OpenWith(path, true, false);
  ASSERT_TRUE(writer.ok());
  constexpr int kDocs = 300;
  std::atomic<bool> done{false};
  std::thread ingest([&] {
    for (int i = 0; i < kDocs; ++i) {
      std::string id = "doc" + std::to_string(i);
      auto added = (*writer)->AddDocument(MakeDoc(id, "hash" + id),
                                          RelationsFor(id, 1 + i % 5));
      EXPECT_TRUE(added.ok() && *added) << added.status().ToString();
    }
    done = true;
  });
  std::uint64_t last_seen = 0;
  int rounds = 0;
  while (!done || rounds < 2) {
    ++rounds;
    // A separate read-only store, as `kg query` beside `kg ingest`.
    auto reader = OpenWith(path, false, true);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    Status check = (*reader)->Check();
    EXPECT_TRUE(check.ok()) << check.ToString();
    auto stats = (*reader)->Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_GE(stats->documents, last_seen);
    last_seen = stats->documents;
    // And the writer's own store, read from this thread mid-ingest.
    std::uint64_t counted = 0;
    ASSERT_TRUE((*writer)
                    ->Query({},
                            [&](const TripleAggregate& a) {
                              counted += a.count;
                              return true;
                            })
                    .ok());
    EXPECT_LE(stats->evidence, counted);
  }
  ingest.join();
  EXPECT_TRUE((*writer)->Check().ok());
  EXPECT_EQ((*writer)->Stats()->documents, static_cast<std::uint64_t>(kDocs));
}

}  // namespace
}  // namespace kg
