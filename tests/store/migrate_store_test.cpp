// `docket migrate-store` against the real test cluster: a demo organisation
// (made by the docket binary, so every table a user fills is filled) copied
// from SQLite into a fresh PostgreSQL database of each test's own arrives row
// for row with its audit chain intact; the identity sequences and the
// statistics trigger carry on after it; a target that holds data, a source at
// another schema version and a row the target rejects are refused, and a
// refused copy leaves the target without a single row.
#include "store/migrate_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include <sqlite3.h>

#include "domain/audit.hpp"
#include "store/audit_chain.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/migrations.hpp"
#include "tests/cli/run_command.hpp"

namespace docket::store {
namespace {

namespace fs = std::filesystem;

// The same server with another database: the URL's path replaced.
std::string WithDatabase(const std::string& url, const std::string& database) {
  const std::size_t authority = url.find("://") + 3;
  const std::size_t path = url.find('/', authority);
  const std::size_t query = url.find('?', authority);
  if (path == std::string::npos || (query != std::string::npos && path > query)) {
    return url.substr(0, query) + "/" + database + (query == std::string::npos ? "" : url.substr(query));
  }
  return url.substr(0, path + 1) + database + (query == std::string::npos ? "" : url.substr(query));
}

// Runs SQL on a SQLite file directly: no docket connection, no foreign keys,
// so a test can put into the source what docket itself never would.
void SqliteRun(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "") << " in " << sql;
  sqlite3_free(message);
  sqlite3_close(db);
}

// Every row of a table as one line, columns in `columns`' order, NULL marked; sorted.
using Dump = std::vector<std::string>;
constexpr char kNull[] = "\\N";

std::vector<std::string> SqliteTables(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", -1,
                     &stmt, nullptr);
  std::vector<std::string> tables;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return tables;
}

std::map<std::string, std::pair<std::vector<std::string>, Dump>> SqliteDump(const std::string& path) {
  std::map<std::string, std::pair<std::vector<std::string>, Dump>> dump;
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  for (const std::string& table : SqliteTables(path)) {
    std::vector<std::string>& columns = dump[table].first;
    sqlite3_stmt* info = nullptr;
    sqlite3_prepare_v2(db, ("SELECT name FROM pragma_table_info('" + table + "')").c_str(), -1, &info, nullptr);
    while (sqlite3_step(info) == SQLITE_ROW) {
      columns.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(info, 0)));
    }
    sqlite3_finalize(info);
    std::string list;
    for (const std::string& column : columns) list += (list.empty() ? "\"" : ", \"") + column + "\"";
    sqlite3_stmt* rows = nullptr;
    sqlite3_prepare_v2(db, ("SELECT " + list + " FROM \"" + table + "\"").c_str(), -1, &rows, nullptr);
    while (sqlite3_step(rows) == SQLITE_ROW) {
      std::string line;
      for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
        if (i > 0) line += '\x1f';
        const unsigned char* text = sqlite3_column_text(rows, i);
        line += text == nullptr ? std::string(kNull)
                                : std::string(reinterpret_cast<const char*>(text),
                                              static_cast<std::size_t>(sqlite3_column_bytes(rows, i)));
      }
      dump[table].second.push_back(std::move(line));
    }
    sqlite3_finalize(rows);
    std::sort(dump[table].second.begin(), dump[table].second.end());
  }
  sqlite3_close(db);
  return dump;
}

Dump PostgresDump(postgres::Connection& db, const std::string& table, const std::vector<std::string>& columns) {
  std::string list;
  for (const std::string& column : columns) list += (list.empty() ? "\"" : ", \"") + column + "\"";
  auto rows = db.Exec("SELECT " + list + " FROM \"" + table + "\"");
  EXPECT_TRUE(rows) << rows.error().message;
  Dump dump;
  if (!rows) return dump;
  for (int r = 0; r < rows->Count(); ++r) {
    std::string line;
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
      if (i > 0) line += '\x1f';
      line += rows->IsNull(r, i) ? std::string(kNull) : std::string(rows->Text(r, i));
    }
    dump.push_back(std::move(line));
  }
  std::sort(dump.begin(), dump.end());
  return dump;
}

std::int64_t Scalar(postgres::Connection& db, const std::string& sql) {
  auto rows = db.Exec(sql);
  EXPECT_TRUE(rows) << rows.error().message;
  if (!rows || rows->Count() == 0) return -1;
  return rows->Int(0, 0).value_or(-1);
}

class MigrateStoreTest : public ::testing::Test {
 protected:
  // One demo organisation for the whole suite; tests that change a source copy it first.
  static void SetUpTestSuite() {
    demo_dir_ = fs::temp_directory_path() / ("docket-migrate-store-" + std::to_string(::getpid()));
    fs::remove_all(demo_dir_);
    fs::create_directories(demo_dir_);
    demo_ = (demo_dir_ / "demo.db").string();
    for (const std::string args : {"demo --members 400 --cases 120 --seed 5 --as-of 2026-03-03", "init"}) {
      testing::Outcome made = testing::RunCommand(std::string(DOCKET_BINARY) + " " + args + " --db " + demo_);
      ASSERT_EQ(made.status, 0) << args << ": " << made.out;
    }
  }
  static void TearDownTestSuite() { fs::remove_all(demo_dir_); }

  void SetUp() override {
    const char* url = std::getenv("DOCKET_TEST_POSTGRES_URL");
    ASSERT_NE(url, nullptr) << "ctest sets DOCKET_TEST_POSTGRES_URL from the PostgresCluster fixture";
    auto admin = postgres::Connection::Open(url);
    ASSERT_TRUE(admin) << admin.error().message;
    admin_ = std::move(*admin);
    // A database of this test's own: the copy must find it empty, and tests running at once never meet.
    database_ = "migrate_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device()());
    ASSERT_TRUE(admin_->Run("CREATE DATABASE " + database_));
    target_url_ = WithDatabase(url, database_);
    dir_ = demo_dir_ / database_;
    fs::create_directories(dir_);
  }
  void TearDown() override {
    target_.reset();
    if (admin_) (void)admin_->Run("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    fs::remove_all(dir_);
  }

  postgres::Connection& Target() {
    if (!target_) {
      auto opened = postgres::Connection::Open(target_url_);
      EXPECT_TRUE(opened) << opened.error().message;
      target_ = std::move(*opened);
    }
    return *target_;
  }

  // A copy of the demo database that the test may change.
  std::string OwnSource() {
    const std::string path = (dir_ / "source.db").string();
    for (const char* suffix : {"", "-wal"}) {
      if (fs::exists(demo_ + suffix)) {
        fs::copy_file(demo_ + suffix, path + suffix, fs::copy_options::overwrite_existing);
      }
    }
    return path;
  }

  // Rows in every table of the target, by table.
  std::map<std::string, std::int64_t> TargetRows() {
    std::map<std::string, std::int64_t> rows;
    auto tables = Target().Exec(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' AND table_name <> 'docket_schema'");
    EXPECT_TRUE(tables) << tables.error().message;
    for (int i = 0; tables && i < tables->Count(); ++i) {
      const std::string table(tables->Text(i, 0));
      rows[table] = Scalar(Target(), "SELECT count(*) FROM \"" + table + "\"");
    }
    return rows;
  }

  static std::int64_t RowsIn(const std::map<std::string, std::int64_t>& rows) {
    std::int64_t total = 0;
    for (const auto& [table, count] : rows) total += count;
    return total;
  }

  static inline fs::path demo_dir_;
  static inline std::string demo_;
  std::unique_ptr<postgres::Connection> admin_;
  std::unique_ptr<postgres::Connection> target_;
  std::string database_;
  std::string target_url_;
  fs::path dir_;
};

TEST_F(MigrateStoreTest, EveryTableArrivesRowForRowWithTheSameContent) {
  auto report = CopySqliteToPostgres("sqlite:" + demo_, target_url_);
  ASSERT_TRUE(report) << report.error().message;
  const auto source = SqliteDump(demo_);
  ASSERT_EQ(report->tables.size(), source.size()) << "every table is copied";
  std::int64_t total = 0;
  for (const TableCopy& copied : report->tables) {
    ASSERT_TRUE(source.contains(copied.table)) << copied.table;
    const auto& [columns, rows] = source.at(copied.table);
    EXPECT_EQ(copied.rows, static_cast<std::int64_t>(rows.size())) << copied.table;
    const Dump target = PostgresDump(Target(), copied.table, columns);
    EXPECT_EQ(target.size(), rows.size()) << copied.table;
    EXPECT_TRUE(target == rows) << "the rows of " << copied.table << " differ";
    total += copied.rows;
  }
  EXPECT_EQ(report->rows, total);
  // The demo fills what a fresh organisation has: a copy of nearly nothing would prove little.
  for (const char* table : {"members", "users", "cases", "case_events", "complaints", "sanctions", "audit_log",
                            "case_timelines", "statistics_names", "events", "appearances", "posts",
                            "recommendations"}) {
    EXPECT_GT(source.at(table).second.size(), 0u) << table << " is empty in the demo";
  }
  // The packed statistics were copied, not packed a second time by the trigger.
  EXPECT_EQ(report->held_triggers, std::vector<std::string>{"case_events.case_events_statistics"});
}

TEST_F(MigrateStoreTest, TheAuditChainVerifiesOnTheTargetToTheSourcesLastRecord) {
  auto report = CopySqliteToPostgres(demo_, target_url_);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_GT(report->audit_records, 0);
  // Recomputed here from the target's rows, independently of the copy's own check.
  auto rows = Target().Exec(
      "SELECT seq, at, actor, role, action, object_type, object_id, origin, detail, prev_hash, hash "
      "FROM audit_log ORDER BY seq");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->Count(), report->audit_records);
  std::string prev(domain::kGenesisHash);
  for (int i = 0; i < rows->Count(); ++i) {
    domain::AuditRecord r;
    r.seq = rows->Int(i, 0).value();
    r.at = Instant(rows->Int(i, 1).value());
    r.actor = rows->Text(i, 2);
    r.role = rows->Text(i, 3);
    r.action = rows->Text(i, 4);
    r.object_type = rows->Text(i, 5);
    r.object_id = rows->Text(i, 6);
    r.origin = rows->Text(i, 7);
    r.detail = rows->Text(i, 8);
    r.prev_hash = rows->Text(i, 9);
    r.hash = rows->Text(i, 10);
    ASSERT_EQ(r.seq, i + 1);
    ASSERT_EQ(r.prev_hash, prev) << "record " << r.seq;
    ASSERT_EQ(ChainHash(r), r.hash) << "record " << r.seq;
    prev = r.hash;
  }
  EXPECT_EQ(prev, report->audit_head);
}

TEST_F(MigrateStoreTest, EveryTableIsCopiedAfterTheTablesItRefersTo) {
  auto report = CopySqliteToPostgres(demo_, target_url_);
  ASSERT_TRUE(report) << report.error().message;
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < report->tables.size(); ++i) position[report->tables[i].table] = i;
  auto references = Target().Exec(
      "SELECT child.relname, parent.relname FROM pg_constraint k JOIN pg_class child ON child.oid = k.conrelid "
      "JOIN pg_class parent ON parent.oid = k.confrelid WHERE k.contype = 'f'");
  ASSERT_TRUE(references) << references.error().message;
  EXPECT_GT(references->Count(), 30);
  for (int i = 0; i < references->Count(); ++i) {
    const std::string child(references->Text(i, 0)), parent(references->Text(i, 1));
    EXPECT_LT(position.at(parent), position.at(child)) << child << " refers to " << parent;
  }
}

TEST_F(MigrateStoreTest, IdentitySequencesAndTheStatisticsTriggerCarryOnAfterTheCopy) {
  auto report = CopySqliteToPostgres(demo_, target_url_);
  ASSERT_TRUE(report) << report.error().message;
  postgres::Connection& db = Target();
  // Every identity sequence's next value is its table's largest id plus one
  // (read from the sequence, since nextval would take the value for good).
  auto identities = db.Exec(
      "SELECT table_name, pg_get_serial_sequence(quote_ident(table_name), 'id') FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND is_identity = 'YES' AND column_name = 'id'");
  ASSERT_TRUE(identities) << identities.error().message;
  EXPECT_GT(identities->Count(), 20);
  for (int i = 0; i < identities->Count(); ++i) {
    const std::string table(identities->Text(i, 0)), sequence(identities->Text(i, 1));
    EXPECT_EQ(Scalar(db, "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM " + sequence),
              Scalar(db, "SELECT coalesce(max(id), 0) + 1 FROM " + table))
        << table;
  }
  // A row inserted as the application does, without an id, gets the next one.
  const std::int64_t max_member = Scalar(db, "SELECT max(id) FROM members");
  EXPECT_EQ(Scalar(db, "INSERT INTO members(membership_number, given_name, family_name, branch, joined_on) "
                       "VALUES ('M-MIGRATED', 'Ada', 'Lovelace', 'Camden', '2026-03-04') RETURNING id"),
            max_member + 1);
  // The trigger is back on, and appends to the copied timeline with the copied names' ids.
  const std::int64_t case_id = Scalar(db, "SELECT min(case_id) FROM case_timelines");
  const std::string before(db.Exec("SELECT events FROM case_timelines WHERE case_id = " + std::to_string(case_id))
                               ->Text(0, 0));
  const std::int64_t names = Scalar(db, "SELECT count(*) FROM statistics_names");
  auto event = db.Exec(
      "INSERT INTO case_events(case_id, at, actor, role, action, from_stage, to_stage, fields) "
      "SELECT $1::bigint, 1772625600, 'a', 'caseworker', e.action, e.to_stage, e.to_stage, '{}' "
      "FROM case_events e WHERE e.case_id = $1::bigint ORDER BY e.id DESC LIMIT 1 RETURNING id",
      {std::to_string(case_id)});
  ASSERT_TRUE(event) << event.error().message;
  EXPECT_EQ(event->Int(0, 0).value(), Scalar(db, "SELECT max(id) FROM case_events"));
  const std::string after(db.Exec("SELECT events FROM case_timelines WHERE case_id = " + std::to_string(case_id))
                              ->Text(0, 0));
  EXPECT_EQ(after.substr(0, before.size()), before);
  EXPECT_TRUE(after.substr(before.size()).starts_with("69a81ec0 ")) << after.substr(before.size());
  EXPECT_EQ(std::count(after.begin(), after.end(), ';'), std::count(before.begin(), before.end(), ';') + 1);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM statistics_names"), names) << "the event's names were copied already";
}

TEST_F(MigrateStoreTest, ATargetThatHoldsDataIsRefusedAndLeftAsItWas) {
  ASSERT_TRUE(postgres::Migrate(Target()));
  ASSERT_TRUE(Target().Run("INSERT INTO members(membership_number, given_name, family_name, branch, joined_on) "
                           "VALUES ('M-LIVE', 'Live', 'Member', 'Camden', '2026-01-01')"));
  auto report = CopySqliteToPostgres(demo_, target_url_);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(report.error().message.find("already holds data (tables members)"), std::string::npos)
      << report.error().message;
  const auto rows = TargetRows();
  EXPECT_EQ(rows.at("members"), 1);
  EXPECT_EQ(RowsIn(rows), 1);
  // A second copy into a copied database is refused the same way.
  target_.reset();
  ASSERT_TRUE(admin_->Run("DROP DATABASE " + database_ + " WITH (FORCE)"));
  ASSERT_TRUE(admin_->Run("CREATE DATABASE " + database_));
  ASSERT_TRUE(CopySqliteToPostgres(demo_, target_url_));
  const std::int64_t copied = RowsIn(TargetRows());
  auto again = CopySqliteToPostgres(demo_, target_url_);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("audit_log"), std::string::npos) << again.error().message;
  EXPECT_EQ(RowsIn(TargetRows()), copied);
}

TEST_F(MigrateStoreTest, ARowTheTargetRejectsMidCopyLeavesTheTargetEmptyAndIsNamed) {
  // A note on a case that does not exist: SQLite without its foreign-key
  // pragma takes it, PostgreSQL's foreign key does not. Notes are copied
  // after members, cases and most else, so the copy fails half-way.
  const std::string source = OwnSource();
  SqliteRun(source, "INSERT INTO notes(id, case_id, author, body, at) VALUES (987654, 123456789, 'x', 'y', 1)");
  auto report = CopySqliteToPostgres(source, target_url_);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
  const std::string& message = report.error().message;
  EXPECT_NE(message.find("table notes, row id 987654"), std::string::npos) << message;
  EXPECT_NE(message.find("case_id"), std::string::npos) << message;
  const auto rows = TargetRows();
  EXPECT_EQ(rows.size(), SqliteTables(demo_).size()) << "the target was migrated";
  EXPECT_EQ(RowsIn(rows), 0) << "nothing of the copy is kept";
  EXPECT_EQ(Scalar(Target(), "SELECT count(*) FROM pg_trigger WHERE tgname = 'case_events_statistics' "
                             "AND tgenabled = 'O'"),
            1)
      << "the trigger held during the copy is on again";
  // With the row put right, the same target takes the copy.
  SqliteRun(source, "DELETE FROM notes WHERE id = 987654");
  auto retried = CopySqliteToPostgres(source, target_url_);
  ASSERT_TRUE(retried) << retried.error().message;
}

TEST_F(MigrateStoreTest, AValueOfTheWrongTypeIsNamedByTableRowAndColumn) {
  const std::string source = OwnSource();
  SqliteRun(source, "UPDATE cases SET due_key = 'soon' WHERE id = 3");
  auto report = CopySqliteToPostgres(source, target_url_);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(report.error().message.find("table cases, row id 3, column due_key: the source holds 'soon'"),
            std::string::npos)
      << report.error().message;
  EXPECT_EQ(RowsIn(TargetRows()), 0);
}

TEST_F(MigrateStoreTest, ABrokenAuditChainFailsTheCheckAtItsFirstBadRecordAndNothingIsKept) {
  const std::string source = OwnSource();
  SqliteRun(source, "UPDATE audit_log SET detail = detail || ' (edited)' WHERE seq = 3");
  auto report = CopySqliteToPostgres(source, target_url_);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kInternal);
  EXPECT_NE(report.error().message.find("does not verify on the target at record 3: record 3 was altered"),
            std::string::npos)
      << report.error().message;
  EXPECT_EQ(RowsIn(TargetRows()), 0);
}

TEST_F(MigrateStoreTest, ASourceAtAnotherSchemaVersionOrMissingIsRefusedBeforeTheTargetIsTouched) {
  const std::string old = (dir_ / "old.db").string();
  SqliteRun(old, "CREATE TABLE members (id INTEGER PRIMARY KEY); PRAGMA user_version = 10");
  auto report = CopySqliteToPostgres(old, target_url_);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(report.error().message.find("schema version 10"), std::string::npos) << report.error().message;
  EXPECT_NE(report.error().message.find("docket init --db " + old), std::string::npos) << report.error().message;

  auto missing = CopySqliteToPostgres((dir_ / "nowhere.db").string(), target_url_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "nowhere.db")) << "a missing source is not created";

  auto not_postgres = CopySqliteToPostgres(demo_, "mysql://db/docket");
  ASSERT_FALSE(not_postgres);
  EXPECT_EQ(not_postgres.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Scalar(Target(), "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), 0);
}

TEST_F(MigrateStoreTest, TheCommandPrintsEachTableAndTheVerifiedChainAndRefusesASecondCopy) {
  const std::string command = std::string(DOCKET_BINARY) + " migrate-store --from sqlite:" + demo_ + " --to '" +
                              target_url_ + "'";
  testing::Outcome first = testing::RunCommand(command);
  ASSERT_EQ(first.status, 0) << first.out;
  const std::int64_t audit = Scalar(Target(), "SELECT count(*) FROM audit_log");
  EXPECT_NE(first.out.find("audit chain verified: " + std::to_string(audit) + " records"), std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("  members "), std::string::npos) << first.out;
  // The words: `docket audit verify` passes on the target, and the
  // moved database reads the same as the file it came from.
  testing::Outcome verified = testing::RunCommand(std::string(DOCKET_BINARY) + " audit verify --db '" + target_url_ + "'");
  EXPECT_EQ(verified.status, 0) << verified.out;
  EXPECT_NE(verified.out.find("audit chain verified: " + std::to_string(audit) + " records, unbroken"),
            std::string::npos)
      << verified.out;
  for (const char* read : {"report dashboard", "case list --limit 100", "posts list"}) {
    testing::Outcome on_target = testing::RunCommand(std::string(DOCKET_BINARY) + " " + read + " --db '" + target_url_ + "'");
    testing::Outcome on_source = testing::RunCommand(std::string(DOCKET_BINARY) + " " + read + " --db " + demo_);
    EXPECT_EQ(on_target.status, 0) << read << ": " << on_target.out;
    EXPECT_EQ(on_target.out, on_source.out) << read;
  }
  testing::Outcome second = testing::RunCommand(command);
  EXPECT_EQ(second.status, 2) << second.out;
  EXPECT_NE(second.out.find("already holds data"), std::string::npos) << second.out;
  testing::Outcome usage = testing::RunCommand(std::string(DOCKET_BINARY) + " migrate-store --from " + demo_);
  EXPECT_EQ(usage.status, 1) << usage.out;
}

TEST(CopyOrderTest, ATableComesAfterWhatItRefersToAndOtherwiseKeepsItsPlace) {
  auto order = CopyOrder({"notes", "cases", "members", "events"},
                         {{"notes", "cases"}, {"cases", "members"}, {"members", "members"}, {"notes", "elsewhere"}});
  ASSERT_TRUE(order) << order.error().message;
  EXPECT_EQ(*order, (std::vector<std::string>{"members", "events", "cases", "notes"}));
}

TEST(CopyOrderTest, AReferenceCycleIsNamed) {
  auto order = CopyOrder({"a", "b", "c"}, {{"a", "b"}, {"b", "a"}});
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().code, ErrorCode::kInternal);
  EXPECT_NE(order.error().message.find("a, b"), std::string::npos) << order.error().message;
}

}  // namespace
}  // namespace docket::store
