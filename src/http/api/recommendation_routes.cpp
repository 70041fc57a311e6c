// The recommendations tracker over HTTP. Reading is public: the organisation
// publishes how far it has got with each report's recommendations (progress
// per report, overdue items, the history of each item with its reasons and
// evidence; who made each change stays on the audit log). Changing a status
// is for administrators, with reasons, and is audited by the service.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "app/recommendation_service.hpp"
#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"

namespace docket::http::api {
namespace {

namespace bj = boost::json;

bj::object RecommendationJson(const app::RecommendationView& view) {
  const store::Recommendation& r = view.recommendation;
  bj::object o;
  o["id"] = r.report_key + "/" + r.number;
  o["report"] = r.report_key;
  o["number"] = r.number;
  o["text"] = r.text;
  o["theme"] = r.theme;
  o["owner"] = r.owner;
  o["due"] = r.due ? bj::value(r.due->ToString()) : bj::value(nullptr);
  o["status"] = r.status;
  o["source"] = r.source;
  o["overdue"] = view.overdue;
  return o;
}

bj::object WithHistory(const app::RecommendationView& view) {
  bj::object o = RecommendationJson(view);
  bj::array history;
  for (const store::RecommendationChange& change : view.history) {
    history.push_back(bj::object{{"from_status", change.from_status},
                                 {"to_status", change.to_status},
                                 {"reason", change.reason},
                                 {"evidence", change.evidence},
                                 {"at", change.at.ToString()}});
  }
  o["history"] = std::move(history);
  return o;
}

Result<std::string> RecommendationIdOf(const Request& request) {
  DOCKET_TRY_ASSIGN(std::string report, PathText(request, "report", 64));
  DOCKET_TRY_ASSIGN(std::string number, PathText(request, "number", 32));
  return report + "/" + number;
}

}  // namespace

Result<void> RegisterRecommendationRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  DOCKET_TRY(routes.Public(Method::kGet, "/api/v1/recommendations/reports", [state](const Request& request) {
    if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
    auto progress = state->context.recommendations->Progress();
    if (!progress) return ErrorResponse(progress.error(), request);
    bj::array items;
    for (const app::ReportProgress& p : *progress) {
      bj::object by_status;
      std::int64_t implemented = 0;
      for (const auto& [status, count] : p.by_status) {
        by_status[status] = count;
        if (status == "implemented") implemented = count;
      }
      items.push_back(bj::object{{"key", p.report.key},
                                 {"title", p.report.title},
                                 {"publisher", p.report.publisher},
                                 {"published_on", p.report.published_on.ToString()},
                                 {"source", p.report.source},
                                 {"total", p.total},
                                 {"implemented", implemented},
                                 {"overdue", p.overdue},
                                 {"by_status", std::move(by_status)}});
    }
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  }));
  DOCKET_TRY(routes.Public(Method::kGet, "/api/v1/recommendations", [state](const Request& request) {
    if (auto query = CheckQuery(request, {"report", "overdue"}); !query) return ErrorResponse(query.error(), request);
    auto report = QueryText(request, "report", {.max_length = 64, .min_length = 1});
    if (!report) return ErrorResponse(report.error(), request);
    auto overdue = QueryBoolean(request, "overdue");
    if (!overdue) return ErrorResponse(overdue.error(), request);
    auto views = state->context.recommendations->List(overdue->value_or(false) ? app::RecommendationFilter::kOverdue
                                                                               : app::RecommendationFilter::kAll);
    if (!views) return ErrorResponse(views.error(), request);
    bj::array items;
    for (const app::RecommendationView& view : *views) {
      if (*report && view.recommendation.report_key != **report) continue;
      items.push_back(RecommendationJson(view));
    }
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  }));
  DOCKET_TRY(routes.Public(Method::kGet, "/api/v1/recommendations/{report}/{number}", [state](const Request& request) {
    if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
    auto id = RecommendationIdOf(request);
    if (!id) return ErrorResponse(id.error(), request);
    auto view = state->context.recommendations->Show(*id);
    if (!view) return ErrorResponse(view.error(), request);
    return JsonResponse(200, WithHistory(*view));
  }));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/recommendations/{report}/{number}/status", Scope::kNone,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) {
                                  return ErrorResponse(query.error(), request);
                                }
                                auto id = RecommendationIdOf(request);
                                if (!id) return ErrorResponse(id.error(), request);
                                if (auto refused = RequireJsonBody(request)) return std::move(*refused);
                                auto change = [&]() -> Result<app::RecommendationView> {
                                  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
                                  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
                                  DOCKET_TRY_ASSIGN(std::string status,
                                                    reader.String("status", {.max_length = 32, .min_length = 1}));
                                  DOCKET_TRY_ASSIGN(std::string reason,
                                                    reader.String("reason", {.max_length = 5000, .min_length = 1}));
                                  DOCKET_TRY_ASSIGN(std::optional<std::string> evidence,
                                                    reader.OptionalString("evidence", {.max_length = 10000}));
                                  DOCKET_TRY(reader.Finish());
                                  return state->context.recommendations->SetStatus(caller.actor, *id, status, reason,
                                                                                   evidence.value_or(""));
                                }();
                                if (!change) return ErrorResponse(change.error(), request);
                                return JsonResponse(200, WithHistory(*change));
                              }));
  return Ok();
}

}  // namespace docket::http::api
