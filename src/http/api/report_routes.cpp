// Statistics and the public transparency report: the oversight dashboard,
// a period's full statistics for oversight, and the suppressed public report
// anyone may read (no names, free text or branches; counts 1-4 withheld).
#include <fmt/format.h>

#include "app/report_service.hpp"
#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"
#include "reporting/chart_library.hpp"
#include "reporting/render.hpp"

namespace docket::http::api {
namespace {

Result<reporting::Period> ReadPeriod(const Request& request) {
  DOCKET_TRY_ASSIGN(std::optional<std::string> text, QueryText(request, "period", {.max_length = 16, .min_length = 1}));
  if (!text) return Fail(ErrorCode::kInvalidArgument, "field 'period': give one, such as 2026Q3, 2026H1, 2026 or 2026-07");
  auto period = reporting::Period::Parse(*text);
  if (!period) return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'period': {}", period.error().message));
  return period;
}

Result<std::string> ReadFormat(const Request& request, std::initializer_list<std::string_view> allowed) {
  DOCKET_TRY_ASSIGN(std::optional<std::string> format, QueryText(request, "format", {.max_length = 8, .min_length = 1}));
  std::string chosen = format.value_or(std::string(*allowed.begin()));
  for (std::string_view one : allowed) {
    if (chosen == one) return chosen;
  }
  return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'format': '{}' is not offered here", chosen));
}

Response Rendered(std::string_view format, std::string body, std::string_view file_stem, bool public_data) {
  Response response;
  response.status = 200;
  response.body = std::move(body);
  if (format == "csv") {
    response.content_type = "text/csv; charset=utf-8";
    response.headers["Content-Disposition"] = fmt::format("attachment; filename=\"{}.csv\"", file_stem);
  } else if (format == "html") {
    response.content_type = "text/html; charset=utf-8";
    // A generated page of figures only (no names, no free text), whose charts
    // are drawn by the inline chart.js it carries; it loads and sends nothing.
    response.headers["Content-Security-Policy"] =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src 'none'; "
        "frame-ancestors 'none'";
  } else {
    response.content_type = "application/json";
  }
  // The public report may be cached briefly; oversight's figures never.
  response.headers["Cache-Control"] = public_data ? "public, max-age=300" : "no-store";
  return response;
}

}  // namespace

Result<void> RegisterReportRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  DOCKET_TRY(routes.Public(Method::kGet, "/api/v1/reports/transparency", [state](const Request& request) {
    if (auto query = CheckQuery(request, {"period", "format"}); !query) return ErrorResponse(query.error(), request);
    auto period = ReadPeriod(request);
    if (!period) return ErrorResponse(period.error(), request);
    auto format = ReadFormat(request, {"json", "csv", "html"});
    if (!format) return ErrorResponse(format.error(), request);
    auto report = state->context.reports->Transparency(*period);
    if (!report) return ErrorResponse(report.error(), request);
    std::string body = *format == "csv"    ? reporting::TransparencyCsv(*report)
                       : *format == "html" ? reporting::TransparencyHtml(*report, state->context.policy.name,
                                                                         reporting::ChartLibraryScript())
                                           : reporting::TransparencyJson(*report);
    return Rendered(*format, std::move(body), "transparency-" + period->label, true);
  }));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/statistics", Scope::kAuditRead,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) {
                                  return ErrorResponse(query.error(), request);
                                }
                                auto dashboard = state->context.reports->Dashboard(caller.actor);
                                if (!dashboard) return ErrorResponse(dashboard.error(), request);
                                return Rendered("json", reporting::StatisticsJson(*dashboard), "statistics", false);
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/statistics/period", Scope::kAuditRead,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {"period", "format"}); !query) {
                                  return ErrorResponse(query.error(), request);
                                }
                                auto period = ReadPeriod(request);
                                if (!period) return ErrorResponse(period.error(), request);
                                auto format = ReadFormat(request, {"json", "csv"});
                                if (!format) return ErrorResponse(format.error(), request);
                                auto stats = state->context.reports->Statistics(caller.actor, *period);
                                if (!stats) return ErrorResponse(stats.error(), request);
                                std::string body = *format == "csv" ? reporting::StatisticsCsv(*stats)
                                                                    : reporting::StatisticsJson(*stats);
                                return Rendered(*format, std::move(body), "statistics-" + period->label, false);
                              }));
  return Ok();
}

}  // namespace docket::http::api
