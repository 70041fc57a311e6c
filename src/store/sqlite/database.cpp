#include "store/sqlite/database.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

namespace docket::store::sqlite {
namespace {

ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return ErrorCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ? ErrorCode::kAlreadyExists
                                                                                  : ErrorCode::kInvalidArgument;
    default:
      return ErrorCode::kInternal;
  }
}

}  // namespace

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error error = connection_.LastError(sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);
  return Fail(std::move(error));
}

Result<void> Statement::Run() {
  DOCKET_TRY(Step());
  sqlite3_reset(stmt_);
  return Ok();
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view Statement::TextView(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot open database '{}': {}", path, message));
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db, path));
}

Connection::~Connection() {
  statements_.clear();
  sqlite3_close(db_);
}

Result<void> Connection::Exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string what = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return Fail(CodeFor(rc), fmt::format("database '{}': {} (while running: {})", path_, what, text.substr(0, 80)));
  }
  return Ok();
}

void Connection::ResetStatements() {
  for (sqlite3_stmt* stmt = sqlite3_next_stmt(db_, nullptr); stmt != nullptr; stmt = sqlite3_next_stmt(db_, stmt)) {
    sqlite3_reset(stmt);
  }
}

Result<Statement*> Connection::Prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it != statements_.end()) return &it->second->Reset();
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Fail(LastError(sql));
  auto statement = std::make_unique<Statement>(*this, stmt);
  Statement* raw = statement.get();
  statements_.emplace(std::string(sql), std::move(statement));
  return raw;
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
int Connection::Changes() const { return sqlite3_changes(db_); }

void Connection::CountChanges(std::uint64_t* generation, std::string except) {
  change_counter_ = std::make_unique<ChangeCounter>(ChangeCounter{generation, std::move(except)});
  sqlite3_update_hook(
      db_,
      [](void* context, int, const char*, const char* table, sqlite3_int64) {
        auto* counter = static_cast<ChangeCounter*>(context);
        if (counter->except != table) ++*counter->generation;
      },
      change_counter_.get());
  sqlite3_rollback_hook(
      db_, [](void* context) { ++*static_cast<ChangeCounter*>(context)->generation; }, change_counter_.get());
}

Result<void> Connection::Run(std::string_view sql) {
  DOCKET_TRY_ASSIGN(Statement * statement, Prepare(sql));
  return statement->Run();
}

void Connection::OnLogGrowth(std::function<void(Connection& self, int frames)> grown) {
  log_grown_ = std::move(grown);
  sqlite3_wal_hook(
      db_,
      [](void* context, sqlite3*, const char*, int frames) {
        auto* self = static_cast<Connection*>(context);
        self->log_grown_(*self, frames);
        return SQLITE_OK;
      },
      this);
}

Result<void> Connection::Checkpoint() {
  const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  // BUSY: another connection is checkpointing; it copies what this one would.
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) return Fail(LastError("checkpoint"));
  return Ok();
}

Result<std::int64_t> Connection::DataVersion() {
  DOCKET_TRY_ASSIGN(Statement * version, Prepare("PRAGMA data_version"));
  DOCKET_TRY_ASSIGN(bool found, version->Step());
  if (!found) return Fail(ErrorCode::kInternal, fmt::format("database '{}': PRAGMA data_version gave no row", path_));
  const std::int64_t value = version->Int(0);
  DOCKET_TRY(version->Step());
  return value;
}

Error Connection::LastError(std::string_view stage) const {
  int rc = sqlite3_extended_errcode(db_);
  return Error{CodeFor(rc), fmt::format("database '{}': {} (while running: {})", path_, sqlite3_errmsg(db_),
                                        stage.substr(0, 80))};
}

}  // namespace docket::store::sqlite
