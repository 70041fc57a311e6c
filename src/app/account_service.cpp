#include "app/account_service.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "security/crypto.hpp"
#include "security/totp.hpp"

namespace docket::app {
namespace {

constexpr int kSessionSeconds = 8 * 3600;          // Idle: from the last use.
constexpr int kSessionMaxSeconds = 24 * 3600;      // Absolute: from signing in.
constexpr int kSessionExtendEverySeconds = 15 * 60;
constexpr std::size_t kMinPassword = 12;
constexpr std::string_view kWrongCredentials = "wrong user name, password or code";

std::string HexToBytes(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
  }
  return out;
}

std::string BytesToHex(std::string_view bytes) {
  return security::ToHex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

// Verifying against a real hash when the user does not exist keeps the
// response time the same, so timing does not reveal which names exist.
const std::string& DummyHash() {
  static const std::string hash = security::HashPassword("docket-dummy-password").value_or("");
  return hash;
}

domain::Actor ActorOf(const store::User& user, std::string_view origin) {
  return domain::Actor{user.id, user.username, user.role, user.member, std::string(origin)};
}

}  // namespace

int AccountService::DelayAfterFailures(int failures) {
  if (failures <= 3) return 0;
  int exponent = std::min(failures - 4, 10);
  return std::min(1 << exponent, 900);
}

bool AccountService::SecondFactorRequired(const store::User& user) const {
  const domain::Role* role = policy_.FindRole(user.role);
  return policy_.staff_second_factor && role != nullptr && role->staff;
}

Result<void> AccountService::AuditLogin(store::Transaction& tx, std::string_view username, std::string_view role,
                                        std::string_view action, std::string_view origin, std::string_view detail) {
  domain::AuditRecord record;
  record.at = clock_.Now();
  record.actor = std::string(username);
  record.role = std::string(role);
  record.action = std::string(action);
  record.object_type = "user";
  record.object_id = std::string(username);
  record.origin = std::string(origin);
  record.detail = std::string(detail);
  DOCKET_TRY(tx.Audit().Append(record));
  return Ok();
}

Result<void> AccountService::SetPassword(std::string_view username, std::string_view password) {
  cache_->Clear();  // What this account proved before no longer holds.
  if (password.size() < kMinPassword) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("password: at least {} characters", kMinPassword));
  }
  DOCKET_TRY_ASSIGN(std::string hash, security::HashPassword(password));
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().FindByUsername(username));
    user.password_hash = hash;
    user.failed_logins = 0;
    user.locked_until = Instant();
    DOCKET_TRY(tx.Users().Update(user));
    DOCKET_TRY(tx.Sessions().DeleteForUser(user.id));
    return AuditLogin(tx, "cli", "administrator", "user.password", "cli", user.username);
  });
}

Result<TotpEnrolment> AccountService::StartTotp(std::string_view username) {
  std::string key = security::NewTotpKey();
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().FindByUsername(username));
    user.totp_key_hex = BytesToHex(key);
    user.totp_enabled = false;
    DOCKET_TRY(tx.Users().Update(user));
    return AuditLogin(tx, user.username, user.role, "user.totp.start", "cli", "");
  }));
  return TotpEnrolment{security::Base32Encode(key), security::TotpUri("docket", username, key)};
}

Result<void> AccountService::ConfirmTotp(std::string_view username, std::string_view code) {
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().FindByUsername(username));
    if (user.totp_key_hex.empty()) {
      return Fail(ErrorCode::kFailedPrecondition, fmt::format("'{}' has no second factor being set up", username));
    }
    if (!security::TotpVerify(HexToBytes(user.totp_key_hex), code, clock_.Now())) {
      return Fail(ErrorCode::kInvalidArgument, "field 'code': not the current code of the authenticator");
    }
    user.totp_enabled = true;
    DOCKET_TRY(tx.Users().Update(user));
    return AuditLogin(tx, user.username, user.role, "user.totp.confirm", "cli", "");
  });
}

Result<void> AccountService::SetTotpKey(std::string_view username, std::string_view raw_key) {
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().FindByUsername(username));
    user.totp_key_hex = BytesToHex(raw_key);
    user.totp_enabled = true;
    return tx.Users().Update(user);
  });
}

Result<LoginResult> AccountService::Login(std::string_view username, std::string_view password,
                                          std::string_view totp_code, std::string_view origin) {
  const Instant now = clock_.Now();
  std::optional<store::User> user;
  {
    DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
    auto found = tx->Users().FindByUsername(username);
    if (found) {
      user = std::move(*found);
    } else if (found.error().code != ErrorCode::kNotFound) {
      return Fail(found.error());
    }
  }
  if (user && now < user->locked_until) {
    std::int64_t wait = user->locked_until.SecondsSinceEpoch() - now.SecondsSinceEpoch();
    return Fail(ErrorCode::kUnavailable,
                fmt::format("too many failed attempts: try again in {} second{}", wait, wait == 1 ? "" : "s"));
  }
  // The slow hash runs outside any transaction, so it never holds the write lock.
  bool password_ok = user ? security::VerifyPassword(password, user->password_hash)
                          : (security::VerifyPassword(password, DummyHash()), false);
  bool active = user && user->active;
  bool factor_ok = true;
  if (password_ok && active && SecondFactorRequired(*user)) {
    if (!user->totp_enabled) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("staff accounts need a second factor, and '{}' has none set up; an administrator can "
                              "start one with `docket user totp {}`",
                              username, username));
    }
    factor_ok = security::TotpVerify(HexToBytes(user->totp_key_hex), totp_code, now);
  }
  if (!user || !password_ok || !active || !factor_ok) {
    DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
      std::string why = !user ? "unknown user" : !password_ok ? "wrong password" : !active ? "disabled" : "wrong code";
      if (user) {
        DOCKET_TRY_ASSIGN(store::User fresh, tx.Users().Find(user->id));
        fresh.failed_logins += 1;
        fresh.locked_until = now.AddSeconds(DelayAfterFailures(fresh.failed_logins));
        DOCKET_TRY(tx.Users().Update(fresh));
        why += fmt::format(", failure {}", fresh.failed_logins);
      }
      return AuditLogin(tx, username, user ? user->role : "", "login.failed", origin, why);
    }));
    return Fail(ErrorCode::kPermissionDenied, std::string(kWrongCredentials));
  }
  LoginResult result;
  result.session_token = security::RandomToken(32);
  result.csrf_token = security::RandomToken(32);
  result.expires_at = now.AddSeconds(kSessionSeconds);
  result.actor = ActorOf(*user, origin);
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::User fresh, tx.Users().Find(user->id));
    fresh.failed_logins = 0;
    fresh.locked_until = Instant();
    DOCKET_TRY(tx.Users().Update(fresh));
    store::Session session{security::Sha256Hex(result.session_token), user->id, result.csrf_token, now,
                           result.expires_at, std::string(origin)};
    DOCKET_TRY(tx.Sessions().Insert(session));
    return AuditLogin(tx, user->username, user->role, "login", origin, "");
  }));
  return result;
}

namespace {

Authenticated FromCache(const CredentialCache::Entry& entry, std::string_view origin) {
  Authenticated who;
  who.actor = ActorOf(entry.user, origin);
  who.csrf_token = entry.csrf_token;
  who.scopes = entry.scopes;
  who.via_session = entry.via_session;
  return who;
}

// The session's new expiry when using it now should extend it: sliding,
// bounded by a day from signing in, written at most once a quarter hour.
std::optional<Instant> ExtensionDue(const CredentialCache::Entry& entry, Instant now) {
  if (!entry.created_at || !entry.expires_at) return std::nullopt;
  const Instant wanted = std::min(now.AddSeconds(kSessionSeconds), entry.created_at->AddSeconds(kSessionMaxSeconds));
  if (wanted.SecondsSinceEpoch() - entry.expires_at->SecondsSinceEpoch() < kSessionExtendEverySeconds) {
    return std::nullopt;
  }
  return wanted;
}

}  // namespace

Result<Authenticated> AccountService::AuthenticateSession(std::string_view session_token, std::string_view origin) {
  const Instant now = clock_.Now();
  const std::string key = "s:" + security::Sha256Hex(session_token);
  std::optional<CredentialCache::Entry> entry = cache_->Find(key, now);
  if (!entry) {
    DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
    auto session = tx->Sessions().Find(key.substr(2));
    // A database that cannot answer is not a signed-out user: say so.
    if (!session && session.error().code != ErrorCode::kNotFound) return Fail(session.error());
    if (!session || session->expires_at < now) {
      return Fail(ErrorCode::kPermissionDenied, "not signed in, or the session has expired");
    }
    DOCKET_TRY_ASSIGN(store::User user, tx->Users().Find(session->user));
    if (!user.active) return Fail(ErrorCode::kPermissionDenied, "the account is disabled");
    entry = CredentialCache::Entry{user, session->csrf_token, {}, true, session->expires_at, session->created_at};
    cache_->Put(key, *entry);
  }
  Authenticated who = FromCache(*entry, origin);
  if (const std::optional<Instant> due = ExtensionDue(*entry, now)) {
    const Instant wanted = *due;
    DOCKET_TRY(store_.Write(
        [&](store::Transaction& tx) -> Result<void> { return tx.Sessions().Extend(key.substr(2), wanted); }));
    entry->expires_at = wanted;
    cache_->Put(key, *entry);
    who.session_expires_at = wanted;
  }
  return who;
}

std::optional<Authenticated> AccountService::RememberedSession(std::string_view session_token,
                                                              std::string_view origin) {
  const Instant now = clock_.Now();
  std::optional<CredentialCache::Entry> entry = cache_->Find("s:" + security::Sha256Hex(session_token), now);
  if (!entry || ExtensionDue(*entry, now)) return std::nullopt;
  return FromCache(*entry, origin);
}

Result<void> AccountService::Logout(std::string_view session_token) {
  cache_->Forget("s:" + security::Sha256Hex(session_token));
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    std::string hash = security::Sha256Hex(session_token);
    auto session = tx.Sessions().Find(hash);
    if (!session) return Ok();
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().Find(session->user));
    DOCKET_TRY(tx.Sessions().Delete(hash));
    return AuditLogin(tx, user.username, user.role, "logout", session->origin, "");
  });
}

Result<IssuedToken> AccountService::CreateApiToken(std::string_view username, std::string_view name,
                                                   const std::vector<std::string>& scopes) {
  for (const std::string& scope : scopes) {
    if (std::find(kApiScopes.begin(), kApiScopes.end(), scope) == kApiScopes.end()) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("scope '{}' is not one of: {}", scope, fmt::join(kApiScopes, ", ")));
    }
  }
  if (scopes.empty()) return Fail(ErrorCode::kInvalidArgument, "give at least one scope");
  IssuedToken issued;
  issued.token = "dkt_" + security::RandomToken(32);
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().FindByUsername(username));
    store::ApiToken token;
    token.user = user.id;
    token.name = std::string(name);
    token.token_hash = security::Sha256Hex(issued.token);
    token.scopes = scopes;
    token.created_at = clock_.Now();
    DOCKET_TRY_ASSIGN(issued.id, tx.ApiTokens().Insert(token));
    return AuditLogin(tx, user.username, user.role, "token.create", "cli", fmt::format("{}", fmt::join(scopes, " ")));
  }));
  return issued;
}

Result<void> AccountService::RevokeApiToken(std::int64_t id) {
  cache_->Clear();
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY(tx.ApiTokens().Revoke(id, clock_.Now()));
    return AuditLogin(tx, "cli", "administrator", "token.revoke", "cli", fmt::format("token {}", id));
  });
}

Result<Authenticated> AccountService::AuthenticateToken(std::string_view token, std::string_view origin) {
  const std::string key = "t:" + security::Sha256Hex(token);
  if (auto cached = cache_->Find(key, clock_.Now())) return FromCache(*cached, origin);
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  auto found = tx->ApiTokens().FindByHash(key.substr(2));
  if (!found && found.error().code != ErrorCode::kNotFound) return Fail(found.error());
  if (!found || found->revoked_at) return Fail(ErrorCode::kPermissionDenied, "unknown or revoked API token");
  DOCKET_TRY_ASSIGN(store::User user, tx->Users().Find(found->user));
  if (!user.active) return Fail(ErrorCode::kPermissionDenied, "the account is disabled");
  CredentialCache::Entry entry{user, "", found->scopes, false, std::nullopt, std::nullopt};
  cache_->Put(key, entry);
  return FromCache(entry, origin);
}

std::optional<Authenticated> AccountService::RememberedToken(std::string_view token, std::string_view origin) {
  auto cached = cache_->Find("t:" + security::Sha256Hex(token), clock_.Now());
  if (!cached) return std::nullopt;
  return FromCache(*cached, origin);
}

Result<void> AccountService::ChangeRole(std::string_view username, std::string_view role) {
  cache_->Clear();  // What this account proved before no longer holds.
  if (policy_.FindRole(role) == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("role '{}' is not defined by the policy", role));
  }
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().FindByUsername(username));
    std::string before = user.role;
    user.role = std::string(role);
    DOCKET_TRY(tx.Users().Update(user));
    DOCKET_TRY(tx.Sessions().DeleteForUser(user.id));
    return AuditLogin(tx, "cli", "administrator", "user.role", "cli",
                      fmt::format("{}: {} -> {}", user.username, before, role));
  });
}

Result<void> AccountService::SetActive(std::string_view username, bool active) {
  cache_->Clear();  // What this account proved before no longer holds.
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().FindByUsername(username));
    user.active = active;
    DOCKET_TRY(tx.Users().Update(user));
    if (!active) DOCKET_TRY(tx.Sessions().DeleteForUser(user.id));
    return AuditLogin(tx, "cli", "administrator", active ? "user.enable" : "user.disable", "cli", user.username);
  });
}

Result<std::string> AccountService::ResetCredentials(std::string_view username) {
  cache_->Clear();  // What this account proved before no longer holds.
  std::string password = security::RandomToken(9);  // 18 hex characters
  DOCKET_TRY_ASSIGN(std::string hash, security::HashPassword(password));
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().FindByUsername(username));
    user.password_hash = hash;
    user.totp_key_hex.clear();
    user.totp_enabled = false;
    user.failed_logins = 0;
    user.locked_until = Instant();
    DOCKET_TRY(tx.Users().Update(user));
    DOCKET_TRY(tx.Sessions().DeleteForUser(user.id));
    return AuditLogin(tx, "cli", "administrator", "user.reset", "cli", user.username);
  }));
  return password;
}

Result<void> AccountService::CheckRateLimit(std::string_view key, int limit, int window_seconds) {
  std::int64_t count = 0;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(count, tx.RateLimits().Hit(key, clock_.Now(), window_seconds));
    return Ok();
  }));
  if (count > limit) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("too many requests: at most {} per {} seconds; try again later", limit, window_seconds));
  }
  return Ok();
}

}  // namespace docket::app
