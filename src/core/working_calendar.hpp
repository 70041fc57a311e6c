// Working days: Monday to Friday, less the public holidays of a calendar.
// Every deadline in docket counts working days on such a calendar.
#pragma once

#include <string>
#include <vector>

#include "core/time.hpp"

namespace docket {

/// A public holiday in a calendar.
struct Holiday {
  Date date;
  std::string title;
};

/// Answers questions about working days between dates. Immutable after creation.
class WorkingCalendar {
 public:
  /// A calendar of weekends only (no holidays).
  WorkingCalendar() = default;
  /// A calendar with the given holidays, valid (known) for dates in [covers_from, covers_to].
  WorkingCalendar(std::string name, std::vector<Holiday> holidays, Date covers_from, Date covers_to);

  const std::string& Name() const { return name_; }
  /// True when the holiday list is known for this date; outside it only weekends count.
  bool Covers(Date date) const;
  bool IsHoliday(Date date) const;
  /// A weekday that is not a holiday.
  bool IsWorkingDay(Date date) const;
  /// The n-th working day after `start` (start itself not counted); n == 0 gives start. n >= 0.
  Date AddWorkingDays(Date start, int n) const;
  /// Working days in the half-open range (from, to]; negative when to < from.
  int WorkingDaysBetween(Date from, Date to) const;
  const std::vector<Holiday>& Holidays() const { return holidays_; }

 private:
  /// The first holiday on or after `date` (holidays_.end() when none).
  std::vector<Holiday>::const_iterator FirstHolidayFrom(Date date) const;
  std::string name_ = "weekends only";
  std::vector<Holiday> holidays_;  // sorted by date, unique
  Date covers_from_{};
  Date covers_to_{};
};

}  // namespace docket
