#include "app/platform_service.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "app/audit_record.hpp"
#include "app/intake_service.hpp"
#include "rules/name_match.hpp"

namespace docket::app {
namespace {

using domain::PlatformAlert;

Result<void> RequireRead(const domain::Actor& actor) {
  if (MayReadPlatform(actor)) return Ok();
  return Fail(ErrorCode::kPermissionDenied,
              fmt::format("role '{}' may not read platform-sharing alerts or events", actor.role));
}

Result<void> RequireWrite(const domain::Actor& actor) {
  if (MayWritePlatform(actor)) return Ok();
  return Fail(ErrorCode::kPermissionDenied,
              fmt::format("role '{}' may not change platform-sharing alerts, events or matches", actor.role));
}

}  // namespace

bool MayReadPlatform(const domain::Actor& actor) {
  return actor.role == "caseworker" || actor.role == "investigator" || actor.role == "oversight" ||
         actor.role == "administrator";
}

bool MayWritePlatform(const domain::Actor& actor) {
  return actor.role == "caseworker" || actor.role == "investigator" || actor.role == "administrator";
}

CheckReport& CheckReport::operator+=(const CheckReport& other) {
  events_checked += other.events_checked;
  raised += other.raised;
  updated += other.updated;
  withdrawn += other.withdrawn;
  raised_ids.insert(raised_ids.end(), other.raised_ids.begin(), other.raised_ids.end());
  return *this;
}

PlatformService::PlatformService(store::Store& store, const domain::Policy& policy, const TimeZone& zone,
                                 const Clock& clock)
    : store_(store), policy_(policy), zone_(zone), clock_(clock), rule_(policy.platform_rule, zone) {}

Result<void> PlatformService::Write(store::Transaction& tx, const domain::Actor& actor, rules::AlertChanges& changes,
                                    CheckReport& report) {
  for (PlatformAlert& alert : changes.raised) {
    if (alert.id.IsSet()) {
      DOCKET_TRY(tx.Platform().UpdateAlert(alert));
    } else {
      DOCKET_TRY_ASSIGN(alert.id, tx.Platform().InsertAlert(alert));
    }
    report.raised_ids.push_back(alert.id);
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, alert.raised_at, "platform.alert.raised", "platform_alert",
                                         std::to_string(alert.id.value),
                                         fmt::format("official {} at event {}", alert.official_number, alert.event.value))));
  }
  for (const PlatformAlert& alert : changes.updated) DOCKET_TRY(tx.Platform().UpdateAlert(alert));
  for (const PlatformAlert& alert : changes.withdrawn) {
    DOCKET_TRY(tx.Platform().UpdateAlert(alert));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, *alert.closed_at, "platform.alert.withdrawn", "platform_alert",
                                         std::to_string(alert.id.value), alert.reason)));
  }
  report.raised += static_cast<std::int64_t>(changes.raised.size());
  report.updated += static_cast<std::int64_t>(changes.updated.size());
  report.withdrawn += static_cast<std::int64_t>(changes.withdrawn.size());
  return Ok();
}

Result<CheckReport> PlatformService::CheckIn(store::Transaction& tx, const domain::Actor& actor,
                                             std::vector<EventId> events, const std::vector<MemberId>& members) {
  for (MemberId member : members) {
    DOCKET_TRY_ASSIGN(std::vector<EventId> of_member, tx.Platform().EventsOfMember(member));
    events.insert(events.end(), of_member.begin(), of_member.end());
  }
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());

  DOCKET_TRY_ASSIGN(std::vector<PlatformAlert> stored, tx.Platform().AlertsOfEvents(events));
  std::set<EventId> alerted;
  for (const PlatformAlert& alert : stored) alerted.insert(alert.event);
  const domain::PlatformRulePolicy& policy = rule_.Policy();
  std::vector<rules::EventFacts> facts;
  std::vector<std::vector<MemberId>> platform;  // Parallel to facts.
  rules::MemberDirectory directory;
  for (EventId id : events) {
    rules::EventFacts event;
    DOCKET_TRY_ASSIGN(event.event, tx.Platform().FindEvent(id));
    DOCKET_TRY_ASSIGN(event.appearances, tx.Platform().AppearancesOf(id));
    // Only platform participants can make or suffer an alert, so only
    // their facts are read (attendees are most of a large event).
    std::vector<MemberId> members;
    for (const domain::Appearance& a : event.appearances) {
      if (a.member && policy.platform_roles.contains(std::string(domain::Name(a.role)))) members.push_back(*a.member);
    }
    for (MemberId member : members) {
      if (directory.contains(member)) continue;
      DOCKET_TRY_ASSIGN(directory[member].sanctions, tx.Sanctions().ForMember(member));
    }
    facts.push_back(std::move(event));
    platform.push_back(std::move(members));
  }
  // Names and offices matter only at events where someone on the platform
  // was then under a sanction the rule lists (or that have alerts to
  // reconcile); most events have nobody sanctioned, so most reads stop at
  // the sanctions. This test only skips reading; the rule decides.
  std::set<MemberId> needed;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const Date date = rule_.EventDate(facts[i].event);
    bool relevant = alerted.contains(facts[i].event.id);
    for (MemberId member : platform[i]) {
      for (const domain::Sanction& s : directory[member].sanctions) {
        relevant = relevant || (policy.sanctions.contains(s.kind) && policy.categories.contains(s.category) &&
                                s.InForceOn(date) && s.published_on && *s.published_on <= date);
      }
    }
    if (relevant) needed.insert(platform[i].begin(), platform[i].end());
  }
  for (MemberId member : needed) {
    rules::MemberFacts& known = directory[member];
    DOCKET_TRY_ASSIGN(store::MemberLabel label, tx.Platform().Label(member));
    known.name = std::move(label.name);
    known.membership_number = std::move(label.membership_number);
    DOCKET_TRY_ASSIGN(known.offices, tx.Platform().OfficesOf(member));
  }

  std::vector<PlatformAlert> current = rule_.Scan(facts, directory);
  std::unordered_map<EventId, const rules::EventFacts*> by_id;
  for (const rules::EventFacts& event : facts) by_id[event.event.id] = &event;
  rules::AlertChanges changes = rules::Reconcile(
      stored, std::move(current),
      [&](const PlatformAlert& alert) {
        auto it = by_id.find(alert.event);
        return rule_.WithdrawalReason(alert, it == by_id.end() ? nullptr : it->second, directory);
      },
      clock_.Now());
  CheckReport report;
  report.events_checked = static_cast<std::int64_t>(events.size());
  DOCKET_TRY(Write(tx, actor, changes, report));
  return report;
}

std::function<Result<void>(store::Transaction&, const domain::Actor&, const std::vector<MemberId>&)>
PlatformService::SanctionWatcher() {
  return [this](store::Transaction& tx, const domain::Actor& actor, const std::vector<MemberId>& members) -> Result<void> {
    DOCKET_TRY(CheckIn(tx, actor, {}, members));
    return Ok();
  };
}

Result<CheckReport> PlatformService::FullScan(const domain::Actor& actor, const Progress& progress) {
  DOCKET_TRY(RequireWrite(actor));
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kWrite));
  rules::MemberDirectory directory;
  DOCKET_TRY(tx->Platform().ScanOffices([&](const store::MemberLabel& label, domain::Office&& office) {
    rules::MemberFacts& facts = directory[label.id];
    if (facts.name.empty()) {
      facts.name = label.name;
      facts.membership_number = label.membership_number;
    }
    facts.offices.push_back(std::move(office));
  }));
  DOCKET_TRY(tx->Platform().ScanSanctions([&](const store::MemberLabel& label, domain::Sanction&& sanction) {
    rules::MemberFacts& facts = directory[label.id];
    if (facts.name.empty()) {
      facts.name = label.name;
      facts.membership_number = label.membership_number;
    }
    facts.sanctions.push_back(std::move(sanction));
  }));
  // Only an event where someone under a sanction the rule lists, made
  // public, appears can raise an alert, and every stored alert's event must
  // be reconciled: those are the events the rule evaluates. The others
  // cannot raise one, so they are counted, not read.
  const domain::PlatformRulePolicy& policy = rule_.Policy();
  std::vector<MemberId> sanctioned;
  for (const auto& [member, facts] : directory) {
    for (const domain::Sanction& s : facts.sanctions) {
      if (policy.sanctions.contains(s.kind) && policy.categories.contains(s.category) && s.published_on &&
          !s.overturned_at) {
        sanctioned.push_back(member);
        break;
      }
    }
  }
  std::sort(sanctioned.begin(), sanctioned.end());
  DOCKET_TRY_ASSIGN(std::vector<PlatformAlert> stored, tx->Platform().AllAlerts());
  std::vector<EventId> alerted;
  for (const PlatformAlert& alert : stored) alerted.push_back(alert.event);
  DOCKET_TRY_ASSIGN(std::int64_t all_events, tx->Platform().CountEvents());
  if (progress) progress("reading events", 0, 0);
  std::vector<rules::EventFacts> events;
  DOCKET_TRY(tx->Platform().ScanEventsWith(
      sanctioned, alerted, [&](domain::Event&& event, std::vector<domain::Appearance>&& appearances) {
        events.push_back({std::move(event), std::move(appearances)});
        if (progress && events.size() % 10000 == 0) {
          progress("reading events", static_cast<std::int64_t>(events.size()), 0);
        }
      }));
  if (progress) progress("checking", 0, static_cast<std::int64_t>(events.size()));
  std::vector<PlatformAlert> current = rule_.Scan(events, directory);
  std::unordered_map<EventId, const rules::EventFacts*> by_id;
  for (const rules::EventFacts& event : events) by_id[event.event.id] = &event;
  rules::AlertChanges changes = rules::Reconcile(
      stored, std::move(current),
      [&](const PlatformAlert& alert) {
        auto it = by_id.find(alert.event);
        return rule_.WithdrawalReason(alert, it == by_id.end() ? nullptr : it->second, directory);
      },
      clock_.Now());
  CheckReport report;
  report.events_checked = all_events;
  DOCKET_TRY(Write(*tx, actor, changes, report));
  DOCKET_TRY(tx->Audit().Append(AuditOf(actor, clock_.Now(), "platform.scan", "platform_rule", "all",
                                        fmt::format("{} events; {} raised, {} updated, {} withdrawn",
                                                    report.events_checked, report.raised, report.updated,
                                                    report.withdrawn))));
  DOCKET_TRY(tx->Commit());
  if (progress) progress("checking", report.events_checked, report.events_checked);
  return report;
}

Result<std::vector<PlatformAlert>> PlatformService::ListAlerts(const domain::Actor& actor,
                                                               const store::AlertQuery& query) {
  DOCKET_TRY(RequireRead(actor));
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  return tx->Platform().ListAlerts(query);
}

Result<PlatformAlert> PlatformService::ShowAlert(const domain::Actor& actor, AlertId id) {
  DOCKET_TRY(RequireRead(actor));
  PlatformAlert alert;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(alert, tx.Platform().FindAlert(id));
    DOCKET_TRY(tx.Audit().Append(
        AuditOf(actor, clock_.Now(), "platform.alert.read", "platform_alert", std::to_string(id.value))));
    return Ok();
  }));
  return alert;
}

Result<PlatformAlert> PlatformService::DismissAlert(const domain::Actor& actor, AlertId id, std::string_view reasons) {
  DOCKET_TRY(RequireWrite(actor));
  std::string text(reasons);
  if (text.size() < 20) {
    return Fail(ErrorCode::kInvalidArgument, "reasons: say why the alert is dismissed, in at least 20 characters");
  }
  PlatformAlert alert;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(alert, tx.Platform().FindAlert(id));
    if (alert.status != domain::AlertStatus::kOpen) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("alert {} is {}; only an open alert can be dismissed", id.value, domain::Name(alert.status)));
    }
    alert.status = domain::AlertStatus::kDismissed;
    alert.closed_at = clock_.Now();
    alert.reason = text;
    DOCKET_TRY(tx.Platform().UpdateAlert(alert));
    DOCKET_TRY(tx.Audit().Append(
        AuditOf(actor, clock_.Now(), "platform.alert.dismissed", "platform_alert", std::to_string(id.value), text)));
    return Ok();
  }));
  return alert;
}

Result<std::vector<domain::Event>> PlatformService::ListEvents(const domain::Actor& actor, int limit) {
  DOCKET_TRY(RequireRead(actor));
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  return tx->Platform().ListEvents(limit);
}

Result<std::vector<MatchCandidate>> PlatformService::Candidates(store::Transaction& tx,
                                                                const domain::Appearance& appearance, Date date) {
  std::vector<MatchCandidate> out;
  std::string key = rules::NormaliseName(appearance.name);
  if (key.empty()) return out;
  DOCKET_TRY_ASSIGN(std::vector<MemberId> ids, tx.Platform().MembersWithNameKey(key));
  for (MemberId id : ids) {
    DOCKET_TRY_ASSIGN(domain::Member member, tx.Members().Find(id));
    MatchCandidate candidate{id, member.FullName(), member.membership_number, {}};
    for (const domain::Office* office : member.OfficesOn(date)) candidate.offices.push_back(office->title);
    out.push_back(std::move(candidate));
  }
  return out;
}

Result<EventView> PlatformService::ShowEvent(const domain::Actor& actor, EventId id) {
  DOCKET_TRY(RequireRead(actor));
  EventView view;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY(IndexMemberNames(tx));
    DOCKET_TRY_ASSIGN(view.event, tx.Platform().FindEvent(id));
    view.date = rule_.EventDate(view.event);
    DOCKET_TRY_ASSIGN(std::vector<domain::Appearance> appearances, tx.Platform().AppearancesOf(id));
    for (domain::Appearance& a : appearances) {
      AppearanceView item;
      if (a.member) {
        DOCKET_TRY_ASSIGN(store::MemberLabel label, tx.Platform().Label(*a.member));
        item.member_name = label.name;
      } else if (a.match == domain::MatchState::kUnresolved) {
        DOCKET_TRY_ASSIGN(item.candidates, Candidates(tx, a, view.date));
      }
      item.appearance = std::move(a);
      view.appearances.push_back(std::move(item));
    }
    DOCKET_TRY_ASSIGN(view.alerts, tx.Platform().AlertsOfEvents({id}));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "event.read", "event", std::to_string(id.value))));
    return Ok();
  }));
  return view;
}

Result<std::vector<UnresolvedView>> PlatformService::UnresolvedNames(const domain::Actor& actor, int limit) {
  DOCKET_TRY(RequireRead(actor));
  std::vector<UnresolvedView> out;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    out.clear();
    DOCKET_TRY(IndexMemberNames(tx));
    DOCKET_TRY_ASSIGN(std::vector<domain::Appearance> names, tx.Platform().Unresolved(limit));
    for (domain::Appearance& a : names) {
      UnresolvedView view;
      DOCKET_TRY_ASSIGN(view.event, tx.Platform().FindEvent(a.event));
      DOCKET_TRY_ASSIGN(view.candidates, Candidates(tx, a, rule_.EventDate(view.event)));
      view.appearance = std::move(a);
      out.push_back(std::move(view));
    }
    return Ok();
  }));
  return out;
}

Result<CheckReport> PlatformService::ConfirmMatch(const domain::Actor& actor, AppearanceId id,
                                                  std::string_view membership_number) {
  DOCKET_TRY(RequireWrite(actor));
  CheckReport report;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    report = CheckReport{};
    DOCKET_TRY_ASSIGN(domain::Appearance appearance, tx.Platform().FindAppearance(id));
    if (appearance.match != domain::MatchState::kUnresolved) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("appearance {} is already {}; only an unresolved name can be matched", id.value,
                              domain::Name(appearance.match)));
    }
    DOCKET_TRY_ASSIGN(domain::Member member, tx.Members().FindByNumber(membership_number));
    DOCKET_TRY(tx.Platform().SetMatch(id, member.id, domain::MatchState::kConfirmed));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "event.match.confirmed", "appearance",
                                         std::to_string(id.value),
                                         fmt::format("'{}' is member {}", appearance.name, member.membership_number))));
    DOCKET_TRY_ASSIGN(report, CheckIn(tx, actor, {appearance.event}, {}));
    return Ok();
  }));
  return report;
}

Result<CheckReport> PlatformService::RejectMatch(const domain::Actor& actor, AppearanceId id, std::string_view reason) {
  DOCKET_TRY(RequireWrite(actor));
  if (reason.empty()) return Fail(ErrorCode::kInvalidArgument, "reason: say why no candidate is this person");
  CheckReport report;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    report = CheckReport{};
    DOCKET_TRY_ASSIGN(domain::Appearance appearance, tx.Platform().FindAppearance(id));
    if (appearance.match != domain::MatchState::kUnresolved) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("appearance {} is already {}; only an unresolved name can be rejected", id.value,
                              domain::Name(appearance.match)));
    }
    DOCKET_TRY(tx.Platform().SetMatch(id, std::nullopt, domain::MatchState::kRejected));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "event.match.rejected", "appearance",
                                         std::to_string(id.value),
                                         fmt::format("'{}': {}", appearance.name, reason))));
    DOCKET_TRY_ASSIGN(report, CheckIn(tx, actor, {appearance.event}, {}));
    return Ok();
  }));
  return report;
}

Result<CheckReport> PlatformService::OverturnSanction(const domain::Actor& actor, SanctionId id,
                                                      std::string_view reason) {
  DOCKET_TRY(RequireWrite(actor));
  if (reason.empty()) return Fail(ErrorCode::kInvalidArgument, "reason: say why the sanction was overturned");
  return ChangeThenCheck(actor, [&](store::Transaction& tx) -> Result<MemberId> {
    DOCKET_TRY_ASSIGN(domain::Sanction sanction, tx.Platform().OverturnSanction(id, clock_.Now(), reason));
    DOCKET_TRY(tx.Audit().Append(
        AuditOf(actor, clock_.Now(), "sanction.overturned", "sanction", std::to_string(id.value), std::string(reason))));
    return sanction.member;
  });
}

Result<CheckReport> PlatformService::ChangeThenCheck(
    const domain::Actor& actor, const std::function<Result<MemberId>(store::Transaction&)>& change) {
  CheckReport report;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(MemberId member, change(tx));
    DOCKET_TRY_ASSIGN(report, CheckIn(tx, actor, {}, {member}));
    return Ok();
  }));
  return report;
}

Result<CheckReport> PlatformService::AddOffice(const domain::Actor& actor, std::string_view membership_number,
                                               domain::Office office) {
  DOCKET_TRY(RequireWrite(actor));
  if (office.kind.empty()) return Fail(ErrorCode::kInvalidArgument, "kind: name the office's kind, e.g. mp or councillor");
  if (office.title.empty()) return Fail(ErrorCode::kInvalidArgument, "title: name the office, e.g. 'MP for Northfield'");
  if (office.end && *office.end < office.start) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("end: {} is before the start, {}", office.end->ToString(),
                                                         office.start.ToString()));
  }
  return ChangeThenCheck(actor, [&](store::Transaction& tx) -> Result<MemberId> {
    DOCKET_TRY_ASSIGN(domain::Member member, tx.Members().FindByNumber(membership_number));
    DOCKET_TRY(tx.Platform().AddOffice(member.id, office));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "member.office.add", "member", member.membership_number,
                                         fmt::format("{} '{}' from {} to {}", office.kind, office.title,
                                                     office.start.ToString(),
                                                     office.end ? office.end->ToString() : "now"))));
    return member.id;
  });
}

Result<CheckReport> PlatformService::EndOffice(const domain::Actor& actor, std::string_view membership_number,
                                               std::string_view title, Date last_day) {
  DOCKET_TRY(RequireWrite(actor));
  return ChangeThenCheck(actor, [&](store::Transaction& tx) -> Result<MemberId> {
    DOCKET_TRY_ASSIGN(domain::Member member, tx.Members().FindByNumber(membership_number));
    DOCKET_TRY_ASSIGN(domain::Office office, tx.Platform().EndOffice(member.id, title, last_day));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "member.office.end", "member", member.membership_number,
                                         fmt::format("'{}' held until {}", office.title, last_day.ToString()))));
    return member.id;
  });
}

Result<CheckReport> PlatformService::PublishSanction(const domain::Actor& actor, SanctionId id, Date published_on) {
  DOCKET_TRY(RequireWrite(actor));
  const Date today = zone_.LocalDate(clock_.Now());
  if (today < published_on) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("published_on: {} is after today ({}); record publication once it has happened",
                            published_on.ToString(), today.ToString()));
  }
  return ChangeThenCheck(actor, [&](store::Transaction& tx) -> Result<MemberId> {
    DOCKET_TRY_ASSIGN(domain::Sanction sanction, tx.Platform().PublishSanction(id, published_on));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "sanction.published", "sanction",
                                         std::to_string(id.value), "made public on " + published_on.ToString())));
    return sanction.member;
  });
}

Result<OpenedCase> PlatformService::OpenCase(const domain::Actor& actor, AlertId id, IntakeService& intake) {
  if (actor.role != "caseworker") {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("role '{}' may not open cases from alerts; caseworkers do", actor.role));
  }
  const std::string& category = rule_.Policy().case_category;
  if (policy_.FindCategory(category) == nullptr) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("the policy has no category '{}' for platform-sharing cases; set [platform_rule] "
                            "case_category",
                            category));
  }
  OpenedCase out;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(PlatformAlert alert, tx.Platform().FindAlert(id));
    if (alert.status != domain::AlertStatus::kOpen) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("alert {} is {}; a case is opened only from an open alert", id.value,
                              domain::Name(alert.status)));
    }
    const Instant now = clock_.Now();
    domain::Complaint complaint;
    complaint.received_at = now;
    complaint.category = category;
    complaint.description = fmt::format("Opened by {} from platform-sharing alert #{}.\n\n{}", actor.username,
                                        id.value, alert.Explanation());
    complaint.occurred_on = alert.event_date;
    complaint.place = alert.event_place;
    complaint.anonymity = domain::Anonymity::kNamed;
    complaint.complainant = domain::Complainant{
        fmt::format("Platform-sharing rule, alert #{} (opened by {})", id.value, actor.username), "", std::nullopt};
    domain::RespondentRef official;
    official.name = alert.official_name;
    if (!alert.official_number.empty()) official.membership_number = alert.official_number;
    official.member = alert.official;
    complaint.respondents.push_back(std::move(official));
    for (const std::string& link : alert.event_links) {
      if (complaint.links.size() < 20) complaint.links.push_back(link);
    }
    complaint.channel = domain::Channel::kRule;
    DOCKET_TRY_ASSIGN(Receipt receipt, intake.Record(tx, std::move(complaint), actor));
    alert.status = domain::AlertStatus::kCaseOpened;
    alert.case_number = receipt.case_number;
    DOCKET_TRY(tx.Platform().UpdateAlert(alert));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, now, "platform.alert.case_opened", "platform_alert",
                                         std::to_string(id.value), "case " + receipt.case_number)));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, now, "case.open_from_alert", "case", receipt.case_number,
                                         fmt::format("alert {}", id.value))));
    out.case_number = receipt.case_number;
    out.grouped = receipt.grouped;
    out.alert = std::move(alert);
    return Ok();
  }));
  return out;
}

Result<void> PlatformService::IndexMemberNames(store::Transaction& tx) {
  DOCKET_TRY_ASSIGN(MemberId last, tx.Platform().LastKeyedMember());
  while (true) {
    DOCKET_TRY_ASSIGN(std::vector<store::MemberNames> batch, tx.Platform().MemberNamesAfter(last, 5000));
    if (batch.empty()) return Ok();
    for (const store::MemberNames& names : batch) {
      std::set<std::string> keys;
      keys.insert(rules::NormaliseName(names.full_name));
      for (const std::string& alias : names.aliases) keys.insert(rules::NormaliseName(alias));
      keys.erase("");
      // A member with no usable name still gets a row, so the index knows
      // it has seen them and does not read them again.
      if (keys.empty()) keys.insert("");
      for (const std::string& key : keys) DOCKET_TRY(tx.Platform().AddNameKey(names.id, key));
    }
    last = batch.back().id;
  }
}

}  // namespace docket::app
