// GraphLevel::kState: persons folded into their affiliation.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

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
  // The leader is folded into ARD; the stray into a vertex made for ZZZ,
  // which no relation mentions; the leader's self-criticism is dropped.
  EXPECT_EQ(states->num_actors(), 3u);
  EXPECT_EQ(states->num_edges(), 2u);
  const std::size_t zzz = *states->VertexOf(store.IdOf("stray"));
  EXPECT_EQ(states->actor(zzz).key, "ZZZ");
  EXPECT_EQ(states->actor(zzz).name, "ZZZ");  // No describer: the id.
  EXPECT_EQ(states->MemberTerms(zzz),
            std::vector<std::uint64_t>{store.IdOf("stray")});
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

TEST(LevelTest, PersonsOfAnUnmentionedStateShareOneNamedVertex) {
  const EntityRef minister =
      Entity("cel_minister", "Celestan Minister", EntityType::kPerson, "CEL");
  const EntityRef president =
      Entity("cel_president", "Celestan President", EntityType::kPerson, "CEL");
  FakeStore store;
  store.Add({Evidence(minister, "praise", kArd, +1, "2025-02-01"),
             Evidence(president, "support", kArd, +1, "2025-02-02"),
             Evidence(president, "condemn", kBor, -1, "2025-02-03")});
  GraphOptions options;
  options.level = GraphLevel::kState;
  options.describe_affiliation =
      [](const std::string& id) -> std::optional<EntityRef> {
    if (id != "CEL") return std::nullopt;
    return State("CEL", "Celesta");
  };
  auto states = ActorGraph::Build(store, options);
  ASSERT_TRUE(states.ok()) << states.status().ToString();
  EXPECT_EQ(states->num_actors(), 3u);
  const std::optional<std::size_t> cel =
      states->VertexOf(store.IdOf("cel_minister"));
  ASSERT_TRUE(cel.has_value());
  EXPECT_EQ(states->VertexOf(store.IdOf("cel_president")), cel);
  EXPECT_EQ(states->actor(*cel).name, "Celesta");
  EXPECT_EQ(states->actor(*cel).type, EntityType::kState);
  EXPECT_EQ(states->MemberTerms(*cel).size(), 2u);
  auto edge = states->Edge(*cel, *states->VertexOf(store.IdOf("ARD")));
  ASSERT_TRUE(edge.has_value());
  EXPECT_EQ(edge->supporting, 2u);

  // The made-up vertex answers stance queries by its own term id, with the
  // persons' evidence.
  auto report =
      Stance(*states, store, states->actor(*cel).term_id, store.IdOf("BOR"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_LT(report->score, 0);
  EXPECT_EQ(report->evidence.size(), 1u);

  // At actor level nothing is made up.
  auto actors = ActorGraph::Build(store, {});
  ASSERT_TRUE(actors.ok());
  EXPECT_EQ(actors->num_actors(), 4u);
}

}  // namespace
}  // namespace kg
