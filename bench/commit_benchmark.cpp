// A complaint's durable commit against a bare SQLite insert, in the same run,
// on the same disk, both with WAL and synchronous=FULL. The complaint commit
// writes the complaint, its respondents, a new case, its respondents, the
// case number and the first history event in one transaction; the goal is at
// most 2x the bare single-row commit.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <filesystem>

#include "app/intake_service.hpp"
#include "bench_support.hpp"
#include "core/clock.hpp"
#include "domain/workflow.hpp"
#include "store/store.hpp"

namespace docket::bench {
namespace {

namespace fs = std::filesystem;

std::string FreshPath(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "docket-bench";
  fs::create_directories(dir);
  std::string path = (dir / name).string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return path;
}

void BM_BareSqliteInsert(benchmark::State& state) {
  std::string path = FreshPath("bare.db");
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                   "CREATE TABLE t(id INTEGER PRIMARY KEY, receipt TEXT NOT NULL, body TEXT NOT NULL)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(receipt, body) VALUES (?, ?)", -1, &insert, nullptr);
  std::int64_t n = 0;
  const std::string body = "At the branch meeting on 1 March he said Jews control the media.";
  for (auto _ : state) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    std::string receipt = std::to_string(1000000000000000LL + ++n);
    sqlite3_bind_text(insert, 1, receipt.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, body.c_str(), -1, SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_reset(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BareSqliteInsert)->UseRealTime()->MinTime(3.0);

void BM_ComplaintDurableCommit(benchmark::State& state) {
  static const domain::Policy policy = LoadShippedPolicy();
  static const Schedule schedule = LoadShippedSchedule();
  domain::Workflow workflow(policy, schedule);
  auto store = store::OpenStore(FreshPath("complaints.db"), store::Durability::kFull);
  if (!store) {
    state.SkipWithError(store.error().message.c_str());
    return;
  }
  SystemClock clock;
  std::int64_t n = 0;
  app::IntakeService intake(**store, workflow, clock, [&n](int) { return std::to_string(1000000000000000LL + ++n); });
  app::ComplaintInput input;
  input.category = "antisemitism";
  input.description = "At the branch meeting on 1 March he said Jews control the media.";
  input.occurred_on = "2026-03-01";
  input.anonymity = domain::Anonymity::kAnonymous;
  input.respondents = {{"Jon Smith", std::nullopt, std::nullopt}};
  for (auto _ : state) {
    auto receipt = intake.Submit(input);
    if (!receipt) {
      state.SkipWithError(receipt.error().message.c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ComplaintDurableCommit)->UseRealTime()->MinTime(3.0);

}  // namespace
}  // namespace docket::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  docket::bench::RecordingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  double bare = reporter.Time("BM_BareSqliteInsert");
  double complaint = reporter.Time("BM_ComplaintDurableCommit");
  if (bare > 0 && complaint > 0) {
    std::printf("\ncomplaint durable commit / bare SQLite insert = %.2fx (goal: at most 2x)\n", complaint / bare);
  }
  benchmark::Shutdown();
  return 0;
}
