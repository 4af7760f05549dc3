// kg query, evidence, stats, check and rm: looking inside the store and
// maintaining it. The read commands open the database read-only, so they
// run beside an ingest.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "core/relation_json.h"
#include "store/store.h"

namespace kg::cli {
namespace {

// The position of a pattern that matches anything.
constexpr char kWildcard[] = "?";

struct StoreFlags {
  std::string db = kDefaultDb;
  bool json = false;
  std::size_t limit = 0;  // Rows to print; 0 means all.
};

void AddStoreFlags(CLI::App* cmd, StoreFlags* flags, bool with_limit) {
  cmd->add_option("--db", flags->db, "Database directory")
      ->capture_default_str();
  cmd->add_flag("--json", flags->json, "Print JSON instead of text");
  if (with_limit) {
    cmd->add_option("--limit", flags->limit, "Rows to show (0: all)")
        ->capture_default_str();
  }
}

std::string FormatSigned(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f", value);
  return buf;
}

std::string FormatSigned(std::int64_t value) {
  return (value > 0 ? "+" : "") + std::to_string(value);
}

// "2024-01-02", "2024-01-02..2024-03-04", or empty when undated.
std::string DateRange(const TripleAggregate& triple) {
  if (triple.first_date == triple.last_date) return triple.first_date;
  return triple.first_date + ".." + triple.last_date;
}

// Term lookups by id, remembered for the life of one command.
class TermNames {
 public:
  explicit TermNames(Store& store) : store_(store) {}

  Result<Term> Get(std::uint64_t id) {
    auto cached = terms_.find(id);
    if (cached != terms_.end()) return cached->second;
    KG_ASSIGN_OR_RETURN(Term term, store_.GetTerm(id));
    terms_.emplace(id, term);
    return term;
  }

 private:
  Store& store_;
  std::unordered_map<std::uint64_t, Term> terms_;
};

nlohmann::ordered_json TermJson(const Term& term) {
  if (term.is_predicate) return term.key;
  return {{"id", term.key},
          {"name", term.name},
          {"type", EntityTypeName(term.type)}};
}

// Splits `kg query 'S P O'` into its three positions; names with spaces
// need the three-argument form (`kg query "Grand Fenwick" support ?`).
std::optional<std::vector<std::string>> PatternPositions(
    const std::vector<std::string>& args) {
  if (args.size() == 3) return args;
  if (args.size() != 1) return std::nullopt;
  std::istringstream words(args[0]);
  std::vector<std::string> positions;
  for (std::string word; words >> word;) positions.push_back(word);
  if (positions.size() != 3) return std::nullopt;
  return positions;
}

// Resolves one entity position of a pattern; `?` stays open. Returns false
// (with *exit_code set) when the name is unknown.
bool ResolvePosition(Store& store, const std::string& name,
                     std::optional<std::uint64_t>* id, int* exit_code) {
  if (name == kWildcard) return true;
  auto term = ResolveEntity(store, name, exit_code);
  if (!term) return false;
  *id = term->id;
  return true;
}

bool ResolvePredicate(Store& store, const std::string& lemma,
                      std::optional<std::uint64_t>* id, int* exit_code) {
  if (lemma == kWildcard) return true;
  auto term = store.FindPredicate(lemma);
  if (!term.ok()) {
    PrintError(term.status().message());
    *exit_code = kExitDatabase;
    return false;
  }
  if (!term->has_value()) {
    PrintError("unknown relation '" + lemma +
               "' (relations are stored as lemmas, e.g. 'support')");
    *exit_code = kExitNotFound;
    return false;
  }
  *id = (*term)->id;
  return true;
}

int RunQuery(const StoreFlags& flags, const std::vector<std::string>& args) {
  auto positions = PatternPositions(args);
  if (!positions) {
    PrintError("a pattern is three positions, S P O, each a name or '?'");
    return kExitUsage;
  }
  int exit_code = kExitOk;
  std::unique_ptr<Store> store = OpenForRead(flags.db, &exit_code);
  if (store == nullptr) return exit_code;
  TriplePattern pattern;
  if (!ResolvePosition(*store, (*positions)[0], &pattern.subject, &exit_code) ||
      !ResolvePredicate(*store, (*positions)[1], &pattern.predicate,
                        &exit_code) ||
      !ResolvePosition(*store, (*positions)[2], &pattern.object, &exit_code)) {
    return exit_code;
  }
  TermNames names(*store);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::size_t shown = 0;
  Status failure;
  Status status = store->Query(pattern, [&](const TripleAggregate& triple) {
    auto s = names.Get(triple.subject);
    auto p = names.Get(triple.predicate);
    auto o = names.Get(triple.object);
    for (const Status& lookup : {s.status(), p.status(), o.status()}) {
      if (!lookup.ok()) {
        failure = lookup;
        return false;
      }
    }
    if (flags.json) {
      rows.push_back({{"subject", TermJson(*s)},
                      {"relation", p->key},
                      {"object", TermJson(*o)},
                      {"count", triple.count},
                      {"polarity_sum", triple.polarity_sum},
                      {"score", triple.score_sum},
                      {"weight_sum", triple.weight_sum},
                      {"first_date", triple.first_date},
                      {"last_date", triple.last_date}});
    } else {
      std::cout << s->name << "  " << p->key << "  " << o->name << "  ("
                << triple.count << " evidence, polarity "
                << FormatSigned(triple.polarity_sum) << ", score "
                << FormatSigned(triple.score_sum);
      if (!triple.first_date.empty()) std::cout << ", " << DateRange(triple);
      std::cout << ")\n";
    }
    return ++shown != flags.limit;
  });
  if (status.ok()) status = failure;
  if (!status.ok()) {
    PrintError(flags.db + ": " + status.message());
    return kExitDatabase;
  }
  if (flags.json) {
    std::cout << rows.dump(2) << "\n";
  } else if (shown == 0) {
    std::cerr << "kg: no triple matches\n";
  }
  return kExitOk;
}

int RunEvidence(const StoreFlags& flags, const std::string& subject,
                const std::string& predicate, const std::string& object) {
  int exit_code = kExitOk;
  std::unique_ptr<Store> store = OpenForRead(flags.db, &exit_code);
  if (store == nullptr) return exit_code;
  auto s = ResolveEntity(*store, subject, &exit_code);
  if (!s) return exit_code;
  std::optional<std::uint64_t> p;
  if (predicate == kWildcard) {
    PrintError("evidence needs a relation, not '?'; see `kg query`");
    return kExitUsage;
  }
  if (!ResolvePredicate(*store, predicate, &p, &exit_code)) return exit_code;
  auto o = ResolveEntity(*store, object, &exit_code);
  if (!o) return exit_code;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::size_t shown = 0;
  Status status =
      store->ForEachEvidence(s->id, *p, o->id, [&](const Relation& relation) {
        if (flags.json) {
          rows.push_back(RelationToJson(relation));
        } else {
          std::cout << relation.doc;
          if (!relation.date.empty()) std::cout << "  " << relation.date;
          std::cout << "  sentence " << relation.sentence << "  "
                    << FormatSigned(std::int64_t{relation.polarity})
                    << (relation.negated ? "  negated" : "") << "  "
                    << ModalityName(relation.modality) << "\n  "
                    << (relation.text.empty() ? "(no source sentence)"
                                              : "\"" + relation.text + "\"")
                    << "\n";
        }
        return ++shown != flags.limit;
      });
  if (!status.ok()) {
    PrintError(flags.db + ": " + status.message());
    return kExitDatabase;
  }
  if (flags.json) {
    std::cout << rows.dump(2) << "\n";
  } else if (shown == 0) {
    std::cerr << "kg: no evidence that " << s->name << " " << predicate << " "
              << o->name << "\n";
  }
  return kExitOk;
}

int RunStats(const StoreFlags& flags) {
  int exit_code = kExitOk;
  std::unique_ptr<Store> store = OpenForRead(flags.db, &exit_code);
  if (store == nullptr) return exit_code;
  auto stats = store->Stats();
  if (!stats.ok()) {
    PrintError(flags.db + ": " + stats.status().message());
    return kExitDatabase;
  }
  if (flags.json) {
    nlohmann::ordered_json json = {{"documents", stats->documents},
                                   {"terms", stats->terms},
                                   {"triples", stats->triples},
                                   {"evidence", stats->evidence}};
    std::cout << json.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "documents  " << stats->documents << "\nterms      "
            << stats->terms << "\ntriples    " << stats->triples
            << "\nevidence   " << stats->evidence << "\n";
  return kExitOk;
}

int RunCheck(const StoreFlags& flags) {
  int exit_code = kExitOk;
  std::unique_ptr<Store> store = OpenForRead(flags.db, &exit_code);
  if (store == nullptr) return exit_code;
  Status status = store->Check();
  if (flags.json) {
    nlohmann::ordered_json json = {{"ok", status.ok()},
                                   {"problems", status.message()}};
    std::cout << json.dump(2) << "\n";
  }
  if (!status.ok()) {
    PrintError(flags.db + ": " + status.message());
    return kExitDatabase;
  }
  if (!flags.json) std::cout << flags.db << ": ok\n";
  return kExitOk;
}

int RunRemove(const StoreFlags& flags, const std::vector<std::string>& ids) {
  auto store = Store::Open(flags.db, StoreOptions{});
  if (!store.ok()) {
    PrintError(flags.db + ": " + store.status().message());
    return DatabaseExitCode(store.status());
  }
  int exit_code = kExitOk;
  nlohmann::ordered_json removed = nlohmann::ordered_json::array();
  for (const std::string& id : ids) {
    Status status = (*store)->RemoveDocument(id);
    if (status.IsNotFound()) {
      PrintError("no document '" + id + "' in " + flags.db);
      exit_code = kExitNotFound;
      continue;
    }
    if (!status.ok()) {
      PrintError(flags.db + ": " + status.message());
      return kExitDatabase;
    }
    removed.push_back(id);
    if (!flags.json) std::cout << "removed " << id << "\n";
  }
  if (flags.json) {
    std::cout << nlohmann::ordered_json{{"removed", removed}}.dump(2) << "\n";
  }
  return exit_code;
}

}  // namespace

void RegisterStoreCommands(CLI::App& app, int* exit_code) {
  struct QueryArgs {
    StoreFlags flags;
    std::vector<std::string> pattern;
  };
  auto query_args = std::make_shared<QueryArgs>();
  CLI::App* query = app.add_subcommand(
      "query", "Stored triples matching 'S P O' ('?' matches anything)");
  query
      ->add_option("PATTERN", query_args->pattern,
                   "'S P O' as one argument, or S P O as three")
      ->required();
  AddStoreFlags(query, &query_args->flags, true);
  query->callback([query_args, exit_code] {
    *exit_code = RunQuery(query_args->flags, query_args->pattern);
  });

  struct EvidenceArgs {
    StoreFlags flags;
    std::string subject, predicate, object;
  };
  auto evidence_args = std::make_shared<EvidenceArgs>();
  CLI::App* evidence = app.add_subcommand(
      "evidence", "The sentences behind one triple S P O, with doc and date");
  evidence->add_option("S", evidence_args->subject, "Subject (name or alias)")
      ->required();
  evidence->add_option("P", evidence_args->predicate, "Relation lemma")
      ->required();
  evidence->add_option("O", evidence_args->object, "Object (name or alias)")
      ->required();
  AddStoreFlags(evidence, &evidence_args->flags, true);
  evidence->callback([evidence_args, exit_code] {
    *exit_code = RunEvidence(evidence_args->flags, evidence_args->subject,
                             evidence_args->predicate, evidence_args->object);
  });

  auto stats_flags = std::make_shared<StoreFlags>();
  CLI::App* stats = app.add_subcommand(
      "stats", "Counts of documents, terms, triples and evidence");
  AddStoreFlags(stats, stats_flags.get(), false);
  stats->callback(
      [stats_flags, exit_code] { *exit_code = RunStats(*stats_flags); });

  auto check_flags = std::make_shared<StoreFlags>();
  CLI::App* check = app.add_subcommand(
      "check", "Verify the database's indexes and aggregates (exit 3 if not)");
  AddStoreFlags(check, check_flags.get(), false);
  check->callback(
      [check_flags, exit_code] { *exit_code = RunCheck(*check_flags); });

  struct RemoveArgs {
    StoreFlags flags;
    std::vector<std::string> ids;
  };
  auto remove_args = std::make_shared<RemoveArgs>();
  CLI::App* remove = app.add_subcommand(
      "rm", "Remove documents and their evidence from the database");
  remove->add_option("DOC", remove_args->ids, "Document ids")->required();
  AddStoreFlags(remove, &remove_args->flags, false);
  remove->callback([remove_args, exit_code] {
    *exit_code = RunRemove(remove_args->flags, remove_args->ids);
  });
}

}  // namespace kg::cli
