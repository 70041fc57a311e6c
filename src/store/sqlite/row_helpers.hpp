// Small conversions between docket's types and SQLite rows, shared by the
// SQLite repositories.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/time.hpp"
#include "store/sqlite/database.hpp"

namespace docket::store::sqlite {

inline std::optional<std::string> DateText(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return date->ToString();
}

inline Result<Date> ReadDate(const Statement& row, int column, std::string_view what) {
  auto date = Date::Parse(row.Text(column));
  if (!date) return Fail(ErrorCode::kInternal, fmt::format("stored {} is corrupt: {}", what, date.error().message));
  return *date;
}

inline Result<std::optional<Date>> ReadOptionalDate(const Statement& row, int column, std::string_view what) {
  if (row.IsNull(column)) return std::optional<Date>();
  DOCKET_TRY_ASSIGN(Date date, ReadDate(row, column, what));
  return std::optional<Date>(date);
}

inline std::optional<Instant> ReadOptionalInstant(const Statement& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return Instant(row.Int(column));
}

template <class IdType>
std::optional<std::int64_t> IdValue(const std::optional<IdType>& id) {
  if (!id) return std::nullopt;
  return id->value;
}

inline Error NotFound(std::string what) { return Error{ErrorCode::kNotFound, std::move(what)}; }

}  // namespace docket::store::sqlite
