// The SQLite backend: one database file in WAL mode, foreign keys on,
// migrations run at open, a pool of connections so each thread's
// transaction has its own.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/database.hpp"
#include "store/connection_pool.hpp"
#include "store/group_commit.hpp"
#include "store/store.hpp"

namespace docket::store::sqlite {

/// A Store over one SQLite file.
class SqliteStore final : public Store {
 public:
  /// Opens or creates the file (and its folder's existence is the caller's
  /// business), applies pending migrations. kUnavailable names the path.
  static Result<std::unique_ptr<SqliteStore>> Open(std::string path, Durability durability);

  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override;
  Result<std::vector<std::unique_ptr<Transaction>>> BeginReads(std::size_t count) override;
  Result<void> Write(std::function<Result<void>(Transaction&)> work) override;
  void WriteAsync(std::function<Result<void>(Transaction&)> work, std::function<void(Result<void>)> done,
                  Acknowledge acknowledge) override;
  int SchemaVersion() const override { return schema_version_; }
  std::string Describe() const override { return "sqlite:" + path_; }

  /// Takes an idle connection or opens a new one.
  Result<std::unique_ptr<Connection>> Acquire();
  /// Returns a connection to the pool.
  void Release(std::unique_ptr<Connection> connection);
  /// Takes back the group commit's own connection.
  void ReleaseWriter(std::unique_ptr<Connection> connection);

 private:
  SqliteStore(std::string path, Durability durability) : path_(std::move(path)), durability_(durability) {}
  Result<std::unique_ptr<Connection>> Connect();
  Result<void> Migrate(Connection& connection);

  std::string path_;
  Durability durability_;
  int schema_version_ = 0;
  ConnectionPool<Connection> pool_;

  Result<GroupCommit<Connection>::Batch> BeginBatch();
  /// Makes every commit so far durable: fdatasync of the write-ahead log (the
  /// group commit's flusher thread only).
  Result<void> FlushLog();
  /// An open descriptor of the write-ahead log; shared, so that one flusher
  /// may replace it while another still flushes through it.
  struct LogFile {
    explicit LogFile(int descriptor) : fd(descriptor) {}
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;
    ~LogFile();
    const int fd;
  };
  std::mutex log_mutex_;
  std::shared_ptr<LogFile> log_;  //!< Kept open for FlushLog (declared before group_, which uses it).
  /// Copies the write-ahead log into the database on a thread of its own
  /// (PASSIVE checkpoints, beside the writer), so that the writer's commits
  /// seldom wait for one. Only a checkpoint that reaches the log's end lets
  /// the writer start the log again from its beginning, and a writer that
  /// keeps appending may never leave the thread the moment to; so past
  /// kWriterFrames the writer checkpoints itself between batches, as
  /// wal_autocheckpoint would, with nearly all of the log already copied.
  class Checkpointer {
   public:
    static constexpr int kCheckpointFrames = 4000;
    static constexpr int kWriterFrames = 8000;
    explicit Checkpointer(SqliteStore& store) : store_(store) {}
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;
    ~Checkpointer();
    /// The writer's log has `frames` frames: wakes the thread when that is
    /// enough, or checkpoints on `writer` now (after the thread's pass, if
    /// one is under way).
    void LogGrew(Connection& writer, int frames);

   private:
    void Loop();
    SqliteStore& store_;
    std::mutex mutex_;
    std::condition_variable wanted_;
    std::mutex copying_;  //!< Held by whichever thread is checkpointing.
    bool due_ = false;
    bool stopping_ = false;
    std::thread thread_;
  };
  Checkpointer checkpointer_{*this};  //!< Before group_: the writer's connection calls it.
  // The group commit's writer has a connection of its own, which counts the
  // changes its batches make (Transaction::ChangeGeneration); its
  // data_version shows what other connections and processes commit. Only the
  // writer thread touches these.
  std::unique_ptr<Connection> writer_;
  std::uint64_t generation_ = 0;
  std::optional<std::int64_t> writer_data_version_;
  // Last, so that it stops (finishing queued work) before the rest goes.
  // With full durability the writer's commits do not wait for the disk;
  // FlushLog does, before the callers are told (group_commit.hpp).
  GroupCommit<Connection> group_{[this] { return BeginBatch(); },
                                 durability_ == Durability::kFull ? std::function<Result<void>()>([this] { return FlushLog(); })
                                                                  : nullptr};
};

}  // namespace docket::store::sqlite
