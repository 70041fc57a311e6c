#include "store/sqlite/sqlite_store.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "store/sql/transaction.hpp"
#include "store/sqlite/migrations.hpp"

namespace docket::store::sqlite {
namespace {

class SqliteTransaction final : public sql::SqlTransaction<Connection> {
 public:
  /// `generation`: set for the group commit's batches, which run on the writer's own connection.
  SqliteTransaction(SqliteStore& store, std::unique_ptr<Connection> connection,
                    const std::uint64_t* generation = nullptr)
      : SqlTransaction(*connection), store_(store), connection_(std::move(connection)), generation_(generation) {}

  ~SqliteTransaction() override {
    connection_->ResetStatements();
    if (!finished_) {
      // A rollback that fails leaves the connection unusable; drop it rather than pool it.
      if (!connection_->Run("ROLLBACK")) return;
    }
    if (generation_ != nullptr) {
      store_.ReleaseWriter(std::move(connection_));
    } else {
      store_.Release(std::move(connection_));
    }
  }

  std::optional<std::uint64_t> ChangeGeneration() override {
    if (generation_ == nullptr) return std::nullopt;
    return *generation_;
  }

  Connection& Db() { return *connection_; }

  Result<void> Commit() override {
    if (finished_) return Fail(ErrorCode::kInternal, "the transaction was already committed");
    connection_->ResetStatements();
    DOCKET_TRY(connection_->Run("COMMIT"));
    finished_ = true;
    return Ok();
  }

 private:
  SqliteStore& store_;
  std::unique_ptr<Connection> connection_;
  const std::uint64_t* generation_;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(std::string path, Durability durability) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(path), durability));
  DOCKET_TRY_ASSIGN(std::unique_ptr<Connection> connection, store->Connect());
  DOCKET_TRY(store->Migrate(*connection));
  store->Release(std::move(connection));
  return store;
}

Result<std::unique_ptr<Connection>> SqliteStore::Connect() {
  DOCKET_TRY_ASSIGN(std::unique_ptr<Connection> connection, Connection::Open(path_));
  // WAL lets readers run beside the one writer; synchronous=FULL makes every
  // commit durable before it is acknowledged (a complaint survives kill -9).
  DOCKET_TRY(connection->Exec("PRAGMA busy_timeout = 10000"));
  DOCKET_TRY(connection->Exec("PRAGMA journal_mode = WAL"));
  DOCKET_TRY(connection->Exec(durability_ == Durability::kFull ? "PRAGMA synchronous = FULL"
                                                               : "PRAGMA synchronous = NORMAL"));
  DOCKET_TRY(connection->Exec("PRAGMA foreign_keys = ON"));
  DOCKET_TRY(connection->Exec("PRAGMA wal_autocheckpoint = 8000"));
  return connection;
}

Result<void> SqliteStore::Migrate(Connection& connection) {
  DOCKET_TRY(connection.Exec("BEGIN IMMEDIATE"));
  auto rollback = [&](Error error) -> Result<void> {
    (void)connection.Exec("ROLLBACK");
    return Fail(std::move(error));
  };
  auto version = connection.Prepare("PRAGMA user_version");
  if (!version) return rollback(version.error());
  auto row = (*version)->Step();
  if (!row) return rollback(row.error());
  int current = static_cast<int>((*version)->Int(0));
  (void)(*version)->Step();
  const auto& migrations = Migrations();
  if (current > static_cast<int>(migrations.size())) {
    return rollback(Error{ErrorCode::kFailedPrecondition,
                          fmt::format("database '{}' has schema version {}, newer than this docket ({}); upgrade docket",
                                      path_, current, migrations.size())});
  }
  for (int next = current; next < static_cast<int>(migrations.size()); ++next) {
    if (auto done = connection.Exec(migrations[static_cast<std::size_t>(next)]); !done) {
      return rollback(Error{done.error().code, fmt::format("migration {}: {}", next + 1, done.error().message)});
    }
    if (auto done = connection.Exec(fmt::format("PRAGMA user_version = {}", next + 1)); !done) {
      return rollback(done.error());
    }
  }
  DOCKET_TRY(connection.Exec("COMMIT"));
  schema_version_ = static_cast<int>(migrations.size());
  return Ok();
}

Result<std::unique_ptr<Connection>> SqliteStore::Acquire() {
  if (std::unique_ptr<Connection> idle = pool_.TakeIdle()) return idle;
  return Connect();
}

void SqliteStore::Release(std::unique_ptr<Connection> connection) { pool_.Give(std::move(connection)); }

void SqliteStore::ReleaseWriter(std::unique_ptr<Connection> connection) { writer_ = std::move(connection); }

Result<void> SqliteStore::Write(std::function<Result<void>(Transaction&)> work) { return group_.Write(std::move(work)); }

void SqliteStore::WriteAsync(std::function<Result<void>(Transaction&)> work, std::function<void(Result<void>)> done,
                             Acknowledge acknowledge) {
  group_.WriteAsync(std::move(work), std::move(done), acknowledge);
}

SqliteStore::LogFile::~LogFile() { ::close(fd); }

Result<void> SqliteStore::FlushLog() {
  const std::string log_path = path_ + "-wal";
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::shared_ptr<LogFile> log;
    {
      std::lock_guard lock(log_mutex_);
      if (!log_) {
        const int fd = ::open(log_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
          // No log: the last connection checkpointed it into the database
          // (and synced that) and removed it, so everything committed is on disk.
          if (errno == ENOENT) return Ok();
          return Fail(ErrorCode::kUnavailable,
                      fmt::format("cannot open '{}' to flush it: {}", log_path, std::strerror(errno)));
        }
        log_ = std::make_shared<LogFile>(fd);
        // The log's own name must be on disk too, the first time it is seen.
        const std::string folder = std::filesystem::path(log_path).parent_path().string();
        const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir >= 0) {
          ::fsync(dir);
          ::close(dir);
        }
      }
      log = log_;
    }
    if (::fdatasync(log->fd) != 0) {
      return Fail(ErrorCode::kUnavailable, fmt::format("cannot flush '{}' to disk: {}", log_path, std::strerror(errno)));
    }
    // The file flushed must be the log at that name now, not one removed meanwhile.
    struct stat open_file {};
    struct stat named_file {};
    if (::fstat(log->fd, &open_file) == 0 && ::stat(log_path.c_str(), &named_file) == 0 &&
        open_file.st_ino == named_file.st_ino && open_file.st_dev == named_file.st_dev) {
      return Ok();
    }
    std::lock_guard lock(log_mutex_);
    if (log_ == log) log_.reset();
  }
  return Fail(ErrorCode::kUnavailable, fmt::format("'{}' kept being replaced while it was flushed", log_path));
}

SqliteStore::Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wanted_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SqliteStore::Checkpointer::LogGrew(Connection& writer, int frames) {
  if (frames >= kWriterFrames) {
    // The thread has not reached the log's end (nothing can while the writer
    // keeps appending): copy the rest here, between batches, so that the
    // next batch starts the log again from its beginning. A pass of the
    // thread's under way is waited for (it is short: see below), so that
    // the log's size is bounded however busy the thread is.
    std::lock_guard copying(copying_);
    if (auto done = writer.Checkpoint(); !done) spdlog::warn("store: checkpoint failed: {}", done.error().message);
    return;
  }
  // Past the threshold the thread copies pass after pass, each one what the
  // writer appended during the one before, so that the writer's own pass,
  // should the log reach kWriterFrames, has little left to copy; and a pass
  // that ends between two batches reaches the log's end, which lets the
  // next batch start the log again without the writer copying anything.
  if (frames < kCheckpointFrames) return;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || due_) return;
    due_ = true;
    if (!thread_.joinable()) {
      thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "docket-checkpt");
        Loop();
      });
    }
  }
  wanted_.notify_one();
}

void SqliteStore::Checkpointer::Loop() {
  std::unique_ptr<Connection> connection;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wanted_.wait(lock, [&] { return stopping_ || due_; });
      if (stopping_) return;
      due_ = false;
    }
    if (!connection) {
      auto opened = store_.Connect();
      if (!opened) {
        spdlog::warn("store: cannot open a connection for checkpoints: {}", opened.error().message);
        continue;
      }
      connection = std::move(*opened);
    }
    // PASSIVE: copies what no reader still needs and never blocks the writer;
    // the writer starts the log again from its beginning once all of it is copied.
    std::lock_guard copying(copying_);
    if (auto done = connection->Checkpoint(); !done) spdlog::warn("store: checkpoint failed: {}", done.error().message);
  }
}

Result<GroupCommit<Connection>::Batch> SqliteStore::BeginBatch() {
  if (!writer_) {
    // A new connection (the first, or one replacing a connection a failed
    // rollback dropped) has seen nothing: whatever was read before is suspect.
    DOCKET_TRY_ASSIGN(writer_, Connect());
    // Its commits need not wait for the disk: FlushLog makes them durable before anyone is told.
    if (durability_ == Durability::kFull) DOCKET_TRY(writer_->Exec("PRAGMA synchronous = NORMAL"));
    writer_->CountChanges(&generation_, "audit_log");
    writer_->OnLogGrowth([this](Connection& self, int frames) { checkpointer_.LogGrew(self, frames); });
    writer_data_version_.reset();
    ++generation_;
  }
  DOCKET_TRY(writer_->Run("BEGIN IMMEDIATE"));
  auto tx = std::make_unique<SqliteTransaction>(*this, std::move(writer_), &generation_);
  // Holding the write lock, so no other commit can land until this batch ends.
  DOCKET_TRY_ASSIGN(std::int64_t data_version, tx->Db().DataVersion());
  if (data_version != writer_data_version_) {
    writer_data_version_ = data_version;
    ++generation_;
  }
  Connection* connection = &tx->Db();
  return GroupCommit<Connection>::Batch{std::move(tx), connection};
}

Result<std::unique_ptr<Transaction>> SqliteStore::Begin(TransactionMode mode) {
  DOCKET_TRY_ASSIGN(std::unique_ptr<Connection> connection, Acquire());
  // IMMEDIATE takes the write lock up front, so a writer waits at BEGIN
  // (busy_timeout) instead of failing half-way through with SQLITE_BUSY.
  if (auto begun = connection->Run(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"); !begun) {
    Release(std::move(connection));
    return Fail(begun.error());
  }
  return std::unique_ptr<Transaction>(new SqliteTransaction(*this, std::move(connection)));
}

Result<std::vector<std::unique_ptr<Transaction>>> SqliteStore::BeginReads(std::size_t count) {
  std::vector<std::unique_ptr<Transaction>> reads;
  // While this write lock is held no commit can land, so every read begun
  // under it sees the same last commit. (SQLite's snapshot functions would
  // say so directly, but Debian builds SQLite without SQLITE_ENABLE_SNAPSHOT.)
  std::unique_ptr<Transaction> hold;
  if (count > 1) {
    DOCKET_TRY_ASSIGN(hold, Begin(TransactionMode::kWrite));
  }
  for (std::size_t i = 0; i < count; ++i) {
    DOCKET_TRY_ASSIGN(std::unique_ptr<Transaction> read, Begin(TransactionMode::kRead));
    // A read transaction takes its snapshot at its first read, not at BEGIN.
    DOCKET_TRY(static_cast<SqliteTransaction&>(*read).Db().Exec("SELECT count(*) FROM sqlite_schema"));
    reads.push_back(std::move(read));
  }
  return reads;  // `hold` rolls back, writing nothing
}

}  // namespace docket::store::sqlite
