// The recommendations tracker over HTTP, on the shipped reports: anyone reads
// the progress per report, the overdue items and an item's history; only an
// administrator changes a status, and a refused or malformed change writes
// nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <boost/json/value.hpp>

#include "app/recommendation_service.hpp"
#include "tests/api/api_world.hpp"

namespace docket::http::api::testing {
namespace {

namespace bj = boost::json;

void ImportShippedReports(ApiWorld& world) {
  Schedule schedule;
  FixedClock clock(world.Now());
  app::RecommendationService tracker(world.Store(), schedule, clock);
  domain::Actor admin{UserId{}, "test", "administrator", std::nullopt, "test"};
  for (const char* name : {"inquiry-2016.csv", "regulator-2020.csv"}) {
    std::ifstream in(std::string(DOCKET_DATA_DIR) + "/recommendations/" + name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto imported = tracker.Import(admin, text.str(), name);
    ASSERT_TRUE(imported) << imported.error().message;
  }
}

TEST(RecommendationApiTest, AnyoneReadsTheProgressAndOnlyAnAdministratorChangesAStatusWithReasons) {
  ApiWorld& world = ApiWorld::Get();
  world.NextMinute();
  ImportShippedReports(world);

  ClientResponse reports = world.Get(nullptr, "/api/v1/recommendations/reports");
  ASSERT_EQ(reports.status, 200) << reports.body;
  const bj::value listed = Json(reports);
  ASSERT_EQ(listed.at("items").as_array().size(), 2u);
  const bj::value& inquiry = listed.at("items").as_array()[0];
  EXPECT_EQ(inquiry.at("key"), "inquiry-2016");
  EXPECT_TRUE(inquiry.at("source").as_string().starts_with("https://"));
  const std::int64_t total = inquiry.at("total").as_int64();
  EXPECT_GT(total, 5);
  EXPECT_EQ(inquiry.at("by_status").at("not_started").as_int64(), total);

  ClientResponse items = world.Get(nullptr, "/api/v1/recommendations?report=regulator-2020");
  ASSERT_EQ(items.status, 200) << items.body;
  const bj::value regulator = Json(items);
  for (const bj::value& item : regulator.at("items").as_array()) EXPECT_EQ(item.at("report"), "regulator-2020");
  EXPECT_TRUE(IsProblem(world.Get(nullptr, "/api/v1/recommendations?overdue=maybe"), 400));

  const std::int64_t history_rows = world.Count("recommendation_changes");
  const std::string target = "/api/v1/recommendations/inquiry-2016/1/status";
  const std::string body =
      R"({"status":"in_progress","reason":"A draft procedure is with the governance committee.",)"
      R"("evidence":"https://example.org/procedure-draft"})";
  EXPECT_TRUE(IsProblem(world.Post(world.As(Role::kOversight), target, body), 403)) << "oversight writes nothing";
  EXPECT_TRUE(IsProblem(world.Post(world.As(Role::kCaseworker), target, body), 403));
  ClientResponse bad_status = world.Post(world.As(Role::kAdministrator), target,
                                         R"({"status":"done","reason":"A draft procedure is ready."})");
  EXPECT_TRUE(IsProblem(bad_status, 400));
  EXPECT_NE(bad_status.body.find("field 'status'"), std::string::npos) << bad_status.body;
  ClientResponse short_reason = world.Post(world.As(Role::kAdministrator), target,
                                           R"({"status":"in_progress","reason":"soon"})");
  EXPECT_TRUE(IsProblem(short_reason, 400));
  EXPECT_NE(short_reason.body.find("field 'reason'"), std::string::npos) << short_reason.body;
  EXPECT_EQ(world.Count("recommendation_changes"), history_rows);

  ClientResponse changed = world.Post(world.As(Role::kAdministrator), target, body);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Json(changed).at("status"), "in_progress");

  ClientResponse shown = world.Get(nullptr, "/api/v1/recommendations/inquiry-2016/1");
  ASSERT_EQ(shown.status, 200) << shown.body;
  const bj::value item = Json(shown);
  ASSERT_EQ(item.at("history").as_array().size(), 1u);
  const bj::value& change = item.at("history").as_array()[0];
  EXPECT_EQ(change.at("from_status"), "not_started");
  EXPECT_EQ(change.at("to_status"), "in_progress");
  EXPECT_EQ(change.at("evidence"), "https://example.org/procedure-draft");
  EXPECT_FALSE(change.as_object().contains("changed_by")) << "who changed it is on the audit log, not published";
  EXPECT_TRUE(IsProblem(world.Get(nullptr, "/api/v1/recommendations/inquiry-2016/999"), 404));
}

}  // namespace
}  // namespace docket::http::api::testing
