// Alerts of the platform-sharing rule: the list, one alert with its full
// explanation, and dismissing one with reasons. Who may see them is decided by
// PlatformService (caseworkers, investigators, oversight, administrators;
// never political office); every read of an alert is audited there.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "app/platform_service.hpp"
#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"

namespace docket::http::api {
namespace {

namespace bj = boost::json;

bj::value DateOrNull(const std::optional<Date>& date) {
  return date ? bj::value(date->ToString()) : bj::value(nullptr);
}

bj::value AlertJson(const domain::PlatformAlert& a) {
  bj::object o;
  o["id"] = a.id.value;
  o["status"] = std::string(domain::Name(a.status));
  bj::object official;
  official["name"] = a.official_name;
  official["membership_number"] = a.official_number;
  official["role"] = std::string(domain::Name(a.official_role));
  official["office"] = bj::object{{"kind", a.office.kind},
                                  {"title", a.office.title},
                                  {"start", a.office.start.ToString()},
                                  {"end", DateOrNull(a.office.end)}};
  o["official"] = std::move(official);
  bj::array links;
  for (const std::string& link : a.event_links) links.push_back(bj::value(link));
  o["event"] = bj::object{{"id", a.event.value},       {"title", a.event_title},
                          {"starts_at", a.event_starts_at.ToString()}, {"date", a.event_date.ToString()},
                          {"place", a.event_place},    {"source", a.event_source},
                          {"links", std::move(links)}};
  bj::array sanctioned;
  for (const domain::SanctionedParticipant& s : a.sanctioned) {
    sanctioned.push_back(bj::object{{"name", s.name},
                                    {"membership_number", s.membership_number},
                                    {"role", std::string(domain::Name(s.role))},
                                    {"sanction_id", s.sanction.value},
                                    {"kind", s.kind},
                                    {"category", s.category},
                                    {"start", s.start.ToString()},
                                    {"end", DateOrNull(s.end)},
                                    {"published_on", s.published_on.ToString()}});
  }
  o["sanctioned"] = std::move(sanctioned);
  o["raised_at"] = a.raised_at.ToString();
  o["closed_at"] = a.closed_at ? bj::value(a.closed_at->ToString()) : bj::value(nullptr);
  o["reason"] = a.reason.empty() ? bj::value(nullptr) : bj::value(a.reason);
  o["case_number"] = a.case_number ? bj::value(*a.case_number) : bj::value(nullptr);
  o["explanation"] = a.Explanation();
  return o;
}

Result<store::AlertQuery> ReadAlertQuery(const Request& request) {
  DOCKET_TRY(CheckQuery(request, {"status", "limit", "before"}));
  store::AlertQuery query;
  DOCKET_TRY_ASSIGN(std::optional<std::string> status, QueryText(request, "status", {.max_length = 16, .min_length = 1}));
  if (status) {
    auto parsed = domain::ParseAlertStatus(*status);
    if (!parsed) return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'status': '{}' is not an alert status", *status));
    query.status = *parsed;
  }
  DOCKET_TRY_ASSIGN(std::optional<std::int64_t> limit, QueryInteger(request, "limit", {.min = 1, .max = 500}));
  query.limit = static_cast<int>(limit.value_or(100));
  DOCKET_TRY_ASSIGN(std::optional<std::int64_t> before, QueryInteger(request, "before", {.min = 1}));
  if (before) query.before = AlertId{*before};
  return query;
}

Result<std::string> ReadReasons(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  DOCKET_TRY_ASSIGN(std::string reasons, reader.String("reasons", {.max_length = 5000, .min_length = 1}));
  DOCKET_TRY(reader.Finish());
  return reasons;
}

}  // namespace

Result<void> RegisterAlertRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/alerts", Scope::kCasesRead,
                              [state](const Request& request, const Caller& caller) {
                                auto query = ReadAlertQuery(request);
                                if (!query) return ErrorResponse(query.error(), request);
                                auto alerts = state->context.platform->ListAlerts(caller.actor, *query);
                                if (!alerts) return ErrorResponse(alerts.error(), request);
                                bj::array items;
                                for (const domain::PlatformAlert& a : *alerts) items.push_back(AlertJson(a));
                                bj::object body;
                                body["items"] = std::move(items);
                                return JsonResponse(200, body);
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/alerts/{id}", Scope::kCasesRead,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) {
                                  return ErrorResponse(query.error(), request);
                                }
                                auto id = PathId(request, "id");
                                if (!id) return ErrorResponse(id.error(), request);
                                auto alert = state->context.platform->ShowAlert(caller.actor, AlertId{*id});
                                if (!alert) return ErrorResponse(alert.error(), request);
                                return JsonResponse(200, AlertJson(*alert));
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/alerts/{id}/dismissal", Scope::kCasesWrite,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) {
                                  return ErrorResponse(query.error(), request);
                                }
                                auto id = PathId(request, "id");
                                if (!id) return ErrorResponse(id.error(), request);
                                if (auto refused = RequireJsonBody(request)) return std::move(*refused);
                                auto reasons = ReadReasons(request);
                                if (!reasons) return ErrorResponse(reasons.error(), request);
                                auto alert = state->context.platform->DismissAlert(caller.actor, AlertId{*id}, *reasons);
                                if (!alert) return ErrorResponse(alert.error(), request);
                                return JsonResponse(200, AlertJson(*alert));
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/alerts/{id}/case", Scope::kCasesWrite,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) {
                                  return ErrorResponse(query.error(), request);
                                }
                                auto id = PathId(request, "id");
                                if (!id) return ErrorResponse(id.error(), request);
                                auto opened = state->context.platform->OpenCase(caller.actor, AlertId{*id},
                                                                                state->context.intake);
                                if (!opened) return ErrorResponse(opened.error(), request);
                                bj::object body;
                                body["case_number"] = opened->case_number;
                                body["grouped"] = opened->grouped;
                                body["alert"] = AlertJson(opened->alert);
                                Response response = JsonResponse(201, body);
                                response.headers["Location"] = "/api/v1/cases/" + opened->case_number;
                                return response;
                              }));
  return Ok();
}

}  // namespace docket::http::api
