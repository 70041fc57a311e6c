#include "reporting/timeline.hpp"

#include <algorithm>
#include <tuple>

#include <gtest/gtest.h>

namespace docket::reporting {
namespace {

Date D(int year, unsigned month, unsigned day) { return Date::FromYmd(year, month, day); }

// Stage 0 has no deadline, stage 1 has 5 working days, stage 2 has 2.
TimelineBuilder Builder(WorkingCalendar& calendar, Date as_of, std::size_t cases = 4) {
  return TimelineBuilder(calendar, {std::nullopt, 5, 2}, cases, as_of);
}

TEST(TimelineTest, LeavingOnTheLastWorkingDayMeetsTheDeadline) {
  WorkingCalendar calendar;
  TimelineBuilder b = Builder(calendar, D(2026, 3, 31));
  b.Enter(0, 1, D(2026, 3, 2));  // Monday; due Monday 9 March
  b.Enter(0, 2, D(2026, 3, 9));
  b.Enter(1, 1, D(2026, 3, 2));
  b.Enter(1, 2, D(2026, 3, 10));  // a day late
  std::vector<StageVisit> visits = b.Finish();
  ASSERT_EQ(visits.size(), 4u);
  EXPECT_EQ(visits[0].deadline, DeadlineResult::kMet);
  EXPECT_EQ(visits[2].deadline, DeadlineResult::kMissed);
  EXPECT_EQ(visits[2].resolved, D(2026, 3, 10));
}

TEST(TimelineTest, TimeWaitingOnAPartyExtendsTheDeadline) {
  WorkingCalendar calendar;
  TimelineBuilder b = Builder(calendar, D(2026, 3, 31));
  b.Enter(0, 1, D(2026, 3, 2));
  b.Pause(0, D(2026, 3, 3));
  b.Resume(0, D(2026, 3, 10));  // five working days paused
  b.Enter(0, 2, D(2026, 3, 13));
  std::vector<StageVisit> visits = b.Finish();
  EXPECT_EQ(visits[0].deadline, DeadlineResult::kMet);
}

TEST(TimelineTest, AStageStillRunningPastItsDueDateIsMissedTheDayAfter) {
  WorkingCalendar calendar;
  TimelineBuilder b = Builder(calendar, D(2026, 3, 31));
  b.Enter(0, 2, D(2026, 3, 2));   // due Wednesday 4 March
  b.Enter(1, 2, D(2026, 3, 30));  // due 1 April: still running
  std::vector<StageVisit> visits = b.Finish();
  EXPECT_EQ(visits[0].deadline, DeadlineResult::kMissed);
  EXPECT_EQ(visits[0].resolved, D(2026, 3, 5));
  EXPECT_EQ(visits[1].deadline, DeadlineResult::kRunning);
}

TEST(TimelineTest, OnlyTheFirstEntryIntoAStageCountsAsFirst) {
  WorkingCalendar calendar;
  TimelineBuilder b = Builder(calendar, D(2026, 3, 31));
  b.Enter(0, 0, D(2026, 3, 2));
  b.Enter(0, 1, D(2026, 3, 3));
  b.Enter(0, 2, D(2026, 3, 4));
  b.Enter(0, 1, D(2026, 3, 5));
  std::vector<StageVisit> visits = b.Finish();
  EXPECT_EQ(visits[0].deadline, DeadlineResult::kNone);
  EXPECT_TRUE(visits[1].first_entry);
  EXPECT_FALSE(visits[3].first_entry);
}

TEST(TimelineTest, ASinkReceivesEveryVisitJudgedAsTheListHasIt) {
  WorkingCalendar calendar;
  // Case by case, as the store's scan gives them.
  auto feed = [](TimelineBuilder& b) {
    b.Enter(0, 1, D(2026, 3, 2));
    b.Pause(0, D(2026, 3, 3));
    b.Resume(0, D(2026, 3, 10));
    b.Enter(0, 2, D(2026, 3, 13));
    b.Enter(0, 1, D(2026, 3, 30));  // still running at the end
    b.Enter(1, 2, D(2026, 3, 2));
    b.Pause(1, D(2026, 3, 3));      // paused at the end: due later
    b.Enter(2, 1, D(2026, 1, 5));   // overdue at the end
    b.Enter(2, 0, D(2026, 3, 20));
    b.Enter(2, 1, D(2026, 3, 23));  // not the first entry
    b.Enter(7, 1, D(2026, 3, 23));  // no such case
  };
  TimelineBuilder listed = Builder(calendar, D(2026, 3, 31));
  feed(listed);
  std::vector<StageVisit> expected = listed.Finish();
  std::vector<StageVisit> received;
  TimelineBuilder streamed(calendar, {std::nullopt, 5, 2}, 4, D(2026, 3, 31),
                           [&](const StageVisit& visit) { received.push_back(visit); });
  feed(streamed);
  EXPECT_TRUE(streamed.Finish().empty());
  auto key = [](const StageVisit& v) {
    return std::tuple(v.case_index, v.entered.DaysSinceEpoch(), v.stage, static_cast<int>(v.deadline), v.first_entry,
                      v.resolved.DaysSinceEpoch());
  };
  auto by_key = [&](const StageVisit& a, const StageVisit& b) { return key(a) < key(b); };
  std::sort(expected.begin(), expected.end(), by_key);
  std::sort(received.begin(), received.end(), by_key);
  ASSERT_EQ(received.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(key(received[i]), key(expected[i])) << i;
}

TEST(LocalDatesTest, EveningInLondonSummerIsTheNextUtcDayOnlyAfterMidnightLocal) {
  TimeZone london = TimeZone::London();
  LocalDates dates(london);
  // 23:30 UTC on 1 July 2026 is 00:30 on 2 July in London.
  EXPECT_EQ(dates.Of(*Instant::Parse("2026-07-01T23:30:00Z")), D(2026, 7, 2));
  EXPECT_EQ(dates.Of(*Instant::Parse("2026-01-01T23:30:00Z")), D(2026, 1, 1));
  // The day the clocks go forward (29 March 2026, 01:00 UTC).
  EXPECT_EQ(dates.Of(*Instant::Parse("2026-03-29T00:30:00Z")), D(2026, 3, 29));
  EXPECT_EQ(dates.Of(*Instant::Parse("2026-03-29T23:30:00Z")), D(2026, 3, 30));
}

TEST(WorkingDaysTest, AnswersAsTheCalendarDoesAcrossHolidaysAndYears) {
  WorkingCalendar calendar("test", {{D(2025, 12, 25), "Christmas"}, {D(2025, 12, 26), "Boxing Day"},
                                    {D(2026, 4, 3), "Good Friday"}, {D(2026, 4, 6), "Easter Monday"},
                                    {D(2026, 5, 2), "a Saturday holiday"}},
                           D(2025, 1, 1), D(2026, 12, 31));
  WorkingDays table(calendar);
  // Dates asked out of order, far apart and close together, so the table grows both ways.
  const Date starts[] = {D(2026, 3, 30), D(2025, 12, 24), D(2019, 6, 1), D(2031, 1, 1), D(2026, 4, 3)};
  for (Date start : starts) {
    for (int offset = -40; offset <= 40; ++offset) {
      const Date other = start.AddDays(offset);
      EXPECT_EQ(table.Between(start, other), calendar.WorkingDaysBetween(start, other)) << start.ToString() << " " << other.ToString();
      EXPECT_EQ(table.IsWorkingDay(other), calendar.IsWorkingDay(other)) << other.ToString();
    }
    for (int n = -1; n <= 30; ++n) EXPECT_EQ(table.Add(start, n), calendar.AddWorkingDays(start, n)) << n;
  }
  // Dates too far apart to tabulate are asked of the calendar.
  EXPECT_EQ(table.Between(D(1200, 1, 1), D(2026, 1, 1)), calendar.WorkingDaysBetween(D(1200, 1, 1), D(2026, 1, 1)));
  EXPECT_EQ(table.Add(D(2026, 1, 1), 400000), calendar.AddWorkingDays(D(2026, 1, 1), 400000));
}

}  // namespace
}  // namespace docket::reporting
