#include "policy/toml_reader.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

#include <fmt/format.h>

namespace docket::policy {
namespace {

std::string_view Describe(Expected expected) {
  switch (expected) {
    case Expected::kString: return "a string";
    case Expected::kInteger: return "an integer";
    case Expected::kBoolean: return "true or false";
    case Expected::kDate: return "a date (YYYY-MM-DD, without quotes)";
    case Expected::kArrayOfStrings: return "an array of strings";
    case Expected::kTable: return "a table";
    case Expected::kArrayOfTables: return "an array of tables";
  }
  return "a value";
}

}  // namespace

Position PositionOf(const toml::node& node) {
  const toml::source_position& begin = node.source().begin;
  return Position{static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

Position PositionOf(const toml::key& key) {
  const toml::source_position& begin = key.source().begin;
  return Position{static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

std::optional<toml::table> TomlReader::Parse(std::string_view text) {
  // toml++ as Debian ships it is built with exceptions, so a syntax error
  // arrives as one; it stops here and becomes a diagnostic like any other.
  try {
    return toml::parse(text, std::string(file_name_));
  } catch (const toml::parse_error& error) {
    const toml::source_position& begin = error.source().begin;
    Report(Position{static_cast<int>(begin.line), static_cast<int>(begin.column)}, std::string(error.description()));
    return std::nullopt;
  }
}

void TomlReader::Report(Position at, std::string message) {
  diagnostics_.push_back(Diagnostic{file_name_, at.line, at.column, std::move(message)});
}

void TomlReader::ReportWrongType(std::string_view key, Expected expected, const toml::node& node) {
  Report(PositionOf(node), fmt::format("'{}' must be {}", key, Describe(expected)));
}

void TomlReader::CheckKeys(const toml::table& table, std::string_view where,
                           std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    std::vector<std::string> names(allowed.begin(), allowed.end());
    Report(PositionOf(key), fmt::format("unknown key '{}' {}; allowed keys: {}", key.str(), where, Join(names)));
  }
}

std::optional<Located<std::string>> TomlReader::String(const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* value = node->as_string()) return Located<std::string>{value->get(), PositionOf(*node)};
  ReportWrongType(key, Expected::kString, *node);
  return std::nullopt;
}

std::optional<Located<long long>> TomlReader::Integer(const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* value = node->as_integer()) {
    return Located<long long>{static_cast<long long>(value->get()), PositionOf(*node)};
  }
  ReportWrongType(key, Expected::kInteger, *node);
  return std::nullopt;
}

std::optional<Located<int>> TomlReader::Int(const toml::table& table, std::string_view key) {
  std::optional<Located<long long>> value = Integer(table, key);
  if (!value) return std::nullopt;
  constexpr long long kMin = std::numeric_limits<int>::min();
  constexpr long long kMax = std::numeric_limits<int>::max();
  if (value->value < kMin || value->value > kMax) {
    Report(value->at, fmt::format("'{}' must be between {} and {}", key, kMin, kMax));
    return std::nullopt;
  }
  return Located<int>{static_cast<int>(value->value), value->at};
}

std::optional<bool> TomlReader::Boolean(const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* value = node->as_boolean()) return value->get();
  ReportWrongType(key, Expected::kBoolean, *node);
  return std::nullopt;
}

std::optional<Located<Date>> TomlReader::DateValue(const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* value = node->as_date()) {
    const toml::date& date = value->get();
    return Located<Date>{Date::FromYmd(date.year, date.month, date.day), PositionOf(*node)};
  }
  ReportWrongType(key, Expected::kDate, *node);
  return std::nullopt;
}

std::vector<Located<std::string>> TomlReader::Strings(const toml::table& table, std::string_view key) {
  std::vector<Located<std::string>> out;
  const toml::node* node = table.get(key);
  if (node == nullptr) return out;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    ReportWrongType(key, Expected::kArrayOfStrings, *node);
    return out;
  }
  for (const toml::node& element : *array) {
    if (const auto* value = element.as_string()) {
      out.push_back(Located<std::string>{value->get(), PositionOf(element)});
    } else {
      ReportWrongType(key, Expected::kArrayOfStrings, element);
    }
  }
  return out;
}

const toml::table* TomlReader::Table(const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  if (const toml::table* value = node->as_table()) return value;
  ReportWrongType(key, Expected::kTable, *node);
  return nullptr;
}

std::vector<const toml::table*> TomlReader::Tables(const toml::table& table, std::string_view key) {
  std::vector<const toml::table*> out;
  const toml::node* node = table.get(key);
  if (node == nullptr) return out;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    ReportWrongType(key, Expected::kArrayOfTables, *node);
    return out;
  }
  for (const toml::node& element : *array) {
    if (const toml::table* value = element.as_table()) {
      out.push_back(value);
    } else {
      ReportWrongType(key, Expected::kArrayOfTables, element);
    }
  }
  return out;
}

std::vector<Diagnostic> TomlReader::TakeDiagnostics() {
  // Checks run table by table, and toml++ keeps tables in key order, so the
  // order of discovery is not the order of the file; sorting restores it.
  // Stable, so that two problems at one place keep the order they were found.
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::vector<Diagnostic> out = std::move(diagnostics_);
  diagnostics_.clear();
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace docket::policy
