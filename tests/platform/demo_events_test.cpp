#include "app/demo_events.hpp"

#include <gtest/gtest.h>

#include "domain/workflow.hpp"
#include "platform_test_world.hpp"
#include "policy/calendar_file.hpp"

namespace docket::app {
namespace {

TEST(DemoEventsTest, TheDemoOrganisationsEventsRaiseExplainableAlertsAndShowTheRulesEdges) {
  testing::PlatformWorld world("demo-events");
  // The demo needs an empty database; the platform world's own members are in another file.
  std::string path = world.path + ".demo.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  auto opened = store::OpenStore(path);
  ASSERT_TRUE(opened) << opened.error().message;
  auto calendar = policy::LoadCalendarFile(std::string(DOCKET_DATA_DIR) + "/calendars/england-and-wales.toml");
  ASSERT_TRUE(calendar) << calendar.error().message;
  Schedule schedule{*calendar, world.zone};
  domain::Workflow workflow(world.policy, schedule);
  DemoOptions options{3000, 1500, 7, world.clock.Now()};
  ASSERT_TRUE(GenerateDemo(**opened, workflow, options));

  auto report = AddDemoEvents(**opened, world.policy, world.zone, options);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_GE(report->events, 300);
  EXPECT_GE(report->check.raised, 4) << "four events are built to raise an alert";
  EXPECT_GE(report->unresolved, 1) << "one sanctioned speaker is listed by name only";

  PlatformService platform(**opened, world.policy, world.zone, world.clock);
  auto alerts = platform.ListAlerts(world.caseworker, {});
  ASSERT_TRUE(alerts);
  ASSERT_EQ(static_cast<std::int64_t>(alerts->size()), report->check.raised);
  for (const domain::PlatformAlert& alert : *alerts) {
    ASSERT_FALSE(alert.sanctioned.empty());
    for (const domain::SanctionedParticipant& s : alert.sanctioned) {
      EXPECT_LE(s.published_on, alert.event_date) << alert.Explanation();
      EXPECT_LE(s.start, alert.event_date) << alert.Explanation();
    }
    EXPECT_TRUE(alert.office.HeldOn(alert.event_date)) << alert.Explanation();
  }
  auto scan = platform.FullScan(world.caseworker);
  ASSERT_TRUE(scan);
  EXPECT_EQ(scan->raised + scan->withdrawn + scan->updated, 0) << "the incremental checks left nothing to fix";
}

}  // namespace
}  // namespace docket::app
