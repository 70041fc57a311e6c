#include "core/deadline_clock.hpp"

#include <algorithm>

namespace docket {
namespace {

int PausedDays(const Schedule& schedule, Instant since, Instant until) {
  return std::max(0, schedule.calendar.WorkingDaysBetween(schedule.zone.LocalDate(since),
                                                          schedule.zone.LocalDate(until)));
}

}  // namespace

DeadlineClock DeadlineClock::Start(Instant at, int budget_working_days) {
  DeadlineClock clock;
  clock.started_at = at;
  clock.budget_working_days = budget_working_days;
  return clock;
}

DeadlineClock DeadlineClock::Paused(Instant at) const {
  DeadlineClock next = *this;
  if (!next.paused_since) next.paused_since = at;
  return next;
}

DeadlineClock DeadlineClock::Resumed(Instant at, const Schedule& schedule) const {
  DeadlineClock next = *this;
  if (next.paused_since) {
    next.paused_working_days += PausedDays(schedule, *next.paused_since, at);
    next.paused_since.reset();
  }
  return next;
}

Date DeadlineClock::DueDate(const Schedule& schedule, Instant now) const {
  int paused = paused_working_days + (paused_since ? PausedDays(schedule, *paused_since, now) : 0);
  return schedule.calendar.AddWorkingDays(schedule.zone.LocalDate(started_at), budget_working_days + paused);
}

Instant DeadlineClock::DueAt(const Schedule& schedule, Instant now) const {
  return schedule.zone.EndOfDay(DueDate(schedule, now));
}

int DeadlineClock::WorkingDaysLeft(const Schedule& schedule, Instant now) const {
  return schedule.calendar.WorkingDaysBetween(schedule.zone.LocalDate(now), DueDate(schedule, now));
}

DeadlineStatus DeadlineClock::Status(const Schedule& schedule, Instant now, int warn_before_working_days) const {
  if (IsPaused()) return DeadlineStatus::kPaused;
  if (now > DueAt(schedule, now)) return DeadlineStatus::kBreached;
  if (WorkingDaysLeft(schedule, now) <= warn_before_working_days) return DeadlineStatus::kDueSoon;
  return DeadlineStatus::kOnTrack;
}

}  // namespace docket
