#include "store/postgres/connection.hpp"

#include <cctype>
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

std::string_view Rows::Command() const { return PQcmdStatus(result_->result.get()); }

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
  // The server's notices (a dropped object that did not exist, ...) are not
  // docket's output; errors still come back as Results.
  PQsetNoticeProcessor(handle->conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Connection>(new Connection(std::move(handle), description));
}

docket::Result<Rows> Connection::Exec(std::string_view sql, const Params& params) {
  DOCKET_TRY(Drain());
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
  // ROLLBACK (TO SAVEPOINT) ends what a failed statement left aborted.
  const bool ends_transaction = sql.starts_with("ROLLBACK") || sql.starts_with("BEGIN");
  if (auto drained = Drain(); !drained) {
    if (!ends_transaction) return drained;
  }
  if (ends_transaction) pipeline_failure_.reset();
  const std::string text(sql);
  ResultPtr result(PQexec(handle_->conn, text.c_str()));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return Fail(ErrorOf(result.get(), handle_->conn, fmt::format("running '{}'", sql.substr(0, 60))));
  }
  return Ok();
}

docket::Result<std::int64_t> Connection::Pipeline(std::string_view sql, const std::vector<Params>& rows) {
  DOCKET_TRY(Drain());
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

namespace {

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Whether `word` starts at `i` in `sql` as a whole word (case-insensitive).
bool WordAt(std::string_view sql, std::size_t i, std::string_view word) {
  if (i + word.size() > sql.size()) return false;
  if (i > 0 && IsIdentChar(sql[i - 1])) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (std::toupper(static_cast<unsigned char>(sql[i + k])) != std::toupper(static_cast<unsigned char>(word[k]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string TranslateSql(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  bool or_ignore = false;
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'') {  // quoted text, with '' as an escaped quote
      std::size_t end = i + 1;
      while (end < sql.size() && !(sql[end] == '\'' && (end + 1 >= sql.size() || sql[end + 1] != '\''))) {
        end += sql[end] == '\'' ? 2 : 1;
      }
      out.append(sql.substr(i, end + 1 - i));
      i = end + 1;
      continue;
    }
    if (c == '?') {
      std::size_t end = i + 1;
      while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end])) != 0) ++end;
      if (end > i + 1) {
        out += '$';
        out.append(sql.substr(i + 1, end - i - 1));
      } else {
        out += fmt::format("${}", ++next);
      }
      i = end;
      continue;
    }
    if (WordAt(sql, i, "ifnull(")) {
      out += "coalesce(";
      i += 7;
      continue;
    }
    if (WordAt(sql, i, "group_concat(")) {
      out += "string_agg(";
      i += 13;
      continue;
    }
    if (WordAt(sql, i, "INSERT OR IGNORE INTO")) {
      out += "INSERT INTO";
      or_ignore = true;
      i += 21;
      continue;
    }
    if (WordAt(sql, i, "INDEXED BY ")) {  // a SQLite planner hint and its index name
      std::size_t end = i + 11;
      while (end < sql.size() && IsIdentChar(sql[end])) ++end;
      while (!out.empty() && out.back() == ' ') out.pop_back();
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  if (or_ignore) out += " ON CONFLICT DO NOTHING";
  return out;
}

Statement& Statement::Reset() {
  params_.clear();
  rows_.reset();
  row_ = -1;
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
  params_[static_cast<std::size_t>(index - 1)] = std::to_string(value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
  params_[static_cast<std::size_t>(index - 1)] = std::string(value);
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
  params_[static_cast<std::size_t>(index - 1)].reset();
  return *this;
}

docket::Result<bool> Statement::Step() {
  if (!rows_) {
    auto rows = connection_.RunPrepared(name_, sql_, prepared_, params_);
    if (!rows) return Fail(std::move(rows).error());
    connection_.changes_ = static_cast<int>(rows->Affected());
    rows_.emplace(std::move(*rows));
    row_ = -1;
  }
  if (row_ + 1 < rows_->Count()) {
    ++row_;
    return true;
  }
  // Done: the next Step runs the statement again, as SQLite's does.
  rows_.reset();
  row_ = -1;
  return false;
}

docket::Result<void> Statement::Run() {
  rows_.reset();
  return connection_.SendPrepared(name_, sql_, prepared_, params_);
}

bool Statement::IsNull(int column) const { return !rows_ || row_ < 0 || rows_->IsNull(row_, column); }

std::string_view Statement::TextView(int column) const {
  if (IsNull(column)) return {};
  return rows_->Text(row_, column);
}

std::string Statement::Text(int column) const { return std::string(TextView(column)); }

std::int64_t Statement::Int(int column) const {
  const std::string_view text = TextView(column);
  if (text == "t") return 1;
  if (text == "f") return 0;
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

docket::Result<Statement*> Connection::Prepare(std::string_view sql) {
  auto found = statements_.find(std::string(sql));
  if (found == statements_.end()) {
    auto statement =
        std::make_unique<Statement>(*this, fmt::format("docket_{}", statements_.size() + 1), TranslateSql(sql));
    found = statements_.emplace(std::string(sql), std::move(statement)).first;
  }
  return &found->second->Reset();
}

docket::Result<void> Connection::Prepare(const std::string& name, const std::string& sql, bool& prepared) {
  if (prepared) return Ok();
  DOCKET_TRY(Drain());
  PGconn* conn = handle_->conn;
  ResultPtr made(PQprepare(conn, name.c_str(), sql.c_str(), 0, nullptr));
  if (!made || PQresultStatus(made.get()) != PGRES_COMMAND_OK) {
    return Fail(ErrorOf(made.get(), conn, fmt::format("preparing '{}'", sql.substr(0, 80))));
  }
  prepared = true;
  return Ok();
}

docket::Result<void> Connection::SendPrepared(const std::string& name, const std::string& sql, bool& prepared,
                                              const Params& params) {
  if (pipeline_failure_) return Fail(*pipeline_failure_);
  DOCKET_TRY(Prepare(name, sql, prepared));
  PGconn* conn = handle_->conn;
  if (PQpipelineStatus(conn) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn) != 1) {
    return Fail(ErrorOf(nullptr, conn, "entering pipeline mode"));
  }
  ParamPointers pointers(params);
  if (PQsendQueryPrepared(conn, name.c_str(), static_cast<int>(params.size()), pointers.values.data(), nullptr,
                          nullptr, 0) != 1) {
    Error error = ErrorOf(nullptr, conn, fmt::format("sending '{}'", sql.substr(0, 80)));
    (void)Drain();
    return Fail(std::move(error));
  }
  in_pipeline_.push_back(sql);
  // Bounded, so a long batch never holds more than this many results.
  if (in_pipeline_.size() >= 1000) return Drain();
  return Ok();
}

docket::Result<void> Connection::Drain() {
  PGconn* conn = handle_->conn;
  if (PQpipelineStatus(conn) == PQ_PIPELINE_OFF) {
    if (pipeline_failure_) return Fail(*pipeline_failure_);
    return Ok();
  }
  std::optional<Error> failure;
  if (PQpipelineSync(conn) != 1) failure = ErrorOf(nullptr, conn, "ending a batch of statements");
  std::size_t index = 0;
  bool synced = failure.has_value();
  while (!synced) {
    ResultPtr result(PQgetResult(conn));
    if (!result) {
      ++index;  // NULL ends one statement's results
      if (PQstatus(conn) != CONNECTION_OK) {
        if (!failure) failure = ErrorOf(nullptr, conn, "reading a batch of statements");
        break;
      }
      continue;
    }
    switch (PQresultStatus(result.get())) {
      case PGRES_PIPELINE_SYNC:
        synced = true;
        break;
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK: {
        const char* count = PQcmdTuples(result.get());
        std::int64_t n = 0;
        if (count != nullptr) std::from_chars(count, count + std::char_traits<char>::length(count), n);
        changes_ = static_cast<int>(n);
        break;
      }
      case PGRES_PIPELINE_ABORTED:
        break;
      default:
        if (!failure) {
          const std::string sql = index < in_pipeline_.size() ? in_pipeline_[index] : "a statement";
          failure = ErrorOf(result.get(), conn, fmt::format("running '{}'", sql.substr(0, 80)));
        }
    }
  }
  in_pipeline_.clear();
  PQexitPipelineMode(conn);
  if (failure && !pipeline_failure_) pipeline_failure_ = failure;
  if (pipeline_failure_) return Fail(*pipeline_failure_);
  return Ok();
}

int Connection::Changes() {
  (void)Drain();
  return changes_;
}

docket::Result<Rows> Connection::RunPrepared(const std::string& name, const std::string& sql, bool& prepared,
                                             const Params& params) {
  PGconn* conn = handle_->conn;
  DOCKET_TRY(Drain());
  DOCKET_TRY(Prepare(name, sql, prepared));
  ParamPointers pointers(params);
  ResultPtr result(PQexecPrepared(conn, name.c_str(), static_cast<int>(params.size()), pointers.values.data(),
                                  nullptr, nullptr, 0));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return Fail(ErrorOf(result.get(), conn, fmt::format("running '{}'", sql.substr(0, 80))));
  }
  return Rows(std::make_unique<Rows::Result>(Rows::Result{std::move(result)}));
}

bool Connection::InTransaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(handle_->conn);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

docket::Result<void> Connection::TakeTransactionLock(std::int32_t key) {
  // Keyed by the schema too: two docket databases in one PostgreSQL
  // database (schemas) do not wait for each other.
  DOCKET_TRY(Exec("SELECT pg_advisory_xact_lock($1::int4, hashtext(current_schema()))", {std::to_string(key)}));
  return Ok();
}

}  // namespace docket::store::postgres
