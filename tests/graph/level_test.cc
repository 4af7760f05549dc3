// GraphLevel::kState: persons folded into their affiliation.
#include <gtest/gtest.h>

#include "graph/actor_graph.h"
#include "graph/stance.h"
#include "tests/graph/fake_store.h"

namespace kg {
namespace {

using testing::Entity;
using testing::Evidence;
using testing::FakeStore;
using testing::State;

const EntityRef kArd = State("ARD", "Ardenia");
const EntityRef kBor = State("BOR", "Borvia");
const EntityRef kLeader =
    Entity("ard_leader", "Ardenian Leader", EntityType::kPerson, "ARD");
const EntityRef kStray =
    Entity("stray", "Unaffiliated Envoy", EntityType::kPerson, "ZZZ");

TEST(LevelTest, ParseNames) {
  EXPECT_EQ(ParseGraphLevel("state"), GraphLevel::kState);
  EXPECT_EQ(ParseGraphLevel("actor"), GraphLevel::kActor);
  EXPECT_FALSE(ParseGraphLevel("planet"));
}

TEST(LevelTest, PersonsRollUpToTheirState) {
  FakeStore store;
  store.Add({Evidence(kArd, "support", kBor, +1, "2025-01-01"),
             Evidence(kLeader, "praise", kBor, +1, "2025-01-02", 1.0, 2.0),
             Evidence(kLeader, "criticize", kArd, -1, "2025-01-03"),
             Evidence(kStray, "condemn", kBor, -1, "2025-01-04")});
  auto actors = ActorGraph::Build(store, {});
  ASSERT_TRUE(actors.ok());
  EXPECT_EQ(actors->num_actors(), 4u);

  GraphOptions options;
  options.level = GraphLevel::kState;
  auto states = ActorGraph::Build(store, options);
  ASSERT_TRUE(states.ok());
  // The leader is folded into ARD; the stray's affiliation is unknown to the
  // store, so the stray stays; the leader's self-criticism is dropped.
  EXPECT_EQ(states->num_actors(), 3u);
  EXPECT_EQ(states->num_edges(), 2u);
  const std::size_t ard = *states->VertexOf(store.IdOf("ARD"));
  EXPECT_EQ(states->VertexOf(store.IdOf("ard_leader")), ard);
  EXPECT_EQ(states->MemberTerms(ard).size(), 2u);
  auto edge = states->Edge(ard, *states->VertexOf(store.IdOf("BOR")));
  ASSERT_TRUE(edge.has_value());
  EXPECT_DOUBLE_EQ(edge->score, 3.0);
  EXPECT_EQ(edge->supporting, 2u);

  // Stance reads the folded evidence too, and agrees with the edge.
  auto report = Stance(*states, store, store.IdOf("ARD"), store.IdOf("BOR"));
  ASSERT_TRUE(report.ok());
  EXPECT_DOUBLE_EQ(report->score, 3.0);
  EXPECT_EQ(report->evidence.size(), 2u);
  // A person asked about at state level answers for the state.
  auto by_person =
      Stance(*states, store, store.IdOf("ard_leader"), store.IdOf("BOR"));
  ASSERT_TRUE(by_person.ok());
  EXPECT_EQ(by_person->from.key, "ARD");
  EXPECT_DOUBLE_EQ(by_person->score, 3.0);
  // The leader and the state are one actor now: no stance between them.
  auto self =
      Stance(*states, store, store.IdOf("ard_leader"), store.IdOf("ARD"));
  ASSERT_TRUE(self.ok());
  EXPECT_EQ(self->verdict, kVerdictNone);
}

}  // namespace
}  // namespace kg
