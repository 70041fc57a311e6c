// What the CSV imports (members, sanctions, events) share: trimming a field
// and turning the CSV reader's "line N: message" into a RowError.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "app/member_import.hpp"
#include "core/csv_reader.hpp"

namespace docket::app {

/// The field without surrounding spaces, tabs or a trailing carriage return.
inline std::string TrimmedField(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return std::string(text);
}

/// The words of a field separated by spaces or tabs (links, attachment paths).
inline std::vector<std::string> SplitOnBlanks(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

/// "line N: message" from the CSV layer as a RowError; line 0 when the message names no line.
inline RowError LocatedCsvError(const std::string& message) {
  RowError error{0, message};
  if (message.rfind("line ", 0) != 0) return error;
  std::size_t colon = message.find(": ");
  if (colon == std::string::npos) return error;
  int line = 0;
  for (std::size_t i = 5; i < colon; ++i) {
    if (message[i] < '0' || message[i] > '9') return error;
    line = line * 10 + (message[i] - '0');
  }
  return {line, message.substr(colon + 2)};
}

/// Reads the header row of a CSV file and checks its columns. kInvalidArgument
/// "FILE:LINE: ..." when the file is empty, unreadable at its first row, or
/// its header lacks a required column or has an unknown one.
inline Result<CsvHeader> ReadCsvHeader(CsvReader& reader, std::string_view file_name,
                                       const std::vector<std::string>& required,
                                       const std::vector<std::string>& optional) {
  auto whole_file = [&](const Error& error) {
    RowError located = LocatedCsvError(error.message);
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: {}", file_name, located.line, located.message));
  };
  auto first = reader.Next();
  if (!first) return whole_file(first.error());
  if (!*first) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: the file is empty", file_name));
  auto header = CsvHeader::Create(**first, required, optional);
  if (!header) return whole_file(header.error());
  return std::move(*header);
}

}  // namespace docket::app
