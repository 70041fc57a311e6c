#include "policy/calendar_file.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "policy/text_file.hpp"
#include "policy/toml_reader.hpp"

namespace docket::policy {
namespace {

std::optional<WorkingCalendar> ReadCalendar(TomlReader& reader, const toml::table& root) {
  reader.CheckKeys(root, "at the top level of a calendar", {"name", "source", "covers_from", "covers_to", "holiday"});
  // Keys at the top level have no table header to point at, so a missing one is reported at the start of the file.
  for (std::string_view required : {"name", "covers_from", "covers_to"}) {
    if (!root.contains(required)) reader.Report(Position{1, 1}, fmt::format("the calendar is missing '{}'", required));
  }
  auto name = reader.String(root, "name");
  reader.String(root, "source");  // Not kept; read so that a wrong type is reported.
  auto from = reader.DateValue(root, "covers_from");
  auto to = reader.DateValue(root, "covers_to");
  if (from && to && to->value < from->value) {
    reader.Report(to->at, fmt::format("covers_to {} is before covers_from {}", to->value.ToString(),
                                      from->value.ToString()));
  }
  std::vector<Holiday> holidays;
  std::map<Date, int> first_line;
  for (const toml::table* table : reader.Tables(root, "holiday")) {
    reader.CheckKeys(*table, "in [[holiday]]", {"date", "title"});
    auto date = reader.DateValue(*table, "date");
    auto title = reader.String(*table, "title");
    if (!table->contains("date")) reader.Report(PositionOf(*table), "a holiday is missing 'date'");
    if (!table->contains("title")) reader.Report(PositionOf(*table), "a holiday is missing 'title'");
    if (!date) continue;
    auto [earlier, inserted] = first_line.emplace(date->value, date->at.line);
    if (!inserted) {
      reader.Report(date->at, fmt::format("holiday {} is listed twice; the first is on line {}",
                                          date->value.ToString(), earlier->second));
    }
    // Outside its coverage the calendar claims to know nothing, so a holiday
    // there is a sign that one of the three dates is wrong.
    if (from && to && (date->value < from->value || to->value < date->value)) {
      reader.Report(date->at, fmt::format("holiday {} is outside the calendar's coverage, {} to {}",
                                          date->value.ToString(), from->value.ToString(), to->value.ToString()));
    }
    holidays.push_back(Holiday{date->value, title ? title->value : std::string()});
  }
  if (!name || !from || !to) return std::nullopt;
  return WorkingCalendar(name->value, std::move(holidays), from->value, to->value);
}

}  // namespace

Result<WorkingCalendar> LoadCalendar(std::string_view text, std::string_view file_name) {
  TomlReader reader(file_name);
  std::optional<toml::table> root = reader.Parse(text);
  std::optional<WorkingCalendar> calendar;
  if (root) calendar = ReadCalendar(reader, *root);
  std::vector<Diagnostic> diagnostics = reader.TakeDiagnostics();
  if (!diagnostics.empty()) return Fail(DiagnosticsError(diagnostics));
  return std::move(*calendar);
}

Result<WorkingCalendar> LoadCalendarFile(const std::filesystem::path& path) {
  DOCKET_TRY_ASSIGN(std::string text, ReadTextFile(path));
  return LoadCalendar(text, path.string());
}

}  // namespace docket::policy
