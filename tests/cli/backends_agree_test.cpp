// The same demo organisation on SQLite and on PostgreSQL reads the same
// through every report: the two backends run the same SQL (store/sql), and
// this checks what users see, byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli/run_command.hpp"
#include "tests/store/postgres_test_support.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;
using testing::Outcome;
using testing::RunCommand;

Outcome Docket(const std::string& args, const std::string& db) {
  return RunCommand(std::string(DOCKET_BINARY) + " " + args + " --db '" + db + "'");
}

TEST(BackendsAgreeTest, TheSameDemoReadsTheSameOnSqliteAndPostgres) {
  const fs::path dir = fs::temp_directory_path() / ("docket-backends-agree-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string sqlite = (dir / "docket.db").string();
  const std::string postgres = testing::FreshPostgresUrl("backends_agree");
  const std::string demo = "demo --members 3000 --cases 500 --seed 4 --as-of 2026-09-30";
  for (const std::string& db : {sqlite, postgres}) {
    Outcome made = Docket(demo, db);
    ASSERT_EQ(made.status, 0) << db << ": " << made.out;
  }
  for (const char* read :
       {"report transparency --period 2026Q3 --format json", "report transparency --period 2026Q3 --format csv",
        "report dashboard", "case list --limit 100", "case list --overdue --limit 100", "sla overdue",
        "posts list", "accounts list", "recs list", "alerts list", "case show 2026-000007"}) {
    Outcome on_sqlite = Docket(read, sqlite);
    Outcome on_postgres = Docket(read, postgres);
    ASSERT_EQ(on_sqlite.status, 0) << read << ": " << on_sqlite.out;
    EXPECT_EQ(on_postgres.status, 0) << read << ": " << on_postgres.out;
    EXPECT_FALSE(on_sqlite.out.empty()) << read;
    EXPECT_EQ(on_postgres.out, on_sqlite.out) << read;
  }
  Outcome verified = Docket("audit verify", postgres);
  EXPECT_EQ(verified.status, 0) << verified.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace docket
