// storage::StagedTriples: the triples and evidence of a bulk load, written
// out per column family in key order.
#include "store/staged_triples.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "store/layout.h"
#include "store/records.h"

namespace kg::storage {
namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

Rows WriteAll(StagedTriples* staged, ColumnFamily cf) {
  Rows rows;
  Status status =
      staged->Write(cf, [&](std::string_view key, std::string_view value) {
        rows.emplace_back(std::string(key), std::string(value));
        return Status::Ok();
      });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return rows;
}

EvidenceRecord Evidence(int polarity, std::string date, std::string text) {
  EvidenceRecord evidence;
  evidence.doc = "doc";
  evidence.date = std::move(date);
  evidence.polarity = static_cast<std::int8_t>(polarity);
  evidence.confidence = 0.5;
  evidence.sentence_text = std::move(text);
  return evidence;
}

struct Staged {
  std::uint64_t s, p, o, evidence_id;
  EvidenceRecord evidence;
};

// Random triples over few ids (so that they repeat), with evidence texts
// long enough to fill several arena blocks.
std::vector<Staged> RandomStaging(int pieces) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<std::uint64_t> id(1, 40);
  std::uniform_int_distribution<int> polarity(-1, 1);
  std::vector<Staged> out;
  for (int i = 0; i < pieces; ++i) {
    std::string date =
        "2025-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
    out.push_back({id(rng) << 40, id(rng), id(rng) * 1000003,
                   static_cast<std::uint64_t>(100 + 3 * i),
                   Evidence(polarity(rng), date,
                            std::string(600 + i % 50, 'a' + i % 26))});
  }
  return out;
}

TEST(StagedTriplesTest, EveryFamilyComesOutSortedAndComplete) {
  std::vector<Staged> input = RandomStaging(5000);
  StagedTriples staged;
  EXPECT_TRUE(staged.empty());
  std::map<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>,
           TripleAggregate>
      model;
  std::map<std::string, std::string> evidence_rows;
  for (const Staged& piece : input) {
    std::string encoded = EncodeEvidence(piece.evidence);
    staged.Add(piece.s, piece.p, piece.o, piece.evidence_id, piece.evidence,
               encoded);
    TripleAggregate& aggregate = model[{piece.s, piece.p, piece.o}];
    aggregate.subject = piece.s;
    aggregate.predicate = piece.p;
    aggregate.object = piece.o;
    Accumulate(piece.evidence, &aggregate);
    evidence_rows[EvidenceKey(TripleKey(piece.s, piece.p, piece.o),
                              piece.evidence_id)] = encoded;
  }
  EXPECT_FALSE(staged.empty());
  EXPECT_GT(staged.MemoryBytes(), input.size() * 600);

  Rows spo = WriteAll(&staged, kSpoCf);
  ASSERT_EQ(spo.size(), model.size());
  auto expected = model.begin();
  for (const auto& [key, value] : spo) {
    const auto& [s, p, o] = expected->first;
    EXPECT_EQ(key, TripleKey(s, p, o));
    EXPECT_EQ(value, EncodeAggregate(expected->second));
    ++expected;
  }

  Rows evidence = WriteAll(&staged, kEvidenceCf);
  Rows expected_evidence(evidence_rows.begin(), evidence_rows.end());
  EXPECT_EQ(evidence, expected_evidence);

  for (ColumnFamily cf : {kPosCf, kOspCf}) {
    Rows index = WriteAll(&staged, cf);
    std::vector<std::string> keys;
    for (const auto& [s_p_o, aggregate] : model) {
      const auto& [s, p, o] = s_p_o;
      keys.push_back(cf == kPosCf ? TripleKey(p, o, s) : TripleKey(o, s, p));
    }
    std::sort(keys.begin(), keys.end());
    ASSERT_EQ(index.size(), keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      EXPECT_EQ(index[i].first, keys[i]);
      EXPECT_TRUE(index[i].second.empty());
    }
  }

  // The order kept from the last write is not reused for another family.
  EXPECT_EQ(WriteAll(&staged, kSpoCf), spo);

  std::size_t held = staged.MemoryBytes();
  staged.Clear();
  EXPECT_TRUE(staged.empty());
  EXPECT_LT(staged.MemoryBytes(), held);
  EXPECT_TRUE(WriteAll(&staged, kSpoCf).empty());
}

TEST(StagedTriplesTest, SinkErrorStopsTheWrite) {
  StagedTriples staged;
  EvidenceRecord evidence = Evidence(1, "2025-01-01", "x");
  std::string encoded = EncodeEvidence(evidence);
  for (std::uint64_t i = 1; i <= 10; ++i)
    staged.Add(i, 1, 2, i, evidence, encoded);
  int calls = 0;
  Status status =
      staged.Write(kEvidenceCf, [&](std::string_view, std::string_view) {
        return ++calls == 3 ? Status::IOError("disk full") : Status::Ok();
      });
  EXPECT_TRUE(status.IsIOError());
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace kg::storage
