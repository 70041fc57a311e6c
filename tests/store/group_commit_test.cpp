// The group commit's own promises, on a stand-in connection: callers are told
// once, only after their batch is committed and, where the store flushes the
// log on a thread of its own, only after a flush that began after the commit.
#include "store/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <mutex>
#include <string>
#include <vector>

namespace docket::store {
namespace {

// What the group commit runs its SQL on: it only records what it was asked.
struct FakeConnection {
  Result<void> Run(std::string_view sql) {
    std::lock_guard lock(*mutex);
    log->push_back(std::string(sql));
    return Ok();
  }
  bool InTransaction() const { return true; }
  std::mutex* mutex;
  std::vector<std::string>* log;
};

// A transaction whose commit is recorded; the work in these tests touches no repository.
class FakeTransaction final : public Transaction {
 public:
  explicit FakeTransaction(FakeConnection& db) : db_(db) {}
  MemberRepository& Members() override { std::abort(); }
  ComplaintRepository& Complaints() override { std::abort(); }
  CaseRepository& Cases() override { std::abort(); }
  SanctionRepository& Sanctions() override { std::abort(); }
  UserRepository& Users() override { std::abort(); }
  AuditRepository& Audit() override { std::abort(); }
  SessionRepository& Sessions() override { std::abort(); }
  ApiTokenRepository& ApiTokens() override { std::abort(); }
  RateLimitRepository& RateLimits() override { std::abort(); }
  CaseFileRepository& CaseFiles() override { std::abort(); }
  PlatformRepository& Platform() override { std::abort(); }
  RecommendationRepository& Recommendations() override { std::abort(); }
  StatisticsRepository& Statistics() override { std::abort(); }
  PostRepository& Posts() override { std::abort(); }
  Result<void> Commit() override { return db_.Run("COMMIT"); }

 private:
  FakeConnection& db_;
};

class GroupCommitTest : public ::testing::Test {
 protected:
  std::function<Result<GroupCommit<FakeConnection>::Batch>()> Begin() {
    return [this]() -> Result<GroupCommit<FakeConnection>::Batch> {
      (void)db_.Run("BEGIN");
      return GroupCommit<FakeConnection>::Batch{std::make_unique<FakeTransaction>(db_), &db_};
    };
  }
  int Commits() {
    std::lock_guard lock(mutex_);
    int commits = 0;
    for (const std::string& sql : log_) commits += sql == "COMMIT" ? 1 : 0;
    return commits;
  }

  std::mutex mutex_;
  std::vector<std::string> log_;
  FakeConnection db_{&mutex_, &log_};
};

Result<void> Nothing(Transaction&) { return Ok(); }

TEST_F(GroupCommitTest, WriteAsyncTellsEachCallerOnceAfterTheCommit) {
  std::promise<void> all_told;
  std::atomic<int> told{0};
  std::atomic<int> failed{0};
  {
    GroupCommit<FakeConnection> group(Begin());
    for (int i = 0; i < 50; ++i) {
      group.WriteAsync(
          [i](Transaction&) -> Result<void> {
            if (i % 10 == 0) return Fail(ErrorCode::kInvalidArgument, "refused");
            return Ok();
          },
          [&, i](Result<void> outcome) {
            EXPECT_GE(Commits(), 1) << "told before any commit";
            EXPECT_EQ(static_cast<bool>(outcome), i % 10 != 0);
            if (!outcome) ++failed;
            if (++told == 50) all_told.set_value();
          });
    }
    all_told.get_future().wait();
  }
  EXPECT_EQ(told.load(), 50);
  EXPECT_EQ(failed.load(), 5);
}

TEST_F(GroupCommitTest, WithAFlushCallersAreToldOnlyOnceAFlushAfterTheirCommitSucceeded) {
  std::atomic<int> flushes_done{0};
  std::atomic<int> commits_at_last_flush_start{0};
  auto flush = [&]() -> Result<void> {
    commits_at_last_flush_start = Commits();
    ++flushes_done;
    return Ok();
  };
  std::atomic<int> told{0};
  {
    GroupCommit<FakeConnection> group(Begin(), flush);
    std::vector<std::future<void>> waits;
    for (int i = 0; i < 200; ++i) {
      auto done = std::make_shared<std::promise<void>>();
      waits.push_back(done->get_future());
      group.WriteAsync(Nothing, [&, done](Result<void> outcome) {
        EXPECT_TRUE(outcome) << outcome.error().message;
        EXPECT_GE(flushes_done.load(), 1) << "told before any flush";
        EXPECT_GE(commits_at_last_flush_start.load(), 1) << "the flush began before any commit";
        ++told;
        done->set_value();
      });
    }
    for (auto& wait : waits) wait.wait();
    // Write() waits for the flush too.
    const int before = flushes_done.load();
    ASSERT_TRUE(group.Write(Nothing));
    EXPECT_GT(flushes_done.load(), before);
  }
  EXPECT_EQ(told.load(), 200);
}

TEST_F(GroupCommitTest, AFailedFlushTellsTheCallersTheirWriteMayNotBeOnDisk) {
  GroupCommit<FakeConnection> group(Begin(), [] { return Result<void>(Fail(ErrorCode::kUnavailable, "disk gone")); });
  Result<void> outcome = group.Write(Nothing);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(outcome.error().message, "the write was committed but may not be on disk: disk gone");
}

TEST_F(GroupCommitTest, StoppingFinishesTheQueuedWorkAndItsFlushes) {
  std::atomic<int> told{0};
  std::atomic<int> flushed{0};
  {
    GroupCommit<FakeConnection> group(Begin(), [&] {
      ++flushed;
      return Result<void>(Ok());
    });
    for (int i = 0; i < 100; ++i) {
      group.WriteAsync(Nothing, [&](Result<void> outcome) {
        EXPECT_TRUE(outcome);
        ++told;
      });
    }
  }  // destroyed with work still queued
  EXPECT_EQ(told.load(), 100);
  EXPECT_GE(flushed.load(), 1);
}

}  // namespace
}  // namespace docket::store
