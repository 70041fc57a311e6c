#include <filesystem>

#include <fmt/format.h>

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace docket::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, Durability durability) {
  const std::optional<std::string_view> path = SqliteFilePath(url);
  if (!path) {
    DOCKET_TRY_ASSIGN(auto store, postgres::PostgresStore::Open(std::string(url), durability));
    return std::unique_ptr<Store>(std::move(store));
  }
  if (path->empty()) return Fail(ErrorCode::kInvalidArgument, "the database path is empty");
  DOCKET_TRY_ASSIGN(auto store, sqlite::SqliteStore::Open(std::string(*path), durability));
  return std::unique_ptr<Store>(std::move(store));
}

void CreateDatabaseFolder(std::string_view url) {
  const std::optional<std::string_view> path = SqliteFilePath(url);
  if (!path) return;
  const std::filesystem::path file{std::string(*path)};
  std::error_code ignored;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ignored);
}

}  // namespace docket::store
