// PostgreSQL's migrations against the real test cluster: they apply to an
// empty database once, a second run changes nothing, and the tables and
// columns they make are exactly SQLite's, so the two backends stay in step.
#include "store/postgres/migrations.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>

#include <sqlite3.h>

#include "store/sqlite/migrations.hpp"
#include "store/store.hpp"

namespace docket::store::postgres {
namespace {

namespace fs = std::filesystem;

class PostgresMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("DOCKET_TEST_POSTGRES_URL");
    ASSERT_NE(url, nullptr) << "ctest sets DOCKET_TEST_POSTGRES_URL from the PostgresCluster fixture";
    auto connection = Connection::Open(url);
    ASSERT_TRUE(connection) << connection.error().message;
    db_ = std::move(*connection);
    schema_ = "m" + std::to_string(std::random_device()());
    ASSERT_TRUE(db_->Run("CREATE SCHEMA " + schema_ + "; SET search_path TO " + schema_));
  }
  void TearDown() override {
    if (db_) (void)db_->Run("DROP SCHEMA " + schema_ + " CASCADE");
  }
  std::unique_ptr<Connection> db_;
  std::string schema_;
};

// "table.column" for every column of every table of a fresh SQLite database.
std::set<std::string> SqliteColumns() {
  const fs::path path = fs::temp_directory_path() / ("docket-pg-migration-" + std::to_string(::getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  {
    auto store = OpenStore(path.string());
    EXPECT_TRUE(store) << store.error().message;
  }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                     "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
                     -1, &stmt, nullptr);
  std::set<std::string> columns;
  while (sqlite3_step(stmt) == SQLITE_ROW) columns.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return columns;
}

TEST_F(PostgresMigrationTest, AnEmptyDatabaseMigratesOnceAndASecondRunChangesNothing) {
  auto first = Migrate(*db_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, static_cast<int>(Migrations().size()));
  auto second = Migrate(*db_);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(db_->Exec("SELECT count(*) FROM docket_schema")->Int(0, 0).value(), static_cast<std::int64_t>(*first));
}

TEST_F(PostgresMigrationTest, TheTablesAndColumnsAreExactlySqlites) {
  ASSERT_EQ(static_cast<int>(sqlite::Migrations().size()), kFirstMatchingSqliteVersion + static_cast<int>(Migrations().size()) - 1)
      << "a schema change adds a migration to both backends";
  ASSERT_TRUE(Migrate(*db_));
  auto rows = db_->Exec(
      "SELECT table_name || '.' || column_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name <> 'docket_schema'");
  ASSERT_TRUE(rows) << rows.error().message;
  std::set<std::string> postgres;
  for (int i = 0; i < rows->Count(); ++i) postgres.insert(std::string(rows->Text(i, 0)));
  const std::set<std::string> sqlite = SqliteColumns();
  for (const std::string& column : sqlite) EXPECT_TRUE(postgres.contains(column)) << column << " is missing in PostgreSQL";
  for (const std::string& column : postgres) EXPECT_TRUE(sqlite.contains(column)) << column << " is missing in SQLite";
  EXPECT_GT(sqlite.size(), 300u);
}

TEST_F(PostgresMigrationTest, TheStatisticsTriggerPacksEventsAsSqlitesDoes) {
  ASSERT_TRUE(Migrate(*db_));
  ASSERT_TRUE(db_->Exec("INSERT INTO cases(number, category, stage, opened_at, stage_entered_at, is_open, due_key, "
                        "version) VALUES ('2026-000001', 'antisemitism', 'received', 1767225600, 1767225600, 1, 0, 1)"));
  ASSERT_TRUE(db_->Exec(
      "INSERT INTO case_events(case_id, at, actor, role, action, from_stage, to_stage, fields) VALUES "
      "(1, 1767225600, 'a', 'caseworker', 'submit', 'received', 'received', '{}'), "
      "(1, 1767312000, 'a', 'caseworker', 'accept', 'received', 'triage', '{}')"));
  auto packed = db_->Exec("SELECT events FROM case_timelines WHERE case_id = 1");
  ASSERT_TRUE(packed) << packed.error().message;
  ASSERT_EQ(packed->Count(), 1);
  // "AT ACTION STAGE CHANGE;" per event, AT and the names' ids in hex (migration 9 of SQLite).
  EXPECT_EQ(packed->Text(0, 0), "6955b900 1 2 0;69570a80 3 4 1;");
}

}  // namespace
}  // namespace docket::store::postgres
