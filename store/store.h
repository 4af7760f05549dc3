// kg::Store keeps relations and their provenance in an embedded RocksDB
// database. docs/storage.md gives the key layout byte by byte.
//
// Thread-safety: a Store may be used from many threads at once; writes are
// serialised internally. Only one process may open a database for writing
// (RocksDB's LOCK file); read-only opens may run beside it.
#ifndef KG_STORE_STORE_H_
#define KG_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "core/relation.h"

namespace rocksdb {
class Env;
}

namespace kg {

struct StoreOptions {
  // Create the database if `path` does not exist. Only ingest sets this.
  bool create_if_missing = false;
  // Open without the write lock, for queries beside a running ingest.
  bool read_only = false;
  // RocksDB environment; nullptr means the default. Tests pass one that
  // injects I/O errors.
  rocksdb::Env* rocksdb_env = nullptr;
  // Memory a bulk load may fill with staged rows before it writes them out
  // as sorted run files (merged at Commit), so that loads larger than
  // memory work.
  std::size_t bulk_memory_bytes = std::size_t{256} << 20;
};

// A document's record in the `docs` column family.
struct DocumentRecord {
  std::string id;
  std::string title;
  std::string source;        // Path (and line, for JSONL) it came from.
  std::string date;          // "YYYY-MM-DD" or empty.
  std::string content_hash;  // Hex digest of the text; the identity
                             // used to skip re-ingesting a document.
  std::uint32_t sentence_count = 0;
  std::int64_t ingested_at = 0;   // Unix seconds.
  std::string extractor_version;  // "name/version".
};

// An entity or predicate as the dictionary knows it.
struct Term {
  std::uint64_t id = 0;  // Dense id used in the index keys.
  std::string key;       // Canonical id ("FRA") or relation lemma.
  std::string name;      // Canonical display name.
  bool is_predicate = false;
  EntityType type = EntityType::kOther;
  std::string affiliation;  // Canonical id, or empty.
};

// The aggregate kept under each (subject, predicate, object) key.
struct TripleAggregate {
  std::uint64_t subject = 0;  // Term ids.
  std::uint64_t predicate = 0;
  std::uint64_t object = 0;
  std::uint64_t count = 0;        // Pieces of evidence.
  std::int64_t polarity_sum = 0;  // Sum of evidence polarities.
  double score_sum = 0.0;         // Sum of polarity * confidence * weight.
  double weight_sum = 0.0;        // Sum of evidence weights.
  std::string first_date;         // Earliest dated evidence, or empty.
  std::string last_date;          // Latest dated evidence, or empty.
};

// A pattern for Query: an unset position matches anything.
struct TriplePattern {
  std::optional<std::uint64_t> subject;
  std::optional<std::uint64_t> predicate;
  std::optional<std::uint64_t> object;
};

struct StoreStats {
  std::uint64_t documents = 0;
  std::uint64_t terms = 0;
  std::uint64_t triples = 0;
  std::uint64_t evidence = 0;
};

// A bulk load in progress (Store::StartBulkLoad): documents are gathered
// in memory and written at Commit as sorted SST files that RocksDB ingests
// in one atomic step, much faster than document-by-document writes.
//
// Thread-safety: one thread at a time. Staged rows are held in memory up to
// StoreOptions::bulk_memory_bytes, then spilled to sorted files inside the
// database directory; what stays in memory for the whole load is the
// dictionary (terms and names) and the ids and hashes of the documents.
class BulkLoad {
 public:
  virtual ~BulkLoad() = default;

  // Same contract as Store::AddDocument, but nothing is written before
  // Commit. Returns false for a content hash seen before, and
  // InvalidArgument for a second document with an id seen before. After an
  // error other than InvalidArgument the load is spoiled: Commit refuses.
  virtual Result<bool> Add(const DocumentRecord& doc,
                           const std::vector<Relation>& relations) = 0;

  // Writes everything added, all or nothing: on an error (for instance an
  // I/O failure while writing the files) the database stays empty. Call
  // once; the Store may be used normally afterwards.
  virtual Status Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Opens the database at `path`. Errors (never modifying what is there):
  //   NotFound      no database and !create_if_missing;
  //   Busy          another process holds the write lock;
  //   NotSupported  written by a newer schema version;
  //   Corruption    `path` exists but is not a kg database.
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             const StoreOptions& options);

  // Adds a document and all its relations in one atomic write. Returns false
  // (and writes nothing) when a document with the same content hash is
  // already stored. Requires: doc.id and doc.content_hash non-empty; each
  // relation has subject and object ids, a lemma, polarity in -1..1, finite
  // confidence and weight, and doc equal to doc.id or empty
  // (InvalidArgument otherwise). A different text under a stored id is
  // InvalidArgument too: remove the old document first. NotSupported on a
  // read-only store.
  virtual Result<bool> AddDocument(const DocumentRecord& doc,
                                   const std::vector<Relation>& relations) = 0;

  // Stores `doc` in place of the stored document with the same id (if any)
  // in one atomic write: the old version's evidence goes as in
  // RemoveDocument, the new relations come as in AddDocument. This is how
  // a changed text or a newer extractor's output replaces the old. Returns
  // false (writing nothing) when another document id already holds
  // doc.content_hash. Same requirements as AddDocument.
  virtual Result<bool> ReplaceDocument(
      const DocumentRecord& doc, const std::vector<Relation>& relations) = 0;

  // Starts a bulk load (see BulkLoad). Requires a database with nothing in
  // it yet, no documents and no terms (NotSupported otherwise, and on a
  // read-only store). Other writes must wait until the load is committed
  // or destroyed (they would make it refuse to commit).
  virtual Result<std::unique_ptr<BulkLoad>> StartBulkLoad() = 0;

  // Looks an entity up by canonical id, name or any alias seen in the text,
  // case-insensitively. nullopt when unknown.
  virtual Result<std::optional<Term>> FindEntity(std::string_view name) = 0;

  // Looks a predicate up by its relation lemma ("criticize"), exactly and
  // then case-insensitively. nullopt when unknown.
  virtual Result<std::optional<Term>> FindPredicate(std::string_view lemma) = 0;

  // Up to `limit` known entity names closest to `name` (for "did you mean").
  virtual Result<std::vector<std::string>> SuggestEntities(
      std::string_view name, std::size_t limit) = 0;

  virtual Result<Term> GetTerm(std::uint64_t id) = 0;

  // Calls `fn` for each triple matching `pattern`, using the best index.
  // Stops early when `fn` returns false.
  virtual Status Query(
      const TriplePattern& pattern,
      const std::function<bool(const TripleAggregate&)>& fn) = 0;

  // Calls `fn` for each piece of evidence behind the triple, in insertion
  // order. The Relation is rebuilt in the contract's form.
  virtual Status ForEachEvidence(
      std::uint64_t subject, std::uint64_t predicate, std::uint64_t object,
      const std::function<bool(const Relation&)>& fn) = 0;

  virtual Result<StoreStats> Stats() = 0;

  // Removes a document with all its evidence in one atomic write; the
  // aggregates lose its share and triples left without evidence disappear
  // from every index. Terms stay in the dictionary. NotFound if absent.
  virtual Status RemoveDocument(std::string_view doc_id) = 0;

  // The stored record of document `doc_id`, or nullopt.
  virtual Result<std::optional<DocumentRecord>> GetDocument(
      std::string_view doc_id) = 0;

  // Calls `fn` for each stored document in id order; stops when it returns
  // false.
  virtual Status ForEachDocument(
      const std::function<bool(const DocumentRecord&)>& fn) = 0;

  // Verifies the whole database: spo, pos and osp hold the same triples,
  // each aggregate equals the sum of its evidence, every evidence belongs
  // to a stored document and back, every id names a term, and the meta
  // counters match. Corruption (listing the first problems) otherwise.
  // Reads everything: O(database size).
  virtual Status Check() = 0;
};

}  // namespace kg

#endif  // KG_STORE_STORE_H_
