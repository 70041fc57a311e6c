#include "core/time_zone.hpp"

#include <array>

#include <fmt/format.h>

namespace docket {
namespace {

struct KnownZone {
  std::string_view name;
  int standard_offset;
  bool eu_summer_time;
};

constexpr std::array kZones = {
    KnownZone{"UTC", 0, false},           KnownZone{"Etc/UTC", 0, false},
    KnownZone{"Europe/London", 0, true},  KnownZone{"Europe/Dublin", 0, true},
    KnownZone{"Europe/Lisbon", 0, true},  KnownZone{"Europe/Amsterdam", 3600, true},
    KnownZone{"Europe/Berlin", 3600, true}, KnownZone{"Europe/Brussels", 3600, true},
    KnownZone{"Europe/Copenhagen", 3600, true}, KnownZone{"Europe/Madrid", 3600, true},
    KnownZone{"Europe/Oslo", 3600, true}, KnownZone{"Europe/Paris", 3600, true},
    KnownZone{"Europe/Prague", 3600, true}, KnownZone{"Europe/Rome", 3600, true},
    KnownZone{"Europe/Stockholm", 3600, true}, KnownZone{"Europe/Vienna", 3600, true},
    KnownZone{"Europe/Warsaw", 3600, true}, KnownZone{"Europe/Zurich", 3600, true},
    KnownZone{"Europe/Athens", 7200, true}, KnownZone{"Europe/Helsinki", 7200, true},
};

// 01:00 UTC on the last Sunday of a month: when EU summer time starts (March) or ends (October).
Instant LastSundayAtOneUtc(int year, unsigned month) {
  Date last = Date::FromYmd(year, month, 31);
  int back = static_cast<int>(last.DayOfWeek()) % 7;  // Sunday is 7 → 0 days back
  return Instant::StartOfUtcDay(last.AddDays(-back)).AddSeconds(3600);
}

}  // namespace

Result<TimeZone> TimeZone::Create(std::string_view name) {
  for (const KnownZone& zone : kZones) {
    if (zone.name == name) return TimeZone(std::string(name), zone.standard_offset, zone.eu_summer_time);
  }
  std::string names;
  for (const KnownZone& zone : kZones) {
    if (!names.empty()) names += ", ";
    names += zone.name;
  }
  return Fail(ErrorCode::kInvalidArgument, fmt::format("unknown time zone '{}'; docket knows: {}", name, names));
}

TimeZone TimeZone::London() { return TimeZone("Europe/London", 0, true); }
TimeZone TimeZone::Utc() { return TimeZone("UTC", 0, false); }

int TimeZone::OffsetSeconds(Instant at) const {
  if (!eu_summer_time_) return standard_offset_;
  int year = at.UtcDate().Year();
  bool summer = at >= LastSundayAtOneUtc(year, 3) && at < LastSundayAtOneUtc(year, 10);
  return standard_offset_ + (summer ? 3600 : 0);
}

Date TimeZone::LocalDate(Instant at) const { return at.AddSeconds(OffsetSeconds(at)).UtcDate(); }

Instant TimeZone::StartOfDay(Date date) const {
  Instant utc_midnight = Instant::StartOfUtcDay(date);
  // Local midnight is never inside a summer-time change in the supported zones,
  // so exactly one of the two candidate offsets is consistent.
  for (int offset : {standard_offset_ + 3600, standard_offset_}) {
    Instant candidate = utc_midnight.AddSeconds(-offset);
    if (OffsetSeconds(candidate) == offset) return candidate;
  }
  return utc_midnight.AddSeconds(-standard_offset_);
}

Instant TimeZone::EndOfDay(Date date) const { return StartOfDay(date.AddDays(1)).AddSeconds(-1); }

}  // namespace docket
