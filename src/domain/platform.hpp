// Events, the people who appeared at them, and the alerts of the
// platform-sharing rule (src/rules/platform_rule.hpp).
//
// An event is a meeting, rally or broadcast with a start time, a place and
// the links that document it. Each appearance names a participant and the
// role they had. A participant is either a member (matched by membership
// number, or confirmed by a person) or a name nobody has matched yet: an
// unresolved name never counts for the rule, because the rule must not
// blame an official on a guess.
//
// An alert is raised for one (official, event) pair and explains itself
// fully: the event and its source, the office the official held that day,
// and each sanctioned co-participant with the sanction's dates, category and
// publication date. Alerts are kept even when withdrawn, with the reason.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/member.hpp"

namespace docket {

using EventId = Id<struct EventTag>;
using AppearanceId = Id<struct AppearanceTag>;
using AlertId = Id<struct AlertTag>;

}  // namespace docket

namespace docket::domain {

/// The part a participant played at an event.
enum class PlatformRole { kSpeaker, kChair, kOrganiser, kHost, kAttendee };

std::string_view Name(PlatformRole role);
/// Parses "speaker", "chair", "organiser" (or "organizer"), "host", "attendee"; nullopt otherwise.
std::optional<PlatformRole> ParsePlatformRole(std::string_view text);

/// A meeting, rally, broadcast or other occasion with a platform.
struct Event {
  EventId id;
  std::string external_id;  //!< The source's own id (iCalendar UID, CSV event_id); unique, so a re-import updates.
  std::string title;
  Instant starts_at;
  std::string place;
  std::vector<std::string> links;  //!< Where the event is documented.
  std::string source;              //!< Where docket learned of it: "events.csv:12", "diary.ics:UID".
};

/// How an appearance's participant was identified.
enum class MatchState {
  kByNumber,    //!< The source gave a membership number that exists.
  kUnresolved,  //!< Only a name; candidates await a person's decision.
  kConfirmed,   //!< A person confirmed a candidate member.
  kRejected,    //!< A person rejected every candidate: not a member docket knows.
};

std::string_view Name(MatchState state);
std::optional<MatchState> ParseMatchState(std::string_view text);

/// A participant of an event in a role.
struct Appearance {
  AppearanceId id;
  EventId event;
  std::string name;                    //!< As the source wrote it.
  std::string membership_number;       //!< As the source gave it; may be empty.
  std::optional<MemberId> member;      //!< Set only for kByNumber and kConfirmed.
  PlatformRole role = PlatformRole::kSpeaker;
  MatchState match = MatchState::kUnresolved;
};

/// Whether an alert still stands.
enum class AlertStatus {
  kOpen,       //!< The rule holds; a caseworker should look at it.
  kWithdrawn,  //!< The rule no longer holds (e.g. the sanction was overturned); the reason is recorded.
  kDismissed,  //!< A caseworker dismissed it with reasons.
  kCaseOpened, //!< A caseworker opened a platform-sharing case from it (case_number).
};

std::string_view Name(AlertStatus status);
std::optional<AlertStatus> ParseAlertStatus(std::string_view text);

/// One sanctioned co-participant that an alert rests on.
struct SanctionedParticipant {
  MemberId member;
  std::string name;
  std::string membership_number;
  PlatformRole role = PlatformRole::kSpeaker;
  SanctionId sanction;
  std::string kind;
  std::string category;
  Date start;
  std::optional<Date> end;
  Date published_on;

  friend bool operator==(const SanctionedParticipant&, const SanctionedParticipant&) = default;
};

/// An alert of the platform-sharing rule for one (official, event) pair.
struct PlatformAlert {
  AlertId id;
  MemberId official;
  std::string official_name;
  std::string official_number;
  PlatformRole official_role = PlatformRole::kSpeaker;
  Office office;  //!< The listed office the official held on the event's date.
  EventId event;
  std::string event_title;
  Instant event_starts_at;
  Date event_date;  //!< The event's date in the organisation's time zone: the date the rule judges.
  std::string event_place;
  std::string event_source;
  std::vector<std::string> event_links;
  std::vector<SanctionedParticipant> sanctioned;  //!< Ordered by member id, then sanction id.
  AlertStatus status = AlertStatus::kOpen;
  Instant raised_at;
  std::optional<Instant> closed_at;  //!< When withdrawn or dismissed.
  std::string reason;                //!< Why it was withdrawn or dismissed.
  /// The platform-sharing case opened from it. Kept when the alert is later
  /// withdrawn: the case stays for a person to decide.
  std::optional<std::string> case_number;

  /// True when both alerts rest on the same facts (status and ids aside).
  bool SameBasis(const PlatformAlert& other) const;
  /// The full explanation, one fact per line, as shown to a caseworker.
  std::string Explanation() const;
};

}  // namespace docket::domain
