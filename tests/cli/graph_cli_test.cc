// End-to-end tests of the graph commands (alliances, path, central,
// timeline, inferred stance, --level) on examples/.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "tests/cli/run_kg.h"

namespace kg::testing {
namespace {

class GraphCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RunResult ingest = RunKg(dir_.path(), "ingest '" + ExamplesDir() + "'");
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  }

  nlohmann::json Json(const std::string& args) {
    RunResult run = RunKg(dir_.path(), args);
    EXPECT_EQ(run.exit_code, 0) << args << ": " << run.err;
    return run.exit_code == 0 ? nlohmann::json::parse(run.out)
                              : nlohmann::json();
  }

  ScratchDir dir_;
};

// The index of the bloc holding actor `id`; for an actor alone, the number
// of blocs plus its place among those alone (a group of its own); else -1.
int BlocOf(const nlohmann::json& report, const std::string& id) {
  for (std::size_t i = 0; i < report["blocs"].size(); ++i) {
    for (const auto& member : report["blocs"][i]["members"]) {
      if (member["id"] == id) return static_cast<int>(i);
    }
  }
  for (std::size_t i = 0; i < report["alone"].size(); ++i) {
    if (report["alone"][i]["id"] == id) {
      return static_cast<int>(report["blocs"].size() + i);
    }
  }
  return -1;
}

TEST_F(GraphCliTest, AlliancesSeparateRussiaFromItsOpponents) {
  for (const char* level : {"actor", "state"}) {
    nlohmann::json report =
        Json(std::string("alliances --json --limit 100 --level ") + level);
    ASSERT_TRUE(report.contains("blocs")) << level;
    const int russia = BlocOf(report, "RUS");
    ASSERT_GE(russia, 0) << level;
    for (const char* id : {"FRA", "GBR", "POL", "UKR"}) {
      const int bloc = BlocOf(report, id);
      EXPECT_GE(bloc, 0) << id << " at level " << level;
      EXPECT_NE(bloc, russia) << id << " at level " << level;
    }
    EXPECT_GE(report["frustration"].get<double>(), 0.0);
    for (const auto& bloc : report["blocs"]) {
      EXPECT_GE(bloc["members"].size(), 2u);
      const double cohesion = bloc["cohesion"];
      EXPECT_GE(cohesion, 0.0);
      EXPECT_LE(cohesion, 1.0);
    }
  }
  RunResult text = RunKg(dir_.path(), "alliances");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("bloc 1"), std::string::npos) << text.out;
}

TEST_F(GraphCliTest, StateLevelFoldsPersons) {
  nlohmann::json actors = Json("edges --json --limit 10000");
  nlohmann::json states = Json("edges --json --limit 10000 --level state");
  auto has_person = [](const nlohmann::json& edges) {
    return std::any_of(edges.begin(), edges.end(), [](const auto& edge) {
      return edge["source"]["type"] == "PERSON" ||
             edge["target"]["type"] == "PERSON";
    });
  };
  ASSERT_TRUE(has_person(actors));
  // A person whose affiliation is an actor of the state-level graph has been
  // folded into it.
  std::set<std::string> state_ids;
  for (const auto& edge : states) {
    state_ids.insert(edge["source"]["id"].get<std::string>());
    state_ids.insert(edge["target"]["id"].get<std::string>());
  }
  for (const auto& edge : states) {
    for (const char* end : {"source", "target"}) {
      const auto& actor = edge[end];
      if (actor["type"] != "PERSON" || actor["affiliation"].is_null()) continue;
      EXPECT_EQ(state_ids.count(actor["affiliation"]), 0u) << actor.dump();
    }
  }
  EXPECT_LT(states.size(), actors.size());
  EXPECT_EQ(RunKg(dir_.path(), "edges --level galaxy").exit_code, 1);
}

TEST_F(GraphCliTest, TimelinePrintsMonths) {
  nlohmann::json timeline = Json("timeline Russia Ukraine --json");
  ASSERT_FALSE(timeline["points"].empty());
  std::string previous;
  for (const auto& point : timeline["points"]) {
    const std::string period = point["period"];
    ASSERT_EQ(period.size(), 7u) << period;  // YYYY-MM
    EXPECT_EQ(period[4], '-');
    EXPECT_GT(period, previous);
    previous = period;
    const auto count = point["supporting"].get<int>() +
                       point["opposing"].get<int>() +
                       point["neutral"].get<int>();
    EXPECT_GT(count, 0);
  }
  nlohmann::json yearly = Json("timeline Russia Ukraine --json --bucket year");
  ASSERT_FALSE(yearly["points"].empty());
  EXPECT_EQ(yearly["points"][0]["period"].get<std::string>().size(), 4u);
  EXPECT_EQ(
      RunKg(dir_.path(), "timeline Russia Ukraine --bucket decade").exit_code,
      1);
  RunResult text = RunKg(dir_.path(), "timeline Russia Ukraine");
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("2025-"), std::string::npos) << text.out;
}

TEST_F(GraphCliTest, PathLinksConnectedActors) {
  nlohmann::json path = Json("path France Russia --json");
  ASSERT_TRUE(path["found"].get<bool>()) << path.dump();
  ASSERT_FALSE(path["path"].empty());
  EXPECT_EQ(path["path"].front()["from"]["id"], "FRA");
  EXPECT_EQ(path["path"].back()["to"]["id"], "RUS");
  for (const auto& step : path["path"]) {
    EXPECT_GT(step["evidence_count"].get<int>(), 0);
    EXPECT_FALSE(step["evidence"].empty());
  }
  RunResult text = RunKg(dir_.path(), "path France Russia");
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("steps"), std::string::npos) << text.out;
}

TEST_F(GraphCliTest, CentralListsActors) {
  nlohmann::json rows = Json("central --json --limit 5");
  ASSERT_FALSE(rows.empty());
  EXPECT_LE(rows.size(), 5u);
  double previous = 1e300;
  for (const auto& row : rows) {
    EXPECT_GT(row["degree"].get<int>(), 0);
    EXPECT_LE(row["betweenness"].get<double>(), previous);
    previous = row["betweenness"];
  }
}

TEST_F(GraphCliTest, StanceWithoutDirectEvidenceIsInferredOrAbsent) {
  // Whatever pair has no direct evidence: either nothing is inferred, or
  // the answer is marked inferred and shows its chain.
  nlohmann::json edges = Json("edges --json --limit 10000");
  std::set<std::pair<std::string, std::string>> direct;
  std::set<std::string> ids;
  for (const auto& edge : edges) {
    direct.emplace(edge["source"]["id"], edge["target"]["id"]);
    ids.insert(edge["source"]["id"].get<std::string>());
    ids.insert(edge["target"]["id"].get<std::string>());
  }
  int inferred = 0;
  for (const std::string& x : ids) {
    for (const std::string& y : ids) {
      if (x == y || direct.count({x, y}) > 0 || inferred >= 3) continue;
      nlohmann::json stance = Json("stance " + x + " " + y + " --json");
      EXPECT_EQ(stance["supporting"].get<int>() +
                    stance["opposing"].get<int>() +
                    stance["neutral"].get<int>(),
                0);
      if (!stance["inferred"].get<bool>()) continue;
      ++inferred;
      ASSERT_GE(stance["path"].size(), 2u);
      EXPECT_EQ(stance["path"].front()["from"]["id"], x);
      EXPECT_EQ(stance["path"].back()["to"]["id"], y);
      EXPECT_NE(stance["score"].get<double>(), 0.0);
    }
  }
  EXPECT_GT(inferred, 0);
  nlohmann::json direct_stance = Json("stance Russia Ukraine --json");
  EXPECT_FALSE(direct_stance["inferred"].get<bool>());
}

TEST_F(GraphCliTest, UnknownNamesExitFour) {
  for (const char* args : {"path Rusia Ukraine", "timeline Russia Ukrane",
                           "path France Atlantis"}) {
    RunResult run = RunKg(dir_.path(), args);
    EXPECT_EQ(run.exit_code, 4) << args;
    EXPECT_FALSE(run.err.empty()) << args;
  }
  // Misspellings come back with the closest known names.
  const std::pair<const char*, const char*> misspelt[] = {
      {"stance Rusia Ukraine", "Russia"},
      {"supporters Ukrane", "Ukraine"},
      {"opponents Rusia", "Russia"},
      {"timeline Russia Ukrane", "Ukraine"}};
  for (const auto& [args, suggestion] : misspelt) {
    RunResult run = RunKg(dir_.path(), args);
    EXPECT_EQ(run.exit_code, 4) << args;
    EXPECT_NE(run.err.find("did you mean"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(suggestion), std::string::npos) << run.err;
  }
}

TEST_F(GraphCliTest, EveryQueryPrintsJson) {
  for (const char* args :
       {"stance Russia Ukraine --json", "supporters Ukraine --json",
        "opponents Russia --json", "edges --json", "alliances --json",
        "central --json", "path France Russia --json",
        "timeline Russia Ukraine --json --bucket week"}) {
    RunResult run = RunKg(dir_.path(), args);
    ASSERT_EQ(run.exit_code, 0) << args << ": " << run.err;
    EXPECT_TRUE(nlohmann::json::accept(run.out)) << args << ": " << run.out;
  }
}

TEST(GraphCliEmptyTest, EmptyDatabaseGivesEmptyAnswers) {
  ScratchDir dir;
  WriteWhole(dir.path() / "empty.txt", "Nothing happened today.\n");
  RunResult ingest = RunKg(dir.path(), "ingest --date 2025-01-01 empty.txt");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  RunResult alliances = RunKg(dir.path(), "alliances --json");
  ASSERT_EQ(alliances.exit_code, 0) << alliances.err;
  EXPECT_TRUE(nlohmann::json::parse(alliances.out)["blocs"].empty());
  EXPECT_TRUE(nlohmann::json::parse(alliances.out)["alone"].empty());
  RunResult central = RunKg(dir.path(), "central --json");
  ASSERT_EQ(central.exit_code, 0) << central.err;
  EXPECT_TRUE(nlohmann::json::parse(central.out).empty());
  RunResult edges = RunKg(dir.path(), "edges --json");
  ASSERT_EQ(edges.exit_code, 0) << edges.err;
  EXPECT_TRUE(nlohmann::json::parse(edges.out).empty()) << edges.out;
  for (const char* args : {"alliances", "central", "edges"}) {
    RunResult text = RunKg(dir.path(), args);
    EXPECT_EQ(text.exit_code, 0) << args << ": " << text.err;
    EXPECT_FALSE(text.out.empty()) << args;
  }
  // With no actors at all, any name is unknown: a clear message, exit 4.
  RunResult stance = RunKg(dir.path(), "stance Russia Ukraine");
  EXPECT_EQ(stance.exit_code, 4);
  EXPECT_NE(stance.err.find("Russia"), std::string::npos) << stance.err;
}

TEST(GraphCliLevelTest, UnmentionedStateOfALeaderCanBeAskedAbout) {
  // Only the leader is named: at --level state the leader's state still
  // gets a vertex, named from the gazetteer, and answers by name.
  ScratchDir dir;
  WriteWhole(dir.path() / "leader.txt",
             "Donald Tusk condemned Russia on Monday.\n"
             "Russia criticised Donald Tusk.\n");
  RunResult ingest = RunKg(dir.path(), "ingest --date 2025-02-01 leader.txt");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  RunResult stance =
      RunKg(dir.path(), "stance Poland Russia --level state --json");
  ASSERT_EQ(stance.exit_code, 0) << stance.err;
  nlohmann::json json = nlohmann::json::parse(stance.out);
  EXPECT_EQ(json["from"]["id"], "POL");
  EXPECT_EQ(json["from"]["name"], "Poland");
  EXPECT_LT(json["score"].get<double>(), 0);
  EXPECT_FALSE(json["evidence"].empty());
  RunResult alliances = RunKg(dir.path(), "alliances --level state --json");
  ASSERT_EQ(alliances.exit_code, 0) << alliances.err;
  nlohmann::json report = nlohmann::json::parse(alliances.out);
  EXPECT_GE(BlocOf(report, "POL"), 0) << alliances.out;
  EXPECT_GE(BlocOf(report, "RUS"), 0) << alliances.out;
  EXPECT_NE(BlocOf(report, "POL"), BlocOf(report, "RUS"));
  // At actor level Poland is not an actor: a clear not-found.
  EXPECT_EQ(RunKg(dir.path(), "stance Poland Russia").exit_code, 4);
}

}  // namespace
}  // namespace kg::testing
