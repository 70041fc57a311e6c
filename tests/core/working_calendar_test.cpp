#include "core/working_calendar.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace docket {
namespace {

Date D(int year, unsigned month, unsigned day) { return Date::FromYmd(year, month, day); }

// England and Wales bank holidays for 2026 to 2028, written out by hand so the
// tests do not depend on the TOML loader.
WorkingCalendar EnglandAndWales2026To2028() {
  std::vector<Holiday> holidays = {
      {D(2026, 1, 1), "New Year's Day"},      {D(2026, 4, 3), "Good Friday"},
      {D(2026, 4, 6), "Easter Monday"},       {D(2026, 5, 4), "Early May bank holiday"},
      {D(2026, 5, 25), "Spring bank holiday"}, {D(2026, 8, 31), "Summer bank holiday"},
      {D(2026, 12, 25), "Christmas Day"},     {D(2026, 12, 28), "Boxing Day (substitute day)"},
      {D(2027, 1, 1), "New Year's Day"},      {D(2027, 3, 26), "Good Friday"},
      {D(2027, 3, 29), "Easter Monday"},      {D(2027, 12, 27), "Christmas Day (substitute day)"},
      {D(2027, 12, 28), "Boxing Day (substitute day)"}, {D(2028, 1, 3), "New Year's Day (substitute day)"},
  };
  return WorkingCalendar("England and Wales", holidays, D(2026, 1, 1), D(2028, 12, 31));
}

// Easter Sunday by the anonymous Gregorian algorithm.
Date EasterSunday(int year) {
  int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return D(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// A long calendar whose list deliberately holds holidays that fall at weekends
// (Christmas Day, Boxing Day and New Year's Day on their own dates as well as
// their substitutes) and duplicates, as a carelessly written list might.
WorkingCalendar LongCalendarWithWeekendAndDuplicateHolidays(Date from, Date to) {
  std::vector<Holiday> holidays;
  for (int year = from.Year(); year <= to.Year(); ++year) {
    Date easter = EasterSunday(year);
    holidays.push_back({D(year, 1, 1), "New Year's Day"});
    holidays.push_back({easter.AddDays(-2), "Good Friday"});
    holidays.push_back({easter.AddDays(1), "Easter Monday"});
    holidays.push_back({easter.AddDays(1), "Easter Monday, listed twice"});
    holidays.push_back({D(year, 12, 25), "Christmas Day"});
    holidays.push_back({D(year, 12, 26), "Boxing Day"});
    if (D(year, 12, 25).DayOfWeek() >= Weekday::kFriday) holidays.push_back({D(year, 12, 28), "Substitute day"});
  }
  return WorkingCalendar("long", holidays, from, to);
}

TEST(WorkingCalendarTest, WeekdaysAreWorkingDaysAndWeekendsAreNot) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  EXPECT_TRUE(calendar.IsWorkingDay(D(2026, 3, 9)));    // Monday
  EXPECT_TRUE(calendar.IsWorkingDay(D(2026, 3, 13)));   // Friday
  EXPECT_FALSE(calendar.IsWorkingDay(D(2026, 3, 14)));  // Saturday
  EXPECT_FALSE(calendar.IsWorkingDay(D(2026, 3, 15)));  // Sunday
}

TEST(WorkingCalendarTest, BankHolidaysAreNotWorkingDays) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  EXPECT_TRUE(calendar.IsHoliday(D(2026, 4, 3)));
  EXPECT_FALSE(calendar.IsWorkingDay(D(2026, 4, 3)));
  EXPECT_FALSE(calendar.IsWorkingDay(D(2026, 12, 28)));
  EXPECT_FALSE(calendar.IsHoliday(D(2026, 4, 2)));
  EXPECT_FALSE(calendar.IsHoliday(D(2026, 12, 26)));  // Boxing Day 2026 is a Saturday; the 28th stands in.
  EXPECT_FALSE(calendar.IsHoliday(D(2029, 1, 1)));    // past the last listed holiday
  EXPECT_FALSE(calendar.IsHoliday(D(2025, 12, 31)));  // before the first
}

TEST(WorkingCalendarTest, AddingFiveWorkingDaysFromFridaySkipsTheWeekend) {
  EXPECT_EQ(EnglandAndWales2026To2028().AddWorkingDays(D(2026, 3, 13), 5), D(2026, 3, 20));
}

TEST(WorkingCalendarTest, AddingOneWorkingDayFromFridayGivesMonday) {
  EXPECT_EQ(EnglandAndWales2026To2028().AddWorkingDays(D(2026, 3, 13), 1), D(2026, 3, 16));
}

TEST(WorkingCalendarTest, AddingFromTheThursdayBeforeEasterSkipsGoodFridayTheWeekendAndEasterMonday) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  Date maundy_thursday = D(2026, 4, 2);
  EXPECT_EQ(calendar.AddWorkingDays(maundy_thursday, 1), D(2026, 4, 7));
  EXPECT_EQ(calendar.AddWorkingDays(maundy_thursday, 2), D(2026, 4, 8));
  EXPECT_EQ(calendar.AddWorkingDays(maundy_thursday, 5), D(2026, 4, 13));
  EXPECT_EQ(calendar.AddWorkingDays(maundy_thursday, 20), D(2026, 5, 5));  // skips early May too
}

TEST(WorkingCalendarTest, AddingAcrossChristmasAndNewYearSkipsTheSubstituteDays) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  // 2026: Christmas on Friday 25th, Boxing Day's substitute on Monday 28th, New Year on Friday.
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 12, 24), 1), D(2026, 12, 29));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 12, 24), 3), D(2026, 12, 31));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 12, 24), 4), D(2027, 1, 4));
  // 2027: Christmas and Boxing Day at the weekend, substitutes Monday 27th and
  // Tuesday 28th; New Year's Day 2028 on a Saturday, substitute Monday 3 January.
  EXPECT_EQ(calendar.AddWorkingDays(D(2027, 12, 24), 1), D(2027, 12, 29));
  EXPECT_EQ(calendar.AddWorkingDays(D(2027, 12, 24), 3), D(2027, 12, 31));
  EXPECT_EQ(calendar.AddWorkingDays(D(2027, 12, 24), 4), D(2028, 1, 4));
}

TEST(WorkingCalendarTest, AddingZeroWorkingDaysGivesTheStartEvenWhenItIsNotAWorkingDay) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 3, 11), 0), D(2026, 3, 11));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 3, 14), 0), D(2026, 3, 14));  // Saturday
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 4, 3), 0), D(2026, 4, 3));    // Good Friday
}

TEST(WorkingCalendarTest, AddingFromAWeekendOrHolidayCountsFromTheNextWorkingDay) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 3, 14), 1), D(2026, 3, 16));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 3, 15), 1), D(2026, 3, 16));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 4, 3), 1), D(2026, 4, 7));
}

TEST(WorkingCalendarTest, WorkingDaysBetweenCountsTheHalfOpenRange) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 3, 9), D(2026, 3, 9)), 0);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 3, 9), D(2026, 3, 10)), 1);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 3, 13), D(2026, 3, 16)), 1);  // Friday to Monday
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 3, 13), D(2026, 3, 15)), 0);  // Friday to Sunday
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 3, 13), D(2026, 3, 20)), 5);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 4, 2), D(2026, 4, 7)), 1);    // over Easter
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 4, 3), D(2026, 4, 6)), 0);    // holiday to holiday
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 12, 24), D(2027, 1, 4)), 4);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 1, 1), D(2026, 12, 31)), 260 - 7);
}

TEST(WorkingCalendarTest, WorkingDaysBetweenIsNegativeWhenTheRangeRunsBackwards) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 3, 16), D(2026, 3, 13)), -1);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 3, 20), D(2026, 3, 13)), -5);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 4, 7), D(2026, 4, 2)), -1);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2027, 1, 4), D(2026, 12, 24)), -4);
}

TEST(WorkingCalendarTest, HolidaysAreSortedAndListedOnce) {
  std::vector<Holiday> holidays = {{D(2026, 12, 25), "Christmas Day"},
                                   {D(2026, 4, 3), "Good Friday"},
                                   {D(2026, 12, 25), "Christmas Day again"},
                                   {D(2026, 1, 1), "New Year's Day"}};
  WorkingCalendar calendar("test", holidays, D(2026, 1, 1), D(2026, 12, 31));
  ASSERT_EQ(calendar.Holidays().size(), 3u);
  EXPECT_EQ(calendar.Holidays()[0].date, D(2026, 1, 1));
  EXPECT_EQ(calendar.Holidays()[0].title, "New Year's Day");
  EXPECT_EQ(calendar.Holidays()[1].date, D(2026, 4, 3));
  EXPECT_EQ(calendar.Holidays()[2].date, D(2026, 12, 25));
  EXPECT_EQ(calendar.Name(), "test");
  // A duplicate must not be subtracted twice: one working day lost to Christmas, not two.
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 12, 21), D(2026, 12, 25)), 3);
}

TEST(WorkingCalendarTest, AHolidayAtTheWeekendIsNotSubtractedTwice) {
  WorkingCalendar calendar("test", {{D(2027, 12, 25), "Christmas Day"}, {D(2027, 12, 27), "Substitute day"}},
                           D(2027, 1, 1), D(2027, 12, 31));
  // Friday 24th to Friday 31st: Monday 27th is the only weekday lost.
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2027, 12, 24), D(2027, 12, 31)), 4);
}

TEST(WorkingCalendarTest, CoversItsRangeInclusively) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  EXPECT_TRUE(calendar.Covers(D(2026, 1, 1)));
  EXPECT_TRUE(calendar.Covers(D(2027, 6, 15)));
  EXPECT_TRUE(calendar.Covers(D(2028, 12, 31)));
  EXPECT_FALSE(calendar.Covers(D(2025, 12, 31)));
  EXPECT_FALSE(calendar.Covers(D(2029, 1, 1)));
}

TEST(WorkingCalendarTest, TheDefaultCalendarCountsOnlyWeekends) {
  WorkingCalendar calendar;
  EXPECT_EQ(calendar.Name(), "weekends only");
  EXPECT_TRUE(calendar.Holidays().empty());
  EXPECT_TRUE(calendar.IsWorkingDay(D(2026, 12, 25)));
  EXPECT_EQ(calendar.AddWorkingDays(D(2026, 4, 2), 1), D(2026, 4, 3));
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2026, 1, 1), D(2026, 12, 31)), 260);
}

// The property the closed-form count must keep: WorkingDaysBetween agrees with
// counting day by day, here against a running count built from an independent
// set of holiday dates, for pairs sampled over fifteen years.
TEST(WorkingCalendarTest, WorkingDaysBetweenAgreesWithADayByDayCountFrom2016To2030) {
  Date first = D(2016, 1, 1);
  Date last = D(2030, 12, 31);
  WorkingCalendar calendar = LongCalendarWithWeekendAndDuplicateHolidays(first, last);
  std::set<std::int32_t> holiday_days;
  for (const Holiday& holiday : calendar.Holidays()) holiday_days.insert(holiday.date.DaysSinceEpoch());

  // running[i]: working days in (first, first + i].
  std::vector<int> running = {0};
  for (Date day = first.AddDays(1); day <= last; day = day.AddDays(1)) {
    // 1970-01-01 was a Thursday, so (days + 3) mod 7 is 0 on Mondays.
    int weekday = static_cast<int>(((day.DaysSinceEpoch() + 3) % 7 + 7) % 7);
    bool working = weekday < 5 && holiday_days.count(day.DaysSinceEpoch()) == 0;
    running.push_back(running.back() + (working ? 1 : 0));
  }
  int size = static_cast<int>(running.size());
  ASSERT_EQ(size, last.DaysSinceEpoch() - first.DaysSinceEpoch() + 1);

  int checked = 0;
  for (int i = 0; i < size; i += 3) {
    for (int j = 0; j < size; j += 5) {
      Date from = first.AddDays(i);
      Date to = first.AddDays(j);
      ASSERT_EQ(calendar.WorkingDaysBetween(from, to), running[j] - running[i])
          << from.ToString() << " to " << to.ToString();
      ++checked;
    }
  }
  EXPECT_GT(checked, 1000000);
}

TEST(WorkingCalendarTest, WorkingDaysBetweenAgreesWithADayByDayCountForEveryPairIn2026) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  for (Date from = D(2026, 1, 1); from <= D(2026, 12, 31); from = from.AddDays(1)) {
    int count = 0;
    for (Date to = from; to <= D(2027, 1, 10); to = to.AddDays(1)) {
      if (to > from && calendar.IsWorkingDay(to)) ++count;
      ASSERT_EQ(calendar.WorkingDaysBetween(from, to), count) << from.ToString() << " to " << to.ToString();
      ASSERT_EQ(calendar.WorkingDaysBetween(to, from), -count) << to.ToString() << " to " << from.ToString();
    }
  }
}

// Before 1970 the day numbers are negative, which is where a closed-form count
// most easily goes wrong.
TEST(WorkingCalendarTest, WorkingDaysBetweenAgreesWithADayByDayCountAcrossTheEpoch) {
  WorkingCalendar calendar;
  for (Date from = D(1969, 11, 1); from <= D(1970, 2, 28); from = from.AddDays(1)) {
    int count = 0;
    for (Date to = from; to <= D(1970, 3, 31); to = to.AddDays(1)) {
      Weekday weekday = to.DayOfWeek();
      if (to > from && weekday != Weekday::kSaturday && weekday != Weekday::kSunday) ++count;
      ASSERT_EQ(calendar.WorkingDaysBetween(from, to), count) << from.ToString() << " to " << to.ToString();
    }
  }
}

// AddWorkingDays(start, n) is the first date with n working days after start.
TEST(WorkingCalendarTest, AddWorkingDaysIsTheFirstDateWithThatManyWorkingDaysAfterTheStart) {
  Date first = D(2016, 1, 1);
  Date last = D(2030, 12, 31);
  WorkingCalendar calendar = LongCalendarWithWeekendAndDuplicateHolidays(first, last);
  for (Date start = first; start <= last; start = start.AddDays(11)) {
    for (int n = 1; n <= 45; n += 4) {
      Date due = calendar.AddWorkingDays(start, n);
      ASSERT_TRUE(calendar.IsWorkingDay(due)) << start.ToString() << " + " << n;
      ASSERT_EQ(calendar.WorkingDaysBetween(start, due), n) << start.ToString() << " + " << n;
      ASSERT_EQ(calendar.WorkingDaysBetween(start, due.AddDays(-1)), n - 1) << start.ToString() << " + " << n;
    }
  }
}

// The same, against the definition itself, one day at a time, for every start
// across two years of bank holidays (where whole weeks are skipped and where not).
TEST(WorkingCalendarTest, AddWorkingDaysAgreesWithCountingOneDayAtATime) {
  WorkingCalendar calendar = EnglandAndWales2026To2028();
  for (Date start = D(2025, 12, 1); start <= D(2027, 12, 31); start = start.AddDays(1)) {
    Date day = start;
    for (int n = 0; n <= 40; ++n) {
      if (n > 0) {
        do {
          day = day.AddDays(1);
        } while (!calendar.IsWorkingDay(day));
      }
      ASSERT_EQ(calendar.AddWorkingDays(start, n), day) << start.ToString() << " + " << n;
    }
  }
}

}  // namespace
}  // namespace docket
