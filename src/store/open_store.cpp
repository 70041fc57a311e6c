#include <fmt/format.h>

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace docket::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, Durability durability) {
  std::string_view path = url;
  if (path.starts_with("sqlite:")) path.remove_prefix(7);
  if (IsPostgresUrl(path)) {
    DOCKET_TRY_ASSIGN(auto store, postgres::PostgresStore::Open(std::string(path), durability));
    return std::unique_ptr<Store>(std::move(store));
  }
  if (path.empty()) return Fail(ErrorCode::kInvalidArgument, "the database path is empty");
  DOCKET_TRY_ASSIGN(auto store, sqlite::SqliteStore::Open(std::string(path), durability));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace docket::store
