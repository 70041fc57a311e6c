// Accounts: passwords (argon2id), the TOTP second factor, browser sessions
// with CSRF tokens, API tokens with scopes, and growing delays after failed
// logins. All state lives in the database, so several server processes share it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/credential_cache.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/policy.hpp"
#include "store/store.hpp"

namespace docket::app {

/// A successful login: the cookie value and the CSRF token the browser must echo.
struct LoginResult {
  std::string session_token;
  std::string csrf_token;
  Instant expires_at;
  domain::Actor actor;
};

/// Who a request is from, once its session or token checked out.
struct Authenticated {
  domain::Actor actor;
  std::string csrf_token;           //!< Empty for API tokens (they are not sent by browsers).
  std::vector<std::string> scopes;  //!< API tokens only; sessions act with the role's full rights.
  bool via_session = false;
  /// Set when this request extended the session: its new expiry (the
  /// browser's cookie should be renewed to match).
  std::optional<Instant> session_expires_at;
};

/// A TOTP key being set up: shown once, for an authenticator app.
struct TotpEnrolment {
  std::string secret_base32;
  std::string uri;
};

/// An API token as issued; the token itself is never stored and never shown again.
struct IssuedToken {
  std::int64_t id = 0;
  std::string token;
};

/// The scopes an API token may carry.
inline const std::vector<std::string> kApiScopes = {"cases:read",   "cases:write",   "complaints:write",
                                                   "members:read", "members:write", "audit:read"};

class AccountService {
 public:
  /// `credential_ttl`: how long a checked session or token is trusted
  /// without asking the database again (zero: always ask).
  AccountService(store::Store& store, const domain::Policy& policy, const Clock& clock,
                 std::chrono::milliseconds credential_ttl = CredentialCache::kDefaultTtl)
      : store_(store), policy_(policy), clock_(clock), cache_(std::make_unique<CredentialCache>(credential_ttl)) {}

  /// Sets a password (at least 12 characters) and ends the user's sessions.
  Result<void> SetPassword(std::string_view username, std::string_view password);
  /// Starts TOTP enrolment with a new key; the factor counts once confirmed.
  Result<TotpEnrolment> StartTotp(std::string_view username);
  /// Confirms enrolment with a current code. kInvalidArgument for a wrong code.
  Result<void> ConfirmTotp(std::string_view username, std::string_view code);
  /// Sets a known TOTP key directly (demo data and tests).
  Result<void> SetTotpKey(std::string_view username, std::string_view raw_key);

  /// Checks the password, then the second factor when the policy requires it
  /// for the role. Errors: kPermissionDenied "wrong user name, password or
  /// code" (the same message whichever was wrong); kUnavailable while the
  /// account is delayed after failures (the message says how long);
  /// kFailedPrecondition when a required second factor is not set up.
  Result<LoginResult> Login(std::string_view username, std::string_view password, std::string_view totp_code,
                            std::string_view origin);
  /// The actor behind a session cookie; kPermissionDenied when unknown or
  /// expired. Use extends a session to eight hours from now, never past a
  /// day after signing in; the extension is written at most once a quarter
  /// of an hour per session.
  Result<Authenticated> AuthenticateSession(std::string_view session_token, std::string_view origin);
  /// AuthenticateSession from memory alone, for a thread that must not wait
  /// on the store: nothing when that would read the store (not remembered)
  /// or write to it (the session is due an extension).
  std::optional<Authenticated> RememberedSession(std::string_view session_token, std::string_view origin);
  Result<void> Logout(std::string_view session_token);

  /// Issues an API token with scopes from kApiScopes.
  Result<IssuedToken> CreateApiToken(std::string_view username, std::string_view name,
                                     const std::vector<std::string>& scopes);
  /// Revokes an API token at once (in this process; others within the credential TTL). Recorded.
  Result<void> RevokeApiToken(std::int64_t id);
  /// The actor behind a bearer token; kPermissionDenied when unknown or revoked.
  Result<Authenticated> AuthenticateToken(std::string_view token, std::string_view origin);
  /// AuthenticateToken from memory alone: nothing when the store must be asked.
  std::optional<Authenticated> RememberedToken(std::string_view token, std::string_view origin);

  /// Changes a role (one the policy defines) and ends the user's sessions.
  Result<void> ChangeRole(std::string_view username, std::string_view role);
  /// Disables or re-enables an account; disabling ends its sessions.
  Result<void> SetActive(std::string_view username, bool active);
  /// A new random password, the second factor removed and the delay cleared; returns the password.
  Result<std::string> ResetCredentials(std::string_view username);

  /// Counts one request against `limit` per `window_seconds` for `key`
  /// (e.g. "complaint:127.0.0.1"); kUnavailable once over the limit.
  Result<void> CheckRateLimit(std::string_view key, int limit, int window_seconds);

  /// Seconds an account waits after its n-th consecutive failure: none for
  /// the first three, then 1, 2, 4 ... up to 15 minutes.
  static int DelayAfterFailures(int failures);

 private:
  bool SecondFactorRequired(const store::User& user) const;
  Result<void> AuditLogin(store::Transaction& tx, std::string_view username, std::string_view role,
                          std::string_view action, std::string_view origin, std::string_view detail);

  store::Store& store_;
  const domain::Policy& policy_;
  const Clock& clock_;
  std::unique_ptr<CredentialCache> cache_;  //!< Checked sessions and tokens, for the credential TTL.
};

}  // namespace docket::app
