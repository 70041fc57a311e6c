// A thin RAII layer over libsqlite3: a connection, prepared statements with
// typed binds and reads, and errors as Results that name the SQL stage.
// Only src/store/sqlite/ includes <sqlite3.h>.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace docket::store::sqlite {

class Connection;

/// A prepared statement, reset on every Run/Step cycle. Owned by its Connection's cache.
class Statement {
 public:
  Statement(Connection& connection, sqlite3_stmt* stmt) : connection_(connection), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Clears bindings and the cursor; call before binding a new row.
  Statement& Reset();
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& BindNull(int index);
  template <class T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  /// Advances to the next row: true when a row is available, false when done.
  Result<bool> Step();
  /// Runs a statement that returns no rows.
  Result<void> Run();

  bool IsNull(int column) const;
  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  /// The column's text without a copy: valid until the statement steps, resets or reads the column otherwise.
  std::string_view TextView(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  Connection& connection_;
  sqlite3_stmt* stmt_;
};

/// One SQLite connection with a statement cache. Not thread-safe: one thread at a time.
class Connection {
 public:
  /// Opens or creates the database file; kUnavailable names the path.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  using Statement = sqlite::Statement;
  /// Serialises writers on `key` until the transaction ends: nothing to do in
  /// SQLite, whose write transaction already holds the database's one lock.
  Result<void> TakeTransactionLock(std::int32_t /*key*/) { return Ok(); }
  /// Whether reads that precede a change must lock their rows: never in
  /// SQLite, whose write transactions run one at a time.
  static constexpr bool LocksRowsOnRead() { return false; }

  /// Resets every statement of the connection. A statement stopped at a row
  /// (a lookup that read its one row, a count) otherwise keeps its read
  /// snapshot open past COMMIT or ROLLBACK, and the connection's next
  /// transaction would read old data or fail to write (SQLITE_BUSY_SNAPSHOT).
  void ResetStatements();
  /// Runs one or more statements without results.
  Result<void> Exec(std::string_view sql);
  /// Runs one statement without results, prepared once and cached (the
  /// group commit's savepoints run several times per batch; every
  /// transaction begins and ends with one).
  Result<void> Run(std::string_view sql);
  /// A cached prepared statement for `sql`, reset and ready to bind.
  Result<Statement*> Prepare(std::string_view sql);
  /// False once SQLite has ended the transaction (after COMMIT, or an error that rolled it back).
  bool InTransaction() const;
  int Changes() const;
  /// Counts, in `*generation`, every row this connection changes in a table
  /// other than `except`, and every rollback (a conservative signal: it may
  /// count changes that a savepoint then undoes). The counter must outlive
  /// the connection; only the connection's thread may touch it.
  void CountChanges(std::uint64_t* generation, std::string except);
  /// PRAGMA data_version: changes whenever another connection commits.
  Result<std::int64_t> DataVersion();
  /// Calls `grown` with this connection and the log's size in frames after
  /// each of its commits, in place of wal_autocheckpoint (which is such a
  /// hook); it runs on the committing thread and may call Checkpoint().
  void OnLogGrowth(std::function<void(Connection& self, int frames)> grown);
  /// Copies the write-ahead log into the database as far as readers allow
  /// (a PASSIVE checkpoint: it never waits for the writer); while another
  /// connection's checkpoint is under way it returns at once, copying nothing.
  Result<void> Checkpoint();
  /// The connection's last error as "stage: message (code)".
  Error LastError(std::string_view stage) const;
  const std::string& Path() const { return path_; }

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
  struct ChangeCounter {
    std::uint64_t* generation;
    std::string except;
  };
  std::unique_ptr<ChangeCounter> change_counter_;
  std::function<void(Connection&, int)> log_grown_;
};

}  // namespace docket::store::sqlite
