// kg ingest and kg extract: documents in, relations out (to the database or
// to standard output).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/ingest_pipeline.h"
#include "common/env.h"
#include "extract/document_reader.h"
#include "extract/extractor.h"
#include "extract/relation_json.h"
#include "store/store.h"

namespace kg::cli {
namespace {

struct ExtractFlags {
  std::vector<std::string> paths;
  std::string date;                     // --date for .txt documents.
  std::string extractor = "baseline";   // --extractor NAME.
  std::vector<std::string> gazetteers;  // --gazetteer FILE (repeatable).
};

struct IngestFlags {
  ExtractFlags extract;
  std::string db = kDefaultDb;
  std::size_t jobs = 0;  // Extraction threads; 0 = one per core.
};

struct ExtractOutputFlags {
  ExtractFlags extract;
  std::string format = "jsonl";
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

int RunIngest(const IngestFlags& flags) {
  int exit_code = kExitOk;
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
        auto added = store->AddDocument(
            MakeRecord(doc, *extraction, *extractor), extraction->relations);
        if (!added.ok()) return added.status().WithContext(flags.db);
        std::lock_guard<std::mutex> lock(report_mu);
        ++tally.documents;
        tally.sentences += extraction->sentence_count;
        if (*added) {
          ++tally.added;
          tally.relations += extraction->relations.size();
        } else {
          ++tally.duplicates;
        }
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
               " (documents written before it are complete; re-run the "
               "ingest to finish)");
    return kExitDatabase;
  }
  if (!read.ok()) {
    PrintError(read.message());
    return kExitInput;
  }
  std::cout << "ingested " << tally.added << " new documents ("
            << tally.duplicates << " already present), " << tally.sentences
            << " sentences, " << tally.relations << " relations; "
            << tally.skipped << " skipped";
  if (tally.warnings > 0) std::cout << ", " << tally.warnings << " warnings";
  std::cout << "\n";
  return tally.skipped > 0 ? kExitInput : kExitOk;
}

int RunExtract(const ExtractOutputFlags& flags) {
  int exit_code = kExitOk;
  auto extractor = MakeExtractor(flags.extract, &exit_code);
  if (extractor == nullptr) return exit_code;
  bool tsv = flags.format == "tsv";
  if (tsv) std::cout << RelationTsvHeader() << "\n";

  ReaderOptions reader_options;
  reader_options.default_date = flags.extract.date;
  Tally tally;
  Status read = ReadDocuments(
      Env::Default(), flags.extract.paths, reader_options,
      [&](Document&& doc) {
        auto extraction = extractor->Extract(doc);
        if (!extraction.ok()) {
          ReadProblem problem{doc.source, doc.line,
                              extraction.status().WithContext(doc.id), true};
          ReportProblem(problem, &tally);
          return;
        }
        for (const Relation& relation : extraction->relations) {
          if (tsv) {
            std::cout << RelationToTsv(relation) << "\n";
          } else {
            std::cout << RelationToJson(relation).dump() << "\n";
          }
        }
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
  ingest->callback(
      [ingest_flags, exit_code] { *exit_code = RunIngest(*ingest_flags); });

  auto extract_flags = std::make_shared<ExtractOutputFlags>();
  CLI::App* extract = app.add_subcommand(
      "extract",
      "Extract relations and print them, one per line; nothing is stored.");
  AddExtractFlags(extract, &extract_flags->extract);
  extract->add_option("--format", extract_flags->format, "Output format")
      ->check(CLI::IsMember({"jsonl", "tsv"}))
      ->capture_default_str();
  extract->callback(
      [extract_flags, exit_code] { *exit_code = RunExtract(*extract_flags); });
}

}  // namespace kg::cli
