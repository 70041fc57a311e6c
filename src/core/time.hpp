// Civil dates and UTC instants. Dates are judged in the organisation's time
// zone (see time_zone.hpp); instants are always UTC.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace docket {

/// Day of the week, Monday first as in ISO 8601.
enum class Weekday { kMonday = 1, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

/// A proleptic Gregorian calendar date, stored as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  constexpr explicit Date(std::int32_t days_since_epoch) : days_(days_since_epoch) {}

  /// The date for a year, month (1-12) and day (1-31); the caller guarantees validity.
  static Date FromYmd(int year, unsigned month, unsigned day);
  /// Parses YYYY-MM-DD; kInvalidArgument names the text when it is not a real date.
  static Result<Date> Parse(std::string_view text);

  constexpr std::int32_t DaysSinceEpoch() const { return days_; }
  int Year() const;
  unsigned Month() const;
  unsigned Day() const;
  Weekday DayOfWeek() const;
  constexpr Date AddDays(std::int32_t n) const { return Date(days_ + n); }
  /// The same day n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb).
  Date AddMonths(int n) const;
  /// YYYY-MM-DD.
  std::string ToString() const;

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  std::int32_t days_ = 0;
};

/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
class Instant {
 public:
  constexpr Instant() = default;
  constexpr explicit Instant(std::int64_t seconds_since_epoch) : seconds_(seconds_since_epoch) {}

  /// Parses RFC 3339 (2026-03-29T00:30:00Z or with a +01:00 offset).
  static Result<Instant> Parse(std::string_view text);
  /// Midnight UTC at the start of a date.
  static Instant StartOfUtcDay(Date date);

  constexpr std::int64_t SecondsSinceEpoch() const { return seconds_; }
  constexpr Instant AddSeconds(std::int64_t n) const { return Instant(seconds_ + n); }
  /// The UTC date of this instant.
  Date UtcDate() const;
  /// RFC 3339 in UTC: 2026-03-29T00:30:00Z.
  std::string ToString() const;

  friend constexpr auto operator<=>(Instant, Instant) = default;

 private:
  std::int64_t seconds_ = 0;
};

inline constexpr std::int64_t kSecondsPerDay = 86400;

}  // namespace docket
