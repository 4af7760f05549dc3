#include "export/graphviz_exporter.h"

#include <graphviz/cgraph.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "export/graphviz_text.h"
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
const EntityRef kLeader =
    Entity("ana_voss", "Ana Voss", EntityType::kPerson, "ARD");
const EntityRef kUnion = Entity("NU", "Northern Union", EntityType::kGroup);

bool HaveCommand(const std::string& command) {
  return std::system(("command -v " + command + " >/dev/null 2>&1").c_str()) ==
         0;
}

// Writes `text` to a fresh file in the test's temporary directory.
std::string WriteTemp(const std::string& name, const std::string& text) {
  const auto path =
      std::filesystem::temp_directory_path() /
      ("kg_export_test_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

ActorGraph BuildOrDie(FakeStore& store) {
  auto graph = ActorGraph::Build(store, {});
  EXPECT_TRUE(graph.ok()) << graph.status().ToString();
  return graph.ok() ? std::move(graph).value() : ActorGraph();
}

std::string ExportOrDie(const ActorGraph& graph, const std::string& format) {
  auto exporter = Exporter::Create(format);
  EXPECT_TRUE(exporter.ok()) << exporter.status().ToString();
  if (!exporter.ok()) return "";
  std::ostringstream out;
  ExportInput input{nullptr, &graph};
  Status status = (*exporter)->Export(input, out);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out.str();
}

// A DOT text read back with cgraph, closed when done.
struct ParsedDot {
  explicit ParsedDot(const std::string& text)
      : graph(agmemread(text.c_str()), agclose) {}

  // Attribute `name` of node `id`; nullopt if there is no such node.
  std::optional<std::string> NodeAttr(const std::string& id,
                                      const std::string& name) const {
    Agnode_t* node = agnode(graph.get(), const_cast<char*>(id.c_str()), 0);
    if (node == nullptr) return std::nullopt;
    return std::string(agget(node, const_cast<char*>(name.c_str())));
  }

  std::optional<std::string> EdgeAttr(const std::string& from,
                                      const std::string& to,
                                      const std::string& name) const {
    Agnode_t* tail = agnode(graph.get(), const_cast<char*>(from.c_str()), 0);
    Agnode_t* head = agnode(graph.get(), const_cast<char*>(to.c_str()), 0);
    if (tail == nullptr || head == nullptr) return std::nullopt;
    Agedge_t* edge = agedge(graph.get(), tail, head, nullptr, 0);
    if (edge == nullptr) return std::nullopt;
    return std::string(agget(edge, const_cast<char*>(name.c_str())));
  }

  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph;
};

class GraphvizExporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.Add({Evidence(kArd, "support", kBor, +1, "2021-01-01", 1, 4),
                Evidence(kBor, "criticize", kCel, -1, "2021-02-01", 1, 2),
                Evidence(kLeader, "meet", kCel, 0, "2021-03-01"),
                Evidence(kUnion, "praise", kArd, +1, "2021-04-01"),
                Evidence(kUnion, "praise", kArd, +1, "2021-04-02"),
                Evidence(kUnion, "warn", kArd, -1, "2021-04-03"),
                Evidence(kUnion, "warn", kArd, -1, "2021-04-04")});
    graph_ = BuildOrDie(store_);
  }

  FakeStore store_;
  ActorGraph graph_;
};

TEST_F(GraphvizExporterTest, DotHoldsEveryActorAndColoursEdgesBySign) {
  const std::string dot = ExportOrDie(graph_, "dot");
  ParsedDot parsed(dot);
  ASSERT_NE(parsed.graph, nullptr) << dot;
  EXPECT_EQ(agnnodes(parsed.graph.get()),
            static_cast<int>(graph_.num_actors()));
  EXPECT_EQ(agnedges(parsed.graph.get()), static_cast<int>(graph_.num_edges()));
  for (std::size_t v = 0; v < graph_.num_actors(); ++v) {
    const Actor& actor = graph_.actor(v);
    EXPECT_EQ(parsed.NodeAttr(actor.key, "label"), actor.name) << actor.key;
  }
  EXPECT_EQ(parsed.NodeAttr("ARD", "shape"), "box");
  EXPECT_EQ(parsed.NodeAttr("ana_voss", "shape"), "ellipse");
  EXPECT_EQ(parsed.NodeAttr("NU", "shape"), "hexagon");
  EXPECT_EQ(parsed.EdgeAttr("ARD", "BOR", "color"), kSupportColor);
  EXPECT_EQ(parsed.EdgeAttr("BOR", "CEL", "color"), kOpposeColor);
  EXPECT_EQ(parsed.EdgeAttr("ana_voss", "CEL", "color"), kNeutralColor);
  EXPECT_EQ(parsed.EdgeAttr("ARD", "BOR", "label"), "support (1)");
  EXPECT_EQ(parsed.EdgeAttr("NU", "ARD", "style"), "dashed");  // Contested.
  EXPECT_EQ(parsed.EdgeAttr("ARD", "BOR", "style"), "solid");
  // The strongest edge gets the widest pen.
  EXPECT_GT(std::stod(*parsed.EdgeAttr("ARD", "BOR", "penwidth")),
            std::stod(*parsed.EdgeAttr("BOR", "CEL", "penwidth")));
  const std::string tooltip = *parsed.EdgeAttr("BOR", "CEL", "tooltip");
  EXPECT_NE(tooltip.find("1 opposing"), std::string::npos) << tooltip;
  // The "dot" renderer writes a laid-out graph.
  EXPECT_NE(parsed.NodeAttr("ARD", "pos"), "");
}

TEST_F(GraphvizExporterTest, DotParsesWithTheDotCommand) {
  if (!HaveCommand("dot")) GTEST_SKIP() << "Graphviz `dot` is not installed";
  const std::string path = WriteTemp("camps.dot", ExportOrDie(graph_, "dot"));
  EXPECT_EQ(std::system(("dot -Tsvg '" + path + "' -o /dev/null").c_str()), 0);
  std::filesystem::remove(path);
}

TEST_F(GraphvizExporterTest, SvgIsWellFormed) {
  const std::string svg = ExportOrDie(graph_, "svg");
  ASSERT_FALSE(svg.empty());
  EXPECT_TRUE(svg.rfind("<?xml", 0) == 0 || svg.rfind("<svg", 0) == 0);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("Northern Union"), std::string::npos);
  if (!HaveCommand("xmllint")) GTEST_SKIP() << "xmllint is not installed";
  const std::string path = WriteTemp("camps.svg", svg);
  EXPECT_EQ(std::system(("xmllint --noout '" + path + "'").c_str()), 0);
  std::filesystem::remove(path);
}

TEST_F(GraphvizExporterTest, BinaryFormatsHaveTheirSignatures) {
  for (const auto& [format, magic] : std::map<std::string, std::string>{
           {"png", "\x89PNG"}, {"pdf", "%PDF"}}) {
    auto exporter = Exporter::Create(format);
    ASSERT_TRUE(exporter.ok());
    EXPECT_TRUE((*exporter)->binary());
    std::ostringstream out;
    Status status = (*exporter)->Export(ExportInput{nullptr, &graph_}, out);
    if (status.IsNotSupported()) {
      std::printf("skipping %s: %s\n", format.c_str(),
                  status.ToString().c_str());
      continue;
    }
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(out.str().substr(0, magic.size()), magic) << format;
  }
}

TEST_F(GraphvizExporterTest, NeedsAGraph) {
  auto exporter = Exporter::Create("svg");
  ASSERT_TRUE(exporter.ok());
  std::ostringstream out;
  EXPECT_TRUE((*exporter)
                  ->Export(ExportInput{&store_, nullptr}, out)
                  .IsInvalidArgument());
}

TEST_F(GraphvizExporterTest, MissingLayoutEngineIsNotSupported) {
  GraphvizOptions options;
  options.layout = "no-such-engine";
  auto rendered = RenderActorGraph(graph_, "svg", options);
  EXPECT_TRUE(rendered.status().IsNotSupported());
  EXPECT_TRUE(
      RenderActorGraph(graph_, "no-such-format").status().IsNotSupported());
}

// dot's layout takes minutes on a few hundred dense edges; bigger graphs
// must switch to sfdp (which the exporter marks with overlap removal).
TEST(GraphvizExporterLargeTest, LargeGraphsUseTheSpringLayout) {
  FakeStore store;
  std::vector<Relation> relations;
  const int actors = 60;
  for (int s = 0; s < actors; ++s) {
    for (int step = 1; step <= 5; ++step) {
      relations.push_back(
          Evidence(State("S" + std::to_string(s), "State " + std::to_string(s)),
                   "support",
                   State("S" + std::to_string((s + step * 7) % actors),
                         "State " + std::to_string((s + step * 7) % actors)),
                   step % 2 == 0 ? +1 : -1));
    }
  }
  store.Add(relations);
  ActorGraph graph = BuildOrDie(store);
  GraphvizOptions options;
  ASSERT_GT(graph.num_edges(), options.sfdp_threshold);
  auto rendered = RenderActorGraph(graph, "dot", options);
  ASSERT_TRUE(rendered.ok()) << rendered.status().ToString();
  ParsedDot parsed(*rendered);
  ASSERT_NE(parsed.graph, nullptr);
  EXPECT_EQ(agnedges(parsed.graph.get()), static_cast<int>(graph.num_edges()));
  EXPECT_STREQ(agget(parsed.graph.get(), const_cast<char*>("overlap")),
               "prism");
}

TEST(GraphvizExporterEmptyTest, EmptyGraphRenders) {
  ActorGraph empty;
  ParsedDot parsed(ExportOrDie(empty, "dot"));
  ASSERT_NE(parsed.graph, nullptr);
  EXPECT_EQ(agnnodes(parsed.graph.get()), 0);
  EXPECT_NE(ExportOrDie(empty, "svg").find("</svg>"), std::string::npos);
}

TEST(GraphvizTextTest, LabelsAreCleanedAndCut) {
  EXPECT_EQ(GraphvizLabel("plain", 60), "plain");
  EXPECT_EQ(GraphvizLabel("a\\nb", 60), "a\\\\nb");
  EXPECT_EQ(GraphvizLabel("line\nbreak\ttab", 60), "line break tab");
  EXPECT_EQ(GraphvizLabel("\xC3\xA9t\xC3\xA9 long", 3),
            "\xC3\xA9t\xC3\xA9\xE2\x80\xA6");
  EXPECT_EQ(GraphvizLabel("bad\xFF", 60), "bad\xEF\xBF\xBD");
  EXPECT_EQ(GraphvizId("ends\\"), "ends\\\\");
}

// Names that break naive DOT writers must survive the round trip: as node
// ids (keys), as labels (names), through `dot`, and into the SVG.
TEST(GraphvizHostileNamesTest, SurviveDotAndSvg) {
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {"q\"uote", "Say \"no\""},
      {"back\\slash\\", "C:\\path\\"},
      {"odd\\\"mix", "\\N \\G \\n"},
      {"<html>&amp;", "<b>bold</b> & <i>"},
      {"new\nline", "two\nlines"},
      {"\xC3\x9C"
       "ber",
       "\xE5\x8C\x97\xE4\xBA\xAC "
       "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"},
      {"-1", "edge"},
      {"node", "subgraph"},
  };
  FakeStore store;
  std::vector<Relation> relations;
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    const auto& [key, name] = hostile[i];
    const auto& [next_key, next_name] = hostile[(i + 1) % hostile.size()];
    relations.push_back(
        Evidence(State(key, name), "support", State(next_key, next_name), +1));
  }
  store.Add(relations);
  ActorGraph graph = BuildOrDie(store);
  ASSERT_EQ(graph.num_actors(), hostile.size());

  const std::string dot = ExportOrDie(graph, "dot");
  ParsedDot parsed(dot);
  ASSERT_NE(parsed.graph, nullptr) << dot;
  EXPECT_EQ(agnnodes(parsed.graph.get()), static_cast<int>(hostile.size()));
  for (const auto& [key, name] : hostile) {
    const std::string id = GraphvizId(key);
    EXPECT_EQ(parsed.NodeAttr(id, "label"), GraphvizLabel(name, 60)) << key;
  }
  EXPECT_EQ(agnedges(parsed.graph.get()), static_cast<int>(hostile.size()));

  if (HaveCommand("dot")) {
    const std::string path = WriteTemp("hostile.dot", dot);
    EXPECT_EQ(std::system(("dot -Tsvg '" + path + "' -o /dev/null").c_str()), 0)
        << dot;
    std::filesystem::remove(path);
  }
  const std::string svg = ExportOrDie(graph, "svg");
  EXPECT_NE(svg.find("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;"),
            std::string::npos);
  EXPECT_NE(svg.find("C:\\path\\"), std::string::npos);
  EXPECT_NE(svg.find("\xE5\x8C\x97\xE4\xBA\xAC"), std::string::npos);
  if (HaveCommand("xmllint")) {
    const std::string path = WriteTemp("hostile.svg", svg);
    EXPECT_EQ(std::system(("xmllint --noout '" + path + "'").c_str()), 0);
    std::filesystem::remove(path);
  }
}

}  // namespace
}  // namespace kg
