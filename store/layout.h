// The on-disk layout of a kg database: column family names, meta keys and
// the encoding of every key. docs/storage.md describes it byte by byte; keep
// the two in step, and bump kSchemaVersion when either changes shape.
//
// Thread-safety: pure functions and constants.
#ifndef KG_STORE_LAYOUT_H_
#define KG_STORE_LAYOUT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kg::storage {

// Version of the layout as a whole, kept in meta. A database written by a
// newer version is refused (NotSupported) rather than misread.
// Version 2 keeps one `doc_evidence` value per document (version 1 had one
// key per piece of evidence); version 1 databases are refused. Version 3
// adds `subject_rows`; a version 2 database is upgraded when it is opened
// for writing (the rows are built from `spo`).
inline constexpr std::uint32_t kSchemaVersion = 3;
// The oldest version this build upgrades, and the last one without
// `subject_rows`.
inline constexpr std::uint32_t kUpgradableSchemaVersion = 2;
// Value of the meta "magic" key; its absence means "not a kg database".
inline constexpr std::string_view kMagic = "KGDB";

// Column families, in the order Store opens them (index = ColumnFamily).
enum ColumnFamily : std::size_t {
  kDefaultCf = 0,  // Unused; RocksDB requires it.
  kTermsCf,
  kTermIndexCf,
  kSpoCf,
  kPosCf,
  kOspCf,
  kEvidenceCf,
  kDocsCf,
  kDocHashCf,
  kDocEvidenceCf,
  kMetaCf,
  kSubjectRowsCf,  // Since version 3; last, so older ones keep their index.
  kColumnFamilyCount,
};
inline constexpr std::array<std::string_view, kColumnFamilyCount>
    kColumnFamilyNames = {"default",      "terms", "term_index",
                          "spo",          "pos",   "osp",
                          "evidence",     "docs",  "doc_hash",
                          "doc_evidence", "meta",  "subject_rows"};

// Keys of the meta column family. Values are raw big-endian integers
// (4 bytes for the schema version, 8 for the counters) or the magic bytes.
inline constexpr std::string_view kMetaMagic = "magic";
inline constexpr std::string_view kMetaSchemaVersion = "schema_version";
inline constexpr std::string_view kMetaNextTermId = "next_term_id";
inline constexpr std::string_view kMetaNextEvidenceId = "next_evidence_id";
inline constexpr std::string_view kMetaDocumentCount = "document_count";
inline constexpr std::string_view kMetaTripleCount = "triple_count";
inline constexpr std::string_view kMetaEvidenceCount = "evidence_count";

// Width of one term id in an index key, and of a whole triple key.
inline constexpr std::size_t kIdBytes = 8;
inline constexpr std::size_t kTripleKeyBytes = 3 * kIdBytes;
inline constexpr std::size_t kEvidenceKeyBytes = kTripleKeyBytes + kIdBytes;

void AppendBigEndian32(std::string* out, std::uint32_t value);
void AppendBigEndian64(std::string* out, std::uint64_t value);
// Writes `value` big-endian into out[0..7].
void PutBigEndian64(std::uint64_t value, char* out);
// Requires: `bytes` holds at least 4 (resp. 8) bytes.
std::uint32_t DecodeBigEndian32(std::string_view bytes);
std::uint64_t DecodeBigEndian64(std::string_view bytes);

// Key of a term in the `terms` column family.
std::string TermKey(std::uint64_t id);

// Three ids in the order given: spo keys take (s, p, o), pos keys (p, o, s),
// osp keys (o, s, p).
std::string TripleKey(std::uint64_t first, std::uint64_t second,
                      std::uint64_t third);

// Key of one piece of evidence: its triple's spo key and its evidence id.
std::string EvidenceKey(std::string_view spo_key, std::uint64_t evidence_id);

// A `doc_evidence` value (keyed by the document id) is the document's
// evidence keys, kEvidenceKeyBytes each, one after the other.

// `term_index` keys. The first byte names the key space.
inline constexpr char kEntityKeySpace = 'e';     // Exact canonical id.
inline constexpr char kPredicateKeySpace = 'p';  // Exact relation lemma.
inline constexpr char kNameKeySpace = 'n';       // Normalised name or alias.
std::string EntityIndexKey(std::string_view canonical_id);
std::string PredicateIndexKey(std::string_view lemma);
std::string NameIndexKey(std::string_view normalised_name);

// How a name entry came to point at its term; a lower rank wins when two
// entities claim the same normalised name.
enum class NameRank : std::uint8_t {
  kCanonicalId = 0,
  kCanonicalName = 1,
  kSurfaceText = 2,
};
// A name entry's value: the term id (8 bytes) then the rank (1 byte).
std::string NameIndexValue(std::uint64_t term_id, NameRank rank);

// The smallest key greater than every key starting with `prefix`, or empty
// when there is none (the prefix is all 0xff bytes).
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace kg::storage

#endif  // KG_STORE_LAYOUT_H_
