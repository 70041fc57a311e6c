// Prometheus metrics for the server.
//
// The registry counts requests per method, route label and status class
// ("2xx"), keeps a latency histogram per method and route with fixed
// buckets, and samples gauges through callbacks at scrape time (open cases by
// stage, say), so a gauge is never stale and costs nothing between scrapes.
// Render() writes the Prometheus text exposition format (version 0.0.4).
// Every member is safe to call from any thread.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace docket::http {

/// One value of a gauge with its labels, such as {{"stage", "triage"}}, 12.
struct GaugeSample {
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

/// Produces a gauge's samples when /metrics is scraped. It runs on a worker
/// thread and may block briefly (a store query), but must not call the registry.
using GaugeCallback = std::function<std::vector<GaugeSample>()>;

class MetricsRegistry {
 public:
  /// The upper bounds of the latency histogram's buckets, in seconds.
  static constexpr std::array<double, 12> kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                             0.1,   0.25,   0.5,   1,    2.5,   10};
  /// The Content-Type of Render()'s output.
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  /// Counts one finished request and records its latency. `route` must be a
  /// route label, never a raw path, so that the number of series stays bounded.
  void ObserveRequest(std::string_view method, std::string_view route, int status, std::chrono::nanoseconds duration);

  /// Adds a gauge sampled at every scrape. kInvalidArgument for a name that is
  /// not a Prometheus metric name, kAlreadyExists for a name already in use.
  Result<void> AddGauge(std::string name, std::string help, GaugeCallback callback);

  /// Every metric in the Prometheus text format, series in a stable order.
  std::string Render() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace docket::http
