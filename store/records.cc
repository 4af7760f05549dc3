#include "store/records.h"

#include <cassert>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/cereal.hpp>
#include <cstring>
#include <exception>
#include <istream>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <utility>

namespace kg::storage {
namespace {

// Class versions of the archived records (CEREAL_CLASS_VERSION below).
constexpr std::uint32_t kTermVersion = 1;
constexpr std::uint32_t kAggregateVersion = 1;
constexpr std::uint32_t kEvidenceVersion = 1;
constexpr std::uint32_t kDocumentVersion = 1;

// Thrown inside a load when a class version is newer than this build's.
class NewerVersion : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void RequireKnownVersion(std::uint32_t version, std::uint32_t known) {
  if (version > known) {
    throw NewerVersion("class version " + std::to_string(version) +
                       " is newer than " + std::to_string(known));
  }
}

// Reads a stored value in place, without copying it into a stringstream.
class ViewStreambuf : public std::streambuf {
 public:
  explicit ViewStreambuf(std::string_view bytes) {
    // The get area is only ever read; std::streambuf wants char*.
    char* begin = const_cast<char*>(bytes.data());
    setg(begin, begin, begin + bytes.size());
  }
  bool AtEnd() const { return gptr() == egptr(); }
};

// A string field whose decoded length is capped by the size of its record,
// so that a corrupt length cannot ask for a huge allocation. The bytes are
// those of cereal's own std::string encoding.
struct BoundedString {
  std::string* text;
  std::size_t limit;

  template <class Archive>
  void save(Archive& ar) const {
    ar(cereal::make_size_tag(static_cast<cereal::size_type>(text->size())));
    ar(cereal::binary_data(text->data(), text->size()));
  }
  template <class Archive>
  void load(Archive& ar) {
    cereal::size_type size = 0;
    ar(cereal::make_size_tag(size));
    if (size > limit) throw cereal::Exception("string longer than its record");
    text->resize(size);
    ar(cereal::binary_data(text->data(), size));
  }
};

// An enum stored as its one-byte underlying value.
template <typename Enum>
struct ByteEnum {
  Enum* value;

  template <class Archive>
  void save(Archive& ar) const {
    ar(static_cast<std::uint8_t>(*value));
  }
  template <class Archive>
  void load(Archive& ar) {
    std::uint8_t raw = 0;
    ar(raw);
    *value = static_cast<Enum>(raw);
  }
};

// Each *Fields struct names the archived fields of one record, in order.
// Encode* wrap const records: saving only reads through the pointer.
struct TermFields {
  Term* term;
  std::size_t limit;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    RequireKnownVersion(version, kTermVersion);
    ar(BoundedString{&term->key, limit}, BoundedString{&term->name, limit},
       term->is_predicate, ByteEnum<EntityType>{&term->type},
       BoundedString{&term->affiliation, limit});
  }
};

// An EntityRef inside an evidence record (the speaker).
struct EntityRefFields {
  EntityRef* entity;
  std::size_t limit;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(BoundedString{&entity->text, limit}, BoundedString{&entity->id, limit},
       BoundedString{&entity->name, limit}, ByteEnum<EntityType>{&entity->type},
       BoundedString{&entity->affiliation, limit});
  }
};

// The optional speaker: a presence byte, then the entity when present.
struct OptionalEntityFields {
  std::optional<EntityRef>* entity;
  std::size_t limit;

  template <class Archive>
  void save(Archive& ar) const {
    bool present = entity->has_value();
    ar(present);
    if (present) ar(EntityRefFields{&**entity, limit});
  }
  template <class Archive>
  void load(Archive& ar) {
    bool present = false;
    ar(present);
    if (!present) {
      entity->reset();
      return;
    }
    entity->emplace();
    ar(EntityRefFields{&**entity, limit});
  }
};

struct EvidenceFields {
  EvidenceRecord* evidence;
  std::size_t limit;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    RequireKnownVersion(version, kEvidenceVersion);
    EvidenceRecord& e = *evidence;
    ar(BoundedString{&e.doc, limit}, BoundedString{&e.date, limit}, e.sentence,
       e.span.start, e.span.end, e.polarity, e.negated,
       ByteEnum<Modality>{&e.modality},
       OptionalEntityFields{&e.attributed_to, limit}, e.confidence, e.weight,
       BoundedString{&e.sentence_text, limit},
       BoundedString{&e.subject_text, limit},
       BoundedString{&e.subject_affiliation, limit},
       BoundedString{&e.object_text, limit},
       BoundedString{&e.object_affiliation, limit});
  }
};

struct DocumentFields {
  DocumentRecord* doc;
  std::size_t limit;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    RequireKnownVersion(version, kDocumentVersion);
    ar(BoundedString{&doc->id, limit}, BoundedString{&doc->title, limit},
       BoundedString{&doc->source, limit}, BoundedString{&doc->date, limit},
       BoundedString{&doc->content_hash, limit}, doc->sentence_count,
       doc->ingested_at, BoundedString{&doc->extractor_version, limit});
  }
};

}  // namespace
}  // namespace kg::storage

CEREAL_CLASS_VERSION(kg::storage::TermFields, kg::storage::kTermVersion)
CEREAL_CLASS_VERSION(kg::storage::EvidenceFields, kg::storage::kEvidenceVersion)
CEREAL_CLASS_VERSION(kg::storage::DocumentFields, kg::storage::kDocumentVersion)

namespace kg::storage {
namespace {

// The byte cereal's portable archive writes first: 1 = little-endian.
constexpr char kLittleEndianFlag = 1;

template <typename Fields>
std::string Encode(Fields fields) {
  std::ostringstream out;
  out.put(static_cast<char>(kRecordFormat));
  {
    cereal::PortableBinaryOutputArchive archive(
        out, cereal::PortableBinaryOutputArchive::Options::LittleEndian());
    archive(fields);
  }
  return std::move(out).str();
}

// Decodes `value` through `fields` (which point into the result).
template <typename Fields>
Status Decode(std::string_view value, Fields fields, std::string_view what) {
  std::string name(what);
  if (value.size() < 2) return Status::Corruption(name + " record truncated");
  auto format = static_cast<std::uint8_t>(value[0]);
  if (format > kRecordFormat) {
    return Status::NotSupported(name + " record format " +
                                std::to_string(format) +
                                " is newer than this kg understands");
  }
  if (format == 0 || value[1] != kLittleEndianFlag) {
    return Status::Corruption(name + " record has a bad header");
  }
  ViewStreambuf buffer(value.substr(1));
  std::istream in(&buffer);
  try {
    cereal::PortableBinaryInputArchive archive(in);
    archive(fields);
  } catch (const NewerVersion& e) {
    return Status::NotSupported(name + " record: " + e.what());
  } catch (const std::exception& e) {
    return Status::Corruption(name + " record: " + e.what());
  }
  if (!buffer.AtEnd()) {
    return Status::Corruption(name + " record has trailing bytes");
  }
  return Status::Ok();
}

}  // namespace

std::string EncodeTerm(const Term& term) {
  return Encode(TermFields{const_cast<Term*>(&term), 0});
}

Result<Term> DecodeTerm(std::string_view value, std::uint64_t id) {
  Term term;
  KG_RETURN_IF_ERROR(Decode(value, TermFields{&term, value.size()}, "term"));
  if (term.type > EntityType::kOther) {
    return Status::Corruption("term record has an unknown entity type");
  }
  term.id = id;
  return term;
}

// Aggregates are read for every row of a query and rewritten for every
// triple an ingest touches, so they skip cereal's stream machinery; the
// bytes are exactly those cereal writes for AggregateFields (storage.md).
namespace {

constexpr std::size_t kAggregateFixedBytes = 2 + 4 + 4 * 8;

std::uint64_t ReadLittleEndian(std::string_view bytes, std::size_t at,
                               int width) {
  std::uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<std::uint8_t>(bytes[at + i]);
  }
  return value;
}

double ReadDouble(std::string_view bytes, std::size_t at) {
  std::uint64_t bits = ReadLittleEndian(bytes, at, 8);
  double value = 0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Fills a buffer sized in advance, field by field: little-endian integers
// and doubles, strings after their 8-byte length (the bytes cereal's
// binary archive writes). Aggregates and evidence are encoded for every
// relation written, and one resize costs less than an append per field.
class FieldWriter {
 public:
  // Requires: exactly `size` bytes are then written.
  FieldWriter(std::string* out, std::size_t size) {
    out->resize(size);
    at_ = out->data();
    end_ = at_ + size;
  }
  ~FieldWriter() { assert(at_ == end_); }

  void Byte(int value) { *at_++ = static_cast<char>(value); }

  void LittleEndian(std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      *at_++ = static_cast<char>((value >> (8 * i)) & 0xff);
    }
  }

  void Double(double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    LittleEndian(bits, 8);
  }

  void String(std::string_view text) {
    LittleEndian(text.size(), 8);
    if (text.empty()) return;
    std::memcpy(at_, text.data(), text.size());
    at_ += text.size();
  }

 private:
  char* at_;
  const char* end_;
};

// Bytes FieldWriter::String writes for `text`.
std::size_t StringBytes(std::string_view text) { return 8 + text.size(); }

// Reads a length-prefixed string at `*at`, advancing it; false when the
// value is too short.
bool ReadString(std::string_view bytes, std::size_t* at, std::string* text) {
  if (bytes.size() - *at < 8) return false;
  std::uint64_t size = ReadLittleEndian(bytes, *at, 8);
  *at += 8;
  if (size > bytes.size() - *at) return false;
  text->assign(bytes.substr(*at, size));
  *at += size;
  return true;
}

}  // namespace

std::string EncodeAggregate(const TripleAggregate& aggregate) {
  std::string out;
  EncodeAggregate(aggregate, &out);
  return out;
}

void EncodeAggregate(const TripleAggregate& aggregate, std::string* out) {
  FieldWriter writer(out, kAggregateFixedBytes +
                              StringBytes(aggregate.first_date) +
                              StringBytes(aggregate.last_date));
  writer.Byte(kRecordFormat);
  writer.Byte(kLittleEndianFlag);
  writer.LittleEndian(kAggregateVersion, 4);
  writer.LittleEndian(aggregate.count, 8);
  writer.LittleEndian(static_cast<std::uint64_t>(aggregate.polarity_sum), 8);
  writer.Double(aggregate.score_sum);
  writer.Double(aggregate.weight_sum);
  writer.String(aggregate.first_date);
  writer.String(aggregate.last_date);
}

Result<TripleAggregate> DecodeAggregate(std::string_view value,
                                        std::uint64_t subject,
                                        std::uint64_t predicate,
                                        std::uint64_t object) {
  if (value.size() >= 1 &&
      static_cast<std::uint8_t>(value[0]) > kRecordFormat) {
    return Status::NotSupported(
        "triple aggregate record format " +
        std::to_string(static_cast<std::uint8_t>(value[0])) +
        " is newer than this kg understands");
  }
  if (value.size() < kAggregateFixedBytes || value[0] == 0 ||
      value[1] != kLittleEndianFlag) {
    return Status::Corruption("triple aggregate record truncated or bad");
  }
  auto version = static_cast<std::uint32_t>(ReadLittleEndian(value, 2, 4));
  if (version > kAggregateVersion) {
    return Status::NotSupported("triple aggregate record: class version " +
                                std::to_string(version) + " is newer than " +
                                std::to_string(kAggregateVersion));
  }
  TripleAggregate aggregate;
  aggregate.subject = subject;
  aggregate.predicate = predicate;
  aggregate.object = object;
  aggregate.count = ReadLittleEndian(value, 6, 8);
  aggregate.polarity_sum =
      static_cast<std::int64_t>(ReadLittleEndian(value, 14, 8));
  aggregate.score_sum = ReadDouble(value, 22);
  aggregate.weight_sum = ReadDouble(value, 30);
  std::size_t at = kAggregateFixedBytes;
  if (!ReadString(value, &at, &aggregate.first_date) ||
      !ReadString(value, &at, &aggregate.last_date)) {
    return Status::Corruption("triple aggregate record truncated");
  }
  if (at != value.size()) {
    return Status::Corruption("triple aggregate record has trailing bytes");
  }
  return aggregate;
}

// Written by hand for the same reason as aggregates (one per relation
// ingested); DecodeEvidence reads it back through cereal, so the tests'
// round trips prove the bytes are cereal's.
std::string EncodeEvidence(const EvidenceRecord& e) {
  // Format, flag, version; sentence and span; polarity, negated, modality,
  // speaker flag; confidence and weight.
  constexpr std::size_t kFixedBytes = 2 + 4 + 3 * 4 + 4 + 2 * 8;
  std::size_t size =
      kFixedBytes + StringBytes(e.doc) + StringBytes(e.date) +
      StringBytes(e.sentence_text) + StringBytes(e.subject_text) +
      StringBytes(e.subject_affiliation) + StringBytes(e.object_text) +
      StringBytes(e.object_affiliation);
  if (e.attributed_to.has_value()) {
    const EntityRef& speaker = *e.attributed_to;
    size += StringBytes(speaker.text) + StringBytes(speaker.id) +
            StringBytes(speaker.name) + 1 + StringBytes(speaker.affiliation);
  }
  std::string out;
  FieldWriter writer(&out, size);
  writer.Byte(kRecordFormat);
  writer.Byte(kLittleEndianFlag);
  writer.LittleEndian(kEvidenceVersion, 4);
  writer.String(e.doc);
  writer.String(e.date);
  writer.LittleEndian(e.sentence, 4);
  writer.LittleEndian(e.span.start, 4);
  writer.LittleEndian(e.span.end, 4);
  writer.Byte(e.polarity);
  writer.Byte(e.negated ? 1 : 0);
  writer.Byte(static_cast<int>(e.modality));
  writer.Byte(e.attributed_to.has_value() ? 1 : 0);
  if (e.attributed_to.has_value()) {
    const EntityRef& speaker = *e.attributed_to;
    writer.String(speaker.text);
    writer.String(speaker.id);
    writer.String(speaker.name);
    writer.Byte(static_cast<int>(speaker.type));
    writer.String(speaker.affiliation);
  }
  writer.Double(e.confidence);
  writer.Double(e.weight);
  writer.String(e.sentence_text);
  writer.String(e.subject_text);
  writer.String(e.subject_affiliation);
  writer.String(e.object_text);
  writer.String(e.object_affiliation);
  return out;
}

Result<EvidenceRecord> DecodeEvidence(std::string_view value) {
  EvidenceRecord evidence;
  KG_RETURN_IF_ERROR(
      Decode(value, EvidenceFields{&evidence, value.size()}, "evidence"));
  bool bad_type = evidence.attributed_to.has_value() &&
                  evidence.attributed_to->type > EntityType::kOther;
  if (evidence.modality > Modality::kHypothetical || bad_type) {
    return Status::Corruption("evidence record has an unknown enum value");
  }
  return evidence;
}

std::string EncodeDocument(const DocumentRecord& doc) {
  return Encode(DocumentFields{const_cast<DocumentRecord*>(&doc), 0});
}

Result<DocumentRecord> DecodeDocument(std::string_view value) {
  DocumentRecord doc;
  KG_RETURN_IF_ERROR(
      Decode(value, DocumentFields{&doc, value.size()}, "document"));
  return doc;
}

void Accumulate(const EvidenceRecord& evidence, TripleAggregate* aggregate) {
  aggregate->count += 1;
  aggregate->polarity_sum += evidence.polarity;
  aggregate->score_sum +=
      evidence.polarity * evidence.confidence * evidence.weight;
  aggregate->weight_sum += evidence.weight;
  if (evidence.date.empty()) return;
  if (aggregate->first_date.empty() || evidence.date < aggregate->first_date) {
    aggregate->first_date = evidence.date;
  }
  if (aggregate->last_date.empty() || evidence.date > aggregate->last_date) {
    aggregate->last_date = evidence.date;
  }
}

}  // namespace kg::storage
