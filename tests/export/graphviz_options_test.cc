// Diagram options: filters, bloc clusters, legend and node sizes, on
// hostile names, checked by parsing the DOT with cgraph and with `dot`.
#include <graphviz/cgraph.h>

#include <memory>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "export/graphviz_exporter.h"
#include "tests/export/export_test_util.h"

namespace kg {
namespace {

using testing::Evidence;
using testing::FakeStore;
using testing::State;

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(GraphvizOptionsTest, HostileDiagramWithClustersAndLegendParses) {
  FakeStore store;
  testing::FillHostile(store);
  const ActorGraph graph = testing::BuildGraph(store);
  ExportOptions options;
  options.clusters = true;
  options.legend = true;
  options.layout = "dot";
  const std::string text = testing::ExportText("dot", &store, &graph, options);
  EXPECT_NE(text.find("cluster_legend"), std::string::npos);
  EXPECT_NE(text.find("cluster_bloc_0"), std::string::npos);
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> parsed(agmemread(text.c_str()),
                                                       agclose);
  ASSERT_NE(parsed, nullptr);
  // Actors plus the legend's type and stance nodes.
  EXPECT_GT(static_cast<std::size_t>(agnnodes(parsed.get())),
            graph.num_actors());
  if (!testing::HaveTool("dot")) GTEST_SKIP() << "dot is not installed";
  const std::string path = testing::WriteTemp("options.dot", text);
  const testing::ToolRun run = testing::RunTool("dot -Tsvg '" + path + "'");
  EXPECT_EQ(run.exit_code, 0) << run.out.substr(0, 2000);
}

// Random signed graphs drawn by dot with clusters: Graphviz 2.42 used to
// free some cluster layouts twice (see RenderLocked), aborting the process.
TEST(GraphvizOptionsTest, ClustersSurviveRandomGraphs) {
  std::mt19937 random(11);
  for (int round = 0; round < 8; ++round) {
    FakeStore store;
    std::vector<Relation> relations;
    std::uniform_int_distribution<int> actor(0, 9);
    std::uniform_int_distribution<int> sign(-1, 1);
    for (int i = 0; i < 30; ++i) {
      const int a = actor(random);
      const int b = actor(random);
      if (a == b) continue;
      const std::string ida = "A" + std::to_string(a);
      const std::string idb = "A" + std::to_string(b);
      relations.push_back(Evidence(State(ida, ida), "deal with",
                                   State(idb, idb), sign(random)));
    }
    store.Add(relations);
    const ActorGraph graph = testing::BuildGraph(store);
    ExportOptions options;
    options.clusters = true;
    options.legend = round % 2 == 0;
    options.layout = "dot";
    EXPECT_NE(
        testing::ExportText("svg", &store, &graph, options).find("</svg>"),
        std::string::npos);
  }
}

TEST(GraphvizOptionsTest, BlocsComeFromTheAlliances) {
  FakeStore store;
  store.Add({Evidence(State("A", "A"), "support", State("B", "B"), 1),
             Evidence(State("B", "B"), "support", State("C", "C"), 1),
             Evidence(State("D", "D"), "oppose", State("A", "A"), -1),
             Evidence(State("E", "E"), "support", State("F", "F"), 1)});
  const ActorGraph graph = testing::BuildGraph(store);
  const GraphSelection selection = SelectGraph(graph, {});
  const std::vector<int> blocs = SelectedBlocs(graph, selection);
  ASSERT_EQ(blocs.size(), selection.actors.size());
  auto bloc_of = [&](const std::string& key) {
    for (std::size_t i = 0; i < selection.actors.size(); ++i) {
      if (graph.actor(selection.actors[i]).key == key) return blocs[i];
    }
    return -2;
  };
  EXPECT_EQ(bloc_of("A"), bloc_of("B"));
  EXPECT_EQ(bloc_of("B"), bloc_of("C"));
  EXPECT_EQ(bloc_of("E"), bloc_of("F"));
  EXPECT_NE(bloc_of("A"), bloc_of("E"));
  EXPECT_EQ(bloc_of("D"), -1);
  // Bloc members share a fill; an actor in no bloc has its type's.
  const std::string text = testing::ExportText("dot", &store, &graph);
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> parsed(agmemread(text.c_str()),
                                                       agclose);
  ASSERT_NE(parsed, nullptr);
  auto fill = [&](const char* id) {
    Agnode_t* node = agnode(parsed.get(), const_cast<char*>(id), 0);
    return node ? std::string(agget(node, const_cast<char*>("fillcolor")))
                : std::string();
  };
  EXPECT_EQ(fill("A"), fill("C"));
  EXPECT_EQ(fill("E"), fill("F"));
  EXPECT_NE(fill("A"), fill("E"));
  EXPECT_NE(fill("D"), fill("A"));
  EXPECT_FALSE(fill("D").empty());
}

TEST(GraphvizOptionsTest, FiltersShrinkTheDiagramAndHubsGrow) {
  FakeStore store;
  std::vector<Relation> relations;
  for (int i = 0; i < 6; ++i) {
    const std::string id = "S" + std::to_string(i);
    relations.push_back(
        Evidence(State(id, id), "support", State("HUB", "Hub"), 1));
  }
  relations.push_back(Evidence(State("S0", "S0"), "oppose", State("FAR", "Far"),
                               -1, "", 1.0, 9));
  store.Add(relations);
  const ActorGraph graph = testing::BuildGraph(store);
  const std::string all = testing::ExportText("dot", &store, &graph);
  ExportOptions options;
  options.top = 1;
  const std::string top = testing::ExportText("dot", &store, &graph, options);
  EXPECT_EQ(Count(all, "->"), 7u);
  EXPECT_EQ(Count(top, "->"), 1u);
  EXPECT_NE(top.find("FAR"), std::string::npos);  // The strongest edge.
  EXPECT_EQ(top.find("HUB"), std::string::npos);
  options = {};
  options.focus = store.IdOf("FAR");
  const std::string ego = testing::ExportText("dot", &store, &graph, options);
  EXPECT_EQ(Count(ego, "->"), 1u);
  // The hub (degree 6) is drawn in a larger font than a leaf (degree 1).
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> parsed(agmemread(all.c_str()),
                                                       agclose);
  ASSERT_NE(parsed, nullptr);
  auto fontsize = [&](const char* id) {
    Agnode_t* node = agnode(parsed.get(), const_cast<char*>(id), 0);
    return node ? std::stod(agget(node, const_cast<char*>("fontsize"))) : 0.0;
  };
  EXPECT_GT(fontsize("HUB"), fontsize("S3"));
  EXPECT_GT(fontsize("S3"), 0.0);
}

}  // namespace
}  // namespace kg
