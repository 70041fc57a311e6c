// Group commit, for both stores' Store::Write: callers queue work; one writer
// thread runs a batch of it in one transaction (a savepoint each) and commits
// once, so many writers share one flush of the log to disk (and, on
// PostgreSQL, one turn of the audit chain's lock instead of one each). On
// SQLite a second thread flushes the log, so that the writer need not wait
// for the disk between batches (see the constructor); work that changed
// nothing but the audit log may then be told at its commit (Acknowledge).
// Connection needs Run(sql) and InTransaction().
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <pthread.h>

#include <fmt/format.h>

#include "store/store.hpp"

namespace docket::store {

// What a batched job sees: the batch's transaction, without the power to commit it.
class BatchedTransaction final : public Transaction {
 public:
  explicit BatchedTransaction(Transaction& batch) : batch_(batch) {}
  MemberRepository& Members() override { return batch_.Members(); }
  ComplaintRepository& Complaints() override { return batch_.Complaints(); }
  CaseRepository& Cases() override { return batch_.Cases(); }
  SanctionRepository& Sanctions() override { return batch_.Sanctions(); }
  UserRepository& Users() override { return batch_.Users(); }
  AuditRepository& Audit() override { return batch_.Audit(); }
  SessionRepository& Sessions() override { return batch_.Sessions(); }
  ApiTokenRepository& ApiTokens() override { return batch_.ApiTokens(); }
  RateLimitRepository& RateLimits() override { return batch_.RateLimits(); }
  CaseFileRepository& CaseFiles() override { return batch_.CaseFiles(); }
  RecommendationRepository& Recommendations() override { return batch_.Recommendations(); }
  StatisticsRepository& Statistics() override { return batch_.Statistics(); }
  PlatformRepository& Platform() override { return batch_.Platform(); }
  PostRepository& Posts() override { return batch_.Posts(); }
  std::optional<std::uint64_t> ChangeGeneration() override { return batch_.ChangeGeneration(); }
  Result<void> Commit() override {
    return Fail(ErrorCode::kInternal, "work run through Store::Write is committed by the store, not by itself");
  }

 private:
  Transaction& batch_;
};

template <class Connection>
class GroupCommit {
 public:
  /// A write transaction and the connection it runs on.
  struct Batch {
    std::unique_ptr<Transaction> transaction;
    Connection* connection = nullptr;
  };
  /// `flush`, when given, makes every committed batch durable: the batches'
  /// transactions then commit without waiting for the disk, and a separate
  /// thread calls `flush` and tells each batch's callers only once a flush
  /// that began after their commit has succeeded. The writer goes on with the
  /// next batch meanwhile, so one flush covers the batches committed during
  /// the one before it. Callers of Acknowledge::kCommitted work are told at
  /// the commit when the batch changed nothing but the audit log
  /// (Transaction::ChangeGeneration held) and every batch that did change
  /// something is already flushed; the batch is flushed all the same, but
  /// with nobody waiting for it, within `lazy_flush` of its commit rather
  /// than at once: one flush then covers the audit records of many case
  /// reads (a crash of the process loses no commit; one of the machine
  /// could lose the last `lazy_flush` of such records).
  static constexpr std::chrono::milliseconds kLazyFlush{10};
  explicit GroupCommit(std::function<Result<Batch>()> begin, std::function<Result<void>()> flush = nullptr,
                       std::chrono::milliseconds lazy_flush = kLazyFlush)
      : begin_(std::move(begin)), flush_(std::move(flush)), lazy_flush_(lazy_flush) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  /// Finishes the queued work, then stops the writer and the flusher.
  ~GroupCommit() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    if (writer_.joinable()) writer_.join();
    {
      std::lock_guard lock(flush_mutex_);
      flush_stopping_ = true;
    }
    flush_ready_.notify_all();
    for (std::thread& flusher : flushers_) flusher.join();
  }

  /// Store::Write: returns once the work's writes are committed, or it failed and left nothing.
  Result<void> Write(std::function<Result<void>(Transaction&)> work) {
    auto done = std::make_shared<std::promise<Result<void>>>();
    std::future<Result<void>> result = done->get_future();
    WriteAsync(
        std::move(work), [done](Result<void> outcome) { done->set_value(std::move(outcome)); }, Acknowledge::kDurable);
    return result.get();
  }

  /// Store::WriteAsync: queues the work and returns at once; `done` hears the
  /// outcome on the writer thread once the batch is committed (or failed), on
  /// a flusher thread once it is durable when there is a flush and
  /// `acknowledge` asks for it, or at once on this thread when the store is
  /// shutting down.
  void WriteAsync(std::function<Result<void>(Transaction&)> work, std::function<void(Result<void>)> done,
                  Acknowledge acknowledge) {
    {
      std::lock_guard lock(mutex_);
      if (!stopping_) {
        if (!writer_.joinable()) writer_ = std::thread([this] {
          pthread_setname_np(pthread_self(), "docket-writer");
          WriterLoop();
        });
        queue_.push_back(Job{std::move(work), std::move(done), acknowledge});
        done = nullptr;
      }
    }
    if (done) return done(Fail(ErrorCode::kUnavailable, "the store is shutting down"));
    ready_.notify_one();
  }

 private:
  struct Job {
    std::function<Result<void>(Transaction&)> work;
    std::function<void(Result<void>)> done;
    Acknowledge acknowledge = Acknowledge::kDurable;
  };

  // A caller's callback runs on the writer thread; one that throws must not
  // take the writer (and every later caller) with it.
  static void Tell(Job& job, Result<void> outcome) noexcept {
    try {
      job.done(std::move(outcome));
    } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to tell it to
    }
  }

  void WriterLoop() {
    constexpr std::size_t kMaxBatch = 256;
    while (true) {
      std::vector<Job> batch;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to do
        while (!queue_.empty() && batch.size() < kMaxBatch) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      RunBatch(batch);
    }
  }

  void RunBatch(std::vector<Job>& batch) {
    auto fail_all = [&](const Error& error) {
      for (Job& job : batch) Tell(job, Fail(error));
    };
    auto begun = begin_();
    if (!begun) return fail_all(begun.error());
    Transaction& tx = *begun->transaction;
    Connection& db = *begun->connection;
    BatchedTransaction view(tx);
    std::vector<Result<void>> results;
    results.reserve(batch.size());
    for (Job& job : batch) {
      if (auto saved = db.Run("SAVEPOINT job"); !saved) return fail_all(saved.error());
      Result<void> result = job.work(view);
      if (!db.InTransaction()) {
        // The database rolled the whole transaction back (I/O error, disk
        // full, lost connection): every job of the batch, before and after
        // this one, is lost.
        return fail_all(Error{ErrorCode::kUnavailable, fmt::format("the database rolled back a write: {}",
                                                                   result ? "unknown cause" : result.error().message)});
      }
      if (!result) {
        if (auto undone = db.Run("ROLLBACK TO job"); !undone) return fail_all(undone.error());
      }
      if (auto released = db.Run("RELEASE job"); !released) return fail_all(released.error());
      results.push_back(std::move(result));
    }
    const std::optional<std::uint64_t> generation_after = tx.ChangeGeneration();
    if (auto committed = tx.Commit(); !committed) return fail_all(committed.error());
    if (!flush_) {
      for (std::size_t i = 0; i < batch.size(); ++i) Tell(batch[i], std::move(results[i]));
      return;
    }
    // Batches are numbered in commit order (only this thread writes
    // flush_due_through_, so it reads it unlocked). One after which the
    // generation differs from the batch before's may have changed more than
    // the audit log, or shows what another process changed meanwhile: a
    // change whose flush later readers wait for.
    const std::uint64_t number = flush_due_through_ + 1;
    if (!generation_after || generation_after != last_generation_) last_changing_batch_ = number;
    last_generation_ = generation_after;
    std::vector<std::size_t> tell_now;
    bool waited_for = false;  // by a caller not told at the commit
    bool first_due = false;   // the oldest batch no flush has taken yet
    {
      std::lock_guard lock(flush_mutex_);
      if (flushers_.empty()) {
        for (int i = 0; i < kFlushers; ++i) {
          flushers_.emplace_back([this] {
            pthread_setname_np(pthread_self(), "docket-flush");
            FlushLoop();
          });
        }
      }
      // No flush has begun for this batch yet, so this also says it changed nothing.
      const bool everything_seen_is_on_disk = last_changing_batch_ <= flushed_through_;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (everything_seen_is_on_disk && batch[i].acknowledge == Acknowledge::kCommitted) {
          tell_now.push_back(i);
        } else {
          unflushed_.push_back({std::move(batch[i]), std::move(results[i])});
          waited_for = true;
        }
      }
      if (flush_due_through_ == flush_taken_through_) {
        lazy_since_ = std::chrono::steady_clock::now();
        first_due = true;
      }
      flush_due_through_ = number;
      if (waited_for) flush_wanted_through_ = number;
    }
    // A flusher starts now for a batch someone waits for, or starts the clock on one nobody does.
    if (waited_for || first_due) flush_ready_.notify_one();
    for (std::size_t i : tell_now) Tell(batch[i], std::move(results[i]));
  }

  // Committed work waits here for a flush that began after its commit. Two
  // threads flush, so that a batch committed while one flush is under way
  // starts its own at once rather than waiting for that one to end. A flush
  // makes every batch committed before it began durable, including those
  // another flusher took: flushed_through_ keeps the newest such batch.
  // Batches nobody waits for are flushed lazy_flush_ after the oldest of
  // them, or sooner with one somebody waits for.
  static constexpr int kFlushers = 2;
  void FlushLoop() {
    while (true) {
      std::vector<std::pair<Job, Result<void>>> committed;
      std::uint64_t through = 0;
      {
        std::unique_lock lock(flush_mutex_);
        if (!AwaitFlushDue(lock)) return;  // stopping, and nothing left to flush
        committed.swap(unflushed_);
        through = flush_taken_through_ = flush_due_through_;
      }
      Result<void> flushed = flush_();
      if (flushed) {
        std::lock_guard lock(flush_mutex_);
        flushed_through_ = std::max(flushed_through_, through);
      }
      for (auto& [job, result] : committed) {
        if (!flushed) {
          Tell(job, Fail(ErrorCode::kUnavailable,
                         fmt::format("the write was committed but may not be on disk: {}", flushed.error().message)));
        } else {
          Tell(job, std::move(result));
        }
      }
    }
  }

  // Waits (under flush_mutex_) until a flush is due: for a batch somebody
  // waits for at once, for the others lazy_flush_ after the oldest of them,
  // for everything left when stopping. False once stopping with nothing left.
  bool AwaitFlushDue(std::unique_lock<std::mutex>& lock) {
    while (true) {
      if (flush_due_through_ == flush_taken_through_) {
        if (flush_stopping_) return false;
        flush_ready_.wait(lock);
      } else if (flush_stopping_ || flush_wanted_through_ > flush_taken_through_ ||
                 std::chrono::steady_clock::now() >= lazy_since_ + lazy_flush_) {
        return true;
      } else {
        flush_ready_.wait_until(lock, lazy_since_ + lazy_flush_);
      }
    }
  }

  std::function<Result<Batch>()> begin_;
  std::function<Result<void>()> flush_;
  const std::chrono::milliseconds lazy_flush_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread writer_;
  std::mutex flush_mutex_;
  std::condition_variable flush_ready_;
  std::vector<std::pair<Job, Result<void>>> unflushed_;
  std::uint64_t last_changing_batch_ = 0;  //!< Writer thread only.
  std::optional<std::uint64_t> last_generation_;  //!< After the last batch (writer thread only).
  std::uint64_t flush_due_through_ = 0;    //!< The newest batch committed (written by the writer under flush_mutex_).
  std::uint64_t flush_taken_through_ = 0;  //!< The newest batch a flush has begun for.
  std::uint64_t flush_wanted_through_ = 0;  //!< The newest batch a caller waits to hear is flushed.
  std::chrono::steady_clock::time_point lazy_since_;  //!< When the oldest batch after flush_taken_through_ committed.
  std::uint64_t flushed_through_ = 0;      //!< The newest batch known to be on disk.
  bool flush_stopping_ = false;
  std::vector<std::thread> flushers_;
};

}  // namespace docket::store
