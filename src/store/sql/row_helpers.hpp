// Small conversions between docket's types and rows of either backend
// (a Row is a sqlite::Statement or a postgres::Statement), shared by the
// repositories of store/sql/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/time.hpp"
#include "core/result.hpp"

namespace docket::store::sql {

inline std::optional<std::string> DateText(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return date->ToString();
}

template <class Row>
Result<Date> ReadDate(const Row& row, int column, std::string_view what) {
  auto date = Date::Parse(row.Text(column));
  if (!date) return Fail(ErrorCode::kInternal, fmt::format("stored {} is corrupt: {}", what, date.error().message));
  return *date;
}

template <class Row>
Result<std::optional<Date>> ReadOptionalDate(const Row& row, int column, std::string_view what) {
  if (row.IsNull(column)) return std::optional<Date>();
  DOCKET_TRY_ASSIGN(Date date, ReadDate(row, column, what));
  return std::optional<Date>(date);
}

template <class Row>
std::optional<Instant> ReadOptionalInstant(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return Instant(row.Int(column));
}

template <class IdType>
std::optional<std::int64_t> IdValue(const std::optional<IdType>& id) {
  if (!id) return std::nullopt;
  return id->value;
}

/// Runs a statement with RETURNING id (an INSERT, or an UPDATE of one row)
/// and reads the id; nullopt when no row was written (ON CONFLICT DO NOTHING
/// skipped it, or the UPDATE found none) — which, unlike a failed statement,
/// leaves a PostgreSQL transaction usable.
template <class Statement>
Result<std::optional<std::int64_t>> ReturnedIdIfAny(Statement& stmt) {
  DOCKET_TRY_ASSIGN(bool row, stmt.Step());
  if (!row) return std::optional<std::int64_t>();
  const std::int64_t id = stmt.Int(0);
  DOCKET_TRY(stmt.Step());  // Finish the statement so it can be reused.
  return std::optional<std::int64_t>(id);
}

/// Runs an INSERT ... RETURNING id and reads the id; kInternal when no row came back.
template <class Statement>
Result<std::int64_t> ReturnedId(Statement& stmt) {
  DOCKET_TRY_ASSIGN(std::optional<std::int64_t> id, ReturnedIdIfAny(stmt));
  if (!id) return Fail(ErrorCode::kInternal, "an insert returned no id");
  return *id;
}

/// Runs a query whose one row holds one integer (a count) and reads it.
template <class Statement>
Result<std::int64_t> OneInteger(Statement& stmt) {
  DOCKET_TRY_ASSIGN(std::optional<std::int64_t> value, ReturnedIdIfAny(stmt));
  if (!value) return Fail(ErrorCode::kInternal, "a query for one number returned no row");
  return *value;
}

inline Error NotFound(std::string what) { return Error{ErrorCode::kNotFound, std::move(what)}; }

}  // namespace docket::store::sql
