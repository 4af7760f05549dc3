// The graph built over the RocksDB store must equal the one built over the
// in-memory fake from the same evidence: the fake is what the other graph
// tests trust.
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>

#include <gtest/gtest.h>

#include "graph/actor_graph.h"
#include "graph/stance.h"
#include "store/store.h"
#include "tests/graph/fake_store.h"

namespace kg {
namespace {

using testing::Entity;
using testing::Evidence;
using testing::FakeStore;
using testing::State;

class RealStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("kg_graph_real_store_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    StoreOptions options;
    options.create_if_missing = true;
    auto store = Store::Open(path_.string(), options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(path_);
  }

  // Adds the same document to the real store and the fake.
  void AddToBoth(const std::string& id, std::vector<Relation> relations) {
    for (std::size_t i = 0; i < relations.size(); ++i) {
      relations[i].doc = id;
      relations[i].sentence = static_cast<std::uint32_t>(i);
    }
    DocumentRecord doc;
    doc.id = id;
    doc.content_hash = "hash-" + id;
    doc.sentence_count = static_cast<std::uint32_t>(relations.size());
    auto added = store_->AddDocument(doc, relations);
    ASSERT_TRUE(added.ok()) << added.status().ToString();
    ASSERT_TRUE(*added);
    ASSERT_TRUE(fake_.AddDocument(doc, relations).ok());
  }

  std::uint64_t RealId(const std::string& key) {
    auto term = store_->FindEntity(key);
    EXPECT_TRUE(term.ok() && term->has_value()) << key;
    return term.ok() && term->has_value() ? (*term)->id : 0;
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
  FakeStore fake_;
};

// Edges keyed by actor keys, since the two stores number terms differently.
std::map<std::pair<std::string, std::string>, ActorEdge> ByKeys(
    const ActorGraph& graph) {
  std::map<std::pair<std::string, std::string>, ActorEdge> edges;
  for (const ActorEdge& edge : graph.Edges()) {
    edges[{graph.actor(edge.source).key, graph.actor(edge.target).key}] = edge;
  }
  return edges;
}

TEST_F(RealStoreTest, GraphAndStanceMatchTheFake) {
  const EntityRef ard = State("ARD", "Ardenia");
  const EntityRef bor = State("BOR", "Borvia");
  const EntityRef cel = State("CEL", "Celesta");
  const EntityRef leader =
      Entity("ana_voss", "Ana Voss", EntityType::kPerson, "ARD");
  const EntityRef topic = Entity("tariffs", "tariffs", EntityType::kTopic);
  AddToBoth("d1", {Evidence(ard, "support", bor, +1, "2022-01-10", 0.9, 3),
                   Evidence(ard, "support", bor, -1, "2022-02-10", 0.8, 3),
                   Evidence(bor, "condemn", cel, -1, "2022-03-10", 0.7, 6),
                   Evidence(leader, "praise", cel, +1, "2022-04-10", 0.6, 2),
                   Evidence(ard, "oppose", topic, -1, "2022-05-10", 0.9, 2)});
  AddToBoth("d2", {Evidence(cel, "meet", ard, 0, ""),
                   Evidence(ard, "praise", bor, +1, "2023-01-10", 1.0, 2)});

  for (const GraphOptions& options :
       {GraphOptions{}, GraphOptions{"2022-02-01", "", 0, "", 0.25, 2},
        GraphOptions{"", "", 90, "", 0.25, 2}}) {
    auto real = ActorGraph::Build(*store_, options);
    ASSERT_TRUE(real.ok()) << real.status().ToString();
    auto fake = ActorGraph::Build(fake_, options);
    ASSERT_TRUE(fake.ok());
    EXPECT_EQ(real->num_actors(), fake->num_actors());
    const auto real_edges = ByKeys(*real);
    const auto fake_edges = ByKeys(*fake);
    ASSERT_EQ(real_edges.size(), fake_edges.size());
    for (const auto& [keys, edge] : fake_edges) {
      auto it = real_edges.find(keys);
      ASSERT_NE(it, real_edges.end()) << keys.first << "->" << keys.second;
      EXPECT_NEAR(it->second.score, edge.score, 1e-9);
      EXPECT_EQ(it->second.supporting, edge.supporting);
      EXPECT_EQ(it->second.opposing, edge.opposing);
      EXPECT_EQ(it->second.neutral, edge.neutral);
      EXPECT_EQ(it->second.top_relation, edge.top_relation);
    }
  }

  auto graph = ActorGraph::Build(*store_, {});
  ASSERT_TRUE(graph.ok());
  auto report = Stance(*graph, *store_, RealId("ARD"), RealId("BOR"));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->verdict, kVerdictSupports);
  EXPECT_EQ(report->supporting, 2u);
  EXPECT_EQ(report->opposing, 1u);
  ASSERT_EQ(report->evidence.size(), 3u);
  EXPECT_EQ(report->evidence[0].date, "2022-01-10");  // 0.9 x 3 is strongest.
  EXPECT_EQ(report->evidence[0].doc, "d1");
  auto topic_report = Stance(*graph, *store_, RealId("ARD"), RealId("tariffs"));
  ASSERT_TRUE(topic_report.ok());
  EXPECT_EQ(topic_report->verdict, kVerdictOpposes);
  EXPECT_EQ(Opponents(*graph, RealId("CEL")).size(), 1u);
  EXPECT_EQ(Supporters(*graph, RealId("CEL")).size(), 1u);
}

}  // namespace
}  // namespace kg
