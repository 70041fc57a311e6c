#include "core/time_zone.hpp"

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

TimeZone Zone(std::string_view name) {
  auto zone = TimeZone::Create(name);
  EXPECT_TRUE(zone) << name;
  return zone.value_or(TimeZone::Utc());
}

// The last Sundays of March and October, when UK and EU clocks change, taken
// from published tables rather than computed, so the code is checked against
// an independent source.
struct ChangeDays {
  Date spring_forward;
  Date fall_back;
};
const std::vector<ChangeDays>& KnownChangeDays() {
  static const std::vector<ChangeDays> days = {
      {D(2016, 3, 27), D(2016, 10, 30)}, {D(2017, 3, 26), D(2017, 10, 29)}, {D(2018, 3, 25), D(2018, 10, 28)},
      {D(2019, 3, 31), D(2019, 10, 27)}, {D(2020, 3, 29), D(2020, 10, 25)}, {D(2021, 3, 28), D(2021, 10, 31)},
      {D(2022, 3, 27), D(2022, 10, 30)}, {D(2023, 3, 26), D(2023, 10, 29)}, {D(2024, 3, 31), D(2024, 10, 27)},
      {D(2025, 3, 30), D(2025, 10, 26)}, {D(2026, 3, 29), D(2026, 10, 25)}, {D(2027, 3, 28), D(2027, 10, 31)},
      {D(2028, 3, 26), D(2028, 10, 29)}, {D(2029, 3, 25), D(2029, 10, 28)}, {D(2030, 3, 31), D(2030, 10, 27)},
  };
  return days;
}

TEST(TimeZoneTest, LondonIsOnGmtOneSecondBeforeTheMarchChange) {
  EXPECT_EQ(TimeZone::London().OffsetSeconds(At("2026-03-29T00:59:59Z")), 0);
}

TEST(TimeZoneTest, LondonIsOnBstFromOneOClockUtcOnTheLastSundayOfMarch) {
  EXPECT_EQ(TimeZone::London().OffsetSeconds(At("2026-03-29T01:00:00Z")), 3600);
}

TEST(TimeZoneTest, LondonIsOnBstOneSecondBeforeTheOctoberChange) {
  EXPECT_EQ(TimeZone::London().OffsetSeconds(At("2026-10-25T00:59:59Z")), 3600);
}

TEST(TimeZoneTest, LondonIsBackOnGmtFromOneOClockUtcOnTheLastSundayOfOctober) {
  EXPECT_EQ(TimeZone::London().OffsetSeconds(At("2026-10-25T01:00:00Z")), 0);
}

TEST(TimeZoneTest, LondonChangesClocksOnTheLastSundaysOfMarchAndOctoberEveryYear) {
  TimeZone london = TimeZone::London();
  for (const ChangeDays& change : KnownChangeDays()) {
    Instant spring = Instant::StartOfUtcDay(change.spring_forward).AddSeconds(3600);
    Instant autumn = Instant::StartOfUtcDay(change.fall_back).AddSeconds(3600);
    EXPECT_EQ(london.OffsetSeconds(spring.AddSeconds(-1)), 0) << change.spring_forward.ToString();
    EXPECT_EQ(london.OffsetSeconds(spring), 3600) << change.spring_forward.ToString();
    EXPECT_EQ(london.OffsetSeconds(autumn.AddSeconds(-1)), 3600) << change.fall_back.ToString();
    EXPECT_EQ(london.OffsetSeconds(autumn), 0) << change.fall_back.ToString();
    // A week either side: the Sunday before is still the old offset, the one after the new.
    EXPECT_EQ(london.OffsetSeconds(spring.AddSeconds(-7 * kSecondsPerDay)), 0);
    EXPECT_EQ(london.OffsetSeconds(autumn.AddSeconds(-7 * kSecondsPerDay)), 3600);
    EXPECT_EQ(london.OffsetSeconds(autumn.AddSeconds(7 * kSecondsPerDay)), 0);
  }
}

TEST(TimeZoneTest, LondonIsOnGmtInWinterAndBstInSummer) {
  TimeZone london = TimeZone::London();
  EXPECT_EQ(london.OffsetSeconds(At("2026-01-15T12:00:00Z")), 0);
  EXPECT_EQ(london.OffsetSeconds(At("2026-07-15T12:00:00Z")), 3600);
  EXPECT_EQ(london.OffsetSeconds(At("2026-12-31T23:59:59Z")), 0);
  EXPECT_EQ(london.OffsetSeconds(At("2027-01-01T00:00:00Z")), 0);
}

TEST(TimeZoneTest, HalfPastElevenUtcOnTheLastDayOfJuneIsTheFirstOfJulyInLondon) {
  EXPECT_EQ(TimeZone::London().LocalDate(At("2026-06-30T23:30:00Z")), D(2026, 7, 1));
  EXPECT_EQ(TimeZone::Utc().LocalDate(At("2026-06-30T23:30:00Z")), D(2026, 6, 30));
}

TEST(TimeZoneTest, LondonDateFollowsUtcDateInWinter) {
  TimeZone london = TimeZone::London();
  EXPECT_EQ(london.LocalDate(At("2026-01-31T23:30:00Z")), D(2026, 1, 31));
  EXPECT_EQ(london.LocalDate(At("2026-02-01T00:00:00Z")), D(2026, 2, 1));
}

TEST(TimeZoneTest, LondonDateChangesAtLocalMidnightInSummer) {
  TimeZone london = TimeZone::London();
  EXPECT_EQ(london.LocalDate(At("2026-06-30T22:59:59Z")), D(2026, 6, 30));
  EXPECT_EQ(london.LocalDate(At("2026-06-30T23:00:00Z")), D(2026, 7, 1));
}

TEST(TimeZoneTest, LocalMidnightOnTheMarchChangeDayIsStillGmt) {
  TimeZone london = TimeZone::London();
  EXPECT_EQ(london.StartOfDay(D(2026, 3, 29)), At("2026-03-29T00:00:00Z"));
  EXPECT_EQ(london.EndOfDay(D(2026, 3, 29)), At("2026-03-29T22:59:59Z"));
}

TEST(TimeZoneTest, TheMarchChangeDayInLondonLastsTwentyThreeHours) {
  TimeZone london = TimeZone::London();
  Instant start = london.StartOfDay(D(2026, 3, 29));
  Instant next = london.StartOfDay(D(2026, 3, 30));
  EXPECT_EQ(next.SecondsSinceEpoch() - start.SecondsSinceEpoch(), 23 * 3600);
  EXPECT_EQ(next, At("2026-03-29T23:00:00Z"));
}

TEST(TimeZoneTest, LocalMidnightOnTheOctoberChangeDayIsStillBst) {
  TimeZone london = TimeZone::London();
  EXPECT_EQ(london.StartOfDay(D(2026, 10, 25)), At("2026-10-24T23:00:00Z"));
  EXPECT_EQ(london.EndOfDay(D(2026, 10, 25)), At("2026-10-25T23:59:59Z"));
}

TEST(TimeZoneTest, TheOctoberChangeDayInLondonLastsTwentyFiveHours) {
  TimeZone london = TimeZone::London();
  Instant start = london.StartOfDay(D(2026, 10, 25));
  Instant next = london.StartOfDay(D(2026, 10, 26));
  EXPECT_EQ(next.SecondsSinceEpoch() - start.SecondsSinceEpoch(), 25 * 3600);
  EXPECT_EQ(next, At("2026-10-26T00:00:00Z"));
}

TEST(TimeZoneTest, EndOfASummerDayInLondonIsOneHourBeforeUtcMidnight) {
  TimeZone london = TimeZone::London();
  EXPECT_EQ(london.StartOfDay(D(2026, 7, 1)), At("2026-06-30T23:00:00Z"));
  EXPECT_EQ(london.EndOfDay(D(2026, 7, 1)), At("2026-07-01T22:59:59Z"));
  EXPECT_EQ(london.EndOfDay(D(2026, 7, 1)), At("2026-07-01T23:59:59+01:00"));
}

TEST(TimeZoneTest, EndOfAWinterDayInLondonIsOneSecondBeforeUtcMidnight) {
  EXPECT_EQ(TimeZone::London().EndOfDay(D(2026, 12, 24)), At("2026-12-24T23:59:59Z"));
}

// Every day from 2016 to 2030, in zones one and two hours ahead too: the day
// starts and ends on itself, its neighbours are one second away, and it lasts
// 23, 25 or 24 hours according to the change days.
TEST(TimeZoneTest, EveryDayStartsAndEndsOnItselfAndLastsAsLongAsTheClocksSay) {
  std::vector<ChangeDays> changes = KnownChangeDays();
  auto hours_in = [&](Date day) {
    for (const ChangeDays& change : changes) {
      if (day == change.spring_forward) return 23;
      if (day == change.fall_back) return 25;
    }
    return 24;
  };
  for (const char* name : {"Europe/London", "Europe/Paris", "Europe/Helsinki"}) {
    TimeZone zone = Zone(name);
    for (Date day = D(2016, 1, 1); day <= D(2030, 12, 31); day = day.AddDays(1)) {
      Instant start = zone.StartOfDay(day);
      Instant end = zone.EndOfDay(day);
      ASSERT_EQ(zone.LocalDate(start), day) << name << " " << day.ToString();
      ASSERT_EQ(zone.LocalDate(start.AddSeconds(-1)), day.AddDays(-1)) << name << " " << day.ToString();
      ASSERT_EQ(zone.LocalDate(end), day) << name << " " << day.ToString();
      ASSERT_EQ(zone.LocalDate(end.AddSeconds(1)), day.AddDays(1)) << name << " " << day.ToString();
      ASSERT_EQ(end.SecondsSinceEpoch() + 1 - start.SecondsSinceEpoch(), hours_in(day) * 3600)
          << name << " " << day.ToString();
    }
  }
}

TEST(TimeZoneTest, CentralEuropeanZonesAreAnHourAheadOfLondon) {
  TimeZone paris = Zone("Europe/Paris");
  EXPECT_EQ(paris.OffsetSeconds(At("2026-01-15T12:00:00Z")), 3600);
  EXPECT_EQ(paris.OffsetSeconds(At("2026-03-29T00:59:59Z")), 3600);
  EXPECT_EQ(paris.OffsetSeconds(At("2026-03-29T01:00:00Z")), 7200);
  EXPECT_EQ(paris.OffsetSeconds(At("2026-10-25T00:59:59Z")), 7200);
  EXPECT_EQ(paris.OffsetSeconds(At("2026-10-25T01:00:00Z")), 3600);
  EXPECT_EQ(paris.LocalDate(At("2026-06-30T22:30:00Z")), D(2026, 7, 1));
  EXPECT_EQ(paris.StartOfDay(D(2026, 7, 1)), At("2026-06-30T22:00:00Z"));
}

TEST(TimeZoneTest, UtcNeverChangesItsClocks) {
  TimeZone utc = TimeZone::Utc();
  EXPECT_EQ(utc.Name(), "UTC");
  EXPECT_EQ(utc.OffsetSeconds(At("2026-07-15T12:00:00Z")), 0);
  EXPECT_EQ(utc.StartOfDay(D(2026, 7, 1)), At("2026-07-01T00:00:00Z"));
  EXPECT_EQ(utc.EndOfDay(D(2026, 3, 29)), At("2026-03-29T23:59:59Z"));
  EXPECT_EQ(utc.EndOfDay(D(2026, 10, 25)), At("2026-10-25T23:59:59Z"));
}

TEST(TimeZoneTest, CreateFindsZonesByTheirIanaNames) {
  auto london = TimeZone::Create("Europe/London");
  ASSERT_TRUE(london) << london.error().message;
  EXPECT_EQ(london->Name(), "Europe/London");
  EXPECT_EQ(london->OffsetSeconds(At("2026-07-15T12:00:00Z")), 3600);
  EXPECT_EQ(TimeZone::London().Name(), "Europe/London");
  auto utc = TimeZone::Create("Etc/UTC");
  ASSERT_TRUE(utc);
  EXPECT_EQ(utc->OffsetSeconds(At("2026-07-15T12:00:00Z")), 0);
}

TEST(TimeZoneTest, AnUnknownZoneIsRejectedListingTheKnownOnes) {
  auto zone = TimeZone::Create("Mars/Olympus_Mons");
  ASSERT_FALSE(zone);
  EXPECT_EQ(zone.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(zone.error().message.find("'Mars/Olympus_Mons'"), std::string::npos) << zone.error().message;
  EXPECT_NE(zone.error().message.find("Europe/London"), std::string::npos) << zone.error().message;
  EXPECT_FALSE(TimeZone::Create(""));
  EXPECT_FALSE(TimeZone::Create("America/New_York"));
}

}  // namespace
}  // namespace docket
