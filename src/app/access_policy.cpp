#include "app/access_policy.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace docket::app {
namespace {

Result<void> Deny(const domain::Actor& actor, const domain::Case& c, std::string_view why) {
  return Fail(ErrorCode::kPermissionDenied,
              fmt::format("'{}' ({}) may not access case {}: {}", actor.username, actor.role, c.number, why));
}

}  // namespace

Result<void> CheckCaseAccess(const domain::Actor& actor, const domain::Case& c, Access access) {
  const std::string& role = actor.role;
  if (role == "caseworker") return Ok();
  if (role == "oversight") {
    if (access == Access::kWrite) return Deny(actor, c, "oversight reads everything and changes nothing");
    return Ok();
  }
  if (role == "investigator") {
    if (c.assignee == actor.username) return Ok();
    return Deny(actor, c, "investigators see only the cases assigned to them");
  }
  if (role == "panel_member") {
    if (c.Seats(actor.username, domain::PanelKind::kPanel)) return Ok();
    return Deny(actor, c, "panel members see only the cases whose panel they sit on");
  }
  if (role == "appeal_panel") {
    if (c.Seats(actor.username, domain::PanelKind::kAppeal)) return Ok();
    return Deny(actor, c, "appeal panel members see only the appeals they sit on");
  }
  if (role == "respondent") {
    if (actor.member && c.IsRespondent(*actor.member)) return Ok();
    return Deny(actor, c, "a respondent sees only their own case");
  }
  if (role == "complainant") {
    if (actor.member && std::find(c.complainant_members.begin(), c.complainant_members.end(), *actor.member) !=
                            c.complainant_members.end()) {
      return Ok();
    }
    return Deny(actor, c, "a complainant sees only their own complaint");
  }
  if (role == "administrator") return Deny(actor, c, "administrators manage accounts and policy, not case content");
  if (role == "political_office") return Deny(actor, c, "political office holders have no access to case files");
  return Deny(actor, c, fmt::format("role '{}' has no case access", role));
}

Result<void> CheckQueueAccess(const domain::Actor& actor) {
  const std::string& role = actor.role;
  // A respondent's "queue" is only their own cases (CaseService::Queue narrows it).
  if (role == "caseworker" || role == "oversight" || role == "investigator" || role == "panel_member" ||
      role == "appeal_panel" || role == "respondent") {
    return Ok();
  }
  return Fail(ErrorCode::kPermissionDenied,
              fmt::format("'{}' ({}) may not list the case queue", actor.username, role));
}

bool IsParty(const domain::Actor& actor) { return actor.role == "respondent" || actor.role == "complainant"; }

}  // namespace docket::app
