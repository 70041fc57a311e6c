#include "core/time.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace docket {
namespace {

Date D(int year, unsigned month, unsigned day) { return Date::FromYmd(year, month, day); }

Instant ParsedInstant(const std::string& text) {
  auto parsed = Instant::Parse(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error().message);
  return parsed.value_or(Instant{});
}

TEST(DateTest, TheEpochIsDayZero) {
  EXPECT_EQ(D(1970, 1, 1).DaysSinceEpoch(), 0);
  EXPECT_EQ(D(1969, 12, 29).DaysSinceEpoch(), -3);
  EXPECT_EQ(D(2000, 2, 29).DaysSinceEpoch(), 11016);
  EXPECT_EQ(D(2026, 3, 29).DaysSinceEpoch(), 20541);
}

TEST(DateTest, ParsesAnIsoDateIntoItsParts) {
  auto date = Date::Parse("2026-03-29");
  ASSERT_TRUE(date) << date.error().message;
  EXPECT_EQ(*date, D(2026, 3, 29));
  EXPECT_EQ(date->Year(), 2026);
  EXPECT_EQ(date->Month(), 3u);
  EXPECT_EQ(date->Day(), 29u);
}

TEST(DateTest, FormatsWithZeroPadding) {
  EXPECT_EQ(D(2026, 1, 5).ToString(), "2026-01-05");
  EXPECT_EQ(D(2026, 12, 31).ToString(), "2026-12-31");
  EXPECT_EQ(D(987, 6, 7).ToString(), "0987-06-07");
}

TEST(DateTest, FormattingAndParsingRoundTripForEveryDayFrom1900To2100) {
  for (Date day = D(1900, 1, 1); day <= D(2100, 12, 31); day = day.AddDays(1)) {
    std::string text = day.ToString();
    auto parsed = Date::Parse(text);
    ASSERT_TRUE(parsed) << text;
    ASSERT_EQ(*parsed, day) << text;
    ASSERT_EQ(D(day.Year(), day.Month(), day.Day()), day) << text;
  }
}

TEST(DateTest, ThirtiethOfFebruaryIsRejectedNamingTheText) {
  auto date = Date::Parse("2026-02-30");
  ASSERT_FALSE(date);
  EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(date.error().message.find("2026-02-30"), std::string::npos) << date.error().message;
}

TEST(DateTest, LeapDayIsAcceptedOnlyInLeapYears) {
  EXPECT_TRUE(Date::Parse("2024-02-29"));
  EXPECT_TRUE(Date::Parse("2000-02-29"));
  EXPECT_FALSE(Date::Parse("2026-02-29"));
  EXPECT_FALSE(Date::Parse("1900-02-29"));
  EXPECT_FALSE(Date::Parse("2100-02-29"));
}

TEST(DateTest, DaysBeyondTheEndOfTheMonthAreRejected) {
  for (const char* text : {"2026-04-31", "2026-06-31", "2026-09-31", "2026-11-31", "2026-01-32", "2026-01-00",
                           "2026-00-10", "2026-13-01"}) {
    auto date = Date::Parse(text);
    EXPECT_FALSE(date) << text;
    if (!date) {
      EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument) << text;
    }
  }
  EXPECT_TRUE(Date::Parse("2026-01-31"));
  EXPECT_TRUE(Date::Parse("2026-04-30"));
}

TEST(DateTest, TextNotOfTheFormYyyyMmDdIsRejected) {
  for (const char* text : {"", "2026-3-29", "2026/03/29", "26-03-29", "2026-03-29x", " 2026-03-29", "2026-03-2",
                           "+026-03-29", "2026-0a-01", "2026-03-29T00:00:00Z", "29/03/2026"}) {
    auto date = Date::Parse(text);
    EXPECT_FALSE(date) << "'" << text << "'";
    if (!date) {
      EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument) << text;
    }
  }
}

TEST(DateTest, KnowsTheDayOfTheWeek) {
  EXPECT_EQ(D(1970, 1, 1).DayOfWeek(), Weekday::kThursday);
  EXPECT_EQ(D(1969, 12, 31).DayOfWeek(), Weekday::kWednesday);
  EXPECT_EQ(D(1969, 12, 28).DayOfWeek(), Weekday::kSunday);
  EXPECT_EQ(D(2024, 2, 29).DayOfWeek(), Weekday::kThursday);
  EXPECT_EQ(D(2026, 3, 29).DayOfWeek(), Weekday::kSunday);
  EXPECT_EQ(D(2026, 3, 30).DayOfWeek(), Weekday::kMonday);
  EXPECT_EQ(D(2026, 4, 3).DayOfWeek(), Weekday::kFriday);
  EXPECT_EQ(D(2026, 4, 4).DayOfWeek(), Weekday::kSaturday);
}

TEST(DateTest, WeekdaysCycleMondayToSunday) {
  Date day = D(2026, 1, 5);  // a Monday
  for (int i = 0; i < 700; ++i) {
    ASSERT_EQ(static_cast<int>(day.AddDays(i).DayOfWeek()), i % 7 + 1) << day.AddDays(i).ToString();
  }
}

TEST(DateTest, AddDaysCrossesMonthAndYearEnds) {
  EXPECT_EQ(D(2026, 12, 31).AddDays(1), D(2027, 1, 1));
  EXPECT_EQ(D(2024, 2, 28).AddDays(1), D(2024, 2, 29));
  EXPECT_EQ(D(2026, 3, 1).AddDays(-1), D(2026, 2, 28));
}

TEST(DateTest, AddingAMonthToThe31stOfJanuaryClampsToTheEndOfFebruary) {
  EXPECT_EQ(D(2026, 1, 31).AddMonths(1), D(2026, 2, 28));
  EXPECT_EQ(D(2024, 1, 31).AddMonths(1), D(2024, 2, 29));
}

TEST(DateTest, AddMonthsClampsToShorterMonths) {
  EXPECT_EQ(D(2026, 5, 31).AddMonths(1), D(2026, 6, 30));
  EXPECT_EQ(D(2026, 3, 31).AddMonths(-1), D(2026, 2, 28));
  EXPECT_EQ(D(2026, 10, 31).AddMonths(4), D(2027, 2, 28));
  EXPECT_EQ(D(2024, 2, 29).AddMonths(-12), D(2023, 2, 28));
  EXPECT_EQ(D(2024, 2, 29).AddMonths(48), D(2028, 2, 29));
}

TEST(DateTest, AddMonthsKeepsTheDayWhenItExists) {
  EXPECT_EQ(D(2026, 12, 15).AddMonths(1), D(2027, 1, 15));
  EXPECT_EQ(D(2026, 1, 15).AddMonths(-1), D(2025, 12, 15));
  EXPECT_EQ(D(2026, 2, 28).AddMonths(1), D(2026, 3, 28));
  EXPECT_EQ(D(2026, 1, 31).AddMonths(2), D(2026, 3, 31));
  EXPECT_EQ(D(2026, 7, 14).AddMonths(0), D(2026, 7, 14));
  EXPECT_EQ(D(2026, 7, 14).AddMonths(-30), D(2024, 1, 14));
}

TEST(DateTest, DatesCompareChronologically) {
  EXPECT_LT(D(2026, 1, 31), D(2026, 2, 1));
  EXPECT_LT(D(1969, 12, 31), D(1970, 1, 1));
  EXPECT_GT(D(2027, 1, 1), D(2026, 12, 31));
}

TEST(InstantTest, ParsesUtcWithZ) {
  auto at = Instant::Parse("2026-03-29T00:30:00Z");
  ASSERT_TRUE(at) << at.error().message;
  EXPECT_EQ(at->SecondsSinceEpoch(), 1774744200);
  EXPECT_EQ(*at, Instant::StartOfUtcDay(D(2026, 3, 29)).AddSeconds(1800));
}

TEST(InstantTest, ThePositiveOffsetIsSubtractedToReachUtc) {
  EXPECT_EQ(ParsedInstant("2026-03-29T01:30:00+01:00"), ParsedInstant("2026-03-29T00:30:00Z"));
  EXPECT_EQ(ParsedInstant("2026-07-01T00:15:00+02:00"), ParsedInstant("2026-06-30T22:15:00Z"));
}

TEST(InstantTest, TheNegativeOffsetIsAddedToReachUtc) {
  EXPECT_EQ(ParsedInstant("2026-03-28T19:00:00-05:30"), ParsedInstant("2026-03-29T00:30:00Z"));
  EXPECT_EQ(ParsedInstant("2026-12-31T23:00:00-01:00"), ParsedInstant("2027-01-01T00:00:00Z"));
}

TEST(InstantTest, ZeroOffsetsAndLowerCaseSeparatorsMeanUtc) {
  Instant expected = ParsedInstant("2026-03-29T00:30:00Z");
  EXPECT_EQ(ParsedInstant("2026-03-29T00:30:00+00:00"), expected);
  EXPECT_EQ(ParsedInstant("2026-03-29T00:30:00-00:00"), expected);
  EXPECT_EQ(ParsedInstant("2026-03-29t00:30:00z"), expected);
  EXPECT_EQ(ParsedInstant("2026-03-29 00:30:00Z"), expected);
}

TEST(InstantTest, FractionalSecondsAreTruncated) {
  EXPECT_EQ(ParsedInstant("2026-03-29T00:30:00.999Z"), ParsedInstant("2026-03-29T00:30:00Z"));
  EXPECT_EQ(ParsedInstant("2026-03-29T01:30:05.5+01:00"), ParsedInstant("2026-03-29T00:30:05Z"));
}

TEST(InstantTest, ALeapSecondIsReadAsTheLastSecondOfItsMinute) {
  EXPECT_EQ(ParsedInstant("2016-12-31T23:59:60Z"), ParsedInstant("2016-12-31T23:59:59Z"));
}

TEST(InstantTest, MalformedTimesAreRejectedNamingTheText) {
  for (const char* text : {"", "2026-03-29", "2026-03-29T00:30:00", "2026-03-29T00:30Z", "2026-03-29T24:00:00Z",
                           "2026-03-29T00:60:00Z", "2026-03-29T00:30:61Z", "2026-02-30T00:30:00Z",
                           "2026-03-29X00:30:00Z", "2026-03-29T00:30:00+0100", "2026-03-29T00:30:00+1:00",
                           "2026-03-29T00:30:00+24:00", "2026-03-29T00:30:00+01:60", "2026-03-29T00:30:00 Z",
                           "2026-03-29T00:30:00Zjunk", "2026-03-29T00:30:00.Z", "2026-03-29T0a:30:00Z",
                           "2026-03-29T00:30:00GMT"}) {
    auto at = Instant::Parse(text);
    EXPECT_FALSE(at) << "'" << text << "' parsed as " << (at ? at->ToString() : "");
    if (!at) {
      EXPECT_EQ(at.error().code, ErrorCode::kInvalidArgument) << text;
      EXPECT_NE(at.error().message.find(std::string("'") + text + "'"), std::string::npos) << at.error().message;
    }
  }
}

TEST(InstantTest, FormatsAsRfc3339InUtc) {
  EXPECT_EQ(Instant(0).ToString(), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Instant(1774744200).ToString(), "2026-03-29T00:30:00Z");
  EXPECT_EQ(Instant(1774744200 + 3600 * 13 + 60 * 4 + 9).ToString(), "2026-03-29T13:34:09Z");
  EXPECT_EQ(ParsedInstant("2026-10-25T01:30:00+01:00").ToString(), "2026-10-25T00:30:00Z");
}

TEST(DateTest, YearsBeyondFourDigitsAreWrittenInFull) {
  EXPECT_EQ(D(0, 1, 1).ToString(), "0000-01-01");
  EXPECT_EQ(D(9999, 12, 31).ToString(), "9999-12-31");
  EXPECT_EQ(D(10000, 1, 2).ToString(), "10000-01-02");
  EXPECT_EQ(D(-1, 3, 4).ToString(), "-001-03-04");
  EXPECT_EQ(Instant(static_cast<std::int64_t>(D(10000, 1, 2).DaysSinceEpoch()) * kSecondsPerDay + 61).ToString(),
            "10000-01-02T00:01:01Z");
}

TEST(InstantTest, InstantsBeforeTheEpochFormatOnTheRightDay) {
  EXPECT_EQ(Instant(-1).ToString(), "1969-12-31T23:59:59Z");
  EXPECT_EQ(Instant(-kSecondsPerDay).ToString(), "1969-12-31T00:00:00Z");
  EXPECT_EQ(Instant(-1).UtcDate(), D(1969, 12, 31));
  EXPECT_EQ(Instant(-kSecondsPerDay).UtcDate(), D(1969, 12, 31));
  EXPECT_EQ(Instant(-kSecondsPerDay - 1).UtcDate(), D(1969, 12, 30));
}

TEST(InstantTest, FormattingAndParsingRoundTrip) {
  // A stride coprime to a day's length visits every time of day over the years.
  for (std::int64_t seconds = -400000000; seconds < 2000000000; seconds += 7777777) {
    Instant at(seconds);
    auto parsed = Instant::Parse(at.ToString());
    ASSERT_TRUE(parsed) << at.ToString();
    ASSERT_EQ(*parsed, at) << at.ToString();
  }
}

TEST(InstantTest, UtcDateChangesExactlyAtUtcMidnight) {
  Instant midnight = Instant::StartOfUtcDay(D(2026, 7, 1));
  EXPECT_EQ(midnight.UtcDate(), D(2026, 7, 1));
  EXPECT_EQ(midnight.AddSeconds(-1).UtcDate(), D(2026, 6, 30));
  EXPECT_EQ(midnight.AddSeconds(kSecondsPerDay - 1).UtcDate(), D(2026, 7, 1));
  EXPECT_EQ(midnight.AddSeconds(kSecondsPerDay).UtcDate(), D(2026, 7, 2));
}

TEST(InstantTest, InstantsCompareChronologically) {
  EXPECT_LT(ParsedInstant("2026-03-29T00:59:59Z"), ParsedInstant("2026-03-29T01:00:00Z"));
  EXPECT_LT(ParsedInstant("2026-03-29T01:30:00+01:00"), ParsedInstant("2026-03-29T01:00:00Z"));
}

}  // namespace
}  // namespace docket
