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
  //! Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t Affected() const;

 private:
  std::unique_ptr<Result> result_;
};

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
  /// "postgresql://HOST:PORT/DB" without user or password, for logs.
  const std::string& Describe() const { return description_; }

 private:
  struct Handle;
  Connection(std::unique_ptr<Handle> handle, std::string description);
  std::unique_ptr<Handle> handle_;
  std::string description_;
};

}  // namespace docket::store::postgres
