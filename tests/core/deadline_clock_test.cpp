#include "core/deadline_clock.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace docket {
namespace {

Date D(int year, unsigned month, unsigned day) { return Date::FromYmd(year, month, day); }

Instant At(const std::string& text) {
  auto parsed = Instant::Parse(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error().message);
  return parsed.value_or(Instant{});
}

// London and the England and Wales bank holidays of 2026, written out here so
// core's tests do not depend on the TOML loader.
Schedule London2026() {
  std::vector<Holiday> holidays = {
      {D(2026, 1, 1), "New Year's Day"},       {D(2026, 4, 3), "Good Friday"},
      {D(2026, 4, 6), "Easter Monday"},        {D(2026, 5, 4), "Early May bank holiday"},
      {D(2026, 5, 25), "Spring bank holiday"}, {D(2026, 8, 31), "Summer bank holiday"},
      {D(2026, 12, 25), "Christmas Day"},      {D(2026, 12, 28), "Boxing Day (substitute day)"},
      {D(2027, 1, 1), "New Year's Day"},
  };
  return Schedule{WorkingCalendar("England and Wales", holidays, D(2026, 1, 1), D(2027, 12, 31)),
                  TimeZone::London()};
}

// A ten-working-day clock started on Monday 1 June 2026 at 09:00 BST; due Monday 15 June.
DeadlineClock JuneClock() { return DeadlineClock::Start(At("2026-06-01T09:00:00+01:00"), 10); }

TEST(DeadlineClockTest, StartRecordsTheBudgetAndRuns) {
  DeadlineClock clock = DeadlineClock::Start(At("2026-06-01T08:00:00Z"), 10);
  EXPECT_EQ(clock.started_at, At("2026-06-01T08:00:00Z"));
  EXPECT_EQ(clock.budget_working_days, 10);
  EXPECT_EQ(clock.paused_working_days, 0);
  EXPECT_FALSE(clock.IsPaused());
}

TEST(DeadlineClockTest, AClockStartedOnFridayEveningCountsFromTheFollowingMonday) {
  Schedule schedule = London2026();
  Instant friday_evening = At("2026-10-09T18:30:00+01:00");
  DeadlineClock clock = DeadlineClock::Start(friday_evening, 10);
  EXPECT_EQ(clock.DueDate(schedule, friday_evening), D(2026, 10, 23));
  EXPECT_EQ(DeadlineClock::Start(friday_evening, 1).DueDate(schedule, friday_evening), D(2026, 10, 12));
  EXPECT_EQ(clock.WorkingDaysLeft(schedule, friday_evening), 10);
}

TEST(DeadlineClockTest, TheDeadlineIsOneSecondBeforeLocalMidnightWhichIsTwentyTwoFiftyNineUtcInSummer) {
  Schedule schedule = London2026();
  Instant friday_evening = At("2026-10-09T18:30:00+01:00");
  DeadlineClock clock = DeadlineClock::Start(friday_evening, 10);
  EXPECT_EQ(clock.DueAt(schedule, friday_evening), At("2026-10-23T22:59:59Z"));
  EXPECT_EQ(clock.DueAt(schedule, friday_evening), At("2026-10-23T23:59:59+01:00"));
}

TEST(DeadlineClockTest, ADueDateAfterTheOctoberChangeEndsAtTwentyThreeFiftyNineUtc) {
  Schedule schedule = London2026();
  Instant friday_evening = At("2026-10-16T18:30:00+01:00");
  DeadlineClock clock = DeadlineClock::Start(friday_evening, 10);
  EXPECT_EQ(clock.DueDate(schedule, friday_evening), D(2026, 10, 30));
  EXPECT_EQ(clock.DueAt(schedule, friday_evening), At("2026-10-30T23:59:59Z"));
}

TEST(DeadlineClockTest, ADueDateAfterTheOctoberChangeIsNotBreachedUntilLocalMidnight) {
  Schedule schedule = London2026();
  DeadlineClock clock = DeadlineClock::Start(At("2026-10-16T18:30:00+01:00"), 10);
  // 23:30 UTC on the due date is still the due date in London once the clocks have gone back.
  EXPECT_EQ(clock.Status(schedule, At("2026-10-30T23:30:00Z"), 2), DeadlineStatus::kDueSoon);
  EXPECT_EQ(clock.Status(schedule, At("2026-10-30T23:59:59Z"), 2), DeadlineStatus::kDueSoon);
  EXPECT_EQ(clock.Status(schedule, At("2026-10-31T00:00:00Z"), 2), DeadlineStatus::kBreached);
}

TEST(DeadlineClockTest, ADueDateAfterTheMarchChangeEndsAtTwentyTwoFiftyNineUtc) {
  Schedule schedule = London2026();
  Instant friday_evening = At("2026-03-20T18:00:00Z");
  EXPECT_EQ(DeadlineClock::Start(friday_evening, 5).DueAt(schedule, friday_evening), At("2026-03-27T23:59:59Z"));
  EXPECT_EQ(DeadlineClock::Start(friday_evening, 6).DueAt(schedule, friday_evening), At("2026-03-30T22:59:59Z"));
}

TEST(DeadlineClockTest, AStartJustAfterLocalMidnightCountsFromTheLocalDate) {
  Schedule schedule = London2026();
  // 23:30 UTC on Thursday 8 October is 00:30 on Friday in London.
  Instant start = At("2026-10-08T23:30:00Z");
  EXPECT_EQ(DeadlineClock::Start(start, 1).DueDate(schedule, start), D(2026, 10, 12));
}

TEST(DeadlineClockTest, TheDueDateSkipsBankHolidays) {
  Schedule schedule = London2026();
  Instant start = At("2026-04-01T09:00:00+01:00");
  EXPECT_EQ(DeadlineClock::Start(start, 5).DueDate(schedule, start), D(2026, 4, 10));
  Instant christmas_eve = At("2026-12-24T15:00:00Z");
  EXPECT_EQ(DeadlineClock::Start(christmas_eve, 4).DueDate(schedule, christmas_eve), D(2027, 1, 4));
}

TEST(DeadlineClockTest, PausingAndResumingAddsThePausedWorkingDays) {
  Schedule schedule = London2026();
  DeadlineClock paused = JuneClock().Paused(At("2026-06-03T10:00:00+01:00"));
  EXPECT_TRUE(paused.IsPaused());
  DeadlineClock resumed = paused.Resumed(At("2026-06-08T10:00:00+01:00"), schedule);
  EXPECT_FALSE(resumed.IsPaused());
  EXPECT_EQ(resumed.paused_working_days, 3);  // Thursday, Friday and Monday
  EXPECT_EQ(resumed.DueDate(schedule, At("2026-06-08T10:00:00+01:00")), D(2026, 6, 18));
  EXPECT_EQ(JuneClock().DueDate(schedule, At("2026-06-08T10:00:00+01:00")), D(2026, 6, 15));
}

TEST(DeadlineClockTest, PausingOverAWeekendAddsOnlyTheWorkingDays) {
  Schedule schedule = London2026();
  DeadlineClock resumed = JuneClock()
                              .Paused(At("2026-06-05T17:00:00+01:00"))
                              .Resumed(At("2026-06-08T09:00:00+01:00"), schedule);
  EXPECT_EQ(resumed.paused_working_days, 1);
  EXPECT_EQ(resumed.DueDate(schedule, At("2026-06-08T09:00:00+01:00")), D(2026, 6, 16));
}

TEST(DeadlineClockTest, PausingOverEasterAddsOnlyTheWorkingDays) {
  Schedule schedule = London2026();
  DeadlineClock clock = DeadlineClock::Start(At("2026-04-01T09:00:00+01:00"), 5);
  DeadlineClock resumed =
      clock.Paused(At("2026-04-02T12:00:00+01:00")).Resumed(At("2026-04-07T12:00:00+01:00"), schedule);
  EXPECT_EQ(resumed.paused_working_days, 1);
  EXPECT_EQ(resumed.DueDate(schedule, At("2026-04-07T12:00:00+01:00")), D(2026, 4, 13));
}

TEST(DeadlineClockTest, PausingAndResumingOnTheSameDayAddsNothing) {
  Schedule schedule = London2026();
  DeadlineClock resumed = JuneClock()
                              .Paused(At("2026-06-03T10:00:00+01:00"))
                              .Resumed(At("2026-06-03T16:00:00+01:00"), schedule);
  EXPECT_FALSE(resumed.IsPaused());
  EXPECT_EQ(resumed.paused_working_days, 0);
  EXPECT_EQ(resumed.DueDate(schedule, At("2026-06-03T16:00:00+01:00")), D(2026, 6, 15));
}

TEST(DeadlineClockTest, ThePauseDaysAreLocalDatesNotUtcDates) {
  Schedule schedule = London2026();
  // Both instants are on Wednesday 3 June in London, though the first is Tuesday in UTC.
  DeadlineClock resumed = JuneClock()
                              .Paused(At("2026-06-02T23:30:00Z"))
                              .Resumed(At("2026-06-03T22:30:00Z"), schedule);
  EXPECT_EQ(resumed.paused_working_days, 0);
  // 23:30 UTC on Thursday is Friday in London: Thursday and Friday were paused, not just Thursday.
  DeadlineClock late = JuneClock()
                           .Paused(At("2026-06-03T10:00:00+01:00"))
                           .Resumed(At("2026-06-04T23:30:00Z"), schedule);
  EXPECT_EQ(late.paused_working_days, 2);
}

TEST(DeadlineClockTest, PausingAPausedClockKeepsTheFirstPause) {
  Schedule schedule = London2026();
  DeadlineClock paused =
      JuneClock().Paused(At("2026-06-03T10:00:00+01:00")).Paused(At("2026-06-05T10:00:00+01:00"));
  ASSERT_TRUE(paused.paused_since.has_value());
  EXPECT_EQ(*paused.paused_since, At("2026-06-03T10:00:00+01:00"));
  EXPECT_EQ(paused.Resumed(At("2026-06-08T10:00:00+01:00"), schedule).paused_working_days, 3);
}

TEST(DeadlineClockTest, ResumingARunningClockChangesNothing) {
  Schedule schedule = London2026();
  DeadlineClock resumed = JuneClock().Resumed(At("2026-06-08T10:00:00+01:00"), schedule);
  EXPECT_FALSE(resumed.IsPaused());
  EXPECT_EQ(resumed.paused_working_days, 0);
  EXPECT_EQ(resumed.DueDate(schedule, At("2026-06-08T10:00:00+01:00")), D(2026, 6, 15));
}

TEST(DeadlineClockTest, ResumingBeforeThePauseInstantAddsNothing) {
  Schedule schedule = London2026();
  DeadlineClock resumed = JuneClock()
                              .Paused(At("2026-06-08T10:00:00+01:00"))
                              .Resumed(At("2026-06-03T10:00:00+01:00"), schedule);
  EXPECT_EQ(resumed.paused_working_days, 0);
}

TEST(DeadlineClockTest, PausesAccumulate) {
  Schedule schedule = London2026();
  DeadlineClock clock = JuneClock()
                            .Paused(At("2026-06-03T10:00:00+01:00"))
                            .Resumed(At("2026-06-08T10:00:00+01:00"), schedule)
                            .Paused(At("2026-06-10T10:00:00+01:00"))
                            .Resumed(At("2026-06-12T10:00:00+01:00"), schedule);
  EXPECT_EQ(clock.paused_working_days, 5);
  EXPECT_EQ(clock.DueDate(schedule, At("2026-06-12T10:00:00+01:00")), D(2026, 6, 22));
}

TEST(DeadlineClockTest, WhilePausedTheDueDateMovesOutAsIfResumedNow) {
  Schedule schedule = London2026();
  DeadlineClock paused = JuneClock().Paused(At("2026-06-03T10:00:00+01:00"));
  EXPECT_EQ(paused.DueDate(schedule, At("2026-06-03T18:00:00+01:00")), D(2026, 6, 15));
  EXPECT_EQ(paused.DueDate(schedule, At("2026-06-05T12:00:00+01:00")), D(2026, 6, 17));
  EXPECT_EQ(paused.DueDate(schedule, At("2026-06-07T12:00:00+01:00")), D(2026, 6, 17));
  EXPECT_EQ(paused.DueAt(schedule, At("2026-06-05T12:00:00+01:00")), At("2026-06-17T22:59:59Z"));
  // The budget itself is untouched until the clock resumes.
  EXPECT_EQ(paused.paused_working_days, 0);
}

TEST(DeadlineClockTest, WorkingDaysLeftIsZeroOnTheDueDateAndNegativeAfter) {
  Schedule schedule = London2026();
  DeadlineClock clock = JuneClock();
  EXPECT_EQ(clock.WorkingDaysLeft(schedule, At("2026-06-01T09:00:00+01:00")), 10);
  EXPECT_EQ(clock.WorkingDaysLeft(schedule, At("2026-06-13T12:00:00+01:00")), 1);  // Saturday
  EXPECT_EQ(clock.WorkingDaysLeft(schedule, At("2026-06-15T23:59:59+01:00")), 0);
  EXPECT_EQ(clock.WorkingDaysLeft(schedule, At("2026-06-16T00:00:00+01:00")), -1);
  EXPECT_EQ(clock.WorkingDaysLeft(schedule, At("2026-06-20T12:00:00+01:00")), -4);
}

TEST(DeadlineClockTest, StatusIsOnTrackWithMoreThanTheWarningPeriodLeft) {
  Schedule schedule = London2026();
  EXPECT_EQ(JuneClock().Status(schedule, At("2026-06-02T12:00:00+01:00"), 3), DeadlineStatus::kOnTrack);
  EXPECT_EQ(JuneClock().Status(schedule, At("2026-06-09T12:00:00+01:00"), 3), DeadlineStatus::kOnTrack);
}

TEST(DeadlineClockTest, StatusIsDueSoonWithinTheWarningPeriod) {
  Schedule schedule = London2026();
  EXPECT_EQ(JuneClock().Status(schedule, At("2026-06-10T09:00:00+01:00"), 3), DeadlineStatus::kDueSoon);
  EXPECT_EQ(JuneClock().Status(schedule, At("2026-06-15T09:00:00+01:00"), 3), DeadlineStatus::kDueSoon);
  EXPECT_EQ(JuneClock().Status(schedule, At("2026-06-15T09:00:00+01:00"), 0), DeadlineStatus::kDueSoon);
  EXPECT_EQ(JuneClock().Status(schedule, At("2026-06-12T09:00:00+01:00"), 0), DeadlineStatus::kOnTrack);
}

TEST(DeadlineClockTest, StatusIsBreachedFromTheFirstSecondAfterTheLocalEndOfTheDueDate) {
  Schedule schedule = London2026();
  EXPECT_EQ(JuneClock().Status(schedule, At("2026-06-15T22:59:59Z"), 3), DeadlineStatus::kDueSoon);
  EXPECT_EQ(JuneClock().Status(schedule, At("2026-06-15T23:00:00Z"), 3), DeadlineStatus::kBreached);
  EXPECT_EQ(JuneClock().Status(schedule, At("2026-07-01T12:00:00Z"), 3), DeadlineStatus::kBreached);
}

TEST(DeadlineClockTest, StatusIsPausedWhileWaitingEvenPastTheOriginalDeadline) {
  Schedule schedule = London2026();
  DeadlineClock paused = JuneClock().Paused(At("2026-06-10T10:00:00+01:00"));
  EXPECT_EQ(paused.Status(schedule, At("2026-06-10T11:00:00+01:00"), 3), DeadlineStatus::kPaused);
  EXPECT_EQ(paused.Status(schedule, At("2026-07-01T12:00:00Z"), 3), DeadlineStatus::kPaused);
}

TEST(DeadlineClockTest, AClockResumedAfterALongPauseHasAsManyWorkingDaysLeftAsWhenItPaused) {
  Schedule schedule = London2026();
  Instant pause = At("2026-06-10T10:00:00+01:00");
  Instant resume = At("2026-07-01T09:00:00+01:00");
  EXPECT_EQ(JuneClock().WorkingDaysLeft(schedule, pause), 3);
  DeadlineClock clock = JuneClock().Paused(pause).Resumed(resume, schedule);
  EXPECT_EQ(clock.paused_working_days, 15);  // 11 June to 1 July
  EXPECT_EQ(clock.DueDate(schedule, resume), D(2026, 7, 6));
  EXPECT_EQ(clock.WorkingDaysLeft(schedule, resume), 3);
  EXPECT_EQ(clock.Status(schedule, resume, 2), DeadlineStatus::kOnTrack);
  EXPECT_EQ(clock.Status(schedule, resume, 3), DeadlineStatus::kDueSoon);
}

}  // namespace
}  // namespace docket
