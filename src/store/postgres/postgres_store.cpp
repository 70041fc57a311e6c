#include "store/postgres/postgres_store.hpp"

#include <fmt/format.h>

#include "store/postgres/migrations.hpp"
#include "store/sql/transaction.hpp"

namespace docket::store::postgres {
namespace {

class PostgresTransaction final : public sql::SqlTransaction<Connection> {
 public:
  PostgresTransaction(PostgresStore& store, std::unique_ptr<Connection> connection)
      : SqlTransaction(*connection), store_(store), connection_(std::move(connection)) {}

  ~PostgresTransaction() override {
    if (!finished_) {
      // A rollback that fails leaves the connection unusable; drop it rather than pool it.
      if (!connection_->Run("ROLLBACK")) return;
    }
    store_.Release(std::move(connection_));
  }

  Connection& Db() { return *connection_; }

  Result<void> Commit() override {
    if (finished_) return Fail(ErrorCode::kInternal, "the transaction was already committed");
    finished_ = true;  // COMMIT ends the transaction whether or not it succeeded.
    auto committed = connection_->Exec("COMMIT");
    if (!committed) {
      (void)connection_->Run("ROLLBACK");  // a statement still in the pipeline failed: end the transaction
      return Fail(committed.error());
    }
    // The server answers COMMIT with ROLLBACK when a statement of the
    // transaction had failed, even if the caller went on regardless.
    if (committed->Command() != "COMMIT") {
      return Fail(ErrorCode::kInternal, "the transaction was rolled back: one of its statements had failed");
    }
    return Ok();
  }

 private:
  PostgresStore& store_;
  std::unique_ptr<Connection> connection_;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(std::string url, Durability durability) {
  std::unique_ptr<PostgresStore> store(new PostgresStore(std::move(url), durability));
  DOCKET_TRY_ASSIGN(std::unique_ptr<Connection> connection, store->Connect());
  store->description_ = connection->Describe();
  DOCKET_TRY_ASSIGN(store->schema_version_, Migrate(*connection));
  store->Release(std::move(connection));
  return store;
}

Result<std::unique_ptr<Connection>> PostgresStore::Connect() {
  DOCKET_TRY_ASSIGN(std::unique_ptr<Connection> connection, Connection::Open(url_));
  // Text in UTF-8 whatever the client's locale; the rest of the session's
  // settings are the server's (docs/deploy/postgresql.md).
  DOCKET_TRY(connection->Run("SET client_encoding = 'UTF8'; SET application_name = 'docket'"));
  if (durability_ == Durability::kNormal) DOCKET_TRY(connection->Run("SET synchronous_commit = off"));
  return connection;
}

Result<std::unique_ptr<Connection>> PostgresStore::Acquire() {
  if (std::unique_ptr<Connection> idle = pool_.TakeIdle()) return idle;
  return Connect();
}

void PostgresStore::Release(std::unique_ptr<Connection> connection) { pool_.Give(std::move(connection)); }

Result<std::unique_ptr<Transaction>> PostgresStore::Begin(TransactionMode mode) {
  DOCKET_TRY_ASSIGN(std::unique_ptr<Connection> connection, Acquire());
  auto begun = connection->Run(mode == TransactionMode::kWrite ? "BEGIN"
                                                               : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  if (!begun) {
    // A connection the server dropped (restart, idle timeout) is replaced once.
    if (begun.error().code != ErrorCode::kUnavailable) return Fail(begun.error());
    DOCKET_TRY_ASSIGN(connection, Connect());
    DOCKET_TRY(connection->Run(mode == TransactionMode::kWrite ? "BEGIN"
                                                               : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
  }
  connection->SetWriting(mode == TransactionMode::kWrite);
  return std::unique_ptr<Transaction>(new PostgresTransaction(*this, std::move(connection)));
}

Result<std::vector<std::unique_ptr<Transaction>>> PostgresStore::BeginReads(std::size_t count) {
  std::vector<std::unique_ptr<Transaction>> reads;
  if (count == 0) return reads;
  DOCKET_TRY_ASSIGN(std::unique_ptr<Transaction> first, Begin(TransactionMode::kRead));
  reads.push_back(std::move(first));
  if (count == 1) return reads;
  // The others import the first one's snapshot.
  DOCKET_TRY_ASSIGN(Rows exported, static_cast<PostgresTransaction&>(*reads.front()).Db().Exec("SELECT pg_export_snapshot()"));
  if (exported.Count() != 1) return Fail(ErrorCode::kInternal, "pg_export_snapshot() returned no snapshot");
  const std::string snapshot(exported.Text(0, 0));
  for (std::size_t i = 1; i < count; ++i) {
    DOCKET_TRY_ASSIGN(std::unique_ptr<Connection> connection, Acquire());
    DOCKET_TRY(connection->Run("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
    connection->SetWriting(false);
    auto read = std::unique_ptr<Transaction>(new PostgresTransaction(*this, std::move(connection)));
    DOCKET_TRY(static_cast<PostgresTransaction&>(*read).Db().Exec(fmt::format("SET TRANSACTION SNAPSHOT '{}'", snapshot)));
    reads.push_back(std::move(read));
  }
  return reads;
}

Result<void> PostgresStore::Write(std::function<Result<void>(Transaction&)> work) { return group_.Write(std::move(work)); }

void PostgresStore::WriteAsync(std::function<Result<void>(Transaction&)> work, std::function<void(Result<void>)> done,
                               Acknowledge acknowledge) {
  group_.WriteAsync(std::move(work), std::move(done), acknowledge);
}

Result<GroupCommit<Connection>::Batch> PostgresStore::BeginBatch() {
  DOCKET_TRY_ASSIGN(std::unique_ptr<Transaction> tx, Begin(TransactionMode::kWrite));
  Connection* connection = &static_cast<PostgresTransaction&>(*tx).Db();
  // Nearly every job appends to the audit chain, and jobs take other locks
  // in whatever order they come: the batch takes the chain's lock first.
  DOCKET_TRY(connection->TakeTransactionLock(sql::kAuditChainLock));
  return GroupCommit<Connection>::Batch{std::move(tx), connection};
}

}  // namespace docket::store::postgres
