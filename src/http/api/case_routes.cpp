// The queue, one case, its history and the actions on it.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "http/api/queue_cursor.hpp"
#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"
#include "http/api/views.hpp"

namespace docket::http::api {
namespace {

namespace bj = boost::json;

constexpr std::size_t kMaxCaseRef = 32;

Result<store::CaseQuery> ReadQueueQuery(const ApiContext& context, const Request& request) {
  DOCKET_TRY(CheckQuery(request, {"stage", "category", "assignee", "overdue", "closed", "limit", "cursor"}));
  store::CaseQuery query;
  DOCKET_TRY_ASSIGN(query.stage, QueryText(request, "stage", {.max_length = 64, .min_length = 1}));
  if (query.stage && context.policy.FindStage(*query.stage) == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'stage': the policy has no stage '{}'", *query.stage));
  }
  DOCKET_TRY_ASSIGN(query.category, QueryText(request, "category", {.max_length = 64, .min_length = 1}));
  if (query.category && context.policy.FindCategory(*query.category) == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field 'category': the policy has no category '{}'", *query.category));
  }
  DOCKET_TRY_ASSIGN(query.assignee, QueryText(request, "assignee", {.max_length = 64, .min_length = 1}));
  DOCKET_TRY_ASSIGN(std::optional<bool> overdue, QueryBoolean(request, "overdue"));
  if (overdue.value_or(false)) query.due_before = context.clock.Now();
  DOCKET_TRY_ASSIGN(std::optional<bool> closed, QueryBoolean(request, "closed"));
  query.open_only = !closed.value_or(false);
  DOCKET_TRY_ASSIGN(std::optional<std::int64_t> limit, QueryInteger(request, "limit", {.min = 1, .max = 200}));
  query.limit = static_cast<int>(limit.value_or(50));
  DOCKET_TRY_ASSIGN(std::optional<std::string> cursor, QueryText(request, "cursor", {.max_length = 100, .min_length = 1}));
  if (cursor) {
    DOCKET_TRY_ASSIGN(QueuePosition after, DecodeQueueCursor(*cursor));
    query.after = after;
  }
  return query;
}

Response Queue(ApiContext& context, const Request& request, const Caller& caller) {
  auto query = ReadQueueQuery(context, request);
  if (!query) return ErrorResponse(query.error(), request);
  const int limit = query->limit;
  auto rows = context.cases.Queue(caller.actor, *query);
  if (!rows) return ErrorResponse(rows.error(), request);
  bj::array items;
  for (const app::QueueRow& row : *rows) items.push_back(QueueRowJson(row, context.policy));
  bj::object body;
  body["items"] = std::move(items);
  // A full page may have more after it; a short one is the last.
  if (!rows->empty() && static_cast<int>(rows->size()) >= limit) {
    const store::CaseSummary& last = rows->back().summary;
    body["next_cursor"] = EncodeQueueCursor({last.due_at, last.id});
  } else {
    body["next_cursor"] = nullptr;
  }
  return JsonResponse(200, body);
}

Response WithETag(Response response, std::int64_t version) {
  response.headers["ETag"] = ETagOf(version);
  return response;
}

struct ActionInput {
  std::string action;
  domain::FieldMap fields;
};

Result<ActionInput> ReadAction(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  ActionInput input;
  DOCKET_TRY_ASSIGN(input.action, reader.String("action", {.max_length = 64, .min_length = 1}));
  DOCKET_TRY_ASSIGN(input.fields, reader.OptionalStringMap("fields", {.max_items = 32, .item = {.max_length = 20000}}));
  for (const auto& [name, value] : input.fields) {
    if (name.empty() || name.size() > 64) {
      return Fail(ErrorCode::kInvalidArgument, "field 'fields': field names are 1 to 64 characters");
    }
  }
  DOCKET_TRY(reader.Finish());
  return input;
}

Response Act(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  // Acting on a case changes it for everyone, so the client must say which
  // version it looked at; a change made meanwhile then fails with 412.
  auto version = IfMatchVersion(request);
  if (!version) return ErrorResponse(version.error(), request);
  if (!*version) {
    return HttpError(428, "send If-Match with the case's ETag (from GET /api/v1/cases/{number}), so that a change "
                          "made meanwhile by someone else is not overwritten");
  }
  if (auto refused = RequireJsonBody(request)) return std::move(*refused);
  auto input = ReadAction(request);
  if (!input) return ErrorResponse(input.error(), request);
  auto view = context.cases.Act(caller.actor, *number, input->action, input->fields, **version);
  if (!view) return ErrorResponse(view.error(), request);
  return WithETag(JsonResponse(200, CaseJson(*view, context.policy)), view->c.version);
}

}  // namespace

Result<void> RegisterCaseRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/cases", Scope::kCasesRead,
                              [state](const Request& request, const Caller& caller) {
                                return Queue(state->context, request, caller);
                              }));

  // The three reads of one case share Show(), which checks access and puts
  // the read on the audit log. They wait for that record without holding a
  // thread: the I/O thread queues the read on the store's writer (ShowAsync)
  // and renders the view when the writer says it is on the record.
  using Render = std::function<Response(const app::CaseView&)>;
  auto add_read = [&routes, state](std::string_view pattern, Render render) -> Result<void> {
    auto answer = [render = std::move(render)](const Request& request, Result<app::CaseView> view) -> Response {
      if (!view) return ErrorResponse(view.error(), request);
      return WithETag(render(*view), view->c.version);
    };
    AsyncCallerHandler async = [state, answer](const Request& request, const Caller& caller, Reply reply) {
      if (auto query = CheckQuery(request, {}); !query) return reply.Respond(ErrorResponse(query.error(), request));
      auto number = PathText(request, "number", kMaxCaseRef);
      if (!number) return reply.Respond(ErrorResponse(number.error(), request));
      state->context.cases.ShowAsync(caller.actor, *number,
                                     [reply, answer, &request](app::CaseService::ShownCase shown) {
                                       reply.Answer([answer, &request, shown] { return answer(request, shown()); });
                                     });
    };
    CallerHandler blocking = [state, answer](const Request& request, const Caller& caller) -> Response {
      if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
      auto number = PathText(request, "number", kMaxCaseRef);
      if (!number) return ErrorResponse(number.error(), request);
      return answer(request, state->context.cases.Show(caller.actor, *number));
    };
    return routes.ForCallerAsync(Method::kGet, pattern, Scope::kCasesRead, std::move(async), std::move(blocking));
  };
  DOCKET_TRY(add_read("/api/v1/cases/{number}", [state](const app::CaseView& view) {
    return JsonResponse(200, CaseJson(view, state->context.policy));
  }));
  DOCKET_TRY(add_read("/api/v1/cases/{number}/timeline", [](const app::CaseView& view) {
    bj::object body;
    body["number"] = view.c.number;
    body["events"] = CaseEventsJson(*view.events);
    return JsonResponse(200, body);
  }));
  DOCKET_TRY(add_read("/api/v1/cases/{number}/actions", [state](const app::CaseView& view) {
    return JsonResponse(200, ActionsJson(view, state->context.policy));
  }));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/cases/{number}/actions", Scope::kCasesWrite,
                              [state](const Request& request, const Caller& caller) {
                                return Act(state->context, request, caller);
                              }));
  return Ok();
}

}  // namespace docket::http::api
