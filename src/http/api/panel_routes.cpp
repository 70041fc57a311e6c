// Panels and conflicts of interest: seating panel members, stepping aside,
// the people who may take a case, and declared interests.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"
#include "http/api/views.hpp"

namespace docket::http::api {
namespace {

namespace bj = boost::json;

constexpr std::size_t kMaxCaseRef = 32;
constexpr std::size_t kMaxUsername = 64;

struct SeatRequest {
  std::string username;
  domain::PanelKind kind = domain::PanelKind::kPanel;
};

Result<SeatRequest> ReadSeat(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  SeatRequest seat;
  DOCKET_TRY_ASSIGN(seat.username, reader.String("username", {.max_length = kMaxUsername, .min_length = 1}));
  DOCKET_TRY_ASSIGN(std::optional<std::string> kind, reader.OptionalString("kind", {.max_length = 16, .min_length = 1}));
  DOCKET_TRY(reader.Finish());
  if (kind && *kind == "appeal") {
    seat.kind = domain::PanelKind::kAppeal;
  } else if (kind && *kind != "panel") {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'kind': '{}' is not a seat; one of panel, appeal", *kind));
  }
  return seat;
}

Response Seat(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  if (auto refused = RequireJsonBody(request)) return std::move(*refused);
  auto seat = ReadSeat(request);
  if (!seat) return ErrorResponse(seat.error(), request);
  if (auto seated = context.panels->Seat(caller.actor, *number, seat->username, seat->kind); !seated) {
    return ErrorResponse(seated.error(), request);
  }
  auto view = context.cases.Show(caller.actor, *number);
  if (!view) return ErrorResponse(view.error(), request);
  Response response = JsonResponse(201, CaseJson(*view, context.policy));
  response.headers["ETag"] = fmt::format("\"{}\"", view->c.version);
  return response;
}

Result<std::string> ReadReason(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  DOCKET_TRY_ASSIGN(std::string reason, reader.String("reason", {.max_length = 2000, .min_length = 1}));
  DOCKET_TRY(reader.Finish());
  return reason;
}

Response Recuse(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  if (auto refused = RequireJsonBody(request)) return std::move(*refused);
  auto reason = ReadReason(request);
  if (!reason) return ErrorResponse(reason.error(), request);
  if (auto done = context.panels->Recuse(caller.actor, *number, *reason); !done) {
    return ErrorResponse(done.error(), request);
  }
  return Response::Empty(204);
}

Response Eligible(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {"role"}); !query) return ErrorResponse(query.error(), request);
  auto number = PathText(request, "number", kMaxCaseRef);
  if (!number) return ErrorResponse(number.error(), request);
  auto role = QueryText(request, "role", {.max_length = 32, .min_length = 1});
  if (!role) return ErrorResponse(role.error(), request);
  auto users = context.panels->Eligible(caller.actor, *number, role->value_or(""));
  if (!users) return ErrorResponse(users.error(), request);
  bj::array items;
  for (const store::User& user : *users) {
    bj::object o;
    o["username"] = user.username;
    o["display_name"] = user.display_name;
    o["role"] = user.role;
    items.push_back(std::move(o));
  }
  bj::object body;
  body["items"] = std::move(items);
  return JsonResponse(200, body);
}

bj::value InterestJson(const domain::Interest& interest) {
  bj::object o;
  o["id"] = interest.id;
  o["kind"] = std::string(domain::Name(interest.kind));
  o["value"] = interest.value;
  return o;
}

Response Interests(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto username = PathText(request, "username", kMaxUsername);
  if (!username) return ErrorResponse(username.error(), request);
  auto interests = context.panels->Interests(caller.actor, *username);
  if (!interests) return ErrorResponse(interests.error(), request);
  bj::array items;
  for (const domain::Interest& interest : *interests) items.push_back(InterestJson(interest));
  bj::object body;
  body["items"] = std::move(items);
  return JsonResponse(200, body);
}

Result<domain::Interest> ReadInterest(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  DOCKET_TRY_ASSIGN(std::string kind, reader.String("kind", {.max_length = 16, .min_length = 1}));
  domain::Interest interest;
  DOCKET_TRY_ASSIGN(interest.value, reader.String("value", {.max_length = 200, .min_length = 1}));
  DOCKET_TRY(reader.Finish());
  auto parsed = domain::ParseInterestKind(kind);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field 'kind': '{}' is not an interest; one of branch, faction, person", kind));
  }
  interest.kind = *parsed;
  return interest;
}

Response DeclareInterest(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto username = PathText(request, "username", kMaxUsername);
  if (!username) return ErrorResponse(username.error(), request);
  if (auto refused = RequireJsonBody(request)) return std::move(*refused);
  auto interest = ReadInterest(request);
  if (!interest) return ErrorResponse(interest.error(), request);
  auto id = context.panels->DeclareInterest(caller.actor, *username, interest->kind, interest->value);
  if (!id) return ErrorResponse(id.error(), request);
  interest->id = *id;
  interest->username = *username;
  return JsonResponse(201, InterestJson(*interest));
}

Response WithdrawInterest(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto username = PathText(request, "username", kMaxUsername);
  if (!username) return ErrorResponse(username.error(), request);
  auto id = PathId(request, "id");
  if (!id) return ErrorResponse(id.error(), request);
  if (auto withdrawn = context.panels->WithdrawInterest(caller.actor, *username, *id); !withdrawn) {
    return ErrorResponse(withdrawn.error(), request);
  }
  Response response;
  response.status = 204;
  return response;
}

}  // namespace

Result<void> RegisterPanelRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  auto with_context = [state](Response (*handler)(ApiContext&, const Request&, const Caller&)) {
    return [state, handler](const Request& request, const Caller& caller) {
      return handler(state->context, request, caller);
    };
  };
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/cases/{number}/panel", Scope::kCasesWrite, with_context(Seat)));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/cases/{number}/recusal", Scope::kCasesWrite,
                              with_context(Recuse)));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/cases/{number}/eligible", Scope::kCasesRead,
                              with_context(Eligible)));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/users/{username}/interests", Scope::kNone,
                              with_context(Interests)));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/users/{username}/interests", Scope::kNone,
                              with_context(DeclareInterest)));
  DOCKET_TRY(routes.ForCaller(Method::kDelete, "/api/v1/users/{username}/interests/{id}", Scope::kNone,
                              with_context(WithdrawInterest)));
  return Ok();
}

}  // namespace docket::http::api
