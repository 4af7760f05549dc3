#include "ingest/ingest_pipeline.h"

#include <algorithm>
#include <utility>

namespace kg {

IngestPipeline::IngestPipeline(const Extractor& extractor,
                               const PipelineOptions& options, WriteFn write)
    : extractor_(extractor),
      max_in_flight_(std::max<std::size_t>(1, options.max_in_flight)),
      write_(std::move(write)) {
  std::size_t jobs = options.jobs;
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  for (std::size_t i = 0; i < jobs; ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
  writer_ = std::thread([this] { WriterLoop(); });
}

IngestPipeline::~IngestPipeline() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  work_ready_.notify_all();
  done_ready_.notify_all();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  if (writer_.joinable()) writer_.join();
}

bool IngestPipeline::Submit(Document doc) {
  std::unique_lock<std::mutex> lock(mu_);
  room_ready_.wait(lock, [this] {
    return !error_.ok() || next_seq_ - next_to_write_ < max_in_flight_;
  });
  if (!error_.ok()) return false;
  work_.emplace_back(next_seq_++, std::move(doc));
  lock.unlock();
  work_ready_.notify_one();
  return true;
}

Status IngestPipeline::Finish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  work_ready_.notify_all();
  done_ready_.notify_all();
  for (auto& worker : workers_) worker.join();
  writer_.join();
  return error_;
}

void IngestPipeline::WorkerLoop() {
  for (;;) {
    std::unique_lock<std::mutex> lock(mu_);
    work_ready_.wait(
        lock, [this] { return !work_.empty() || closed_ || !error_.ok(); });
    if (work_.empty() || !error_.ok()) return;
    auto [seq, doc] = std::move(work_.front());
    work_.pop_front();
    lock.unlock();

    Result<Extraction> extraction = extractor_.Extract(doc);

    lock.lock();
    done_.emplace(seq, Done{std::move(doc), std::move(extraction)});
    lock.unlock();
    done_ready_.notify_one();
  }
}

void IngestPipeline::WriterLoop() {
  for (;;) {
    std::unique_lock<std::mutex> lock(mu_);
    done_ready_.wait(lock, [this] {
      return done_.count(next_to_write_) > 0 ||
             (closed_ && next_to_write_ == next_seq_);
    });
    auto it = done_.find(next_to_write_);
    if (it == done_.end()) return;  // Closed and everything written.
    Done done = std::move(it->second);
    done_.erase(it);
    lock.unlock();

    Status status = write_(done.doc, done.extraction);

    lock.lock();
    ++next_to_write_;
    if (!status.ok()) {
      error_ = status;
      work_.clear();
      lock.unlock();
      work_ready_.notify_all();
      room_ready_.notify_all();
      return;
    }
    lock.unlock();
    room_ready_.notify_one();
  }
}

}  // namespace kg
