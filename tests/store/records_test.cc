#include "store/records.h"

#include <gtest/gtest.h>

namespace kg::storage {
namespace {

TEST(RecordsTest, TermRoundTrips) {
  Term term;
  term.key = "FRE";
  term.name = "Freedonia";
  term.type = EntityType::kGroup;
  term.affiliation = "SYL";
  std::string value = EncodeTerm(term);
  EXPECT_EQ(static_cast<std::uint8_t>(value[0]), kRecordFormat);
  auto decoded = DecodeTerm(value, 42);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->id, 42u);
  EXPECT_EQ(decoded->key, term.key);
  EXPECT_EQ(decoded->name, term.name);
  EXPECT_EQ(decoded->type, term.type);
  EXPECT_EQ(decoded->affiliation, term.affiliation);
  EXPECT_FALSE(decoded->is_predicate);
}

TEST(RecordsTest, AggregateRoundTrips) {
  TripleAggregate aggregate;
  aggregate.count = 3;
  aggregate.polarity_sum = -2;
  aggregate.score_sum = -1.25;
  aggregate.weight_sum = 7.5;
  aggregate.first_date = "2023-02-01";
  aggregate.last_date = "2024-11-30";
  auto decoded = DecodeAggregate(EncodeAggregate(aggregate), 1, 2, 3);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->subject, 1u);
  EXPECT_EQ(decoded->predicate, 2u);
  EXPECT_EQ(decoded->object, 3u);
  EXPECT_EQ(decoded->count, 3u);
  EXPECT_EQ(decoded->polarity_sum, -2);
  EXPECT_EQ(decoded->score_sum, -1.25);
  EXPECT_EQ(decoded->weight_sum, 7.5);
  EXPECT_EQ(decoded->first_date, aggregate.first_date);
  EXPECT_EQ(decoded->last_date, aggregate.last_date);
}

TEST(RecordsTest, AggregateBytesFollowTheDocumentedLayout) {
  TripleAggregate aggregate;
  aggregate.count = 2;
  aggregate.polarity_sum = -1;
  aggregate.first_date = "2024-01-02";
  std::string value = EncodeAggregate(aggregate);
  // Header (6), four 8-byte numbers, two length-prefixed strings.
  ASSERT_EQ(value.size(), 6u + 32u + 8u + 10u + 8u);
  EXPECT_EQ(value[0], 1);  // Record format.
  EXPECT_EQ(value[1], 1);  // Little-endian flag.
  EXPECT_EQ(value.substr(2, 4), std::string("\x01\0\0\0", 4));
  EXPECT_EQ(value.substr(6, 8), std::string("\x02\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(value.substr(14, 8), std::string(8, '\xff'));
  EXPECT_EQ(value.substr(38, 8), std::string("\x0a\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(value.substr(46, 10), "2024-01-02");
  // Truncated or padded values are refused.
  EXPECT_TRUE(DecodeAggregate(value.substr(0, value.size() - 1), 1, 2, 3)
                  .status()
                  .IsCorruption());
  EXPECT_TRUE(DecodeAggregate(value + "x", 1, 2, 3).status().IsCorruption());
}

EvidenceRecord SampleEvidence() {
  EvidenceRecord e;
  e.doc = "doc-1";
  e.date = "2024-03-04";
  e.sentence = 5;
  e.span = {10, 57};
  e.polarity = -1;
  e.negated = true;
  e.modality = Modality::kReported;
  EntityRef speaker;
  speaker.id = "rufus_firefly";
  speaker.name = "Rufus Firefly";
  speaker.text = "Firefly";
  speaker.type = EntityType::kPerson;
  speaker.affiliation = "FRE";
  e.attributed_to = speaker;
  e.confidence = 0.75;
  e.weight = 6.5;
  e.sentence_text = "Firefly said Freedonia would not back Sylvania.";
  e.subject_text = "Freedonia";
  e.object_text = "Sylvania";
  e.object_affiliation = "";
  return e;
}

TEST(RecordsTest, EvidenceRoundTrips) {
  EvidenceRecord e = SampleEvidence();
  auto decoded = DecodeEvidence(EncodeEvidence(e));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->doc, e.doc);
  EXPECT_EQ(decoded->date, e.date);
  EXPECT_EQ(decoded->sentence, e.sentence);
  EXPECT_EQ(decoded->span, e.span);
  EXPECT_EQ(decoded->polarity, e.polarity);
  EXPECT_EQ(decoded->negated, e.negated);
  EXPECT_EQ(decoded->modality, e.modality);
  EXPECT_EQ(decoded->attributed_to, e.attributed_to);
  EXPECT_EQ(decoded->confidence, e.confidence);
  EXPECT_EQ(decoded->weight, e.weight);
  EXPECT_EQ(decoded->sentence_text, e.sentence_text);
  EXPECT_EQ(decoded->subject_text, e.subject_text);
  EXPECT_EQ(decoded->object_text, e.object_text);

  e.attributed_to.reset();
  auto without_speaker = DecodeEvidence(EncodeEvidence(e));
  ASSERT_TRUE(without_speaker.ok());
  EXPECT_FALSE(without_speaker->attributed_to.has_value());
}

TEST(RecordsTest, DocumentRoundTrips) {
  DocumentRecord doc;
  doc.id = "d";
  doc.title = "A title";
  doc.source = "news.jsonl:3";
  doc.date = "2024-01-01";
  doc.content_hash = "abc123";
  doc.sentence_count = 12;
  doc.ingested_at = -5;
  doc.extractor_version = "rules/2";
  auto decoded = DecodeDocument(EncodeDocument(doc));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->id, doc.id);
  EXPECT_EQ(decoded->title, doc.title);
  EXPECT_EQ(decoded->source, doc.source);
  EXPECT_EQ(decoded->date, doc.date);
  EXPECT_EQ(decoded->content_hash, doc.content_hash);
  EXPECT_EQ(decoded->sentence_count, doc.sentence_count);
  EXPECT_EQ(decoded->ingested_at, doc.ingested_at);
  EXPECT_EQ(decoded->extractor_version, doc.extractor_version);
}

TEST(RecordsTest, NewerRecordFormatIsNotSupported) {
  std::string value = EncodeTerm(Term{});
  value[0] = static_cast<char>(kRecordFormat + 1);
  EXPECT_TRUE(DecodeTerm(value, 1).status().IsNotSupported());
}

TEST(RecordsTest, NewerClassVersionIsNotSupported) {
  std::string value = EncodeTerm(Term{});
  // Bytes 2..5 hold the little-endian class version (docs/storage.md).
  value[2] = 9;
  EXPECT_TRUE(DecodeTerm(value, 1).status().IsNotSupported());
}

TEST(RecordsTest, DamagedValuesAreCorruptionNotCrashes) {
  std::string value = EncodeEvidence(SampleEvidence());
  for (std::size_t size = 0; size < value.size(); ++size) {
    auto decoded = DecodeEvidence(value.substr(0, size));
    EXPECT_TRUE(decoded.status().IsCorruption()) << "size " << size;
  }
  EXPECT_TRUE(DecodeEvidence(value + "x").status().IsCorruption());
  // A string length of 2^62 must be refused, not allocated. The first
  // string (doc) starts after format, endianness and class version bytes.
  std::string huge = value;
  huge[6 + 7] = 0x40;
  EXPECT_TRUE(DecodeEvidence(huge).status().IsCorruption());
  EXPECT_TRUE(DecodeDocument("").status().IsCorruption());
}

TEST(RecordsTest, AccumulateSumsAndTracksDates) {
  TripleAggregate aggregate;
  EvidenceRecord e = SampleEvidence();
  Accumulate(e, &aggregate);
  e.date = "2023-12-31";
  e.polarity = 1;
  Accumulate(e, &aggregate);
  e.date = "";
  Accumulate(e, &aggregate);
  EXPECT_EQ(aggregate.count, 3u);
  EXPECT_EQ(aggregate.polarity_sum, 1);
  EXPECT_DOUBLE_EQ(aggregate.score_sum, 0.75 * 6.5);
  EXPECT_DOUBLE_EQ(aggregate.weight_sum, 3 * 6.5);
  EXPECT_EQ(aggregate.first_date, "2023-12-31");
  EXPECT_EQ(aggregate.last_date, "2024-03-04");
}

}  // namespace
}  // namespace kg::storage
