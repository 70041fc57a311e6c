// Importing an organisation's membership list from CSV.
//
// Columns: membership_number, given_name, family_name, branch (required);
// email, joined_on, aliases (separated by ';'), status, office, office_title,
// office_start, office_end (optional). A member who holds several offices
// appears on several rows with the same membership number: the later rows
// add offices and may leave the other columns empty.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/progress.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace docket::app {

/// All-or-nothing (the default) or commit the valid rows and list the rest.
enum class ImportMode { kAllOrNothing, kPartial };

/// A row that was not imported, and why.
struct RowError {
  int line = 0;
  std::string message;
};

/// What an import did.
struct ImportReport {
  std::int64_t imported = 0;  //!< Members written.
  std::int64_t offices = 0;   //!< Offices written.
  std::vector<RowError> errors;
};

/// Imports members. In kAllOrNothing mode any bad row means nothing is
/// written and the report lists every bad row (the Result is still a value:
/// the caller decides the exit status from report.errors). kInvalidArgument
/// only when the file as a whole is unreadable (a bad header).
Result<ImportReport> ImportMembers(store::Store& store, std::string_view csv_text, std::string_view file_name,
                                   ImportMode mode, const Progress& progress = {});

}  // namespace docket::app
