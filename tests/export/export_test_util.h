// Helpers for the exchange-format tests: a store full of hostile names, the
// graph built from it, running an export, and running the real tools
// (dot, xmllint, serdi) on the result.
#ifndef KG_TESTS_EXPORT_EXPORT_TEST_UTIL_H_
#define KG_TESTS_EXPORT_EXPORT_TEST_UTIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "export/exporter.h"
#include "tests/graph/fake_store.h"

namespace kg::testing {

// Names that break naive writers of CSV, XML, DOT, RDF and IRIs.
inline std::vector<std::string> HostileNames() {
  return {
      "Quote \"in\" name, with comma",
      "back\\slash \\\" and \\n literal",
      "<angle> & ampersand's </data></node>",
      "line\nbreak\tand tab\r\nCRLF",
      "Ünïcödé 国家 مصر Ελλάδα",
      std::string(5000, 'L') + "ong",
      "digraph G { a -> b [label=\"x\"]; }",
      "<?xml version=\"1.0\"?><!-- c --><![CDATA[x]]>",
      "http://evil.example/a> <http://x> \"y\" .",
      "_:blank #hash %41 space ",
      std::string("ctrl\x01\x07\x1f") + "chars",
  };
}

// A store whose entities, relations and sentences carry HostileNames():
// entity i (id and name both hostile) supports entity i+1, opposes i+2
// (twice, in two documents) and meets the first one; one statement is
// reported by a speaker.
inline void FillHostile(FakeStore& store) {
  const std::vector<std::string> names = HostileNames();
  std::vector<EntityRef> entities;
  for (std::size_t i = 0; i < names.size(); ++i) {
    entities.push_back(
        Entity(names[i], names[i] + " (name)",
               i % 2 == 0 ? EntityType::kState : EntityType::kPerson,
               i % 2 == 0 ? "" : names[i - 1]));
  }
  std::vector<Relation> first;
  std::vector<Relation> second;
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const EntityRef& a = entities[i];
    const EntityRef& b = entities[(i + 1) % entities.size()];
    const EntityRef& c = entities[(i + 2) % entities.size()];
    first.push_back(Evidence(a, "back \"" + names[i % 3] + "\"", b, 1,
                             "2025-0" + std::to_string(1 + i % 9) + "-10", 0.75,
                             3.5));
    first.push_back(Evidence(a, "criticize", c, -1, "2025-02-01", 0.5, 4));
    second.push_back(Evidence(a, "criticize", c, -1, "2025-03-15", 0.9, 4));
    if (i != 0) second.push_back(Evidence(a, "meet", entities[0], 0, ""));
  }
  for (Relation& relation : second) relation.text = names[3] + " — " + names[2];
  // A speaker who is in no triple of their own.
  second[0].attributed_to = Entity("spokes\"person <x>", "Spokes \"Person\"",
                                   EntityType::kPerson, names[0]);
  second[0].modality = Modality::kReported;
  store.Add(first);
  store.Add(second);
}

inline ActorGraph BuildGraph(Store& store, const GraphOptions& options = {}) {
  auto graph = ActorGraph::Build(store, options);
  EXPECT_TRUE(graph.ok()) << graph.status().ToString();
  return graph.ok() ? std::move(graph).value() : ActorGraph();
}

// Runs exporter `format`; fails the test (and returns "") on an error.
inline std::string ExportText(const std::string& format, Store* store,
                              const ActorGraph* graph,
                              const ExportOptions& options = {}) {
  auto exporter = Exporter::Create(format);
  EXPECT_TRUE(exporter.ok()) << exporter.status().ToString();
  if (!exporter.ok()) return "";
  std::ostringstream out;
  const Status status =
      (*exporter)->Export(ExportInput{store, graph, options}, out);
  EXPECT_TRUE(status.ok()) << format << ": " << status.ToString();
  return out.str();
}

inline bool HaveTool(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

// A file in a fresh per-process temporary directory, removed at exit.
inline std::string TempPath(const std::string& name) {
  static const std::filesystem::path dir = [] {
    const auto path = std::filesystem::temp_directory_path() /
                      ("kg_export_formats_" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(
          std::filesystem::temp_directory_path() /
              ("kg_export_formats_" + std::to_string(::getpid())),
          ec);
    });
    return path;
  }();
  return (dir / name).string();
}

inline std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct ToolRun {
  int exit_code = -1;
  std::string out;  // Standard output and error together.
};

// Runs a shell command, capturing its output.
inline ToolRun RunTool(const std::string& command) {
  const std::string out = TempPath("tool.out");
  const int status = std::system((command + " >'" + out + "' 2>&1").c_str());
  return ToolRun{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadAll(out)};
}

}  // namespace kg::testing

#endif  // KG_TESTS_EXPORT_EXPORT_TEST_UTIL_H_
