// The transparency report at national scale: 1,000,000 cases and
// 10,000,000 case events (ten years of a national party), read from SQLite
// in one streaming pass per table and turned into the public report of a
// quarter. Goal (issue 7): under 1 second.
//
// The database is the first argument. When it does not exist it is made
// here: migrated by docket's store (so the statistics trigger and indexes
// are docket's own), then filled in bulk with SQL, since walking a million
// cases through the workflow would take far longer than the benchmark.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/report_service.hpp"
#include "bench_support.hpp"
#include "core/clock.hpp"
#include "domain/workflow.hpp"
#include "reporting/render.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/store.hpp"

namespace docket::bench {
namespace {

std::string g_db_path;
constexpr std::int64_t kCases = 1000000;

// Each case walks ten events: received, accepted, a question to the
// complainant and its answer (the clock pauses), an investigation with a
// notice and a response (paused again), a referral, a decision and the
// closure; one case in ten is still under investigation, with three interim
// suspension reviews instead. Openings spread over ten years up to
// 2026-11-20; durations vary by case.
constexpr const char* kFill = R"sql(
CREATE TEMP TABLE steps(k INTEGER PRIMARY KEY, action TEXT, from_stage TEXT, to_stage TEXT);
INSERT INTO steps VALUES
 (0, 'received', '', 'received'), (1, 'accept', 'received', 'triage'),
 (2, 'request_information', 'triage', 'triage'), (3, 'information_received', 'triage', 'triage'),
 (4, 'open_investigation', 'triage', 'investigation'),
 (5, 'send_notice_of_investigation', 'investigation', 'investigation'),
 (6, 'record_response', 'investigation', 'investigation'), (7, 'refer_to_panel', 'investigation', 'panel_decision'),
 (8, 'decide', 'panel_decision', 'outcome'), (9, 'close', 'outcome', 'closed');
CREATE TEMP TABLE categories(k INTEGER PRIMARY KEY, id TEXT);
INSERT INTO categories VALUES (0, 'antisemitism'), (1, 'antisemitism'), (2, 'antisemitism'), (3, 'other_racism'),
 (4, 'sexual_harassment'), (5, 'bullying'), (6, 'platform_sharing'), (7, 'other_misconduct');
CREATE TEMP TABLE outcomes(k INTEGER PRIMARY KEY, id TEXT);
INSERT INTO outcomes VALUES (0, 'expulsion'), (1, 'suspension'), (2, 'formal_warning'), (3, 'reminder_of_conduct'),
 (4, 'no_further_action'), (5, 'mandatory_education');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO cases(id, number, category, stage, assignee, opened_at, stage_entered_at, closed_at, is_open, due_key,
                  decision_outcome, decision_reasons, decided_at, decided_by, appeal_lodged_at, appeal_upheld, version)
SELECT i, printf('B-%07d', i), (SELECT id FROM categories WHERE k = i % 8),
       CASE WHEN i % 10 = 0 THEN 'investigation' ELSE 'closed' END, 'rachel.levy',
       1479600000 + i * 315, 1479600000 + i * 315,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 1479600000 + i * 315 + 86400 * 9 * (2 + i % 9) END,
       CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END, 9223372036854775807,
       CASE WHEN i % 10 = 0 THEN NULL ELSE (SELECT id FROM outcomes WHERE k = i % 6) END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 'The panel found the allegation proved on the evidence and gives these reasons.' END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 1479600000 + i * 315 + 86400 * 8 * (2 + i % 9) END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 'helen.clarke' END,
       CASE WHEN i % 17 = 0 THEN 1479600000 + i * 315 + 86400 * (8 * (2 + i % 9) + 1) END,
       CASE WHEN i % 17 = 0 AND i % 10 <> 0 THEN i % 3 = 0 END, 1
FROM n;
INSERT INTO complaints(id, receipt, received_at, category, description, occurred_on, anonymous, channel, case_id)
SELECT id, printf('%016d', id), opened_at, category,
       'A member posted a message that the complainant says is antisemitic, with a screenshot attached.',
       date(opened_at, 'unixepoch'), 0, 'web', id FROM cases;
INSERT INTO case_events(case_id, at, actor, role, action, from_stage, to_stage, fields)
SELECT c.id, c.opened_at + s.k * 86400 * (2 + c.id % 9), 'rachel.levy', 'investigator', s.action, s.from_stage,
       s.to_stage, 'reasons=The evidence was read against the rule on conduct and the IHRA working definition.'
FROM cases c JOIN steps s ON c.id % 10 <> 0 OR s.k <= 6
ORDER BY c.id, s.k;
INSERT INTO case_events(case_id, at, actor, role, action, from_stage, to_stage, fields)
SELECT id, opened_at + 86400 * 70, 'helen.clarke', 'panel_member', 'review_interim_suspension', 'investigation',
       'investigation', 'reasons=Reviewed.' FROM cases WHERE id % 10 = 0
UNION ALL
SELECT id, opened_at + 86400 * 72, 'helen.clarke', 'panel_member', 'review_interim_suspension', 'investigation',
       'investigation', 'reasons=Reviewed again.' FROM cases WHERE id % 10 = 0
UNION ALL
SELECT id, opened_at + 86400 * 74, 'helen.clarke', 'panel_member', 'review_interim_suspension', 'investigation',
       'investigation', 'reasons=Reviewed a third time.' FROM cases WHERE id % 10 = 0;
INSERT INTO sanctions(member_id, case_id, kind, category, start_date, end_date)
SELECT 1, id, 'interim_suspension', category, date(opened_at + 86400 * 20, 'unixepoch'),
       CASE WHEN id % 3 = 0 THEN NULL ELSE date(opened_at + 86400 * 90, 'unixepoch') END
FROM cases WHERE id % 20 = 0;
)sql";

bool Fill(const std::string& path) {
  {
    auto store = store::OpenStore(path, store::Durability::kNormal);
    if (!store) {
      std::fprintf(stderr, "%s\n", store.error().message.c_str());
      return false;
    }
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  std::fprintf(stderr, "filling %s with 1,000,000 cases and 10,000,000 case events (once)...\n", path.c_str());
  const auto start = std::chrono::steady_clock::now();
  char* error = nullptr;
  // Appending to ten million packed timelines one event at a time is slow;
  // instead the statistics migration (9) loses its trigger here and is run
  // again after the fill, which packs every event in one statement. (The
  // schema version stays: the migrations after 9 are not written to run twice.)
  int rc = sqlite3_exec(db, "DROP TRIGGER case_events_statistics;", nullptr, nullptr, &error);
  if (rc == SQLITE_OK) {
    rc = sqlite3_exec(db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -400000; BEGIN;", nullptr, nullptr, &error);
  }
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, kFill, nullptr, nullptr, &error);
  const std::string pack_timelines(store::sqlite::Migrations()[9 - 1]);  // migration 9, which may run again
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, pack_timelines.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;", nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::fprintf(stderr, "filling failed: %s\n", error ? error : "?");
    sqlite3_free(error);
    sqlite3_close(db);
    // Half a database must not pass for a filled one on the next run.
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    return false;
  }
  sqlite3_close(db);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "filled in %.1f s\n", seconds);
  return true;
}

void BM_TransparencyReport(benchmark::State& state) {
  static const domain::Policy policy = LoadShippedPolicy();
  static const Schedule schedule = LoadShippedSchedule();
  domain::Workflow workflow(policy, schedule);
  auto store = store::OpenStore(g_db_path);
  if (!store) {
    state.SkipWithError(store.error().message.c_str());
    return;
  }
  FixedClock clock(*Instant::Parse("2026-11-20T12:00:00Z"));
  app::ReportService reports(**store, workflow, clock);
  const reporting::Period period = *reporting::Period::Parse("2026Q3");
  std::size_t bytes = 0;
  std::int64_t closed = 0;
  for (auto _ : state) {
    auto report = reports.Transparency(period);
    if (!report) {
      state.SkipWithError(report.error().message.c_str());
      return;
    }
    const std::string json = reporting::TransparencyJson(*report);
    bytes = json.size();
    closed = report->tables[2].GrandTotal().value;
    benchmark::DoNotOptimize(json);
  }
  state.counters["json_bytes"] = static_cast<double>(bytes);
  state.counters["closed_in_period"] = static_cast<double>(closed);
}
BENCHMARK(BM_TransparencyReport)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_LoadDataset(benchmark::State& state) {
  static const domain::Policy policy = LoadShippedPolicy();
  static const Schedule schedule = LoadShippedSchedule();
  domain::Workflow workflow(policy, schedule);
  auto store = store::OpenStore(g_db_path);
  if (!store) {
    state.SkipWithError(store.error().message.c_str());
    return;
  }
  FixedClock clock(*Instant::Parse("2026-11-20T12:00:00Z"));
  app::ReportService reports(**store, workflow, clock);
  std::size_t cases = 0, visits = 0;
  for (auto _ : state) {
    auto data = reports.Load(Date::FromYmd(2026, 11, 20));
    if (!data) {
      state.SkipWithError(data.error().message.c_str());
      return;
    }
    cases = data->cases.size();
    visits = data->visits.size();
    benchmark::DoNotOptimize(data);
  }
  state.counters["cases"] = static_cast<double>(cases);
  state.counters["stage_visits"] = static_cast<double>(visits);
}
BENCHMARK(BM_LoadDataset)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace docket::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: report_benchmark DATABASE [benchmark flags]\n");
    return 1;
  }
  docket::bench::g_db_path = argv[1];
  if (!std::filesystem::exists(docket::bench::g_db_path) && !docket::bench::Fill(docket::bench::g_db_path)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
