#include "graph/paths.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "graph/centrality.h"
#include "tests/graph/fake_store.h"

namespace kg {
namespace {

using testing::Evidence;
using testing::FakeStore;
using testing::State;

const EntityRef kArd = State("ARD", "Ardenia");
const EntityRef kBor = State("BOR", "Borvia");
const EntityRef kCel = State("CEL", "Celesta");
const EntityRef kDrv = State("DRV", "Dravon");
const EntityRef kEst = State("EST", "Estmark");

struct Fixture {
  FakeStore store;
  ActorGraph graph;
  SignedView view;

  void Build() {
    auto built = ActorGraph::Build(store, {});
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    graph = std::move(built).value();
    view = SignedView::Build(graph, {});
  }
  std::size_t V(const EntityRef& entity) const {
    return *graph.VertexOf(store.IdOf(entity.id));
  }
  std::vector<std::string> Keys(const ActorPath& path) const {
    std::vector<std::string> keys{graph.actor(path.steps.at(0).from).key};
    for (const PathStep& step : path.steps) {
      keys.push_back(graph.actor(step.to).key);
    }
    return keys;
  }
};

TEST(PathsTest, StrongestPathPrefersHeavyEvidence) {
  Fixture f;
  // Two routes from A to D: through B (weak links) and through C (strong).
  f.store.Add({Evidence(kArd, "support", kBor, +1, "", 0.2),
               Evidence(kBor, "support", kDrv, +1, "", 0.2),
               Evidence(kArd, "support", kCel, +1, "", 1.0, 5.0),
               Evidence(kCel, "condemn", kDrv, -1, "", 1.0, 5.0)});
  f.Build();
  auto path = StrongestPath(f.graph, f.view, f.V(kArd), f.V(kDrv), {});
  ASSERT_TRUE(path.has_value());
  EXPECT_EQ(f.Keys(*path), (std::vector<std::string>{"ARD", "CEL", "DRV"}));
  EXPECT_EQ(path->sign, -1);
  EXPECT_NEAR(path->strength, (5.0 / 6.0) * (5.0 / 6.0), 1e-12);
}

TEST(PathsTest, DisconnectedActorsHaveNoPath) {
  Fixture f;
  f.store.Add({Evidence(kArd, "support", kBor, +1),
               Evidence(kCel, "support", kDrv, +1)});
  f.Build();
  EXPECT_FALSE(StrongestPath(f.graph, f.view, f.V(kArd), f.V(kDrv), {}));
  EXPECT_FALSE(StrongestPath(f.graph, f.view, f.V(kArd), f.V(kArd), {}));
}

TEST(PathsTest, FriendOfMyEnemyIsMyEnemy) {
  Fixture f;
  // A opposes B; B is allied with C; A and C never met: A likely opposes C.
  f.store.Add({Evidence(kArd, "condemn", kBor, -1),
               Evidence(kBor, "support", kCel, +1)});
  f.Build();
  auto inferred = InferStance(f.graph, f.view, f.V(kArd), f.V(kCel), {});
  ASSERT_TRUE(inferred.has_value());
  EXPECT_LT(inferred->score, 0);
  EXPECT_EQ(inferred->agreeing, 1u);
  EXPECT_EQ(inferred->disagreeing, 0u);
  EXPECT_EQ(f.Keys(inferred->strongest),
            (std::vector<std::string>{"ARD", "BOR", "CEL"}));
}

TEST(PathsTest, EnemyOfMyEnemyThroughThreeHops) {
  Fixture f;
  // A-B enemies, B-C enemies, C-D friends: A and D friends by balance.
  f.store.Add({Evidence(kArd, "condemn", kBor, -1),
               Evidence(kCel, "condemn", kBor, -1),
               Evidence(kCel, "support", kDrv, +1)});
  f.Build();
  auto inferred = InferStance(f.graph, f.view, f.V(kArd), f.V(kDrv), {});
  ASSERT_TRUE(inferred.has_value());
  EXPECT_GT(inferred->score, 0);
  EXPECT_EQ(inferred->strongest.steps.size(), 3u);
  PathOptions two_hops;
  two_hops.max_hops = 2;
  EXPECT_FALSE(InferStance(f.graph, f.view, f.V(kArd), f.V(kDrv), two_hops));
}

TEST(PathsTest, ContestedChainsAreCounted) {
  Fixture f;
  // Via B: A friend of B, B friend of E (positive). Via C: A friend of C,
  // C enemy of E, more strongly (negative wins).
  f.store.Add({Evidence(kArd, "support", kBor, +1, "", 0.3),
               Evidence(kBor, "support", kEst, +1, "", 0.3),
               Evidence(kArd, "support", kCel, +1, "", 1.0, 4.0),
               Evidence(kCel, "condemn", kEst, -1, "", 1.0, 4.0)});
  f.Build();
  auto inferred = InferStance(f.graph, f.view, f.V(kArd), f.V(kEst), {});
  ASSERT_TRUE(inferred.has_value());
  EXPECT_LT(inferred->score, 0);
  EXPECT_EQ(inferred->agreeing, 1u);
  EXPECT_EQ(inferred->disagreeing, 1u);
  EXPECT_EQ(inferred->strongest.sign, -1);
}

TEST(PathsTest, NoChainNoInference) {
  Fixture f;
  f.store.Add(
      {Evidence(kArd, "support", kBor, +1), Evidence(kCel, "meet", kBor, 0)});
  f.Build();
  // The only chain runs through a neutral link, which carries no sign.
  EXPECT_FALSE(InferStance(f.graph, f.view, f.V(kArd), f.V(kCel), {}));
  // But the neutral link still connects them for paths.
  auto path = StrongestPath(f.graph, f.view, f.V(kArd), f.V(kCel), {});
  ASSERT_TRUE(path.has_value());
  EXPECT_EQ(path->sign, 0);
}

TEST(CentralityTest, BrokerBetweenTwoBlocsRanksFirst) {
  Fixture f;
  // Two pairs joined only through C.
  f.store.Add({Evidence(kArd, "support", kBor, +1),
               Evidence(kBor, "support", kCel, +1),
               Evidence(kCel, "condemn", kDrv, -1),
               Evidence(kDrv, "support", kEst, +1)});
  f.Build();
  std::vector<CentralActor> central = Centrality(f.graph, {});
  ASSERT_EQ(central.size(), 5u);
  EXPECT_EQ(f.graph.actor(central[0].vertex).key, "CEL");
  // C lies on the paths between {A, B} and {D, E}: 4 pairs, plus B-D, A-D..
  // exactly: pairs (A,D),(A,E),(B,D),(B,E) = 4.
  EXPECT_DOUBLE_EQ(central[0].betweenness, 4.0);
  EXPECT_EQ(central[0].degree, 2u);
  EXPECT_EQ(central[0].positive, 1u);
  EXPECT_EQ(central[0].negative, 1u);
  // The leaves are brokers of nothing.
  EXPECT_DOUBLE_EQ(central.back().betweenness, 0.0);
}

TEST(CentralityTest, EmptyGraph) {
  FakeStore store;
  auto graph = ActorGraph::Build(store, {});
  ASSERT_TRUE(graph.ok());
  EXPECT_TRUE(Centrality(*graph, {}).empty());
}

}  // namespace
}  // namespace kg
