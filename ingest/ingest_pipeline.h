// Parallel ingest: documents are read on the calling thread, extracted on a
// pool of worker threads and written by one writer thread in input order, so
// the database (and every id in it) is the same for any number of jobs.
// At most `max_in_flight` documents are held in memory at once, which keeps
// resident memory bounded on inputs of any size.
#ifndef KG_INGEST_INGEST_PIPELINE_H_
#define KG_INGEST_INGEST_PIPELINE_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "common/result.h"
#include "core/document.h"
#include "extract/extractor.h"

namespace kg {

struct PipelineOptions {
  // Extraction threads; 0 means one per core.
  std::size_t jobs = 0;
  // Documents read but not yet written; the reader waits beyond this.
  std::size_t max_in_flight = 64;
};

// Called on the writer thread, once per document, in input order. Returning
// a non-OK Status stops the pipeline: no later document is written.
using WriteFn =
    std::function<Status(const Document&, const Result<Extraction>&)>;

class IngestPipeline {
 public:
  // `extractor` must outlive the pipeline and be thread-safe (it is).
  IngestPipeline(const Extractor& extractor, const PipelineOptions& options,
                 WriteFn write);
  ~IngestPipeline();
  IngestPipeline(const IngestPipeline&) = delete;
  IngestPipeline& operator=(const IngestPipeline&) = delete;

  // Queues a document; blocks while too many are in flight. Returns false
  // once the writer has stopped on an error (the document is dropped).
  bool Submit(Document doc);

  // Waits until every submitted document is written or the writer stopped;
  // returns the writer's first error, if any. Call once.
  Status Finish();

 private:
  struct Done {
    Document doc;
    Result<Extraction> extraction;
  };

  void WorkerLoop();
  void WriterLoop();

  const Extractor& extractor_;
  const std::size_t max_in_flight_;
  WriteFn write_;

  std::mutex mu_;
  std::condition_variable work_ready_;  // Workers wait for documents.
  std::condition_variable done_ready_;  // The writer waits for results.
  std::condition_variable room_ready_;  // The reader waits for room.
  std::deque<std::pair<std::uint64_t, Document>> work_;
  std::map<std::uint64_t, Done> done_;
  std::uint64_t next_seq_ = 0;       // Sequence number of the next Submit.
  std::uint64_t next_to_write_ = 0;  // Sequence number the writer waits for.
  bool closed_ = false;              // No more documents will be submitted.
  Status error_;                     // The writer's first error.

  std::vector<std::thread> workers_;
  std::thread writer_;
};

}  // namespace kg

#endif  // KG_INGEST_INGEST_PIPELINE_H_
