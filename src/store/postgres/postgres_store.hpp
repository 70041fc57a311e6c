// The PostgreSQL backend: several docket processes on one database. Each
// transaction has a pooled connection of its own; the repositories are the
// ones SQLite uses (store/sql/), over postgres::Connection. Write
// transactions run at READ COMMITTED: concurrent writers are kept apart by
// the statements themselves (a case's version check, the case-number row,
// unique keys) and by a transaction lock on the audit chain; read
// transactions see one snapshot (REPEATABLE READ, READ ONLY).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/connection_pool.hpp"
#include "store/group_commit.hpp"
#include "store/store.hpp"

namespace docket::store::postgres {

class PostgresStore final : public Store {
 public:
  /// Connects to a postgresql:// URL and applies pending migrations.
  /// kUnavailable names the server (never the password). With kNormal
  /// durability, commits do not wait for the WAL to reach the disk
  /// (synchronous_commit off) — for demo data and benchmarks only.
  static Result<std::unique_ptr<PostgresStore>> Open(std::string url, Durability durability);

  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override;
  Result<std::vector<std::unique_ptr<Transaction>>> BeginReads(std::size_t count) override;
  /// Group commit (store/group_commit.hpp): this process's concurrent
  /// writers share one transaction, one WAL flush and one turn of the audit
  /// chain's lock, each isolated by a savepoint.
  Result<void> Write(std::function<Result<void>(Transaction&)> work) override;
  void WriteAsync(std::function<Result<void>(Transaction&)> work, std::function<void(Result<void>)> done,
                  Acknowledge acknowledge) override;
  int SchemaVersion() const override { return schema_version_; }
  std::string Describe() const override { return description_; }

  /// Takes an idle connection or opens a new one.
  Result<std::unique_ptr<Connection>> Acquire();
  /// Returns a connection to the pool.
  void Release(std::unique_ptr<Connection> connection);

 private:
  PostgresStore(std::string url, Durability durability) : url_(std::move(url)), durability_(durability) {}
  Result<std::unique_ptr<Connection>> Connect();

  std::string url_;
  Durability durability_;
  std::string description_;
  int schema_version_ = 0;
  ConnectionPool<Connection> pool_;
  Result<GroupCommit<Connection>::Batch> BeginBatch();
  // Last, so that it stops (finishing queued work) before the rest goes.
  GroupCommit<Connection> group_{[this] { return BeginBatch(); }};
};

}  // namespace docket::store::postgres
