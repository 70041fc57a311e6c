#include "store/postgres/connection.hpp"

#include <charconv>

#include <fmt/format.h>
#include <libpq-fe.h>

namespace docket::store::postgres {
namespace {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// The caller's reaction decides the code (core/result.hpp): a unique
// violation is "already exists", a serialization failure or deadlock is a
// conflict to retry, bad data is the caller's, a lost connection is
// unavailability; anything else is ours.
ErrorCode CodeOf(std::string_view sqlstate) {
  if (sqlstate == "23505") return ErrorCode::kAlreadyExists;
  if (sqlstate == "40001" || sqlstate == "40P01") return ErrorCode::kConflict;
  if (sqlstate.starts_with("22") || sqlstate.starts_with("23")) return ErrorCode::kInvalidArgument;
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) return ErrorCode::kUnavailable;
  return ErrorCode::kInternal;
}

std::string Trimmed(const char* message) {
  std::string text = message == nullptr ? "" : message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

Error ErrorOf(const PGresult* result, PGconn* conn, std::string_view stage) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  const std::string message = Trimmed(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  const ErrorCode code = sqlstate.empty() && PQstatus(conn) != CONNECTION_OK ? ErrorCode::kUnavailable : CodeOf(sqlstate);
  return Error{code, fmt::format("{}: {}{}", stage, message.empty() ? Trimmed(PQerrorMessage(conn)) : message,
                                 sqlstate.empty() ? "" : fmt::format(" (SQLSTATE {})", sqlstate))};
}

// "postgresql://host:port/db" from a URL or key=value string, without user or password.
std::string DescribeUrl(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    PQfreemem(error);
    return "postgresql://(unreadable connection string)";
  }
  std::string host = "localhost", port = "5432", db;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    const std::string_view key = o->keyword;
    if (key == "host") host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") db = o->val;
  }
  PQconninfoFree(options);
  return fmt::format("postgresql://{}:{}/{}", host, port, db);
}

struct ParamPointers {
  std::vector<const char*> values;
  explicit ParamPointers(const Params& params) {
    values.reserve(params.size());
    for (const std::optional<std::string>& p : params) values.push_back(p ? p->c_str() : nullptr);
  }
};

}  // namespace

struct Rows::Result {
  ResultPtr result;
};

Rows::Rows(std::unique_ptr<Result> result) : result_(std::move(result)) {}
Rows::Rows(Rows&&) noexcept = default;
Rows& Rows::operator=(Rows&&) noexcept = default;
Rows::~Rows() = default;

int Rows::Count() const { return PQntuples(result_->result.get()); }

bool Rows::IsNull(int row, int column) const { return PQgetisnull(result_->result.get(), row, column) != 0; }

std::string_view Rows::Text(int row, int column) const {
  return {PQgetvalue(result_->result.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result_->result.get(), row, column))};
}

docket::Result<std::int64_t> Rows::Int(int row, int column) const {
  const std::string_view text = Text(row, column);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Fail(ErrorCode::kInternal, fmt::format("column {} of row {}: '{}' is not an integer", column, row, text));
  }
  return value;
}

std::int64_t Rows::Affected() const {
  const char* text = PQcmdTuples(result_->result.get());
  std::int64_t value = 0;
  if (text != nullptr) std::from_chars(text, text + std::char_traits<char>::length(text), value);
  return value;
}

struct Connection::Handle {
  PGconn* conn = nullptr;
  ~Handle() {
    if (conn != nullptr) PQfinish(conn);
  }
};

Connection::Connection(std::unique_ptr<Handle> handle, std::string description)
    : handle_(std::move(handle)), description_(std::move(description)) {}

Connection::~Connection() = default;

docket::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  auto handle = std::make_unique<Handle>();
  handle->conn = PQconnectdb(url.c_str());
  const std::string description = DescribeUrl(url);
  if (handle->conn == nullptr) {
    return Fail(ErrorCode::kUnavailable, fmt::format("connecting to {}: out of memory", description));
  }
  if (PQstatus(handle->conn) != CONNECTION_OK) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("connecting to {}: {}", description, Trimmed(PQerrorMessage(handle->conn))));
  }
  return std::unique_ptr<Connection>(new Connection(std::move(handle), description));
}

docket::Result<Rows> Connection::Exec(std::string_view sql, const Params& params) {
  const std::string text(sql);
  ParamPointers pointers(params);
  ResultPtr result(PQexecParams(handle_->conn, text.c_str(), static_cast<int>(params.size()), nullptr,
                                pointers.values.data(), nullptr, nullptr, 0));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return Fail(ErrorOf(result.get(), handle_->conn, fmt::format("running '{}'", sql.substr(0, 60))));
  }
  return Rows(std::make_unique<Rows::Result>(Rows::Result{std::move(result)}));
}

docket::Result<void> Connection::Run(std::string_view sql) {
  const std::string text(sql);
  ResultPtr result(PQexec(handle_->conn, text.c_str()));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return Fail(ErrorOf(result.get(), handle_->conn, fmt::format("running '{}'", sql.substr(0, 60))));
  }
  return Ok();
}

docket::Result<std::int64_t> Connection::Pipeline(std::string_view sql, const std::vector<Params>& rows) {
  PGconn* conn = handle_->conn;
  if (PQenterPipelineMode(conn) != 1) {
    return Fail(ErrorOf(nullptr, conn, "entering pipeline mode"));
  }
  const std::string text(sql);
  std::optional<Error> failure;
  std::size_t sent = 0;
  for (; sent < rows.size(); ++sent) {
    ParamPointers pointers(rows[sent]);
    if (PQsendQueryParams(conn, text.c_str(), static_cast<int>(rows[sent].size()), nullptr, pointers.values.data(),
                          nullptr, nullptr, 0) != 1) {
      failure = ErrorOf(nullptr, conn, fmt::format("sending row {}", sent + 1));
      break;
    }
  }
  if (PQpipelineSync(conn) != 1 && !failure) failure = ErrorOf(nullptr, conn, "ending the batch");
  // Read every result up to the sync, whatever happened: the connection must
  // leave pipeline mode clean. After a failed row the server skips the rest.
  std::int64_t affected = 0;
  std::size_t row = 0;
  while (true) {
    ResultPtr result(PQgetResult(conn));
    if (!result) {
      ++row;  // NULL ends one statement's results.
      // Never wait past what was sent (a sync that could not be sent never comes).
      if (row > sent) break;
      continue;
    }
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_PIPELINE_SYNC) break;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      const char* count = PQcmdTuples(result.get());
      std::int64_t n = 0;
      if (count != nullptr) std::from_chars(count, count + std::char_traits<char>::length(count), n);
      affected += n;
    } else if (status != PGRES_PIPELINE_ABORTED && !failure) {
      failure = ErrorOf(result.get(), conn, fmt::format("row {} of the batch", row + 1));
    }
  }
  PQexitPipelineMode(conn);
  if (failure) return Fail(*failure);
  return affected;
}

}  // namespace docket::store::postgres
