#include "domain/workflow.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace docket::domain {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// Counts code points, not bytes, so a minimum length means the same in every script.
std::size_t CodePoints(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::optional<long long> ParseInteger(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  long long value = 0;
  std::size_t i = 0;
  bool negative = text[0] == '-';
  if (negative) i = 1;
  if (i == text.size()) return std::nullopt;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return negative ? -value : value;
}

}  // namespace

bool Case::IsRespondent(MemberId member) const {
  return std::any_of(respondents.begin(), respondents.end(),
                     [&](const Respondent& r) { return r.member && *r.member == member; });
}

bool Case::Seats(std::string_view username, PanelKind kind) const {
  return std::any_of(panel.begin(), panel.end(),
                     [&](const PanelSeat& seat) { return seat.kind == kind && seat.username == username; });
}

std::string_view Name(DeadlineStatus status) {
  switch (status) {
    case DeadlineStatus::kOnTrack: return "on_track";
    case DeadlineStatus::kDueSoon: return "due_soon";
    case DeadlineStatus::kBreached: return "breached";
    case DeadlineStatus::kPaused: return "paused";
  }
  return "on_track";
}

Case Workflow::Open(std::string category, std::vector<Respondent> respondents, Instant at) const {
  Case c;
  c.category = std::move(category);
  c.stage = policy_.start_stage;
  c.opened_at = at;
  c.stage_entered_at = at;
  c.respondents = std::move(respondents);
  if (const Stage* stage = policy_.FindStage(c.stage); stage && stage->deadline_working_days) {
    c.clock = DeadlineClock::Start(at, *stage->deadline_working_days);
  }
  return c;
}

Result<void> Workflow::CheckGuards(const Case& c, const Action& action, const Actor& actor, Instant now) const {
  const Date today = schedule_.zone.LocalDate(now);
  auto refuse = [&](std::string why) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("'{}' cannot be taken in stage '{}' now: {}", action.id, c.stage, why));
  };
  if (action.wait && c.waiting) {
    return refuse(fmt::format("the case is already waiting ('{}')", *c.waiting));
  }
  if (action.resume && !c.waiting) return refuse("the case is not waiting on anyone");
  auto decision_date = [&] { return schedule_.zone.LocalDate(c.decision->decided_at); };
  auto window_days_used = [&] { return schedule_.calendar.WorkingDaysBetween(decision_date(), today); };
  if (action.after_appeal_window) {
    if (!c.decision) return refuse("there is no decision yet");
    if (window_days_used() <= policy_.appeal.window_working_days) {
      Date ends = schedule_.calendar.AddWorkingDays(decision_date(), policy_.appeal.window_working_days);
      return refuse(fmt::format("the appeal window is open until the end of {}", ends.ToString()));
    }
  }
  switch (action.effect) {
    case ActionEffect::kNone:
    case ActionEffect::kAssign:
      break;
    case ActionEffect::kDecision:
      break;
    case ActionEffect::kInterimSuspension:
      if (c.interim) return refuse("an interim suspension is already in force");
      if (std::none_of(c.respondents.begin(), c.respondents.end(), [](const Respondent& r) { return r.member; })) {
        return refuse("no respondent is a known member");
      }
      if (!policy_.interim_suspension.decided_by.contains(actor.role)) {
        return Fail(ErrorCode::kPermissionDenied,
                    fmt::format("interim suspension is decided by {}, not by '{}'",
                                fmt::join(policy_.interim_suspension.decided_by, ", "), actor.role));
      }
      break;
    case ActionEffect::kReviewInterimSuspension: {
      if (!c.interim) return refuse("no interim suspension is in force");
      Date imposed = schedule_.zone.LocalDate(c.interim->imposed_at);
      Date limit = schedule_.calendar.AddWorkingDays(imposed, policy_.interim_suspension.max_working_days);
      if (today >= limit) {
        return refuse(fmt::format("the interim suspension reached its limit of {} working days on {}; lift it or "
                                  "decide the case",
                                  policy_.interim_suspension.max_working_days, limit.ToString()));
      }
      break;
    }
    case ActionEffect::kLiftInterimSuspension:
      if (!c.interim) return refuse("no interim suspension is in force");
      break;
    case ActionEffect::kLodgeAppeal:
      if (!c.decision) return refuse("there is no decision to appeal");
      if (c.appeal) return refuse("an appeal has already been lodged");
      if (window_days_used() > policy_.appeal.window_working_days) {
        Date ends = schedule_.calendar.AddWorkingDays(decision_date(), policy_.appeal.window_working_days);
        return refuse(fmt::format("the appeal window of {} working days closed at the end of {}",
                                  policy_.appeal.window_working_days, ends.ToString()));
      }
      break;
    case ActionEffect::kAppealUpheld:
    case ActionEffect::kAppealDismissed:
      if (!c.appeal || c.appeal->upheld) return refuse("there is no appeal awaiting a decision");
      if (policy_.appeal.different_people && c.decision && c.decision->decided_by == actor.username) {
        return Fail(ErrorCode::kPermissionDenied,
                    fmt::format("'{}' decided this case and may not hear its appeal", actor.username));
      }
      break;
  }
  return Ok();
}

Result<void> Workflow::CheckFields(const Action& action, const FieldMap& fields) const {
  auto takes = [&] {
    std::vector<std::string> all = action.requires_fields;
    all.insert(all.end(), action.optional_fields.begin(), action.optional_fields.end());
    return all.empty() ? std::string("no fields") : fmt::format("{}", fmt::join(all, ", "));
  };
  for (const auto& [name, value] : fields) {
    bool known = std::find(action.requires_fields.begin(), action.requires_fields.end(), name) !=
                     action.requires_fields.end() ||
                 std::find(action.optional_fields.begin(), action.optional_fields.end(), name) !=
                     action.optional_fields.end();
    if (!known) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("field '{}': action '{}' does not take it; it takes: {}", name, action.id, takes()));
    }
  }
  for (const std::string& name : action.requires_fields) {
    auto it = fields.find(name);
    if (it == fields.end() || Trim(it->second).empty()) {
      const FieldSpec* spec = policy_.FindField(name);
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("field '{}': action '{}' requires it ({})", name, action.id,
                              spec ? spec->label : name));
    }
  }
  for (const auto& [name, value] : fields) {
    const FieldSpec* spec = policy_.FindField(name);
    if (spec == nullptr) continue;  // The policy checker guarantees every listed field is defined.
    std::string_view trimmed = Trim(value);
    switch (spec->type) {
      case FieldType::kText:
        if (CodePoints(trimmed) < static_cast<std::size_t>(spec->min_length)) {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("field '{}': must be at least {} characters; it has {}", name, spec->min_length,
                                  CodePoints(trimmed)));
        }
        break;
      case FieldType::kDate:
        if (auto date = Date::Parse(trimmed); !date) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': {}", name, date.error().message));
        }
        break;
      case FieldType::kInteger: {
        auto number = ParseInteger(trimmed);
        if (!number) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': '{}' is not a whole number", name, value));
        }
        if ((spec->min && *number < *spec->min) || (spec->max && *number > *spec->max)) {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("field '{}': {} is outside {}..{}", name, *number, spec->min.value_or(*number),
                                  spec->max.value_or(*number)));
        }
        break;
      }
      case FieldType::kSanction:
        if (policy_.FindSanction(trimmed) == nullptr) {
          std::vector<std::string> ids;
          for (const SanctionKind& s : policy_.sanctions) ids.push_back(s.id);
          return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': unknown sanction '{}'; the catalogue has: {}",
                                                               name, value, fmt::join(ids, ", ")));
        }
        break;
      case FieldType::kChoice:
        if (std::find(spec->options.begin(), spec->options.end(), trimmed) == spec->options.end()) {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("field '{}': '{}' is not one of: {}", name, value, fmt::join(spec->options, ", ")));
        }
        break;
      case FieldType::kUser:
        if (trimmed.empty()) {
          return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': a user name is required", name));
        }
        break;
    }
  }
  // A term belongs to sanctions that have one, and such sanctions need it.
  if (auto outcome = fields.find("outcome"); outcome != fields.end()) {
    const SanctionKind* sanction = policy_.FindSanction(Trim(outcome->second));
    bool has_term = fields.contains("term_months");
    if (sanction && sanction->has_term && !has_term) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("field 'term_months': outcome '{}' requires a term", sanction->id));
    }
    if (sanction && !sanction->has_term && has_term) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("field 'term_months': outcome '{}' has no term", sanction->id));
    }
    if (sanction && has_term && sanction->max_term_months &&
        ParseInteger(Trim(fields.at("term_months"))).value_or(0) > *sanction->max_term_months) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("field 'term_months': '{}' is limited to {} months", sanction->id,
                              *sanction->max_term_months));
    }
  }
  return Ok();
}

std::vector<const Action*> Workflow::AllowedActions(const Case& c, const Actor& actor, Instant now) const {
  std::vector<const Action*> out;
  for (const Action* action : policy_.ActionsFrom(c.stage)) {
    if (!action->roles.contains(actor.role)) continue;
    if (!CheckGuards(c, *action, actor, now)) continue;
    out.push_back(action);
  }
  return out;
}

std::string Workflow::AllowedList(const Case& c, const Actor& actor, Instant now) const {
  std::vector<std::string> ids;
  for (const Action* action : AllowedActions(c, actor, now)) ids.push_back(action->id);
  if (ids.empty()) return fmt::format("none for role '{}'", actor.role);
  return fmt::format("{}", fmt::join(ids, ", "));
}

Result<ActionOutcome> Workflow::Apply(const Case& c, const Actor& actor, std::string_view action_id,
                                      const FieldMap& fields, Instant now) const {
  const Action* action = policy_.FindAction(c.stage, action_id);
  if (action == nullptr) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("'{}' is not allowed in stage '{}'; allowed: {}", action_id, c.stage,
                            AllowedList(c, actor, now)));
  }
  if (!action->roles.contains(actor.role)) {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("'{}' in stage '{}' is taken by {}, not by '{}'", action->id, c.stage,
                            fmt::join(action->roles, ", "), actor.role));
  }
  DOCKET_TRY(CheckGuards(c, *action, actor, now));
  DOCKET_TRY(CheckFields(*action, fields));

  const Date today = schedule_.zone.LocalDate(now);
  auto field = [&](const std::string& name) { return std::string(Trim(fields.at(name))); };

  ActionOutcome out;
  Case& next = out.next;
  next = c;

  if (action->wait) {
    next.waiting = *action->wait;
    const WaitingState* waiting = policy_.FindWaiting(*action->wait);
    if (waiting && waiting->pauses_clock && next.clock) next.clock = next.clock->Paused(now);
  }
  if (action->resume) {
    next.waiting.reset();
    if (next.clock) next.clock = next.clock->Resumed(now, schedule_);
  }

  auto end_interim = [&] {
    if (next.interim) {
      next.interim.reset();
      out.interim_ended_on = today;
    }
  };

  switch (action->effect) {
    case ActionEffect::kNone:
      break;
    case ActionEffect::kAssign:
      next.assignee = field("assignee");
      break;
    case ActionEffect::kDecision: {
      Decision decision;
      decision.outcome = field("outcome");
      decision.reasons = field("reasons");
      if (fields.contains("term_months")) decision.term_months = static_cast<int>(*ParseInteger(field("term_months")));
      decision.decided_at = now;
      decision.decided_by = actor.username;
      next.decision = decision;
      end_interim();
      const SanctionKind* kind = policy_.FindSanction(decision.outcome);
      if (kind != nullptr && kind->severity > 0) {
        for (const Respondent& respondent : c.respondents) {
          if (!respondent.member) continue;
          Sanction sanction;
          sanction.member = *respondent.member;
          sanction.case_id = c.id;
          sanction.kind = kind->id;
          sanction.category = c.category;
          sanction.start = today;
          if (kind->has_term && decision.term_months) {
            sanction.end = today.AddMonths(*decision.term_months).AddDays(-1);
          } else if (!kind->removes_membership) {
            // Reminders and warnings are given on a day, not served over a term.
            sanction.end = today;
          }
          if (kind->readmission_bar_years) sanction.readmission_from = today.AddMonths(12 * *kind->readmission_bar_years);
          if (policy_.platform_rule.published_on_decision.contains(kind->id)) sanction.published_on = today;
          out.imposed.push_back(sanction);
        }
      }
      break;
    }
    case ActionEffect::kInterimSuspension: {
      InterimSuspension interim;
      interim.imposed_at = now;
      interim.review_due = schedule_.calendar.AddWorkingDays(today, policy_.interim_suspension.review_every_working_days);
      interim.reasons = field("reasons");
      interim.imposed_by = actor.username;
      next.interim = interim;
      for (const Respondent& respondent : c.respondents) {
        if (!respondent.member) continue;
        Sanction sanction;
        sanction.member = *respondent.member;
        sanction.case_id = c.id;
        sanction.kind = std::string(kInterimSuspensionKind);
        sanction.category = c.category;
        sanction.start = today;
        out.imposed.push_back(sanction);
      }
      break;
    }
    case ActionEffect::kReviewInterimSuspension:
      next.interim->review_due =
          schedule_.calendar.AddWorkingDays(today, policy_.interim_suspension.review_every_working_days);
      break;
    case ActionEffect::kLiftInterimSuspension:
      end_interim();
      break;
    case ActionEffect::kLodgeAppeal: {
      Appeal appeal;
      appeal.lodged_at = now;
      appeal.grounds = field("grounds");
      appeal.lodged_by = actor.username;
      next.appeal = appeal;
      break;
    }
    case ActionEffect::kAppealUpheld:
    case ActionEffect::kAppealDismissed:
      next.appeal->upheld = action->effect == ActionEffect::kAppealUpheld;
      next.appeal->reasons = field("reasons");
      next.appeal->decided_by = actor.username;
      if (action->effect == ActionEffect::kAppealUpheld) {
        out.overturned = true;
        out.overturn_reason = fmt::format("appeal upheld by {}: {}", actor.username, next.appeal->reasons);
      }
      break;
  }

  // Any action may hand the case on, e.g. opening an investigation names the investigator.
  if (auto assignee = fields.find("assignee"); assignee != fields.end()) next.assignee = field("assignee");

  if (action->to && *action->to != c.stage) {
    const Stage* to = policy_.FindStage(*action->to);
    next.stage = *action->to;
    next.stage_entered_at = now;
    next.waiting.reset();
    next.clock.reset();
    if (to && to->deadline_working_days) next.clock = DeadlineClock::Start(now, *to->deadline_working_days);
    if (to && (to->terminal || !to->open)) {
      next.closed_at = now;
      end_interim();
    }
  }

  out.event.case_id = c.id;
  out.event.at = now;
  out.event.actor = actor.username;
  out.event.role = actor.role;
  out.event.action = action->id;
  out.event.from_stage = c.stage;
  out.event.to_stage = next.stage;
  out.event.fields = fields;
  return out;
}

std::optional<DeadlineView> Workflow::Deadline(const Case& c, Instant now) const {
  if (!c.clock) return std::nullopt;
  DeadlineView view;
  view.status = c.clock->Status(schedule_, now, policy_.warn_before_working_days);
  view.due_date = c.clock->DueDate(schedule_, now);
  view.due_at = schedule_.zone.EndOfDay(view.due_date);
  view.working_days_left = c.clock->WorkingDaysLeft(schedule_, now);
  return view;
}

std::optional<Instant> Workflow::DueAtForOrdering(const Case& c) const {
  if (!c.clock || c.clock->IsPaused()) return std::nullopt;
  return c.clock->DueAt(schedule_, c.clock->started_at);
}

}  // namespace docket::domain
