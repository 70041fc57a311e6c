// The SQLite backend: one database file in WAL mode, foreign keys on,
// migrations run at open, a pool of connections so each thread's
// transaction has its own.
#pragma once

#include <memory>
#include <mutex>
#include <string>
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
  int SchemaVersion() const override { return schema_version_; }
  std::string Describe() const override { return "sqlite:" + path_; }

  /// Takes an idle connection or opens a new one.
  Result<std::unique_ptr<Connection>> Acquire();
  /// Returns a connection to the pool.
  void Release(std::unique_ptr<Connection> connection);

 private:
  SqliteStore(std::string path, Durability durability) : path_(std::move(path)), durability_(durability) {}
  Result<std::unique_ptr<Connection>> Connect();
  Result<void> Migrate(Connection& connection);

  std::string path_;
  Durability durability_;
  int schema_version_ = 0;
  ConnectionPool<Connection> pool_;

  Result<GroupCommit<Connection>::Batch> BeginBatch();
  // Last, so that it stops (finishing queued work) before the rest goes.
  GroupCommit<Connection> group_{[this] { return BeginBatch(); }};
};

}  // namespace docket::store::sqlite
