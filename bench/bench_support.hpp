// Shared by the benchmarks: the shipped policy and calendar, and a reporter
// that prints the ratio of two benchmarks measured in the same run.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "core/deadline_clock.hpp"
#include "domain/policy.hpp"
#include "policy/calendar_file.hpp"
#include "policy/policy_loader.hpp"

namespace docket::bench {

inline domain::Policy LoadShippedPolicy() {
  auto policy = policy::LoadPolicyFile(std::string(DOCKET_DATA_DIR) + "/policy/party.toml");
  if (!policy) {
    std::fprintf(stderr, "%s\n", policy.error().message.c_str());
    std::exit(1);
  }
  return *policy;
}

inline Schedule LoadShippedSchedule() {
  auto calendar = policy::LoadCalendarFile(std::string(DOCKET_DATA_DIR) + "/calendars/england-and-wales.toml");
  if (!calendar) {
    std::fprintf(stderr, "%s\n", calendar.error().message.c_str());
    std::exit(1);
  }
  return Schedule{*calendar, TimeZone::London()};
}

/// A console reporter that also remembers each benchmark's mean real time,
/// and its CPU time (on a shared machine, real time includes waiting for
/// other processes).
class RecordingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration && run.iterations > 0) {
        times_[run.run_name.function_name] = run.GetAdjustedRealTime();
        cpu_[run.run_name.function_name] = run.GetAdjustedCPUTime();
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  double Time(const std::string& name) const { return Find(times_, name); }
  double CpuTime(const std::string& name) const { return Find(cpu_, name); }

 private:
  static double Find(const std::map<std::string, double>& times, const std::string& name) {
    auto it = times.find(name);
    return it == times.end() ? 0.0 : it->second;
  }
  std::map<std::string, double> times_;
  std::map<std::string, double> cpu_;
};

}  // namespace docket::bench
