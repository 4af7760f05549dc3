#include "graph/alliances.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/graph/fake_store.h"

namespace kg {
namespace {

using testing::Evidence;
using testing::FakeStore;
using testing::State;

EntityRef Numbered(int i) {
  return State("S" + std::to_string(i), "State " + std::to_string(i));
}

ActorGraph BuildOrDie(FakeStore& store, const GraphOptions& options = {}) {
  auto graph = ActorGraph::Build(store, options);
  EXPECT_TRUE(graph.ok()) << graph.status().ToString();
  return graph.ok() ? std::move(graph).value() : ActorGraph();
}

// The blocs as sets of actor keys, in report order.
std::vector<std::set<std::string>> KeyBlocs(const ActorGraph& graph,
                                            const AllianceReport& report) {
  std::vector<std::set<std::string>> blocs;
  for (const Bloc& bloc : report.blocs) {
    std::set<std::string> keys;
    for (std::size_t v : bloc.members) keys.insert(graph.actor(v).key);
    blocs.push_back(keys);
  }
  return blocs;
}

std::set<std::string> AloneKeys(const ActorGraph& graph,
                                const AllianceReport& report) {
  std::set<std::string> keys;
  for (std::size_t v : report.alone) keys.insert(graph.actor(v).key);
  return keys;
}

// Camps of `size` states each: friends inside, enemies between, every pair
// linked with probability `density` (a chain inside each camp keeps it
// connected). The relations are returned in a shuffled order.
std::vector<Relation> Camps(int camps, int size, double density,
                            unsigned seed) {
  std::mt19937 random(seed);
  std::bernoulli_distribution linked(density);
  std::uniform_real_distribution<double> confidence(0.2, 1.0);
  std::vector<Relation> relations;
  const int n = camps * size;
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) {
      const bool same = a / size == b / size;
      const bool chain = same && b == a + 1;
      if (!chain && !linked(random)) continue;
      relations.push_back(Evidence(Numbered(a), same ? "support" : "condemn",
                                   Numbered(b), same ? +1 : -1, "",
                                   confidence(random)));
    }
  }
  std::shuffle(relations.begin(), relations.end(), random);
  return relations;
}

TEST(AlliancesTest, EmptyGraphHasNoBlocs) {
  FakeStore store;
  AllianceReport report = FindAlliances(BuildOrDie(store), {});
  EXPECT_TRUE(report.blocs.empty());
  EXPECT_EQ(report.signed_links, 0u);
  EXPECT_EQ(report.frustration, 0);
}

TEST(AlliancesTest, BalancedTwoCampsSplitCleanly) {
  FakeStore store;
  const EntityRef a = State("ARD", "Ardenia"), b = State("BOR", "Borvia"),
                  c = State("CEL", "Celesta"), d = State("DRV", "Dravon");
  store.Add({Evidence(a, "support", b, +1), Evidence(c, "back", d, +1),
             Evidence(a, "condemn", c, -1), Evidence(d, "sanction", b, -1),
             Evidence(b, "criticize", c, -1)});
  ActorGraph graph = BuildOrDie(store);
  AllianceReport report = FindAlliances(graph, {});
  auto blocs = KeyBlocs(graph, report);
  ASSERT_EQ(blocs.size(), 2u);
  EXPECT_TRUE(std::count(blocs.begin(), blocs.end(),
                         std::set<std::string>{"ARD", "BOR"}) == 1);
  EXPECT_TRUE(std::count(blocs.begin(), blocs.end(),
                         std::set<std::string>{"CEL", "DRV"}) == 1);
  EXPECT_EQ(report.frustration, 0);
  EXPECT_EQ(report.frustrated_links, 0u);
  EXPECT_EQ(report.signed_links, 5u);
  for (const Bloc& bloc : report.blocs) {
    EXPECT_EQ(bloc.cohesion, 1.0);
    EXPECT_TRUE(bloc.frustrated.empty());
  }
}

TEST(AlliancesTest, ThreeBlocs) {
  FakeStore store;
  store.Add(Camps(3, 4, 0.8, 7));
  ActorGraph graph = BuildOrDie(store);
  AllianceReport report = FindAlliances(graph, {});
  auto blocs = KeyBlocs(graph, report);
  ASSERT_EQ(blocs.size(), 3u);
  for (int camp = 0; camp < 3; ++camp) {
    std::set<std::string> expected;
    for (int i = 0; i < 4; ++i)
      expected.insert("S" + std::to_string(camp * 4 + i));
    EXPECT_EQ(std::count(blocs.begin(), blocs.end(), expected), 1) << camp;
  }
  EXPECT_EQ(report.frustration, 0);
}

TEST(AlliancesTest, FrustratedTriangleCutsTheWeakestLink) {
  FakeStore store;
  const EntityRef a = State("ARD", "Ardenia"), b = State("BOR", "Borvia"),
                  c = State("CEL", "Celesta");
  // A and B close, B and C close, A and C mildly hostile: no split satisfies
  // all three; the cheapest leaves the weak hostility inside one bloc.
  store.Add({Evidence(a, "support", b, +1, "", 1.0, 3.0),
             Evidence(b, "support", c, +1, "", 1.0, 2.0),
             Evidence(a, "criticize", c, -1, "", 1.0, 1.0)});
  ActorGraph graph = BuildOrDie(store);
  AllianceReport report = FindAlliances(graph, {});
  ASSERT_EQ(report.blocs.size(), 1u);
  EXPECT_EQ(report.blocs[0].members.size(), 3u);
  EXPECT_EQ(report.frustrated_links, 1u);
  EXPECT_DOUBLE_EQ(report.frustration, 1.0);
  EXPECT_DOUBLE_EQ(report.blocs[0].cohesion, 5.0 / 6.0);
  ASSERT_EQ(report.blocs[0].frustrated.size(), 1u);
  EXPECT_DOUBLE_EQ(report.blocs[0].frustrated[0].weight, -1.0);

  // Make the hostility the heaviest link: now C leaves (or A does) and the
  // cut positive link B-C is the frustration.
  store.Add({Evidence(a, "condemn", c, -1, "", 1.0, 5.0)});
  ActorGraph hostile = BuildOrDie(store);
  AllianceReport split = FindAlliances(hostile, {});
  // A pair and one actor on its own.
  EXPECT_EQ(split.blocs.size(), 1u);
  EXPECT_EQ(split.alone.size(), 1u);
  EXPECT_DOUBLE_EQ(split.frustration, 2.0);
}

TEST(AlliancesTest, BothDirectionsAreSummed) {
  FakeStore store;
  const EntityRef a = State("ARD", "Ardenia"), b = State("BOR", "Borvia");
  // A praises B a little, B condemns A a lot: net hostile, two blocs.
  store.Add({Evidence(a, "praise", b, +1, "", 1.0, 1.0),
             Evidence(b, "condemn", a, -1, "", 1.0, 3.0)});
  ActorGraph graph = BuildOrDie(store);
  AllianceReport report = FindAlliances(graph, {});
  EXPECT_TRUE(report.blocs.empty());
  EXPECT_EQ(report.alone.size(), 2u);
  EXPECT_EQ(report.signed_links, 1u);
  EXPECT_EQ(report.frustration, 0);
}

TEST(AlliancesTest, MinEvidenceDropsThinLinks) {
  FakeStore store;
  const EntityRef a = State("ARD", "Ardenia"), b = State("BOR", "Borvia"),
                  c = State("CEL", "Celesta");
  store.Add({Evidence(a, "support", b, +1), Evidence(b, "praise", a, +1),
             Evidence(a, "condemn", c, -1)});
  ActorGraph graph = BuildOrDie(store);
  AllianceOptions options;
  options.min_evidence = 2;
  AllianceReport report = FindAlliances(graph, options);
  auto blocs = KeyBlocs(graph, report);
  ASSERT_EQ(blocs.size(), 1u);
  EXPECT_EQ(blocs[0], (std::set<std::string>{"ARD", "BOR"}));
}

TEST(AlliancesTest, NeutralOnlyActorsAreInNoBloc) {
  FakeStore store;
  const EntityRef a = State("ARD", "Ardenia"), b = State("BOR", "Borvia"),
                  c = State("CEL", "Celesta");
  store.Add({Evidence(a, "support", b, +1), Evidence(a, "meet", c, 0)});
  ActorGraph graph = BuildOrDie(store);
  auto blocs = KeyBlocs(graph, FindAlliances(graph, {}));
  ASSERT_EQ(blocs.size(), 1u);
  EXPECT_EQ(blocs[0].count("CEL"), 0u);
}

TEST(AlliancesTest, RandomBalancedGraphsHaveNoFrustration) {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    std::mt19937 random(seed);
    const int camps = 2 + static_cast<int>(random() % 3);
    const int size = 2 + static_cast<int>(random() % 6);
    FakeStore store;
    store.Add(Camps(camps, size, 0.1 + 0.2 * (seed % 4), seed));
    ActorGraph graph = BuildOrDie(store);
    AllianceReport report = FindAlliances(graph, {});
    EXPECT_EQ(report.frustrated_links, 0u) << "seed " << seed;
    EXPECT_EQ(report.frustration, 0) << "seed " << seed;
    // No bloc straddles two camps.
    for (const Bloc& bloc : report.blocs) {
      std::set<int> camps_seen;
      for (std::size_t v : bloc.members) {
        camps_seen.insert(std::stoi(graph.actor(v).key.substr(1)) / size);
      }
      EXPECT_EQ(camps_seen.size(), 1u) << "seed " << seed;
    }
  }
}

TEST(AlliancesTest, InsertionOrderDoesNotChangeTheBlocs) {
  // A noisy graph (some frustration), added in two different orders.
  std::vector<Relation> relations = Camps(3, 6, 0.5, 99);
  std::mt19937 random(5);
  std::bernoulli_distribution flip(0.15);
  for (Relation& relation : relations) {
    if (flip(random)) relation.polarity = -relation.polarity;
  }
  FakeStore forward, backward;
  forward.Add(relations);
  std::reverse(relations.begin(), relations.end());
  backward.Add(relations);
  ActorGraph g1 = BuildOrDie(forward), g2 = BuildOrDie(backward);
  AllianceReport r1 = FindAlliances(g1, {}), r2 = FindAlliances(g2, {});
  EXPECT_EQ(KeyBlocs(g1, r1), KeyBlocs(g2, r2));
  EXPECT_EQ(AloneKeys(g1, r1), AloneKeys(g2, r2));
  EXPECT_DOUBLE_EQ(r1.frustration, r2.frustration);
  EXPECT_GT(r1.frustrated_links, 0u);
}

TEST(AlliancesTest, IsolatedAndHostileOnlyActorsJoinNoBloc) {
  FakeStore store;
  const EntityRef a = State("ARD", "Ardenia"), b = State("BOR", "Borvia"),
                  c = State("CEL", "Celesta"), d = State("DRV", "Dravon"),
                  e = State("ELM", "Elmora");
  // A-B friends; C only hostile to A; D only hostile to C (the enemy of A's
  // enemy, still no positive tie); E only meets (neutral) A and C.
  store.Add({Evidence(a, "support", b, +1), Evidence(c, "condemn", a, -1),
             Evidence(d, "condemn", c, -1), Evidence(e, "meet", a, 0),
             Evidence(e, "meet", c, 0)});
  ActorGraph graph = BuildOrDie(store);
  AllianceReport report = FindAlliances(graph, {});
  auto blocs = KeyBlocs(graph, report);
  ASSERT_EQ(blocs.size(), 1u);
  EXPECT_EQ(blocs[0], (std::set<std::string>{"ARD", "BOR"}));
  EXPECT_EQ(AloneKeys(graph, report), (std::set<std::string>{"CEL", "DRV"}));
  EXPECT_EQ(report.frustration, 0);
}

TEST(AlliancesTest, EveryBlocMemberHasAPositiveTieInsideItsBloc) {
  // Noisy random camps plus actors with neutral or hostile links only.
  std::vector<Relation> relations = Camps(4, 5, 0.4, 21);
  std::mt19937 random(8);
  std::bernoulli_distribution flip(0.2);
  for (Relation& relation : relations) {
    if (flip(random)) relation.polarity = -relation.polarity;
  }
  for (int i = 0; i < 10; ++i) {
    const EntityRef loner = State("L" + std::to_string(i), "Loner");
    relations.push_back(Evidence(loner, "meet", Numbered(i), 0));
    if (i % 2 == 0) {
      relations.push_back(Evidence(loner, "condemn", Numbered(i + 1), -1));
    }
  }
  FakeStore store;
  store.Add(relations);
  ActorGraph graph = BuildOrDie(store);
  AllianceReport report = FindAlliances(graph, {});
  for (const Bloc& bloc : report.blocs) {
    ASSERT_GE(bloc.members.size(), 2u);
    for (std::size_t v : bloc.members) {
      EXPECT_NE(graph.actor(v).key[0], 'L') << graph.actor(v).key;
      bool tied = false;
      for (std::size_t u : bloc.members) {
        double weight = 0;
        for (auto edge : {graph.Edge(u, v), graph.Edge(v, u)}) {
          if (edge) weight += edge->score;
        }
        tied = tied || (u != v && weight > 0);
      }
      EXPECT_TRUE(tied) << graph.actor(v).key;
    }
  }
  // The five hostile loners are alone; the neutral ones are nowhere.
  std::size_t loners_alone = 0;
  for (std::size_t v : report.alone) {
    loners_alone += graph.actor(v).key[0] == 'L' ? 1 : 0;
  }
  EXPECT_EQ(loners_alone, 5u);
}

// The same noisy graph (continuous weights, so no exact ties) under two key
// spellings whose orders are reversed: the partition must be the same.
void ExpectRenamingInvariance(unsigned seed) {
  const int n = 24;
  std::mt19937 random(seed);
  std::bernoulli_distribution linked(0.35), flip(0.12);
  std::uniform_real_distribution<double> confidence(0.2, 1.0);
  std::vector<Relation> forward, renamed;
  auto name = [n](int i, bool reversed) {
    const int rank = reversed ? n - 1 - i : i;
    return State("K" + std::to_string(100 + rank), "Actor");
  };
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) {
      if (!linked(random)) continue;
      const int polarity = ((a % 3 == b % 3) != flip(random)) ? +1 : -1;
      const double strength = confidence(random);
      const char* lemma = polarity > 0 ? "support" : "condemn";
      forward.push_back(Evidence(name(a, false), lemma, name(b, false),
                                 polarity, "", strength));
      renamed.push_back(Evidence(name(a, true), lemma, name(b, true), polarity,
                                 "", strength));
    }
  }
  FakeStore s1, s2;
  s1.Add(forward);
  s2.Add(renamed);
  ActorGraph g1 = BuildOrDie(s1), g2 = BuildOrDie(s2);
  AllianceReport r1 = FindAlliances(g1, {}), r2 = FindAlliances(g2, {});
  // Map the second graph's keys back to the first's.
  auto original = [n](const std::string& key) {
    return "K" + std::to_string(100 + n - 1 - (std::stoi(key.substr(1)) - 100));
  };
  std::set<std::set<std::string>> p1, p2;
  for (const auto& bloc : KeyBlocs(g1, r1)) p1.insert(bloc);
  for (const auto& bloc : KeyBlocs(g2, r2)) {
    std::set<std::string> mapped;
    for (const std::string& key : bloc) mapped.insert(original(key));
    p2.insert(mapped);
  }
  EXPECT_EQ(p1, p2) << "seed " << seed;
  EXPECT_NEAR(r1.frustration, r2.frustration, 1e-9) << "seed " << seed;
  EXPECT_GT(r1.frustrated_links, 0u) << "seed " << seed;
}

TEST(AlliancesTest, RenamingActorsDoesNotChangeTheBlocs) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    ExpectRenamingInvariance(seed);
  }
}

}  // namespace
}  // namespace kg
