// PostgreSQL's schema migrations, kept in step with SQLite's
// (store/sqlite/migrations.cpp): tests/store/postgres_migration_test.cpp
// fails when the two backends' tables or columns differ. PostgreSQL's history
// starts later: its migration 1 is the whole schema of SQLite's migration 11,
// written once for PostgreSQL (identity keys, 64-bit integers, the statistics
// trigger in PL/pgSQL). A change to the schema adds a migration to both lists.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/postgres/connection.hpp"

namespace docket::store::postgres {

/// The SQLite schema version that PostgreSQL's migration 1 matches.
inline constexpr int kFirstMatchingSqliteVersion = 11;

/// Every migration, oldest first; migration N is Migrations()[N - 1].
const std::vector<std::string_view>& Migrations();

/// Applies the pending migrations in one transaction, under an advisory lock
/// so that servers starting together migrate once, and returns the version
/// reached. kInternal naming the migration when one fails (nothing of it is
/// kept); kFailedPrecondition when the database is newer than this program.
Result<int> Migrate(Connection& connection);

}  // namespace docket::store::postgres
