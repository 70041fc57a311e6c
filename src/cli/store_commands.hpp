// `docket migrate-store`: moving a database from SQLite to PostgreSQL.
#pragma once

#include "cli/command_support.hpp"

namespace docket::cli {

/// Adds `migrate-store --from sqlite:PATH --to postgresql://...`.
void RegisterStoreCommands(const CommandSet& commands);

}  // namespace docket::cli
