#include "http/metrics.hpp"

#include <cmath>
#include <iterator>
#include <map>
#include <mutex>
#include <tuple>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace docket::http {
namespace {

constexpr std::string_view kRequestsName = "docket_http_requests_total";
constexpr std::string_view kLatencyName = "docket_http_request_duration_seconds";

using CounterKey = std::tuple<std::string, std::string, std::string>;  // method, route, status class
using HistogramKey = std::pair<std::string, std::string>;              // method, route

struct Histogram {
  std::array<std::uint64_t, MetricsRegistry::kLatencyBuckets.size()> buckets{};  // Not cumulative.
  std::uint64_t count = 0;
  double sum = 0;
};

struct Gauge {
  std::string name;
  std::string help;
  GaugeCallback callback;
};

bool IsMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool head = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!head && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// Label names come from the lead's callbacks; rather than drop a sample, an
// invalid character becomes '_' as the Prometheus client libraries do.
std::string LabelName(std::string_view name) {
  std::string result(name.empty() ? "_" : name);
  for (std::size_t i = 0; i < result.size(); ++i) {
    const char c = result[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) result[i] = '_';
  }
  return result;
}

std::string LabelValue(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string HelpText(std::string_view help) {
  std::string escaped;
  for (char c : help) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

// Prometheus reads Go's float syntax; fmt's shortest round-trip form is a
// subset of it, except for the special values.
std::string Number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

std::string StatusClass(int status) {
  if (status < 100 || status > 599) return "other";
  return fmt::format("{}xx", status / 100);
}

}  // namespace

struct MetricsRegistry::State {
  mutable std::mutex mutex;
  std::map<CounterKey, std::uint64_t> requests;
  std::map<HistogramKey, Histogram> latencies;
  std::vector<Gauge> gauges;
};

MetricsRegistry::MetricsRegistry() : state_(std::make_unique<State>()) {}
MetricsRegistry::~MetricsRegistry() = default;

void MetricsRegistry::ObserveRequest(std::string_view method, std::string_view route, int status,
                                     std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;

  std::lock_guard lock(state_->mutex);
  ++state_->requests[CounterKey(std::string(method), std::string(route), StatusClass(status))];
  Histogram& histogram = state_->latencies[HistogramKey(std::string(method), std::string(route))];
  if (bucket < kLatencyBuckets.size()) ++histogram.buckets[bucket];
  ++histogram.count;
  histogram.sum += seconds;
}

Result<void> MetricsRegistry::AddGauge(std::string name, std::string help, GaugeCallback callback) {
  if (!IsMetricName(name)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a Prometheus metric name", name));
  }
  std::lock_guard lock(state_->mutex);
  if (name == kRequestsName || name == kLatencyName) {
    return Fail(ErrorCode::kAlreadyExists, fmt::format("metric '{}' is already registered", name));
  }
  for (const Gauge& gauge : state_->gauges) {
    if (gauge.name == name)
      return Fail(ErrorCode::kAlreadyExists, fmt::format("metric '{}' is already registered", name));
  }
  state_->gauges.push_back(Gauge{std::move(name), std::move(help), std::move(callback)});
  return Ok();
}

std::string MetricsRegistry::Render() const {
  std::map<CounterKey, std::uint64_t> requests;
  std::map<HistogramKey, Histogram> latencies;
  std::vector<Gauge> gauges;
  {
    // Copy under the lock and render outside it, so that a slow gauge
    // callback never holds up the requests being counted meanwhile.
    std::lock_guard lock(state_->mutex);
    requests = state_->requests;
    latencies = state_->latencies;
    gauges = state_->gauges;
  }

  std::string out;
  auto line = std::back_inserter(out);
  fmt::format_to(line, "# HELP {} HTTP requests answered, by method, route and status class.\n", kRequestsName);
  fmt::format_to(line, "# TYPE {} counter\n", kRequestsName);
  for (const auto& [key, count] : requests) {
    const auto& [method, route, status] = key;
    fmt::format_to(line, "{}{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n", kRequestsName, LabelValue(method),
                   LabelValue(route), status, count);
  }

  fmt::format_to(line, "# HELP {} Time from the first byte of a request until its response is ready to send.\n",
                 kLatencyName);
  fmt::format_to(line, "# TYPE {} histogram\n", kLatencyName);
  for (const auto& [key, histogram] : latencies) {
    const std::string labels = fmt::format("method=\"{}\",route=\"{}\"", LabelValue(key.first), LabelValue(key.second));
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += histogram.buckets[i];
      fmt::format_to(line, "{}_bucket{{{},le=\"{}\"}} {}\n", kLatencyName, labels, Number(kLatencyBuckets[i]),
                     cumulative);
    }
    fmt::format_to(line, "{}_bucket{{{},le=\"+Inf\"}} {}\n", kLatencyName, labels, histogram.count);
    fmt::format_to(line, "{}_sum{{{}}} {}\n", kLatencyName, labels, Number(histogram.sum));
    fmt::format_to(line, "{}_count{{{}}} {}\n", kLatencyName, labels, histogram.count);
  }

  for (const Gauge& gauge : gauges) {
    std::vector<GaugeSample> samples;
    try {
      samples = gauge.callback();
    } catch (const std::exception& e) {
      // One broken gauge must not take the other metrics down with it.
      spdlog::error("metrics: gauge '{}' threw: {}", gauge.name, e.what());
      continue;
    }
    fmt::format_to(line, "# HELP {} {}\n# TYPE {} gauge\n", gauge.name, HelpText(gauge.help), gauge.name);
    for (const GaugeSample& sample : samples) {
      std::string labels;
      for (const auto& [name, value] : sample.labels) {
        if (!labels.empty()) labels += ',';
        labels += fmt::format("{}=\"{}\"", LabelName(name), LabelValue(value));
      }
      if (labels.empty()) {
        fmt::format_to(line, "{} {}\n", gauge.name, Number(sample.value));
      } else {
        fmt::format_to(line, "{}{{{}}} {}\n", gauge.name, labels, Number(sample.value));
      }
    }
  }
  return out;
}

}  // namespace docket::http
