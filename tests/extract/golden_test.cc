// Runs the data-driven cases of tests/data/golden/*.test through the
// baseline extractor with the built-in data. Layout of a .test file:
//
//   # comment
//   case: short name
//   date: 2025-09-04            (optional)
//   text:
//   One or more lines of input, up to the expect: line.
//   expect:
//   FRA support UKR +1          (subject relation object polarity)
//   RUS condemn POL 0 negated   (optional flags: negated,
//   DEU back UKR +1 modality=reported by=olaf_scholz)
//   end
//
// A case passes when the extracted (subject, relation, object, polarity,
// negated) set equals the expected one; modality= and by= are checked on
// the lines that give them.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "extract/extractor.h"

namespace kg {
namespace {

struct ExpectedEdge {
  std::string subject, relation, object;
  int polarity = 0;
  bool negated = false;
  std::string modality;  // Empty = not checked.
  std::string by;        // Empty = not checked.
};

struct GoldenCase {
  std::string file;
  std::size_t line = 0;
  std::string name;
  std::string date;
  std::string text;
  std::vector<ExpectedEdge> expected;
};

using EdgeKey = std::tuple<std::string, std::string, std::string, int, bool>;

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Parses one edge line; the relation may hold spaces ("stand with"), so
// the subject is the first field and object, polarity the last fields
// before the flags.
bool ParseEdge(const std::string& line, ExpectedEdge* edge) {
  std::istringstream in(line);
  std::vector<std::string> fields;
  std::string field;
  while (in >> field) fields.push_back(field);
  std::vector<std::string> core;
  for (const std::string& f : fields) {
    if (f == "negated") {
      edge->negated = true;
    } else if (f.starts_with("modality=")) {
      edge->modality = f.substr(9);
    } else if (f.starts_with("by=")) {
      edge->by = f.substr(3);
    } else {
      core.push_back(f);
    }
  }
  if (core.size() < 4) return false;
  edge->subject = core.front();
  edge->polarity = std::stoi(core.back());
  edge->object = core[core.size() - 2];
  for (std::size_t i = 1; i + 2 < core.size(); ++i) {
    if (!edge->relation.empty()) edge->relation += " ";
    edge->relation += core[i];
  }
  return true;
}

std::vector<GoldenCase> LoadCases() {
  std::vector<GoldenCase> cases;
  std::filesystem::path dir =
      std::filesystem::path(KG_SOURCE_DIR) / "tests/data/golden";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    std::size_t number = 0;
    enum { kNone, kText, kExpect } state = kNone;
    GoldenCase current;
    while (std::getline(in, line)) {
      ++number;
      std::string trimmed = Trim(line);
      if (state != kText && (trimmed.empty() || trimmed[0] == '#')) continue;
      if (trimmed.starts_with("case:")) {
        current = GoldenCase{};
        current.file = path.filename().string();
        current.line = number;
        current.name = Trim(trimmed.substr(5));
        state = kNone;
      } else if (state == kNone && trimmed.starts_with("date:")) {
        current.date = Trim(trimmed.substr(5));
      } else if (state == kNone && trimmed == "text:") {
        state = kText;
      } else if (state == kText && trimmed == "expect:") {
        state = kExpect;
      } else if (state == kText) {
        current.text += line + "\n";
      } else if (state == kExpect && trimmed == "end") {
        cases.push_back(current);
        state = kNone;
      } else if (state == kExpect) {
        ExpectedEdge edge;
        EXPECT_TRUE(ParseEdge(trimmed, &edge))
            << path << ":" << number << ": bad edge line: " << line;
        current.expected.push_back(edge);
      }
    }
    EXPECT_EQ(state, kNone) << path << ": last case lacks \"end\"";
  }
  return cases;
}

std::string Describe(const EdgeKey& key) {
  const auto& [s, r, o, p, n] = key;
  return s + " " + r + " " + o + " " + (p > 0 ? "+1" : std::to_string(p)) +
         (n ? " negated" : "");
}

TEST(GoldenTest, EveryCasePasses) {
  auto extractor = Extractor::Create("baseline", ExtractorOptions{});
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  std::vector<GoldenCase> cases = LoadCases();
  ASSERT_GE(cases.size(), 30u) << "the golden suite should hold 30+ cases";
  std::size_t failed = 0;
  for (const GoldenCase& c : cases) {
    Document doc;
    doc.id = "golden";
    doc.date = c.date;
    doc.text = c.text;
    auto extraction = (*extractor)->Extract(doc);
    ASSERT_TRUE(extraction.ok()) << extraction.status().ToString();
    std::set<EdgeKey> actual;
    for (const Relation& r : extraction->relations) {
      actual.insert(
          {r.subject.id, r.relation, r.object.id, r.polarity, r.negated});
    }
    std::set<EdgeKey> expected;
    for (const ExpectedEdge& e : c.expected) {
      expected.insert({e.subject, e.relation, e.object, e.polarity, e.negated});
    }
    std::string problems;
    for (const EdgeKey& key : expected) {
      if (!actual.contains(key)) problems += "\n  missing: " + Describe(key);
    }
    for (const EdgeKey& key : actual) {
      if (!expected.contains(key))
        problems += "\n  unexpected: " + Describe(key);
    }
    for (const ExpectedEdge& e : c.expected) {
      for (const Relation& r : extraction->relations) {
        if (r.subject.id != e.subject || r.relation != e.relation ||
            r.object.id != e.object) {
          continue;
        }
        if (!e.modality.empty() && ModalityName(r.modality) != e.modality) {
          problems += "\n  " + e.subject + " " + e.relation + " " + e.object +
                      ": modality " + std::string(ModalityName(r.modality)) +
                      ", want " + e.modality;
        }
        std::string by = r.attributed_to ? r.attributed_to->id : "none";
        if (!e.by.empty() && by != e.by) {
          problems += "\n  " + e.subject + " " + e.relation + " " + e.object +
                      ": attributed to " + by + ", want " + e.by;
        }
      }
    }
    if (!problems.empty()) {
      ++failed;
      ADD_FAILURE() << c.file << ":" << c.line << " case \"" << c.name << "\""
                    << problems;
    }
  }
  EXPECT_EQ(failed, 0u) << failed << " of " << cases.size()
                        << " golden cases failed";
}

}  // namespace
}  // namespace kg
