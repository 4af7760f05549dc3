// kg stance, supporters, opponents and edges: questions answered from the
// actor graph, with the evidence behind each answer.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "core/relation_json.h"
#include "graph/actor_graph.h"
#include "graph/alliances.h"
#include "graph/centrality.h"
#include "graph/paths.h"
#include "graph/signed_view.h"
#include "graph/stance.h"
#include "graph/timeline.h"
#include "lexicon/gazetteer.h"

namespace kg::cli {
namespace {

struct QueryFlags {
  std::string db = kDefaultDb;
  bool json = false;
  GraphOptions graph;
  std::size_t limit = 20;       // Rows (or evidence sentences) to print.
  std::string level = "actor";  // --level: actor or state.
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
  cmd->add_option("--level", flags->level,
                  "actor: persons are actors of their own; state: persons "
                  "count as their state or organisation")
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

// Names the vertices --level state makes for affiliations that no stored
// relation mentions (a leader's state named only through the leader). Without
// the gazetteer the id stands in for the name.
std::function<std::optional<EntityRef>(const std::string&)>
AffiliationDescriber() {
  auto gazetteer = std::make_shared<std::optional<Gazetteer>>();
  auto loaded = Gazetteer::Load(DataDir() + "/gazetteer.tsv");
  if (loaded.ok()) *gazetteer = std::move(loaded).value();
  return [gazetteer](const std::string& id) -> std::optional<EntityRef> {
    if (!gazetteer->has_value()) return std::nullopt;
    const GazetteerEntry* entry = (*gazetteer)->FindById(id);
    if (entry == nullptr) return std::nullopt;
    return EntityRef{entry->name, entry->id, entry->name, entry->type, ""};
  };
}

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
  std::optional<GraphLevel> level = ParseGraphLevel(flags.level);
  if (!level) {
    PrintError("--level takes actor or state");
    *exit_code = kExitUsage;
    return false;
  }
  GraphOptions options = flags.graph;
  options.level = *level;
  if (*level == GraphLevel::kState) {
    options.describe_affiliation = AffiliationDescriber();
  }
  loaded->store = OpenForRead(flags.db, exit_code);
  if (loaded->store == nullptr) return false;
  auto graph = ActorGraph::Build(*loaded->store, options);
  if (!graph.ok()) {
    PrintError(flags.db + ": " + graph.status().message());
    *exit_code = kExitDatabase;
    return false;
  }
  loaded->graph = std::make_unique<ActorGraph>(std::move(graph).value());
  return true;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// The entity called `name`: a stored one (any alias), or a vertex the graph
// made for an unmentioned affiliation, matched by id or name (any case).
// Unknown names print the closest known ones and set *exit_code.
std::optional<Term> ResolveName(const Loaded& loaded, const std::string& name,
                                int* exit_code) {
  const ActorGraph& graph = *loaded.graph;
  for (std::size_t v = 0; v < graph.num_actors(); ++v) {
    const Actor& actor = graph.actor(v);
    const std::vector<std::uint64_t>& members = graph.MemberTerms(v);
    const bool made_up =
        !std::binary_search(members.begin(), members.end(), actor.term_id);
    if (made_up && (EqualsIgnoringCase(actor.key, name) ||
                    EqualsIgnoringCase(actor.name, name))) {
      return Term{actor.term_id, actor.key, actor.name, false, actor.type, ""};
    }
  }
  return ResolveEntity(*loaded.store, name, exit_code);
}

void PrintEvidence(const Relation& relation) {
  // Imported triples (kg import) carry no sentence, only their file.
  if (relation.text.empty()) {
    std::cout << "    (no source sentence)\n      — " << relation.doc;
  } else {
    std::cout << "    \"" << relation.text << "\"\n      — " << relation.doc;
  }
  if (!relation.date.empty()) std::cout << ", " << relation.date;
  std::cout << ", sentence " << relation.sentence << " (" << relation.relation
            << (relation.negated ? ", negated" : "") << ", "
            << ModalityName(relation.modality) << ")\n";
}

// The strongest evidence of either direction of a path step.
std::vector<Relation> StepEvidence(const Loaded& loaded, const PathStep& step,
                                   std::size_t limit) {
  std::vector<Relation> evidence;
  for (auto [a, b] :
       {std::pair(step.from, step.to), std::pair(step.to, step.from)}) {
    auto report =
        Stance(*loaded.graph, *loaded.store, loaded.graph->actor(a).term_id,
               loaded.graph->actor(b).term_id, limit);
    if (!report.ok()) continue;
    for (Relation& relation : report->evidence) {
      evidence.push_back(std::move(relation));
    }
  }
  if (evidence.size() > limit) evidence.resize(limit);
  return evidence;
}

std::string_view SignWord(int sign) {
  return sign > 0 ? "friendly" : sign < 0 ? "hostile" : "neutral";
}

nlohmann::ordered_json PathJson(const Loaded& loaded, const ActorPath& path,
                                std::size_t evidence_per_step) {
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const PathStep& step : path.steps) {
    nlohmann::ordered_json evidence = nlohmann::ordered_json::array();
    for (const Relation& relation :
         StepEvidence(loaded, step, evidence_per_step)) {
      evidence.push_back(RelationToJson(relation));
    }
    steps.push_back({{"from", ActorJson(loaded.graph->actor(step.from))},
                     {"to", ActorJson(loaded.graph->actor(step.to))},
                     {"weight", step.link.weight},
                     {"sign", step.link.sign()},
                     {"strength", step.strength},
                     {"evidence_count", step.link.evidence},
                     {"evidence", evidence}});
  }
  return steps;
}

void PrintPath(const Loaded& loaded, const ActorPath& path,
               std::size_t evidence_per_step) {
  for (const PathStep& step : path.steps) {
    std::cout << "  " << loaded.graph->actor(step.from).name << " — "
              << loaded.graph->actor(step.to).name << ": "
              << SignWord(step.link.sign()) << " (weight "
              << FormatScore(step.link.weight) << ", " << step.link.evidence
              << " evidence)\n";
    for (const Relation& relation :
         StepEvidence(loaded, step, evidence_per_step)) {
      PrintEvidence(relation);
    }
  }
}

// With no direct evidence, a stance inferred by structural balance from
// chains through other actors.
std::optional<InferredStance> Infer(const Loaded& loaded, std::uint64_t from,
                                    std::uint64_t to) {
  std::optional<std::size_t> u = loaded.graph->VertexOf(from);
  std::optional<std::size_t> v = loaded.graph->VertexOf(to);
  if (!u || !v) return std::nullopt;
  const SignedView view = SignedView::Build(*loaded.graph, {});
  return InferStance(*loaded.graph, view, *u, *v, {});
}

// The two actors of a pair query (stance, path, timeline).
struct NamedPair {
  Term from;
  Term to;
};

// Loads the graph and resolves both names. On failure prints why, sets
// *exit_code and returns nullopt.
std::optional<NamedPair> LoadPair(const QueryFlags& flags, const std::string& x,
                                  const std::string& y, Loaded* loaded,
                                  int* exit_code) {
  if (!Load(flags, loaded, exit_code)) return std::nullopt;
  std::optional<Term> from = ResolveName(*loaded, x, exit_code);
  if (!from) return std::nullopt;
  std::optional<Term> to = ResolveName(*loaded, y, exit_code);
  if (!to) return std::nullopt;
  return NamedPair{*std::move(from), *std::move(to)};
}

constexpr std::size_t kEvidencePerStep = 2;

int RunStance(const QueryFlags& flags, const std::string& x,
              const std::string& y) {
  int exit_code = kExitOk;
  Loaded loaded;
  std::optional<NamedPair> pair = LoadPair(flags, x, y, &loaded, &exit_code);
  if (!pair) return exit_code;
  const Term& from = pair->from;
  const Term& to = pair->to;
  auto report =
      Stance(*loaded.graph, *loaded.store, from.id, to.id, flags.limit);
  if (!report.ok()) {
    PrintError(report.status().message());
    return kExitDatabase;
  }
  const std::uint64_t total =
      report->supporting + report->opposing + report->neutral;
  std::optional<InferredStance> inferred;
  if (total == 0) inferred = Infer(loaded, from.id, to.id);
  const std::string_view inferred_verdict =
      inferred && inferred->score > 0 ? kVerdictSupports : kVerdictOpposes;
  if (flags.json) {
    nlohmann::ordered_json json = {
        {"from", ActorJson(report->from)},
        {"to", ActorJson(report->to)},
        {"verdict", inferred ? inferred_verdict : report->verdict},
        {"score", inferred ? inferred->score : report->score},
        {"supporting", report->supporting},
        {"opposing", report->opposing},
        {"neutral", report->neutral},
        {"contested", report->contested},
        {"inferred", inferred.has_value()},
        {"evidence", nlohmann::ordered_json::array()}};
    for (const Relation& relation : report->evidence) {
      json["evidence"].push_back(RelationToJson(relation));
    }
    if (inferred) {
      json["chains_agreeing"] = inferred->agreeing;
      json["chains_disagreeing"] = inferred->disagreeing;
      json["path"] = PathJson(loaded, inferred->strongest, kEvidencePerStep);
    }
    std::cout << json.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << report->from.name << " " << report->verdict << " "
            << report->to.name;
  if (total > 0) {
    std::cout << " (score " << FormatScore(report->score) << "; "
              << report->supporting << " supporting, " << report->opposing
              << " opposing, " << report->neutral << " neutral)";
  }
  std::cout << "\n";
  if (!report->evidence.empty()) std::cout << "  evidence:\n";
  for (const Relation& relation : report->evidence) PrintEvidence(relation);
  if (inferred) {
    std::cout << "inferred: " << report->from.name << " probably "
              << inferred_verdict << " " << report->to.name << " (score "
              << FormatScore(inferred->score) << " from " << inferred->agreeing
              << " chains agreeing, " << inferred->disagreeing
              << " disagreeing, by structural balance)\n"
              << "strongest chain:\n";
    PrintPath(loaded, inferred->strongest, kEvidencePerStep);
  }
  return kExitOk;
}

int RunRanked(const QueryFlags& flags, const std::string& name,
              bool supporters) {
  int exit_code = kExitOk;
  Loaded loaded;
  if (!Load(flags, &loaded, &exit_code)) return exit_code;
  auto target = ResolveName(loaded, name, &exit_code);
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
                                        {supporters ? "supporters"
                                                    : "opponents",
                                         rows}}
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
  // Persons are listed under their state (or organisation) when it is
  // ranked too; otherwise in their own place, with the affiliation named.
  std::set<std::string> ranked_keys;
  for (const RankedActor& row : ranked) ranked_keys.insert(row.actor.key);
  auto print_row = [](const RankedActor& row, const char* indent,
                      const std::string& name) {
    std::cout << indent << FormatScore(row.score) << "  " << name << "  ("
              << row.evidence << " evidence)\n";
  };
  for (const RankedActor& row : ranked) {
    if (ranked_keys.count(row.actor.affiliation) > 0) continue;
    print_row(row, "  ", DisplayName(row.actor));
    for (const RankedActor& member : ranked) {
      if (member.actor.affiliation == row.actor.key) {
        print_row(member, "      ", member.actor.name);
      }
    }
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

std::string Names(const ActorGraph& graph,
                  const std::vector<std::size_t>& vertices, std::size_t limit) {
  std::string names;
  for (std::size_t i = 0; i < vertices.size() && i < limit; ++i) {
    if (i > 0) names += ", ";
    names += graph.actor(vertices[i]).name;
  }
  if (vertices.size() > limit) {
    names += ", ... (" + std::to_string(vertices.size() - limit) + " more)";
  }
  return names;
}

int RunAlliances(const QueryFlags& flags, std::uint64_t min_evidence) {
  int exit_code = kExitOk;
  Loaded loaded;
  if (!Load(flags, &loaded, &exit_code)) return exit_code;
  const ActorGraph& graph = *loaded.graph;
  AllianceOptions options;
  options.min_evidence = min_evidence;
  const AllianceReport report = FindAlliances(graph, options);
  const std::size_t shown = std::min(flags.limit, report.blocs.size());
  if (flags.json) {
    nlohmann::ordered_json blocs = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < shown; ++i) {
      const Bloc& bloc = report.blocs[i];
      nlohmann::ordered_json members = nlohmann::ordered_json::array();
      for (std::size_t v : bloc.members)
        members.push_back(ActorJson(graph.actor(v)));
      nlohmann::ordered_json frustrated = nlohmann::ordered_json::array();
      for (const FrustratedLink& link : bloc.frustrated) {
        frustrated.push_back({{"a", graph.actor(link.a).key},
                              {"b", graph.actor(link.b).key},
                              {"weight", link.weight}});
      }
      blocs.push_back({{"members", members},
                       {"cohesion", bloc.cohesion},
                       {"positive_inside", bloc.positive_inside},
                       {"negative_inside", bloc.negative_inside},
                       {"frustrated", frustrated}});
    }
    nlohmann::ordered_json alone = nlohmann::ordered_json::array();
    for (std::size_t v : report.alone)
      alone.push_back(ActorJson(graph.actor(v)));
    std::cout << nlohmann::ordered_json{{"blocs", blocs},
                                        {"bloc_count", report.blocs.size()},
                                        {"alone", alone},
                                        {"signed_links", report.signed_links},
                                        {"frustrated_links",
                                         report.frustrated_links},
                                        {"frustration", report.frustration},
                                        {"total_weight", report.total_weight}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  if (report.blocs.empty() && report.alone.empty()) {
    std::cout << "no signed relations between actors recorded\n";
    return kExitOk;
  }
  std::cout << report.blocs.size() << " blocs and " << report.alone.size()
            << " actors alone over " << report.signed_links
            << " signed links; frustration " << FormatScore(report.frustration)
            << " (" << report.frustrated_links
            << " links against the blocs, of "
            << FormatScore(report.total_weight) << " total weight)\n";
  for (std::size_t i = 0; i < shown; ++i) {
    const Bloc& bloc = report.blocs[i];
    char cohesion[16];
    std::snprintf(cohesion, sizeof cohesion, "%.2f", bloc.cohesion);
    std::cout << "bloc " << i + 1 << " (" << bloc.members.size()
              << " actors, cohesion " << cohesion
              << "): " << Names(graph, bloc.members, 40) << "\n";
    for (std::size_t j = 0; j < bloc.frustrated.size() && j < 3; ++j) {
      const FrustratedLink& link = bloc.frustrated[j];
      std::cout << "    against the blocs: " << graph.actor(link.a).name
                << " — " << graph.actor(link.b).name << " "
                << FormatScore(link.weight) << "\n";
    }
  }
  if (shown < report.blocs.size()) {
    std::cout << "(" << report.blocs.size() - shown
              << " more blocs; raise --limit)\n";
  }
  if (!report.alone.empty()) {
    std::cout << "alone, no positive tie to any bloc (" << report.alone.size()
              << "): " << Names(graph, report.alone, flags.limit * 5) << "\n";
  }
  return kExitOk;
}

int RunPath(const QueryFlags& flags, const std::string& x,
            const std::string& y) {
  int exit_code = kExitOk;
  Loaded loaded;
  std::optional<NamedPair> pair = LoadPair(flags, x, y, &loaded, &exit_code);
  if (!pair) return exit_code;
  const Term& from = pair->from;
  const Term& to = pair->to;
  std::optional<std::size_t> u = loaded.graph->VertexOf(from.id);
  std::optional<std::size_t> v = loaded.graph->VertexOf(to.id);
  std::optional<ActorPath> path;
  if (u && v) {
    const SignedView view = SignedView::Build(*loaded.graph, {});
    path = StrongestPath(*loaded.graph, view, *u, *v, {});
  }
  const std::size_t per_step = std::min<std::size_t>(flags.limit, 3);
  if (flags.json) {
    nlohmann::ordered_json json = {
        {"from", from.name}, {"to", to.name}, {"found", path.has_value()}};
    if (path) {
      json["strength"] = path->strength;
      json["sign"] = path->sign;
      json["path"] = PathJson(loaded, *path, per_step);
    }
    std::cout << json.dump(2) << "\n";
    return kExitOk;
  }
  if (!path) {
    std::cout << "no chain of relations links " << from.name << " to "
              << to.name << "\n";
    return kExitOk;
  }
  char strength[16];
  std::snprintf(strength, sizeof strength, "%.3f", path->strength);
  std::cout << from.name << " to " << to.name << ": " << path->steps.size()
            << " steps, strength " << strength << ", " << SignWord(path->sign)
            << " by balance\n";
  PrintPath(loaded, *path, per_step);
  return kExitOk;
}

int RunCentral(const QueryFlags& flags, std::uint64_t min_evidence) {
  int exit_code = kExitOk;
  Loaded loaded;
  if (!Load(flags, &loaded, &exit_code)) return exit_code;
  CentralityOptions options;
  options.min_evidence = min_evidence;
  std::vector<CentralActor> central = Centrality(*loaded.graph, options);
  if (central.size() > flags.limit) central.resize(flags.limit);
  if (flags.json) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const CentralActor& row : central) {
      rows.push_back({{"actor", ActorJson(loaded.graph->actor(row.vertex))},
                      {"betweenness", row.betweenness},
                      {"degree", row.degree},
                      {"positive", row.positive},
                      {"negative", row.negative},
                      {"strength", row.strength}});
    }
    std::cout << rows.dump(2) << "\n";
    return kExitOk;
  }
  if (central.empty()) {
    std::cout << "no actor relations recorded\n";
    return kExitOk;
  }
  std::cout << "betweenness  degree (+/-)  actor\n";
  for (const CentralActor& row : central) {
    char line[64];
    std::snprintf(line, sizeof line, "%11.1f  %6zu (%zu/%zu)  ",
                  row.betweenness, row.degree, row.positive, row.negative);
    std::cout << line << DisplayName(loaded.graph->actor(row.vertex)) << "\n";
  }
  return kExitOk;
}

int RunTimeline(const QueryFlags& flags, const std::string& x,
                const std::string& y, const std::string& bucket_name) {
  std::optional<TimeBucket> bucket = ParseTimeBucket(bucket_name);
  if (!bucket) {
    PrintError("--bucket takes week, month or year");
    return kExitUsage;
  }
  int exit_code = kExitOk;
  Loaded loaded;
  std::optional<NamedPair> pair = LoadPair(flags, x, y, &loaded, &exit_code);
  if (!pair) return exit_code;
  const Term& from = pair->from;
  const Term& to = pair->to;
  auto timeline =
      StanceTimeline(*loaded.graph, *loaded.store, from.id, to.id, *bucket);
  if (!timeline.ok()) {
    PrintError(timeline.status().message());
    return kExitDatabase;
  }
  if (flags.json) {
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (const TimelinePoint& point : timeline->points) {
      points.push_back({{"period", point.period},
                        {"verdict", point.verdict},
                        {"score", point.score},
                        {"supporting", point.supporting},
                        {"opposing", point.opposing},
                        {"neutral", point.neutral}});
    }
    std::cout << nlohmann::ordered_json{{"from", from.name},
                                        {"to", to.name},
                                        {"bucket", bucket_name},
                                        {"points", points},
                                        {"undated", timeline->undated}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  if (timeline->points.empty()) {
    std::cout << "no dated evidence of " << from.name << "'s stance toward "
              << to.name << "\n";
  }
  for (const TimelinePoint& point : timeline->points) {
    std::cout << point.period << "  " << FormatScore(point.score) << "  "
              << from.name << " " << point.verdict << " " << to.name << "  ("
              << point.supporting << "+ " << point.opposing << "- "
              << point.neutral << "=)\n";
  }
  if (timeline->undated > 0) {
    std::cout << "(" << timeline->undated << " undated pieces of evidence)\n";
  }
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

  for (bool alliances : {true, false}) {
    struct GraphArgs {
      QueryFlags flags;
      std::uint64_t min_evidence = 1;
    };
    auto args = std::make_shared<GraphArgs>();
    CLI::App* cmd =
        alliances
            ? app.add_subcommand("alliances",
                                 "Blocs of actors: friends inside, enemies "
                                 "between, with cohesion and frustration")
            : app.add_subcommand("central",
                                 "Brokers between blocs (betweenness) and "
                                 "the most connected actors (degree)");
    AddQueryFlags(cmd, &args->flags);
    cmd->add_option("--min-evidence", args->min_evidence,
                    "Ignore pairs with fewer pieces of evidence (both "
                    "directions together)")
        ->capture_default_str();
    cmd->callback([args, exit_code, alliances] {
      *exit_code = alliances ? RunAlliances(args->flags, args->min_evidence)
                             : RunCentral(args->flags, args->min_evidence);
    });
  }

  auto path_args = std::make_shared<StanceArgs>();
  CLI::App* path = app.add_subcommand(
      "path", "The strongest chain of relations linking X to Y, with evidence");
  path->add_option("X", path_args->x, "Actor (any name or alias)")->required();
  path->add_option("Y", path_args->y, "Actor (any name or alias)")->required();
  AddQueryFlags(path, &path_args->flags);
  path->callback([path_args, exit_code] {
    *exit_code = RunPath(path_args->flags, path_args->x, path_args->y);
  });

  struct TimelineArgs {
    QueryFlags flags;
    std::string x, y;
    std::string bucket = "month";
  };
  auto timeline_args = std::make_shared<TimelineArgs>();
  CLI::App* timeline = app.add_subcommand(
      "timeline", "X's stance toward Y per week, month or year");
  timeline->add_option("X", timeline_args->x, "Actor (any name or alias)")
      ->required();
  timeline->add_option("Y", timeline_args->y, "Actor or topic")->required();
  AddQueryFlags(timeline, &timeline_args->flags);
  timeline->add_option("--bucket", timeline_args->bucket, "week, month or year")
      ->capture_default_str();
  timeline->callback([timeline_args, exit_code] {
    *exit_code = RunTimeline(timeline_args->flags, timeline_args->x,
                             timeline_args->y, timeline_args->bucket);
  });
}

}  // namespace kg::cli
