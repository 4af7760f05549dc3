#include "graph/stance.h"

#include <gtest/gtest.h>

#include "tests/graph/fake_store.h"

namespace kg {
namespace {

using testing::Entity;
using testing::Evidence;
using testing::FakeStore;
using testing::State;

const EntityRef kArd = State("ARD", "Ardenia");
const EntityRef kBor = State("BOR", "Borvia");
const EntityRef kCel = State("CEL", "Celesta");
const EntityRef kDrv = State("DRV", "Dravon");
const EntityRef kElm = State("ELM", "Elmar");
const EntityRef kTarget = State("TGT", "Targa");
const EntityRef kSanctions =
    Entity("sanctions", "sanctions", EntityType::kTopic);

ActorGraph BuildOrDie(FakeStore& store, const GraphOptions& options = {}) {
  auto graph = ActorGraph::Build(store, options);
  EXPECT_TRUE(graph.ok()) << graph.status().ToString();
  return graph.ok() ? std::move(graph).value() : ActorGraph();
}

StanceReport StanceOrDie(const ActorGraph& graph, FakeStore& store,
                         const std::string& from, const std::string& to,
                         std::size_t max_evidence = 5) {
  auto report =
      Stance(graph, store, store.IdOf(from), store.IdOf(to), max_evidence);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return report.ok() ? std::move(report).value() : StanceReport();
}

std::vector<std::string> Keys(const std::vector<RankedActor>& ranked) {
  std::vector<std::string> keys;
  for (const RankedActor& row : ranked) keys.push_back(row.actor.key);
  return keys;
}

TEST(StanceTest, SupportAndOppositionVerdicts) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2021-01-01", 0.8, 2),
             Evidence(kArd, "praise", kBor, +1, "2021-01-02", 0.5, 2),
             Evidence(kCel, "condemn", kBor, -1, "2021-01-03", 1.0, 5),
             Evidence(kDrv, "meet", kBor, 0, "2021-01-04")});
  ActorGraph graph = BuildOrDie(store);

  StanceReport support = StanceOrDie(graph, store, "ARD", "BOR");
  EXPECT_EQ(support.verdict, kVerdictSupports);
  EXPECT_DOUBLE_EQ(support.score, 2.6);
  EXPECT_EQ(support.supporting, 2u);
  EXPECT_EQ(support.from.name, "Ardenia");
  EXPECT_EQ(support.to.name, "Borvia");
  ASSERT_EQ(support.evidence.size(), 2u);
  EXPECT_EQ(support.evidence[0].relation, "support");  // 1.6 beats 1.0.
  EXPECT_EQ(support.top_relation, "support");

  StanceReport opposition = StanceOrDie(graph, store, "CEL", "BOR");
  EXPECT_EQ(opposition.verdict, kVerdictOpposes);
  EXPECT_DOUBLE_EQ(opposition.score, -5.0);
  EXPECT_FALSE(opposition.contested);

  StanceReport neutral = StanceOrDie(graph, store, "DRV", "BOR");
  EXPECT_EQ(neutral.verdict, kVerdictNeutral);
  EXPECT_EQ(neutral.neutral, 1u);

  StanceReport none = StanceOrDie(graph, store, "BOR", "ARD");
  EXPECT_EQ(none.verdict, kVerdictNone);
  EXPECT_EQ(none.score, 0.0);
  EXPECT_TRUE(none.evidence.empty());
}

TEST(StanceTest, ScoreMatchesTheGraphEdge) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2021-01-01", 0.7, 3),
             Evidence(kArd, "support", kBor, -1, "2021-02-01", 0.9, 3),
             Evidence(kArd, "warn", kBor, -1, "2021-03-01", 0.6, 4)});
  ActorGraph graph = BuildOrDie(store);
  StanceReport report = StanceOrDie(graph, store, "ARD", "BOR");
  auto edge = graph.Edge(*graph.VertexOf(store.IdOf("ARD")),
                         *graph.VertexOf(store.IdOf("BOR")));
  ASSERT_TRUE(edge.has_value());
  EXPECT_NEAR(report.score, edge->score, 1e-12);
  EXPECT_EQ(report.supporting, edge->supporting);
  EXPECT_EQ(report.opposing, edge->opposing);
  EXPECT_EQ(report.verdict, Verdict(*edge));
}

TEST(StanceTest, ContestedNeedsMassAndPiecesOnBothSides) {
  FakeStore store;
  // Two and two of equal strength: contested.
  store.Add(
      {Evidence(kArd, "praise", kBor, +1), Evidence(kArd, "praise", kBor, +1),
       Evidence(kArd, "criticize", kBor, -1),
       Evidence(kArd, "criticize", kBor, -1),
       // Three to one: one opposing piece is too few.
       Evidence(kCel, "praise", kBor, +1), Evidence(kCel, "praise", kBor, +1),
       Evidence(kCel, "praise", kBor, +1),
       Evidence(kCel, "criticize", kBor, -1, "", 1, 2),
       // Two weak against two strong: under a quarter of the mass.
       Evidence(kDrv, "praise", kBor, +1, "", 0.1),
       Evidence(kDrv, "praise", kBor, +1, "", 0.1),
       Evidence(kDrv, "criticize", kBor, -1),
       Evidence(kDrv, "criticize", kBor, -1)});
  ActorGraph graph = BuildOrDie(store);
  StanceReport even = StanceOrDie(graph, store, "ARD", "BOR");
  EXPECT_TRUE(even.contested);
  EXPECT_EQ(even.verdict, kVerdictContested);
  EXPECT_EQ(StanceOrDie(graph, store, "CEL", "BOR").verdict, kVerdictSupports);
  EXPECT_EQ(StanceOrDie(graph, store, "DRV", "BOR").verdict, kVerdictOpposes);

  GraphOptions lenient;
  lenient.contested_min_pieces = 1;
  ActorGraph lenient_graph = BuildOrDie(store, lenient);
  EXPECT_TRUE(StanceOrDie(lenient_graph, store, "CEL", "BOR").contested);
}

TEST(StanceTest, EvidenceIsStrongestFirstAndCapped) {
  FakeStore store;
  store.Add({Evidence(kArd, "meet", kBor, 0, "2022-01-05"),
             Evidence(kArd, "praise", kBor, +1, "2022-01-01", 0.5, 1),
             Evidence(kArd, "warn", kBor, -1, "2022-01-02", 0.9, 4),
             Evidence(kArd, "support", kBor, +1, "2022-01-03", 0.6, 3),
             Evidence(kArd, "support", kBor, +1, "2022-01-04", 0.6, 3)});
  ActorGraph graph = BuildOrDie(store);
  StanceReport report = StanceOrDie(graph, store, "ARD", "BOR", 3);
  ASSERT_EQ(report.evidence.size(), 3u);
  EXPECT_EQ(report.evidence[0].relation, "warn");
  // Equal strength: the newer first.
  EXPECT_EQ(report.evidence[1].date, "2022-01-04");
  EXPECT_EQ(report.evidence[2].date, "2022-01-03");
  EXPECT_EQ(StanceOrDie(graph, store, "ARD", "BOR", 0).evidence.size(), 0u);
  EXPECT_EQ(StanceOrDie(graph, store, "ARD", "BOR", 100).evidence.size(), 5u);
}

TEST(StanceTest, FollowsTheGraphsWindow) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2018-06-01"),
             Evidence(kArd, "oppose", kBor, -1, "2024-06-01", 1, 2)});
  GraphOptions recent;
  recent.from = "2020-01-01";
  ActorGraph graph = BuildOrDie(store, recent);
  StanceReport report = StanceOrDie(graph, store, "ARD", "BOR");
  EXPECT_EQ(report.verdict, kVerdictOpposes);
  EXPECT_EQ(report.supporting, 0u);
  ASSERT_EQ(report.evidence.size(), 1u);
  EXPECT_EQ(report.evidence[0].date, "2024-06-01");
}

TEST(StanceTest, TopicsCanBeAskedAbout) {
  FakeStore store;
  store.Add({Evidence(kArd, "oppose", kSanctions, -1, "2022-01-01"),
             Evidence(kArd, "reject", kSanctions, -1, "2022-02-01")});
  GraphOptions decay;
  decay.half_life_days = 10;
  ActorGraph graph = BuildOrDie(store, decay);  // No actor edges at all.
  EXPECT_EQ(graph.num_edges(), 0u);
  StanceReport report = StanceOrDie(graph, store, "ARD", "sanctions");
  EXPECT_EQ(report.verdict, kVerdictOpposes);
  EXPECT_EQ(report.opposing, 2u);
  EXPECT_EQ(report.to.type, EntityType::kTopic);
}

TEST(StanceTest, UnknownTermsAndPredicatesAreErrors) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1)});
  ActorGraph graph = BuildOrDie(store);
  auto unknown = Stance(graph, store, store.IdOf("ARD"), 999);
  EXPECT_TRUE(unknown.status().IsNotFound());
  auto predicate =
      Stance(graph, store, store.IdOf("support", true), store.IdOf("BOR"));
  EXPECT_TRUE(predicate.status().IsInvalidArgument());
}

TEST(StanceTest, EmptyStoreHasNoAnswers) {
  FakeStore store;
  ActorGraph graph = BuildOrDie(store);
  EXPECT_TRUE(Supporters(graph, 1).empty());
  EXPECT_TRUE(Opponents(graph, 1).empty());
  EXPECT_TRUE(Stance(graph, store, 1, 2).status().IsNotFound());
}

TEST(RankingTest, SupportersBestFirstOpponentsMostNegativeFirst) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kTarget, +1, "", 1, 3),
             Evidence(kBor, "support", kTarget, +1, "", 1, 5),
             Evidence(kCel, "praise", kTarget, +1, "", 1, 1),
             Evidence(kDrv, "condemn", kTarget, -1, "", 1, 2),
             Evidence(kElm, "sanction", kTarget, -1, "", 1, 6),
             Evidence(kElm, "meet", kTarget, 0),
             Evidence(kTarget, "support", kArd, +1)});
  ActorGraph graph = BuildOrDie(store);
  const std::uint64_t target = store.IdOf("TGT");
  const auto supporters = Supporters(graph, target);
  EXPECT_EQ(Keys(supporters), (std::vector<std::string>{"BOR", "ARD", "CEL"}));
  EXPECT_DOUBLE_EQ(supporters[0].score, 5.0);
  EXPECT_EQ(supporters[0].evidence, 1u);
  const auto opponents = Opponents(graph, target);
  EXPECT_EQ(Keys(opponents), (std::vector<std::string>{"ELM", "DRV"}));
  EXPECT_DOUBLE_EQ(opponents[0].score, -6.0);
  EXPECT_EQ(opponents[0].evidence, 2u);
  // The target's own stance toward Ardenia is not support of the target.
  EXPECT_EQ(Supporters(graph, store.IdOf("ARD")).size(), 1u);
}

TEST(RankingTest, TiesBreakByEvidenceThenKey) {
  FakeStore store;
  store.Add({Evidence(kCel, "support", kTarget, +1, "", 1, 2),
             Evidence(kBor, "support", kTarget, +1, "", 1, 2),
             Evidence(kArd, "support", kTarget, +1, "", 1, 1),
             Evidence(kArd, "support", kTarget, +1, "", 1, 1)});
  ActorGraph graph = BuildOrDie(store);
  EXPECT_EQ(Keys(Supporters(graph, store.IdOf("TGT"))),
            (std::vector<std::string>{"ARD", "BOR", "CEL"}));
}

TEST(RankingTest, PersonsAreRankedWithTheirAffiliation) {
  FakeStore store;
  const EntityRef minister =
      Entity("lea_marr", "Lea Marr", EntityType::kPerson, "BOR");
  store.Add({Evidence(minister, "condemn", kTarget, -1),
             Evidence(kBor, "condemn", kTarget, -1, "", 1, 2)});
  ActorGraph graph = BuildOrDie(store);
  const auto opponents = Opponents(graph, store.IdOf("TGT"));
  ASSERT_EQ(opponents.size(), 2u);
  EXPECT_EQ(opponents[0].actor.key, "BOR");
  EXPECT_EQ(opponents[1].actor.key, "lea_marr");
  EXPECT_EQ(opponents[1].actor.affiliation, "BOR");
}

}  // namespace
}  // namespace kg
