// The queue at national scale: the 50 most urgent open cases of one stage,
// read through CaseService (access check, index range scan, deadline status
// per row) from a database made by `docket demo --members 1000000 --cases
// 100000`. Goal: under 5 ms. The database path is the first argument.
#include <benchmark/benchmark.h>

#include <cstdio>

#include "app/case_service.hpp"
#include "bench_support.hpp"
#include "core/clock.hpp"
#include "domain/workflow.hpp"
#include "store/store.hpp"

namespace docket::bench {
namespace {

std::string g_db_path;

void BM_QueueTop50OfAStage(benchmark::State& state, std::string stage) {
  static const domain::Policy policy = LoadShippedPolicy();
  static const Schedule schedule = LoadShippedSchedule();
  domain::Workflow workflow(policy, schedule);
  auto store = store::OpenStore(g_db_path);
  if (!store) {
    state.SkipWithError(store.error().message.c_str());
    return;
  }
  SystemClock clock;
  app::CaseService cases(**store, workflow, clock);
  domain::Actor actor{UserId{1}, "aoife.byrne", "caseworker", std::nullopt};
  store::CaseQuery query;
  query.stage = stage;
  query.limit = 50;
  std::size_t rows = 0;
  for (auto _ : state) {
    auto page = cases.Queue(actor, query);
    if (!page) {
      state.SkipWithError(page.error().message.c_str());
      return;
    }
    rows = page->size();
    benchmark::DoNotOptimize(page);
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK_CAPTURE(BM_QueueTop50OfAStage, triage, std::string("triage"))->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_QueueTop50OfAStage, investigation, std::string("investigation"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_QueueTop50OfAStage, panel_decision, std::string("panel_decision"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace docket::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: queue_benchmark DATABASE [benchmark flags]\n");
    return 1;
  }
  docket::bench::g_db_path = argv[1];
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
