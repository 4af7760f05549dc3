// The store commands of the kg binary (cli/cmd_store.cc): query, evidence,
// stats, check and rm, run on a database written through the Store API.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/store/store_test_util.h"

namespace kg {
namespace {

using testing_util::Entity;
using testing_util::InDoc;
using testing_util::MakeDoc;
using testing_util::MakeRelation;
using testing_util::ScratchDir;

struct KgRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CmdStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(KG_BINARY)) {
      GTEST_SKIP() << "kg binary not built at " << KG_BINARY;
    }
    db_ = dir_.Child("kg.db");
    StoreOptions options;
    options.create_if_missing = true;
    auto store = Store::Open(db_, options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EntityRef fre = Entity("FRE", "Freedonia", "Freedonia");
    EntityRef syl = Entity("SYL", "Sylvania", "Sylvania");
    EntityRef gfw = Entity("GFW", "Grand Fenwick", "the Duchy");
    ASSERT_TRUE(*(*store)->AddDocument(
        MakeDoc("d1", "h1"),
        InDoc("d1", {MakeRelation(fre, "support", syl, 1, "2024-01-15",
                                  "Freedonia pledged help to Sylvania."),
                     MakeRelation(syl, "criticize", gfw, -1, "2024-01-16",
                                  "Sylvania rebuked the Duchy.")})));
    ASSERT_TRUE(*(*store)->AddDocument(
        MakeDoc("d2", "h2"),
        InDoc("d2", {MakeRelation(fre, "support", syl, 1, "2024-02-01",
                                  "Freedonia stood by Sylvania.")})));
  }

  // Runs `kg <args> --db <db>`; args are single-quoted for the shell.
  KgRun Kg(const std::vector<std::string>& args) {
    std::string command = std::string(KG_BINARY);
    for (const std::string& arg : args) command += " '" + arg + "'";
    command += " --db '" + db_ + "' >'" + dir_.Child("out") + "' 2>'" +
               dir_.Child("err") + "'";
    int status = std::system(command.c_str());
    KgRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadAll(dir_.Child("out"));
    run.err = ReadAll(dir_.Child("err"));
    return run;
  }

  ScratchDir dir_;
  std::string db_;
};

TEST_F(CmdStoreTest, QueryPrintsMatchingTriples) {
  KgRun run = Kg({"query", "freedonia ? ?"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Freedonia  support  Sylvania"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("2 evidence"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("criticize"), std::string::npos);

  KgRun three = Kg({"query", "?", "criticize", "Grand Fenwick", "--json"});
  ASSERT_EQ(three.exit_code, 0) << three.err;
  auto rows = nlohmann::json::parse(three.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["subject"]["id"], "SYL");
  EXPECT_EQ(rows[0]["count"], 1);
  EXPECT_EQ(rows[0]["polarity_sum"], -1);
}

TEST_F(CmdStoreTest, UnknownNamesExitFourWithSuggestions) {
  KgRun run = Kg({"query", "Fredonia ? ?"});
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_NE(run.err.find("did you mean"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Freedonia"), std::string::npos) << run.err;
  EXPECT_EQ(Kg({"query", "? praise ?"}).exit_code, 4);
  EXPECT_EQ(Kg({"query", "too many words here"}).exit_code, 1);
}

TEST_F(CmdStoreTest, EvidenceListsSentencesWithDocAndDate) {
  KgRun run = Kg({"evidence", "FRE", "support", "SYL"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("d1  2024-01-15"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Freedonia stood by Sylvania."), std::string::npos);
  KgRun json = Kg({"evidence", "FRE", "support", "SYL", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto rows = nlohmann::json::parse(json.out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1]["doc"], "d2");
  EXPECT_EQ(rows[1]["subject"]["id"], "FRE");
}

TEST_F(CmdStoreTest, StatsCheckAndRemove) {
  KgRun stats = Kg({"stats", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  auto counts = nlohmann::json::parse(stats.out);
  EXPECT_EQ(counts["documents"], 2);
  EXPECT_EQ(counts["evidence"], 3);
  EXPECT_EQ(Kg({"check"}).exit_code, 0);

  KgRun removed = Kg({"rm", "d2"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  counts = nlohmann::json::parse(Kg({"stats", "--json"}).out);
  EXPECT_EQ(counts["documents"], 1);
  EXPECT_EQ(counts["evidence"], 2);
  EXPECT_EQ(Kg({"check"}).exit_code, 0);
  EXPECT_EQ(Kg({"rm", "d2"}).exit_code, 4);
}

TEST_F(CmdStoreTest, CheckExitsThreeOnInconsistency) {
  TripleAggregate triple;
  {
    StoreOptions options;
    options.read_only = true;
    auto store = Store::Open(db_, options);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)
                    ->Query({},
                            [&](const TripleAggregate& a) {
                              triple = a;
                              return false;
                            })
                    .ok());
  }
  triple.polarity_sum += 5;
  testing_util::OverwriteAggregate(db_, triple);
  KgRun run = Kg({"check"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("aggregate"), std::string::npos) << run.err;
}

TEST_F(CmdStoreTest, WritersAreRefusedWhileLockedButReadersRun) {
  auto writer = Store::Open(db_, StoreOptions{});
  ASSERT_TRUE(writer.ok());
  KgRun removed = Kg({"rm", "d1"});
  EXPECT_EQ(removed.exit_code, 3);
  EXPECT_NE(removed.err.find("another kg process"), std::string::npos)
      << removed.err;
  EXPECT_EQ(Kg({"query", "? ? ?"}).exit_code, 0);
}

TEST_F(CmdStoreTest, MissingDatabaseExitsThree) {
  db_ = dir_.Child("absent.db");
  EXPECT_EQ(Kg({"stats"}).exit_code, 3);
  EXPECT_EQ(Kg({"rm", "d1"}).exit_code, 3);
  EXPECT_FALSE(std::filesystem::exists(db_));
}

}  // namespace
}  // namespace kg
