// Encoding of the values kg stores: terms, triple aggregates, evidence and
// document records. Each value is one record-format byte followed by a
// cereal portable binary archive (little-endian) of a versioned class;
// docs/storage.md gives the bytes.
//
// Thread-safety: pure functions.
#ifndef KG_STORE_RECORDS_H_
#define KG_STORE_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "core/relation.h"
#include "store/store.h"

namespace kg::storage {

// The first byte of every record value. A reader refuses a larger one
// (NotSupported), so the encoding can change without misreading old data.
inline constexpr std::uint8_t kRecordFormat = 1;

// One piece of evidence: a relation without the parts its key already holds
// (the term ids) or its terms hold (canonical ids, names, types).
struct EvidenceRecord {
  std::string doc;
  std::string date;
  std::uint32_t sentence = 0;
  Span span;
  std::int8_t polarity = 0;
  bool negated = false;
  Modality modality = Modality::kAsserted;
  std::optional<EntityRef> attributed_to;
  double confidence = 0.0;
  double weight = 1.0;
  std::string sentence_text;
  std::string subject_text;         // Surface forms and the affiliations at
  std::string subject_affiliation;  // the document's date, which can differ
  std::string object_text;          // from one document to the next.
  std::string object_affiliation;
};

// Term::id is not encoded: it is the record's key.
std::string EncodeTerm(const Term& term);
Result<Term> DecodeTerm(std::string_view value, std::uint64_t id);

// Only the counts, sums and dates are encoded: the ids are the key.
std::string EncodeAggregate(const TripleAggregate& aggregate);
// The same bytes into `out` (replacing what it held), reusing its memory.
void EncodeAggregate(const TripleAggregate& aggregate, std::string* out);
Result<TripleAggregate> DecodeAggregate(std::string_view value,
                                        std::uint64_t subject,
                                        std::uint64_t predicate,
                                        std::uint64_t object);

std::string EncodeEvidence(const EvidenceRecord& evidence);
Result<EvidenceRecord> DecodeEvidence(std::string_view value);

std::string EncodeDocument(const DocumentRecord& doc);
Result<DocumentRecord> DecodeDocument(std::string_view value);

// Adds one piece of evidence to an aggregate (count, sums, date range).
void Accumulate(const EvidenceRecord& evidence, TripleAggregate* aggregate);

}  // namespace kg::storage

#endif  // KG_STORE_RECORDS_H_
