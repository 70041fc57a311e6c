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

Result<void> SqliteStore::Write(std::function<Result<void>(Transaction&)> work) { return group_.Write(std::move(work)); }

Result<GroupCommit<Connection>::Batch> SqliteStore::BeginBatch() {
  DOCKET_TRY_ASSIGN(std::unique_ptr<Transaction> tx, Begin(TransactionMode::kWrite));
  Connection* connection = &static_cast<SqliteTransaction&>(*tx).Db();
  return GroupCommit<Connection>::Batch{std::move(tx), connection};
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
