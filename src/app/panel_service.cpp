#include "app/panel_service.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "app/access_policy.hpp"
#include "app/audit_record.hpp"

namespace docket::app {

Result<std::vector<domain::Party>> PartiesOf(store::Transaction& tx, const domain::Case& c) {
  std::vector<domain::Party> parties;
  for (const domain::Respondent& r : c.respondents) {
    domain::Party party{"respondent", std::nullopt, r.name};
    if (r.member) {
      DOCKET_TRY_ASSIGN(party.member, tx.Members().Find(*r.member));
    }
    parties.push_back(std::move(party));
  }
  DOCKET_TRY_ASSIGN(auto complaints, tx.Complaints().ForCase(c.id));
  for (const domain::Complaint& complaint : complaints) {
    if (!complaint.complainant) continue;  // anonymous: nothing to match, and nothing to reveal
    domain::Party party{"complainant", std::nullopt, complaint.complainant->name};
    if (complaint.complainant->member) {
      DOCKET_TRY_ASSIGN(party.member, tx.Members().Find(*complaint.complainant->member));
    }
    parties.push_back(std::move(party));
  }
  return parties;
}

Result<void> CheckNoConflict(store::Transaction& tx, const domain::Case& c, std::string_view username) {
  DOCKET_TRY_ASSIGN(auto interests, tx.Users().Interests(username));
  if (interests.empty()) return Ok();
  DOCKET_TRY_ASSIGN(auto parties, PartiesOf(tx, c));
  if (auto conflict = domain::FindConflict(interests, parties)) {
    return Fail(ErrorCode::kFailedPrecondition, fmt::format("conflict of interest on case {}: {}", c.number, *conflict));
  }
  return Ok();
}

Result<void> PanelService::Seat(const domain::Actor& actor, std::string_view case_number, std::string_view username,
                                domain::PanelKind kind) {
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().FindByNumber(case_number));
    if (actor.role != "caseworker") {
      return Fail(ErrorCode::kPermissionDenied, "panels are seated by the complaints unit (caseworkers)");
    }
    DOCKET_TRY_ASSIGN(store::User user, tx.Users().FindByUsername(username));
    const std::string needed = kind == domain::PanelKind::kAppeal ? "appeal_panel" : "panel_member";
    if (user.role != needed) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("field 'username': '{}' is a {}, and this seat needs a {}", username, user.role, needed));
    }
    if (kind == domain::PanelKind::kAppeal &&
        (c.Seats(username, domain::PanelKind::kPanel) || (c.decision && c.decision->decided_by == username))) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("'{}' sat on the panel that decided case {} and may not hear its appeal", username,
                              c.number));
    }
    DOCKET_TRY_ASSIGN(auto recusals, tx.CaseFiles().Recusals(c.id));
    for (const store::Recusal& r : recusals) {
      if (r.username == username) {
        return Fail(ErrorCode::kFailedPrecondition,
                    fmt::format("'{}' stepped aside from case {} on {}: {}", username, c.number, r.at.ToString(), r.reason));
      }
    }
    DOCKET_TRY(CheckNoConflict(tx, c, username));
    DOCKET_TRY(tx.CaseFiles().Seat(c.id, domain::PanelSeat{std::string(username), kind}));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "panel.seat", "case", c.number,
                                         fmt::format("{} on the {}", username,
                                                     kind == domain::PanelKind::kAppeal ? "appeal panel" : "panel"))));
    return Ok();
  });
}

Result<void> PanelService::Recuse(const domain::Actor& actor, std::string_view case_number, std::string_view reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "field 'reason': say why you step aside");
  }
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().FindByNumber(case_number));
    bool involved = c.assignee == actor.username || c.Seats(actor.username, domain::PanelKind::kPanel) ||
                    c.Seats(actor.username, domain::PanelKind::kAppeal);
    if (!involved) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("'{}' neither holds nor sits on case {}", actor.username, c.number));
    }
    DOCKET_TRY(tx.CaseFiles().Unseat(c.id, actor.username));
    if (c.assignee == actor.username) {
      c.assignee.clear();
      DOCKET_TRY(tx.Cases().Update(c, workflow_.DueAtForOrdering(c)));
    }
    DOCKET_TRY(tx.CaseFiles().AddRecusal(store::Recusal{0, c.id, actor.username, std::string(reason), clock_.Now()}));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "panel.recuse", "case", c.number, std::string(reason))));
    return Ok();
  });
}

Result<std::int64_t> PanelService::DeclareInterest(const domain::Actor& actor, std::string_view username,
                                                   domain::InterestKind kind, std::string_view value) {
  if (actor.username != username && actor.role != "administrator") {
    return Fail(ErrorCode::kPermissionDenied, "you declare your own interests; administrators record others'");
  }
  if (value.find_first_not_of(" \t") == std::string_view::npos || value.size() > 200) {
    return Fail(ErrorCode::kInvalidArgument, "field 'value': 1 to 200 characters");
  }
  std::int64_t id = 0;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY(tx.Users().FindByUsername(username));
    DOCKET_TRY_ASSIGN(id, tx.Users().AddInterest(domain::Interest{0, std::string(username), kind, std::string(value)}));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "interest.declare", "user", std::string(username),
                                         fmt::format("{}: {}", domain::Name(kind), value))));
    return Ok();
  }));
  return id;
}

Result<std::vector<store::User>> PanelService::Eligible(const domain::Actor& actor, std::string_view case_number,
                                                        std::string_view role) {
  if (actor.role != "caseworker") {
    return Fail(ErrorCode::kPermissionDenied, "cases are assigned and panels seated by caseworkers");
  }
  if (role != "investigator" && role != "panel_member" && role != "appeal_panel") {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field 'role': '{}' does not take cases; one of investigator, panel_member, appeal_panel", role));
  }
  std::vector<store::User> eligible;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().FindByNumber(case_number));
    DOCKET_TRY_ASSIGN(auto recusals, tx.CaseFiles().Recusals(c.id));
    DOCKET_TRY_ASSIGN(auto users, tx.Users().List());
    for (store::User& user : users) {
      if (!user.active || user.role != role) continue;
      bool stepped_aside = false;
      for (const store::Recusal& r : recusals) stepped_aside = stepped_aside || r.username == user.username;
      if (stepped_aside) continue;
      if (role == "appeal_panel" && (c.Seats(user.username, domain::PanelKind::kPanel) ||
                                     (c.decision && c.decision->decided_by == user.username))) {
        continue;
      }
      if (auto clear = CheckNoConflict(tx, c, user.username); !clear) {
        if (clear.error().code != ErrorCode::kFailedPrecondition) return Fail(clear.error());
        continue;
      }
      eligible.push_back(std::move(user));
    }
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "case.eligible", "case", c.number,
                                         fmt::format("{}: {} eligible", role, eligible.size()))));
    return Ok();
  }));
  return eligible;
}

Result<void> PanelService::WithdrawInterest(const domain::Actor& actor, std::string_view username, std::int64_t id) {
  if (actor.username != username && actor.role != "administrator") {
    return Fail(ErrorCode::kPermissionDenied, "you withdraw your own interests; administrators record others'");
  }
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(std::vector<domain::Interest> held, tx.Users().Interests(username));
    auto it = std::find_if(held.begin(), held.end(), [&](const domain::Interest& i) { return i.id == id; });
    if (it == held.end()) {
      return Fail(ErrorCode::kNotFound, fmt::format("'{}' has declared no interest with id {}", username, id));
    }
    DOCKET_TRY(tx.Users().RemoveInterest(username, id));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "interest.withdraw", "user", std::string(username),
                                         fmt::format("{}: {}", domain::Name(it->kind), it->value))));
    return Ok();
  });
}

Result<std::vector<domain::Interest>> PanelService::Interests(const domain::Actor& actor, std::string_view username) {
  if (actor.username != username && actor.role != "administrator" && actor.role != "oversight" &&
      actor.role != "caseworker") {
    return Fail(ErrorCode::kPermissionDenied, "declared interests are seen by their holder, caseworkers, oversight and administrators");
  }
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  return tx->Users().Interests(username);
}

}  // namespace docket::app
