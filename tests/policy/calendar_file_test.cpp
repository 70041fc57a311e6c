#include "policy/calendar_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace docket::policy {
namespace {

Date D(int year, unsigned month, unsigned day) { return Date::FromYmd(year, month, day); }

constexpr const char* kSmallCalendar = R"(name = "Test holidays"
source = "https://example.org/holidays"
covers_from = 2026-01-01
covers_to = 2026-12-31

[[holiday]]
date = 2026-12-25
title = "Christmas Day"

[[holiday]]
date = 2026-04-03
title = "Good Friday"
)";

TEST(CalendarFileTest, ASmallCalendarLoadsWithItsHolidaysInDateOrder) {
  Result<WorkingCalendar> calendar = LoadCalendar(kSmallCalendar, "small.toml");
  ASSERT_TRUE(calendar) << calendar.error().message;
  EXPECT_EQ(calendar->Name(), "Test holidays");
  ASSERT_EQ(calendar->Holidays().size(), 2u);
  EXPECT_EQ(calendar->Holidays()[0].date, D(2026, 4, 3));
  EXPECT_EQ(calendar->Holidays()[0].title, "Good Friday");
  EXPECT_TRUE(calendar->IsHoliday(D(2026, 12, 25)));
  EXPECT_FALSE(calendar->IsWorkingDay(D(2026, 4, 3)));
  EXPECT_TRUE(calendar->IsWorkingDay(D(2026, 4, 2)));
  EXPECT_TRUE(calendar->Covers(D(2026, 1, 1)));
  EXPECT_TRUE(calendar->Covers(D(2026, 12, 31)));
  EXPECT_FALSE(calendar->Covers(D(2027, 1, 1)));
}

TEST(CalendarFileTest, EveryProblemIsReportedWithItsPosition) {
  constexpr const char* kBroken = R"(name = "Broken"
covers_from = 2026-01-01
covers_to = 2026-12-31
region = "north"

[[holiday]]
date = "2026-04-03"
title = "Good Friday"

[[holiday]]
date = 2026-12-25
title = "Christmas Day"

[[holiday]]
date = 2026-12-25
title = "Christmas Day again"

[[holiday]]
date = 2027-01-01

[[holiday]]
title = "A holiday on no date"
)";
  Result<WorkingCalendar> calendar = LoadCalendar(kBroken, "broken.toml");
  ASSERT_FALSE(calendar);
  EXPECT_EQ(calendar.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(calendar.error().message,
            "broken.toml:4:1: unknown key 'region' at the top level of a calendar; allowed keys: name, source, "
            "covers_from, covers_to, holiday\n"
            "broken.toml:7:8: 'date' must be a date (YYYY-MM-DD, without quotes)\n"
            "broken.toml:15:8: holiday 2026-12-25 is listed twice; the first is on line 11\n"
            "broken.toml:18:1: a holiday is missing 'title'\n"
            "broken.toml:19:8: holiday 2027-01-01 is outside the calendar's coverage, 2026-01-01 to 2026-12-31\n"
            "broken.toml:21:1: a holiday is missing 'date'");
}

TEST(CalendarFileTest, CoverageMustBeGivenAndRunForwards) {
  Result<WorkingCalendar> missing = LoadCalendar("name = \"x\"\ncovers_from = 2026-01-01\n", "missing.toml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "missing.toml:1:1: the calendar is missing 'covers_to'");

  Result<WorkingCalendar> backwards =
      LoadCalendar("name = \"x\"\ncovers_from = 2026-01-01\ncovers_to = 2025-12-31\n", "backwards.toml");
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().message, "backwards.toml:3:13: covers_to 2025-12-31 is before covers_from 2026-01-01");
}

TEST(CalendarFileTest, ATomlSyntaxErrorIsReportedAtItsPosition) {
  Result<WorkingCalendar> calendar = LoadCalendar("name = \"x\"\ncovers_from = 2026-02-30\n", "bad_date.toml");
  ASSERT_FALSE(calendar);
  EXPECT_EQ(calendar.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(calendar.error().message.rfind("bad_date.toml:2:", 0), 0u) << calendar.error().message;
}

TEST(CalendarFileTest, AFileThatCannotBeReadIsNotFound) {
  Result<WorkingCalendar> calendar = LoadCalendarFile("/nonexistent/calendar.toml");
  ASSERT_FALSE(calendar);
  EXPECT_EQ(calendar.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(calendar.error().message, "cannot read '/nonexistent/calendar.toml'");
}

TEST(CalendarFileTest, TheShippedEnglandAndWalesCalendarHasEaster2026) {
  std::filesystem::path path = std::filesystem::path(DOCKET_DATA_DIR) / "calendars" / "england-and-wales.toml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is not there yet";
  Result<WorkingCalendar> calendar = LoadCalendarFile(path);
  ASSERT_TRUE(calendar) << calendar.error().message;
  EXPECT_EQ(calendar->Name(), "England and Wales bank holidays");
  EXPECT_TRUE(calendar->IsHoliday(D(2026, 4, 3)));   // Good Friday
  EXPECT_TRUE(calendar->IsHoliday(D(2026, 4, 6)));   // Easter Monday
  EXPECT_TRUE(calendar->IsWorkingDay(D(2026, 4, 7)));
  EXPECT_TRUE(calendar->IsHoliday(D(2022, 9, 19)));  // The state funeral of Queen Elizabeth II.
  EXPECT_TRUE(calendar->Covers(D(2016, 1, 1)));
  EXPECT_TRUE(calendar->Covers(D(2030, 12, 31)));
  EXPECT_FALSE(calendar->Covers(D(2031, 1, 1)));
}

}  // namespace
}  // namespace docket::policy
