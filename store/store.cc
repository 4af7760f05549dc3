#include "store/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/snapshot.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdarg>
#include <filesystem>
#include <mutex>
#include <queue>
#include <set>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "store/layout.h"
#include "store/names.h"
#include "store/records.h"
#include "store/runs_memtable.h"
#include "store/staged_table.h"
#include "store/staged_triples.h"
#include "store/subject_rows.h"

namespace kg {
namespace {

namespace fs = std::filesystem;
using storage::ColumnFamily;
using storage::EvidenceRecord;
using storage::NameRank;

// SuggestEntities reads at most this many index keys, so that a typo on a
// huge database still answers promptly.
constexpr std::size_t kSuggestScanLimit = 200000;
// Longer surface texts are not indexed as aliases (they are not names).
constexpr std::size_t kMaxIndexedNameBytes = 256;
// Document ids are keys; longer ones are refused.
constexpr std::size_t kMaxDocIdBytes = 4096;
// Check() lists at most this many problems in its message.
constexpr std::size_t kMaxReportedProblems = 10;
constexpr std::size_t kBlockCacheBytes = 32 << 20;
// All memtables together (every column family, mutable and waiting to be
// flushed) stay under this, so that an ingest of any size keeps a bounded
// resident set: RocksDB flushes the largest memtable when it is reached.
constexpr std::size_t kMemtableBudgetBytes = 256 << 20;
constexpr int kBloomBitsPerKey = 10;
// Subdirectory of the database where a bulk load writes its SST files
// (sorted runs, then the final files) before RocksDB ingests (moves) them.
constexpr char kBulkDirectory[] = "bulk-load";
// Slots of the writer's aggregate cache (a power of two; about 140 bytes
// each).
constexpr std::size_t kAggregateCacheEntries = std::size_t{1} << 16;
// SstFileWriter's default drops each megabyte it wrote from the page cache,
// which makes the kernel write it back at once, in the middle of the load;
// RocksDB is about to read and move these files anyway.
constexpr bool kInvalidatePageCache = false;
// Subject rows per write batch while upgrading a version 2 database.
constexpr std::size_t kUpgradeBatchRows = 4096;

Status FromRocks(const rocksdb::Status& status, std::string_view context) {
  std::string message = std::string(context) + ": " + status.ToString();
  if (status.IsNotFound()) return Status::NotFound(message);
  if (status.IsCorruption()) return Status::Corruption(message);
  if (status.IsNotSupported()) return Status::NotSupported(message);
  if (status.IsInvalidArgument()) return Status::InvalidArgument(message);
  if (status.IsBusy() || status.IsTimedOut() || status.IsTryAgain()) {
    return Status::Busy(message);
  }
  return Status::IOError(message);
}

// RocksDB reports a held LOCK file as an I/O error: "lock hold by current
// process" in-process, EAGAIN/ENOLCK from another process.
bool IsLockError(const rocksdb::Status& status) {
  if (!status.IsIOError()) return false;
  std::string text = status.ToString();
  return text.find("lock") != std::string::npos ||
         text.find("Resource temporarily unavailable") != std::string::npos ||
         text.find("No locks available") != std::string::npos;
}

// Read-only opens must write nothing, not even RocksDB's LOG file (which a
// running ingest owns).
class NullLogger : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char* /*format*/, va_list /*ap*/) override {}
};

std::size_t PrefixLength(ColumnFamily cf) {
  switch (cf) {
    case storage::kSpoCf:
    case storage::kPosCf:
    case storage::kOspCf:
      return storage::kIdBytes;
    case storage::kEvidenceCf:
      return storage::kTripleKeyBytes;
    default:
      return 0;
  }
}

// Families an ingest only writes; they are read back while their memtable
// is live only by queries (pos, osp, subject rows), the evidence scans of a
// removal, and at opening (meta).
bool IsWriteMostly(ColumnFamily cf) {
  return cf == storage::kPosCf || cf == storage::kOspCf ||
         cf == storage::kEvidenceCf || cf == storage::kDocEvidenceCf ||
         cf == storage::kSubjectRowsCf || cf == storage::kMetaCf;
}

// The column families to open: all of them, or all but `subject_rows` for
// a database of schema version 2 that is not being upgraded.
std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(bool subject_rows) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(kBlockCacheBytes);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  table.whole_key_filtering = true;
  std::shared_ptr<rocksdb::TableFactory> factory(
      rocksdb::NewBlockBasedTableFactory(table));
  // evidence, pos and osp are read by prefix scans only (whole keys just by
  // Check), so their files carry prefix filters alone: a filter entry less
  // for every row written.
  table.whole_key_filtering = false;
  std::shared_ptr<rocksdb::TableFactory> prefix_only(
      rocksdb::NewBlockBasedTableFactory(table));
  auto runs = std::make_shared<storage::RunsMemTableFactory>();
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (std::size_t cf = 0; cf < storage::kColumnFamilyCount; ++cf) {
    auto family = static_cast<ColumnFamily>(cf);
    if (family == storage::kSubjectRowsCf && !subject_rows) continue;
    rocksdb::ColumnFamilyOptions options;
    options.table_factory = family == storage::kEvidenceCf ||
                                    family == storage::kPosCf ||
                                    family == storage::kOspCf
                                ? prefix_only
                                : factory;
    // Flushes and the first compactions write uncompressed files: the
    // compression was a tenth of an ingest's flushing, and those files are
    // rewritten soon; deeper levels, holding most of the data, compress.
    options.compression_per_level.assign(options.num_levels,
                                         rocksdb::kSnappyCompression);
    options.compression_per_level[0] = rocksdb::kNoCompression;
    options.compression_per_level[1] = rocksdb::kNoCompression;
    std::size_t prefix = PrefixLength(family);
    if (prefix > 0) {
      options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(prefix));
    }
    // A skip-list insert searches deep, with a cache miss per level, and an
    // ingest inserts keys all over the key space: these memtables append to
    // sorted runs instead (store/runs_memtable.h).
    options.memtable_factory = runs;
    if (!IsWriteMostly(family)) {
      // These are read while writing: spo at every relation (its
      // aggregate), docs and doc_hash at every document, the dictionary for
      // terms not seen yet. Most of what an ingest asks for is not there,
      // and a whole-key Bloom filter answers that without a search.
      options.memtable_prefix_bloom_size_ratio = 0.02;
      options.memtable_whole_key_filtering = true;
    }
    if (family == storage::kSubjectRowsCf) {
      options.merge_operator = storage::NewSubjectRowMerge();
    }
    descriptors.emplace_back(std::string(storage::kColumnFamilyNames[cf]),
                             options);
  }
  return descriptors;
}

rocksdb::DBOptions DbOptions(const StoreOptions& options, bool read_only) {
  rocksdb::DBOptions db_options;
  if (options.rocksdb_env != nullptr) db_options.env = options.rocksdb_env;
  db_options.keep_log_file_num = 2;
  db_options.db_write_buffer_size = kMemtableBudgetBytes;
  // The runs memtables take one writer at a time (kg has one writer anyway).
  db_options.allow_concurrent_memtable_write = false;
  if (read_only) db_options.info_log = std::make_shared<NullLogger>();
  return db_options;
}

struct Counters {
  std::uint64_t next_term_id = 1;
  std::uint64_t next_evidence_id = 1;
  std::uint64_t documents = 0;
  std::uint64_t triples = 0;
  std::uint64_t evidence = 0;
};

// The meta keys and values recording `counters`.
std::vector<std::pair<std::string, std::string>> CounterValues(
    const Counters& counters) {
  std::pair<std::string_view, std::uint64_t> fields[] = {
      {storage::kMetaNextTermId, counters.next_term_id},
      {storage::kMetaNextEvidenceId, counters.next_evidence_id},
      {storage::kMetaDocumentCount, counters.documents},
      {storage::kMetaTripleCount, counters.triples},
      {storage::kMetaEvidenceCount, counters.evidence},
  };
  std::vector<std::pair<std::string, std::string>> values;
  for (const auto& [key, field] : fields) {
    std::string value;
    storage::AppendBigEndian64(&value, field);
    values.emplace_back(std::string(key), std::move(value));
  }
  return values;
}

// Ids in the order of each index's keys.
enum class KeyOrder { kSpo, kPos, kOsp };

TripleAggregate IdsFromKey(std::string_view key, KeyOrder order) {
  std::uint64_t first = storage::DecodeBigEndian64(key.substr(0, 8));
  std::uint64_t second = storage::DecodeBigEndian64(key.substr(8, 8));
  std::uint64_t third = storage::DecodeBigEndian64(key.substr(16, 8));
  TripleAggregate ids;
  switch (order) {
    case KeyOrder::kSpo:
      ids.subject = first, ids.predicate = second, ids.object = third;
      break;
    case KeyOrder::kPos:
      ids.predicate = first, ids.object = second, ids.subject = third;
      break;
    case KeyOrder::kOsp:
      ids.object = first, ids.subject = second, ids.predicate = third;
      break;
  }
  return ids;
}

Status ValidateDocument(const DocumentRecord& doc,
                        const std::vector<Relation>& relations) {
  if (doc.id.empty()) return Status::InvalidArgument("document id is empty");
  if (doc.id.size() > kMaxDocIdBytes) {
    return Status::InvalidArgument("document id longer than 4096 bytes");
  }
  if (doc.content_hash.empty()) {
    return Status::InvalidArgument("document " + doc.id +
                                   " has no content hash");
  }
  for (std::size_t i = 0; i < relations.size(); ++i) {
    const Relation& r = relations[i];
    std::string where =
        "document " + doc.id + ", relation " + std::to_string(i) + ": ";
    if (r.subject.id.empty() || r.object.id.empty()) {
      return Status::InvalidArgument(where + "entity without canonical id");
    }
    if (r.relation.empty()) {
      return Status::InvalidArgument(where + "empty relation lemma");
    }
    if (r.polarity < -1 || r.polarity > 1) {
      return Status::InvalidArgument(where + "polarity outside -1..1");
    }
    if (!std::isfinite(r.confidence) || !std::isfinite(r.weight)) {
      return Status::InvalidArgument(where + "confidence or weight not finite");
    }
    if (!r.doc.empty() && r.doc != doc.id) {
      return Status::InvalidArgument(where + "belongs to document " + r.doc);
    }
  }
  return Status::Ok();
}

EvidenceRecord ToEvidence(const Relation& r) {
  EvidenceRecord e;
  e.doc = r.doc;
  e.date = r.date;
  e.sentence = r.sentence;
  e.span = r.span;
  e.polarity = static_cast<std::int8_t>(r.polarity);
  e.negated = r.negated;
  e.modality = r.modality;
  e.attributed_to = r.attributed_to;
  e.confidence = r.confidence;
  e.weight = r.weight;
  e.sentence_text = r.text;
  e.subject_text = r.subject.text;
  e.subject_affiliation = r.subject.affiliation;
  e.object_text = r.object.text;
  e.object_affiliation = r.object.affiliation;
  return e;
}

EntityRef ToEntityRef(const Term& term, std::string text,
                      std::string affiliation) {
  EntityRef ref;
  ref.text = std::move(text);
  ref.id = term.key;
  ref.name = term.name;
  ref.type = term.type;
  ref.affiliation = std::move(affiliation);
  return ref;
}

bool NearlyEqual(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

// Rows per column family gathered by a bulk load; of several rows with the
// same key, the last wins (spo aggregates are summed instead).
using BulkTables =
    std::array<storage::StagedTable, storage::kColumnFamilyCount>;

// A triple's aggregate as it stands in a pending write.
struct PendingAggregate {
  TripleAggregate aggregate;
  bool stored = false;  // The triple is in the database before the write.
};

// Everything one write (AddDocument, ReplaceDocument, RemoveDocument, or a
// whole bulk load) changes, gathered before the single atomic write.
struct PendingWrite {
  rocksdb::WriteBatch batch;
  // Set for a bulk load: puts go here instead of into `batch`, and the
  // database (empty) is never read; triples and evidence go to `triples`.
  BulkTables* tables = nullptr;
  storage::StagedTriples* triples = nullptr;
  Counters counters;
  // term_index 'e'/'p' keys of terms created in this write.
  std::unordered_map<std::string, std::uint64_t> new_terms;
  // term_index name keys written in this write, with their rank.
  std::unordered_map<std::string, NameRank> names;
  // Aggregates touched, by spo key; written out by FinishAggregates.
  std::unordered_map<std::string, PendingAggregate> aggregates;
  // Ids and content hashes of the documents added in this write.
  std::unordered_set<std::string> doc_ids;
  std::unordered_set<std::string> doc_hashes;
};

// Counters of a database with nothing in it.
bool IsEmpty(const Counters& counters) {
  return counters.next_term_id == 1 && counters.next_evidence_id == 1 &&
         counters.documents == 0;
}

// Collects Check()'s findings.
class Problems {
 public:
  void Add(std::string problem) {
    ++count_;
    if (reported_.size() < kMaxReportedProblems) {
      reported_.push_back(std::move(problem));
    }
  }
  Status ToStatus() const {
    if (count_ == 0) return Status::Ok();
    std::string message = std::to_string(count_) + " inconsistencies: ";
    for (std::size_t i = 0; i < reported_.size(); ++i) {
      if (i > 0) message += "; ";
      message += reported_[i];
    }
    return Status::Corruption(message);
  }

 private:
  std::size_t count_ = 0;
  std::vector<std::string> reported_;
};

std::string TripleName(std::string_view spo_key) {
  TripleAggregate ids = IdsFromKey(spo_key, KeyOrder::kSpo);
  return "(" + std::to_string(ids.subject) + " " +
         std::to_string(ids.predicate) + " " + std::to_string(ids.object) + ")";
}

// The aggregates of triples the writer wrote recently, in a direct-mapped
// table of kAggregateCacheEntries slots: a triple takes the slot its ids
// hash to, evicting whatever was there, so what the feed repeats stays and
// the memory is fixed. Only the writer changes the database, so an entry
// is never stale. Thread-safety: none.
class AggregateCache {
 public:
  const TripleAggregate* Find(const TripleAggregate& ids) {
    if (slots_.empty()) return nullptr;
    const Slot& slot = slots_[Index(ids)];
    return slot.used && SameTriple(slot.aggregate, ids) ? &slot.aggregate
                                                        : nullptr;
  }

  // A triple left without evidence is forgotten.
  void Put(const TripleAggregate& aggregate) {
    if (slots_.empty()) slots_.resize(kAggregateCacheEntries);
    Slot& slot = slots_[Index(aggregate)];
    if (aggregate.count == 0) {
      if (SameTriple(slot.aggregate, aggregate)) slot.used = false;
      return;
    }
    slot.aggregate = aggregate;
    slot.used = true;
  }

 private:
  struct Slot {
    TripleAggregate aggregate;
    bool used = false;
  };

  static bool SameTriple(const TripleAggregate& a, const TripleAggregate& b) {
    return a.subject == b.subject && a.predicate == b.predicate &&
           a.object == b.object;
  }

  static std::size_t Index(const TripleAggregate& ids) {
    std::uint64_t h = ids.subject * 0x9e3779b97f4a7c15ULL;
    h ^= (ids.predicate + 0xbf58476d1ce4e5b9ULL) * 0x94d049bb133111ebULL;
    h ^= (ids.object + 0x94d049bb133111ebULL) * 0xbf58476d1ce4e5b9ULL;
    return static_cast<std::size_t>(h ^ (h >> 31)) &
           (kAggregateCacheEntries - 1);
  }

  std::vector<Slot> slots_;  // Allocated by the first Put.
};

class RocksStore final : public Store {
 public:
  // `handles` is indexed by ColumnFamily; the `subject_rows` one is null
  // when the database predates it.
  RocksStore(std::unique_ptr<rocksdb::DB> db,
             std::vector<rocksdb::ColumnFamilyHandle*> handles, bool read_only,
             std::size_t bulk_memory_bytes)
      : db_(std::move(db)),
        handles_(std::move(handles)),
        read_only_(read_only),
        bulk_memory_bytes_(bulk_memory_bytes) {}

  ~RocksStore() override {
    if (!read_only_) {
      // Every later read-only open would otherwise replay the log into
      // memtables (up to the memtable budget), and read subject rows as
      // unmerged operands. A failure leaves the log, which still holds
      // every acknowledged write.
      std::vector<rocksdb::ColumnFamilyHandle*> open;
      for (rocksdb::ColumnFamilyHandle* handle : handles_) {
        if (handle != nullptr) open.push_back(handle);
      }
      db_->Flush(rocksdb::FlushOptions(), open).PermitUncheckedError();
    }
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      if (handle != nullptr) db_->DestroyColumnFamilyHandle(handle);
    }
    // A close error (e.g. after an injected I/O failure) has nobody left to
    // report to; the WAL already holds every acknowledged write.
    db_->Close().PermitUncheckedError();
  }

  // The schema version in meta, after checking the magic. Versions this
  // build cannot read are errors; an upgradable one is returned.
  Result<std::uint32_t> ReadSchema() {
    KG_ASSIGN_OR_RETURN(auto magic,
                        GetValue(storage::kMetaCf, storage::kMetaMagic));
    if (!magic.has_value() || *magic != storage::kMagic) {
      return Status::Corruption("not a kg database (no kg magic)");
    }
    KG_ASSIGN_OR_RETURN(
        auto version, GetValue(storage::kMetaCf, storage::kMetaSchemaVersion));
    if (!version.has_value() || version->size() != 4) {
      return Status::Corruption("kg database without schema version");
    }
    std::uint32_t schema = storage::DecodeBigEndian32(*version);
    if (schema > storage::kSchemaVersion) {
      return Status::NotSupported(
          "database schema version " + std::to_string(schema) +
          " is newer than this kg's (" +
          std::to_string(storage::kSchemaVersion) + "); upgrade kg");
    }
    if (schema == 0) {
      return Status::Corruption("schema version 0 is invalid");
    }
    if (schema < storage::kUpgradableSchemaVersion) {
      return Status::NotSupported(
          "database schema version " + std::to_string(schema) +
          " is older than this kg's (" +
          std::to_string(storage::kSchemaVersion) +
          ") and cannot be read; ingest the documents again into a new "
          "database");
    }
    subject_rows_ = schema >= storage::kSchemaVersion;
    return schema;
  }

  // Brings a version 2 database to the current version: builds every
  // subject's row from `spo`, then records the new version. A process
  // killed half-way leaves version 2 (rows are rewritten whole next time).
  // Requires: opened for writing with every column family.
  Status Upgrade() {
    rocksdb::ColumnFamilyHandle* rows = handles_[storage::kSubjectRowsCf];
    rocksdb::WriteBatch batch;
    std::uint64_t subject = 0;
    std::string row;
    auto put_row = [&] {
      if (row.empty()) return;
      batch.Put(rows, storage::TermKey(subject), row).PermitUncheckedError();
      row.clear();
    };
    rocksdb::WriteOptions options;
    KG_RETURN_IF_ERROR(ScanPrefix(
        storage::kSpoCf, "", nullptr,
        [&](std::string_view key, std::string_view value) -> Result<bool> {
          if (key.size() != storage::kTripleKeyBytes) {
            return Status::Corruption("spo key of the wrong size");
          }
          TripleAggregate ids = IdsFromKey(key, KeyOrder::kSpo);
          KG_ASSIGN_OR_RETURN(
              TripleAggregate aggregate,
              storage::DecodeAggregate(value, ids.subject, ids.predicate,
                                       ids.object));
          if (ids.subject != subject) {
            put_row();
            if (batch.Count() >= kUpgradeBatchRows) {
              rocksdb::Status written = db_->Write(options, &batch);
              if (!written.ok()) return FromRocks(written, "upgrading");
              batch.Clear();
            }
            subject = ids.subject;
            storage::StartRow(&row);
          }
          storage::AppendRowEntry(aggregate, &row);
          return true;
        }));
    put_row();
    std::string version;
    storage::AppendBigEndian32(&version, storage::kSchemaVersion);
    batch.Put(handles_[storage::kMetaCf], storage::kMetaSchemaVersion, version)
        .PermitUncheckedError();
    options.sync = true;
    rocksdb::Status written = db_->Write(options, &batch);
    if (!written.ok()) return FromRocks(written, "upgrading");
    subject_rows_ = true;
    return Status::Ok();
  }

  // Writes the meta of a new, empty database.
  Status Initialise() {
    rocksdb::WriteBatch batch;
    rocksdb::ColumnFamilyHandle* meta = handles_[storage::kMetaCf];
    std::string version;
    storage::AppendBigEndian32(&version, storage::kSchemaVersion);
    batch.Put(meta, storage::kMetaMagic, storage::kMagic);
    batch.Put(meta, storage::kMetaSchemaVersion, version);
    PutCounters(Counters{}, &batch);
    rocksdb::WriteOptions options;
    options.sync = true;
    rocksdb::Status status = db_->Write(options, &batch);
    if (!status.ok()) return FromRocks(status, "initialising database");
    return LoadCounters();
  }

  Status LoadCounters() {
    KG_ASSIGN_OR_RETURN(counters_, ReadCounters(nullptr));
    return Status::Ok();
  }

  Result<bool> AddDocument(const DocumentRecord& doc,
                           const std::vector<Relation>& relations) override {
    if (read_only_) return Status::NotSupported("database opened read-only");
    KG_RETURN_IF_ERROR(ValidateDocument(doc, relations));
    std::lock_guard<std::mutex> lock(write_mutex_);
    KG_ASSIGN_OR_RETURN(auto same_text,
                        GetValue(storage::kDocHashCf, doc.content_hash));
    if (same_text.has_value()) return false;
    KG_ASSIGN_OR_RETURN(auto same_id, GetValue(storage::kDocsCf, doc.id));
    if (same_id.has_value()) {
      return Status::InvalidArgument("document " + doc.id +
                                     " is stored with a different text; "
                                     "remove or replace it");
    }
    PendingWrite write;
    write.counters = counters_;
    KG_RETURN_IF_ERROR(StageDocument(doc, relations, &write));
    KG_RETURN_IF_ERROR(Commit(&write));
    return true;
  }

  Result<bool> ReplaceDocument(
      const DocumentRecord& doc,
      const std::vector<Relation>& relations) override {
    if (read_only_) return Status::NotSupported("database opened read-only");
    KG_RETURN_IF_ERROR(ValidateDocument(doc, relations));
    std::lock_guard<std::mutex> lock(write_mutex_);
    KG_ASSIGN_OR_RETURN(auto holder,
                        GetValue(storage::kDocHashCf, doc.content_hash));
    if (holder.has_value() && *holder != doc.id) return false;
    KG_ASSIGN_OR_RETURN(auto stored, GetDocument(doc.id));
    PendingWrite write;
    write.counters = counters_;
    // The removal is staged first: the batch deletes the old document's
    // keys before putting the new ones, which may be the same keys.
    if (stored.has_value()) KG_RETURN_IF_ERROR(StageRemoval(*stored, &write));
    KG_RETURN_IF_ERROR(StageDocument(doc, relations, &write));
    KG_RETURN_IF_ERROR(Commit(&write));
    return true;
  }

  Status RemoveDocument(std::string_view doc_id) override {
    if (read_only_) return Status::NotSupported("database opened read-only");
    std::lock_guard<std::mutex> lock(write_mutex_);
    KG_ASSIGN_OR_RETURN(auto stored, GetDocument(doc_id));
    if (!stored.has_value()) {
      return Status::NotFound("no document " + std::string(doc_id));
    }
    PendingWrite write;
    write.counters = counters_;
    KG_RETURN_IF_ERROR(StageRemoval(*stored, &write));
    return Commit(&write);
  }

  Result<std::unique_ptr<BulkLoad>> StartBulkLoad() override;

  Result<std::optional<DocumentRecord>> GetDocument(
      std::string_view doc_id) override {
    KG_ASSIGN_OR_RETURN(auto value, GetValue(storage::kDocsCf, doc_id));
    if (!value.has_value()) return std::optional<DocumentRecord>();
    KG_ASSIGN_OR_RETURN(DocumentRecord doc, storage::DecodeDocument(*value));
    return std::optional<DocumentRecord>(std::move(doc));
  }

  Status ForEachDocument(
      const std::function<bool(const DocumentRecord&)>& fn) override {
    rocksdb::ManagedSnapshot snapshot(db_.get());
    return ScanPrefix(
        storage::kDocsCf, "", snapshot.snapshot(),
        [&](std::string_view, std::string_view value) -> Result<bool> {
          KG_ASSIGN_OR_RETURN(DocumentRecord doc,
                              storage::DecodeDocument(value));
          return fn(doc);
        });
  }

  Result<std::optional<Term>> FindEntity(std::string_view name) override {
    if (name.empty()) return std::optional<Term>();
    KG_ASSIGN_OR_RETURN(auto exact, GetValue(storage::kTermIndexCf,
                                             storage::EntityIndexKey(name)));
    if (exact.has_value()) return TermFromIndexValue(*exact);
    std::string normal = storage::NormaliseName(name);
    if (normal.empty()) return std::optional<Term>();
    KG_ASSIGN_OR_RETURN(auto named, GetValue(storage::kTermIndexCf,
                                             storage::NameIndexKey(normal)));
    if (!named.has_value()) return std::optional<Term>();
    return TermFromIndexValue(*named);
  }

  Result<std::optional<Term>> FindPredicate(std::string_view lemma) override {
    std::string normal = storage::NormaliseName(lemma);
    for (std::string_view candidate : {lemma, std::string_view(normal)}) {
      if (candidate.empty()) continue;
      KG_ASSIGN_OR_RETURN(auto found,
                          GetValue(storage::kTermIndexCf,
                                   storage::PredicateIndexKey(candidate)));
      if (found.has_value()) return TermFromIndexValue(*found);
    }
    return std::optional<Term>();
  }

  Result<std::vector<std::string>> SuggestEntities(std::string_view name,
                                                   std::size_t limit) override {
    std::string normal = storage::NormaliseName(name);
    std::vector<std::string> suggestions;
    if (normal.empty() || limit == 0) return suggestions;
    const std::size_t max_distance =
        std::max<std::size_t>(1, (normal.size() + 1) / 3);
    // Best distance per term id.
    std::unordered_map<std::uint64_t, std::size_t> best;
    std::size_t scanned = 0;
    std::string prefix(1, storage::kNameKeySpace);
    KG_RETURN_IF_ERROR(ScanPrefix(
        storage::kTermIndexCf, prefix, nullptr,
        [&](std::string_view key, std::string_view value) -> Result<bool> {
          if (value.size() < storage::kIdBytes) return true;
          std::string_view text = key.substr(1);
          std::size_t distance =
              storage::NameDistance(normal, text, max_distance);
          bool contains =
              normal.size() >= 3 && text.find(normal) != std::string_view::npos;
          if (contains) distance = std::min(distance, max_distance);
          if (distance <= max_distance) {
            std::uint64_t id = storage::DecodeBigEndian64(value);
            auto [it, inserted] = best.emplace(id, distance);
            if (!inserted) it->second = std::min(it->second, distance);
          }
          return ++scanned < kSuggestScanLimit;
        }));
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (const auto& [id, distance] : best) {
      KG_ASSIGN_OR_RETURN(Term term, GetTerm(id));
      ranked.emplace_back(distance, term.name.empty() ? term.key : term.name);
    }
    std::sort(ranked.begin(), ranked.end());
    for (auto& [distance, display] : ranked) {
      if (suggestions.size() == limit) break;
      if (std::find(suggestions.begin(), suggestions.end(), display) ==
          suggestions.end()) {
        suggestions.push_back(std::move(display));
      }
    }
    return suggestions;
  }

  Result<Term> GetTerm(std::uint64_t id) override {
    return GetTermAt(id, nullptr);
  }

  Status Query(const TriplePattern& pattern,
               const std::function<bool(const TripleAggregate&)>& fn) override {
    const auto& [s, p, o] = pattern;
    if (s && p && o) {
      KG_ASSIGN_OR_RETURN(auto value, GetValue(storage::kSpoCf,
                                               storage::TripleKey(*s, *p, *o)));
      if (!value.has_value()) return Status::Ok();
      KG_ASSIGN_OR_RETURN(TripleAggregate aggregate,
                          storage::DecodeAggregate(*value, *s, *p, *o));
      fn(aggregate);
      return Status::Ok();
    }
    if (s && !p && !o && subject_rows_) return QuerySubjectRow(*s, fn);
    ColumnFamily cf = storage::kSpoCf;
    KeyOrder order = KeyOrder::kSpo;
    std::string prefix;
    if (s) {
      if (o) {
        cf = storage::kOspCf, order = KeyOrder::kOsp;
        storage::AppendBigEndian64(&prefix, *o);
        storage::AppendBigEndian64(&prefix, *s);
      } else {
        storage::AppendBigEndian64(&prefix, *s);
        if (p) storage::AppendBigEndian64(&prefix, *p);
      }
    } else if (p) {
      cf = storage::kPosCf, order = KeyOrder::kPos;
      storage::AppendBigEndian64(&prefix, *p);
      if (o) storage::AppendBigEndian64(&prefix, *o);
    } else if (o) {
      cf = storage::kOspCf, order = KeyOrder::kOsp;
      storage::AppendBigEndian64(&prefix, *o);
    }
    if (cf == storage::kSpoCf) {
      // The scan's iterator is a consistent view by itself, and the
      // aggregates are its values.
      return ScanPrefix(
          cf, prefix, nullptr,
          [&](std::string_view key, std::string_view value) -> Result<bool> {
            if (key.size() != storage::kTripleKeyBytes) {
              return Status::Corruption("spo key of the wrong size");
            }
            TripleAggregate ids = IdsFromKey(key, order);
            KG_ASSIGN_OR_RETURN(
                TripleAggregate aggregate,
                storage::DecodeAggregate(value, ids.subject, ids.predicate,
                                         ids.object));
            return fn(aggregate);
          });
    }
    // The aggregates are read from spo under the scan's snapshot.
    rocksdb::ManagedSnapshot snapshot(db_.get());
    const rocksdb::Snapshot* at = snapshot.snapshot();
    rocksdb::ReadOptions read;
    read.snapshot = at;
    rocksdb::PinnableSlice stored;
    return ScanPrefix(
        cf, prefix, at,
        [&](std::string_view key, std::string_view) -> Result<bool> {
          if (key.size() != storage::kTripleKeyBytes) {
            return Status::Corruption("index key of the wrong size");
          }
          TripleAggregate ids = IdsFromKey(key, order);
          std::string spo_key =
              storage::TripleKey(ids.subject, ids.predicate, ids.object);
          stored.Reset();
          rocksdb::Status status =
              db_->Get(read, handles_[storage::kSpoCf], spo_key, &stored);
          if (status.IsNotFound()) {
            return Status::Corruption("index entry without its triple " +
                                      TripleName(spo_key));
          }
          if (!status.ok()) return FromRocks(status, "read");
          KG_ASSIGN_OR_RETURN(
              TripleAggregate aggregate,
              storage::DecodeAggregate(stored.ToStringView(), ids.subject,
                                       ids.predicate, ids.object));
          return fn(aggregate);
        });
  }

  Status ForEachEvidence(
      std::uint64_t subject, std::uint64_t predicate, std::uint64_t object,
      const std::function<bool(const Relation&)>& fn) override {
    rocksdb::ManagedSnapshot snapshot(db_.get());
    const rocksdb::Snapshot* at = snapshot.snapshot();
    std::optional<Term> s, p, o;
    return ScanPrefix(
        storage::kEvidenceCf, storage::TripleKey(subject, predicate, object),
        at, [&](std::string_view, std::string_view value) -> Result<bool> {
          if (!s.has_value()) {
            KG_ASSIGN_OR_RETURN(s, GetTermAt(subject, at));
            KG_ASSIGN_OR_RETURN(p, GetTermAt(predicate, at));
            KG_ASSIGN_OR_RETURN(o, GetTermAt(object, at));
          }
          KG_ASSIGN_OR_RETURN(EvidenceRecord e, storage::DecodeEvidence(value));
          Relation r;
          r.doc = std::move(e.doc);
          r.date = std::move(e.date);
          r.sentence = e.sentence;
          r.text = std::move(e.sentence_text);
          r.subject = ToEntityRef(*s, std::move(e.subject_text),
                                  std::move(e.subject_affiliation));
          r.relation = p->key;
          r.object = ToEntityRef(*o, std::move(e.object_text),
                                 std::move(e.object_affiliation));
          r.polarity = e.polarity;
          r.negated = e.negated;
          r.modality = e.modality;
          r.attributed_to = std::move(e.attributed_to);
          r.confidence = e.confidence;
          r.weight = e.weight;
          r.span = e.span;
          return fn(r);
        });
  }

  Result<StoreStats> Stats() override {
    rocksdb::ManagedSnapshot snapshot(db_.get());
    KG_ASSIGN_OR_RETURN(Counters counters, ReadCounters(snapshot.snapshot()));
    StoreStats stats;
    stats.documents = counters.documents;
    stats.terms = counters.next_term_id - 1;
    stats.triples = counters.triples;
    stats.evidence = counters.evidence;
    return stats;
  }

  Status Check() override;

 private:
  // (S ? ?): the subject's row, one point read.
  Status QuerySubjectRow(
      std::uint64_t subject,
      const std::function<bool(const TripleAggregate&)>& fn) {
    rocksdb::PinnableSlice row;
    rocksdb::Status status =
        db_->Get(rocksdb::ReadOptions(), handles_[storage::kSubjectRowsCf],
                 storage::TermKey(subject), &row);
    if (status.IsNotFound()) return Status::Ok();
    if (!status.ok()) return FromRocks(status, "read");
    storage::RowReader reader(row.ToStringView());
    TripleAggregate aggregate;
    aggregate.subject = subject;
    while (reader.Next(&aggregate)) {
      if (!fn(aggregate)) return Status::Ok();
    }
    return reader.status();
  }

  Result<std::optional<std::string>> GetValue(
      ColumnFamily cf, std::string_view key,
      const rocksdb::Snapshot* snapshot = nullptr) {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot;
    std::string value;
    rocksdb::Status status = db_->Get(options, handles_[cf], key, &value);
    if (status.IsNotFound()) return std::optional<std::string>();
    if (!status.ok()) return FromRocks(status, "read");
    return std::optional<std::string>(std::move(value));
  }

  // Calls `fn(key, value)` for each key of `cf` starting with `prefix`, in
  // key order, until it returns false or an error.
  Status ScanPrefix(ColumnFamily cf, std::string_view prefix,
                    const rocksdb::Snapshot* snapshot,
                    const std::function<Result<bool>(std::string_view,
                                                     std::string_view)>& fn) {
    std::string upper = storage::PrefixSuccessor(prefix);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions options;
    options.snapshot = snapshot;
    if (!upper.empty()) options.iterate_upper_bound = &upper_slice;
    // A prefix shorter than the extractor's cannot use the prefix Bloom
    // filters; scan in total order instead.
    options.total_order_seek =
        prefix.size() < PrefixLength(cf) || PrefixLength(cf) == 0;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(options, handles_[cf]));
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      KG_ASSIGN_OR_RETURN(
          bool more, fn(it->key().ToStringView(), it->value().ToStringView()));
      if (!more) return Status::Ok();
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan");
    return Status::Ok();
  }

  Result<Term> GetTermAt(std::uint64_t id, const rocksdb::Snapshot* at) {
    KG_ASSIGN_OR_RETURN(auto value,
                        GetValue(storage::kTermsCf, storage::TermKey(id), at));
    if (!value.has_value()) {
      return Status::NotFound("no term with id " + std::to_string(id));
    }
    return storage::DecodeTerm(*value, id);
  }

  Result<std::optional<Term>> TermFromIndexValue(std::string_view value) {
    if (value.size() < storage::kIdBytes) {
      return Status::Corruption("term_index value too short");
    }
    KG_ASSIGN_OR_RETURN(Term term, GetTerm(storage::DecodeBigEndian64(value)));
    return std::optional<Term>(std::move(term));
  }

  Result<Counters> ReadCounters(const rocksdb::Snapshot* at) {
    Counters counters;
    std::pair<std::string_view, std::uint64_t*> fields[] = {
        {storage::kMetaNextTermId, &counters.next_term_id},
        {storage::kMetaNextEvidenceId, &counters.next_evidence_id},
        {storage::kMetaDocumentCount, &counters.documents},
        {storage::kMetaTripleCount, &counters.triples},
        {storage::kMetaEvidenceCount, &counters.evidence},
    };
    for (auto& [key, field] : fields) {
      KG_ASSIGN_OR_RETURN(auto value, GetValue(storage::kMetaCf, key, at));
      if (!value.has_value() || value->size() != 8) {
        return Status::Corruption("meta counter " + std::string(key) +
                                  " missing");
      }
      *field = storage::DecodeBigEndian64(*value);
    }
    return counters;
  }

  void PutCounters(const Counters& counters, rocksdb::WriteBatch* batch) {
    for (const auto& [key, value] : CounterValues(counters)) {
      batch->Put(handles_[storage::kMetaCf], key, value);
    }
  }

  void Put(PendingWrite* write, ColumnFamily cf, std::string_view key,
           std::string_view value) {
    if (write->tables != nullptr) {
      (*write->tables)[cf].Add(key, value);
      return;
    }
    // A batch only refuses a put beyond its (unset) size limit.
    write->batch.Put(handles_[cf], key, value).PermitUncheckedError();
  }

  void Delete(PendingWrite* write, ColumnFamily cf, std::string_view key) {
    write->batch.Delete(handles_[cf], key).PermitUncheckedError();
  }

  // Writes `write` atomically; the in-memory counters and caches follow
  // only once it is in the WAL, so a failed write leaves them untouched.
  // Requires: write_mutex_ held.
  Status Commit(PendingWrite* write) {
    FinishAggregates(write);
    PutCounters(write->counters, &write->batch);
    rocksdb::WriteOptions options;
    options.sync = false;  // Durable against a process crash, not a power cut.
    rocksdb::Status status = db_->Write(options, &write->batch);
    if (!status.ok()) return FromRocks(status, "write");
    Committed(*write);
    return Status::Ok();
  }

  // Adopts a written `write`: counters and the lookup caches.
  // Requires: write_mutex_ held.
  void Committed(const PendingWrite& write) {
    counters_ = write.counters;
    for (const auto& [key, id] : write.new_terms) term_ids_[key] = id;
    for (const auto& [key, rank] : write.names) name_ranks_[key] = rank;
    if (write.tables != nullptr) return;
    for (const auto& [spo_key, pending] : write.aggregates) {
      aggregates_.Put(pending.aggregate);
    }
  }

  // Stages the document record, its hash and its relations.
  // Requires: write_mutex_ held; `doc` validated and not stored.
  Status StageDocument(const DocumentRecord& doc,
                       const std::vector<Relation>& relations,
                       PendingWrite* write) {
    // The document's evidence keys, one value for all (one key per piece of
    // evidence cost a memtable insert each).
    std::string links;
    links.reserve(relations.size() * storage::kEvidenceKeyBytes);
    for (const Relation& relation : relations) {
      KG_RETURN_IF_ERROR(AddRelation(doc.id, relation, &links, write));
    }
    if (!links.empty()) Put(write, storage::kDocEvidenceCf, doc.id, links);
    Put(write, storage::kDocsCf, doc.id, storage::EncodeDocument(doc));
    Put(write, storage::kDocHashCf, doc.content_hash, doc.id);
    write->doc_ids.insert(doc.id);
    write->doc_hashes.insert(doc.content_hash);
    write->counters.documents += 1;
    return Status::Ok();
  }

  // Stages the removal of stored document `doc` with its evidence, and the
  // recomputed aggregates of its triples. Requires: write_mutex_ held.
  Status StageRemoval(const DocumentRecord& doc, PendingWrite* write) {
    std::set<std::string> removed;
    std::set<std::string> triples;
    KG_ASSIGN_OR_RETURN(auto links, GetValue(storage::kDocEvidenceCf, doc.id));
    if (links.has_value()) {
      if (links->size() % storage::kEvidenceKeyBytes != 0) {
        return Status::Corruption("bad doc_evidence value for " + doc.id);
      }
      Delete(write, storage::kDocEvidenceCf, doc.id);
      for (std::size_t at = 0; at < links->size();
           at += storage::kEvidenceKeyBytes) {
        std::string_view evidence_key =
            std::string_view(*links).substr(at, storage::kEvidenceKeyBytes);
        Delete(write, storage::kEvidenceCf, evidence_key);
        removed.emplace(evidence_key);
        triples.emplace(evidence_key.substr(0, storage::kTripleKeyBytes));
      }
    }
    for (const std::string& spo_key : triples) {
      KG_RETURN_IF_ERROR(RecomputeAggregate(spo_key, removed, write));
    }
    write->counters.evidence -= removed.size();
    write->counters.documents -= 1;
    Delete(write, storage::kDocsCf, doc.id);
    Delete(write, storage::kDocHashCf, doc.content_hash);
    return Status::Ok();
  }

  // Stages one relation of document `doc_id` and appends its evidence key
  // to `links`. Requires: write_mutex_ held.
  Status AddRelation(const std::string& doc_id, const Relation& relation,
                     std::string* links, PendingWrite* write) {
    KG_ASSIGN_OR_RETURN(std::uint64_t s, EntityTermId(relation.subject, write));
    KG_ASSIGN_OR_RETURN(std::uint64_t p,
                        PredicateTermId(relation.relation, write));
    KG_ASSIGN_OR_RETURN(std::uint64_t o, EntityTermId(relation.object, write));
    if (relation.attributed_to.has_value()) {
      // Speakers become terms too, so that they can be looked up.
      KG_RETURN_IF_ERROR(EntityTermId(*relation.attributed_to, write).status());
    }
    EvidenceRecord evidence = ToEvidence(relation);
    evidence.doc = doc_id;
    std::string spo_key = storage::TripleKey(s, p, o);
    std::uint64_t evidence_id = write->counters.next_evidence_id++;
    std::string evidence_key = storage::EvidenceKey(spo_key, evidence_id);
    write->counters.evidence += 1;
    links->append(evidence_key);
    if (write->triples != nullptr) {
      write->triples->Add(s, p, o, evidence_id, evidence,
                          storage::EncodeEvidence(evidence));
      return Status::Ok();
    }
    Put(write, storage::kEvidenceCf, evidence_key,
        storage::EncodeEvidence(evidence));
    KG_ASSIGN_OR_RETURN(TripleAggregate * aggregate,
                        LoadAggregate(std::move(spo_key), s, p, o, write));
    storage::Accumulate(evidence, aggregate);
    return Status::Ok();
  }

  // The aggregate of (s, p, o) as it stands in this write, read from the
  // database on first use. Requires: write_mutex_ held.
  Result<TripleAggregate*> LoadAggregate(std::string spo_key, std::uint64_t s,
                                         std::uint64_t p, std::uint64_t o,
                                         PendingWrite* write) {
    auto pending = write->aggregates.find(spo_key);
    if (pending != write->aggregates.end()) return &pending->second.aggregate;
    PendingAggregate loaded;
    loaded.aggregate.subject = s;
    loaded.aggregate.predicate = p;
    loaded.aggregate.object = o;
    if (write->tables == nullptr) {
      if (const TripleAggregate* cached = aggregates_.Find(loaded.aggregate)) {
        loaded.aggregate = *cached;
        loaded.stored = true;
        return &write->aggregates.emplace(std::move(spo_key), std::move(loaded))
                    .first->second.aggregate;
      }
      KG_ASSIGN_OR_RETURN(auto stored, GetValue(storage::kSpoCf, spo_key));
      if (stored.has_value()) {
        KG_ASSIGN_OR_RETURN(loaded.aggregate,
                            storage::DecodeAggregate(*stored, s, p, o));
        loaded.stored = true;
      }
    }
    return &write->aggregates.emplace(std::move(spo_key), std::move(loaded))
                .first->second.aggregate;
  }

  // Recomputes a triple's aggregate from its stored evidence minus
  // `removed`. Requires: write_mutex_ held.
  Status RecomputeAggregate(const std::string& spo_key,
                            const std::set<std::string>& removed,
                            PendingWrite* write) {
    PendingAggregate recomputed;
    recomputed.aggregate = IdsFromKey(spo_key, KeyOrder::kSpo);
    recomputed.stored = true;
    KG_RETURN_IF_ERROR(ScanPrefix(
        storage::kEvidenceCf, spo_key, nullptr,
        [&](std::string_view key, std::string_view value) -> Result<bool> {
          if (removed.count(std::string(key)) > 0) return true;
          KG_ASSIGN_OR_RETURN(EvidenceRecord e, storage::DecodeEvidence(value));
          storage::Accumulate(e, &recomputed.aggregate);
          return true;
        }));
    write->aggregates[spo_key] = std::move(recomputed);
    return Status::Ok();
  }

  // Stages every touched aggregate: triples left without evidence leave
  // all three indexes, new ones enter pos and osp too. The aggregates stay
  // in `write` for Committed. Requires: write_mutex_ held.
  void FinishAggregates(PendingWrite* write) {
    for (const auto& [spo_key, pending] : write->aggregates) {
      const TripleAggregate& a = pending.aggregate;
      std::string pos_key =
          storage::TripleKey(a.predicate, a.object, a.subject);
      std::string osp_key =
          storage::TripleKey(a.object, a.subject, a.predicate);
      if (a.count == 0) {
        if (!pending.stored) continue;
        Delete(write, storage::kSpoCf, spo_key);
        Delete(write, storage::kPosCf, pos_key);
        Delete(write, storage::kOspCf, osp_key);
        write->counters.triples -= 1;
        continue;
      }
      Put(write, storage::kSpoCf, spo_key, storage::EncodeAggregate(a));
      if (pending.stored) continue;
      Put(write, storage::kPosCf, pos_key, "");
      Put(write, storage::kOspCf, osp_key, "");
      write->counters.triples += 1;
    }
    // A bulk load builds the rows from the final spo file instead.
    if (write->tables == nullptr) StageSubjectRows(write);
  }

  // One merge operand per subject touched, with the new aggregates of its
  // touched triples (count 0 for those gone). Requires: write_mutex_ held.
  void StageSubjectRows(PendingWrite* write) {
    std::vector<const TripleAggregate*> touched;
    touched.reserve(write->aggregates.size());
    for (const auto& [spo_key, pending] : write->aggregates) {
      if (pending.aggregate.count == 0 && !pending.stored) continue;
      touched.push_back(&pending.aggregate);
    }
    std::sort(touched.begin(), touched.end(),
              [](const TripleAggregate* a, const TripleAggregate* b) {
                return std::tie(a->subject, a->predicate, a->object) <
                       std::tie(b->subject, b->predicate, b->object);
              });
    rocksdb::ColumnFamilyHandle* rows = handles_[storage::kSubjectRowsCf];
    std::string operand;
    for (std::size_t i = 0; i < touched.size(); ++i) {
      if (operand.empty()) storage::StartRow(&operand);
      storage::AppendRowEntry(*touched[i], &operand);
      bool last = i + 1 == touched.size() ||
                  touched[i + 1]->subject != touched[i]->subject;
      if (!last) continue;
      write->batch.Merge(rows, storage::TermKey(touched[i]->subject), operand)
          .PermitUncheckedError();
      operand.clear();
    }
  }

  // The id stored under term_index `index_key`, in this write or the
  // database; nullopt if none. Requires: write_mutex_ held.
  Result<std::optional<std::uint64_t>> LookUpTermKey(
      const std::string& index_key, const PendingWrite& write) {
    auto pending = write.new_terms.find(index_key);
    if (pending != write.new_terms.end()) {
      return std::optional<std::uint64_t>(pending->second);
    }
    auto cached = term_ids_.find(index_key);
    if (cached != term_ids_.end()) {
      return std::optional<std::uint64_t>(cached->second);
    }
    if (write.tables != nullptr) return std::optional<std::uint64_t>();
    KG_ASSIGN_OR_RETURN(auto stored,
                        GetValue(storage::kTermIndexCf, index_key));
    if (!stored.has_value()) return std::optional<std::uint64_t>();
    if (stored->size() != storage::kIdBytes) {
      return Status::Corruption("term_index value of the wrong size");
    }
    std::uint64_t id = storage::DecodeBigEndian64(*stored);
    term_ids_.emplace(index_key, id);
    return std::optional<std::uint64_t>(id);
  }

  // Allocates the next term id for `term` under `index_key`.
  // Requires: write_mutex_ held.
  std::uint64_t CreateTerm(Term term, const std::string& index_key,
                           PendingWrite* write) {
    term.id = write->counters.next_term_id++;
    std::string id_value = storage::TermKey(term.id);
    Put(write, storage::kTermsCf, id_value, storage::EncodeTerm(term));
    Put(write, storage::kTermIndexCf, index_key, id_value);
    write->new_terms.emplace(index_key, term.id);
    return term.id;
  }

  // Requires: write_mutex_ held.
  Result<std::uint64_t> EntityTermId(const EntityRef& entity,
                                     PendingWrite* write) {
    std::string index_key = storage::EntityIndexKey(entity.id);
    KG_ASSIGN_OR_RETURN(auto known, LookUpTermKey(index_key, *write));
    std::uint64_t id = 0;
    if (known.has_value()) {
      id = *known;
    } else {
      Term term;
      term.key = entity.id;
      term.name = entity.name;
      term.type = entity.type;
      term.affiliation = entity.affiliation;
      id = CreateTerm(std::move(term), index_key, write);
      KG_RETURN_IF_ERROR(
          IndexName(entity.id, id, NameRank::kCanonicalId, write));
      KG_RETURN_IF_ERROR(
          IndexName(entity.name, id, NameRank::kCanonicalName, write));
    }
    KG_RETURN_IF_ERROR(
        IndexName(entity.text, id, NameRank::kSurfaceText, write));
    return id;
  }

  // Requires: write_mutex_ held.
  Result<std::uint64_t> PredicateTermId(const std::string& lemma,
                                        PendingWrite* write) {
    std::string index_key = storage::PredicateIndexKey(lemma);
    KG_ASSIGN_OR_RETURN(auto known, LookUpTermKey(index_key, *write));
    if (known.has_value()) return *known;
    Term term;
    term.key = lemma;
    term.name = lemma;
    term.is_predicate = true;
    return CreateTerm(std::move(term), index_key, write);
  }

  // Points the normalised `text` at term `id` unless a better-ranked entry
  // already claims it. Requires: write_mutex_ held.
  Status IndexName(std::string_view text, std::uint64_t id, NameRank rank,
                   PendingWrite* write) {
    std::string normal = storage::NormaliseName(text);
    if (normal.empty() || normal.size() > kMaxIndexedNameBytes) {
      return Status::Ok();
    }
    std::string key = storage::NameIndexKey(normal);
    KG_ASSIGN_OR_RETURN(std::optional<NameRank> claimed,
                        NameClaim(key, *write));
    if (claimed.has_value() && *claimed <= rank) return Status::Ok();
    Put(write, storage::kTermIndexCf, key, storage::NameIndexValue(id, rank));
    write->names[key] = rank;
    return Status::Ok();
  }

  // The rank of the entry claiming name key `key`, in this write or the
  // database; nullopt if none. Requires: write_mutex_ held.
  Result<std::optional<NameRank>> NameClaim(const std::string& key,
                                            const PendingWrite& write) {
    auto pending = write.names.find(key);
    if (pending != write.names.end()) {
      return std::optional<NameRank>(pending->second);
    }
    auto cached = name_ranks_.find(key);
    if (cached != name_ranks_.end()) {
      return std::optional<NameRank>(cached->second);
    }
    if (write.tables != nullptr) return std::optional<NameRank>();
    KG_ASSIGN_OR_RETURN(auto stored, GetValue(storage::kTermIndexCf, key));
    if (!stored.has_value() || stored->size() != storage::kIdBytes + 1) {
      return std::optional<NameRank>();
    }
    auto rank = static_cast<NameRank>((*stored)[storage::kIdBytes]);
    name_ranks_.emplace(key, rank);
    return std::optional<NameRank>(rank);
  }

  // Check() helpers, each adding what it finds to `problems`.
  Status CheckTerms(const rocksdb::Snapshot* at, const Counters& counters,
                    Problems* problems);
  Status CheckTriples(const rocksdb::Snapshot* at, const Counters& counters,
                      Problems* problems);
  Status CheckSubjectRows(const rocksdb::Snapshot* at, const Counters& counters,
                          Problems* problems);
  Status CheckDocuments(const rocksdb::Snapshot* at, const Counters& counters,
                        Problems* problems);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // By ColumnFamily.
  const bool read_only_;
  const std::size_t bulk_memory_bytes_;  // StoreOptions::bulk_memory_bytes.
  // The database has `subject_rows` (schema version 3); a version 2 one
  // opened read-only answers (S ? ?) from `spo`. Set by ReadSchema.
  bool subject_rows_ = true;
  std::mutex write_mutex_;  // Serialises every write.
  Counters counters_;       // Guarded by write_mutex_ (after opening).
  // Committed term_index entries the writer has seen, so that a known term
  // or name costs no database read: 'e'/'p' keys to term ids, and name keys
  // to the rank of the entry that holds them. Both only grow (terms are
  // never deleted), bounded by the dictionary. Guarded by write_mutex_.
  std::unordered_map<std::string, std::uint64_t> term_ids_;
  std::unordered_map<std::string, NameRank> name_ranks_;
  // Committed aggregates of recently written triples, so that evidence for
  // a triple the feed keeps repeating costs no read. Guarded by
  // write_mutex_.
  AggregateCache aggregates_;

  friend class RocksBulkLoad;
};

// Adds aggregate `from` (of the same triple) to `into`.
void AddAggregate(const TripleAggregate& from, TripleAggregate* into) {
  into->count += from.count;
  into->polarity_sum += from.polarity_sum;
  into->score_sum += from.score_sum;
  into->weight_sum += from.weight_sum;
  if (!from.first_date.empty() &&
      (into->first_date.empty() || from.first_date < into->first_date)) {
    into->first_date = from.first_date;
  }
  if (from.last_date > into->last_date) into->last_date = from.last_date;
}

// Writes the `subject_rows` file of a bulk load from the final `spo` rows,
// given in key order: one row per subject.
class SubjectRowFileWriter {
 public:
  SubjectRowFileWriter(const rocksdb::Options& options,
                       rocksdb::ColumnFamilyHandle* handle)
      : writer_(rocksdb::EnvOptions(), options, handle, kInvalidatePageCache) {}

  Status Open(const std::string& path) {
    path_ = path;
    return Check(writer_.Open(path));
  }

  Status Add(std::string_view spo_key, std::string_view value) {
    TripleAggregate ids = IdsFromKey(spo_key, KeyOrder::kSpo);
    KG_ASSIGN_OR_RETURN(TripleAggregate aggregate,
                        storage::DecodeAggregate(value, ids.subject,
                                                 ids.predicate, ids.object));
    if (row_.empty() || ids.subject != subject_) {
      KG_RETURN_IF_ERROR(Emit());
      subject_ = ids.subject;
      storage::StartRow(&row_);
    }
    storage::AppendRowEntry(aggregate, &row_);
    return Status::Ok();
  }

  // Whether any row was written (an empty SST file cannot be ingested).
  Result<bool> Finish() {
    KG_RETURN_IF_ERROR(Emit());
    if (!wrote_) return false;
    KG_RETURN_IF_ERROR(Check(writer_.Finish()));
    return true;
  }

 private:
  Status Emit() {
    if (row_.empty()) return Status::Ok();
    wrote_ = true;
    Status status = Check(writer_.Put(storage::TermKey(subject_), row_));
    row_.clear();
    return status;
  }

  Status Check(const rocksdb::Status& status) {
    if (status.ok()) return Status::Ok();
    return FromRocks(status, "bulk load: writing " + path_);
  }

  rocksdb::SstFileWriter writer_;
  std::string path_;
  std::uint64_t subject_ = 0;
  std::string row_;  // The current subject's row, until the next subject.
  bool wrote_ = false;
};

// Writes the rows of one column family, given in key order (equal keys in
// the order they were staged), to an SST file. Rows with equal keys fold
// into one: spo aggregates are summed (a triple seen in several runs),
// otherwise the last wins. The folded spo rows also go to `subject_rows`
// when given.
class FoldingSstWriter {
 public:
  FoldingSstWriter(const rocksdb::Options& options, ColumnFamily cf,
                   rocksdb::ColumnFamilyHandle* handle,
                   SubjectRowFileWriter* subject_rows = nullptr)
      : writer_(rocksdb::EnvOptions(), options, handle, kInvalidatePageCache),
        cf_(cf),
        subject_rows_(subject_rows) {}

  Status Open(const std::string& path) {
    path_ = path;
    return Check(writer_.Open(path));
  }

  // Adds a row whose key no other row has: written at once, not copied.
  Status AddUnique(std::string_view key, std::string_view value) {
    KG_RETURN_IF_ERROR(Emit());
    ++distinct_keys_;
    if (subject_rows_ != nullptr) {
      KG_RETURN_IF_ERROR(subject_rows_->Add(key, value));
    }
    return Check(writer_.Put(key, value));
  }

  Status Add(std::string_view key, std::string_view value) {
    if (pending_ && key == key_) {
      if (cf_ != storage::kSpoCf) {
        value_.assign(value);
        return Status::Ok();
      }
      return Fold(value);
    }
    KG_RETURN_IF_ERROR(Emit());
    key_.assign(key);
    value_.assign(value);
    pending_ = true;
    return Status::Ok();
  }

  Status Finish() {
    KG_RETURN_IF_ERROR(Emit());
    return Check(writer_.Finish());
  }

  // Distinct keys written.
  std::uint64_t distinct_keys() const { return distinct_keys_; }

 private:
  Status Fold(std::string_view value) {
    KG_ASSIGN_OR_RETURN(TripleAggregate into,
                        storage::DecodeAggregate(value_, 0, 0, 0));
    KG_ASSIGN_OR_RETURN(TripleAggregate from,
                        storage::DecodeAggregate(value, 0, 0, 0));
    AddAggregate(from, &into);
    value_ = storage::EncodeAggregate(into);
    return Status::Ok();
  }

  Status Emit() {
    if (!pending_) return Status::Ok();
    pending_ = false;
    ++distinct_keys_;
    if (subject_rows_ != nullptr) {
      KG_RETURN_IF_ERROR(subject_rows_->Add(key_, value_));
    }
    return Check(writer_.Put(key_, value_));
  }

  Status Check(const rocksdb::Status& status) {
    if (status.ok()) return Status::Ok();
    return FromRocks(status, "bulk load: writing " + path_);
  }

  rocksdb::SstFileWriter writer_;
  const ColumnFamily cf_;
  SubjectRowFileWriter* subject_rows_;
  std::string path_;
  std::string key_;    // The row waiting to be written (more rows with
  std::string value_;  // its key may follow).
  bool pending_ = false;
  std::uint64_t distinct_keys_ = 0;
};

// Feeds the rows of sorted run files to `out` in key order; of equal keys,
// those of earlier runs first.
Status MergeRuns(const rocksdb::Options& options,
                 const std::vector<std::string>& runs, FoldingSstWriter* out) {
  std::vector<std::unique_ptr<rocksdb::SstFileReader>> readers;
  std::vector<std::unique_ptr<rocksdb::Iterator>> iterators;
  rocksdb::ReadOptions read;
  read.total_order_seek = true;
  read.fill_cache = false;
  for (const std::string& run : runs) {
    readers.push_back(std::make_unique<rocksdb::SstFileReader>(options));
    rocksdb::Status opened = readers.back()->Open(run);
    if (!opened.ok()) return FromRocks(opened, "bulk load: reading " + run);
    iterators.emplace_back(readers.back()->NewIterator(read));
    iterators.back()->SeekToFirst();
  }
  // A min-heap of run indexes by (current key, run).
  auto after = [&](std::size_t a, std::size_t b) {
    int order = iterators[a]->key().compare(iterators[b]->key());
    return order != 0 ? order > 0 : a > b;
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(after)>
      heap(after);
  auto advance = [&](std::size_t run) -> Status {
    rocksdb::Iterator& it = *iterators[run];
    if (it.Valid()) {
      heap.push(run);
      return Status::Ok();
    }
    if (!it.status().ok()) {
      return FromRocks(it.status(), "bulk load: reading " + runs[run]);
    }
    return Status::Ok();
  };
  for (std::size_t run = 0; run < iterators.size(); ++run) {
    KG_RETURN_IF_ERROR(advance(run));
  }
  while (!heap.empty()) {
    std::size_t run = heap.top();
    heap.pop();
    rocksdb::Iterator& it = *iterators[run];
    KG_RETURN_IF_ERROR(
        out->Add(it.key().ToStringView(), it.value().ToStringView()));
    it.Next();
    KG_RETURN_IF_ERROR(advance(run));
  }
  return Status::Ok();
}

// A bulk load: one PendingWrite spanning every document, whose puts gather
// in BulkTables. When they outgrow the memory budget they are written out
// as sorted run files (one per column family), and Commit merges the runs
// into one SST file per column family, ingested in one atomic step.
class RocksBulkLoad final : public BulkLoad {
 public:
  RocksBulkLoad(RocksStore* store, std::size_t memory_budget)
      : store_(store),
        memory_budget_(memory_budget),
        dir_(fs::path(store->db_->GetName()) / kBulkDirectory) {
    write_.tables = &tables_;
    write_.triples = &staged_triples_;
  }

  ~RocksBulkLoad() override {
    // Files of a load that failed or was abandoned; nothing to report to.
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  Result<bool> Add(const DocumentRecord& doc,
                   const std::vector<Relation>& relations) override {
    if (!failure_.ok()) return failure_;
    KG_RETURN_IF_ERROR(ValidateDocument(doc, relations));
    if (write_.doc_hashes.count(doc.content_hash) > 0) return false;
    if (write_.doc_ids.count(doc.id) > 0) {
      return Status::InvalidArgument("document " + doc.id +
                                     " appears twice with different texts");
    }
    // The dictionary caches belong to the store; it stays empty (and its
    // writer idle) for the whole load, so they are only read.
    std::lock_guard<std::mutex> lock(store_->write_mutex_);
    Status staged = store_->StageDocument(doc, relations, &write_);
    if (staged.ok() && StagedBytes() > memory_budget_) staged = Spill();
    if (!staged.ok()) failure_ = staged;
    KG_RETURN_IF_ERROR(staged);
    return true;
  }

  Status Commit() override {
    if (!failure_.ok()) return failure_;
    failure_ = Status::NotSupported("bulk load already committed");
    std::lock_guard<std::mutex> lock(store_->write_mutex_);
    if (!IsEmpty(store_->counters_)) {
      return Status::NotSupported(
          "the database was written during the bulk load; nothing loaded");
    }
    KG_RETURN_IF_ERROR(MakeDirectory());
    std::vector<rocksdb::IngestExternalFileArg> args;
    for (std::size_t cf = 0; cf < storage::kColumnFamilyCount; ++cf) {
      if (cf == storage::kMetaCf) continue;
      KG_RETURN_IF_ERROR(WriteFinal(static_cast<ColumnFamily>(cf), &args));
    }
    // Triples seen in several runs were counted once per run.
    write_.counters.triples = triples_;
    for (auto& [key, value] : CounterValues(write_.counters)) {
      tables_[storage::kMetaCf].Add(key, value);
    }
    KG_RETURN_IF_ERROR(WriteFinal(storage::kMetaCf, &args));
    rocksdb::Status ingested = store_->db_->IngestExternalFiles(args);
    if (!ingested.ok()) return FromRocks(ingested, "bulk load ingest");
    store_->Committed(write_);
    std::error_code ignored;  // A leftover is removed by the next load.
    fs::remove_all(dir_, ignored);
    return Status::Ok();
  }

 private:
  std::size_t StagedBytes() const {
    std::size_t bytes = staged_triples_.MemoryBytes();
    for (const storage::StagedTable& table : tables_) {
      bytes += table.MemoryBytes();
    }
    return bytes;
  }

  Status MakeDirectory() {
    std::error_code error;
    if (!fs::create_directories(dir_, error) && error) {
      return Status::IOError("bulk load: " + dir_.string() + ": " +
                             error.message());
    }
    return Status::Ok();
  }

  std::string FilePath(ColumnFamily cf, std::string_view what) const {
    return (dir_ / (std::string(what) +
                    std::string(storage::kColumnFamilyNames[cf]) + ".sst"))
        .string();
  }

  // The options of `cf`'s files: uncompressed (compactions compress later;
  // compressing here cost a tenth of the load), and for runs, which are
  // only read back once in order, without filters. SstFileWriter takes the
  // last level's compression when there is a per-level list, so the list
  // goes too.
  rocksdb::Options FileOptions(ColumnFamily cf, bool run) const {
    rocksdb::Options options(store_->db_->GetDBOptions(),
                             store_->db_->GetOptions(store_->handles_[cf]));
    options.compression = rocksdb::kNoCompression;
    options.compression_per_level.clear();
    options.bottommost_compression = rocksdb::kDisableCompressionOption;
    if (run) {
      options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(
          rocksdb::BlockBasedTableOptions()));
    }
    return options;
  }

  // Families whose rows StagedTriples holds instead of a StagedTable.
  static bool IsTripleFamily(ColumnFamily cf) {
    return cf == storage::kSpoCf || cf == storage::kPosCf ||
           cf == storage::kOspCf || cf == storage::kEvidenceCf;
  }

  bool NothingStaged(ColumnFamily cf) const {
    return IsTripleFamily(cf) ? staged_triples_.empty() : tables_[cf].empty();
  }

  // Writes every staged family as a sorted run and empties the staging; the
  // aggregates in the spo run are partial sums, folded again at Commit.
  // Requires: store_->write_mutex_ held.
  Status Spill() {
    KG_RETURN_IF_ERROR(MakeDirectory());
    for (std::size_t cf = 0; cf < storage::kColumnFamilyCount; ++cf) {
      KG_RETURN_IF_ERROR(SpillTable(static_cast<ColumnFamily>(cf)));
    }
    staged_triples_.Clear();
    ++spills_;
    return Status::Ok();
  }

  Status SpillTable(ColumnFamily cf) {
    if (NothingStaged(cf)) return Status::Ok();
    std::string path = FilePath(cf, "run-" + std::to_string(spills_) + "-");
    FoldingSstWriter writer(FileOptions(cf, true), cf, nullptr);
    KG_RETURN_IF_ERROR(writer.Open(path));
    KG_RETURN_IF_ERROR(WriteStaged(cf, &writer));
    KG_RETURN_IF_ERROR(writer.Finish());
    runs_[cf].push_back(std::move(path));
    return Status::Ok();
  }

  // Writes what is staged for `cf` into `writer` in key order; a table is
  // emptied, the triples stay until Spill has written all their families.
  Status WriteStaged(ColumnFamily cf, FoldingSstWriter* writer) {
    if (IsTripleFamily(cf)) {
      // One row per triple or piece of evidence: no keys to fold.
      return staged_triples_.Write(
          cf, [&](std::string_view key, std::string_view value) {
            return writer->AddUnique(key, value);
          });
    }
    storage::StagedTable& table = tables_[cf];
    table.Sort();
    for (std::size_t i = 0; i < table.size(); ++i) {
      KG_RETURN_IF_ERROR(writer->Add(table.Key(i), table.Value(i)));
    }
    table.Clear();
    return Status::Ok();
  }

  // Writes `cf`'s final file from its runs and what is still staged, and
  // adds it to `args`.
  Status WriteFinal(ColumnFamily cf,
                    std::vector<rocksdb::IngestExternalFileArg>* args) {
    if (!runs_[cf].empty()) KG_RETURN_IF_ERROR(SpillTable(cf));
    if (runs_[cf].empty() && NothingStaged(cf)) return Status::Ok();
    std::string path = FilePath(cf, "");
    std::optional<SubjectRowFileWriter> rows;
    if (cf == storage::kSpoCf) {
      rows.emplace(FileOptions(storage::kSubjectRowsCf, false),
                   store_->handles_[storage::kSubjectRowsCf]);
      KG_RETURN_IF_ERROR(rows->Open(FilePath(storage::kSubjectRowsCf, "")));
    }
    FoldingSstWriter writer(FileOptions(cf, false), cf, store_->handles_[cf],
                            rows ? &*rows : nullptr);
    KG_RETURN_IF_ERROR(writer.Open(path));
    if (runs_[cf].empty()) {
      KG_RETURN_IF_ERROR(WriteStaged(cf, &writer));
      KG_RETURN_IF_ERROR(writer.Finish());
    } else {
      KG_RETURN_IF_ERROR(MergeRuns(FileOptions(cf, true), runs_[cf], &writer));
      KG_RETURN_IF_ERROR(writer.Finish());
      std::error_code ignored;
      for (const std::string& run : runs_[cf]) fs::remove(run, ignored);
    }
    if (cf == storage::kSpoCf) {
      triples_ = writer.distinct_keys();
      KG_ASSIGN_OR_RETURN(bool any_rows, rows->Finish());
      if (any_rows) {
        AddIngestion(storage::kSubjectRowsCf,
                     FilePath(storage::kSubjectRowsCf, ""), args);
      }
    }
    AddIngestion(cf, path, args);
    return Status::Ok();
  }

  void AddIngestion(ColumnFamily cf, const std::string& path,
                    std::vector<rocksdb::IngestExternalFileArg>* args) {
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = store_->handles_[cf];
    arg.external_files.push_back(path);
    arg.options.move_files = true;
    args->push_back(std::move(arg));
  }

  RocksStore* store_;
  const std::size_t memory_budget_;
  const fs::path dir_;
  BulkTables tables_;
  storage::StagedTriples staged_triples_;
  PendingWrite write_;
  // Sorted run files per column family, oldest first.
  std::array<std::vector<std::string>, storage::kColumnFamilyCount> runs_;
  std::size_t spills_ = 0;
  std::uint64_t triples_ = 0;  // Distinct triples, known once spo is final.
  Status failure_;             // The error that spoiled the load, if any.
};

Result<std::unique_ptr<BulkLoad>> RocksStore::StartBulkLoad() {
  if (read_only_) return Status::NotSupported("database opened read-only");
  std::lock_guard<std::mutex> lock(write_mutex_);
  if (!IsEmpty(counters_)) {
    return Status::NotSupported(
        "a bulk load needs an empty database, and this one has data; "
        "ingest without --bulk");
  }
  // Files of an earlier load that died before ingesting them.
  std::error_code error;
  fs::remove_all(fs::path(db_->GetName()) / kBulkDirectory, error);
  if (error) return Status::IOError("bulk load: " + error.message());
  auto load = std::make_unique<RocksBulkLoad>(this, bulk_memory_bytes_);
  return std::unique_ptr<BulkLoad>(std::move(load));
}

Status RocksStore::Check() {
  rocksdb::ManagedSnapshot snapshot(db_.get());
  const rocksdb::Snapshot* at = snapshot.snapshot();
  KG_ASSIGN_OR_RETURN(Counters counters, ReadCounters(at));
  Problems problems;
  KG_RETURN_IF_ERROR(CheckTerms(at, counters, &problems));
  KG_RETURN_IF_ERROR(CheckTriples(at, counters, &problems));
  KG_RETURN_IF_ERROR(CheckSubjectRows(at, counters, &problems));
  KG_RETURN_IF_ERROR(CheckDocuments(at, counters, &problems));
  return problems.ToStatus();
}

// Every row entry is its spo aggregate exactly, entries of a row are in
// increasing (predicate, object) order, and there are as many as triples,
// so rows and spo hold the same triples.
Status RocksStore::CheckSubjectRows(const rocksdb::Snapshot* at,
                                    const Counters& counters,
                                    Problems* problems) {
  if (!subject_rows_) return Status::Ok();
  std::uint64_t entries = 0;
  KG_RETURN_IF_ERROR(ScanPrefix(
      storage::kSubjectRowsCf, "", at,
      [&](std::string_view key, std::string_view value) -> Result<bool> {
        if (key.size() != storage::kIdBytes) {
          problems->Add("subject_rows key of the wrong size");
          return true;
        }
        std::uint64_t subject = storage::DecodeBigEndian64(key);
        std::string where = "subject row " + std::to_string(subject);
        storage::RowReader reader(value);
        TripleAggregate entry;
        std::optional<std::pair<std::uint64_t, std::uint64_t>> previous;
        while (reader.Next(&entry)) {
          ++entries;
          std::pair<std::uint64_t, std::uint64_t> order{entry.predicate,
                                                        entry.object};
          if (previous.has_value() && !(*previous < order)) {
            problems->Add(where + " is out of order");
          }
          previous = order;
          std::string spo_key =
              storage::TripleKey(subject, entry.predicate, entry.object);
          KG_ASSIGN_OR_RETURN(auto stored,
                              GetValue(storage::kSpoCf, spo_key, at));
          if (!stored.has_value()) {
            problems->Add(where + " holds absent triple " +
                          TripleName(spo_key));
            continue;
          }
          auto aggregate = storage::DecodeAggregate(
              *stored, subject, entry.predicate, entry.object);
          if (!aggregate.ok() || aggregate->count != entry.count ||
              aggregate->polarity_sum != entry.polarity_sum ||
              aggregate->score_sum != entry.score_sum ||
              aggregate->weight_sum != entry.weight_sum ||
              aggregate->first_date != entry.first_date ||
              aggregate->last_date != entry.last_date) {
            problems->Add(where + " differs from the aggregate of " +
                          TripleName(spo_key));
          }
        }
        if (!reader.status().ok()) {
          problems->Add(where + ": " + reader.status().message());
        }
        return true;
      }));
  if (entries != counters.triples) {
    problems->Add("subject rows hold " + std::to_string(entries) +
                  " triples, meta counts " + std::to_string(counters.triples));
  }
  return Status::Ok();
}

Status RocksStore::CheckTerms(const rocksdb::Snapshot* at,
                              const Counters& counters, Problems* problems) {
  std::uint64_t terms = 0;
  KG_RETURN_IF_ERROR(ScanPrefix(
      storage::kTermsCf, "", at,
      [&](std::string_view key, std::string_view value) -> Result<bool> {
        ++terms;
        std::uint64_t id = key.size() == storage::kIdBytes
                               ? storage::DecodeBigEndian64(key)
                               : 0;
        if (id == 0 || id >= counters.next_term_id) {
          problems->Add("term key out of range");
        } else if (!storage::DecodeTerm(value, id).ok()) {
          problems->Add("term " + std::to_string(id) + " undecodable");
        }
        return true;
      }));
  if (terms != counters.next_term_id - 1) {
    problems->Add(std::to_string(terms) + " terms but next_term_id is " +
                  std::to_string(counters.next_term_id));
  }
  return ScanPrefix(
      storage::kTermIndexCf, "", at,
      [&](std::string_view key, std::string_view value) -> Result<bool> {
        bool is_name = !key.empty() && key[0] == storage::kNameKeySpace;
        std::size_t expected = storage::kIdBytes + (is_name ? 1 : 0);
        std::uint64_t id =
            value.size() == expected ? storage::DecodeBigEndian64(value) : 0;
        if (id == 0 || id >= counters.next_term_id) {
          problems->Add("term_index entry '" + std::string(key) +
                        "' names no term");
        }
        return true;
      });
}

Status RocksStore::CheckTriples(const rocksdb::Snapshot* at,
                                const Counters& counters, Problems* problems) {
  std::uint64_t triples = 0;
  std::uint64_t evidence_in_aggregates = 0;
  auto valid_term = [&](std::uint64_t id) {
    return id > 0 && id < counters.next_term_id;
  };
  KG_RETURN_IF_ERROR(ScanPrefix(
      storage::kSpoCf, "", at,
      [&](std::string_view key, std::string_view value) -> Result<bool> {
        ++triples;
        if (key.size() != storage::kTripleKeyBytes) {
          problems->Add("spo key of the wrong size");
          return true;
        }
        std::string name = TripleName(key);
        TripleAggregate ids = IdsFromKey(key, KeyOrder::kSpo);
        if (!valid_term(ids.subject) || !valid_term(ids.predicate) ||
            !valid_term(ids.object)) {
          problems->Add("triple " + name + " names an unknown term");
        }
        auto stored = storage::DecodeAggregate(value, ids.subject,
                                               ids.predicate, ids.object);
        if (!stored.ok()) {
          problems->Add("triple " + name + ": " + stored.status().message());
          return true;
        }
        evidence_in_aggregates += stored->count;
        KG_ASSIGN_OR_RETURN(
            auto pos,
            GetValue(storage::kPosCf,
                     storage::TripleKey(ids.predicate, ids.object, ids.subject),
                     at));
        KG_ASSIGN_OR_RETURN(
            auto osp,
            GetValue(storage::kOspCf,
                     storage::TripleKey(ids.object, ids.subject, ids.predicate),
                     at));
        if (!pos.has_value() || !osp.has_value()) {
          problems->Add("triple " + name + " missing from pos or osp");
        }
        TripleAggregate summed = ids;
        KG_RETURN_IF_ERROR(ScanPrefix(
            storage::kEvidenceCf, key, at,
            [&](std::string_view,
                std::string_view evidence_value) -> Result<bool> {
              auto evidence = storage::DecodeEvidence(evidence_value);
              if (!evidence.ok()) {
                problems->Add("evidence of " + name + ": " +
                              evidence.status().message());
                return true;
              }
              storage::Accumulate(*evidence, &summed);
              return true;
            }));
        if (summed.count != stored->count ||
            summed.polarity_sum != stored->polarity_sum ||
            !NearlyEqual(summed.score_sum, stored->score_sum) ||
            !NearlyEqual(summed.weight_sum, stored->weight_sum) ||
            summed.first_date != stored->first_date ||
            summed.last_date != stored->last_date) {
          problems->Add("aggregate of " + name +
                        " differs from its evidence (count " +
                        std::to_string(stored->count) + " vs " +
                        std::to_string(summed.count) + ")");
        }
        return true;
      }));
  // Each index must hold exactly the spo triples.
  for (auto [cf, order] : {std::pair{storage::kPosCf, KeyOrder::kPos},
                           std::pair{storage::kOspCf, KeyOrder::kOsp}}) {
    std::uint64_t entries = 0;
    KG_RETURN_IF_ERROR(ScanPrefix(
        cf, "", at,
        [&, order = order](std::string_view key,
                           std::string_view) -> Result<bool> {
          ++entries;
          if (key.size() != storage::kTripleKeyBytes) {
            problems->Add("index key of the wrong size");
            return true;
          }
          TripleAggregate ids = IdsFromKey(key, order);
          std::string spo_key =
              storage::TripleKey(ids.subject, ids.predicate, ids.object);
          KG_ASSIGN_OR_RETURN(auto spo, GetValue(storage::kSpoCf, spo_key, at));
          if (!spo.has_value()) {
            problems->Add("index entry for absent triple " +
                          TripleName(spo_key));
          }
          return true;
        }));
    if (entries != triples) {
      problems->Add(std::string(storage::kColumnFamilyNames[cf]) + " holds " +
                    std::to_string(entries) + " triples, spo " +
                    std::to_string(triples));
    }
  }
  std::uint64_t evidence = 0;
  KG_RETURN_IF_ERROR(ScanPrefix(
      storage::kEvidenceCf, "", at,
      [&](std::string_view key, std::string_view) -> Result<bool> {
        ++evidence;
        if (key.size() != storage::kEvidenceKeyBytes ||
            storage::DecodeBigEndian64(key.substr(storage::kTripleKeyBytes)) >=
                counters.next_evidence_id) {
          problems->Add("evidence key out of range");
        }
        return true;
      }));
  if (evidence != evidence_in_aggregates) {
    problems->Add(std::to_string(evidence) + " evidence records but the " +
                  "aggregates count " + std::to_string(evidence_in_aggregates));
  }
  if (triples != counters.triples || evidence != counters.evidence) {
    problems->Add("meta triple or evidence count disagrees with the data");
  }
  return Status::Ok();
}

Status RocksStore::CheckDocuments(const rocksdb::Snapshot* at,
                                  const Counters& counters,
                                  Problems* problems) {
  std::uint64_t documents = 0;
  KG_RETURN_IF_ERROR(ScanPrefix(
      storage::kDocsCf, "", at,
      [&](std::string_view key, std::string_view value) -> Result<bool> {
        ++documents;
        auto doc = storage::DecodeDocument(value);
        if (!doc.ok() || doc->id != key) {
          problems->Add("document " + std::string(key) + " undecodable");
          return true;
        }
        KG_ASSIGN_OR_RETURN(
            auto by_hash, GetValue(storage::kDocHashCf, doc->content_hash, at));
        if (by_hash != std::optional<std::string>(doc->id)) {
          problems->Add("document " + doc->id + " missing from doc_hash");
        }
        return true;
      }));
  std::uint64_t hashes = 0;
  KG_RETURN_IF_ERROR(
      ScanPrefix(storage::kDocHashCf, "", at,
                 [&](std::string_view, std::string_view) -> Result<bool> {
                   ++hashes;
                   return true;
                 }));
  if (hashes != documents || documents != counters.documents) {
    problems->Add(std::to_string(documents) + " documents, " +
                  std::to_string(hashes) + " hashes, meta says " +
                  std::to_string(counters.documents));
  }
  // Each link must name a distinct piece of evidence of its own document;
  // with as many links as evidence records, every one is linked once.
  std::uint64_t links = 0;
  KG_RETURN_IF_ERROR(ScanPrefix(
      storage::kDocEvidenceCf, "", at,
      [&](std::string_view doc_id, std::string_view value) -> Result<bool> {
        if (value.empty() || value.size() % storage::kEvidenceKeyBytes != 0) {
          problems->Add("doc_evidence of " + std::string(doc_id) +
                        " of the wrong size");
          return true;
        }
        KG_ASSIGN_OR_RETURN(auto doc, GetValue(storage::kDocsCf, doc_id, at));
        if (!doc.has_value()) {
          problems->Add("doc_evidence of absent document " +
                        std::string(doc_id));
        }
        std::set<std::string_view> seen;
        for (std::size_t i = 0; i < value.size();
             i += storage::kEvidenceKeyBytes) {
          ++links;
          std::string_view evidence_key =
              value.substr(i, storage::kEvidenceKeyBytes);
          KG_ASSIGN_OR_RETURN(auto evidence,
                              GetValue(storage::kEvidenceCf, evidence_key, at));
          auto record = evidence.has_value()
                            ? storage::DecodeEvidence(*evidence)
                            : Result<EvidenceRecord>(Status::NotFound(""));
          if (!record.ok() || record->doc != doc_id ||
              !seen.insert(evidence_key).second) {
            problems->Add("doc_evidence of " + std::string(doc_id) +
                          " points at missing, repeated or foreign evidence");
          }
        }
        return true;
      }));
  if (links != counters.evidence) {
    problems->Add(std::to_string(links) + " doc_evidence links for " +
                  std::to_string(counters.evidence) + " evidence records");
  }
  return Status::Ok();
}

// Opens every column family, or all but `subject_rows` when
// `subject_rows` is false (a version 2 database read as it is). `create`
// makes the missing ones.
Result<std::unique_ptr<RocksStore>> OpenRocks(const std::string& path,
                                              const StoreOptions& options,
                                              bool read_only, bool create,
                                              bool subject_rows = true) {
  rocksdb::DBOptions db_options = DbOptions(options, read_only);
  db_options.create_if_missing = create;
  db_options.create_missing_column_families = create;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  auto descriptors = Descriptors(subject_rows);
  rocksdb::Status status =
      read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, path, descriptors,
                                         &handles, &raw)
          : rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw);
  if (IsLockError(status)) {
    return Status::Busy(
        "another kg process is using this database (an ingest?); wait for "
        "it, or use a read-only command");
  }
  if (!status.ok()) return FromRocks(status, "opening database");
  if (!subject_rows) handles.push_back(nullptr);
  return std::make_unique<RocksStore>(std::unique_ptr<rocksdb::DB>(raw),
                                      std::move(handles), read_only,
                                      options.bulk_memory_bytes);
}

Result<std::unique_ptr<Store>> OpenExisting(const std::string& path,
                                            const StoreOptions& options);

// Creates and initialises the database in a sibling directory, then renames
// it into place: a process killed half-way leaves no half-made database at
// `path` (at worst a stray `<path>.creating-<pid>` directory).
Result<std::unique_ptr<Store>> CreateDatabase(const std::string& path,
                                              const StoreOptions& options) {
  std::string base = fs::path(path).lexically_normal().string();
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  std::string building = base + ".creating-" + std::to_string(::getpid());
  std::error_code error;
  fs::remove_all(building, error);
  {
    KG_ASSIGN_OR_RETURN(auto store, OpenRocks(building, options, false, true));
    KG_RETURN_IF_ERROR(store->Initialise());
  }
  // Replaces `path` only if it is absent or an empty directory.
  fs::rename(building, base, error);
  if (error) {
    fs::remove_all(building, error);
    if (!fs::exists(fs::path(path) / "CURRENT", error)) {
      return Status::IOError("cannot create database " + path);
    }
    // Another process created it meanwhile.
  }
  return OpenExisting(path, options);
}

// Opens a directory that holds a RocksDB database, after making sure with
// read-only means that it is a kg database of a version we understand.
Result<std::unique_ptr<Store>> OpenExisting(const std::string& path,
                                            const StoreOptions& options) {
  std::vector<std::string> names;
  rocksdb::Status listed =
      rocksdb::DB::ListColumnFamilies(DbOptions(options, true), path, &names);
  if (listed.IsIOError()) return FromRocks(listed, "opening database");
  if (!listed.ok()) {
    return Status::Corruption("not a kg database (" + listed.ToString() + ")");
  }
  if (std::find(names.begin(), names.end(),
                storage::kColumnFamilyNames[storage::kMetaCf]) == names.end()) {
    return Status::Corruption("not a kg database (no meta)");
  }
  auto present = [&](std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  bool has_rows = present(storage::kColumnFamilyNames[storage::kSubjectRowsCf]);
  std::uint32_t schema = 0;
  {
    // Verify first on a read-only open: it takes no lock and writes nothing.
    KG_ASSIGN_OR_RETURN(auto reader,
                        OpenRocks(path, options, true, false, has_rows));
    KG_ASSIGN_OR_RETURN(schema, reader->ReadSchema());
    for (std::size_t cf = 0; cf < storage::kColumnFamilyCount; ++cf) {
      if (cf == storage::kSubjectRowsCf && schema < storage::kSchemaVersion) {
        continue;
      }
      if (!present(storage::kColumnFamilyNames[cf])) {
        return Status::Corruption("kg database lacks column family " +
                                  std::string(storage::kColumnFamilyNames[cf]));
      }
    }
    if (options.read_only) return std::unique_ptr<Store>(std::move(reader));
  }
  bool upgrade = schema < storage::kSchemaVersion;
  KG_ASSIGN_OR_RETURN(auto writer, OpenRocks(path, options, false, upgrade));
  if (upgrade) KG_RETURN_IF_ERROR(writer->Upgrade());
  KG_RETURN_IF_ERROR(writer->LoadCounters());
  return std::unique_ptr<Store>(std::move(writer));
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& path,
                                           const StoreOptions& options) {
  if (path.empty()) return Status::InvalidArgument("empty database path");
  std::error_code error;
  fs::file_status status = fs::status(path, error);
  bool exists = fs::exists(status);
  if (error && exists) return Status::IOError("" + error.message());
  if (exists && !fs::is_directory(status)) {
    return Status::Corruption("not a kg database (not a directory)");
  }
  bool empty = true;
  if (exists) {
    empty = fs::is_empty(path, error);
    if (error) return Status::IOError("" + error.message());
  }
  if (empty) {
    if (!options.create_if_missing || options.read_only) {
      return Status::NotFound("no kg database");
    }
    return CreateDatabase(path, options);
  }
  if (!fs::exists(fs::path(path) / "CURRENT", error)) {
    return Status::Corruption("not a kg database");
  }
  return OpenExisting(path, options);
}

}  // namespace kg
