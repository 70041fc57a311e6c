#include "store/sqlite/migrations.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "store/store.hpp"

namespace docket::store {
namespace {

namespace fs = std::filesystem;

fs::path FreshPath(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("docket-migration-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return path;
}

int UserVersion(const fs::path& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  sqlite3_step(stmt);
  int version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return version;
}

TEST(MigrationTest, AnEmptyFileIsMigratedToTheLatestVersionInWalMode) {
  fs::path path = FreshPath("empty.db");
  auto store = OpenStore(path.string());
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->SchemaVersion(), static_cast<int>(sqlite::Migrations().size()));
  store->reset();
  EXPECT_EQ(UserVersion(path), static_cast<int>(sqlite::Migrations().size()));
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  sqlite3_step(stmt);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(MigrationTest, OpeningTwiceRunsNoMigrationAgain) {
  fs::path path = FreshPath("twice.db");
  ASSERT_TRUE(OpenStore(path.string()));
  auto again = OpenStore(path.string());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ((*again)->SchemaVersion(), static_cast<int>(sqlite::Migrations().size()));
}

TEST(MigrationTest, ADatabaseFromANewerDocketIsRefused) {
  fs::path path = FreshPath("newer.db");
  ASSERT_TRUE(OpenStore(path.string()));
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto store = OpenStore(path.string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(store.error().message.find("schema version 999, newer than this docket"), std::string::npos);
}

TEST(MigrationTest, AnUnreachablePostgresServerIsUnavailableAndNamedWithoutThePassword) {
  auto store = OpenStore("postgresql://docket:s3cret@127.0.0.1:1/docket");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().message.find("127.0.0.1:1/docket"), std::string::npos) << store.error().message;
  EXPECT_EQ(store.error().message.find("s3cret"), std::string::npos) << store.error().message;
}

TEST(MigrationTest, AnUnopenablePathIsUnavailableAndNamesThePath) {
  auto store = OpenStore("/nonexistent-dir/sub/docket.db");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().message.find("/nonexistent-dir/sub/docket.db"), std::string::npos);
}

}  // namespace
}  // namespace docket::store
