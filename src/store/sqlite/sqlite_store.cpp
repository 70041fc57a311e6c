#include "store/sqlite/sqlite_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/sql/transaction.hpp"
#include "store/sqlite/migrations.hpp"

namespace docket::store::sqlite {
namespace {

class SqliteTransaction final : public sql::SqlTransaction<Connection> {
 public:
  SqliteTransaction(SqliteStore& store, std::unique_ptr<Connection> connection)
      : SqlTransaction(*connection), store_(store), connection_(std::move(connection)) {}

  ~SqliteTransaction() override {
    connection_->ResetStatements();
    if (!finished_) {
      // A rollback that fails leaves the connection unusable; drop it rather than pool it.
      if (!connection_->Exec("ROLLBACK")) return;
    }
    store_.Release(std::move(connection_));
  }

  Connection& Db() { return *connection_; }

  Result<void> Commit() override {
    if (finished_) return Fail(ErrorCode::kInternal, "the transaction was already committed");
    connection_->ResetStatements();
    DOCKET_TRY(connection_->Exec("COMMIT"));
    finished_ = true;
    return Ok();
  }

 private:
  SqliteStore& store_;
  std::unique_ptr<Connection> connection_;
  bool finished_ = false;
};

// What a batched job sees: the batch's transaction, without the power to commit it.
class BatchedTransaction final : public Transaction {
 public:
  explicit BatchedTransaction(SqliteTransaction& batch) : batch_(batch) {}
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
  SqliteTransaction& batch_;
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

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(write_mutex_);
    stopping_ = true;
  }
  write_ready_.notify_all();
  if (writer_.joinable()) writer_.join();
}

Result<void> SqliteStore::Write(std::function<Result<void>(Transaction&)> work) {
  std::future<Result<void>> done;
  {
    std::lock_guard lock(write_mutex_);
    if (stopping_) return Fail(ErrorCode::kUnavailable, "the store is shutting down");
    if (!writer_.joinable()) writer_ = std::thread([this] { WriterLoop(); });
    WriteJob job{std::move(work), {}};
    done = job.done.get_future();
    write_queue_.push_back(std::move(job));
  }
  write_ready_.notify_one();
  return done.get();
}

void SqliteStore::WriterLoop() {
  constexpr std::size_t kMaxBatch = 256;
  while (true) {
    std::vector<WriteJob> batch;
    {
      std::unique_lock lock(write_mutex_);
      write_ready_.wait(lock, [&] { return stopping_ || !write_queue_.empty(); });
      if (write_queue_.empty()) return;  // stopping, and nothing left to do
      while (!write_queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(write_queue_.front()));
        write_queue_.pop_front();
      }
    }
    RunBatch(batch);
  }
}

void SqliteStore::RunBatch(std::vector<WriteJob>& batch) {
  auto fail_all = [&](const Error& error) {
    for (WriteJob& job : batch) job.done.set_value(Fail(error));
  };
  auto begun = Begin(TransactionMode::kWrite);
  if (!begun) return fail_all(begun.error());
  auto& tx = static_cast<SqliteTransaction&>(**begun);
  BatchedTransaction view(tx);
  std::vector<Result<void>> results;
  results.reserve(batch.size());
  for (WriteJob& job : batch) {
    if (auto saved = tx.Db().Exec("SAVEPOINT job"); !saved) return fail_all(saved.error());
    Result<void> result = job.work(view);
    if (!tx.Db().InTransaction()) {
      // SQLite rolled the whole transaction back (I/O error, disk full):
      // every job of the batch, before and after this one, is lost.
      return fail_all(Error{ErrorCode::kUnavailable, fmt::format("the database rolled back a write: {}",
                                                                 result ? "unknown cause" : result.error().message)});
    }
    if (!result) {
      if (auto undone = tx.Db().Exec("ROLLBACK TO job"); !undone) return fail_all(undone.error());
    }
    if (auto released = tx.Db().Exec("RELEASE job"); !released) return fail_all(released.error());
    results.push_back(std::move(result));
  }
  if (auto committed = tx.Commit(); !committed) return fail_all(committed.error());
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(std::move(results[i]));
}

Result<std::unique_ptr<Transaction>> SqliteStore::Begin(TransactionMode mode) {
  DOCKET_TRY_ASSIGN(std::unique_ptr<Connection> connection, Acquire());
  // IMMEDIATE takes the write lock up front, so a writer waits at BEGIN
  // (busy_timeout) instead of failing half-way through with SQLITE_BUSY.
  if (auto begun = connection->Exec(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"); !begun) {
    Release(std::move(connection));
    return Fail(begun.error());
  }
  return std::unique_ptr<Transaction>(new SqliteTransaction(*this, std::move(connection)));
}

}  // namespace docket::store::sqlite
