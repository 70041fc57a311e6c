// Calendar files: the public holidays of a jurisdiction, as TOML, e.g.
// data/calendars/england-and-wales.toml:
//
//   name = "England and Wales bank holidays"
//   source = "https://www.gov.uk/bank-holidays"
//   covers_from = 2016-01-01
//   covers_to = 2030-12-31
//
//   [[holiday]]
//   date = 2016-01-01
//   title = "New Year's Day"
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.hpp"
#include "core/working_calendar.hpp"
#include "policy/diagnostic.hpp"

namespace docket::policy {

/// Parses and checks a calendar. kInvalidArgument when it has any problem; the
/// message is every diagnostic's ToString(), one per line, in file order.
Result<WorkingCalendar> LoadCalendar(std::string_view text, std::string_view file_name);

/// Reads the file, then LoadCalendar with the path as the file name. kNotFound
/// (naming the path) when it cannot be read.
Result<WorkingCalendar> LoadCalendarFile(const std::filesystem::path& path);

}  // namespace docket::policy
