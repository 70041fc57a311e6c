// Moving a docket database from SQLite to PostgreSQL (`docket migrate-store`):
// every table copied row for row, ids and the audit chain included, in one
// PostgreSQL transaction, then checked on the target before it commits.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace docket::store {

/// One table's share of a copy.
struct TableCopy {
  std::string table;      //!< The table's name, the same in both databases.
  std::int64_t rows = 0;  //!< Rows copied, equal to the source's count.
};

/// What a finished copy did; everything in it was checked on the target.
struct MigrationReport {
  std::string source;                      //!< The SQLite file.
  std::string target;                      //!< The server and database, without user or password.
  int schema_version = 0;                  //!< The SQLite schema version of both databases.
  std::vector<TableCopy> tables;           //!< In copy order: every table after the tables it refers to.
  std::int64_t rows = 0;                   //!< Rows copied in all.
  std::vector<std::string> held_triggers;  //!< "table.trigger": kept from firing during the copy.
  std::int64_t audit_records = 0;          //!< Audit records whose chain verified on the target.
  std::string audit_head;                  //!< The last record's hash, the same as the source's.
};

/// Called with a table (or a stage such as "verifying audit chain") and how far it has got.
using MigrationProgress = std::function<void(std::string_view stage, std::int64_t done, std::int64_t total)>;

/// Copies the SQLite database at `source` ("PATH" or "sqlite:PATH") into the
/// PostgreSQL database at `target_url` ("postgresql://..."). The source must
/// be at this docket's schema version; the target is migrated to it and must
/// then hold no rows at all. The copy is one PostgreSQL transaction that reads
/// one SQLite snapshot and commits only after every table's row count and the
/// audit chain have been checked on the target, so any failure leaves the
/// target without a single copied row (its schema migration, an empty
/// schema, commits before the copy begins and stays). Identity sequences continue after the
/// copied ids. Triggers that maintain derived tables (the packed statistics
/// timelines) are held during the copy, because those tables are copied as
/// they are.
///
/// Errors: kInvalidArgument for a malformed source or target, or a row the
/// target rejects (naming table, row and, where known, column); kNotFound when
/// the source file does not exist; kFailedPrecondition when a schema version
/// differs, the schemas' tables or columns differ, or the target already holds
/// data (naming the tables); kUnavailable when a database cannot be reached;
/// kInternal when the check after the copy fails.
Result<MigrationReport> CopySqliteToPostgres(std::string_view source, std::string_view target_url,
                                             const MigrationProgress& progress = {});

/// `tables` reordered so that every table comes after the tables it refers to
/// (`references` holds (table, referenced table) pairs); otherwise the given
/// order is kept. kInternal naming the tables of a reference cycle.
Result<std::vector<std::string>> CopyOrder(const std::vector<std::string>& tables,
                                           const std::vector<std::pair<std::string, std::string>>& references);

}  // namespace docket::store
