// Importing events and who appeared at them, from CSV here and from
// iCalendar through src/ical/ (both produce EventRecords), then running the
// platform-sharing rule's incremental check on every imported event in the
// same transaction, so an event imported after the fact raises its alerts at
// once.
//
// CSV columns: event_id, title, starts_at, name, role (required); place,
// links (separated by spaces), membership_number (optional). One row per
// participant; rows with the same event_id make one event, and its later
// rows may leave title, starts_at, place and links empty. starts_at is RFC
// 3339 (2026-05-10T18:00:00Z, or with an offset) or a local time
// "YYYY-MM-DD HH:MM" in the organisation's time zone. A participant with a
// membership number must be a known member; without one, the name stays
// unresolved until a person confirms a candidate (docket events match).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/member_import.hpp"
#include "app/platform_service.hpp"
#include "app/progress.hpp"
#include "core/result.hpp"
#include "core/time_zone.hpp"
#include "domain/actor.hpp"
#include "domain/platform.hpp"
#include "store/store.hpp"

namespace docket::app {

/// A participant as a source lists them.
struct ParticipantRecord {
  int line = 0;
  std::string name;
  std::string membership_number;  //!< Empty when the source gives none.
  domain::PlatformRole role = domain::PlatformRole::kSpeaker;
};

/// An event as a source gives it, with the line it starts on.
struct EventRecord {
  int line = 0;
  domain::Event event;  //!< id unset; external_id, title, starts_at, place, links, source set.
  std::vector<ParticipantRecord> participants;
};

/// Events read from a file, and the rows or entries that could not be read.
struct ParsedEvents {
  std::vector<EventRecord> events;
  std::vector<RowError> errors;
};

/// What an event import did.
struct EventImportReport {
  std::int64_t events = 0;        //!< Events written (new or updated).
  std::int64_t updated = 0;       //!< Of which already known (same source id): updated in place.
  std::int64_t appearances = 0;
  std::int64_t unresolved = 0;    //!< Names waiting for a person's decision.
  std::vector<RowError> errors;
  CheckReport check;
};

/// Parses an events CSV. kInvalidArgument ("FILE:LINE: ...") only when the
/// file as a whole is unreadable (empty, or a bad header).
Result<ParsedEvents> ParseEventsCsv(std::string_view csv_text, std::string_view file_name, const TimeZone& zone);

/// A local wall-clock time in `zone` as an instant.
Instant FromLocalTime(const TimeZone& zone, Date date, int seconds_of_day);

/// Writes parsed events. Participants with a membership number that no
/// member has are bad rows. kAllOrNothing writes nothing when any row (of
/// the file or found while writing) is bad; kPartial writes the events
/// whose rows are all good and lists the rest. Re-importing an event (same
/// source id) updates it and keeps the decisions already made on its names.
/// kPermissionDenied unless the actor may write platform data.
Result<EventImportReport> ImportEvents(store::Store& store, PlatformService& platform, const domain::Actor& actor,
                                       ParsedEvents parsed, ImportMode mode, const Progress& progress = {});

}  // namespace docket::app
