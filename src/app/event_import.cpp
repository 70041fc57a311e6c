#include "app/event_import.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "app/audit_record.hpp"
#include "app/import_support.hpp"
#include "core/csv_reader.hpp"
#include "rules/name_match.hpp"

namespace docket::app {
namespace {

const std::vector<std::string> kRequired = {"event_id", "title", "starts_at", "name", "role"};
const std::vector<std::string> kOptional = {"place", "links", "membership_number"};



int Digits(std::string_view text, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

Result<Instant> ParseStartsAt(std::string_view text, const TimeZone& zone) {
  if (auto instant = Instant::Parse(text)) return *instant;
  // "YYYY-MM-DD HH:MM[:SS]" (or with a T) without an offset: local time.
  if (text.size() == 16 || text.size() == 19) {
    auto date = Date::Parse(text.substr(0, 10));
    int hours = Digits(text, 11, 2), minutes = Digits(text, 14, 2);
    int seconds = text.size() == 19 ? Digits(text, 17, 2) : 0;
    if (date && (text[10] == ' ' || text[10] == 'T') && text[13] == ':' && hours >= 0 && hours < 24 &&
        minutes >= 0 && minutes < 60 && seconds >= 0 && seconds < 60 && (text.size() == 16 || text[16] == ':')) {
      return FromLocalTime(zone, *date, hours * 3600 + minutes * 60 + seconds);
    }
  }
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("column 'starts_at': '{}' is neither RFC 3339 (2026-05-10T18:00:00Z) nor a local time "
                          "'YYYY-MM-DD HH:MM'",
                          text));
}

}  // namespace

Instant FromLocalTime(const TimeZone& zone, Date date, int seconds_of_day) {
  Instant as_if_utc = Instant::StartOfUtcDay(date).AddSeconds(seconds_of_day);
  // The offset in force at the guessed instant; a second look settles times
  // near a change of offset.
  Instant guess = as_if_utc.AddSeconds(-zone.OffsetSeconds(as_if_utc));
  return as_if_utc.AddSeconds(-zone.OffsetSeconds(guess));
}

Result<ParsedEvents> ParseEventsCsv(std::string_view csv_text, std::string_view file_name, const TimeZone& zone) {
  CsvReader reader(csv_text);
  DOCKET_TRY_ASSIGN(CsvHeader header, ReadCsvHeader(reader, file_name, kRequired, kOptional));

  ParsedEvents parsed;
  std::unordered_map<std::string, std::size_t> by_id;
  std::set<std::string> failed;
  auto fail = [&](int line, const std::string& id, std::string message) {
    parsed.errors.push_back({line, std::move(message)});
    if (!id.empty()) failed.insert(id);
  };
  while (true) {
    auto next = reader.Next();
    if (!next) {
      parsed.errors.push_back(LocatedCsvError(next.error().message));
      break;
    }
    if (!*next) break;
    const CsvRecord& record = **next;
    if (record.fields.size() != header.Width()) {
      fail(record.line, TrimmedField(header.Get(record, "event_id")),
           fmt::format("{} columns, but the header has {}", record.fields.size(), header.Width()));
      continue;
    }
    std::string id = TrimmedField(header.Get(record, "event_id"));
    if (id.empty()) {
      fail(record.line, "", "column 'event_id': empty");
      continue;
    }
    ParticipantRecord participant;
    participant.line = record.line;
    participant.name = TrimmedField(header.Get(record, "name"));
    participant.membership_number = TrimmedField(header.Get(record, "membership_number"));
    std::string role_text = TrimmedField(header.Get(record, "role"));
    auto role = domain::ParsePlatformRole(role_text);
    if (!role) {
      fail(record.line, id,
           fmt::format("column 'role': '{}' is not one of speaker, chair, organiser, host, attendee", role_text));
      continue;
    }
    participant.role = *role;
    if (participant.name.empty() && participant.membership_number.empty()) {
      fail(record.line, id, "column 'name': empty, and no membership_number either");
      continue;
    }
    auto it = by_id.find(id);
    if (it == by_id.end()) {
      EventRecord event;
      event.line = record.line;
      event.event.external_id = id;
      event.event.title = TrimmedField(header.Get(record, "title"));
      event.event.place = TrimmedField(header.Get(record, "place"));
      event.event.links = SplitOnBlanks(header.Get(record, "links"));
      event.event.source = fmt::format("{}:{}", file_name, record.line);
      if (event.event.title.empty()) {
        fail(record.line, id, fmt::format("column 'title': empty on the first row of event '{}'", id));
        continue;
      }
      auto starts = ParseStartsAt(TrimmedField(header.Get(record, "starts_at")), zone);
      if (!starts) {
        fail(record.line, id, starts.error().message);
        continue;
      }
      event.event.starts_at = *starts;
      it = by_id.emplace(id, parsed.events.size()).first;
      parsed.events.push_back(std::move(event));
    }
    parsed.events[it->second].participants.push_back(std::move(participant));
  }
  // An event with one bad row is not imported at all: its list of
  // participants would be incomplete, and the rule would judge it wrongly.
  if (!failed.empty()) {
    std::vector<EventRecord> good;
    for (EventRecord& event : parsed.events) {
      if (!failed.contains(event.event.external_id)) {
        good.push_back(std::move(event));
        continue;
      }
      parsed.errors.push_back({event.line, fmt::format("event '{}' not imported: another of its rows is invalid",
                                                       event.event.external_id)});
    }
    parsed.events = std::move(good);
  }
  std::sort(parsed.errors.begin(), parsed.errors.end(),
            [](const RowError& a, const RowError& b) { return a.line < b.line; });
  return parsed;
}

Result<EventImportReport> ImportEvents(store::Store& store, PlatformService& platform, const domain::Actor& actor,
                                       ParsedEvents parsed, ImportMode mode, const Progress& progress) {
  if (!MayWritePlatform(actor)) {
    return Fail(ErrorCode::kPermissionDenied, fmt::format("role '{}' may not import events", actor.role));
  }
  EventImportReport report;
  report.errors = std::move(parsed.errors);
  if (mode == ImportMode::kAllOrNothing && !report.errors.empty()) return report;

  DOCKET_TRY_ASSIGN(auto tx, store.Begin(store::TransactionMode::kWrite));
  std::unordered_map<std::string, std::optional<MemberId>> members_by_number;
  auto member_of = [&](const std::string& number) -> Result<std::optional<MemberId>> {
    auto it = members_by_number.find(number);
    if (it != members_by_number.end()) return it->second;
    auto member = tx->Members().FindByNumber(number);
    std::optional<MemberId> id;
    if (member) {
      id = member->id;
    } else if (member.error().code != ErrorCode::kNotFound) {
      return Fail(member.error());
    }
    members_by_number.emplace(number, id);
    return id;
  };

  // Resolve every membership number first, so a bad one refuses the import before anything is written.
  std::vector<bool> good(parsed.events.size(), true);
  for (std::size_t i = 0; i < parsed.events.size(); ++i) {
    for (const ParticipantRecord& p : parsed.events[i].participants) {
      if (p.membership_number.empty()) continue;
      DOCKET_TRY_ASSIGN(std::optional<MemberId> member, member_of(p.membership_number));
      if (!member) {
        report.errors.push_back({p.line, fmt::format("no member with membership number '{}'", p.membership_number)});
        good[i] = false;
      }
    }
  }
  if (mode == ImportMode::kAllOrNothing && !report.errors.empty()) {
    std::sort(report.errors.begin(), report.errors.end(),
              [](const RowError& a, const RowError& b) { return a.line < b.line; });
    return report;  // Rolls back: nothing was written.
  }

  std::vector<EventId> written;
  for (std::size_t i = 0; i < parsed.events.size(); ++i) {
    EventRecord& record = parsed.events[i];
    if (!good[i]) {
      report.errors.push_back({record.line, fmt::format("event '{}' not imported: a participant is not a known member",
                                                        record.event.external_id)});
      continue;
    }
    DOCKET_TRY_ASSIGN(auto put, tx->Platform().PutEvent(record.event));
    auto [id, existed] = put;
    // Decisions a person already made on this event's names are kept.
    std::map<std::string, std::pair<domain::MatchState, std::optional<MemberId>>> decided;
    if (existed) {
      ++report.updated;
      DOCKET_TRY_ASSIGN(std::vector<domain::Appearance> old, tx->Platform().AppearancesOf(id));
      for (const domain::Appearance& a : old) {
        if (a.match == domain::MatchState::kConfirmed || a.match == domain::MatchState::kRejected) {
          decided[rules::NormaliseName(a.name)] = {a.match, a.member};
        }
      }
    }
    std::vector<domain::Appearance> appearances;
    for (const ParticipantRecord& p : record.participants) {
      domain::Appearance a;
      a.event = id;
      a.name = p.name;
      a.membership_number = p.membership_number;
      a.role = p.role;
      if (!p.membership_number.empty()) {
        a.member = members_by_number.at(p.membership_number);
        a.match = domain::MatchState::kByNumber;
      } else if (auto it = decided.find(rules::NormaliseName(p.name)); it != decided.end()) {
        a.match = it->second.first;
        a.member = it->second.second;
      } else {
        a.match = domain::MatchState::kUnresolved;
        ++report.unresolved;
      }
      appearances.push_back(std::move(a));
    }
    DOCKET_TRY(tx->Platform().ReplaceAppearances(id, appearances));
    report.appearances += static_cast<std::int64_t>(appearances.size());
    ++report.events;
    written.push_back(id);
    if (progress && report.events % 1000 == 0) {
      progress("writing", report.events, static_cast<std::int64_t>(parsed.events.size()));
    }
  }
  if (progress) progress("checking the rule", 0, 0);
  DOCKET_TRY_ASSIGN(report.check, platform.CheckIn(*tx, actor, written, {}));
  DOCKET_TRY(tx->Audit().Append(AuditOf(
      actor, platform.Now(), "events.import", "event", "import",
      fmt::format("{} events ({} updated), {} appearances, {} unresolved names; {} alerts raised, {} withdrawn",
                  report.events, report.updated, report.appearances, report.unresolved, report.check.raised,
                  report.check.withdrawn))));
  DOCKET_TRY(tx->Commit());
  if (progress) progress("writing", report.events, report.events);
  std::sort(report.errors.begin(), report.errors.end(),
            [](const RowError& a, const RowError& b) { return a.line < b.line; });
  return report;
}

}  // namespace docket::app
