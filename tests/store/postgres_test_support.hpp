// Throwaway PostgreSQL databases for tests: each test gets a schema of its
// own on the cluster ctest starts (the PostgresCluster fixture), reached by a
// URL whose search_path names it, so tests never see each other's rows.
//
// Suites that run on both backends (API, CLI) are registered twice in ctest;
// the PostgreSQL run has DOCKET_TEST_ON_POSTGRES set to the cluster's URL,
// and TestDatabase() then names a fresh PostgreSQL database instead of a file.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "store/postgres/connection.hpp"

namespace docket::testing {

/// The cluster's URL, from the environment ctest sets.
inline std::string PostgresClusterUrl() {
  const char* url = std::getenv("DOCKET_TEST_POSTGRES_URL");
  if (url == nullptr) url = std::getenv("DOCKET_TEST_ON_POSTGRES");
  if (url == nullptr) {
    ADD_FAILURE() << "DOCKET_TEST_POSTGRES_URL is not set: run this test through ctest, whose PostgresCluster "
                     "fixture starts the server (or scripts/pg-test-cluster start DIR)";
    return "postgresql:///postgres?host=/nonexistent";
  }
  return url;
}

/// The URL of a database whose tables live in `schema`.
inline std::string PostgresSchemaUrl(const std::string& schema) {
  const std::string base = PostgresClusterUrl();
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

/// Creates an empty schema named after `name` (dropping an older one of that
/// name) and returns the URL of a database living in it.
inline std::string FreshPostgresUrl(const std::string& name) {
  std::string schema = "t_";
  for (char c : name) schema += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  schema = schema.substr(0, 50) + "_" + std::to_string(std::random_device()() % 100000);
  auto connection = store::postgres::Connection::Open(PostgresClusterUrl());
  EXPECT_TRUE(connection) << connection.error().message;
  if (connection) {
    auto made = (*connection)->Run("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
    EXPECT_TRUE(made) << made.error().message;
  }
  return PostgresSchemaUrl(schema);
}

/// Whether this run of a two-backend suite is the PostgreSQL one.
inline bool OnPostgres() { return std::getenv("DOCKET_TEST_ON_POSTGRES") != nullptr; }

/// The database a test of a two-backend suite uses: `sqlite_path` in the
/// SQLite run, a fresh PostgreSQL database named after `name` in the other.
inline std::string TestDatabase(const std::string& sqlite_path, const std::string& name) {
  return OnPostgres() ? FreshPostgresUrl(name) : sqlite_path;
}

/// Rows in `table` of the PostgreSQL database at `url`; -1 when it cannot be read.
inline std::int64_t CountPostgresRows(const std::string& url, const std::string& table) {
  auto connection = store::postgres::Connection::Open(url);
  if (!connection) return -1;
  auto rows = (*connection)->Exec("SELECT count(*) FROM " + table);
  if (!rows) return -1;
  auto count = rows->Int(0, 0);
  return count ? *count : -1;
}

/// Runs SQL on the database at `url` behind docket's back.
inline void RunOnPostgres(const std::string& url, const std::string& sql) {
  auto connection = store::postgres::Connection::Open(url);
  ASSERT_TRUE(connection) << connection.error().message;
  auto done = (*connection)->Run(sql);
  EXPECT_TRUE(done) << done.error().message;
}

}  // namespace docket::testing
