// The libpq layer against a real PostgreSQL 15 that ctest starts for the
// store tests (scripts/pg-test-cluster, the PostgresCluster fixture in
// tests/store/CMakeLists.txt): parameters and NULLs, errors that name the
// SQLSTATE and map to the codes callers react to, a transaction that rolls
// back, and a batch sent in pipeline mode with its failing row named.
#include "store/postgres/connection.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

namespace docket::store::postgres {
namespace {

std::string Url() {
  const char* url = std::getenv("DOCKET_TEST_POSTGRES_URL");
  EXPECT_NE(url, nullptr) << "ctest sets DOCKET_TEST_POSTGRES_URL from the PostgresCluster fixture";
  return url == nullptr ? "" : url;
}

class PostgresConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto connection = Connection::Open(Url());
    ASSERT_TRUE(connection) << connection.error().message;
    db_ = std::move(*connection);
    // A schema of this test's own, so tests running at once never meet.
    schema_ = "t" + std::to_string(std::random_device()());
    ASSERT_TRUE(db_->Run("CREATE SCHEMA " + schema_ + "; SET search_path TO " + schema_));
  }
  void TearDown() override {
    if (db_) (void)db_->Run("DROP SCHEMA " + schema_ + " CASCADE");
  }
  std::unique_ptr<Connection> db_;
  std::string schema_;
};

TEST_F(PostgresConnectionTest, ParametersAndNullsRoundTripAsText) {
  ASSERT_TRUE(db_->Run("CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT, note TEXT)"));
  auto inserted = db_->Exec("INSERT INTO t(name, note) VALUES ($1, $2) RETURNING id", {"Siobhán O'Brien", std::nullopt});
  ASSERT_TRUE(inserted) << inserted.error().message;
  ASSERT_EQ(inserted->Count(), 1);
  const std::int64_t id = inserted->Int(0, 0).value();
  auto read = db_->Exec("SELECT name, note FROM t WHERE id = $1", {std::to_string(id)});
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->Count(), 1);
  EXPECT_EQ(read->Text(0, 0), "Siobhán O'Brien");
  EXPECT_TRUE(read->IsNull(0, 1));
  EXPECT_FALSE(read->Int(0, 0).has_value()) << "a name is not an integer, and the error says which column";
  auto updated = db_->Exec("UPDATE t SET note = 'x'");
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->Affected(), 1);
}

TEST_F(PostgresConnectionTest, ErrorsNameTheSqlStateAndMapToWhatTheCallerDoes) {
  ASSERT_TRUE(db_->Run("CREATE TABLE t (key TEXT PRIMARY KEY, n INTEGER CHECK (n > 0))"));
  ASSERT_TRUE(db_->Exec("INSERT INTO t VALUES ($1, 1)", {"a"}));
  auto duplicate = db_->Exec("INSERT INTO t VALUES ($1, 1)", {"a"});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(duplicate.error().message.find("SQLSTATE 23505"), std::string::npos) << duplicate.error().message;
  auto bad = db_->Exec("INSERT INTO t VALUES ($1, $2)", {"b", "not a number"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument) << bad.error().message;
  auto syntax = db_->Run("SELEC 1");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, ErrorCode::kInternal);
  EXPECT_NE(syntax.error().message.find("SQLSTATE 42601"), std::string::npos) << syntax.error().message;

  auto unreachable = Connection::Open("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(unreachable.error().message.find("secret"), std::string::npos) << "a password never reaches a message";
  EXPECT_NE(unreachable.error().message.find("127.0.0.1:1"), std::string::npos) << unreachable.error().message;
}

TEST_F(PostgresConnectionTest, ATransactionThatIsNotCommittedLeavesNothing) {
  ASSERT_TRUE(db_->Run("CREATE TABLE t (n INTEGER)"));
  ASSERT_TRUE(db_->Run("BEGIN"));
  ASSERT_TRUE(db_->Exec("INSERT INTO t VALUES (1)"));
  ASSERT_TRUE(db_->Run("ROLLBACK"));
  EXPECT_EQ(db_->Exec("SELECT count(*) FROM t")->Int(0, 0).value(), 0);
}

TEST_F(PostgresConnectionTest, ABatchGoesInOneRoundTripAndAFailingRowIsNamedWithNothingKept) {
  ASSERT_TRUE(db_->Run("CREATE TABLE t (n INTEGER PRIMARY KEY)"));
  std::vector<Params> rows;
  for (int i = 1; i <= 1000; ++i) rows.push_back({std::to_string(i)});
  ASSERT_TRUE(db_->Run("BEGIN"));
  auto batch = db_->Pipeline("INSERT INTO t VALUES ($1)", rows);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(*batch, 1000);
  ASSERT_TRUE(db_->Run("COMMIT"));
  EXPECT_EQ(db_->Exec("SELECT count(*) FROM t")->Int(0, 0).value(), 1000);

  std::vector<Params> clash = {{"1001"}, {"1002"}, {"5"}, {"1003"}};
  ASSERT_TRUE(db_->Run("BEGIN"));
  auto failed = db_->Pipeline("INSERT INTO t VALUES ($1)", clash);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(failed.error().message.find("row 3"), std::string::npos) << failed.error().message;
  ASSERT_TRUE(db_->Run("ROLLBACK"));
  EXPECT_EQ(db_->Exec("SELECT count(*) FROM t")->Int(0, 0).value(), 1000) << "the batch's other rows went with it";
  EXPECT_TRUE(db_->Exec("SELECT 1")) << "the connection left pipeline mode clean";
}

TEST(TranslateSqlTest, SqlitesDialectBecomesPostgresqls) {
  EXPECT_EQ(TranslateSql("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(TranslateSql("SELECT ifnull(a, ?1), ifnull(b, ?1) FROM t"), "SELECT coalesce(a, $1), coalesce(b, $1) FROM t");
  EXPECT_EQ(TranslateSql("SELECT group_concat(name, ', ') FROM r"), "SELECT string_agg(name, ', ') FROM r");
  EXPECT_EQ(TranslateSql("INSERT OR IGNORE INTO s(id) VALUES (?)"), "INSERT INTO s(id) VALUES ($1) ON CONFLICT DO NOTHING");
  EXPECT_EQ(TranslateSql("SELECT id FROM cases INDEXED BY cases_statistics ORDER BY id"), "SELECT id FROM cases ORDER BY id");
}

TEST(TranslateSqlTest, QuotedTextAndLongerWordsAreLeftAlone) {
  EXPECT_EQ(TranslateSql("SELECT 'why? it''s ifnull(' FROM t WHERE x = ?"), "SELECT 'why? it''s ifnull(' FROM t WHERE x = $1");
  EXPECT_EQ(TranslateSql("SELECT my_ifnull(a) FROM t"), "SELECT my_ifnull(a) FROM t");
}

}  // namespace
}  // namespace docket::store::postgres
