// Membership records and the audit log. No app service covers these reads
// yet, so the access rule, the read and its audit record are here, each read
// in one transaction and its audit record in the next, as the services do.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "app/audit_record.hpp"
#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"
#include "http/api/views.hpp"
#include "store/audit_chain.hpp"

namespace docket::http::api {
namespace {

namespace bj = boost::json;

bool ReadsMembers(const domain::Actor& actor) {
  return actor.role == "caseworker" || actor.role == "investigator" || actor.role == "oversight";
}

bool ReadsAudit(const domain::Actor& actor) { return actor.role == "oversight"; }

Result<void> Audit(ApiContext& context, const domain::Actor& actor, std::string action, std::string object_type,
                   std::string object_id, std::string detail = {}) {
  return context.store.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY(tx.Audit().Append(app::AuditOf(actor, context.clock.Now(), std::move(action), std::move(object_type),
                                              std::move(object_id), std::move(detail))));
    return Ok();
  });
}

// A refused attempt is on the record, like the services' refusals, and the caller gets 403.
Response Refuse(ApiContext& context, const Request& request, const domain::Actor& actor, std::string object_type,
                std::string object_id, std::string why) {
  Error error{ErrorCode::kPermissionDenied, fmt::format("'{}' ({}) {}", actor.username, actor.role, why)};
  if (auto recorded = Audit(context, actor, "access.refused", std::move(object_type), std::move(object_id),
                            error.message);
      !recorded) {
    return ErrorResponse(recorded.error(), request);
  }
  return ErrorResponse(error, request);
}

Response Member(ApiContext& context, const Request& request, const Caller& caller) {
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto number = PathText(request, "number", 32);
  if (!number) return ErrorResponse(number.error(), request);
  if (!ReadsMembers(caller.actor)) {
    return Refuse(context, request, caller.actor, "member", *number,
                  "may not read membership records; caseworkers, investigators and oversight may");
  }
  domain::Member member;
  std::vector<domain::Sanction> sanctions;
  {
    auto tx = context.store.Begin(store::TransactionMode::kRead);
    if (!tx) return ErrorResponse(tx.error(), request);
    auto found = (*tx)->Members().FindByNumber(*number);
    if (!found) return ErrorResponse(found.error(), request);
    member = std::move(*found);
    auto held = (*tx)->Sanctions().ForMember(member.id);
    if (!held) return ErrorResponse(held.error(), request);
    sanctions = std::move(*held);
  }
  // The record is released only once the read is on the audit log.
  if (auto recorded = Audit(context, caller.actor, "member.read", "member", member.membership_number); !recorded) {
    return ErrorResponse(recorded.error(), request);
  }
  const Date today = context.workflow.GetSchedule().zone.LocalDate(context.clock.Now());
  return JsonResponse(200, MemberJson(member, sanctions, context.policy, today));
}

Response Records(const std::vector<domain::AuditRecord>& records) {
  bj::array items;
  for (const domain::AuditRecord& record : records) items.push_back(AuditRecordJson(record));
  bj::object body;
  body["items"] = std::move(items);
  return JsonResponse(200, body);
}

Response CaseAudit(ApiContext& context, const Request& request, const Caller& caller) {
  auto number = PathText(request, "number", 32);
  if (!number) return ErrorResponse(number.error(), request);
  if (!ReadsAudit(caller.actor)) {
    return Refuse(context, request, caller.actor, "case", *number, "may not read the audit log; oversight may");
  }
  if (auto query = CheckQuery(request, {"limit"}); !query) return ErrorResponse(query.error(), request);
  auto limit = QueryInteger(request, "limit", {.min = 1, .max = 1000});
  if (!limit) return ErrorResponse(limit.error(), request);
  std::vector<domain::AuditRecord> records;
  {
    auto tx = context.store.Begin(store::TransactionMode::kRead);
    if (!tx) return ErrorResponse(tx.error(), request);
    auto found = (*tx)->Audit().ForObject("case", *number, static_cast<int>(limit->value_or(200)));
    if (!found) return ErrorResponse(found.error(), request);
    records = std::move(*found);
  }
  if (auto recorded = Audit(context, caller.actor, "audit.read", "case", *number); !recorded) {
    return ErrorResponse(recorded.error(), request);
  }
  return Records(records);
}

Response ActorAudit(ApiContext& context, const Request& request, const Caller& caller) {
  if (!ReadsAudit(caller.actor)) {
    return Refuse(context, request, caller.actor, "audit", "", "may not read the audit log; oversight may");
  }
  if (auto query = CheckQuery(request, {"actor", "limit"}); !query) return ErrorResponse(query.error(), request);
  auto actor = QueryText(request, "actor", {.max_length = 64, .min_length = 1});
  if (!actor) return ErrorResponse(actor.error(), request);
  if (!*actor) {
    return ErrorResponse(Error{ErrorCode::kInvalidArgument, "field 'actor': give the user name whose actions to list"},
                         request);
  }
  auto limit = QueryInteger(request, "limit", {.min = 1, .max = 1000});
  if (!limit) return ErrorResponse(limit.error(), request);
  std::vector<domain::AuditRecord> records;
  {
    auto tx = context.store.Begin(store::TransactionMode::kRead);
    if (!tx) return ErrorResponse(tx.error(), request);
    auto found = (*tx)->Audit().ForActor(**actor, static_cast<int>(limit->value_or(200)));
    if (!found) return ErrorResponse(found.error(), request);
    records = std::move(*found);
  }
  if (auto recorded = Audit(context, caller.actor, "audit.read", "user", **actor); !recorded) {
    return ErrorResponse(recorded.error(), request);
  }
  return Records(records);
}

Response Verify(ApiContext& context, const Request& request, const Caller& caller) {
  if (!ReadsAudit(caller.actor)) {
    return Refuse(context, request, caller.actor, "audit", "", "may not verify the audit log; oversight may");
  }
  if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
  auto check = store::VerifyChain(context.store);
  if (!check) return ErrorResponse(check.error(), request);
  if (auto recorded = Audit(context, caller.actor, "audit.verify", "audit", "",
                            check->first_bad_seq ? fmt::format("broken at {}", *check->first_bad_seq) : "unbroken");
      !recorded) {
    return ErrorResponse(recorded.error(), request);
  }
  return JsonResponse(200, ChainCheckJson(*check));
}

}  // namespace

Result<void> RegisterOversightRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  auto with_context = [state](Response (*handler)(ApiContext&, const Request&, const Caller&)) {
    return [state, handler](const Request& request, const Caller& caller) {
      return handler(state->context, request, caller);
    };
  };
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/members/{number}", Scope::kMembersRead, with_context(Member)));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/cases/{number}/audit", Scope::kAuditRead,
                              with_context(CaseAudit)));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/audit", Scope::kAuditRead, with_context(ActorAudit)));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/audit/verify", Scope::kAuditRead, with_context(Verify)));
  return Ok();
}

}  // namespace docket::http::api
