// Group commit, for both stores' Store::Write: callers queue work; one writer
// thread runs a batch of it in one transaction (a savepoint each) and commits
// once, so many writers share one flush of the log to disk (and, on
// PostgreSQL, one turn of the audit chain's lock instead of one each).
// Connection needs Run(sql) and InTransaction().
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

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
  explicit GroupCommit(std::function<Result<Batch>()> begin) : begin_(std::move(begin)) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  /// Finishes the queued work, then stops the writer.
  ~GroupCommit() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    if (writer_.joinable()) writer_.join();
  }

  /// Store::Write: returns once the work's writes are committed, or it failed and left nothing.
  Result<void> Write(std::function<Result<void>(Transaction&)> work) {
    std::future<Result<void>> done;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return Fail(ErrorCode::kUnavailable, "the store is shutting down");
      if (!writer_.joinable()) writer_ = std::thread([this] { WriterLoop(); });
      Job job{std::move(work), {}};
      done = job.done.get_future();
      queue_.push_back(std::move(job));
    }
    ready_.notify_one();
    return done.get();
  }

 private:
  struct Job {
    std::function<Result<void>(Transaction&)> work;
    std::promise<Result<void>> done;
  };

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
      for (Job& job : batch) job.done.set_value(Fail(error));
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
    if (auto committed = tx.Commit(); !committed) return fail_all(committed.error());
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(std::move(results[i]));
  }

  std::function<Result<Batch>()> begin_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace docket::store
