#include "core/time.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

namespace docket {
namespace {

namespace chr = std::chrono;

chr::year_month_day Ymd(Date d) { return chr::year_month_day(chr::sys_days(chr::days(d.DaysSinceEpoch()))); }

bool ParseDigits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

// Writes `value` (below 10^width) as exactly `width` digits.
void PutDigits(char* out, std::int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

Date Date::FromYmd(int year, unsigned month, unsigned day) {
  chr::sys_days days{chr::year(year) / chr::month(month) / chr::day(day)};
  return Date(static_cast<std::int32_t>(days.time_since_epoch().count()));
}

Result<Date> Date::Parse(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseDigits(text, 0, 4, year) ||
      !ParseDigits(text, 5, 2, month) || !ParseDigits(text, 8, 2, day)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a date of the form YYYY-MM-DD", text));
  }
  chr::year_month_day ymd{chr::year(year), chr::month(static_cast<unsigned>(month)),
                          chr::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a real calendar date", text));
  }
  return Date(static_cast<std::int32_t>(chr::sys_days(ymd).time_since_epoch().count()));
}

int Date::Year() const { return static_cast<int>(Ymd(*this).year()); }
unsigned Date::Month() const { return static_cast<unsigned>(Ymd(*this).month()); }
unsigned Date::Day() const { return static_cast<unsigned>(Ymd(*this).day()); }

Weekday Date::DayOfWeek() const {
  return static_cast<Weekday>(chr::weekday(chr::sys_days(chr::days(days_))).iso_encoding());
}

Date Date::AddMonths(int n) const {
  chr::year_month_day ymd = Ymd(*this);
  chr::year_month ym = chr::year_month(ymd.year(), ymd.month()) + chr::months(n);
  chr::day last = chr::year_month_day_last(ym.year(), chr::month_day_last(ym.month())).day();
  chr::day day = ymd.day() > last ? last : ymd.day();
  return Date(static_cast<std::int32_t>(chr::sys_days(ym / day).time_since_epoch().count()));
}

// Written by hand rather than with fmt: every date and time in every JSON
// answer passes through these, and parsing a format string each time cost
// more than the rest of the work (bench/http).
std::string Date::ToString() const {
  const chr::year_month_day ymd = Ymd(*this);
  const int year = static_cast<int>(ymd.year());
  if (year >= 0 && year <= 9999) {
    char text[10] = {0, 0, 0, 0, '-', 0, 0, '-', 0, 0};
    PutDigits(text, year, 4);
    PutDigits(text + 5, static_cast<unsigned>(ymd.month()), 2);
    PutDigits(text + 8, static_cast<unsigned>(ymd.day()), 2);
    return std::string(text, sizeof text);
  }
  return fmt::format("{:04}-{:02}-{:02}", year, static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

Result<Instant> Instant::Parse(std::string_view text) {
  // RFC 3339: the date, 'T' (or a space), hh:mm:ss, optional fraction, then Z or ±hh:mm.
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a time of the form 2026-03-29T09:30:00Z", text));
  };
  if (text.size() < 20) return bad();
  auto date = Date::Parse(text.substr(0, 10));
  if (!date) return bad();
  int hour = 0, minute = 0, second = 0;
  if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !ParseDigits(text, 11, 2, hour) ||
      text[13] != ':' || !ParseDigits(text, 14, 2, minute) || text[16] != ':' ||
      !ParseDigits(text, 17, 2, second) || hour > 23 || minute > 59 || second > 60) {
    return bad();
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    // RFC 3339 requires at least one digit after the point.
    std::size_t first_digit = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first_digit) return bad();
  }
  std::int64_t offset = 0;
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh = 0, om = 0;
    if (!ParseDigits(zone, 1, 2, oh) || !ParseDigits(zone, 4, 2, om) || oh > 23 || om > 59) return bad();
    offset = (oh * 3600 + om * 60) * (zone[0] == '-' ? -1 : 1);
  } else {
    return bad();
  }
  std::int64_t seconds = static_cast<std::int64_t>(date->DaysSinceEpoch()) * kSecondsPerDay + hour * 3600 +
                         minute * 60 + std::min(second, 59);
  return Instant(seconds - offset);
}

Instant Instant::StartOfUtcDay(Date date) {
  return Instant(static_cast<std::int64_t>(date.DaysSinceEpoch()) * kSecondsPerDay);
}

Date Instant::UtcDate() const {
  std::int64_t days = seconds_ / kSecondsPerDay;
  if (seconds_ % kSecondsPerDay < 0) --days;
  return Date(static_cast<std::int32_t>(days));
}

std::string Instant::ToString() const {
  Date date = UtcDate();
  std::int64_t rest = seconds_ - static_cast<std::int64_t>(date.DaysSinceEpoch()) * kSecondsPerDay;
  char time[10] = {'T', 0, 0, ':', 0, 0, ':', 0, 0, 'Z'};
  PutDigits(time + 1, rest / 3600, 2);
  PutDigits(time + 4, (rest / 60) % 60, 2);
  PutDigits(time + 7, rest % 60, 2);
  std::string text = date.ToString();
  text.append(time, sizeof time);
  return text;
}

}  // namespace docket
