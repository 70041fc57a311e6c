#include "ical/calendar_events.hpp"

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <libical/ical.h>

namespace docket::ical {
namespace {

struct FreeComponent {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};

// The 1-based line of each BEGIN:VEVENT, in order. Content lines that begin
// a component are never folded, so a plain scan finds them.
std::vector<int> EventLines(std::string_view text) {
  std::vector<int> lines;
  int line = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view content = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (content == "BEGIN:VEVENT") lines.push_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
    ++line;
  }
  return lines;
}

std::string Text(const char* value) { return value == nullptr ? std::string() : std::string(value); }

std::string Parameter(icalproperty* property, icalparameter_kind kind) {
  icalparameter* parameter = icalproperty_get_first_parameter(property, kind);
  if (parameter == nullptr) return {};
  if (kind == ICAL_CN_PARAMETER) return Text(icalparameter_get_cn(parameter));
  if (kind == ICAL_TZID_PARAMETER) return Text(icalparameter_get_tzid(parameter));
  return {};
}

std::string MembershipNumber(icalproperty* property) {
  for (icalparameter* p = icalproperty_get_first_parameter(property, ICAL_X_PARAMETER); p != nullptr;
       p = icalproperty_get_next_parameter(property, ICAL_X_PARAMETER)) {
    if (Text(icalparameter_get_xname(p)) == "X-MEMBERSHIP-NUMBER") return Text(icalparameter_get_xvalue(p));
  }
  return {};
}

// The name of a participant: the CN, or the address without its scheme.
std::string NameOf(icalproperty* property, const char* address) {
  std::string name = Parameter(property, ICAL_CN_PARAMETER);
  if (!name.empty()) return name;
  std::string text = Text(address);
  if (text.rfind("mailto:", 0) == 0 || text.rfind("MAILTO:", 0) == 0) text = text.substr(7);
  return text;
}

Result<Instant> StartOf(icalcomponent* calendar, icalproperty* dtstart, const TimeZone& zone) {
  icaltimetype time = icalproperty_get_dtstart(dtstart);
  if (icaltime_is_null_time(time) || !icaltime_is_valid_time(time)) {
    return Fail(ErrorCode::kInvalidArgument, "DTSTART is not a valid date or time");
  }
  Date date = Date::FromYmd(time.year, static_cast<unsigned>(time.month), static_cast<unsigned>(time.day));
  if (icaltime_is_date(time)) return app::FromLocalTime(zone, date, 12 * 3600);
  int seconds = time.hour * 3600 + time.minute * 60 + time.second;
  if (icaltime_is_utc(time)) return Instant::StartOfUtcDay(date).AddSeconds(seconds);
  std::string tzid = Parameter(dtstart, ICAL_TZID_PARAMETER);
  if (tzid.empty()) return app::FromLocalTime(zone, date, seconds);  // Floating: the organisation's local time.
  icaltimezone* named = icalcomponent_get_timezone(calendar, tzid.c_str());
  if (named == nullptr) named = icaltimezone_get_builtin_timezone(tzid.c_str());
  if (named == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("DTSTART names time zone '{}', which neither the file nor libical defines", tzid));
  }
  return Instant(static_cast<std::int64_t>(icaltime_as_timet_with_zone(time, named)));
}

Result<app::EventRecord> ReadEvent(icalcomponent* calendar, icalcomponent* event, int line,
                                   std::string_view file_name, const TimeZone& zone) {
  for (icalproperty* error = icalcomponent_get_first_property(event, ICAL_XLICERROR_PROPERTY); error != nullptr;
       error = icalcomponent_get_next_property(event, ICAL_XLICERROR_PROPERTY)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("malformed entry: {}", Text(icalproperty_get_xlicerror(error))));
  }
  app::EventRecord record;
  record.line = line;
  record.event.external_id = Text(icalcomponent_get_uid(event));
  if (record.event.external_id.empty()) return Fail(ErrorCode::kInvalidArgument, "VEVENT has no UID");
  record.event.title = Text(icalcomponent_get_summary(event));
  if (record.event.title.empty()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("VEVENT '{}' has no SUMMARY", record.event.external_id));
  }
  icalproperty* dtstart = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
  if (dtstart == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("VEVENT '{}' has no DTSTART", record.event.external_id));
  }
  auto starts = StartOf(calendar, dtstart, zone);
  if (!starts) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("VEVENT '{}': {}", record.event.external_id, starts.error().message));
  }
  record.event.starts_at = *starts;
  record.event.place = Text(icalcomponent_get_location(event));
  for (icalproperty* url = icalcomponent_get_first_property(event, ICAL_URL_PROPERTY); url != nullptr;
       url = icalcomponent_get_next_property(event, ICAL_URL_PROPERTY)) {
    record.event.links.push_back(Text(icalproperty_get_url(url)));
  }
  record.event.source = fmt::format("{}:{} (UID {})", file_name, line, record.event.external_id);
  if (icalproperty* organizer = icalcomponent_get_first_property(event, ICAL_ORGANIZER_PROPERTY)) {
    record.participants.push_back({line, NameOf(organizer, icalproperty_get_organizer(organizer)),
                                   MembershipNumber(organizer), domain::PlatformRole::kOrganiser});
  }
  for (icalproperty* attendee = icalcomponent_get_first_property(event, ICAL_ATTENDEE_PROPERTY); attendee != nullptr;
       attendee = icalcomponent_get_next_property(event, ICAL_ATTENDEE_PROPERTY)) {
    domain::PlatformRole role = domain::PlatformRole::kSpeaker;  // RFC 5545: REQ-PARTICIPANT is the default.
    if (icalparameter* parameter = icalproperty_get_first_parameter(attendee, ICAL_ROLE_PARAMETER)) {
      switch (icalparameter_get_role(parameter)) {
        case ICAL_ROLE_CHAIR: role = domain::PlatformRole::kChair; break;
        case ICAL_ROLE_REQPARTICIPANT: role = domain::PlatformRole::kSpeaker; break;
        case ICAL_ROLE_OPTPARTICIPANT:
        case ICAL_ROLE_NONPARTICIPANT: role = domain::PlatformRole::kAttendee; break;
        default:
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("VEVENT '{}': ATTENDEE '{}' has an unknown ROLE", record.event.external_id,
                                  NameOf(attendee, icalproperty_get_attendee(attendee))));
      }
    }
    std::string name = NameOf(attendee, icalproperty_get_attendee(attendee));
    if (name.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("VEVENT '{}': an ATTENDEE has neither CN nor address", record.event.external_id));
    }
    record.participants.push_back({line, name, MembershipNumber(attendee), role});
  }
  return record;
}

}  // namespace

Result<app::ParsedEvents> ParseCalendar(std::string_view text, std::string_view file_name, const TimeZone& zone) {
  std::string owned(text);
  std::unique_ptr<icalcomponent, FreeComponent> calendar(icalparser_parse_string(owned.c_str()));
  if (calendar == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: not an iCalendar file (no VCALENDAR could be read)", file_name));
  }
  std::vector<int> lines = EventLines(text);
  app::ParsedEvents parsed;
  std::size_t index = 0;
  auto each = [&](icalcomponent* event) {
    int line = index < lines.size() ? lines[index] : 0;
    ++index;
    auto record = ReadEvent(calendar.get(), event, line, file_name, zone);
    if (!record) {
      parsed.errors.push_back({line, record.error().message});
      return;
    }
    parsed.events.push_back(std::move(*record));
  };
  if (icalcomponent_isa(calendar.get()) == ICAL_VEVENT_COMPONENT) {
    each(calendar.get());
  } else {
    for (icalcomponent* event = icalcomponent_get_first_component(calendar.get(), ICAL_VEVENT_COMPONENT);
         event != nullptr; event = icalcomponent_get_next_component(calendar.get(), ICAL_VEVENT_COMPONENT)) {
      each(event);
    }
  }
  if (index == 0) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: the calendar has no VEVENT", file_name));
  }
  return parsed;
}

}  // namespace docket::ical
