// The same filters in every format: --focus/--depth, --top, --min-evidence
// and the --from/--to window leave out the same actors whatever is written.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "export/exporter.h"
#include "tests/export/export_test_util.h"

namespace kg {
namespace {

using testing::Evidence;
using testing::FakeStore;
using testing::State;

// Actor ids long and distinct enough that no format contains them by
// accident.
const std::vector<std::string>& ChainIds() {
  static const std::vector<std::string> ids = {"alpha_actor_x", "bravo_actor_x",
                                               "charlie_actor_x",
                                               "delta_actor_x", "echo_actor_x"};
  return ids;
}

// A chain of supports alpha -> bravo -> charlie -> delta -> echo; link i
// has i + 1 pieces of evidence dated 2025-01-01 onwards, so the last link
// is the strongest and the only one with evidence in 2025-01-04.
class FiltersTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::vector<std::string>& ids = ChainIds();
    std::vector<Relation> relations;
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
      for (std::size_t n = 0; n <= i; ++n) {
        relations.push_back(Evidence(State(ids[i], ids[i] + " name"), "support",
                                     State(ids[i + 1], ids[i + 1] + " name"), 1,
                                     "2025-01-0" + std::to_string(n + 1)));
      }
    }
    store_.Add(relations);
  }

  // Every file the format writes for `options`, concatenated; the graph
  // is built with the options' window, as `kg export` does.
  std::string ExportAll(const ExportOptions& options) {
    GraphOptions graph_options;
    graph_options.from = options.from;
    graph_options.to = options.to;
    const ActorGraph graph = testing::BuildGraph(store_, graph_options);
    auto exporter = Exporter::Create(GetParam());
    EXPECT_TRUE(exporter.ok());
    if (!exporter.ok()) return "";
    auto files =
        (*exporter)->ExportFiles(ExportInput{&store_, &graph, options});
    EXPECT_TRUE(files.ok()) << files.status().ToString();
    if (!files.ok()) return "";
    std::string all;
    for (const ExportFile& file : *files) all += file.second;
    return all;
  }

  // Which chain actors appear in the export.
  std::vector<bool> Present(const ExportOptions& options) {
    const std::string text = ExportAll(options);
    std::vector<bool> present;
    for (const std::string& id : ChainIds()) {
      present.push_back(text.find(id) != std::string::npos);
    }
    return present;
  }

  FakeStore store_;
};

TEST_P(FiltersTest, NoFilterWritesEveryActor) {
  EXPECT_EQ(Present({}), std::vector<bool>(ChainIds().size(), true));
}

TEST_P(FiltersTest, FocusAndDepthKeepTheEgoNetwork) {
  ExportOptions options;
  options.focus = store_.IdOf("charlie_actor_x");
  options.depth = 1;
  EXPECT_EQ(Present(options),
            (std::vector<bool>{false, true, true, true, false}));
  options.depth = 2;
  EXPECT_EQ(Present(options), std::vector<bool>(ChainIds().size(), true));
}

TEST_P(FiltersTest, TopKeepsTheStrongestEdges) {
  ExportOptions options;
  options.top = 1;
  EXPECT_EQ(Present(options),
            (std::vector<bool>{false, false, false, true, true}));
}

TEST_P(FiltersTest, MinEvidenceDropsThinEdges) {
  ExportOptions options;
  options.min_evidence = 3;
  EXPECT_EQ(Present(options),
            (std::vector<bool>{false, false, true, true, true}));
}

TEST_P(FiltersTest, WindowKeepsOnlyItsEvidence) {
  ExportOptions options;
  options.from = "2025-01-04";
  options.to = "2025-01-31";
  EXPECT_EQ(Present(options),
            (std::vector<bool>{false, false, false, true, true}));
}

// png and pdf compress their text: the actors cannot be looked up in them.
INSTANTIATE_TEST_SUITE_P(EveryTextFormat, FiltersTest,
                         ::testing::Values("csv", "dot", "gexf", "graphml",
                                           "jsonl", "neo4j", "nq", "nt", "svg",
                                           "ttl"));

TEST(FiltersFormatListTest, EveryFormatButTheBinaryOnesIsChecked) {
  std::size_t text_formats = 0;
  for (const std::string& name : Exporter::Names()) {
    auto exporter = Exporter::Create(name);
    ASSERT_TRUE(exporter.ok());
    text_formats += (*exporter)->binary() ? 0 : 1;
  }
  EXPECT_EQ(text_formats, 10u);
}

}  // namespace
}  // namespace kg
