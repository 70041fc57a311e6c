// Signing in and out, and who the caller is.
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"

namespace docket::http::api {
namespace {

namespace bj = boost::json;

// Sign-in attempts per client address per minute, across accounts: the
// per-account delay stops guessing one password, this stops trying one
// password on many accounts.
constexpr int kLoginsPerMinute = 60;

// AccountService says how long a delayed account waits only in its message
// ("try again in 8 seconds"); the number is read back for Retry-After.
std::int64_t SecondsIn(std::string_view message, std::int64_t fallback) {
  const std::size_t at = message.find(" in ");
  if (at == std::string_view::npos) return fallback;
  std::int64_t seconds = 0;
  bool any = false;
  for (std::size_t i = at + 4; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i) {
    seconds = seconds * 10 + (message[i] - '0');
    any = true;
    if (seconds > 86400) break;
  }
  return any ? seconds : fallback;
}

Response TooManyRequests(std::string detail, std::int64_t retry_after) {
  Response response = HttpError(429, std::move(detail));
  response.headers["Retry-After"] = std::to_string(retry_after);
  return response;
}

std::string_view RoleTitle(const domain::Policy& policy, std::string_view role) {
  const domain::Role* found = policy.FindRole(role);
  return found ? std::string_view(found->title) : role;
}

struct LoginInput {
  std::string username;
  std::string password;
  std::string code;
};

Result<LoginInput> ReadLogin(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  LoginInput input;
  DOCKET_TRY_ASSIGN(input.username, reader.String("username", {.max_length = 64, .min_length = 1}));
  DOCKET_TRY_ASSIGN(input.password, reader.String("password", {.max_length = 200, .min_length = 1}));
  DOCKET_TRY_ASSIGN(std::optional<std::string> code, reader.OptionalString("code", {.max_length = 10}));
  input.code = code.value_or("");
  DOCKET_TRY(reader.Finish());
  return input;
}

Response Login(ApiState& state, const Request& request) {
  ApiContext& context = state.context;
  const std::string origin = ClientAddress(request);
  if (auto limited = context.accounts.CheckRateLimit("login:" + origin, kLoginsPerMinute, 60); !limited) {
    if (limited.error().code != ErrorCode::kUnavailable) return ErrorResponse(limited.error(), request);
    return TooManyRequests("too many sign-in attempts from this address; try again in a minute", 60);
  }
  if (auto refused = RequireJsonBody(request)) return std::move(*refused);
  auto input = ReadLogin(request);
  if (!input) return ErrorResponse(input.error(), request);
  auto login = context.accounts.Login(input->username, input->password, input->code, origin);
  if (!login) {
    // The same 401 whichever of name, password or code was wrong, as the service words it.
    if (login.error().code == ErrorCode::kPermissionDenied) return HttpError(401, login.error().message);
    if (login.error().code == ErrorCode::kUnavailable) {
      return TooManyRequests(login.error().message, SecondsIn(login.error().message, 60));
    }
    return ErrorResponse(login.error(), request);
  }
  const Instant now = context.clock.Now();
  bj::object body;
  body["username"] = login->actor.username;
  body["role"] = login->actor.role;
  body["role_title"] = RoleTitle(context.policy, login->actor.role);
  body["csrf_token"] = login->csrf_token;
  body["expires_at"] = login->expires_at.ToString();
  Response response = JsonResponse(200, body);
  response.cookies.push_back(SessionCookie(login->session_token,
                                           login->expires_at.SecondsSinceEpoch() - now.SecondsSinceEpoch(),
                                           context.secure_cookies));
  return response;
}

}  // namespace

Result<void> RegisterSessionRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  // Signing in hashes the password with argon2id: on the worker pool.
  DOCKET_TRY(routes.Public(Method::kPost, "/api/v1/session",
                           [state](const Request& request) { return Login(*state, request); }));

  DOCKET_TRY(routes.ForCaller(Method::kDelete, "/api/v1/session", Scope::kNone,
                              [state](const Request& request, const Caller& caller) -> Response {
                                if (caller.credential != Credential::kSession) {
                                  return ErrorResponse(Error{ErrorCode::kFailedPrecondition,
                                                             "an API token has no session to end; revoke the token "
                                                             "instead"},
                                                       request);
                                }
                                if (auto done = state->context.accounts.Logout(caller.session_token); !done) {
                                  return ErrorResponse(done.error(), request);
                                }
                                Response response = Response::Empty(204);
                                response.cookies.push_back(ExpiredSessionCookie(state->context.secure_cookies));
                                return response;
                              }));

  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/me", Scope::kNone,
                              [state](const Request&, const Caller& caller) {
                                bj::object body;
                                body["username"] = caller.actor.username;
                                body["role"] = caller.actor.role;
                                body["role_title"] = RoleTitle(state->context.policy, caller.actor.role);
                                body["credential"] = caller.credential == Credential::kSession ? "session" : "api_token";
                                // The page reads its CSRF token back after a reload; another
                                // site cannot read this response (no CORS headers are sent).
                                body["csrf_token"] = caller.credential == Credential::kSession
                                                         ? bj::value(caller.csrf_token)
                                                         : bj::value(nullptr);
                                bj::array scopes;
                                for (const std::string& scope : caller.scopes) scopes.push_back(bj::value(scope));
                                body["scopes"] = std::move(scopes);
                                return JsonResponse(200, body);
                              }));
  return Ok();
}

}  // namespace docket::http::api
