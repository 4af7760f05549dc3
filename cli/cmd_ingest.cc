// kg ingest and kg extract: documents in, relations out (to the database or
// to standard output).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/env.h"
#include "common/utf8.h"
#include "core/relation_json.h"
#include "extract/extractor.h"
#include "extract/ud/open_triples.h"
#include "extract/ud/ud_extractor.h"
#include "ingest/document_reader.h"
#include "ingest/ingest_pipeline.h"
#include "store/store.h"

namespace kg::cli {
namespace {

struct ExtractFlags {
  std::vector<std::string> paths;
  std::string date;                     // --date for .txt documents.
  std::string extractor = "ud";         // --extractor NAME.
  std::vector<std::string> gazetteers;  // --gazetteer FILE (repeatable).
};

struct IngestFlags {
  ExtractFlags extract;
  std::string db = kDefaultDb;
  std::size_t jobs = 0;  // Extraction threads; 0 = one per core.
  // Re-extract documents whose text changed or that an older extractor
  // version made, replacing the stored version.
  bool replace = false;
  // Load a new database through sorted SST files in one step.
  bool bulk = false;
};

struct ExtractOutputFlags {
  ExtractFlags extract;
  std::string format = "jsonl";
  bool conllu = false;     // The paths are parsed CoNLL-U files.
  bool sentences = false;  // Each input line is one sentence.
};

void AddExtractFlags(CLI::App* cmd, ExtractFlags* flags) {
  cmd->add_option("paths", flags->paths,
                  "Files or directories: .txt (one document each) or .jsonl "
                  "(one document per line with id, date, title, text)")
      ->required();
  cmd->add_option("--date", flags->date,
                  "Date (YYYY-MM-DD) for .txt documents that carry none");
  cmd->add_option(
      "--extractor", flags->extractor, "Extractor to use (" + [] {
        std::string names;
        for (const auto& name : Extractor::Names()) {
          if (!names.empty()) names += ", ";
          names += name;
        }
        return names;
      }() + ")");
  cmd->add_option("--gazetteer", flags->gazetteers,
                  "Extra gazetteer TSV file(s) adding entities and aliases "
                  "(see data/README.md)");
}

// Creates the extractor named in the flags, or prints why not.
std::unique_ptr<Extractor> MakeExtractor(const ExtractFlags& flags,
                                         int* exit_code) {
  if (!IsValidDate(flags.date)) {
    PrintError("--date '" + flags.date + "' is not a YYYY-MM-DD date");
    *exit_code = kExitUsage;
    return nullptr;
  }
  ExtractorOptions options;
  options.data_dir = DataDir();
  options.extra_gazetteers = flags.gazetteers;
  auto extractor = Extractor::Create(flags.extractor, options);
  if (!extractor.ok()) {
    PrintError(extractor.status().message());
    *exit_code = extractor.status().IsNotFound() ? kExitUsage : kExitInput;
    return nullptr;
  }
  return std::move(extractor).value();
}

std::string Location(const ReadProblem& problem) {
  if (problem.line == 0) return problem.source;
  return problem.source + ":" + std::to_string(problem.line);
}

// Counts what happened during a run, for the summary line.
struct Tally {
  std::size_t documents = 0;   // Read and extracted.
  std::size_t added = 0;       // Written to the database.
  std::size_t duplicates = 0;  // Already stored (same content).
  std::size_t replaced = 0;    // Stored again in place of an old version.
  std::size_t outdated = 0;    // Kept as made by another extractor version.
  std::size_t sentences = 0;
  std::size_t relations = 0;
  std::size_t skipped = 0;   // Bad documents, reported and skipped.
  std::size_t warnings = 0;  // Repaired input, kept.
};

void ReportProblem(const ReadProblem& problem, Tally* tally) {
  std::string kind = problem.skipped ? "skipped" : "warning";
  PrintError(Location(problem) + ": " + kind + ": " + problem.status.message());
  (problem.skipped ? tally->skipped : tally->warnings)++;
}

// Redraws a one-line progress report on a terminal, at most 10 times a second.
class Progress {
 public:
  Progress() : enabled_(::isatty(STDERR_FILENO) == 1) {}
  // Erases the progress line before the summary is printed.
  void Clear() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
  }

  void Update(const Tally& tally) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    std::cerr << "\r\033[K  " << tally.documents << " documents, "
              << tally.relations << " relations, " << tally.skipped
              << " skipped" << std::flush;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

DocumentRecord MakeRecord(const Document& doc, const Extraction& extraction,
                          const Extractor& extractor) {
  DocumentRecord record;
  record.id = doc.id;
  record.title = doc.title;
  record.source =
      doc.line == 0 ? doc.source : doc.source + ":" + std::to_string(doc.line);
  record.date = doc.date;
  record.content_hash = ContentHash(doc);
  record.sentence_count = static_cast<std::uint32_t>(extraction.sentence_count);
  record.ingested_at = static_cast<std::int64_t>(std::time(nullptr));
  record.extractor_version =
      std::string(extractor.name()) + "/" + extractor.version();
  return record;
}

// What became of one document.
enum class Outcome { kAdded, kReplaced, kDuplicate, kOutdated, kSkipped };

// Writes documents one atomic write each; a document whose text changed
// (or, with --replace, whose extractor version did) replaces the old one.
class IncrementalWriter {
 public:
  IncrementalWriter(Store* store, bool replace)
      : store_(store), replace_(replace) {}

  Result<Outcome> Write(const DocumentRecord& record,
                        const std::vector<Relation>& relations) {
    KG_ASSIGN_OR_RETURN(auto stored, store_->GetDocument(record.id));
    if (!stored.has_value()) {
      KG_ASSIGN_OR_RETURN(bool added, store_->AddDocument(record, relations));
      return added ? Outcome::kAdded : Outcome::kDuplicate;
    }
    bool same_text = stored->content_hash == record.content_hash;
    bool same_version = stored->extractor_version == record.extractor_version;
    if (same_text && same_version) return Outcome::kDuplicate;
    if (!replace_) {
      if (same_text) return Outcome::kOutdated;
      return Status::InputError("document " + record.id +
                                " changed; use --replace to re-extract it");
    }
    KG_ASSIGN_OR_RETURN(bool replaced,
                        store_->ReplaceDocument(record, relations));
    return replaced ? Outcome::kReplaced : Outcome::kDuplicate;
  }

 private:
  Store* store_;
  bool replace_;
};

// Gathers documents into a bulk load committed at the end.
class BulkWriter {
 public:
  explicit BulkWriter(std::unique_ptr<BulkLoad> load)
      : load_(std::move(load)) {}

  Result<Outcome> Write(const DocumentRecord& record,
                        const std::vector<Relation>& relations) {
    auto added = load_->Add(record, relations);
    if (added.status().IsInvalidArgument()) {
      return Status::InputError(added.status().message());
    }
    KG_RETURN_IF_ERROR(added.status());
    return *added ? Outcome::kAdded : Outcome::kDuplicate;
  }

  Status Commit() { return load_->Commit(); }

 private:
  std::unique_ptr<BulkLoad> load_;
};

void Count(Outcome outcome, const Extraction& extraction, Tally* tally) {
  ++tally->documents;
  tally->sentences += extraction.sentence_count;
  switch (outcome) {
    case Outcome::kAdded:
    case Outcome::kReplaced:
      ++(outcome == Outcome::kAdded ? tally->added : tally->replaced);
      tally->relations += extraction.relations.size();
      break;
    case Outcome::kDuplicate:
      ++tally->duplicates;
      break;
    case Outcome::kOutdated:
      ++tally->duplicates;
      ++tally->outdated;
      break;
    case Outcome::kSkipped:
      ++tally->skipped;
      break;
  }
}

void PrintSummary(const Tally& tally) {
  std::cout << "ingested " << tally.added << " new documents ("
            << tally.duplicates << " already present), " << tally.sentences
            << " sentences, " << tally.relations << " relations; "
            << tally.skipped << " skipped";
  if (tally.replaced > 0) std::cout << ", " << tally.replaced << " replaced";
  if (tally.warnings > 0) std::cout << ", " << tally.warnings << " warnings";
  std::cout << "\n";
  if (tally.outdated > 0) {
    std::cout << tally.outdated
              << " stored documents were made by another extractor version; "
                 "--replace re-extracts them\n";
  }
}

int RunIngest(const IngestFlags& flags) {
  int exit_code = kExitOk;
  if (flags.bulk && flags.replace) {
    PrintError("--bulk loads a new database; --replace has nothing to replace");
    return kExitUsage;
  }
  auto extractor = MakeExtractor(flags.extract, &exit_code);
  if (extractor == nullptr) return exit_code;

  StoreOptions store_options;
  store_options.create_if_missing = true;
  auto opened = Store::Open(flags.db, store_options);
  if (!opened.ok()) {
    PrintError(flags.db + ": " + opened.status().message());
    return DatabaseExitCode(opened.status());
  }
  std::unique_ptr<Store> store = std::move(opened).value();
  std::optional<IncrementalWriter> incremental;
  std::optional<BulkWriter> bulk;
  if (flags.bulk) {
    auto load = store->StartBulkLoad();
    if (!load.ok()) {
      PrintError(flags.db + ": " + load.status().message());
      return DatabaseExitCode(load.status());
    }
    bulk.emplace(std::move(load).value());
  } else {
    incremental.emplace(store.get(), flags.replace);
  }

  // The reader (this thread) and the writer thread both report; one lock
  // keeps the tally and stderr consistent.
  std::mutex report_mu;
  Tally tally;
  Progress progress;
  PipelineOptions pipeline_options;
  pipeline_options.jobs = flags.jobs;
  IngestPipeline pipeline(
      *extractor, pipeline_options,
      [&](const Document& doc, const Result<Extraction>& extraction) {
        if (!extraction.ok()) {
          std::lock_guard<std::mutex> lock(report_mu);
          ReportProblem({doc.source, doc.line,
                         extraction.status().WithContext(doc.id), true},
                        &tally);
          return Status::Ok();
        }
        DocumentRecord record = MakeRecord(doc, *extraction, *extractor);
        auto outcome = bulk ? bulk->Write(record, extraction->relations)
                            : incremental->Write(record, extraction->relations);
        std::lock_guard<std::mutex> lock(report_mu);
        if (outcome.status().IsInputError()) {
          PrintError(Location({doc.source, doc.line, outcome.status(), true}) +
                     ": skipped: " + outcome.status().message());
          outcome = Outcome::kSkipped;
        }
        if (!outcome.ok()) return outcome.status().WithContext(flags.db);
        Count(*outcome, *extraction, &tally);
        progress.Update(tally);
        return Status::Ok();
      });

  ReaderOptions reader_options;
  reader_options.default_date = flags.extract.date;
  Status read = ReadDocuments(
      Env::Default(), flags.extract.paths, reader_options,
      [&](Document&& doc) { pipeline.Submit(std::move(doc)); },
      [&](const ReadProblem& problem) {
        std::lock_guard<std::mutex> lock(report_mu);
        ReportProblem(problem, &tally);
        progress.Update(tally);
      });
  Status written = pipeline.Finish();
  progress.Clear();
  if (!written.ok()) {
    PrintError(written.message() +
               (bulk ? std::string(" (bulk load: nothing was written)")
                     : std::string(" (documents written before it are "
                                   "complete; re-run the ingest to finish)")));
    return kExitDatabase;
  }
  if (bulk) {
    Status committed = bulk->Commit();
    if (!committed.ok()) {
      PrintError(flags.db + ": " + committed.message() +
                 " (bulk load: nothing was written)");
      return kExitDatabase;
    }
  }
  if (!read.ok()) {
    PrintError(read.message());
    return kExitInput;
  }
  PrintSummary(tally);
  return tally.skipped > 0 ? kExitInput : kExitOk;
}

void PrintRelations(const Extraction& extraction, bool tsv) {
  for (const Relation& relation : extraction.relations) {
    if (tsv) {
      std::cout << RelationToTsv(relation) << "\n";
    } else {
      std::cout << RelationToJson(relation).dump() << "\n";
    }
  }
}

void PrintCarb(std::string_view sentence, const ParsedSentence& parsed) {
  for (const OpenTriple& triple : OpenTriples(parsed)) {
    std::cout << FormatCarbLine(sentence, triple) << "\n";
  }
}

// kg extract --conllu: relations or open triples from parsed CoNLL-U files;
// no model is needed.
int ExtractConllu(const ExtractOutputFlags& flags) {
  if (flags.extract.extractor != "ud") {
    PrintError("--conllu needs --extractor ud");
    return kExitUsage;
  }
  ExtractorOptions options;
  options.data_dir = DataDir();
  options.extra_gazetteers = flags.extract.gazetteers;
  auto extractor = UdExtractor::CreateWithoutModel(options);
  if (!extractor.ok()) {
    PrintError(extractor.status().message());
    return kExitInput;
  }
  bool tsv = flags.format == "tsv";
  if (tsv) std::cout << RelationTsvHeader() << "\n";
  int exit_code = kExitOk;
  for (const std::string& path : flags.extract.paths) {
    auto sentences = ReadConllu(path);
    if (!sentences.ok()) {
      PrintError(sentences.status().message());  // It names the file.
      exit_code = kExitInput;
      continue;
    }
    ParsedText parsed = ParsedFromConllu(*sentences);
    if (flags.format == "carb") {
      for (const ParsedSentence& s : parsed.sentences) {
        PrintCarb(
            std::string_view(parsed.text).substr(s.start, s.end - s.start), s);
      }
      continue;
    }
    Document doc;
    doc.id = std::filesystem::path(path).stem().string();
    doc.date = flags.extract.date;
    doc.text = parsed.text;
    doc.source = path;
    PrintRelations((*extractor)->ExtractParsed(doc, parsed.sentences), tsv);
  }
  std::cout.flush();
  return exit_code;
}

// kg extract --sentences: every non-empty line is a sentence (and, for
// relations, a document of its own, "<file stem>:<line>").
int ExtractSentences(const ExtractOutputFlags& flags,
                     const Extractor& extractor) {
  const auto* ud = dynamic_cast<const UdExtractor*>(&extractor);
  bool carb = flags.format == "carb";
  bool tsv = flags.format == "tsv";
  if (tsv) std::cout << RelationTsvHeader() << "\n";
  int exit_code = kExitOk;
  for (const std::string& path : flags.extract.paths) {
    auto text = Env::Default()->ReadFile(path, std::size_t{1} << 30);
    if (!text.ok()) {
      PrintError(text.status().WithContext(path).message());
      exit_code = kExitInput;
      continue;
    }
    std::string stem = std::filesystem::path(path).stem().string();
    std::size_t line_number = 0;
    std::string_view rest = *text;
    while (!rest.empty()) {
      std::size_t eol = rest.find('\n');
      std::string line(rest.substr(0, eol));
      rest = eol == std::string_view::npos ? "" : rest.substr(eol + 1);
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      RepairUtf8(&line);
      if (carb) {
        for (const ParsedSentence& s : ud->pipeline()->Parse(line)) {
          PrintCarb(line, s);
        }
        continue;
      }
      Document doc;
      doc.id = stem + ":" + std::to_string(line_number);
      doc.date = flags.extract.date;
      doc.text = std::move(line);
      doc.source = path;
      doc.line = line_number;
      auto extraction = extractor.Extract(doc);
      if (!extraction.ok()) {
        PrintError(extraction.status().WithContext(doc.id).message());
        exit_code = kExitInput;
        continue;
      }
      PrintRelations(*extraction, tsv);
    }
  }
  std::cout.flush();
  return exit_code;
}

int RunExtract(const ExtractOutputFlags& flags) {
  if (flags.conllu) return ExtractConllu(flags);
  int exit_code = kExitOk;
  auto extractor = MakeExtractor(flags.extract, &exit_code);
  if (extractor == nullptr) return exit_code;
  const auto* ud = dynamic_cast<const UdExtractor*>(extractor.get());
  bool carb = flags.format == "carb";
  if (carb && (ud == nullptr || ud->pipeline() == nullptr)) {
    PrintError("--format carb needs --extractor ud");
    return kExitUsage;
  }
  if (flags.sentences) return ExtractSentences(flags, *extractor);
  bool tsv = flags.format == "tsv";
  if (tsv) std::cout << RelationTsvHeader() << "\n";

  ReaderOptions reader_options;
  reader_options.default_date = flags.extract.date;
  Tally tally;
  Status read = ReadDocuments(
      Env::Default(), flags.extract.paths, reader_options,
      [&](Document&& doc) {
        if (carb) {
          std::string_view text = doc.text;
          for (const ParsedSentence& s : ud->pipeline()->Parse(text)) {
            PrintCarb(text.substr(s.start, s.end - s.start), s);
          }
          return;
        }
        auto extraction = extractor->Extract(doc);
        if (!extraction.ok()) {
          ReadProblem problem{doc.source, doc.line,
                              extraction.status().WithContext(doc.id), true};
          ReportProblem(problem, &tally);
          return;
        }
        PrintRelations(*extraction, tsv);
      },
      [&](const ReadProblem& problem) { ReportProblem(problem, &tally); });
  std::cout.flush();
  if (!read.ok()) {
    PrintError(read.message());
    return kExitInput;
  }
  return tally.skipped > 0 ? kExitInput : kExitOk;
}

}  // namespace

void RegisterIngestCommands(CLI::App& app, int* exit_code) {
  auto ingest_flags = std::make_shared<IngestFlags>();
  CLI::App* ingest = app.add_subcommand(
      "ingest",
      "Extract relations from documents and add them to the database "
      "(created if missing). Documents already stored are skipped.");
  AddExtractFlags(ingest, &ingest_flags->extract);
  ingest->add_option("--db", ingest_flags->db, "Database directory")
      ->capture_default_str();
  ingest->add_option("--jobs", ingest_flags->jobs,
                     "Extraction threads (default: one per core)");
  ingest->add_flag("--replace", ingest_flags->replace,
                   "Re-extract documents whose text changed (same id) or "
                   "that another extractor version made, replacing the "
                   "stored version in one atomic write");
  ingest->add_flag("--bulk", ingest_flags->bulk,
                   "Load a new (empty) database fast: sort in bounded "
                   "memory, spilling sorted runs to disk, then merge them "
                   "into files ingested in one atomic step (all or nothing)");
  ingest->callback(
      [ingest_flags, exit_code] { *exit_code = RunIngest(*ingest_flags); });

  auto extract_flags = std::make_shared<ExtractOutputFlags>();
  CLI::App* extract = app.add_subcommand(
      "extract",
      "Extract relations and print them, one per line; nothing is stored.");
  AddExtractFlags(extract, &extract_flags->extract);
  extract
      ->add_option("--format", extract_flags->format,
                   "Output format: relations as jsonl or tsv, or carb (open "
                   "triples: sentence, confidence, relation, arguments; "
                   "needs --extractor ud)")
      ->check(CLI::IsMember({"jsonl", "tsv", "carb"}))
      ->capture_default_str();
  extract->add_flag("--conllu", extract_flags->conllu,
                    "The paths are parsed CoNLL-U files (--extractor ud; no "
                    "model needed)");
  extract->add_flag("--sentences", extract_flags->sentences,
                    "Each input line is one sentence (and one document)");
  extract->callback(
      [extract_flags, exit_code] { *exit_code = RunExtract(*extract_flags); });
}

}  // namespace kg::cli
