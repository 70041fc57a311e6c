// RFC 4180 CSV, read a record at a time with the line it started on, so an
// import can say "members.csv:42: ..." about the exact row.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace docket {

/// One CSV record and the 1-based line on which it starts.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

/// Reads records from text held in memory. Quoted fields may span lines.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  /// The next record, std::nullopt at the end, or kInvalidArgument naming the
  /// line of an unterminated quote or a stray quote inside an unquoted field.
  Result<std::optional<CsvRecord>> Next();
  /// Bytes consumed so far, for progress.
  std::size_t Position() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

/// A header row mapped to column indexes, with the required columns checked.
class CsvHeader {
 public:
  /// kInvalidArgument naming each missing required column and each unknown one.
  static Result<CsvHeader> Create(const CsvRecord& header, const std::vector<std::string>& required,
                                  const std::vector<std::string>& optional);
  /// The index of a column, or nullopt when the file does not have it.
  std::optional<std::size_t> Index(std::string_view column) const;
  /// The value of a column in a record, empty when absent.
  std::string_view Get(const CsvRecord& record, std::string_view column) const;
  std::size_t Width() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
};

}  // namespace docket
