// Authentication for the API, in one place: who sent a request, and whether
// they may send it this way.
//
// A browser signs in once and then sends the `docket_session` cookie; every
// write it makes (any method but GET and HEAD) must also carry the session's
// CSRF token in `X-CSRF-Token`, which a page on another site cannot read, so
// a forged form or fetch is refused before anything is written. Scripts send
// `Authorization: Bearer dkt_...` instead; browsers never attach that header
// on their own, so tokens need no CSRF token, but each token is limited to
// its scopes. Either way the caller then acts as their account's role, and
// the services decide per object what that role may do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/account_service.hpp"
#include "domain/actor.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace docket::http::api {

/// The name of the session cookie.
inline constexpr std::string_view kSessionCookie = "docket_session";

/// What an API token must be allowed to do for a route; sessions may do everything their role may.
enum class Scope {
  kNone,             //!< Any signed-in caller (/me, signing out).
  kCasesRead,        //!< Reading cases and their files.
  kCasesWrite,       //!< Acting on cases and adding to their files.
  kComplaintsWrite,  //!< Submitting complaints as an integration.
  kMembersRead,      //!< Reading membership records.
  kMembersWrite,     //!< Recording what members declare (their social-media handles).
  kAuditRead,        //!< Reading and verifying the audit log.
};

/// The scope's name as API tokens carry it ("cases:read"); empty for kNone.
std::string_view Name(Scope scope);

/// How a caller proved who they are.
enum class Credential { kSession, kApiToken };

/// Who sent a request, once their credentials checked out.
struct Caller {
  domain::Actor actor;             //!< Its origin is the client's address.
  Credential credential = Credential::kSession;
  std::string session_token;       //!< The cookie's value, for signing out; empty for API tokens.
  std::string csrf_token;          //!< The session's CSRF token; empty for API tokens.
  std::vector<std::string> scopes;  //!< The API token's scopes; empty for sessions.
  std::optional<Instant> session_expires_at;  //!< Set when this request extended the session.
};

/// A caller, or the problem response that refuses the request.
using CallerOrRefusal = std::variant<Caller, Response>;

/// The client's address without the port ("127.0.0.1", "::1"): the origin in
/// audit records and the key of per-client rate limits.
std::string ClientAddress(const Request& request);

/// The value of one cookie in the request's Cookie header, if present.
std::optional<std::string> CookieValue(const Request& request, std::string_view name);

/// The Set-Cookie value that carries a new session.
std::string SessionCookie(std::string_view token, std::int64_t max_age_seconds, bool secure);
/// The Set-Cookie value that removes the session cookie.
std::string ExpiredSessionCookie(bool secure);

class Authenticator {
 public:
  explicit Authenticator(app::AccountService& accounts) : accounts_(accounts) {}

  /// The caller of a route that needs one. Refusals: 401 problem without
  /// credentials or with a session or token that is unknown, expired or
  /// revoked; 403 problem when an API token lacks `scope`, or when a
  /// cookie-authenticated write lacks the session's CSRF token. A bearer
  /// token wins over a cookie when a request has both.
  CallerOrRefusal Require(const Request& request, Scope scope) const;

  /// Require() for an I/O thread, which must not wait on the store: nothing
  /// when the answer needs the store (credentials not remembered, a session
  /// due an extension); then call Require() where blocking is allowed.
  std::optional<CallerOrRefusal> RequireFromMemory(const Request& request, Scope scope) const;

  /// For public routes that an integration may also call with a token: no
  /// credentials at all gives nullopt; a bearer token is checked as Require()
  /// does. Cookies are ignored, since a public route needs no session.
  std::variant<std::optional<Caller>, Response> Optional(const Request& request, Scope scope) const;

 private:
  /// Whether the account service may ask the store.
  enum class Lookup { kStore, kMemoryOnly };
  std::optional<CallerOrRefusal> Check(const Request& request, Scope scope, Lookup lookup) const;
  std::optional<CallerOrRefusal> FromToken(const Request& request, std::string_view header, Scope scope,
                                           Lookup lookup) const;
  app::AccountService& accounts_;
};

}  // namespace docket::http::api
