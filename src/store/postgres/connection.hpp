// A thin RAII layer over libpq, as store/sqlite/database.hpp is over
// libsqlite3: a connection, statements with text parameters, results read by
// row and column, batches sent in pipeline mode, and errors as Results that
// name the stage and carry the SQLSTATE. Only src/store/postgres/ includes
// <libpq-fe.h>; no libpq type appears in this header.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace docket::store::postgres {

/// A statement's parameters, in libpq's text format; nullopt is SQL NULL.
using Params = std::vector<std::optional<std::string>>;

/// The rows a statement returned, in text format.
class Rows {
 public:
  struct Result;  // owns the PGresult; defined in connection.cpp
  explicit Rows(std::unique_ptr<Result> result);
  Rows(Rows&&) noexcept;
  Rows& operator=(Rows&&) noexcept;
  ~Rows();

  int Count() const;
  bool IsNull(int row, int column) const;
  //! Valid as long as the Rows are.
  std::string_view Text(int row, int column) const;
  //! kInternal naming the column when it does not hold an integer.
  docket::Result<std::int64_t> Int(int row, int column) const;
  //! The command tag: "INSERT 0 1", "COMMIT", "ROLLBACK"...
  std::string_view Command() const;
  //! Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t Affected() const;

 private:
  std::unique_ptr<Result> result_;
};

class Connection;

/// A statement prepared once per connection and run many times, with the
/// same interface as store/sqlite/database.hpp's, so the repositories in
/// store/sql/ are written once for both backends. It is written in SQLite's
/// dialect ("?" and "?N" placeholders, ifnull, group_concat, INSERT OR IGNORE,
/// INDEXED BY) and translated here (TranslateSql). Step() runs it on first
/// call and then walks the rows, which libpq has fetched whole.
class Statement {
 public:
  Statement(Connection& connection, std::string name, std::string sql)
      : connection_(connection), name_(std::move(name)), sql_(std::move(sql)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Clears bindings and the rows; call before binding a new row.
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

  /// Runs the statement on the first call; then true while a row is available.
  docket::Result<bool> Step();
  /// Runs a statement whose rows nobody reads. It is sent at once in
  /// pipeline mode and its result read later, with the next statement that
  /// needs an answer (Step, Changes, Exec, Run, COMMIT): a batch of inserts
  /// is one round trip, not one per row. A failure is reported then, naming
  /// the statement.
  docket::Result<void> Run();

  bool IsNull(int column) const;
  /// The column as an integer; booleans read as 1 and 0, NULL as 0.
  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  std::string_view TextView(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  Connection& connection_;
  std::string name_;
  std::string sql_;
  bool prepared_ = false;
  Params params_;
  std::optional<Rows> rows_;
  int row_ = -1;
};

/// SQLite's dialect as written in store/sql/, in PostgreSQL's: placeholders
/// numbered $N, ifnull → coalesce, group_concat → string_agg, INSERT OR
/// IGNORE → ON CONFLICT DO NOTHING, INDEXED BY hints dropped.
/// Quoted text is left alone.
std::string TranslateSql(std::string_view sqlite_sql);

/// One server connection. Not thread-safe: one thread at a time.
class Connection {
 public:
  /// Connects to a postgresql:// URL (or key=value string). kUnavailable
  /// naming the server (never the password) when it cannot.
  static docket::Result<std::unique_ptr<Connection>> Open(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one statement with parameters ($1, $2, ...) and returns its rows.
  /// Errors: kAlreadyExists (unique violation), kConflict (serialization
  /// failure or deadlock: retry the transaction), kInvalidArgument (data
  /// errors), kUnavailable (the connection is gone), kInternal otherwise;
  /// each message names the stage and the SQLSTATE.
  docket::Result<Rows> Exec(std::string_view sql, const Params& params = {});
  /// Runs one or more statements without parameters (schema, BEGIN, COMMIT).
  docket::Result<void> Run(std::string_view sql);
  /// Runs one statement once per parameter row in pipeline mode: one round
  /// trip for the whole batch rather than one per row. Stops at the first
  /// failing row and names it ("row 3: ..."); the caller's transaction then
  /// rolls back.
  docket::Result<std::int64_t> Pipeline(std::string_view sql, const std::vector<Params>& rows);
  using Statement = postgres::Statement;
  /// A cached statement for `sql` (SQLite's dialect, see TranslateSql), reset and ready to bind.
  docket::Result<Statement*> Prepare(std::string_view sql);
  /// Whether reads that precede a change lock their rows (SELECT ... FOR
  /// UPDATE): in a write transaction, whose concurrent twins run at READ
  /// COMMITTED and would otherwise both start from the same row.
  bool LocksRowsOnRead() const { return writing_; }
  /// Set by the store as each transaction begins.
  void SetWriting(bool writing) { writing_ = writing; }
  /// Inside a transaction (also one a failed statement has aborted, which
  /// ROLLBACK TO SAVEPOINT recovers); false once it has ended or the
  /// connection is lost.
  bool InTransaction() const;
  /// Serialises writers on `key` until the transaction ends (a transaction-level advisory lock).
  docket::Result<void> TakeTransactionLock(std::int32_t key);
  /// Rows changed by the last statement run through Prepare(); reads the
  /// results of statements still in the pipeline first (0 when one failed,
  /// whose error the next call then returns).
  int Changes();
  /// Reads the results of every statement sent in pipeline mode and leaves
  /// the mode; the first failure among them, if any.
  docket::Result<void> Drain();
  /// "postgresql://HOST:PORT/DB" without user or password, for logs.
  const std::string& Describe() const { return description_; }

 private:
  struct Handle;
  Connection(std::unique_ptr<Handle> handle, std::string description);
  friend class postgres::Statement;
  docket::Result<Rows> RunPrepared(const std::string& name, const std::string& sql, bool& prepared,
                                   const Params& params);
  docket::Result<void> SendPrepared(const std::string& name, const std::string& sql, bool& prepared,
                                    const Params& params);
  docket::Result<void> Prepare(const std::string& name, const std::string& sql, bool& prepared);
  std::unique_ptr<Handle> handle_;
  std::string description_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
  int changes_ = 0;
  bool writing_ = false;
  std::vector<std::string> in_pipeline_;  //!< The SQL of each statement sent and not yet read, in order.
  std::optional<Error> pipeline_failure_;   //!< Kept until the transaction ends, as the server keeps it aborted.
};

}  // namespace docket::store::postgres
