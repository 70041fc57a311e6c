// Platform-sharing alerts over HTTP with a real alert: the list, one alert
// with its explanation, and a caseworker opening a case from it (201, the
// case in the platform-sharing category with the official as respondent);
// a second attempt is a conflict and changes nothing.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <boost/json/value.hpp>

#include "app/event_import.hpp"
#include "app/platform_service.hpp"
#include "app/sanction_import.hpp"
#include "tests/api/api_world.hpp"

namespace docket::http::api::testing {
namespace {

namespace bj = boost::json;

// Members of this test only, so the demo's own data cannot interfere.
void AddMembers(store::Store& store) {
  auto tx = store.Begin(store::TransactionMode::kWrite);
  ASSERT_TRUE(tx);
  domain::Member official;
  official.membership_number = "PX-OFF-1";
  official.given_name = "Olwen";
  official.family_name = "Office";
  official.branch = "Northfield";
  official.joined_on = Date::FromYmd(2005, 1, 1);
  official.offices = {{"mayor", "Mayor of Northfield", Date::FromYmd(2021, 5, 6), std::nullopt}};
  domain::Member sanctioned = official;
  sanctioned.membership_number = "PX-SAN-1";
  sanctioned.given_name = "Sid";
  sanctioned.family_name = "Sanctioned";
  sanctioned.offices.clear();
  ASSERT_TRUE((*tx)->Members().Insert(official));
  ASSERT_TRUE((*tx)->Members().Insert(sanctioned));
  ASSERT_TRUE((*tx)->Commit());
}

std::int64_t RaiseAlert(ApiWorld& world) {
  AddMembers(world.Store());
  FixedClock clock(world.Now());
  app::PlatformService platform(world.Store(), world.Policy(), TimeZone::London(), clock);
  domain::Actor importer{UserId{}, "test", "administrator", std::nullopt, "test"};
  auto sanctions = app::ImportSanctions(world.Store(), platform, world.Policy(), importer,
                                        "membership_number,kind,category,start,end,published_on\n"
                                        "PX-SAN-1,expulsion,antisemitism,2025-01-10,,2025-01-11\n",
                                        "sanctions.csv", app::ImportMode::kAllOrNothing);
  EXPECT_TRUE(sanctions) << (sanctions ? "" : sanctions.error().message);
  auto parsed = app::ParseEventsCsv(
      "event_id,title,starts_at,place,links,name,membership_number,role\n"
      "px-1,Northfield hustings,2025-06-01T18:00:00Z,Civic Hall,https://example.org/px-1,Olwen Office,PX-OFF-1,host\n"
      "px-1,,,,,Sid Sanctioned,PX-SAN-1,speaker\n",
      "events.csv", TimeZone::London());
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
  auto events = app::ImportEvents(world.Store(), platform, importer, std::move(*parsed), app::ImportMode::kAllOrNothing);
  EXPECT_TRUE(events) << (events ? "" : events.error().message);
  EXPECT_EQ(events->check.raised_ids.size(), 1u);
  return events->check.raised_ids.empty() ? 0 : events->check.raised_ids[0].value;
}

TEST(AlertApiTest, ACaseworkerReadsAnAlertAndOpensAPlatformSharingCaseFromIt) {
  ApiWorld& world = ApiWorld::Get();
  world.NextMinute();
  const std::int64_t id = RaiseAlert(world);
  ASSERT_GT(id, 0);
  const Session* caseworker = world.As(Role::kCaseworker);

  ClientResponse list = world.Get(caseworker, "/api/v1/alerts?status=open");
  ASSERT_EQ(list.status, 200) << list.body;
  bool listed = false;
  const bj::value items = Json(list);
  for (const bj::value& item : items.at("items").as_array()) listed = listed || item.at("id").as_int64() == id;
  EXPECT_TRUE(listed);

  ClientResponse one = world.Get(caseworker, fmt::format("/api/v1/alerts/{}", id));
  ASSERT_EQ(one.status, 200) << one.body;
  bj::value alert = Json(one);
  EXPECT_EQ(alert.at("status"), "open");
  EXPECT_TRUE(alert.at("case_number").is_null());
  EXPECT_EQ(alert.at("official").at("office").at("title"), "Mayor of Northfield");
  EXPECT_NE(std::string(alert.at("explanation").as_string()).find("Sid Sanctioned (PX-SAN-1) appeared as speaker"),
            std::string::npos);

  const std::int64_t cases_before = world.Count("cases");
  EXPECT_TRUE(IsProblem(world.Post(world.As(Role::kOversight), fmt::format("/api/v1/alerts/{}/case", id), ""), 403));
  EXPECT_TRUE(IsProblem(world.Post(world.As(Role::kInvestigator), fmt::format("/api/v1/alerts/{}/case", id), ""), 403));
  EXPECT_EQ(world.Count("cases"), cases_before);

  ClientResponse opened = world.Post(caseworker, fmt::format("/api/v1/alerts/{}/case", id), "");
  ASSERT_EQ(opened.status, 201) << opened.body;
  bj::value body = Json(opened);
  const std::string number(body.at("case_number").as_string());
  EXPECT_EQ(opened.Header("Location").value_or(""), "/api/v1/cases/" + number);
  EXPECT_EQ(body.at("alert").at("status"), "case_opened");
  EXPECT_EQ(std::string(body.at("alert").at("case_number").as_string()), number);
  EXPECT_EQ(world.Count("cases"), cases_before + 1);

  ClientResponse shown = world.Get(caseworker, "/api/v1/cases/" + number);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_NE(shown.body.find("platform_sharing"), std::string::npos) << shown.body;
  EXPECT_NE(shown.body.find("Olwen Office"), std::string::npos) << shown.body;
  EXPECT_NE(shown.body.find("https://example.org/px-1"), std::string::npos) << shown.body;

  EXPECT_TRUE(IsProblem(world.Post(caseworker, fmt::format("/api/v1/alerts/{}/case", id), ""), 409));
  EXPECT_EQ(world.Count("cases"), cases_before + 1);
  ClientResponse after = world.Get(caseworker, fmt::format("/api/v1/alerts/{}", id));
  EXPECT_EQ(std::string(Json(after).at("case_number").as_string()), number);
}

}  // namespace
}  // namespace docket::http::api::testing
