// The platform-sharing rule.
//
// An alert is raised for an elected official and an event when, on the
// event's date in the organisation's time zone:
//   - the official held an office the policy lists, and appeared at the event
//     in a platform role the policy lists (speaker, chair, organiser, host);
//   - another platform participant of the same event was then under a
//     sanction of a listed kind for a listed category, not overturned, in
//     force that day, and already made public by that day (an official cannot
//     be blamed for a suspension nobody could know of).
// Only participants matched to members count: an unresolved name never
// raises an alert until a person confirms the match. Alerts are one per
// (official, event) and list every sanctioned co-participant.
//
// The rule is pure: it reads facts (events, appearances, offices,
// sanctions) and returns alerts. A full scan evaluates every event; an
// incremental check evaluates only the events that a change can affect (an
// event or appearance changed: that event; an office or sanction changed:
// every event of that member), and Reconcile() compares the result with the
// stored alerts of those events. Both paths share Evaluate(), so they cannot
// disagree.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/time.hpp"
#include "core/time_zone.hpp"
#include "domain/member.hpp"
#include "domain/platform.hpp"
#include "domain/platform_rule_policy.hpp"
#include "domain/sanction.hpp"

namespace docket::rules {

/// What the rule needs to know about one member.
struct MemberFacts {
  std::string name;
  std::string membership_number;
  std::vector<domain::Office> offices;
  std::vector<domain::Sanction> sanctions;
};

/// The members the rule may look up, by id. Members missing from it hold no office and no sanction.
using MemberDirectory = std::unordered_map<MemberId, MemberFacts>;

/// An event with everyone listed at it.
struct EventFacts {
  domain::Event event;
  std::vector<domain::Appearance> appearances;
};

/// The rule with its policy and the time zone in which event dates are judged.
class PlatformRule {
 public:
  PlatformRule(domain::PlatformRulePolicy policy, TimeZone zone) : policy_(std::move(policy)), zone_(std::move(zone)) {}

  /// The alerts for one event, one per official, ordered by official id;
  /// ids unset, status open, raised_at left for the caller.
  std::vector<domain::PlatformAlert> Evaluate(const EventFacts& event, const MemberDirectory& members) const;

  /// Every alert over every event, ordered by event then official.
  std::vector<domain::PlatformAlert> Scan(const std::vector<EventFacts>& events, const MemberDirectory& members) const;

  /// Why an alert raised earlier no longer holds, judged on the current
  /// facts; `event` is nullptr when the event is gone.
  std::string WithdrawalReason(const domain::PlatformAlert& alert, const EventFacts* event,
                               const MemberDirectory& members) const;

  /// The date the rule judges an event on.
  Date EventDate(const domain::Event& event) const { return zone_.LocalDate(event.starts_at); }

  const domain::PlatformRulePolicy& Policy() const { return policy_; }

 private:
  bool CountsAsPlatform(const domain::Appearance& appearance) const;
  const domain::Office* ListedOffice(const MemberFacts& member, Date date) const;
  bool Listed(const domain::Sanction& sanction, Date date) const;

  domain::PlatformRulePolicy policy_;
  TimeZone zone_;
};

/// What to write after re-evaluating some events.
struct AlertChanges {
  std::vector<domain::PlatformAlert> raised;     //!< New pairs (id unset), or withdrawn ones that hold again (id set).
  std::vector<domain::PlatformAlert> updated;    //!< Same pair, still holding, on changed facts (id set).
  std::vector<domain::PlatformAlert> withdrawn;  //!< No longer holding: status withdrawn, reason and time set.
  bool Empty() const { return raised.empty() && updated.empty() && withdrawn.empty(); }
};

/// Compares the stored alerts of the re-evaluated events with the rule's
/// current alerts for the same events. A dismissed alert stays dismissed (a
/// person decided it); a withdrawn one that holds again is reopened.
/// `reason` explains a withdrawal (PlatformRule::WithdrawalReason).
AlertChanges Reconcile(const std::vector<domain::PlatformAlert>& stored, std::vector<domain::PlatformAlert> current,
                       const std::function<std::string(const domain::PlatformAlert&)>& reason, Instant now);

/// The rule over facts held in memory, with the reverse index an
/// incremental check needs (member -> events). Used by the benchmark and by
/// tests that replay a history of changes; the app reads the same facts
/// from the store instead.
class PlatformIndex {
 public:
  explicit PlatformIndex(const PlatformRule& rule) : rule_(rule) {}

  /// Adds or replaces an event and its appearances.
  void PutEvent(EventFacts event);
  void RemoveEvent(EventId id);
  /// The member's facts, to change offices or sanctions; create on first use.
  MemberFacts& Member(MemberId id) { return members_[id]; }
  const MemberDirectory& Members() const { return members_; }

  /// Every alert (a full scan).
  std::vector<domain::PlatformAlert> ScanAll() const;
  /// The current alerts of the events a change to this event can affect (the event itself).
  std::vector<domain::PlatformAlert> CheckEvent(EventId id) const;
  /// The current alerts of every event this member appears at (after an office or sanction change).
  std::vector<domain::PlatformAlert> CheckMember(MemberId id) const;
  /// The events a member appears at, in id order.
  std::vector<EventId> EventsOf(MemberId id) const;
  const EventFacts* FindEvent(EventId id) const;

 private:
  const PlatformRule& rule_;
  std::unordered_map<EventId, EventFacts> events_;
  std::vector<EventId> order_;  // Event ids in insertion order, for a stable scan.
  std::unordered_map<MemberId, std::vector<EventId>> events_of_;
  MemberDirectory members_;
};

}  // namespace docket::rules
