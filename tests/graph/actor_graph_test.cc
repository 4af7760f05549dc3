#include "graph/actor_graph.h"

#include <cmath>

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
const EntityRef kSanctions =
    Entity("sanctions", "sanctions", EntityType::kTopic);

ActorGraph BuildOrDie(FakeStore& store, const GraphOptions& options = {}) {
  auto graph = ActorGraph::Build(store, options);
  EXPECT_TRUE(graph.ok()) << graph.status().ToString();
  return graph.ok() ? std::move(graph).value() : ActorGraph();
}

std::optional<ActorEdge> EdgeBetween(const ActorGraph& graph,
                                     const FakeStore& store,
                                     const std::string& from,
                                     const std::string& to) {
  auto u = graph.VertexOf(store.IdOf(from));
  auto v = graph.VertexOf(store.IdOf(to));
  if (!u || !v) return std::nullopt;
  return graph.Edge(*u, *v);
}

TEST(ActorGraphTest, EmptyStoreGivesEmptyGraph) {
  FakeStore store;
  ActorGraph graph = BuildOrDie(store);
  EXPECT_EQ(graph.num_actors(), 0u);
  EXPECT_EQ(graph.num_edges(), 0u);
  EXPECT_TRUE(graph.Edges().empty());
  EXPECT_FALSE(graph.VertexOf(1).has_value());
  EXPECT_FALSE(graph.Edge(0, 1).has_value());
}

TEST(ActorGraphTest, TwoCampsGetSignedEdges) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2020-01-01"),
             Evidence(kBor, "praise", kArd, +1, "2020-01-02"),
             Evidence(kCel, "back", kDrv, +1, "2020-01-03"),
             Evidence(kArd, "condemn", kCel, -1, "2020-01-04", 0.5, 4.0),
             Evidence(kDrv, "sanction", kBor, -1, "2020-01-05", 1.0, 2.0)});
  ActorGraph graph = BuildOrDie(store);
  EXPECT_EQ(graph.num_actors(), 4u);
  EXPECT_EQ(graph.num_edges(), 5u);

  auto ard_bor = EdgeBetween(graph, store, "ARD", "BOR");
  ASSERT_TRUE(ard_bor.has_value());
  EXPECT_DOUBLE_EQ(ard_bor->score, 1.0);
  EXPECT_EQ(ard_bor->sign(), 1);
  EXPECT_EQ(ard_bor->supporting, 1u);
  EXPECT_EQ(ard_bor->top_relation, "support");

  auto ard_cel = EdgeBetween(graph, store, "ARD", "CEL");
  ASSERT_TRUE(ard_cel.has_value());
  EXPECT_DOUBLE_EQ(ard_cel->score, -2.0);  // 0.5 confidence x 4 weight.
  EXPECT_EQ(ard_cel->sign(), -1);
  EXPECT_EQ(ard_cel->opposing, 1u);
  EXPECT_EQ(ard_cel->first_date, "2020-01-04");

  // Direction matters: nothing recorded from Celesta toward Ardenia.
  EXPECT_FALSE(EdgeBetween(graph, store, "CEL", "ARD").has_value());

  const Actor& ard = graph.actor(*graph.VertexOf(store.IdOf("ARD")));
  EXPECT_EQ(ard.key, "ARD");
  EXPECT_EQ(ard.name, "Ardenia");
  EXPECT_EQ(ard.type, EntityType::kState);
}

TEST(ActorGraphTest, EdgesAreOrderedAndMatchEdgeLookups) {
  FakeStore store;
  store.Add({Evidence(kCel, "back", kArd, +1),
             Evidence(kArd, "support", kBor, +1),
             Evidence(kArd, "condemn", kCel, -1)});
  ActorGraph graph = BuildOrDie(store);
  const std::vector<ActorEdge> edges = graph.Edges();
  ASSERT_EQ(edges.size(), 3u);
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(std::tie(edges[i - 1].source, edges[i - 1].target),
                std::tie(edges[i].source, edges[i].target));
    }
    auto same = graph.Edge(edges[i].source, edges[i].target);
    ASSERT_TRUE(same.has_value());
    EXPECT_EQ(same->score, edges[i].score);
  }
  const std::size_t ard = *graph.VertexOf(store.IdOf("ARD"));
  EXPECT_EQ(graph.OutEdges(ard).size(), 2u);
  EXPECT_EQ(graph.InEdges(ard).size(), 1u);
}

TEST(ActorGraphTest, TopicsAndSelfStancesStayOutOfTheGraph) {
  FakeStore store;
  store.Add({Evidence(kArd, "oppose", kSanctions, -1),
             Evidence(kArd, "praise", kArd, +1),
             Evidence(kBor, "support", kSanctions, +1)});
  ActorGraph graph = BuildOrDie(store);
  EXPECT_EQ(graph.num_actors(), 0u);
  EXPECT_EQ(graph.num_edges(), 0u);
  EXPECT_FALSE(graph.VertexOf(store.IdOf("sanctions")).has_value());
}

TEST(ActorGraphTest, PersonsKeepTheirAffiliation) {
  FakeStore store;
  const EntityRef leader =
      Entity("ana_voss", "Ana Voss", EntityType::kPerson, "ARD");
  store.Add({Evidence(leader, "criticize", kBor, -1)});
  ActorGraph graph = BuildOrDie(store);
  auto v = graph.VertexOf(store.IdOf("ana_voss"));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(graph.actor(*v).type, EntityType::kPerson);
  EXPECT_EQ(graph.actor(*v).affiliation, "ARD");
}

TEST(ActorGraphTest, MixedSignsInOneTripleAreCountedExactly) {
  // A negated "support" opposes: one triple, both signs, plus a neutral one.
  FakeStore store;
  store.Add(
      {Evidence(kArd, "support", kBor, +1), Evidence(kArd, "support", kBor, +1),
       Evidence(kArd, "support", kBor, -1), Evidence(kArd, "meet", kBor, 0)});
  ActorGraph graph = BuildOrDie(store);
  auto edge = EdgeBetween(graph, store, "ARD", "BOR");
  ASSERT_TRUE(edge.has_value());
  EXPECT_EQ(edge->supporting, 2u);
  EXPECT_EQ(edge->opposing, 1u);
  EXPECT_EQ(edge->neutral, 1u);
  EXPECT_EQ(edge->evidence(), 4u);
  EXPECT_DOUBLE_EQ(edge->score, 1.0);
  EXPECT_DOUBLE_EQ(edge->support_mass, 2.0);
  EXPECT_DOUBLE_EQ(edge->oppose_mass, 1.0);
}

TEST(ActorGraphTest, AggregatesAndEvidenceAgree) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2019-05-01", 0.9, 3),
             Evidence(kArd, "condemn", kBor, -1, "2019-06-01", 0.7, 6),
             Evidence(kArd, "support", kBor, -1, "2019-07-01", 0.8, 3),
             Evidence(kBor, "meet", kArd, 0, "2019-08-01")});
  ActorGraph fast = BuildOrDie(store);
  GraphOptions everything;
  everything.from = "1900-01-01";
  ActorGraph slow = BuildOrDie(store, everything);
  const auto fast_edges = fast.Edges();
  const auto slow_edges = slow.Edges();
  ASSERT_EQ(fast_edges.size(), slow_edges.size());
  for (std::size_t i = 0; i < fast_edges.size(); ++i) {
    EXPECT_NEAR(fast_edges[i].score, slow_edges[i].score, 1e-12);
    EXPECT_EQ(fast_edges[i].supporting, slow_edges[i].supporting);
    EXPECT_EQ(fast_edges[i].opposing, slow_edges[i].opposing);
    EXPECT_EQ(fast_edges[i].neutral, slow_edges[i].neutral);
    EXPECT_EQ(fast_edges[i].top_relation, slow_edges[i].top_relation);
    EXPECT_EQ(fast_edges[i].first_date, slow_edges[i].first_date);
    EXPECT_EQ(fast_edges[i].last_date, slow_edges[i].last_date);
  }
}

TEST(ActorGraphTest, TopRelationFollowsTheScoresDirection) {
  // condemn pulls hardest, but the edge is positive overall: the label must
  // name the strongest positive predicate.
  FakeStore store;
  store.Add({Evidence(kArd, "condemn", kBor, -1, "", 1, 5),
             Evidence(kArd, "praise", kBor, +1, "", 1, 4),
             Evidence(kArd, "support", kBor, +1, "", 1, 3)});
  ActorGraph graph = BuildOrDie(store);
  auto edge = EdgeBetween(graph, store, "ARD", "BOR");
  ASSERT_TRUE(edge.has_value());
  EXPECT_DOUBLE_EQ(edge->score, 2.0);
  EXPECT_EQ(edge->top_relation, "praise");
}

TEST(ActorGraphTest, WindowChangesTheScore) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2020-03-01", 1, 2),
             Evidence(kArd, "support", kBor, +1, "2020-04-01", 1, 2),
             Evidence(kArd, "sanction", kBor, -1, "2023-03-01", 1, 3),
             Evidence(kArd, "meet", kBor, 0, "")});
  auto all = EdgeBetween(BuildOrDie(store), store, "ARD", "BOR");
  ASSERT_TRUE(all.has_value());
  EXPECT_DOUBLE_EQ(all->score, 1.0);
  EXPECT_EQ(all->evidence(), 4u);

  GraphOptions early;
  early.to = "2021-12-31";
  ActorGraph early_graph = BuildOrDie(store, early);
  auto before = EdgeBetween(early_graph, store, "ARD", "BOR");
  ASSERT_TRUE(before.has_value());
  EXPECT_DOUBLE_EQ(before->score, 4.0);
  EXPECT_EQ(before->evidence(), 2u);  // The undated meeting is out too.
  EXPECT_EQ(before->last_date, "2020-04-01");

  GraphOptions late;
  late.from = "2022-01-01";
  ActorGraph late_graph = BuildOrDie(store, late);
  auto after = EdgeBetween(late_graph, store, "ARD", "BOR");
  ASSERT_TRUE(after.has_value());
  EXPECT_DOUBLE_EQ(after->score, -3.0);
  EXPECT_EQ(after->sign(), -1);

  GraphOptions empty_window;
  empty_window.from = "2021-01-01";
  empty_window.to = "2021-12-31";
  ActorGraph none = BuildOrDie(store, empty_window);
  EXPECT_EQ(none.num_edges(), 0u);
  EXPECT_EQ(none.num_actors(), 0u);
}

TEST(ActorGraphTest, DecayFavoursRecentEvidence) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2020-01-01", 1, 4),
             Evidence(kArd, "criticize", kBor, -1, "2020-03-01", 1, 3)});
  auto undecayed = EdgeBetween(BuildOrDie(store), store, "ARD", "BOR");
  ASSERT_TRUE(undecayed.has_value());
  EXPECT_DOUBLE_EQ(undecayed->score, 1.0);

  GraphOptions decay;
  decay.half_life_days = 30;  // Reference: the latest date, 2020-03-01.
  ActorGraph graph = BuildOrDie(store, decay);
  auto decayed = EdgeBetween(graph, store, "ARD", "BOR");
  ASSERT_TRUE(decayed.has_value());
  const double age_days = 60;  // 2020-01-01 .. 2020-03-01 (leap year).
  EXPECT_NEAR(decayed->score, 4 * std::exp2(-age_days / 30) - 3, 1e-12);
  EXPECT_EQ(decayed->sign(), -1);

  GraphOptions later_reference = decay;
  later_reference.as_of = "2020-03-31";
  ActorGraph later = BuildOrDie(store, later_reference);
  auto shifted = EdgeBetween(later, store, "ARD", "BOR");
  ASSERT_TRUE(shifted.has_value());
  EXPECT_NEAR(shifted->score, 0.5 * decayed->score, 1e-12);
}

TEST(ActorGraphTest, BadOptionsAreInvalidArgument) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1)});
  GraphOptions options;
  options.to = "2020-02-31";
  EXPECT_TRUE(ActorGraph::Build(store, options).status().IsInvalidArgument());
}

TEST(ActorGraphTest, StoreErrorsPropagate) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1)});
  store.FailWith(Status::IOError("disk on fire"));
  auto graph = ActorGraph::Build(store, {});
  ASSERT_FALSE(graph.ok());
  EXPECT_TRUE(graph.status().IsIOError());
}

}  // namespace
}  // namespace kg
