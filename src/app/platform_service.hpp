// The platform-sharing rule as use cases: the incremental check that every
// change of an event, appearance, office or sanction runs in its own
// transaction, the full scan, the alert list and detail, and a person's
// decision on an unresolved name (recorded in the audit log). The rule
// itself is pure (src/rules/platform_rule.hpp); this file loads its facts
// from the store and writes its alerts back.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/progress.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/time_zone.hpp"
#include "domain/actor.hpp"
#include "domain/platform.hpp"
#include "domain/policy.hpp"
#include "rules/platform_rule.hpp"
#include "store/store.hpp"

namespace docket::app {

/// What a check changed.
struct CheckReport {
  std::int64_t events_checked = 0;
  std::int64_t raised = 0;     //!< New alerts, and withdrawn ones that hold again.
  std::int64_t updated = 0;    //!< Open alerts whose facts changed.
  std::int64_t withdrawn = 0;  //!< Alerts that no longer hold, each with its reason.
  std::vector<AlertId> raised_ids;
  CheckReport& operator+=(const CheckReport& other);
};

/// A member who may be the person an unresolved name means.
struct MatchCandidate {
  MemberId member;
  std::string name;
  std::string membership_number;
  std::vector<std::string> offices;  //!< Titles of offices held on the event's date.
};

/// A case opened from an alert.
struct OpenedCase {
  std::string case_number;
  bool grouped = false;  //!< Joined an open case about the same official on the same day.
  domain::PlatformAlert alert;
};

class IntakeService;

/// An appearance, with the candidates for its name when it is unresolved.
struct AppearanceView {
  domain::Appearance appearance;
  std::string member_name;  //!< For matched appearances.
  std::vector<MatchCandidate> candidates;
};

/// An event with everyone listed at it and its alerts.
struct EventView {
  domain::Event event;
  Date date;  //!< In the organisation's time zone.
  std::vector<AppearanceView> appearances;
  std::vector<domain::PlatformAlert> alerts;
};

/// An unresolved name waiting for a decision.
struct UnresolvedView {
  domain::Appearance appearance;
  domain::Event event;
  std::vector<MatchCandidate> candidates;
};

class PlatformService {
 public:
  /// `policy`, `zone` and `clock` must outlive the service.
  PlatformService(store::Store& store, const domain::Policy& policy, const TimeZone& zone, const Clock& clock);

  /// Re-evaluates the given events and every event of the given members
  /// inside `tx` (the caller's write transaction, so a change and its alerts
  /// commit together), writes the alert changes and audits each one.
  Result<CheckReport> CheckIn(store::Transaction& tx, const domain::Actor& actor, std::vector<EventId> events,
                              const std::vector<MemberId>& members);

  /// What CaseService::WatchSanctions takes: the incremental check for the
  /// members whose sanctions a case action changed, in that action's
  /// transaction. The service must outlive the watcher.
  std::function<Result<void>(store::Transaction&, const domain::Actor&, const std::vector<MemberId>&)>
  SanctionWatcher();

  /// Evaluates every event and reconciles every stored alert, in one write
  /// transaction. kPermissionDenied unless the actor may run checks.
  Result<CheckReport> FullScan(const domain::Actor& actor, const Progress& progress = {});

  /// Alerts, newest first. kPermissionDenied for roles that may not read them.
  Result<std::vector<domain::PlatformAlert>> ListAlerts(const domain::Actor& actor, const store::AlertQuery& query);
  /// One alert; the read is audited. kNotFound naming the id.
  Result<domain::PlatformAlert> ShowAlert(const domain::Actor& actor, AlertId id);
  /// Dismisses an open alert with reasons (audited). kFailedPrecondition unless open;
  /// kInvalidArgument for reasons shorter than 20 characters.
  Result<domain::PlatformAlert> DismissAlert(const domain::Actor& actor, AlertId id, std::string_view reasons);
  /// Opens a platform-sharing case from an open alert, in one transaction:
  /// a complaint raised by the rule (category from the policy's
  /// case_category, the official as respondent, the event's date and place,
  /// its source links as evidence links, the full explanation as the
  /// description), recorded through `intake`; the alert becomes kCaseOpened
  /// with the case number. Audited. Caseworkers only (kPermissionDenied);
  /// kFailedPrecondition unless the alert is open.
  Result<OpenedCase> OpenCase(const domain::Actor& actor, AlertId id, IntakeService& intake);

  /// Events, newest first.
  Result<std::vector<domain::Event>> ListEvents(const domain::Actor& actor, int limit);
  /// One event with its appearances (and candidates for unresolved names) and alerts.
  Result<EventView> ShowEvent(const domain::Actor& actor, EventId id);
  /// Unresolved names, oldest first, each with its candidates.
  Result<std::vector<UnresolvedView>> UnresolvedNames(const domain::Actor& actor, int limit);
  /// Confirms that an unresolved name is the member with this number, then
  /// runs the incremental check; audited. kFailedPrecondition when the
  /// appearance is not unresolved.
  Result<CheckReport> ConfirmMatch(const domain::Actor& actor, AppearanceId id, std::string_view membership_number);
  /// Records that no known member is meant by this name (it never counts); audited.
  Result<CheckReport> RejectMatch(const domain::Actor& actor, AppearanceId id, std::string_view reason);
  /// Marks a sanction overturned (e.g. an imported one overturned on appeal
  /// outside docket) and withdraws the alerts resting on it; audited.
  Result<CheckReport> OverturnSanction(const domain::Actor& actor, SanctionId id, std::string_view reason);
  /// Records an office a member holds, or held (with `office.end`), then
  /// runs the incremental check for the member's events; audited.
  /// kNotFound for an unknown membership number; kInvalidArgument for an
  /// empty kind or title or an end before the start.
  Result<CheckReport> AddOffice(const domain::Actor& actor, std::string_view membership_number, domain::Office office);
  /// Records the last day of a member's office that is still held, then runs
  /// the incremental check; audited. kNotFound when no such office is held.
  Result<CheckReport> EndOffice(const domain::Actor& actor, std::string_view membership_number, std::string_view title,
                                Date last_day);
  /// Records the day a sanction was made public (an interim suspension
  /// reported later, an imported sanction without a date), then runs the
  /// incremental check; audited. kInvalidArgument for a date after today.
  Result<CheckReport> PublishSanction(const domain::Actor& actor, SanctionId id, Date published_on);

  /// Keys the names of members added since the last call (first and family
  /// name, and every alias) so that candidates can be found by name.
  Result<void> IndexMemberNames(store::Transaction& tx);

  const rules::PlatformRule& Rule() const { return rule_; }
  /// The service clock's instant, for imports that audit what they did.
  Instant Now() const { return clock_.Now(); }

 private:
  Result<std::vector<MatchCandidate>> Candidates(store::Transaction& tx, const domain::Appearance& appearance,
                                                 Date date);
  Result<void> Write(store::Transaction& tx, const domain::Actor& actor, rules::AlertChanges& changes,
                     CheckReport& report);
  /// One write transaction: `change` records a change (and audits it) and
  /// names the member it concerns; the incremental check for that member follows.
  Result<CheckReport> ChangeThenCheck(const domain::Actor& actor,
                                      const std::function<Result<MemberId>(store::Transaction&)>& change);

  store::Store& store_;
  const domain::Policy& policy_;
  const TimeZone& zone_;
  const Clock& clock_;
  rules::PlatformRule rule_;
};

/// Roles that may read alerts and events: caseworkers, investigators,
/// oversight and administrators (never political office holders).
bool MayReadPlatform(const domain::Actor& actor);
/// Roles that may decide matches, dismiss alerts and import: caseworkers, investigators and administrators.
bool MayWritePlatform(const domain::Actor& actor);

}  // namespace docket::app
