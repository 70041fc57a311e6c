#include "app/demo.hpp"

#include <gtest/gtest.h>

#include <map>

#include "app/case_service.hpp"
#include "test_world.hpp"

namespace docket::app {
namespace {

using testing::TestWorld;

std::vector<std::string> Fingerprint(store::Store& store) {
  auto tx = store.Begin(store::TransactionMode::kRead);
  store::CaseQuery all;
  all.open_only = false;
  all.limit = 100000;
  std::vector<std::string> out;
  auto rows = (*tx)->Cases().List(all);
  for (const auto& row : *rows) {
    out.push_back(row.number + "|" + row.stage + "|" + row.category + "|" + row.assignee + "|" + row.respondent_names);
  }
  return out;
}

TEST(DemoTest, TheSameSeedAndDateGiveTheSameOrganisation) {
  TestWorld a("demo-a"), b("demo-b");
  DemoOptions options{2000, 300, 42, a.clock.Now()};
  auto generated = GenerateDemo(*a.store, *a.workflow, options);
  ASSERT_TRUE(generated) << generated.error().message;
  ASSERT_TRUE(GenerateDemo(*b.store, *b.workflow, options));
  EXPECT_EQ(Fingerprint(*a.store), Fingerprint(*b.store));
  TestWorld c("demo-c");
  options.seed = 43;
  ASSERT_TRUE(GenerateDemo(*c.store, *c.workflow, options));
  EXPECT_NE(Fingerprint(*a.store), Fingerprint(*c.store));
}

TEST(DemoTest, CasesSpreadAcrossEveryStageWithSomeOverdueAndSomeLongSuspensions) {
  TestWorld world("demo-spread");
  auto report = GenerateDemo(*world.store, *world.workflow, {3000, 1500, 7, world.clock.Now()});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->members, 3000);
  EXPECT_EQ(report->cases, 1500);
  EXPECT_GT(report->officials, 10);
  std::map<std::string, int> by_stage;
  for (const std::string& row : Fingerprint(*world.store)) by_stage[row.substr(12, row.find('|', 12) - 12)]++;
  for (const domain::Stage& stage : world.policy.stages) {
    EXPECT_GT(by_stage[stage.id], 0) << "no demo case in stage " << stage.id;
  }
  EXPECT_GT(by_stage["closed"], 700) << "most cases of three years are closed";
  auto tx = world.store->Begin(store::TransactionMode::kRead);
  store::CaseQuery overdue;
  overdue.due_before = world.clock.Now();
  EXPECT_GT((*tx)->Cases().List(overdue)->size(), 10u);
  EXPECT_GT((*tx)->Cases().InterimReviewsDue(Date::FromYmd(2026, 3, 3))->size(), 3u);
}

TEST(DemoTest, EveryOutcomeOfTheCatalogueAppears) {
  TestWorld world("demo-outcomes");
  ASSERT_TRUE(GenerateDemo(*world.store, *world.workflow, {3000, 1500, 3, world.clock.Now()}));
  auto tx = world.store->Begin(store::TransactionMode::kRead);
  std::map<std::string, int> outcomes;
  store::CaseQuery all;
  all.open_only = false;
  all.limit = 5000;
  auto rows = (*tx)->Cases().List(all);
  for (const auto& row : *rows) {
    auto c = (*tx)->Cases().Find(row.id);
    if (c->decision) outcomes[c->decision->outcome]++;
  }
  for (const domain::SanctionKind& kind : world.policy.sanctions) {
    EXPECT_GT(outcomes[kind.id], 0) << kind.id;
  }
}

TEST(DemoTest, AnOrganisationIsOnlyGeneratedIntoAnEmptyDatabase) {
  TestWorld world("demo-twice");
  ASSERT_TRUE(GenerateDemo(*world.store, *world.workflow, {100, 10, 1, world.clock.Now()}));
  auto again = GenerateDemo(*world.store, *world.workflow, {100, 10, 1, world.clock.Now()});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace docket::app
