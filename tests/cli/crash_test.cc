// Crash safety: `kg ingest` killed with SIGKILL at random moments leaves a
// database that opens, passes Check(), holds only whole documents, and that
// a re-run completes.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace kg {
namespace {

using testing_util::ScratchDir;
namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// Under ASan every run is several times slower; fewer kills keep the test
// within a few minutes.
constexpr int kKills = kSanitized ? 15 : 50;
constexpr int kDocuments = 300;
// Every fifth run is a bulk load into a fresh database.
constexpr int kBulkEvery = 5;

// Names of the states in the repository's gazetteer (its STATE rows).
std::vector<std::string> StateNames() {
  std::ifstream in(std::string(KG_SOURCE_DIR) + "/data/gazetteer.tsv");
  std::vector<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream row(line);
    std::string field;
    while (std::getline(row, field, '\t')) fields.push_back(field);
    if (fields.size() >= 3 && fields[1] == "STATE") names.push_back(fields[2]);
  }
  return names;
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Many small news-like documents, one JSONL line each.
void WriteCorpus(const std::string& path,
                 const std::vector<std::string>& states) {
  const char* verbs[] = {"supports", "opposes",   "criticized",
                         "backs",    "condemned", "praised"};
  std::mt19937 rng(2024);
  std::uniform_int_distribution<std::size_t> state(0, states.size() - 1);
  std::ofstream out(path);
  for (int d = 0; d < kDocuments; ++d) {
    std::string text;
    for (int s = 0; s < 1 + d % 4; ++s) {
      text += states[state(rng)] + " " + verbs[(d + s) % 6] + " " +
              states[state(rng)] + ". ";
    }
    out << "{\"id\":" << JsonString("n" + std::to_string(d))
        << ",\"date\":\"2024-05-" << (10 + d % 18)
        << "\",\"title\":" << JsonString("Item " + std::to_string(d))
        << ",\"text\":" << JsonString(text) << "}\n";
  }
}

// Starts `kg args...` with its output discarded.
pid_t Spawn(const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int null = open("/dev/null", O_WRONLY);
  dup2(null, STDOUT_FILENO);
  dup2(null, STDERR_FILENO);
  std::vector<char*> argv;
  std::string binary = KG_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies = args;
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Pieces of evidence per stored document; every stored document appears,
// with zero when it has none.
std::map<std::string, std::size_t> EvidenceByDocument(Store& store) {
  std::map<std::string, std::size_t> counts;
  EXPECT_TRUE(store
                  .ForEachDocument([&](const DocumentRecord& doc) {
                    counts[doc.id] = 0;
                    return true;
                  })
                  .ok());
  Status status = store.Query({}, [&](const TripleAggregate& a) {
    EXPECT_TRUE(store
                    .ForEachEvidence(a.subject, a.predicate, a.object,
                                     [&](const Relation& r) {
                                       ++counts[r.doc];
                                       return true;
                                     })
                    .ok());
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return counts;
}

std::unique_ptr<Store> OpenExisting(const std::string& path) {
  auto store = Store::Open(path, StoreOptions());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(CrashTest, KilledIngestsLeaveOnlyWholeDocuments) {
  if (!fs::exists(KG_BINARY)) GTEST_SKIP() << "kg binary not built";
  std::vector<std::string> states = StateNames();
  ASSERT_GE(states.size(), 10u) << "gazetteer without states";
  ScratchDir dir;
  std::string input = dir.Child("news.jsonl");
  WriteCorpus(input, states);

  // A complete, uninterrupted ingest gives each document's evidence count.
  std::string reference_db = dir.Child("reference");
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(Wait(Spawn({"ingest", "--db", reference_db, input})), 0);
  auto full_run = std::chrono::steady_clock::now() - started;
  std::map<std::string, std::size_t> reference;
  {
    auto store = OpenExisting(reference_db);
    ASSERT_NE(store, nullptr);
    reference = EvidenceByDocument(*store);
  }
  ASSERT_EQ(reference.size(), static_cast<std::size_t>(kDocuments));
  std::size_t total = 0;
  for (const auto& [id, count] : reference) total += count;
  ASSERT_GT(total, static_cast<std::size_t>(kDocuments) / 2)
      << "the extractor found too few relations for a meaningful test";

  unsigned seed = std::random_device()();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  auto full_us =
      std::chrono::duration_cast<std::chrono::microseconds>(full_run).count();
  std::uniform_int_distribution<long> delay_us(0, full_us * 6 / 5);
  std::string db = dir.Child("db");
  // A kill that comes after the run finished proves nothing, and runs on
  // a database that already holds most documents are short: the attempts
  // go on until kKills kills have landed inside a run.
  int interrupted = 0;
  for (int attempt = 0; interrupted < kKills && attempt < 4 * kKills;
       ++attempt) {
    SCOPED_TRACE("attempt " + std::to_string(attempt));
    bool bulk = attempt % kBulkEvery == kBulkEvery - 1;
    std::vector<std::string> args = {"ingest", "--db", db, input};
    if (bulk) {
      fs::remove_all(db);
      args.push_back("--bulk");
    }
    pid_t pid = Spawn(args);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    kill(pid, SIGKILL);
    if (Wait(pid) == -1) ++interrupted;
    if (!fs::exists(db)) continue;  // Killed before creating anything.
    auto store = OpenExisting(db);
    ASSERT_NE(store, nullptr);
    Status check = store->Check();
    ASSERT_TRUE(check.ok()) << check.ToString();
    std::map<std::string, std::size_t> stored = EvidenceByDocument(*store);
    for (const auto& [id, count] : stored) {
      ASSERT_EQ(reference.count(id), 1u) << id;
      EXPECT_EQ(count, reference[id]) << "document " << id << " is partial";
    }
    if (bulk) {
      EXPECT_TRUE(stored.empty() || stored.size() == reference.size())
          << "a bulk load stored " << stored.size() << " documents";
    }
  }
  EXPECT_EQ(interrupted, kKills) << "too few kills landed inside a run";

  // A final run completes the set.
  ASSERT_EQ(Wait(Spawn({"ingest", "--db", db, input})), 0);
  auto store = OpenExisting(db);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->Check().ok()) << store->Check().ToString();
  EXPECT_EQ(EvidenceByDocument(*store), reference);
}

}  // namespace
}  // namespace kg
