#include "http/api/authenticator.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "http/api/route_support.hpp"
#include "security/crypto.hpp"

namespace docket::http::api {
namespace {

// Session tokens and the hex part of API tokens are lower-case hex; anything
// else cannot be a credential, so it is refused before it reaches the store.
bool IsToken(std::string_view text, std::size_t max_length) {
  return !text.empty() && text.size() <= max_length &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool IsWrite(Method method) { return method != Method::kGet && method != Method::kHead; }

Response Unauthorised(std::string detail) {
  Response response = HttpError(401, std::move(detail));
  // RFC 9110 requires a challenge; browsers do not act on a Bearer one.
  response.headers["WWW-Authenticate"] = "Bearer realm=\"docket\"";
  return response;
}

Response Forbidden(const Request& request, std::string detail) {
  return ErrorResponse(Error{ErrorCode::kPermissionDenied, std::move(detail)}, request);
}

// The account service's answer, from memory alone when `memory_only` says so:
// nothing when only the store could answer.
template <class Remembered, class Authenticate>
std::optional<Result<app::Authenticated>> Ask(bool memory_only, Remembered remembered, Authenticate authenticate) {
  if (!memory_only) return authenticate();
  std::optional<app::Authenticated> who = remembered();
  if (!who) return std::nullopt;
  return Result<app::Authenticated>(std::move(*who));
}

// A credential the account service did not accept: 401, or the store's error.
Response Refused(const Error& error, const Request& request) {
  if (error.code == ErrorCode::kPermissionDenied) return Unauthorised(error.message);
  return ErrorResponse(error, request);
}

}  // namespace

std::string_view Name(Scope scope) {
  switch (scope) {
    case Scope::kNone: return "";
    case Scope::kCasesRead: return "cases:read";
    case Scope::kCasesWrite: return "cases:write";
    case Scope::kComplaintsWrite: return "complaints:write";
    case Scope::kMembersRead: return "members:read";
    case Scope::kMembersWrite: return "members:write";
    case Scope::kAuditRead: return "audit:read";
  }
  return "";
}

std::string ClientAddress(const Request& request) {
  std::string_view client = request.client;
  if (client.starts_with('[')) {
    const std::size_t close = client.find(']');
    return std::string(close == std::string_view::npos ? client : client.substr(1, close - 1));
  }
  const std::size_t colon = client.rfind(':');
  return std::string(colon == std::string_view::npos ? client : client.substr(0, colon));
}

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  std::string_view header = request.Header("Cookie").value_or("");
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    return std::string(value);
  }
  return std::nullopt;
}

std::string SessionCookie(std::string_view token, std::int64_t max_age_seconds, bool secure) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie, token,
                     std::max<std::int64_t>(max_age_seconds, 0), secure ? "; Secure" : "");
}

std::string ExpiredSessionCookie(bool secure) {
  return fmt::format("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{}", kSessionCookie, secure ? "; Secure" : "");
}

std::optional<CallerOrRefusal> Authenticator::FromToken(const Request& request, std::string_view header, Scope scope,
                                                        Lookup lookup) const {
  constexpr std::string_view kBearer = "Bearer ";
  if (!header.starts_with(kBearer)) {
    return Unauthorised("the Authorization header must be 'Bearer dkt_...' (an API token)");
  }
  std::string_view token = header.substr(kBearer.size());
  if (!token.starts_with("dkt_") || !IsToken(token.substr(4), 128)) return Unauthorised("unknown or revoked API token");
  const std::string origin = ClientAddress(request);
  std::optional<Result<app::Authenticated>> asked =
      Ask(lookup == Lookup::kMemoryOnly, [&] { return accounts_.RememberedToken(token, origin); },
          [&] { return accounts_.AuthenticateToken(token, origin); });
  if (!asked) return std::nullopt;
  Result<app::Authenticated>& who = *asked;
  if (!who) return Refused(who.error(), request);
  if (scope != Scope::kNone && std::find(who->scopes.begin(), who->scopes.end(), Name(scope)) == who->scopes.end()) {
    return Forbidden(request, fmt::format("this API token lacks the scope '{}'", Name(scope)));
  }
  Caller caller;
  caller.actor = std::move(who->actor);
  caller.credential = Credential::kApiToken;
  caller.scopes = std::move(who->scopes);
  return caller;
}

CallerOrRefusal Authenticator::Require(const Request& request, Scope scope) const {
  return *Check(request, scope, Lookup::kStore);
}

std::optional<CallerOrRefusal> Authenticator::RequireFromMemory(const Request& request, Scope scope) const {
  return Check(request, scope, Lookup::kMemoryOnly);
}

std::optional<CallerOrRefusal> Authenticator::Check(const Request& request, Scope scope, Lookup lookup) const {
  if (auto header = request.Header("Authorization")) return FromToken(request, *header, scope, lookup);
  std::optional<std::string> token = CookieValue(request, kSessionCookie);
  if (!token) return Unauthorised("sign in first (POST /api/v1/session), or send an API token");
  if (!IsToken(*token, 128)) return Unauthorised("not signed in, or the session has expired");
  const std::string origin = ClientAddress(request);
  std::optional<Result<app::Authenticated>> asked =
      Ask(lookup == Lookup::kMemoryOnly, [&] { return accounts_.RememberedSession(*token, origin); },
          [&] { return accounts_.AuthenticateSession(*token, origin); });
  if (!asked) return std::nullopt;
  Result<app::Authenticated>& who = *asked;
  if (!who) return Refused(who.error(), request);
  if (IsWrite(request.method)) {
    std::string_view sent = request.Header("X-CSRF-Token").value_or("");
    if (sent.empty() || who->csrf_token.empty() || !security::ConstantTimeEquals(sent, who->csrf_token)) {
      return Forbidden(request, "a signed-in browser must send the session's CSRF token in the X-CSRF-Token header "
                                "with every change");
    }
  }
  Caller caller;
  caller.actor = std::move(who->actor);
  caller.credential = Credential::kSession;
  caller.session_token = std::move(*token);
  caller.csrf_token = std::move(who->csrf_token);
  caller.session_expires_at = who->session_expires_at;
  return caller;
}

std::variant<std::optional<Caller>, Response> Authenticator::Optional(const Request& request, Scope scope) const {
  auto header = request.Header("Authorization");
  if (!header) return std::optional<Caller>();
  CallerOrRefusal checked = *FromToken(request, *header, scope, Lookup::kStore);
  if (auto* refusal = std::get_if<Response>(&checked)) return std::move(*refusal);
  return std::optional<Caller>(std::move(std::get<Caller>(checked)));
}

}  // namespace docket::http::api
