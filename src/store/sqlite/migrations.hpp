// The SQLite schema as forward-only migrations. Migration N (1-based) takes
// the schema from version N-1 to N; PRAGMA user_version records the version.
// Never edit a released migration: add a new one.
#pragma once

#include <string_view>
#include <vector>

namespace docket::store::sqlite {

/// Every migration in order; index 0 is version 1.
const std::vector<std::string_view>& Migrations();

}  // namespace docket::store::sqlite
