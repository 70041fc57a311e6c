// A stage's deadline clock. It starts when a case enters a stage with a budget
// of working days, pauses while the case waits on a party (when the policy
// says so) and resumes with the paused working days added to the budget.
//
// Due date: the budget-th working day after the local start date, extended by
// every working day spent paused. The deadline is the end of that local day.
#pragma once

#include <optional>

#include "core/time.hpp"
#include "core/time_zone.hpp"
#include "core/working_calendar.hpp"

namespace docket {

/// How a deadline stands at a given moment.
enum class DeadlineStatus {
  kOnTrack,   //!< More than the warning period left.
  kDueSoon,   //!< Within the warning period; warn the assignee.
  kBreached,  //!< The deadline has passed; escalate.
  kPaused,    //!< Waiting on a party; the clock is stopped.
};

/// The calendar and zone that every deadline of an organisation is judged in.
struct Schedule {
  WorkingCalendar calendar;
  TimeZone zone = TimeZone::London();
};

/// A value type: the state of one stage's clock.
struct DeadlineClock {
  Instant started_at;
  int budget_working_days = 0;
  int paused_working_days = 0;
  std::optional<Instant> paused_since;

  /// A running clock started at `at` with a budget of working days (> 0).
  static DeadlineClock Start(Instant at, int budget_working_days);

  bool IsPaused() const { return paused_since.has_value(); }
  /// Stops the clock; pausing a paused clock changes nothing.
  DeadlineClock Paused(Instant at) const;
  /// Restarts the clock, adding the working days in (pause date, resume date] to the budget.
  DeadlineClock Resumed(Instant at, const Schedule& schedule) const;
  /// The local date by whose end the stage must be done, as things stand
  /// (while paused, as if resumed at `now`).
  Date DueDate(const Schedule& schedule, Instant now) const;
  /// The instant of the deadline: the end of the due date, local time.
  Instant DueAt(const Schedule& schedule, Instant now) const;
  /// Working days from today (local) to the due date; 0 on the due date, negative after.
  int WorkingDaysLeft(const Schedule& schedule, Instant now) const;
  /// On track, due within `warn_before_working_days`, breached or paused.
  DeadlineStatus Status(const Schedule& schedule, Instant now, int warn_before_working_days) const;
};

}  // namespace docket
