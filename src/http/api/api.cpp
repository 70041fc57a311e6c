#include "http/api/api.hpp"

#include "http/api/routes.hpp"

namespace docket::http::api {

Result<void> ApiRoutes::Public(Method method, std::string_view pattern, Handler handler, Execution execution,
                               RouteOptions body) {
  body.execution = execution;
  return router_.Add(method, pattern, std::move(handler), std::move(body));
}

RouteOptions ApiRoutes::Upload(std::size_t limit) const {
  return RouteOptions{Execution::kBlocking, limit, BodyHandling::kSpoolToFile, state_->evidence->Folder()};
}

namespace {

// A signed-in caller's request, answered by `handler` and with the session's
// cookie renewed when using it extended the session.
Response WithSessionRenewed(ApiState& state, const Caller& caller, Response response) {
  // Use extended the session: the browser's cookie lives as long (unless
  // the route set the cookie itself, as signing out does).
  if (caller.session_expires_at && response.cookies.empty()) {
    const std::int64_t left =
        caller.session_expires_at->SecondsSinceEpoch() - state.context.clock.Now().SecondsSinceEpoch();
    response.cookies.push_back(SessionCookie(caller.session_token, left, state.context.secure_cookies));
  }
  return response;
}

Handler Guard(std::shared_ptr<ApiState> state, Scope scope, CallerHandler handler) {
  // The state is captured by shared_ptr so that it lives as long as the router.
  return [state = std::move(state), scope, handler = std::move(handler)](const Request& request) -> Response {
    CallerOrRefusal checked = state->auth.Require(request, scope);
    if (auto* refusal = std::get_if<Response>(&checked)) return std::move(*refusal);
    const Caller& caller = std::get<Caller>(checked);
    return WithSessionRenewed(*state, caller, handler(request, caller));
  };
}

}  // namespace

Result<void> ApiRoutes::ForCaller(Method method, std::string_view pattern, Scope scope, CallerHandler handler,
                                  RouteOptions body) {
  body.execution = Execution::kBlocking;
  return router_.Add(method, pattern, Guard(state_, scope, std::move(handler)), std::move(body));
}

Result<void> ApiRoutes::ForCallerAsync(Method method, std::string_view pattern, Scope scope, AsyncCallerHandler handler,
                                       CallerHandler blocking) {
  AsyncHandler async = [state = state_, scope, handler = std::move(handler),
                        guarded = Guard(state_, scope, std::move(blocking))](const Request& request, Reply reply) {
    std::optional<CallerOrRefusal> checked = state->auth.RequireFromMemory(request, scope);
    if (!checked) return reply.Blocking([&request, &guarded] { return guarded(request); });
    if (auto* refusal = std::get_if<Response>(&*checked)) return reply.Respond(std::move(*refusal));
    // From memory, a session is never one due an extension: no cookie to renew.
    handler(request, std::get<Caller>(*checked), std::move(reply));
  };
  return router_.AddAsync(method, pattern, std::move(async));
}

Result<void> RegisterApi(Router& router, ApiContext& context) {
  if (context.panels == nullptr || context.reports == nullptr || context.platform == nullptr) {
    return Fail(ErrorCode::kInternal, "the API needs the panel and report services");
  }
  DOCKET_TRY_ASSIGN(std::unique_ptr<EvidenceFiles> evidence, EvidenceFiles::Open(context.evidence_dir));
  ApiRoutes routes(router, std::make_shared<ApiState>(context, std::move(evidence)));
  DOCKET_TRY(RegisterSessionRoutes(routes));
  DOCKET_TRY(RegisterPanelRoutes(routes));
  DOCKET_TRY(RegisterReportRoutes(routes));
  DOCKET_TRY(RegisterAlertRoutes(routes));
  DOCKET_TRY(RegisterRecommendationRoutes(routes));
  DOCKET_TRY(RegisterPostRoutes(routes));
  DOCKET_TRY(RegisterPublicRoutes(routes));
  DOCKET_TRY(RegisterCaseRoutes(routes));
  DOCKET_TRY(RegisterCaseFileRoutes(routes));
  DOCKET_TRY(RegisterOversightRoutes(routes));
  return Ok();
}

}  // namespace docket::http::api
