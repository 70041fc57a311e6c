// The store contract: one typed suite that every backend must pass, run on
// SQLite files and on the real PostgreSQL server ctest starts.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <sqlite3.h>

#include <atomic>

#include "store/audit_chain.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "postgres_test_support.hpp"

namespace docket::store {
namespace {

namespace fs = std::filesystem;

// Creates a fresh, empty database of one backend per test.
struct SqliteBackend {
  static fs::path Path(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("docket-store-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / (name + ".db");
  }
  static Result<std::unique_ptr<Store>> Create(const std::string& name) {
    fs::path path = Path(name);
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
    return OpenStore(path.string());
  }
  /// Opens the same database again, as a new process would.
  static Result<std::unique_ptr<Store>> Reopen(const std::string& name) { return OpenStore(Path(name).string()); }
  /// Changes the database behind docket's back, as an intruder with file access would.
  static void Tamper(const std::string& name, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(Path(name).c_str(), &db);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
};

// A fresh schema on the test cluster per test; Reopen connects again as a new
// process would.
struct PostgresBackend {
  static std::map<std::string, std::string>& Urls() {
    static std::map<std::string, std::string> urls;
    return urls;
  }
  static Result<std::unique_ptr<Store>> Create(const std::string& name) {
    Urls()[name] = testing::FreshPostgresUrl(name);
    return OpenStore(Urls()[name]);
  }
  static Result<std::unique_ptr<Store>> Reopen(const std::string& name) { return OpenStore(Urls()[name]); }
  static void Tamper(const std::string& name, const std::string& sql) { testing::RunOnPostgres(Urls()[name], sql); }
};

domain::Member SampleMember(std::string number) {
  domain::Member m;
  m.membership_number = std::move(number);
  m.given_name = "Siobhán";
  m.family_name = "O'Brien-Khan";
  m.branch = "Leeds Central";
  m.email = "s@example.org";
  m.joined_on = Date::FromYmd(2015, 4, 1);
  m.aliases = {"Shiv O'Brien"};
  m.offices = {{"councillor", "Councillor, Headingley", Date::FromYmd(2018, 5, 3), Date::FromYmd(2022, 5, 5)},
               {"mp", "MP for Leeds Central", Date::FromYmd(2024, 7, 4), std::nullopt}};
  m.status_history = {{domain::MembershipStatus::kLapsed, Date::FromYmd(2017, 1, 1), "unpaid"},
                      {domain::MembershipStatus::kActive, Date::FromYmd(2017, 6, 1), "renewed"}};
  return m;
}

domain::Case SampleCase(std::string number, MemberId respondent) {
  domain::Case c;
  c.number = std::move(number);
  c.category = "antisemitism";
  c.stage = "investigation";
  c.waiting = "awaiting_respondent";
  c.assignee = "rachel.levy";
  c.opened_at = Instant(1767225600);
  c.stage_entered_at = Instant(1767312000);
  c.clock = DeadlineClock::Start(Instant(1767312000), 40).Paused(Instant(1767398400));
  c.respondents = {{respondent, "Siobhán O'Brien-Khan"}, {std::nullopt, "Unknown Person"}};
  c.decision = domain::Decision{"formal_warning", "Because.", std::nullopt, Instant(1767400000), "helen.clarke"};
  c.appeal = domain::Appeal{Instant(1767500000), "Grounds.", "member.x", true, "Upheld.", "deborah.stein"};
  c.interim = domain::InterimSuspension{Instant(1767300000), Date::FromYmd(2026, 2, 1), "Risk.", "helen.clarke"};
  return c;
}

template <class Backend>
class StoreContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    auto store = Backend::Create(info->name());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }

  std::unique_ptr<Transaction> Write() {
    auto tx = store_->Begin(TransactionMode::kWrite);
    EXPECT_TRUE(tx) << tx.error().message;
    return std::move(*tx);
  }
  std::unique_ptr<Transaction> Read() {
    auto tx = store_->Begin(TransactionMode::kRead);
    EXPECT_TRUE(tx) << tx.error().message;
    return std::move(*tx);
  }

  MemberId AddMember(std::string number) {
    auto tx = Write();
    auto id = tx->Members().Insert(SampleMember(std::move(number)));
    EXPECT_TRUE(id) << id.error().message;
    EXPECT_TRUE(tx->Commit());
    return *id;
  }

  domain::AuditRecord Audit(std::string action, std::string object_id) {
    domain::AuditRecord r;
    r.at = Instant(1767225600);
    r.actor = "aoife.byrne";
    r.role = "caseworker";
    r.action = std::move(action);
    r.object_type = "case";
    r.object_id = std::move(object_id);
    r.origin = "127.0.0.1";
    return r;
  }

  void AppendAudit(int count) {
    for (int i = 0; i < count; ++i) {
      ASSERT_TRUE(store_->Write([&](Transaction& tx) -> Result<void> {
        DOCKET_TRY(tx.Audit().Append(Audit("case.read", "2026-00000" + std::to_string(i % 10))));
        return Ok();
      }));
    }
  }

  std::string Name() const { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

  std::unique_ptr<Store> store_;
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(StoreContractTest, Backends);

TYPED_TEST(StoreContractTest, AFreshDatabaseIsMigratedToTheLatestSchema) {
  EXPECT_GE(this->store_->SchemaVersion(), 1);
  auto tx = this->Read();
  EXPECT_EQ(*tx->Members().Count(), 0);
}

TYPED_TEST(StoreContractTest, AMemberRoundTripsWithAliasesOfficesAndHistory) {
  MemberId id = this->AddMember("A0000001");
  auto tx = this->Read();
  auto member = tx->Members().Find(id);
  ASSERT_TRUE(member) << member.error().message;
  domain::Member expected = SampleMember("A0000001");
  EXPECT_EQ(member->membership_number, "A0000001");
  EXPECT_EQ(member->given_name, expected.given_name);
  EXPECT_EQ(member->family_name, expected.family_name);
  EXPECT_EQ(member->aliases, expected.aliases);
  ASSERT_EQ(member->offices.size(), 2u);
  EXPECT_EQ(member->offices[0].end, Date::FromYmd(2022, 5, 5));
  EXPECT_FALSE(member->offices[1].end);
  EXPECT_EQ(member->offices[1].title, "MP for Leeds Central");
  ASSERT_EQ(member->status_history.size(), 2u);
  EXPECT_EQ(member->status_history[0].status, domain::MembershipStatus::kLapsed);
  auto by_number = tx->Members().FindByNumber("A0000001");
  ASSERT_TRUE(by_number);
  EXPECT_EQ(by_number->id, id);
}

TYPED_TEST(StoreContractTest, ATakenMembershipNumberIsAlreadyExists) {
  this->AddMember("A0000001");
  auto tx = this->Write();
  auto again = tx->Members().Insert(SampleMember("A0000001"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().message, "membership number 'A0000001' is already taken");
}

TYPED_TEST(StoreContractTest, AnUnknownMemberIsNotFound) {
  auto tx = this->Read();
  auto missing = tx->Members().FindByNumber("Z9");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "no member with membership number 'Z9'");
}

TYPED_TEST(StoreContractTest, ATransactionDroppedWithoutCommitLeavesNothing) {
  {
    auto tx = this->Write();
    ASSERT_TRUE(tx->Members().Insert(SampleMember("A0000001")));
    ASSERT_TRUE(tx->Users().Insert(store::User::Named("someone", "Someone", "caseworker")));
  }
  auto tx = this->Read();
  EXPECT_EQ(*tx->Members().Count(), 0);
  EXPECT_FALSE(tx->Users().FindByUsername("someone"));
}

// A read that stopped at its first row (a count, a lookup) must not pin the
// connection to an old snapshot: every later transaction sees every commit.
TYPED_TEST(StoreContractTest, AReadTransactionSeesEveryEarlierCommit) {
  for (int round = 0; round < 3; ++round) {
    {
      // Ended both ways: committed (as a use case that only read may do) and dropped.
      auto read = this->Read();
      ASSERT_TRUE(read->Members().Count());
      if (round % 2 == 0) {
        ASSERT_TRUE(read->Commit());
      }
    }
    const std::string number = "A000010" + std::to_string(round);
    this->AddMember(number);
    auto read = this->Read();
    auto found = read->Members().FindByNumber(number);
    EXPECT_TRUE(found) << "round " << round << ": " << found.error().message;
    EXPECT_EQ(*read->Members().Count(), round + 1);
  }
}

// Reads begun together (a report reading two tables on two threads) see one
// and the same commit, even while another thread keeps committing.
TYPED_TEST(StoreContractTest, ReadsBegunTogetherShareOneSnapshotWhileWritesGoOn) {
  this->AddMember("A0000001");
  std::atomic<int> written{0};
  // Joined on every way out of the test, a failed assertion included.
  std::jthread writer([&](std::stop_token stop) {
    for (int i = 0; !stop.stop_requested() && i < 2000; ++i) {
      auto done = this->store_->Write([&](Transaction& tx) -> Result<void> {
        DOCKET_TRY(tx.Members().Insert(SampleMember("W" + std::to_string(i))));
        return Ok();
      });
      if (done) ++written;
    }
  });
  std::set<std::int64_t> seen;
  for (int round = 0; round < 30; ++round) {
    auto reads = this->store_->BeginReads(3);
    ASSERT_TRUE(reads) << reads.error().message;
    ASSERT_EQ(reads->size(), 3U);
    std::vector<std::int64_t> counts;
    for (auto& read : *reads) counts.push_back(*read->Members().Count());
    EXPECT_EQ(counts[0], counts[1]) << "round " << round;
    EXPECT_EQ(counts[0], counts[2]) << "round " << round;
    // Still the same view after more commits.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    EXPECT_EQ(*(*reads)[2]->Members().Count(), counts[0]) << "round " << round;
    seen.insert(counts[0]);
  }
  writer.request_stop();
  writer.join();
  EXPECT_GT(written.load(), 0);
  EXPECT_GT(seen.size(), 1U) << "the writer never committed between rounds: the test proved nothing";
  auto one = this->store_->BeginReads(1);
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(*(*one)[0]->Members().Count(), 1 + written.load());
}

// WriteAsync: the caller goes on at once and hears the outcome later, only
// once the work is committed; failed work leaves nothing.
TYPED_TEST(StoreContractTest, WriteAsyncTellsTheOutcomeOnlyOnceTheWorkIsCommitted) {
  std::promise<Result<void>> told;
  std::promise<Result<void>> failed;
  std::atomic<int> calls{0};
  this->store_->WriteAsync(
      [](Transaction& tx) -> Result<void> {
        DOCKET_TRY(tx.Members().Insert(SampleMember("A0000001")));
        return Ok();
      },
      [&](Result<void> outcome) {
        ++calls;
        told.set_value(std::move(outcome));
      },
      Acknowledge::kDurable);
  this->store_->WriteAsync(
      [](Transaction& tx) -> Result<void> {
        DOCKET_TRY(tx.Members().Insert(SampleMember("A0000002")));
        return Fail(ErrorCode::kInvalidArgument, "changed my mind");
      },
      [&](Result<void> outcome) {
        ++calls;
        failed.set_value(std::move(outcome));
      },
      Acknowledge::kCommitted);
  Result<void> first = told.get_future().get();
  ASSERT_TRUE(first) << first.error().message;
  // Told, so committed: a new transaction (another connection) sees it.
  EXPECT_TRUE(this->Read()->Members().FindByNumber("A0000001"));
  Result<void> second = failed.get_future().get();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message, "changed my mind");
  EXPECT_FALSE(this->Read()->Members().FindByNumber("A0000002"));
  EXPECT_EQ(calls.load(), 2);
}

// What a cache of case files rests on: inside Write(), the generation holds
// while only the audit log grows, and moves on any other change, made by
// this store's writer, by another connection or by another process. Stores
// that cannot tell say nothing (PostgreSQL: other servers write unseen).
TYPED_TEST(StoreContractTest, TheChangeGenerationMovesOnEveryChangeButTheAuditLogs) {
  auto generation = [&] {
    std::optional<std::uint64_t> seen;
    EXPECT_TRUE(this->store_->Write([&](Transaction& tx) -> Result<void> {
      seen = tx.ChangeGeneration();
      return Ok();
    }));
    return seen;
  };
  EXPECT_FALSE(this->Read()->ChangeGeneration()) << "only work run by Write() can tell";
  const std::optional<std::uint64_t> start = generation();
  if (!this->store_->Describe().starts_with("sqlite:")) {
    EXPECT_FALSE(start);
    return;
  }
  ASSERT_TRUE(start);
  this->AppendAudit(3);
  EXPECT_EQ(generation(), start) << "audit records alone leave it";

  // A change by the writer moves it at once, for the next work in the same batch too.
  std::optional<std::uint64_t> before;
  std::optional<std::uint64_t> after;
  ASSERT_TRUE(this->store_->Write([&](Transaction& tx) -> Result<void> {
    before = tx.ChangeGeneration();
    DOCKET_TRY(tx.Members().Insert(SampleMember("A0000001")));
    after = tx.ChangeGeneration();
    return Ok();
  }));
  EXPECT_EQ(before, start);
  EXPECT_NE(after, before);
  const std::optional<std::uint64_t> settled = generation();
  EXPECT_EQ(generation(), settled);

  // Work that changed something and then failed still moves it (nothing may trust what it saw).
  ASSERT_FALSE(this->store_->Write([&](Transaction& tx) -> Result<void> {
    DOCKET_TRY(tx.Members().Insert(SampleMember("A0000002")));
    return Fail(ErrorCode::kInvalidArgument, "undone");
  }));
  EXPECT_NE(generation(), settled);

  // Another connection of this store.
  const std::optional<std::uint64_t> before_other = generation();
  this->AddMember("A0000003");
  EXPECT_NE(generation(), before_other);

  // Another process.
  const std::optional<std::uint64_t> before_process = generation();
  {
    auto other = TypeParam::Reopen(this->Name());
    ASSERT_TRUE(other) << other.error().message;
    ASSERT_TRUE((*other)->Write([](Transaction& tx) -> Result<void> {
      DOCKET_TRY(tx.Members().Insert(SampleMember("A0000004")));
      return Ok();
    }));
  }
  EXPECT_NE(generation(), before_process);
  const std::optional<std::uint64_t> end = generation();
  this->AppendAudit(2);
  EXPECT_EQ(generation(), end);
}

TYPED_TEST(StoreContractTest, AFailureMidTransactionRollsBackEarlierWrites) {
  this->AddMember("A0000001");
  {
    auto tx = this->Write();
    ASSERT_TRUE(tx->Members().Insert(SampleMember("A0000002")));
    auto duplicate = tx->Members().Insert(SampleMember("A0000001"));
    ASSERT_FALSE(duplicate);
    // The use case returns its error here, and the transaction is dropped.
  }
  auto tx = this->Read();
  EXPECT_EQ(*tx->Members().Count(), 1);
  EXPECT_FALSE(tx->Members().FindByNumber("A0000002"));
}

TYPED_TEST(StoreContractTest, ACaseRoundTripsEveryField) {
  MemberId member = this->AddMember("A0000001");
  domain::Case c = SampleCase("2026-000001", member);
  auto tx = this->Write();
  auto id = tx->Cases().Insert(c, std::nullopt);
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(tx->Commit());
  auto read = this->Read();
  auto found = read->Cases().FindByNumber("2026-000001");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(found->stage, "investigation");
  EXPECT_EQ(found->waiting, "awaiting_respondent");
  EXPECT_EQ(found->assignee, "rachel.levy");
  ASSERT_TRUE(found->clock);
  EXPECT_EQ(found->clock->budget_working_days, 40);
  EXPECT_EQ(found->clock->paused_since, Instant(1767398400));
  ASSERT_EQ(found->respondents.size(), 2u);
  EXPECT_EQ(found->respondents[0].member, member);
  EXPECT_FALSE(found->respondents[1].member);
  EXPECT_EQ(found->respondents[1].name, "Unknown Person");
  ASSERT_TRUE(found->decision);
  EXPECT_EQ(found->decision->decided_by, "helen.clarke");
  ASSERT_TRUE(found->appeal);
  EXPECT_EQ(found->appeal->upheld, true);
  ASSERT_TRUE(found->interim);
  EXPECT_EQ(found->interim->review_due, Date::FromYmd(2026, 2, 1));
  EXPECT_FALSE(found->closed_at);
}

TYPED_TEST(StoreContractTest, CaseNumbersRunWithoutGapsPerYear) {
  auto tx = this->Write();
  EXPECT_EQ(*tx->Cases().NextNumber(2026), "2026-000001");
  EXPECT_EQ(*tx->Cases().NextNumber(2026), "2026-000002");
  EXPECT_EQ(*tx->Cases().NextNumber(2027), "2027-000001");
  ASSERT_TRUE(tx->Commit());
  auto later = this->Write();
  EXPECT_EQ(*later->Cases().NextNumber(2026), "2026-000003");
}

TYPED_TEST(StoreContractTest, ANumberDrawnInARolledBackTransactionIsDrawnAgain) {
  { auto tx = this->Write(); EXPECT_EQ(*tx->Cases().NextNumber(2026), "2026-000001"); }
  auto tx = this->Write();
  EXPECT_EQ(*tx->Cases().NextNumber(2026), "2026-000001");
}

TYPED_TEST(StoreContractTest, AStaleUpdateIsAConflictAndChangesNothing) {
  MemberId member = this->AddMember("A0000001");
  domain::Case c = SampleCase("2026-000001", member);
  {
    auto tx = this->Write();
    c.id = *tx->Cases().Insert(c, std::nullopt);
    ASSERT_TRUE(tx->Commit());
  }
  auto read = this->Read();
  domain::Case first = *read->Cases().Find(c.id);
  domain::Case second = first;
  read.reset();
  {
    auto tx = this->Write();
    first.stage = "panel_decision";
    ASSERT_TRUE(tx->Cases().Update(first, std::nullopt));
    ASSERT_TRUE(tx->Commit());
  }
  auto tx = this->Write();
  second.stage = "closed";
  auto stale = tx->Cases().Update(second, std::nullopt);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().message,
            "case 2026-000001 was changed by someone else (version 2 is stored, this change was made from version 1); "
            "reload it and try again");
  tx.reset();
  auto check = this->Read();
  EXPECT_EQ(check->Cases().Find(c.id)->stage, "panel_decision");
  EXPECT_EQ(check->Cases().Find(c.id)->version, 2);
}

TYPED_TEST(StoreContractTest, TheQueueIsOrderedByDeadlineWithUndatedCasesLastAndPagesByCursor) {
  MemberId member = this->AddMember("A0000001");
  auto tx = this->Write();
  std::vector<std::pair<std::string, std::optional<Instant>>> cases = {
      {"2026-000001", Instant(3000)}, {"2026-000002", std::nullopt}, {"2026-000003", Instant(1000)},
      {"2026-000004", Instant(2000)}, {"2026-000005", Instant(2000)}};
  for (const auto& [number, due] : cases) {
    domain::Case c = SampleCase(number, member);
    c.stage = number == "2026-000005" ? "triage" : "investigation";
    ASSERT_TRUE(tx->Cases().Insert(c, due));
  }
  domain::Case closed = SampleCase("2026-000006", member);
  closed.closed_at = Instant(10);
  ASSERT_TRUE(tx->Cases().Insert(closed, std::nullopt));
  ASSERT_TRUE(tx->Commit());

  auto read = this->Read();
  CaseQuery query;
  query.limit = 2;
  auto first = read->Cases().List(query);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].number, "2026-000003");
  EXPECT_EQ((*first)[1].number, "2026-000004");
  EXPECT_EQ((*first)[0].respondent_names, "Siobhán O'Brien-Khan, Unknown Person");
  query.after = std::make_pair(first->back().due_at, first->back().id);
  auto second = read->Cases().List(query);
  ASSERT_EQ(second->size(), 2u);
  EXPECT_EQ((*second)[0].number, "2026-000005");
  EXPECT_EQ((*second)[1].number, "2026-000001");
  query.after = std::make_pair(second->back().due_at, second->back().id);
  auto third = read->Cases().List(query);
  ASSERT_EQ(third->size(), 1u);
  EXPECT_EQ((*third)[0].number, "2026-000002");
  EXPECT_FALSE((*third)[0].due_at);

  CaseQuery by_stage;
  by_stage.stage = "triage";
  EXPECT_EQ(read->Cases().List(by_stage)->size(), 1u);
  CaseQuery overdue;
  overdue.due_before = Instant(2500);
  EXPECT_EQ(read->Cases().List(overdue)->size(), 3u);
  CaseQuery everything;
  everything.open_only = false;
  EXPECT_EQ(read->Cases().List(everything)->size(), 6u);
}

TYPED_TEST(StoreContractTest, EventsKeepTheirFieldsExactly) {
  MemberId member = this->AddMember("A0000001");
  auto tx = this->Write();
  CaseId id = *tx->Cases().Insert(SampleCase("2026-000001", member), std::nullopt);
  domain::CaseEvent e;
  e.case_id = id;
  e.at = Instant(5);
  e.actor = "helen.clarke";
  e.role = "panel_member";
  e.action = "decide";
  e.from_stage = "panel_decision";
  e.to_stage = "outcome";
  e.fields = {{"reasons", "Line one\nline two = 100% proved\r\n"}, {"outcome", "expulsion"}};
  ASSERT_TRUE(tx->Cases().AppendEvent(e));
  ASSERT_TRUE(tx->Commit());
  auto events = this->Read()->Cases().Events(id);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].fields, e.fields);
  EXPECT_EQ((*events)[0].actor, "helen.clarke");
}

TYPED_TEST(StoreContractTest, ComplaintsRoundTripAndAnonymousOnesCarryNoIdentity) {
  MemberId member = this->AddMember("A0000001");
  auto tx = this->Write();
  CaseId id = *tx->Cases().Insert(SampleCase("2026-000001", member), std::nullopt);
  domain::Complaint named;
  named.receipt = "1234567890123456";
  named.received_at = Instant(100);
  named.category = "antisemitism";
  named.description = "Said something.";
  named.occurred_on = Date::FromYmd(2026, 1, 2);
  named.complainant = domain::Complainant{"Ruth Cohen", "ruth@example.org", std::nullopt};
  named.respondents = {{"Siobhán O'Brien-Khan", "A0000001", member}};
  named.case_id = id;
  ASSERT_TRUE(tx->Complaints().Insert(named));
  domain::Complaint anonymous = named;
  anonymous.receipt = "6543210987654321";
  anonymous.anonymity = domain::Anonymity::kAnonymous;
  anonymous.complainant.reset();
  ASSERT_TRUE(tx->Complaints().Insert(anonymous));
  auto duplicate = tx->Complaints().Insert(named);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  ASSERT_TRUE(tx->Commit());
  auto read = this->Read();
  auto found = read->Complaints().FindByReceipt("1234567890123456");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->complainant->name, "Ruth Cohen");
  ASSERT_EQ(found->respondents.size(), 1u);
  EXPECT_EQ(found->respondents[0].member, member);
  auto anon = read->Complaints().FindByReceipt("6543210987654321");
  EXPECT_EQ(anon->anonymity, domain::Anonymity::kAnonymous);
  EXPECT_FALSE(anon->complainant);
  EXPECT_EQ(read->Complaints().ForCase(id)->size(), 2u);
  EXPECT_EQ(read->Cases().OpenCasesOfRespondent(member, "antisemitism")->size(), 1u);
  EXPECT_EQ(read->Cases().OpenCasesOfRespondent(member, "bullying")->size(), 0u);
}

TYPED_TEST(StoreContractTest, SanctionsEndAndAreOverturnedPerCase) {
  MemberId member = this->AddMember("A0000001");
  auto tx = this->Write();
  CaseId id = *tx->Cases().Insert(SampleCase("2026-000001", member), std::nullopt);
  domain::Sanction interim;
  interim.member = member;
  interim.case_id = id;
  interim.kind = std::string(domain::kInterimSuspensionKind);
  interim.category = "antisemitism";
  interim.start = Date::FromYmd(2026, 1, 5);
  ASSERT_TRUE(tx->Sanctions().Insert(interim));
  domain::Sanction expulsion = interim;
  expulsion.kind = "expulsion";
  expulsion.start = Date::FromYmd(2026, 3, 1);
  expulsion.published_on = Date::FromYmd(2026, 3, 4);
  ASSERT_TRUE(tx->Sanctions().Insert(expulsion));
  ASSERT_TRUE(tx->Sanctions().EndInterim(id, Date::FromYmd(2026, 3, 1)));
  ASSERT_TRUE(tx->Sanctions().OverturnForCase(id, Instant(999), "appeal upheld"));
  ASSERT_TRUE(tx->Commit());
  auto sanctions = this->Read()->Sanctions().ForMember(member);
  ASSERT_TRUE(sanctions);
  ASSERT_EQ(sanctions->size(), 2u);
  EXPECT_EQ((*sanctions)[0].end, Date::FromYmd(2026, 3, 1));
  EXPECT_FALSE((*sanctions)[0].overturned_at) << "an interim suspension is ended, not overturned";
  EXPECT_EQ((*sanctions)[1].overturned_at, Instant(999));
  EXPECT_EQ((*sanctions)[1].overturn_reason, "appeal upheld");
  EXPECT_EQ((*sanctions)[1].published_on, Date::FromYmd(2026, 3, 4));
}

TYPED_TEST(StoreContractTest, TwoWritersOnTwoThreadsBothCommitWithoutLosingEither) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto tx = this->store_->Begin(TransactionMode::kWrite);
        if (!tx) { ++failures; continue; }
        if (!(*tx)->Members().Insert(SampleMember("T" + std::to_string(t) + "-" + std::to_string(i)))) ++failures;
        if (!(*tx)->Commit()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*this->Read()->Members().Count(), 40);
}

TYPED_TEST(StoreContractTest, AuditRecordsFormAChainThatVerifies) {
  this->AppendAudit(25);
  auto records = this->Read()->Audit().Scan(0, 100);
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 25u);
  EXPECT_EQ((*records)[0].seq, 1);
  EXPECT_EQ((*records)[0].prev_hash, domain::kGenesisHash);
  EXPECT_EQ((*records)[1].prev_hash, (*records)[0].hash);
  EXPECT_EQ((*records)[0].hash, ChainHash((*records)[0]));
  auto check = VerifyChain(*this->store_);
  ASSERT_TRUE(check) << check.error().message;
  EXPECT_EQ(check->records, 25);
  EXPECT_FALSE(check->first_bad_seq) << check->problem;
  EXPECT_EQ(this->Read()->Audit().ForObject("case", "2026-000003", 10)->size(), 3u);
  EXPECT_EQ(this->Read()->Audit().ForActor("aoife.byrne", 100)->size(), 25u);
}

TYPED_TEST(StoreContractTest, AHandEditedAuditRecordIsDetectedAndNamed) {
  this->AppendAudit(10);
  this->store_.reset();
  TypeParam::Tamper(this->Name(), "UPDATE audit_log SET actor = 'someone.else' WHERE seq = 7");
  auto store = TypeParam::Reopen(this->Name());
  ASSERT_TRUE(store);
  auto check = VerifyChain(**store);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->first_bad_seq, 7);
  EXPECT_EQ(check->records, 6);
  EXPECT_NE(check->problem.find("record 7 was altered"), std::string::npos) << check->problem;
}

TYPED_TEST(StoreContractTest, ADeletedAuditRecordIsDetectedAndNamed) {
  this->AppendAudit(10);
  this->store_.reset();
  TypeParam::Tamper(this->Name(), "DELETE FROM audit_log WHERE seq = 4");
  auto store = TypeParam::Reopen(this->Name());
  auto check = VerifyChain(**store);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->first_bad_seq, 4);
  EXPECT_EQ(check->problem, "record 4 is missing (the next record is 5)");
}

TYPED_TEST(StoreContractTest, ARecomputedForgeryStillBreaksTheNextLink) {
  this->AppendAudit(5);
  auto records = *this->Read()->Audit().Scan(0, 10);
  domain::AuditRecord forged = records[2];
  forged.actor = "forger";
  std::string new_hash = ChainHash(forged);
  this->store_.reset();
  TypeParam::Tamper(this->Name(), "UPDATE audit_log SET actor = 'forger', hash = '" + new_hash + "' WHERE seq = 3");
  auto store = TypeParam::Reopen(this->Name());
  auto check = VerifyChain(**store);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->first_bad_seq, 4) << "record 3 hashes correctly, but record 4 no longer follows it";
}

TYPED_TEST(StoreContractTest, GroupCommitKeepsEveryWriterAndOneUnbrokenChain) {
  constexpr int kThreads = 8, kEach = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto done = this->store_->Write([&](Transaction& tx) -> Result<void> {
          DOCKET_TRY(tx.Members().Insert(SampleMember("G" + std::to_string(t) + "-" + std::to_string(i))));
          DOCKET_TRY(tx.Audit().Append(this->Audit("member.create", std::to_string(t))));
          return Ok();
        });
        if (!done) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*this->Read()->Members().Count(), kThreads * kEach);
  auto check = VerifyChain(*this->store_);
  EXPECT_EQ(check->records, kThreads * kEach);
  EXPECT_FALSE(check->first_bad_seq) << check->problem;
}

TYPED_TEST(StoreContractTest, AFailedWriteInABatchLeavesNothingAndSparesTheOthers) {
  this->AddMember("A0000001");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, refused{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      auto done = this->store_->Write([&](Transaction& tx) -> Result<void> {
        DOCKET_TRY(tx.Audit().Append(this->Audit("member.create", std::to_string(t))));
        // Odd threads insert a duplicate after writing: their audit record must vanish with them.
        DOCKET_TRY(tx.Members().Insert(SampleMember(t % 2 ? "A0000001" : "B" + std::to_string(t))));
        return Ok();
      });
      (done ? ok : refused)++;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(refused.load(), 3);
  EXPECT_EQ(*this->Read()->Members().Count(), 4);
  auto check = VerifyChain(*this->store_);
  EXPECT_EQ(check->records, 3);
  EXPECT_FALSE(check->first_bad_seq) << check->problem;
}

TYPED_TEST(StoreContractTest, WorkRunThroughWriteCannotCommitByItself) {
  auto done = this->store_->Write([](Transaction& tx) { return tx.Commit(); });
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::kInternal);
}

// The platform repository: what the rule's full scan reads, offices and
// publication recorded later, and alerts with the case opened from them.
domain::Event SampleEvent(std::string external_id, Instant at) {
  domain::Event e;
  e.external_id = std::move(external_id);
  e.title = "Rally for the High Street";
  e.starts_at = at;
  e.place = "Town Hall";
  e.links = {"https://example.org/a", "https://example.org/b"};
  e.source = "events.csv:2";
  return e;
}

domain::Appearance Appears(std::string name, std::optional<MemberId> member, domain::PlatformRole role) {
  domain::Appearance a;
  a.name = std::move(name);
  a.member = member;
  a.role = role;
  a.match = member ? domain::MatchState::kByNumber : domain::MatchState::kUnresolved;
  return a;
}

TYPED_TEST(StoreContractTest, AScanReadsTheEventsOfTheGivenMembersAndTheGivenEventsWithEveryAppearanceInOrder) {
  const MemberId ann = this->AddMember("A1"), ben = this->AddMember("B2"), carl = this->AddMember("C3");
  std::vector<EventId> events;
  {
    auto tx = this->Write();
    for (int i = 0; i < 4; ++i) {
      auto put = tx->Platform().PutEvent(SampleEvent("e" + std::to_string(i), Instant(1767225600 + i * 86400)));
      ASSERT_TRUE(put) << put.error().message;
      events.push_back(put->first);
    }
    // e0: Ann and Ben; e1: Carl only; e2: Ben, then an unresolved name; e3: Carl and Ann.
    ASSERT_TRUE(tx->Platform().ReplaceAppearances(
        events[0], {Appears("Ann", ann, domain::PlatformRole::kChair), Appears("Ben", ben, domain::PlatformRole::kSpeaker)}));
    ASSERT_TRUE(tx->Platform().ReplaceAppearances(events[1], {Appears("Carl", carl, domain::PlatformRole::kHost)}));
    ASSERT_TRUE(tx->Platform().ReplaceAppearances(
        events[2], {Appears("Ben", ben, domain::PlatformRole::kSpeaker), Appears("Someone", std::nullopt, domain::PlatformRole::kAttendee)}));
    ASSERT_TRUE(tx->Platform().ReplaceAppearances(
        events[3], {Appears("Carl", carl, domain::PlatformRole::kSpeaker), Appears("Ann", ann, domain::PlatformRole::kOrganiser)}));
    // Rewriting an event's list later puts its rows after the others': order still holds.
    ASSERT_TRUE(tx->Platform().ReplaceAppearances(
        events[0], {Appears("Ben", ben, domain::PlatformRole::kSpeaker), Appears("Ann", ann, domain::PlatformRole::kChair)}));
    ASSERT_TRUE(tx->Commit());
  }
  auto tx = this->Write();
  std::vector<std::pair<EventId, std::vector<std::string>>> seen;
  auto scanned = tx->Platform().ScanEventsWith({ben}, {events[1]}, [&](domain::Event&& e, std::vector<domain::Appearance>&& list) {
    std::vector<std::string> roles;
    for (const domain::Appearance& a : list) {
      EXPECT_EQ(a.event, e.id);
      roles.push_back(std::string(domain::Name(a.role)) + (a.member ? "" : "?"));
    }
    EXPECT_EQ(e.links.size(), 2u);
    seen.emplace_back(e.id, std::move(roles));
  });
  ASSERT_TRUE(scanned) << scanned.error().message;
  ASSERT_EQ(seen.size(), 3u) << "Ben's two events and e1, once each, in id order";
  EXPECT_EQ(seen[0].first, events[0]);
  EXPECT_EQ(seen[0].second, (std::vector<std::string>{"speaker", "chair"}));
  EXPECT_EQ(seen[1].first, events[1]);
  EXPECT_EQ(seen[1].second, (std::vector<std::string>{"host"}));
  EXPECT_EQ(seen[2].first, events[2]);
  EXPECT_EQ(seen[2].second, (std::vector<std::string>{"speaker", "attendee?"}));
  int none = 0;
  ASSERT_TRUE(tx->Platform().ScanEventsWith({}, {}, [&](domain::Event&&, std::vector<domain::Appearance>&&) { ++none; }));
  EXPECT_EQ(none, 0);
  EXPECT_EQ(*tx->Platform().CountEvents(), 4);
}

TYPED_TEST(StoreContractTest, OfficesAreAddedAndEndedAndASanctionsPublicationIsRecorded) {
  const MemberId ann = this->AddMember("A1");
  auto tx = this->Write();
  ASSERT_TRUE(tx->Platform().AddOffice(ann, {"mayor", "Mayor of Leeds", Date::FromYmd(2025, 5, 8), std::nullopt}));
  EXPECT_EQ(tx->Platform().EndOffice(ann, "Mayor of York", Date::FromYmd(2026, 5, 7)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tx->Platform().EndOffice(ann, "Mayor of Leeds", Date::FromYmd(2024, 1, 1)).error().code,
            ErrorCode::kInvalidArgument)
      << "an office cannot end before it began";
  auto ended = tx->Platform().EndOffice(ann, "Mayor of Leeds", Date::FromYmd(2026, 5, 7));
  ASSERT_TRUE(ended) << ended.error().message;
  EXPECT_EQ(ended->kind, "mayor");
  auto offices = tx->Platform().OfficesOf(ann);
  ASSERT_TRUE(offices);
  ASSERT_EQ(offices->size(), 3u) << "the sample's two and the new one";
  EXPECT_EQ(offices->back().title, "Mayor of Leeds");
  EXPECT_EQ(offices->back().end, Date::FromYmd(2026, 5, 7));

  domain::Sanction s;
  s.member = ann;
  s.kind = "suspension";
  s.category = "antisemitism";
  s.start = Date::FromYmd(2026, 1, 1);
  ASSERT_TRUE(tx->Sanctions().Insert(s));
  auto all = tx->Sanctions().ForMember(ann);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_FALSE(all->front().published_on);
  auto published = tx->Platform().PublishSanction(all->front().id, Date::FromYmd(2026, 1, 3));
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_EQ(published->member, ann);
  EXPECT_EQ(tx->Sanctions().ForMember(ann)->front().published_on, Date::FromYmd(2026, 1, 3));
  EXPECT_EQ(tx->Platform().PublishSanction(SanctionId{999}, Date::FromYmd(2026, 1, 3)).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreContractTest, AnAlertKeepsTheCaseOpenedFromIt) {
  const MemberId ann = this->AddMember("A1"), ben = this->AddMember("B2");
  auto tx = this->Write();
  auto event = tx->Platform().PutEvent(SampleEvent("e0", Instant(1767225600)));
  ASSERT_TRUE(event);
  domain::Case c = SampleCase("2026-000001", ben);
  auto case_id = tx->Cases().Insert(c, std::nullopt);
  ASSERT_TRUE(case_id) << case_id.error().message;
  domain::PlatformAlert alert;
  alert.official = ann;
  alert.official_name = "Ann";
  alert.official_number = "A1";
  alert.office = {"mp", "MP for Leeds Central", Date::FromYmd(2024, 7, 4), std::nullopt};
  alert.event = event->first;
  alert.event_title = "Rally";
  alert.event_starts_at = Instant(1767225600);
  alert.event_date = Date::FromYmd(2026, 1, 1);
  alert.event_links = {"https://example.org/a"};
  alert.sanctioned = {{ben, "Ben", "B2", domain::PlatformRole::kSpeaker, SanctionId{1}, "suspension", "antisemitism",
                       Date::FromYmd(2025, 12, 1), std::nullopt, Date::FromYmd(2025, 12, 2)}};
  alert.raised_at = Instant(1767300000);
  // A sanction row for the foreign key.
  domain::Sanction s;
  s.member = ben;
  s.kind = "suspension";
  s.category = "antisemitism";
  s.start = Date::FromYmd(2025, 12, 1);
  ASSERT_TRUE(tx->Sanctions().Insert(s));
  auto id = tx->Platform().InsertAlert(alert);
  ASSERT_TRUE(id) << id.error().message;
  auto stored = tx->Platform().FindAlert(*id);
  ASSERT_TRUE(stored);
  EXPECT_FALSE(stored->case_number);
  EXPECT_EQ(stored->sanctioned, alert.sanctioned);
  alert.id = *id;
  alert.status = domain::AlertStatus::kCaseOpened;
  alert.case_number = "2026-000001";
  ASSERT_TRUE(tx->Platform().UpdateAlert(alert));
  stored = tx->Platform().FindAlert(*id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, domain::AlertStatus::kCaseOpened);
  EXPECT_EQ(stored->case_number, "2026-000001");
  store::AlertQuery query;
  query.status = domain::AlertStatus::kCaseOpened;
  auto listed = tx->Platform().ListAlerts(query);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().case_number, "2026-000001");
}

domain::Post SamplePost(std::string url, std::string handle, std::string text) {
  domain::Post p;
  p.platform = "x";
  p.url = url;
  p.canonical_url = std::move(url);
  p.handle = std::move(handle);
  p.display_name = "Some One";
  p.posted_at = Instant(1767225600);
  p.text = text;
  p.content_hash = "hash:" + p.handle + ":" + text;
  p.provenance = {"rachel.levy", Instant(1767300000), "screenshot", "https://web.archive.org/x", "posts.jsonl:3"};
  p.attachments = {{"shot.png", "image/png", 1234, std::string(64, 'a')}};
  p.priority = 3;
  p.lexicon_version = "2026.1";
  p.flags = {{"conduct-epithet", "Epithets", "epithet-zio", "\\bzio\\b", 4, 7, "Zio", ""},
             {"ihra-02-conspiracy", "Conspiracy myths", "control", "control", 10, 17, "control", "context-reported"}};
  return p;
}

TYPED_TEST(StoreContractTest, APostKeepsItsProvenanceAttachmentsAndFlagsAndIsFoundAgainAsADuplicate) {
  auto tx = this->Write();
  auto account = tx->Posts().PutAccount("x", "someone", "Some One");
  ASSERT_TRUE(account) << account.error().message;
  EXPECT_EQ(account->link, domain::AccountLink::kNone);
  domain::Post post = SamplePost("https://x.com/someone/status/1", "someone", "The Zio controls it");
  post.account = account->id;
  auto id = tx->Posts().Insert(post);
  ASSERT_TRUE(id) << id.error().message;
  auto stored = tx->Posts().Find(*id);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->text, post.text);
  EXPECT_EQ(stored->provenance.archive_url, "https://web.archive.org/x");
  EXPECT_EQ(stored->provenance.source, "posts.jsonl:3");
  EXPECT_EQ(stored->posted_at, post.posted_at);
  ASSERT_EQ(stored->attachments.size(), 1u);
  EXPECT_EQ(stored->attachments[0].sha256, std::string(64, 'a'));
  ASSERT_EQ(stored->flags.size(), 2u);
  EXPECT_EQ(stored->flags[0].matched, "Zio");
  EXPECT_EQ(stored->flags[1].discounted_by, "context-reported");

  domain::Post again = post;
  again.content_hash = "different";
  EXPECT_EQ(tx->Posts().FindDuplicate(again).value(), *id) << "same canonical URL, kind and handle";
  domain::Post copy = SamplePost("https://x.com/someone/status/2", "someone", "The Zio controls it");
  EXPECT_EQ(tx->Posts().FindDuplicate(copy).value(), *id) << "same content hash";
  domain::Post like = post;
  like.kind = domain::PostKind::kLike;
  like.handle = "liker";
  like.content_hash = "other";
  EXPECT_FALSE(tx->Posts().FindDuplicate(like).value()) << "someone else's like of the post is a post of its own";
  EXPECT_EQ(tx->Posts().Find(domain::PostId{999}).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreContractTest, PostsListByPriorityWithACursorAndFiltersByCaseAccountAndMember) {
  const MemberId ann = this->AddMember("A1"), ben = this->AddMember("B2");
  auto tx = this->Write();
  auto case_id = tx->Cases().Insert(SampleCase("2026-000001", ben), std::nullopt);
  ASSERT_TRUE(case_id);
  auto a = tx->Posts().PutAccount("x", "ann", "Ann");
  auto b = tx->Posts().PutAccount("x", "bob", "Bob");
  ASSERT_TRUE(a && b);
  std::vector<domain::PostId> ids;
  for (int i = 0; i < 5; ++i) {
    domain::Post p = SamplePost("https://x.com/p/" + std::to_string(i), i < 3 ? "ann" : "bob", "text " + std::to_string(i));
    p.account = i < 3 ? a->id : b->id;
    p.priority = i % 2 == 0 ? 5 : 0;
    p.flags.clear();
    auto id = tx->Posts().Insert(p);
    ASSERT_TRUE(id) << id.error().message;
    ids.push_back(*id);
  }
  PostQuery query;
  query.limit = 2;
  auto first = tx->Posts().List(query);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].id, ids[0]);
  EXPECT_EQ((*first)[1].id, ids[2]);
  query.after = std::make_pair(first->back().priority, first->back().id);
  query.limit = 10;
  auto rest = tx->Posts().List(query);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 3u);
  EXPECT_EQ((*rest)[0].id, ids[4]);
  EXPECT_EQ((*rest)[1].id, ids[1]);

  PostQuery flagged;
  flagged.flagged_only = true;
  EXPECT_EQ(tx->Posts().List(flagged)->size(), 3u);
  PostQuery of_bob;
  of_bob.account = b->id;
  EXPECT_EQ(tx->Posts().List(of_bob)->size(), 2u);
  EXPECT_EQ(tx->Posts().CountOfAccount(a->id).value(), 3);
  EXPECT_EQ(tx->Posts().CountOfAccount(b->id).value(), 2);
  EXPECT_EQ(tx->Posts().CountOfAccount(domain::AccountId{999}).value(), 0);

  auto linked = tx->Posts().Link({ids[1], *case_id, std::nullopt, "rachel.levy", Instant(1767300000)});
  ASSERT_TRUE(linked) << linked.error().message;
  EXPECT_TRUE(*linked);
  EXPECT_FALSE(*tx->Posts().Link({ids[1], *case_id, std::nullopt, "rachel.levy", Instant(1767300001)}))
      << "attaching twice changes nothing";
  PostQuery of_case;
  of_case.case_id = *case_id;
  auto in_case = tx->Posts().List(of_case);
  ASSERT_TRUE(in_case);
  ASSERT_EQ(in_case->size(), 1u);
  EXPECT_EQ(in_case->front().id, ids[1]);
  EXPECT_EQ(tx->Posts().LinksOf(ids[1])->size(), 1u);

  PostQuery of_ann;
  of_ann.member = ann;
  EXPECT_TRUE(tx->Posts().List(of_ann)->empty()) << "no post is a member's until a link says so";
  ASSERT_TRUE(tx->Posts().SetAccountLink(a->id, domain::AccountLink::kConfirmed, ann, "rachel.levy", Instant(1767300000)));
  EXPECT_EQ(tx->Posts().List(of_ann)->size(), 3u);
}

TYPED_TEST(StoreContractTest, AccountsKeepCandidatesDecisionsAndDeclaredHandles) {
  const MemberId ann = this->AddMember("A1"), ben = this->AddMember("B2");
  auto tx = this->Write();
  auto account = tx->Posts().PutAccount("x", "annie", "");
  ASSERT_TRUE(account);
  auto renamed = tx->Posts().PutAccount("x", "annie", "Ann Example");
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->id, account->id);
  EXPECT_EQ(renamed->display_name, "Ann Example");
  EXPECT_EQ(tx->Posts().PutAccount("x", "annie", "")->display_name, "Ann Example") << "an empty name keeps the old one";

  // Equal scores can be ordered by more than the score (a respondent before namesakes): the order given is kept.
  ASSERT_TRUE(tx->Posts().ReplaceCandidates(account->id, {{account->id, ben, 0.9, {"initial and family name"}},
                                                          {account->id, ann, 0.9, {"display name", "handle"}}}));
  auto candidates = tx->Posts().Candidates(account->id);
  ASSERT_TRUE(candidates);
  ASSERT_EQ(candidates->size(), 2u);
  EXPECT_EQ(candidates->front().member, ben) << "in the order proposed, not by member id";
  EXPECT_NEAR(candidates->front().score, 0.9, 0.001);
  EXPECT_EQ(candidates->back().reasons, (std::vector<std::string>{"display name", "handle"}));

  ASSERT_TRUE(tx->Posts().AddDecision({account->id, ben, LinkDecision::kRejected, "different person", "rachel.levy",
                                       Instant(1767300000)}));
  auto decisions = tx->Posts().Decisions(account->id);
  ASSERT_TRUE(decisions);
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ(decisions->front().decision, LinkDecision::kRejected);
  EXPECT_EQ(decisions->front().member, ben);

  ASSERT_TRUE(tx->Posts().DeclareHandle(ann, "x", "ann_official", Instant(1767300000)));
  EXPECT_TRUE(tx->Posts().DeclareHandle(ann, "x", "ann_official", Instant(1767300001))) << "declaring again is no change";
  EXPECT_EQ(tx->Posts().DeclareHandle(ben, "x", "ann_official", Instant(1767300000)).error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(tx->Posts().DeclaredOwner("x", "ann_official").value(), ann);
  EXPECT_FALSE(tx->Posts().DeclaredOwner("facebook", "ann_official").value());

  auto unlinked = tx->Posts().ListAccounts(domain::AccountLink::kNone, domain::AccountId{}, 10);
  ASSERT_TRUE(unlinked);
  EXPECT_EQ(unlinked->size(), 1u);
  ASSERT_TRUE(tx->Posts().SetAccountLink(account->id, domain::AccountLink::kConfirmed, ann, "rachel.levy",
                                         Instant(1767300000)));
  EXPECT_TRUE(tx->Posts().ListAccounts(domain::AccountLink::kNone, domain::AccountId{}, 10)->empty());
  auto found = tx->Posts().FindAccount(account->id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->member, ann);
  EXPECT_EQ(found->decided_by, "rachel.levy");

  std::vector<MemberNameParts> names;
  ASSERT_TRUE(tx->Posts().ScanMemberNames([&](MemberNameParts&& m) { names.push_back(std::move(m)); }));
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].given_name, "Siobhán");
  EXPECT_EQ(names[0].aliases, std::vector<std::string>{"Shiv O'Brien"});
}

// Checkpoints beside a writer that never pauses never reach the log's end;
// the writer must still bring the log back to its beginning now and then, or
// the log grows without bound (it reached 700 MB in a ten-second benchmark
// before the writer checkpointed itself past 8,000 frames). The writer
// waits for a pass of the checkpoint thread's under way and then copies the
// rest, so the log passes 8,000 frames by one batch at most, and never by
// as much again.
TEST(SqliteStoreTest, TheWriteAheadLogStaysBoundedWhileWritesNeverStop) {
  const fs::path path = SqliteBackend::Path("TheWriteAheadLogStaysBoundedWhileWritesNeverStop");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  auto store = OpenStore(path.string(), Durability::kNormal);
  ASSERT_TRUE(store) << store.error().message;
  const std::string padding(3000, 'x');
  constexpr std::uintmax_t kFrameBytes = 4096 + 24;
  std::uintmax_t largest = 0;
  int member = 0;
  for (int write = 0; write < 500; ++write) {
    ASSERT_TRUE((*store)->Write([&](Transaction& tx) -> Result<void> {
      for (int i = 0; i < 100; ++i) {
        domain::Member m = SampleMember("W" + std::to_string(member++));
        m.aliases = {padding};
        DOCKET_TRY(tx.Members().Insert(m));
      }
      return Ok();
    }));
    std::error_code ec;
    largest = std::max(largest, fs::file_size(path.string() + "-wal", ec));
  }
  // 50,000 rows of 3 KB: about 150 MB went through the log.
  EXPECT_GT(largest, 1000 * kFrameBytes) << "the test wrote too little to tell";
  EXPECT_LT(largest, 16000 * kFrameBytes) << "the log grew past twice the writer's checkpoint threshold";
}

}  // namespace
}  // namespace docket::store
