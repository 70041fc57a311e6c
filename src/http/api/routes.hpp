// The API's routes, registered in groups. Internal to http/api: api.cpp
// calls the Register*Routes functions, each in its own file.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/api/api.hpp"
#include "http/api/authenticator.hpp"
#include "http/api/evidence_files.hpp"
#include "http/router.hpp"

namespace docket::http::api {

/// The largest evidence file an upload may carry.
inline constexpr std::size_t kEvidenceBodyLimit = std::size_t{25} << 20;

/// What every handler shares; handlers hold it by shared_ptr, so it lives as long as the router.
struct ApiState {
  ApiState(ApiContext& c, std::unique_ptr<EvidenceFiles> files)
      : context(c), auth(c.accounts), evidence(std::move(files)) {}
  ApiContext& context;                      //!< The services and settings.
  Authenticator auth;                       //!< Who sent a request.
  std::unique_ptr<EvidenceFiles> evidence;  //!< The evidence folder.
};

/// A handler of a route that needs a caller.
using CallerHandler = std::function<Response(const Request&, const Caller&)>;

/// A handler of an asynchronous route that needs a caller: it runs on an I/O
/// thread and answers through the Reply (router.hpp), never blocking.
using AsyncCallerHandler = std::function<void(const Request&, const Caller&, Reply)>;

/// Registers routes with the API's conventions.
class ApiRoutes {
 public:
  ApiRoutes(Router& router, std::shared_ptr<ApiState> state) : router_(router), state_(std::move(state)) {}

  ApiState& State() const { return *state_; }
  const std::shared_ptr<ApiState>& SharedState() const { return state_; }

  /// A route anyone may call. Runs on the worker pool unless `execution` says otherwise.
  Result<void> Public(Method method, std::string_view pattern, Handler handler,
                      Execution execution = Execution::kBlocking, RouteOptions body = {});

  /// A route for signed-in callers: the handler runs only once Authenticator::Require() let the request through.
  Result<void> ForCaller(Method method, std::string_view pattern, Scope scope, CallerHandler handler,
                         RouteOptions body = {});

  /// ForCaller() for a route whose work is queued on the store (Store::WriteAsync):
  /// `handler` runs on the I/O thread when the caller's credentials are
  /// remembered; otherwise, or when it hands over, `blocking` serves the
  /// request on the worker pool as ForCaller() would.
  Result<void> ForCallerAsync(Method method, std::string_view pattern, Scope scope, AsyncCallerHandler handler,
                              CallerHandler blocking);

  /// The body options of an upload route: at most `limit` bytes, streamed
  /// into the evidence folder (Request::body_file) rather than memory.
  RouteOptions Upload(std::size_t limit) const;

 private:
  Router& router_;
  std::shared_ptr<ApiState> state_;
};

/// POST/DELETE /api/v1/session, GET /api/v1/me.
Result<void> RegisterSessionRoutes(ApiRoutes& routes);
/// Complaints, the complainant's status and messages, the process, the OpenAPI document.
Result<void> RegisterPublicRoutes(ApiRoutes& routes);
/// The queue, a case, its timeline and actions.
Result<void> RegisterCaseRoutes(ApiRoutes& routes);
/// Notes, messages and evidence.
Result<void> RegisterCaseFileRoutes(ApiRoutes& routes);
/// Members and the audit log.
Result<void> RegisterOversightRoutes(ApiRoutes& routes);
/// Panel seats, stepping aside, who may take a case, declared interests.
Result<void> RegisterPanelRoutes(ApiRoutes& routes);
/// The oversight dashboard and statistics, and the public transparency report.
Result<void> RegisterReportRoutes(ApiRoutes& routes);
/// Alerts of the platform-sharing rule.
Result<void> RegisterAlertRoutes(ApiRoutes& routes);
/// GET /api/v1/recommendations... (public) and POST .../status (administrators): recommendation_routes.cpp.
Result<void> RegisterRecommendationRoutes(ApiRoutes& routes);
/// Social-media evidence: posts, accounts and links to members, the lexicon (post_routes.cpp).
Result<void> RegisterPostRoutes(ApiRoutes& routes);

}  // namespace docket::http::api
