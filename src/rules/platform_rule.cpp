#include "rules/platform_rule.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

namespace docket::rules {
namespace {

using domain::Appearance;
using domain::MatchState;
using domain::PlatformAlert;
using domain::SanctionedParticipant;

bool Resolved(const Appearance& appearance) {
  return appearance.member &&
         (appearance.match == MatchState::kByNumber || appearance.match == MatchState::kConfirmed);
}

// A member's first platform appearance at one event, in the order the source listed them.
struct Platform {
  MemberId member;
  domain::PlatformRole role;
};

}  // namespace

bool PlatformRule::CountsAsPlatform(const Appearance& appearance) const {
  return Resolved(appearance) && policy_.platform_roles.contains(std::string(domain::Name(appearance.role)));
}

const domain::Office* PlatformRule::ListedOffice(const MemberFacts& member, Date date) const {
  // The earliest-started listed office held that day, so the choice does not
  // depend on the order offices were recorded in.
  const domain::Office* best = nullptr;
  for (const domain::Office& office : member.offices) {
    if (!policy_.offices.contains(office.kind) || !office.HeldOn(date)) continue;
    if (best == nullptr || std::tie(office.start, office.title) < std::tie(best->start, best->title)) best = &office;
  }
  return best;
}

bool PlatformRule::Listed(const domain::Sanction& sanction, Date date) const {
  return policy_.sanctions.contains(sanction.kind) && policy_.categories.contains(sanction.category) &&
         sanction.InForceOn(date) && sanction.published_on && *sanction.published_on <= date;
}

std::vector<PlatformAlert> PlatformRule::Evaluate(const EventFacts& facts, const MemberDirectory& members) const {
  std::vector<PlatformAlert> alerts;
  if (!policy_.enabled) return alerts;
  const Date date = EventDate(facts.event);

  std::vector<Platform> platform;
  for (const Appearance& appearance : facts.appearances) {
    if (!CountsAsPlatform(appearance)) continue;
    bool seen = std::any_of(platform.begin(), platform.end(),
                            [&](const Platform& p) { return p.member == *appearance.member; });
    if (!seen) platform.push_back({*appearance.member, appearance.role});
  }
  if (platform.size() < 2) return alerts;

  // Each platform participant's listed sanctions that day, found once.
  std::vector<std::vector<SanctionedParticipant>> sanctioned(platform.size());
  bool any_sanctioned = false;
  for (std::size_t i = 0; i < platform.size(); ++i) {
    auto it = members.find(platform[i].member);
    if (it == members.end()) continue;
    for (const domain::Sanction& sanction : it->second.sanctions) {
      if (!Listed(sanction, date)) continue;
      sanctioned[i].push_back({platform[i].member, it->second.name, it->second.membership_number, platform[i].role,
                               sanction.id, sanction.kind, sanction.category, sanction.start, sanction.end,
                               *sanction.published_on});
      any_sanctioned = true;
    }
    std::sort(sanctioned[i].begin(), sanctioned[i].end(),
              [](const SanctionedParticipant& a, const SanctionedParticipant& b) { return a.sanction < b.sanction; });
  }
  if (!any_sanctioned) return alerts;

  for (std::size_t i = 0; i < platform.size(); ++i) {
    auto it = members.find(platform[i].member);
    if (it == members.end()) continue;
    const domain::Office* office = ListedOffice(it->second, date);
    if (office == nullptr) continue;
    PlatformAlert alert;
    for (std::size_t j = 0; j < platform.size(); ++j) {
      // Sharing a platform with oneself is no offence: the official's own
      // sanction is a matter for their own case.
      if (j == i) continue;
      alert.sanctioned.insert(alert.sanctioned.end(), sanctioned[j].begin(), sanctioned[j].end());
    }
    if (alert.sanctioned.empty()) continue;
    std::sort(alert.sanctioned.begin(), alert.sanctioned.end(),
              [](const SanctionedParticipant& a, const SanctionedParticipant& b) {
                return std::tie(a.member, a.sanction) < std::tie(b.member, b.sanction);
              });
    alert.official = platform[i].member;
    alert.official_name = it->second.name;
    alert.official_number = it->second.membership_number;
    alert.official_role = platform[i].role;
    alert.office = *office;
    alert.event = facts.event.id;
    alert.event_title = facts.event.title;
    alert.event_starts_at = facts.event.starts_at;
    alert.event_date = date;
    alert.event_place = facts.event.place;
    alert.event_source = facts.event.source;
    alert.event_links = facts.event.links;
    alerts.push_back(std::move(alert));
  }
  std::sort(alerts.begin(), alerts.end(),
            [](const PlatformAlert& a, const PlatformAlert& b) { return a.official < b.official; });
  return alerts;
}

std::vector<PlatformAlert> PlatformRule::Scan(const std::vector<EventFacts>& events,
                                              const MemberDirectory& members) const {
  std::vector<PlatformAlert> out;
  for (const EventFacts& event : events) {
    std::vector<PlatformAlert> alerts = Evaluate(event, members);
    std::move(alerts.begin(), alerts.end(), std::back_inserter(out));
  }
  return out;
}

std::string PlatformRule::WithdrawalReason(const PlatformAlert& alert, const EventFacts* event,
                                           const MemberDirectory& members) const {
  if (!policy_.enabled) return "the platform-sharing rule is switched off in the policy";
  if (event == nullptr) return fmt::format("event #{} was removed", alert.event.value);
  const Date date = EventDate(event->event);
  if (date != alert.event_date) {
    return fmt::format("the event's date changed from {} to {}", alert.event_date.ToString(), date.ToString());
  }
  auto platform_role = [&](MemberId member) {
    return std::any_of(event->appearances.begin(), event->appearances.end(), [&](const Appearance& a) {
      return a.member == member && CountsAsPlatform(a);
    });
  };
  auto official = members.find(alert.official);
  if (!platform_role(alert.official)) {
    return fmt::format("{} no longer appears at the event in a platform role", alert.official_name);
  }
  if (official == members.end() || ListedOffice(official->second, date) == nullptr) {
    return fmt::format("{} held no listed office on {} (the office record changed)", alert.official_name,
                       date.ToString());
  }
  std::vector<std::string> reasons;
  for (const SanctionedParticipant& s : alert.sanctioned) {
    if (!platform_role(s.member)) {
      reasons.push_back(fmt::format("{} no longer appears at the event in a platform role", s.name));
      continue;
    }
    auto member = members.find(s.member);
    const domain::Sanction* now = nullptr;
    if (member != members.end()) {
      for (const domain::Sanction& sanction : member->second.sanctions) {
        if (sanction.id == s.sanction) now = &sanction;
      }
    }
    if (now == nullptr) {
      reasons.push_back(fmt::format("{} #{} of {} was removed", s.kind, s.sanction.value, s.name));
    } else if (now->overturned_at) {
      reasons.push_back(fmt::format("{} #{} of {} was overturned on {}: {}", s.kind, s.sanction.value, s.name,
                                    now->overturned_at->ToString(),
                                    now->overturn_reason.empty() ? "no reason recorded" : now->overturn_reason));
    } else if (!now->InForceOn(date)) {
      reasons.push_back(fmt::format("{} #{} of {} is no longer in force on {} (now {} to {})", s.kind,
                                    s.sanction.value, s.name, date.ToString(), now->start.ToString(),
                                    now->end ? now->end->ToString() : "open-ended"));
    } else if (!now->published_on || *now->published_on > date) {
      reasons.push_back(fmt::format("{} #{} of {} was not public by {} (published {})", s.kind, s.sanction.value,
                                    s.name, date.ToString(),
                                    now->published_on ? now->published_on->ToString() : "never"));
    } else {
      reasons.push_back(fmt::format("{} #{} of {} is no longer of a listed kind or category", s.kind,
                                    s.sanction.value, s.name));
    }
  }
  if (reasons.empty()) return "the rule no longer holds for this official and event";
  std::string out;
  for (const std::string& reason : reasons) out += (out.empty() ? "" : "; ") + reason;
  return out;
}

AlertChanges Reconcile(const std::vector<PlatformAlert>& stored, std::vector<PlatformAlert> current,
                       const std::function<std::string(const PlatformAlert&)>& reason, Instant now) {
  AlertChanges changes;
  std::map<std::pair<EventId, MemberId>, const PlatformAlert*> by_pair;
  for (const PlatformAlert& alert : stored) by_pair[{alert.event, alert.official}] = &alert;
  std::map<std::pair<EventId, MemberId>, bool> holds;
  for (PlatformAlert& alert : current) {
    std::pair key{alert.event, alert.official};
    holds[key] = true;
    auto it = by_pair.find(key);
    if (it == by_pair.end()) {
      alert.status = domain::AlertStatus::kOpen;
      alert.raised_at = now;
      changes.raised.push_back(std::move(alert));
      continue;
    }
    const PlatformAlert& old = *it->second;
    alert.id = old.id;
    alert.case_number = old.case_number;
    switch (old.status) {
      case domain::AlertStatus::kDismissed:
        break;  // A person's decision stands.
      case domain::AlertStatus::kWithdrawn:
        // Holds again: back to a caseworker, or back onto the case opened from it.
        alert.status = old.case_number ? domain::AlertStatus::kCaseOpened : domain::AlertStatus::kOpen;
        alert.raised_at = now;
        changes.raised.push_back(std::move(alert));
        break;
      case domain::AlertStatus::kOpen:
      case domain::AlertStatus::kCaseOpened:
        if (!old.SameBasis(alert)) {
          alert.status = old.status;
          alert.raised_at = old.raised_at;
          changes.updated.push_back(std::move(alert));
        }
        break;
    }
  }
  for (const PlatformAlert& old : stored) {
    // A dismissed alert stays dismissed; an open one, or one a case was opened
    // from, is withdrawn with its reason (the case itself is left to a person).
    bool live = old.status == domain::AlertStatus::kOpen || old.status == domain::AlertStatus::kCaseOpened;
    if (!live || holds.contains({old.event, old.official})) continue;
    PlatformAlert withdrawn = old;
    withdrawn.status = domain::AlertStatus::kWithdrawn;
    withdrawn.closed_at = now;
    withdrawn.reason = reason(old);
    changes.withdrawn.push_back(std::move(withdrawn));
  }
  return changes;
}

void PlatformIndex::PutEvent(EventFacts event) {
  EventId id = event.event.id;
  if (events_.contains(id)) RemoveEvent(id);
  for (const Appearance& appearance : event.appearances) {
    if (!appearance.member) continue;
    std::vector<EventId>& list = events_of_[*appearance.member];
    if (list.empty() || list.back() != id) list.push_back(id);
  }
  order_.push_back(id);
  events_.emplace(id, std::move(event));
}

void PlatformIndex::RemoveEvent(EventId id) {
  auto it = events_.find(id);
  if (it == events_.end()) return;
  for (const Appearance& appearance : it->second.appearances) {
    if (!appearance.member) continue;
    std::vector<EventId>& list = events_of_[*appearance.member];
    list.erase(std::remove(list.begin(), list.end(), id), list.end());
  }
  order_.erase(std::remove(order_.begin(), order_.end(), id), order_.end());
  events_.erase(it);
}

std::vector<PlatformAlert> PlatformIndex::ScanAll() const {
  std::vector<PlatformAlert> out;
  for (EventId id : order_) {
    std::vector<PlatformAlert> alerts = rule_.Evaluate(events_.at(id), members_);
    std::move(alerts.begin(), alerts.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<PlatformAlert> PlatformIndex::CheckEvent(EventId id) const {
  const EventFacts* event = FindEvent(id);
  if (event == nullptr) return {};
  return rule_.Evaluate(*event, members_);
}

std::vector<PlatformAlert> PlatformIndex::CheckMember(MemberId id) const {
  std::vector<PlatformAlert> out;
  for (EventId event : EventsOf(id)) {
    std::vector<PlatformAlert> alerts = CheckEvent(event);
    std::move(alerts.begin(), alerts.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<EventId> PlatformIndex::EventsOf(MemberId id) const {
  auto it = events_of_.find(id);
  if (it == events_of_.end()) return {};
  std::vector<EventId> out = it->second;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const EventFacts* PlatformIndex::FindEvent(EventId id) const {
  auto it = events_.find(id);
  return it == events_.end() ? nullptr : &it->second;
}

}  // namespace docket::rules
