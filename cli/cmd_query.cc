// kg stance, supporters, opponents and edges: questions answered from the
// actor graph, with the evidence behind each answer.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "extract/relation_json.h"
#include "graph/actor_graph.h"
#include "graph/stance.h"

namespace kg::cli {
namespace {

struct QueryFlags {
  std::string db = kDefaultDb;
  bool json = false;
  GraphOptions graph;
  std::size_t limit = 20;  // Rows (or evidence sentences) to print.
};

void AddQueryFlags(CLI::App* cmd, QueryFlags* flags) {
  cmd->add_option("--db", flags->db, "Database directory")
      ->capture_default_str();
  cmd->add_flag("--json", flags->json, "Print JSON instead of text");
  cmd->add_option("--from", flags->graph.from,
                  "Only evidence dated on or after YYYY-MM-DD");
  cmd->add_option("--to", flags->graph.to,
                  "Only evidence dated on or before YYYY-MM-DD");
  cmd->add_option("--half-life", flags->graph.half_life_days,
                  "Weigh evidence down by age with this half-life in days");
  cmd->add_option("--limit", flags->limit, "Rows or sentences to show")
      ->capture_default_str();
}

std::string FormatScore(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f", score);
  return buf;
}

nlohmann::ordered_json ActorJson(const Actor& actor) {
  nlohmann::ordered_json json = {{"id", actor.key},
                         {"name", actor.name},
                         {"type", EntityTypeName(actor.type)}};
  json["affiliation"] = actor.affiliation.empty()
                            ? nlohmann::ordered_json(nullptr)
                            : nlohmann::ordered_json(actor.affiliation);
  return json;
}

std::string DisplayName(const Actor& actor) {
  if (actor.affiliation.empty()) return actor.name;
  return actor.name + " (" + actor.affiliation + ")";
}

// Opens the store and builds the graph, or sets *exit_code.
struct Loaded {
  std::unique_ptr<Store> store;
  std::unique_ptr<ActorGraph> graph;
};

bool Load(const QueryFlags& flags, Loaded* loaded, int* exit_code) {
  if (!IsValidDate(flags.graph.from) || !IsValidDate(flags.graph.to)) {
    PrintError("--from and --to take YYYY-MM-DD dates");
    *exit_code = kExitUsage;
    return false;
  }
  if (flags.graph.half_life_days < 0 ||
      !std::isfinite(flags.graph.half_life_days)) {
    PrintError("--half-life must be a non-negative number of days");
    *exit_code = kExitUsage;
    return false;
  }
  loaded->store = OpenForRead(flags.db, exit_code);
  if (loaded->store == nullptr) return false;
  auto graph = ActorGraph::Build(*loaded->store, flags.graph);
  if (!graph.ok()) {
    PrintError(flags.db + ": " + graph.status().message());
    *exit_code = kExitDatabase;
    return false;
  }
  loaded->graph = std::make_unique<ActorGraph>(std::move(graph).value());
  return true;
}

void PrintEvidence(const Relation& relation) {
  std::cout << "    \"" << relation.text << "\"\n      — " << relation.doc;
  if (!relation.date.empty()) std::cout << ", " << relation.date;
  std::cout << ", sentence " << relation.sentence << " (" << relation.relation
            << (relation.negated ? ", negated" : "") << ", "
            << ModalityName(relation.modality) << ")\n";
}

int RunStance(const QueryFlags& flags, const std::string& x,
              const std::string& y) {
  int exit_code = kExitOk;
  Loaded loaded;
  if (!Load(flags, &loaded, &exit_code)) return exit_code;
  auto from = ResolveEntity(*loaded.store, x, &exit_code);
  if (!from) return exit_code;
  auto to = ResolveEntity(*loaded.store, y, &exit_code);
  if (!to) return exit_code;
  auto report =
      Stance(*loaded.graph, *loaded.store, from->id, to->id, flags.limit);
  if (!report.ok()) {
    PrintError(report.status().message());
    return kExitDatabase;
  }
  if (flags.json) {
    nlohmann::ordered_json json = {
        {"from", ActorJson(report->from)},    {"to", ActorJson(report->to)},
        {"verdict", report->verdict},         {"score", report->score},
        {"supporting", report->supporting},   {"opposing", report->opposing},
        {"neutral", report->neutral},         {"contested", report->contested},
        {"evidence", nlohmann::ordered_json::array()}};
    for (const Relation& relation : report->evidence) {
      json["evidence"].push_back(RelationToJson(relation));
    }
    std::cout << json.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << report->from.name << " " << report->verdict << " "
            << report->to.name;
  std::uint64_t total = report->supporting + report->opposing + report->neutral;
  if (total > 0) {
    std::cout << " (score " << FormatScore(report->score) << "; "
              << report->supporting << " supporting, " << report->opposing
              << " opposing, " << report->neutral << " neutral)";
  }
  std::cout << "\n";
  if (!report->evidence.empty()) std::cout << "  evidence:\n";
  for (const Relation& relation : report->evidence) PrintEvidence(relation);
  return kExitOk;
}

int RunRanked(const QueryFlags& flags, const std::string& name,
              bool supporters) {
  int exit_code = kExitOk;
  Loaded loaded;
  if (!Load(flags, &loaded, &exit_code)) return exit_code;
  auto target = ResolveEntity(*loaded.store, name, &exit_code);
  if (!target) return exit_code;
  auto ranked = supporters ? Supporters(*loaded.graph, target->id)
                           : Opponents(*loaded.graph, target->id);
  if (ranked.size() > flags.limit) ranked.resize(flags.limit);
  if (flags.json) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const RankedActor& row : ranked) {
      rows.push_back({{"actor", ActorJson(row.actor)},
                      {"score", row.score},
                      {"evidence", row.evidence}});
    }
    std::cout << nlohmann::ordered_json{{"target", target->name},
                                {supporters ? "supporters" : "opponents", rows}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  if (ranked.empty()) {
    std::cout << "no recorded " << (supporters ? "supporters" : "opponents")
              << " of " << target->name << "\n";
    return kExitOk;
  }
  std::cout << (supporters ? "Supporters" : "Opponents") << " of "
            << target->name << ":\n";
  for (const RankedActor& row : ranked) {
    std::cout << "  " << FormatScore(row.score) << "  "
              << DisplayName(row.actor) << "  (" << row.evidence
              << " evidence)\n";
  }
  return kExitOk;
}

// Every signed actor edge, strongest first: who supports and who opposes whom.
int RunEdges(const QueryFlags& flags) {
  int exit_code = kExitOk;
  Loaded loaded;
  if (!Load(flags, &loaded, &exit_code)) return exit_code;
  auto edges = loaded.graph->Edges();
  std::stable_sort(edges.begin(), edges.end(),
                   [](const ActorEdge& a, const ActorEdge& b) {
                     return std::abs(a.score) > std::abs(b.score);
                   });
  if (edges.size() > flags.limit) edges.resize(flags.limit);
  if (flags.json) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const ActorEdge& edge : edges) {
      rows.push_back({{"source", ActorJson(loaded.graph->actor(edge.source))},
                      {"target", ActorJson(loaded.graph->actor(edge.target))},
                      {"score", edge.score},
                      {"supporting", edge.supporting},
                      {"opposing", edge.opposing},
                      {"neutral", edge.neutral},
                      {"relation", edge.top_relation}});
    }
    std::cout << rows.dump(2) << "\n";
    return kExitOk;
  }
  for (const ActorEdge& edge : edges) {
    std::string_view verb = Verdict(edge);
    std::cout << "  " << FormatScore(edge.score) << "  "
              << loaded.graph->actor(edge.source).name << " " << verb << " "
              << loaded.graph->actor(edge.target).name << "  ("
              << edge.top_relation << "; " << edge.supporting << "+ "
              << edge.opposing << "- " << edge.neutral << "=)\n";
  }
  if (edges.empty()) std::cout << "no actor relations recorded\n";
  return kExitOk;
}

}  // namespace

void RegisterQueryCommands(CLI::App& app, int* exit_code) {
  struct StanceArgs {
    QueryFlags flags;
    std::string x, y;
  };
  auto stance_args = std::make_shared<StanceArgs>();
  stance_args->flags.limit = 5;
  CLI::App* stance = app.add_subcommand(
      "stance", "How X stands toward Y: the net score and its evidence");
  stance->add_option("X", stance_args->x, "Actor (any name or alias)")
      ->required();
  stance->add_option("Y", stance_args->y, "Actor (any name or alias)")
      ->required();
  AddQueryFlags(stance, &stance_args->flags);
  stance->callback([stance_args, exit_code] {
    *exit_code = RunStance(stance_args->flags, stance_args->x, stance_args->y);
  });

  for (bool supporters : {true, false}) {
    struct RankArgs {
      QueryFlags flags;
      std::string x;
    };
    auto args = std::make_shared<RankArgs>();
    CLI::App* cmd =
        app.add_subcommand(supporters ? "supporters" : "opponents",
                           supporters ? "Who supports X, strongest first"
                                      : "Who opposes X, strongest first");
    cmd->add_option("X", args->x, "Actor (any name or alias)")->required();
    AddQueryFlags(cmd, &args->flags);
    cmd->callback([args, exit_code, supporters] {
      *exit_code = RunRanked(args->flags, args->x, supporters);
    });
  }

  auto edge_flags = std::make_shared<QueryFlags>();
  CLI::App* edges = app.add_subcommand(
      "edges", "Who supports and who opposes whom: every signed actor edge");
  AddQueryFlags(edges, edge_flags.get());
  edges->callback(
      [edge_flags, exit_code] { *exit_code = RunEdges(*edge_flags); });
}

}  // namespace kg::cli
