#include "export/selection.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/graph/fake_store.h"

namespace kg {
namespace {

using testing::Evidence;
using testing::FakeStore;
using testing::State;

// A chain A->B->C->D->E of supports, with evidence counts 1, 2, 3, 4 and
// scores growing along it, plus a topic object and a dated piece.
class SelectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Relation> relations;
    const std::vector<std::string> ids = {"A", "B", "C", "D", "E"};
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
      for (std::size_t n = 0; n <= i; ++n) {
        relations.push_back(Evidence(State(ids[i], ids[i]), "support",
                                     State(ids[i + 1], ids[i + 1]), 1,
                                     "2025-01-0" + std::to_string(n + 1)));
      }
    }
    relations.push_back(
        Evidence(State("A", "A"), "oppose",
                 testing::Entity("tariffs", "tariffs", EntityType::kTopic), -1,
                 "2024-06-01"));
    store_.Add(relations);
    auto graph = ActorGraph::Build(store_, {});
    ASSERT_TRUE(graph.ok());
    graph_ = std::move(graph).value();
  }

  std::set<std::string> EdgeNames(const GraphSelection& selection) const {
    std::set<std::string> names;
    for (const ActorEdge& edge : selection.edges) {
      names.insert(graph_.actor(edge.source).key +
                   graph_.actor(edge.target).key);
    }
    return names;
  }

  std::vector<std::string> Triples(const ExportOptions& options) {
    std::vector<std::string> triples;
    const Status status = ForEachExportTriple(
        ExportInput{&store_, &graph_, options}, false,
        [&triples](const ExportTriple& triple) {
          triples.push_back(triple.subject->key + " " + triple.predicate->key +
                            " " + triple.object->key + " x" +
                            std::to_string(triple.aggregate.count));
          return Status::Ok();
        });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return triples;
  }

  FakeStore store_;
  ActorGraph graph_;
};

TEST_F(SelectionTest, NoFilterKeepsEverything) {
  const GraphSelection all = SelectGraph(graph_, {});
  EXPECT_EQ(all.edges.size(), graph_.num_edges());
  EXPECT_EQ(all.actors.size(), graph_.num_actors());
  EXPECT_EQ(Triples({}).size(), 5u);  // Four supports and the topic.
}

TEST_F(SelectionTest, FocusAndDepthMakeAnEgoNetwork) {
  ExportOptions options;
  options.focus = store_.IdOf("C");
  options.depth = 1;
  EXPECT_EQ(EdgeNames(SelectGraph(graph_, options)),
            (std::set<std::string>{"BC", "CD"}));
  options.depth = 2;
  EXPECT_EQ(EdgeNames(SelectGraph(graph_, options)),
            (std::set<std::string>{"AB", "BC", "CD", "DE"}));
  options.depth = 0;
  const GraphSelection alone = SelectGraph(graph_, options);
  EXPECT_TRUE(alone.edges.empty());
  EXPECT_EQ(alone.actors,
            std::vector<std::size_t>{*graph_.VertexOf(store_.IdOf("C"))});
  options.focus = store_.IdOf("tariffs");  // Not an actor of the graph.
  EXPECT_TRUE(SelectGraph(graph_, options).edges.empty());
}

TEST_F(SelectionTest, TopAndMinEvidence) {
  ExportOptions options;
  options.top = 2;
  EXPECT_EQ(EdgeNames(SelectGraph(graph_, options)),
            (std::set<std::string>{"CD", "DE"}));
  EXPECT_EQ(Triples(options),
            (std::vector<std::string>{"C support D x3", "D support E x4"}));
  options = {};
  options.min_evidence = 3;
  EXPECT_EQ(EdgeNames(SelectGraph(graph_, options)),
            (std::set<std::string>{"CD", "DE"}));
  EXPECT_EQ(SelectGraph(graph_, options).actors.size(), 3u);
  EXPECT_EQ(Triples(options).size(), 2u);
}

TEST_F(SelectionTest, WindowRecountsTheEvidence) {
  ExportOptions options;
  options.from = "2025-01-02";
  options.to = "2025-01-03";
  EXPECT_EQ(Triples(options),
            (std::vector<std::string>{"B support C x1", "C support D x2",
                                      "D support E x2"}));
}

TEST_F(SelectionTest, FocusWithoutGraphIsRefused) {
  ExportOptions options;
  options.top = 1;
  const Status status =
      ForEachExportTriple(ExportInput{&store_, nullptr, options}, false,
                          [](const ExportTriple&) { return Status::Ok(); });
  EXPECT_TRUE(status.IsInvalidArgument());
}

}  // namespace
}  // namespace kg
