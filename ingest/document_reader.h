// Reads news documents from .txt and .jsonl files (docs/formats.md, "Input").
//
// Thread-safety: ReadDocuments keeps no state between calls; concurrent
// calls are safe if the Env is.
#ifndef KG_INGEST_DOCUMENT_READER_H_
#define KG_INGEST_DOCUMENT_READER_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/env.h"
#include "common/status.h"
#include "core/document.h"

namespace kg {

struct ReaderOptions {
  // "YYYY-MM-DD" given with --date: the date of every .txt document, and of
  // JSONL documents that have none. Empty: dates come from the input.
  std::string default_date;
  // Documents (and JSONL lines) larger than this are reported and skipped.
  std::size_t max_document_bytes = 32 << 20;
};

// A problem with one input: a skipped document, or a warning about a kept
// one (skipped == false, e.g. repaired UTF-8).
struct ReadProblem {
  std::string source;    // The file (or path given) it concerns.
  std::size_t line = 0;  // 1-based line; 0 when it concerns the whole path
                         // (missing path, unreadable directory).
  Status status;         // Why; never OK.
  bool skipped = true;   // The document was dropped.
};

// Reads every document under `paths` (files, or directories searched
// recursively for *.txt and *.jsonl in sorted order; a file named
// explicitly with another extension is read as .txt). Calls on_document for
// each readable document in path order and on_problem for each problem;
// reading goes on after a problem. Returns non-OK only for errors that stop
// everything (none today). Requires: env, on_document and on_problem valid.
Status ReadDocuments(Env* env, const std::vector<std::string>& paths,
                     const ReaderOptions& options,
                     const std::function<void(Document&&)>& on_document,
                     const std::function<void(const ReadProblem&)>& on_problem);

// A stable 128-bit hash (32 lower-case hex digits) of what the extractor
// sees: date, title and text (not id or source). Two FNV-1a-64 passes with
// distinct offset bases; not cryptographic.
std::string ContentHash(const Document& doc);

}  // namespace kg

#endif  // KG_INGEST_DOCUMENT_READER_H_
