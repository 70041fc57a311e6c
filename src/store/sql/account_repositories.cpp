#include "store/sql/account_repositories.hpp"

#include "store/postgres/connection.hpp"
#include "store/sqlite/database.hpp"

#include <fmt/format.h>

#include "store/sql/row_helpers.hpp"

namespace docket::store::sql {
namespace {

constexpr std::string_view kUserColumns =
    "SELECT id, username, display_name, role, member_id, active, password_hash, totp_key_hex, totp_enabled, "
    "failed_logins, locked_until FROM users";

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const std::string& scope : scopes) out += (out.empty() ? "" : " ") + scope;
  return out;
}

std::vector<std::string> SplitScopes(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

template <class Db>
Result<UserId> SqlUsers<Db>::Insert(const User& user) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("INSERT INTO users(username, display_name, role, member_id, active, password_hash, "
                                "totp_key_hex, totp_enabled, failed_logins, locked_until) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id"));
  stmt->Bind(1, user.username)
      .Bind(2, user.display_name)
      .Bind(3, user.role)
      .Bind(4, IdValue(user.member))
      .Bind(5, user.active ? 1 : 0)
      .Bind(6, user.password_hash)
      .Bind(7, user.totp_key_hex)
      .Bind(8, user.totp_enabled ? 1 : 0)
      .Bind(9, user.failed_logins)
      .Bind(10, user.locked_until.SecondsSinceEpoch());
  auto done = ReturnedId(*stmt);
  if (!done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, fmt::format("user name '{}' is already taken", user.username));
    }
    return Fail(done.error());
  }
  return UserId{*done};
}

template <class Db>
Result<User> SqlUsers<Db>::FindByUsername(std::string_view username) {
  // A write transaction reads a user to change it (failed logins, role,
  // password): the row stays locked until it ends, so two concurrent
  // changes cannot both start from the same count (PostgreSQL; SQLite
  // serialises write transactions anyway).
  DOCKET_TRY_ASSIGN(auto users, Select(db_.LocksRowsOnRead() ? " WHERE username = ? FOR UPDATE" : " WHERE username = ?",
                                       username, std::nullopt));
  if (users.empty()) return Fail(NotFound(fmt::format("no user named '{}'", username)));
  return std::move(users.front());
}

template <class Db>
Result<User> SqlUsers<Db>::Find(UserId id) {
  DOCKET_TRY_ASSIGN(auto users, Select(db_.LocksRowsOnRead() ? " WHERE id = ? FOR UPDATE" : " WHERE id = ?",
                                       std::nullopt, id.value));
  if (users.empty()) return Fail(NotFound(fmt::format("no user with id {}", id.value)));
  return std::move(users.front());
}

template <class Db>
Result<std::vector<User>> SqlUsers<Db>::List() { return Select(" ORDER BY username", std::nullopt, std::nullopt); }

template <class Db>
Result<void> SqlUsers<Db>::Update(const User& user) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("UPDATE users SET display_name=?, role=?, member_id=?, active=?, password_hash=?, "
                                "totp_key_hex=?, totp_enabled=?, failed_logins=?, locked_until=? WHERE id=?"));
  DOCKET_TRY(stmt->Bind(1, user.display_name)
                 .Bind(2, user.role)
                 .Bind(3, IdValue(user.member))
                 .Bind(4, user.active ? 1 : 0)
                 .Bind(5, user.password_hash)
                 .Bind(6, user.totp_key_hex)
                 .Bind(7, user.totp_enabled ? 1 : 0)
                 .Bind(8, user.failed_logins)
                 .Bind(9, user.locked_until.SecondsSinceEpoch())
                 .Bind(10, user.id.value)
                 .Run());
  if (db_.Changes() == 0) return Fail(NotFound(fmt::format("no user with id {}", user.id.value)));
  return Ok();
}

template <class Db>
Result<std::vector<User>> SqlUsers<Db>::Select(std::string_view where, std::optional<std::string_view> text_key,
                                              std::optional<std::int64_t> int_key) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(std::string(kUserColumns) + std::string(where)));
  if (text_key) stmt->Bind(1, *text_key);
  if (int_key) stmt->Bind(1, *int_key);
  std::vector<User> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    User u;
    u.id = UserId{stmt->Int(0)};
    u.username = stmt->Text(1);
    u.display_name = stmt->Text(2);
    u.role = stmt->Text(3);
    if (auto member = stmt->OptionalInt(4)) u.member = MemberId{*member};
    u.active = stmt->Int(5) != 0;
    u.password_hash = stmt->Text(6);
    u.totp_key_hex = stmt->Text(7);
    u.totp_enabled = stmt->Int(8) != 0;
    u.failed_logins = static_cast<int>(stmt->Int(9));
    u.locked_until = Instant(stmt->Int(10));
    out.push_back(std::move(u));
  }
  return out;
}

template <class Db>
Result<std::int64_t> SqlUsers<Db>::AddInterest(const domain::Interest& interest) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO interests(username, kind, value) VALUES (?,?,?) RETURNING id"));
  DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(stmt->Bind(1, interest.username).Bind(2, domain::Name(interest.kind)).Bind(3, interest.value)));
  return id;
}

template <class Db>
Result<std::vector<domain::Interest>> SqlUsers<Db>::Interests(std::string_view username) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("SELECT id, username, kind, value FROM interests WHERE username = ? ORDER BY id"));
  stmt->Bind(1, username);
  std::vector<domain::Interest> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    domain::Interest interest;
    interest.id = stmt->Int(0);
    interest.username = stmt->Text(1);
    interest.kind = domain::ParseInterestKind(stmt->Text(2)).value_or(domain::InterestKind::kPerson);
    interest.value = stmt->Text(3);
    out.push_back(std::move(interest));
  }
  return out;
}

template <class Db>
Result<void> SqlUsers<Db>::RemoveInterest(std::string_view username, std::int64_t id) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("DELETE FROM interests WHERE username = ? AND id = ?"));
  DOCKET_TRY(stmt->Bind(1, username).Bind(2, id).Run());
  if (db_.Changes() == 0) return Fail(NotFound(fmt::format("'{}' has no interest {}", username, id)));
  return Ok();
}

template <class Db>
Result<void> SqlSessions<Db>::Insert(const Session& s) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, "
                                                  "expires_at, origin) VALUES (?,?,?,?,?,?)"));
  return stmt->Bind(1, s.token_hash)
      .Bind(2, s.user.value)
      .Bind(3, s.csrf_token)
      .Bind(4, s.created_at.SecondsSinceEpoch())
      .Bind(5, s.expires_at.SecondsSinceEpoch())
      .Bind(6, s.origin)
      .Run();
}

template <class Db>
Result<Session> SqlSessions<Db>::Find(std::string_view token_hash) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT token_hash, user_id, csrf_token, created_at, expires_at, "
                                                  "origin FROM sessions WHERE token_hash = ?"));
  stmt->Bind(1, token_hash);
  DOCKET_TRY_ASSIGN(bool found, stmt->Step());
  if (!found) return Fail(NotFound("no such session"));
  Session s;
  s.token_hash = stmt->Text(0);
  s.user = UserId{stmt->Int(1)};
  s.csrf_token = stmt->Text(2);
  s.created_at = Instant(stmt->Int(3));
  s.expires_at = Instant(stmt->Int(4));
  s.origin = stmt->Text(5);
  DOCKET_TRY(stmt->Step());
  return s;
}

template <class Db>
Result<void> SqlSessions<Db>::Extend(std::string_view token_hash, Instant expires_at) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?"));
  return stmt->Bind(1, expires_at.SecondsSinceEpoch()).Bind(2, token_hash).Run();
}

template <class Db>
Result<void> SqlSessions<Db>::Delete(std::string_view token_hash) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("DELETE FROM sessions WHERE token_hash = ?"));
  return stmt->Bind(1, token_hash).Run();
}

template <class Db>
Result<void> SqlSessions<Db>::DeleteForUser(UserId user) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("DELETE FROM sessions WHERE user_id = ?"));
  return stmt->Bind(1, user.value).Run();
}

template <class Db>
Result<std::int64_t> SqlApiTokens<Db>::Insert(const ApiToken& t) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO api_tokens(user_id, name, token_hash, scopes, "
                                                  "created_at, revoked_at) VALUES (?,?,?,?,?,?) RETURNING id"));
  DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(stmt->Bind(1, t.user.value)
                 .Bind(2, t.name)
                 .Bind(3, t.token_hash)
                 .Bind(4, JoinScopes(t.scopes))
                 .Bind(5, t.created_at.SecondsSinceEpoch())
                 .Bind(6, t.revoked_at ? std::optional<std::int64_t>(t.revoked_at->SecondsSinceEpoch()) : std::nullopt)
                 ));
  return id;
}

template <class Db>
Result<ApiToken> SqlApiTokens<Db>::FindByHash(std::string_view token_hash) {
  DOCKET_TRY_ASSIGN(auto tokens, Select(" WHERE token_hash = ?", token_hash, std::nullopt));
  if (tokens.empty()) return Fail(NotFound("no such API token"));
  return std::move(tokens.front());
}

template <class Db>
Result<std::vector<ApiToken>> SqlApiTokens<Db>::ForUser(UserId user) {
  return Select(" WHERE user_id = ? ORDER BY id", std::nullopt, user.value);
}

template <class Db>
Result<void> SqlApiTokens<Db>::Revoke(std::int64_t id, Instant at) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"));
  return stmt->Bind(1, at.SecondsSinceEpoch()).Bind(2, id).Run();
}

template <class Db>
Result<std::vector<ApiToken>> SqlApiTokens<Db>::Select(std::string_view where, std::optional<std::string_view> text_key,
                                                      std::optional<std::int64_t> int_key) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare(std::string("SELECT id, user_id, name, token_hash, scopes, created_at, revoked_at FROM "
                                            "api_tokens") +
                                std::string(where)));
  if (text_key) stmt->Bind(1, *text_key);
  if (int_key) stmt->Bind(1, *int_key);
  std::vector<ApiToken> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    ApiToken t;
    t.id = stmt->Int(0);
    t.user = UserId{stmt->Int(1)};
    t.name = stmt->Text(2);
    t.token_hash = stmt->Text(3);
    t.scopes = SplitScopes(stmt->Text(4));
    t.created_at = Instant(stmt->Int(5));
    t.revoked_at = ReadOptionalInstant(*stmt, 6);
    out.push_back(std::move(t));
  }
  return out;
}

template <class Db>
Result<std::int64_t> SqlRateLimits<Db>::Hit(std::string_view key, Instant now, int window_seconds) {
  std::int64_t window = now.SecondsSinceEpoch() / window_seconds * window_seconds;
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("INSERT INTO rate_limits(key, window_start, count) VALUES (?, ?, 1) "
                                "ON CONFLICT(key) DO UPDATE SET "
                                "count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 "
                                "ELSE 1 END, "
                                "window_start = excluded.window_start RETURNING count"));
  stmt->Bind(1, key).Bind(2, window);
  DOCKET_TRY_ASSIGN(bool row, stmt->Step());
  if (!row) return Fail(ErrorCode::kInternal, "rate limit counter returned no row");
  std::int64_t count = stmt->Int(0);
  DOCKET_TRY(stmt->Step());
  return count;
}

template class SqlUsers<sqlite::Connection>;
template class SqlUsers<postgres::Connection>;
template class SqlSessions<sqlite::Connection>;
template class SqlSessions<postgres::Connection>;
template class SqlApiTokens<sqlite::Connection>;
template class SqlApiTokens<postgres::Connection>;
template class SqlRateLimits<sqlite::Connection>;
template class SqlRateLimits<postgres::Connection>;

}  // namespace docket::store::sql
