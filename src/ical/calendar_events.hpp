// iCalendar (RFC 5545) files to EventRecords, through libical. The only
// place that includes <libical/ical.h>: the rest of docket sees plain
// records, each with the line of its BEGIN:VEVENT.
//
// Each VEVENT is an event: UID (its source id), SUMMARY, DTSTART (UTC, with
// a TZID, or floating and then read in the organisation's time zone; a date
// alone means midday that day), LOCATION and URL. Participants: ORGANIZER is
// the organiser; each ATTENDEE is named by its CN (or its address) with a
// role from ROLE: CHAIR is the chair, REQ-PARTICIPANT (the default) a
// speaker, OPT-PARTICIPANT and NON-PARTICIPANT attendees. A participant's
// membership number may be given in an X-MEMBERSHIP-NUMBER parameter.
#pragma once

#include <string_view>

#include "app/event_import.hpp"
#include "core/result.hpp"
#include "core/time_zone.hpp"

namespace docket::ical {

/// Parses a calendar. A malformed entry is a RowError at its BEGIN:VEVENT
/// line; kInvalidArgument ("FILE: ...") when the text is not a calendar at all.
Result<app::ParsedEvents> ParseCalendar(std::string_view text, std::string_view file_name, const TimeZone& zone);

}  // namespace docket::ical
