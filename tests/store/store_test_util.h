// Helpers shared by the store tests: a scratch directory and builders for
// documents and relations about invented countries.
#ifndef KG_TESTS_STORE_STORE_TEST_UTIL_H_
#define KG_TESTS_STORE_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/relation.h"
#include "store/layout.h"
#include "store/records.h"
#include "store/store.h"
#include "store/subject_rows.h"

namespace kg::testing_util {

// A fresh directory removed (with everything in it) at destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kg_store_XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  // A path inside the directory that does not exist yet.
  std::string Child(const std::string& name) const {
    return (std::filesystem::path(path_) / name).string();
  }

 private:
  std::string path_;
};

inline EntityRef Entity(const std::string& id, const std::string& name,
                        const std::string& text,
                        EntityType type = EntityType::kState) {
  EntityRef entity;
  entity.id = id;
  entity.name = name;
  entity.text = text;
  entity.type = type;
  return entity;
}

inline Relation MakeRelation(const EntityRef& subject, const std::string& lemma,
                             const EntityRef& object, int polarity,
                             const std::string& date,
                             const std::string& sentence) {
  Relation r;
  r.date = date;
  r.text = sentence;
  r.subject = subject;
  r.relation = lemma;
  r.object = object;
  r.polarity = polarity;
  r.confidence = 0.8;
  r.weight = 4.0;
  r.span = {0, static_cast<std::uint32_t>(sentence.size())};
  return r;
}

inline DocumentRecord MakeDoc(const std::string& id, const std::string& hash,
                              const std::string& date = "2024-01-15") {
  DocumentRecord doc;
  doc.id = id;
  doc.title = "Title of " + id;
  doc.source = "/corpus/" + id + ".txt";
  doc.date = date;
  doc.content_hash = hash;
  doc.sentence_count = 3;
  doc.ingested_at = 1700000000;
  doc.extractor_version = "test/1";
  return doc;
}

// Relations carry their document id, as the extractor writes them.
inline std::vector<Relation> InDoc(const std::string& doc_id,
                                   std::vector<Relation> relations) {
  for (Relation& r : relations) r.doc = doc_id;
  return relations;
}

// Options for opening column family `name` behind kg's back: the subject
// rows need their merge operator, or RocksDB cannot replay their log.
inline rocksdb::ColumnFamilyOptions RawOptions(std::string_view name) {
  rocksdb::ColumnFamilyOptions options;
  if (name == storage::kColumnFamilyNames[storage::kSubjectRowsCf]) {
    options.merge_operator = storage::NewSubjectRowMerge();
  }
  return options;
}

// Overwrites the stored aggregate of `triple`'s ids with `triple`, behind
// the store's back (the database must not be open for writing).
inline void OverwriteAggregate(const std::string& path,
                               const TripleAggregate& triple) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (std::string_view name : storage::kColumnFamilyNames) {
    descriptors.emplace_back(std::string(name), RawOptions(name));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &raw)
          .ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  EXPECT_TRUE(db->Put(rocksdb::WriteOptions(), handles[storage::kSpoCf],
                      storage::TripleKey(triple.subject, triple.predicate,
                                         triple.object),
                      storage::EncodeAggregate(triple))
                  .ok());
  for (auto* handle : handles) {
    EXPECT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  }
  EXPECT_TRUE(db->Close().ok());
}

}  // namespace kg::testing_util

#endif  // KG_TESTS_STORE_STORE_TEST_UTIL_H_
