#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace docket::http {
namespace {

using std::chrono::milliseconds;

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(MetricsRegistryTest, CountsRequestsByRouteAndStatusClass) {
  MetricsRegistry registry;
  registry.ObserveRequest("GET", "/api/v1/cases/{id}", 200, milliseconds(3));
  registry.ObserveRequest("GET", "/api/v1/cases/{id}", 204, milliseconds(3));
  registry.ObserveRequest("GET", "/api/v1/cases/{id}", 404, milliseconds(3));
  const std::string text = registry.Render();
  EXPECT_TRUE(Contains(text, "# TYPE docket_http_requests_total counter\n"));
  EXPECT_TRUE(
      Contains(text, "docket_http_requests_total{method=\"GET\",route=\"/api/v1/cases/{id}\",status=\"2xx\"} 2\n"))
      << text;
  EXPECT_TRUE(
      Contains(text, "docket_http_requests_total{method=\"GET\",route=\"/api/v1/cases/{id}\",status=\"4xx\"} 1\n"));
}

TEST(MetricsRegistryTest, TheLatencyHistogramIsCumulative) {
  MetricsRegistry registry;
  registry.ObserveRequest("POST", "/x", 201, milliseconds(3));    // In le="0.005" and above.
  registry.ObserveRequest("POST", "/x", 201, milliseconds(300));  // In le="0.5" and above.
  const std::string text = registry.Render();
  const std::string labels = "method=\"POST\",route=\"/x\"";
  EXPECT_TRUE(Contains(text, "# TYPE docket_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(Contains(text, "docket_http_request_duration_seconds_bucket{" + labels + ",le=\"0.0025\"} 0\n")) << text;
  EXPECT_TRUE(Contains(text, "docket_http_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"} 1\n"));
  EXPECT_TRUE(Contains(text, "docket_http_request_duration_seconds_bucket{" + labels + ",le=\"0.25\"} 1\n"));
  EXPECT_TRUE(Contains(text, "docket_http_request_duration_seconds_bucket{" + labels + ",le=\"0.5\"} 2\n"));
  EXPECT_TRUE(Contains(text, "docket_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 2\n"));
  EXPECT_TRUE(Contains(text, "docket_http_request_duration_seconds_count{" + labels + "} 2\n"));
  EXPECT_TRUE(Contains(text, "docket_http_request_duration_seconds_sum{" + labels + "} 0.303\n"));
}

TEST(MetricsRegistryTest, GaugesAreSampledAtScrapeTime) {
  MetricsRegistry registry;
  int open = 3;
  ASSERT_TRUE(registry.AddGauge("docket_open_cases", "Open cases by stage.", [&open] {
    return std::vector<GaugeSample>{{{{"stage", "triage"}}, static_cast<double>(open)}, {{{"stage", "hearing"}}, 1}};
  }));
  EXPECT_TRUE(Contains(registry.Render(), "docket_open_cases{stage=\"triage\"} 3\n"));
  open = 5;
  const std::string text = registry.Render();
  EXPECT_TRUE(Contains(text, "# TYPE docket_open_cases gauge\n"));
  EXPECT_TRUE(Contains(text, "docket_open_cases{stage=\"triage\"} 5\n"));
  EXPECT_TRUE(Contains(text, "docket_open_cases{stage=\"hearing\"} 1\n"));
}

TEST(MetricsRegistryTest, LabelValuesAreEscaped) {
  MetricsRegistry registry;
  ASSERT_TRUE(registry.AddGauge("docket_odd", "Odd labels.", [] {
    return std::vector<GaugeSample>{{{{"name", "a\"b\\c\nd"}}, 1}};
  }));
  EXPECT_TRUE(Contains(registry.Render(), "docket_odd{name=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(MetricsRegistryTest, RefusesBadAndDuplicateGaugeNames) {
  MetricsRegistry registry;
  auto bad = registry.AddGauge("open cases", "x", [] { return std::vector<GaugeSample>{}; });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(registry.AddGauge("docket_x", "x", [] { return std::vector<GaugeSample>{}; }));
  auto again = registry.AddGauge("docket_x", "x", [] { return std::vector<GaugeSample>{}; });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_FALSE(registry.AddGauge("docket_http_requests_total", "x", [] { return std::vector<GaugeSample>{}; }));
}

TEST(MetricsRegistryTest, AThrowingGaugeDoesNotHideTheOthers) {
  MetricsRegistry registry;
  ASSERT_TRUE(registry.AddGauge("docket_broken", "x",
                                []() -> std::vector<GaugeSample> { throw std::runtime_error("store is down"); }));
  ASSERT_TRUE(registry.AddGauge("docket_fine", "x", [] { return std::vector<GaugeSample>{{{}, 2}}; }));
  const std::string text = registry.Render();
  EXPECT_FALSE(Contains(text, "docket_broken"));
  EXPECT_TRUE(Contains(text, "docket_fine 2\n"));
}

TEST(MetricsRegistryTest, CountsEveryRequestFromManyThreads) {
  MetricsRegistry registry;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&registry] {
      for (int i = 0; i < 1000; ++i) registry.ObserveRequest("GET", "/healthz", 200, milliseconds(1));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_TRUE(Contains(registry.Render(),
                       "docket_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"2xx\"} 4000\n"));
}

}  // namespace
}  // namespace docket::http
