// The group commit's own promises, on a stand-in connection: callers are told
// once, only after their batch is committed and, where the store flushes the
// log on a thread of its own, only after a flush that began after the commit;
// work that changed nothing (Acknowledge::kCommitted) is told at its commit,
// unless what it could have read is still waiting for the disk.
#include "store/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <mutex>
#include <string>
#include <thread>
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

// A transaction whose commit is recorded; the work in these tests touches no
// repository, and stands for a change to the database by moving `generation`.
class FakeTransaction final : public Transaction {
 public:
  FakeTransaction(FakeConnection& db, std::atomic<std::uint64_t>& generation) : db_(db), generation_(generation) {}
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
  std::optional<std::uint64_t> ChangeGeneration() override { return generation_.load(); }

 private:
  FakeConnection& db_;
  std::atomic<std::uint64_t>& generation_;
};

// A flush that waits while the gate is shut, as a slow disk would.
class Gate {
 public:
  void Shut() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }
  void Open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }
  Result<void> Flush() {
    std::unique_lock lock(mutex_);
    ++started_;
    started_changed_.notify_all();
    opened_.wait(lock, [&] { return open_; });
    return Ok();
  }
  /// Waits until `count` flushes have begun.
  bool WaitForFlushes(int count) {
    std::unique_lock lock(mutex_);
    return started_changed_.wait_for(lock, std::chrono::seconds(10), [&] { return started_ >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  std::condition_variable started_changed_;
  bool open_ = true;
  int started_ = 0;
};

// Opens the gate when a test ends, however it ends, before the group commit
// (declared earlier) waits for its flushes.
struct OpenAtEnd {
  Gate& gate;
  ~OpenAtEnd() { gate.Open(); }
};

class GroupCommitTest : public ::testing::Test {
 protected:
  std::function<Result<GroupCommit<FakeConnection>::Batch>()> Begin() {
    return [this]() -> Result<GroupCommit<FakeConnection>::Batch> {
      (void)db_.Run("BEGIN");
      return GroupCommit<FakeConnection>::Batch{std::make_unique<FakeTransaction>(db_, generation_), &db_};
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
  std::atomic<std::uint64_t> generation_{0};

  // Work standing for a change to the database.
  std::function<Result<void>(Transaction&)> Change() {
    return [this](Transaction&) -> Result<void> {
      ++generation_;
      return Ok();
    };
  }
};

Result<void> Nothing(Transaction&) { return Ok(); }

// Queues `work` acknowledged as `acknowledge`; the future is ready once its caller is told.
std::future<Result<void>> Queue(GroupCommit<FakeConnection>& group, std::function<Result<void>(Transaction&)> work,
                                Acknowledge acknowledge) {
  auto told = std::make_shared<std::promise<Result<void>>>();
  std::future<Result<void>> future = told->get_future();
  group.WriteAsync(
      std::move(work), [told](Result<void> outcome) { told->set_value(std::move(outcome)); }, acknowledge);
  return future;
}

bool Told(std::future<Result<void>>& told, std::chrono::milliseconds within) {
  return told.wait_for(within) == std::future_status::ready;
}

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
          },
          Acknowledge::kDurable);
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
      },
      Acknowledge::kDurable);
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
      },
      Acknowledge::kDurable);
    }
  }  // destroyed with work still queued
  EXPECT_EQ(told.load(), 100);
  EXPECT_GE(flushed.load(), 1);
}

TEST_F(GroupCommitTest, WorkThatChangedNothingIsToldAtItsCommitAndItsRecordIsFlushedAfter) {
  Gate disk;
  GroupCommit<FakeConnection> group(Begin(), [&] { return disk.Flush(); });
  OpenAtEnd open_at_end{disk};
  // The first batch cannot know what came before it: it waits for the disk.
  ASSERT_TRUE(group.Write(Nothing));
  disk.Shut();
  std::future<Result<void>> read = Queue(group, Nothing, Acknowledge::kCommitted);
  ASSERT_TRUE(Told(read, std::chrono::seconds(10))) << "a read that changed nothing waited for the disk";
  EXPECT_TRUE(read.get());
  EXPECT_EQ(Commits(), 2);
  // What it appended (the audit record) still goes to disk, a moment after.
  EXPECT_TRUE(disk.WaitForFlushes(2)) << "nothing flushed the committed work";
  disk.Open();
}

// Batches whose callers were all told at the commit wait for a flush that
// someone else needs, or for the lazy interval (an hour here, so never): the
// audit records of many reads share one flush. Stopping flushes them too.
TEST_F(GroupCommitTest, BatchesNobodyWaitsForShareTheNextFlushSomebodyNeeds) {
  std::atomic<int> flushes{0};
  std::atomic<int> commits_at_last_flush_start{0};
  {
    GroupCommit<FakeConnection> group(
        Begin(),
        [&] {
          commits_at_last_flush_start = Commits();
          ++flushes;
          return Result<void>(Ok());
        },
        std::chrono::hours(1));
    ASSERT_TRUE(group.Write(Nothing));  // the first batch waits for the disk: it cannot know what came before it
    ASSERT_EQ(flushes.load(), 1);
    for (int i = 0; i < 20; ++i) {
      std::future<Result<void>> read = Queue(group, Nothing, Acknowledge::kCommitted);
      ASSERT_TRUE(Told(read, std::chrono::seconds(10))) << "a read that changed nothing waited for the disk";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(flushes.load(), 1) << "reads alone were flushed before the lazy interval";
    // A write waits for a flush, which takes the reads' batches along.
    ASSERT_TRUE(group.Write(Nothing));
    EXPECT_EQ(flushes.load(), 2);
    EXPECT_EQ(commits_at_last_flush_start.load(), 22);
    std::future<Result<void>> read = Queue(group, Nothing, Acknowledge::kCommitted);
    ASSERT_TRUE(Told(read, std::chrono::seconds(10)));
    EXPECT_EQ(flushes.load(), 2);
  }  // stopped with a read's batch not flushed
  EXPECT_EQ(flushes.load(), 3);
  EXPECT_EQ(commits_at_last_flush_start.load(), 23);
}

TEST_F(GroupCommitTest, WorkThatChangedTheDatabaseWaitsForTheFlushWhateverItAsked) {
  Gate disk;
  GroupCommit<FakeConnection> group(Begin(), [&] { return disk.Flush(); });
  OpenAtEnd open_at_end{disk};
  disk.Shut();
  std::future<Result<void>> write = Queue(group, Change(), Acknowledge::kCommitted);
  ASSERT_TRUE(disk.WaitForFlushes(1));
  EXPECT_FALSE(Told(write, std::chrono::milliseconds(200))) << "told of a change before it was on disk";
  disk.Open();
  ASSERT_TRUE(Told(write, std::chrono::seconds(10)));
  EXPECT_TRUE(write.get());
}

TEST_F(GroupCommitTest, ReadsWaitForTheFlushOfEveryChangeBeforeThemThenNoLonger) {
  Gate disk;
  GroupCommit<FakeConnection> group(Begin(), [&] { return disk.Flush(); });
  OpenAtEnd open_at_end{disk};
  disk.Shut();
  std::future<Result<void>> write = Queue(group, Change(), Acknowledge::kDurable);
  ASSERT_TRUE(disk.WaitForFlushes(1));  // the change is committed, its flush under way
  // A later read changes nothing itself, but could show the change, which a
  // crash of the machine could still undo: it waits for the disk too.
  std::future<Result<void>> read = Queue(group, Nothing, Acknowledge::kCommitted);
  EXPECT_FALSE(Told(read, std::chrono::milliseconds(200))) << "a read was told before what it could see was on disk";
  disk.Open();
  ASSERT_TRUE(Told(write, std::chrono::seconds(10)));
  ASSERT_TRUE(Told(read, std::chrono::seconds(10)));
  // Everything is on disk now: the next read is told at its commit again.
  disk.Shut();
  std::future<Result<void>> later = Queue(group, Nothing, Acknowledge::kCommitted);
  EXPECT_TRUE(Told(later, std::chrono::seconds(10))) << "a read after the flush still waited for the disk";
  disk.Open();
}

TEST_F(GroupCommitTest, WithoutAFlushEveryCallerIsToldAtTheCommit) {
  GroupCommit<FakeConnection> group(Begin());
  std::future<Result<void>> write = Queue(group, Change(), Acknowledge::kDurable);
  std::future<Result<void>> read = Queue(group, Nothing, Acknowledge::kCommitted);
  ASSERT_TRUE(Told(write, std::chrono::seconds(10)));
  ASSERT_TRUE(Told(read, std::chrono::seconds(10)));
  EXPECT_TRUE(write.get());
  EXPECT_TRUE(read.get());
}

}  // namespace
}  // namespace docket::store
