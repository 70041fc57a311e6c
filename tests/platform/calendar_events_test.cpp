#include "ical/calendar_events.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace docket::ical {
namespace {

std::string Read(const std::string& name) {
  std::ifstream in(std::string(DOCKET_TEST_DATA_DIR) + "/platform/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CalendarEventsTest, OrganizerChairAndRolesMapToPlatformRolesAndTimesToInstants) {
  auto parsed = ParseCalendar(Read("diary.ics"), "diary.ics", TimeZone::London());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->errors.empty());
  ASSERT_EQ(parsed->events.size(), 2u);
  const app::EventRecord& forum = parsed->events[0];
  EXPECT_EQ(forum.line, 4);
  EXPECT_EQ(forum.event.external_id, "forum-7@example.org");
  EXPECT_EQ(forum.event.title, "Community forum on the high street");
  EXPECT_EQ(forum.event.place, "Westmoor Library");
  EXPECT_EQ(forum.event.starts_at.ToString(), "2026-03-15T19:00:00Z");
  EXPECT_EQ(forum.event.links, std::vector<std::string>{"https://example.org/forum-7"});
  ASSERT_EQ(forum.participants.size(), 3u);
  EXPECT_EQ(forum.participants[0].name, "Dora Expelled");
  EXPECT_EQ(forum.participants[0].membership_number, "D5");
  EXPECT_EQ(forum.participants[0].role, domain::PlatformRole::kOrganiser);
  EXPECT_EQ(forum.participants[1].role, domain::PlatformRole::kChair);
  EXPECT_EQ(forum.participants[2].role, domain::PlatformRole::kAttendee);

  const app::EventRecord& hustings = parsed->events[1];
  EXPECT_EQ(hustings.event.starts_at.ToString(), "2026-06-30T22:30:00Z") << "TZID=Europe/London in summer is UTC+1";
  ASSERT_EQ(hustings.participants.size(), 2u);
  EXPECT_EQ(hustings.participants[0].role, domain::PlatformRole::kSpeaker) << "REQ-PARTICIPANT";
  EXPECT_EQ(hustings.participants[1].role, domain::PlatformRole::kSpeaker) << "no ROLE means REQ-PARTICIPANT";
  EXPECT_EQ(hustings.participants[1].membership_number, "");
}

TEST(CalendarEventsTest, AMalformedEntryIsReportedAtItsBeginLineAndTheOthersAreKept) {
  auto parsed = ParseCalendar(Read("diary_bad.ics"), "diary_bad.ics", TimeZone::London());
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->events.size(), 1u);
  EXPECT_EQ(parsed->events[0].event.external_id, "ok-1@example.org");
  ASSERT_EQ(parsed->errors.size(), 2u);
  EXPECT_EQ(parsed->errors[0].line, 10);
  EXPECT_EQ(parsed->errors[0].message, "VEVENT 'no-start@example.org' has no DTSTART");
  EXPECT_EQ(parsed->errors[1].line, 15);
}

TEST(CalendarEventsTest, AFloatingTimeIsTheOrganisationsLocalTimeAndGarbageIsRefused) {
  std::string text =
      "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:f@x\nDTSTART:20260701T003000\nSUMMARY:Floating\n"
      "END:VEVENT\nEND:VCALENDAR\n";
  auto parsed = ParseCalendar(text, "f.ics", TimeZone::London());
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->events.size(), 1u);
  EXPECT_EQ(parsed->events[0].event.starts_at.ToString(), "2026-06-30T23:30:00Z");
  auto garbage = ParseCalendar("this is not a calendar", "g.ics", TimeZone::London());
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace docket::ical
