// Time zones by rule. Deadlines end at local midnight in the organisation's
// zone, so a deadline near a daylight-saving change must use that day's offset.
//
// The zones docket knows are UTC and the European zones that follow the EU
// summer-time rule (since 1996: from 01:00 UTC on the last Sunday of March to
// 01:00 UTC on the last Sunday of October). That covers Europe/London, the
// default, exactly for every year docket's calendars cover.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"

namespace docket {

/// A named time zone that converts between UTC instants and local dates.
class TimeZone {
 public:
  /// The zone for an IANA name; kInvalidArgument lists the supported names when unknown.
  static Result<TimeZone> Create(std::string_view name);
  /// Europe/London, the default zone of the shipped policy.
  static TimeZone London();
  static TimeZone Utc();

  std::string_view Name() const { return name_; }
  /// Seconds east of UTC in force at an instant (3600 during British Summer Time).
  int OffsetSeconds(Instant at) const;
  /// The local calendar date of an instant.
  Date LocalDate(Instant at) const;
  /// The instant of local midnight at the start of a date.
  Instant StartOfDay(Date date) const;
  /// The last instant (local 23:59:59) of a date.
  Instant EndOfDay(Date date) const;

 private:
  TimeZone(std::string name, int standard_offset_seconds, bool eu_summer_time)
      : name_(std::move(name)), standard_offset_(standard_offset_seconds), eu_summer_time_(eu_summer_time) {}
  std::string name_;
  int standard_offset_ = 0;
  bool eu_summer_time_ = false;
};

}  // namespace docket
