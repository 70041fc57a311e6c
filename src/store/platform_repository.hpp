// Storage for the platform-sharing rule: events and their appearances, the
// name keys that find candidate members for an unresolved name, and the
// rule's alerts with the facts each one rests on. Reached through
// Transaction::Platform(); no backend type appears here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/member.hpp"
#include "domain/platform.hpp"
#include "domain/sanction.hpp"

namespace docket::store {

/// A member's name and aliases, for building name keys.
struct MemberNames {
  MemberId id;
  std::string full_name;
  std::vector<std::string> aliases;
};

/// Who a member is, for explanations.
struct MemberLabel {
  MemberId id;
  std::string name;
  std::string membership_number;
};

/// Filters for the alert list, newest first.
struct AlertQuery {
  std::optional<domain::AlertStatus> status;
  std::optional<MemberId> official;
  int limit = 100;
  std::optional<AlertId> before;  //!< Resume below this id, from the last row of the previous page.
};

class PlatformRepository {
 public:
  virtual ~PlatformRepository() = default;

  /// Stores a new event, or updates the one with the same external_id
  /// (keeping its id); returns the id and whether it already existed.
  virtual Result<std::pair<EventId, bool>> PutEvent(const domain::Event& event) = 0;
  /// kNotFound naming the id.
  virtual Result<domain::Event> FindEvent(EventId id) = 0;
  /// kNotFound naming the external id.
  virtual Result<domain::Event> FindEventByExternalId(std::string_view external_id) = 0;
  /// Events ordered by start time, newest first, at most `limit`.
  virtual Result<std::vector<domain::Event>> ListEvents(int limit) = 0;
  virtual Result<std::int64_t> CountEvents() = 0;
  /// Replaces every appearance of an event with these, in this order (ids are assigned).
  virtual Result<void> ReplaceAppearances(EventId event, const std::vector<domain::Appearance>& appearances) = 0;
  virtual Result<std::vector<domain::Appearance>> AppearancesOf(EventId event) = 0;
  /// kNotFound naming the id.
  virtual Result<domain::Appearance> FindAppearance(AppearanceId id) = 0;
  /// Records a person's decision on an unresolved name: kConfirmed with the member, or kRejected without.
  virtual Result<void> SetMatch(AppearanceId id, std::optional<MemberId> member, domain::MatchState state) = 0;
  /// Appearances still waiting for a person's decision, oldest first.
  virtual Result<std::vector<domain::Appearance>> Unresolved(int limit) = 0;
  /// The events a member appears at (matched by number or confirmed), in id order.
  virtual Result<std::vector<EventId>> EventsOfMember(MemberId member) = 0;

  /// Members with id > after, with their aliases, in id order, at most `limit`.
  virtual Result<std::vector<MemberNames>> MemberNamesAfter(MemberId after, int limit) = 0;
  /// The highest member id whose names are keyed (0 when none).
  virtual Result<MemberId> LastKeyedMember() = 0;
  virtual Result<void> AddNameKey(MemberId member, std::string_view key) = 0;
  /// Members one of whose names has this key, in id order.
  virtual Result<std::vector<MemberId>> MembersWithNameKey(std::string_view key) = 0;
  virtual Result<MemberLabel> Label(MemberId member) = 0;
  /// Records an office a member holds (or held).
  virtual Result<void> AddOffice(MemberId member, const domain::Office& office) = 0;
  /// Sets the last day of the member's office with this title that is still
  /// held; kNotFound naming the title when there is none.
  virtual Result<domain::Office> EndOffice(MemberId member, std::string_view title, Date last_day) = 0;
  /// A member's offices, oldest first (one query; lighter than MemberRepository::Find).
  virtual Result<std::vector<domain::Office>> OfficesOf(MemberId member) = 0;

  /// The events at which any of `members` appears (matched or confirmed),
  /// and the events `also`, each with every appearance, in id order: what a
  /// full scan must evaluate, given the members under a sanction the rule
  /// lists and the events of stored alerts. The appearances carry only what
  /// the rule reads: id, event, member, role, match.
  virtual Result<void> ScanEventsWith(
      const std::vector<MemberId>& members, const std::vector<EventId>& also,
      const std::function<void(domain::Event&&, std::vector<domain::Appearance>&&)>& each) = 0;
  /// Every office, with its holder (a full scan).
  virtual Result<void> ScanOffices(const std::function<void(const MemberLabel&, domain::Office&&)>& each) = 0;
  /// Every sanction, with the sanctioned member (a full scan).
  virtual Result<void> ScanSanctions(const std::function<void(const MemberLabel&, domain::Sanction&&)>& each) = 0;
  /// Sets a sanction's overturn (for imported sanctions later overturned); kNotFound naming the id.
  virtual Result<domain::Sanction> OverturnSanction(SanctionId id, Instant at, std::string_view reason) = 0;
  /// Records the day a sanction was made public; returns it (with its member); kNotFound naming the id.
  virtual Result<domain::Sanction> PublishSanction(SanctionId id, Date published_on) = 0;

  /// Stores a new alert with its sanctioned participants; returns its id.
  virtual Result<AlertId> InsertAlert(const domain::PlatformAlert& alert) = 0;
  /// Rewrites an alert (status, reason, basis) by id; kNotFound naming the id.
  virtual Result<void> UpdateAlert(const domain::PlatformAlert& alert) = 0;
  /// kNotFound naming the id.
  virtual Result<domain::PlatformAlert> FindAlert(AlertId id) = 0;
  /// Every alert (any status) of these events.
  virtual Result<std::vector<domain::PlatformAlert>> AlertsOfEvents(const std::vector<EventId>& events) = 0;
  virtual Result<std::vector<domain::PlatformAlert>> ListAlerts(const AlertQuery& query) = 0;
  /// Every alert, for a full scan's reconciliation.
  virtual Result<std::vector<domain::PlatformAlert>> AllAlerts() = 0;
};

}  // namespace docket::store
