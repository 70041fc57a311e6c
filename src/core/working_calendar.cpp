#include "core/working_calendar.hpp"

#include <algorithm>

namespace docket {
namespace {

// Weekdays in the shifted day range [0, s), where shifted day 0 is a Monday
// (1969-12-29). Closed form, so counting across decades costs the same as a week.
std::int64_t WeekdaysBefore(std::int64_t shifted) {
  std::int64_t weeks = shifted / 7;
  std::int64_t rest = shifted % 7;
  if (rest < 0) {
    rest += 7;
    weeks -= 1;
  }
  return weeks * 5 + std::min<std::int64_t>(rest, 5);
}

std::int64_t Shifted(Date date) { return static_cast<std::int64_t>(date.DaysSinceEpoch()) + 3; }

bool IsWeekend(Date date) {
  Weekday day = date.DayOfWeek();
  return day == Weekday::kSaturday || day == Weekday::kSunday;
}

}  // namespace

WorkingCalendar::WorkingCalendar(std::string name, std::vector<Holiday> holidays, Date covers_from,
                                 Date covers_to)
    : name_(std::move(name)), holidays_(std::move(holidays)), covers_from_(covers_from), covers_to_(covers_to) {
  std::sort(holidays_.begin(), holidays_.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  holidays_.erase(std::unique(holidays_.begin(), holidays_.end(),
                              [](const Holiday& a, const Holiday& b) { return a.date == b.date; }),
                  holidays_.end());
}

bool WorkingCalendar::Covers(Date date) const { return date >= covers_from_ && date <= covers_to_; }

std::vector<Holiday>::const_iterator WorkingCalendar::FirstHolidayFrom(Date date) const {
  return std::lower_bound(holidays_.begin(), holidays_.end(), date,
                          [](const Holiday& h, Date d) { return h.date < d; });
}

bool WorkingCalendar::IsHoliday(Date date) const {
  auto it = FirstHolidayFrom(date);
  return it != holidays_.end() && it->date == date;
}

bool WorkingCalendar::IsWorkingDay(Date date) const { return !IsWeekend(date) && !IsHoliday(date); }

Date WorkingCalendar::AddWorkingDays(Date start, int n) const {
  // Any seven days in a row hold five weekdays, so while more than five
  // remain (the sixth then lies beyond the week), a week with no holiday in it
  // is taken in one step; otherwise one day. Every case read works out its
  // deadlines, so this is not a rare path.
  Date day = start;
  while (n > 0) {
    if (n > 5) {
      const Date week_end = day.AddDays(7);
      auto next_holiday = FirstHolidayFrom(day.AddDays(1));
      if (next_holiday == holidays_.end() || next_holiday->date > week_end) {
        day = week_end;
        n -= 5;
        continue;
      }
    }
    day = day.AddDays(1);
    if (IsWorkingDay(day)) --n;
  }
  return day;
}

int WorkingCalendar::WorkingDaysBetween(Date from, Date to) const {
  if (to < from) return -WorkingDaysBetween(to, from);
  std::int64_t weekdays = WeekdaysBefore(Shifted(to) + 1) - WeekdaysBefore(Shifted(from) + 1);
  auto first = FirstHolidayFrom(from.AddDays(1));
  auto last = FirstHolidayFrom(to.AddDays(1));
  std::int64_t holidays_on_weekdays =
      std::count_if(first, last, [](const Holiday& h) { return !IsWeekend(h.date); });
  return static_cast<int>(weekdays - holidays_on_weekdays);
}

}  // namespace docket
