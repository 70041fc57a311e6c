// The report and recommendation use cases over a real SQLite database
// filled by the demo generator.
#include "app/report_service.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <numeric>
#include <sstream>

#include "../app/test_world.hpp"
#include "app/demo.hpp"
#include "app/recommendation_service.hpp"
#include "reporting/render.hpp"

namespace docket::app {
namespace {

using testing::TestWorld;

const domain::Actor kOversight{UserId{}, "oversight", "oversight", std::nullopt};
const domain::Actor kAdministrator{UserId{}, "admin", "administrator", std::nullopt};
const domain::Actor kCaseworker{UserId{}, "aoife.byrne", "caseworker", std::nullopt};

std::string DataFile(const std::string& name) {
  std::ifstream in(std::string(DOCKET_DATA_DIR) + "/recommendations/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ReportServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new TestWorld("report-service", *Instant::Parse("2026-11-20T10:00:00Z"));
    auto made = GenerateDemo(*world_->store, *world_->workflow, {3000, 600, 5, world_->clock.Now()});
    ASSERT_TRUE(made) << made.error().message;
  }
  static void TearDownTestSuite() { delete world_; }
  ReportService Reports() { return ReportService(*world_->store, *world_->workflow, world_->clock); }
  static TestWorld* world_;
};
TestWorld* ReportServiceTest::world_ = nullptr;

TEST_F(ReportServiceTest, EveryCaseIsReadOnceWithItsFirstStageAtOpening) {
  auto data = Reports().Load(Date::FromYmd(2026, 11, 20));
  ASSERT_TRUE(data) << data.error().message;
  EXPECT_EQ(data->cases.size(), 600u);
  EXPECT_EQ(data->complaints.size(), 600u);
  std::size_t first_entries_at_start = 0;
  for (const reporting::StageVisit& visit : data->visits) {
    if (visit.first_entry && data->stages[visit.stage] == "received") {
      ++first_entries_at_start;
      EXPECT_EQ(visit.entered, data->cases[visit.case_index].opened);
    }
  }
  EXPECT_EQ(first_entries_at_start, 600u);
  for (const reporting::CaseFacts& c : data->cases) {
    if (c.closed) {
      EXPECT_GE(c.outcome, 0) << "a closed case always has an outcome, decided or by its closing action";
    }
  }
}

TEST_F(ReportServiceTest, StatisticsAddUpAcrossCategoriesOutcomesAndTheBacklog) {
  auto period = reporting::Period::Parse("2026");
  auto stats = Reports().Statistics(kOversight, *period);
  ASSERT_TRUE(stats) << stats.error().message;
  std::int64_t closed = 0, backlog = 0;
  for (const reporting::CategoryFigures& f : stats->categories) {
    EXPECT_EQ(std::accumulate(f.closed_by_outcome.begin(), f.closed_by_outcome.end(), std::int64_t{0}), f.closed)
        << f.category;
    closed += f.closed;
    backlog += f.Backlog();
  }
  EXPECT_EQ(closed, stats->total.closed);
  EXPECT_EQ(backlog, stats->total.Backlog());
  EXPECT_GT(stats->total.closed, 100);
  // The backlog at the end of 2026 (judged on 20 November) is every case still open.
  auto tx = world_->store->Begin(store::TransactionMode::kRead);
  store::CaseQuery open;
  open.limit = 100000;
  auto rows = (*tx)->Cases().List(open);
  ASSERT_TRUE(rows);
  EXPECT_EQ(backlog, static_cast<std::int64_t>(rows->size()));
  std::int64_t judged = 0;
  for (const reporting::StageFigures& stage : stats->total.stages) judged += stage.deadline_met + stage.deadline_missed;
  EXPECT_GT(judged, 0);
}

TEST_F(ReportServiceTest, OnlyOversightAndAdministratorsReadUnsuppressedStatistics) {
  auto period = reporting::Period::Parse("2026Q1");
  auto refused = Reports().Statistics(kCaseworker, *period);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE(Reports().Dashboard(kCaseworker));
  EXPECT_TRUE(Reports().Statistics(kAdministrator, *period));
}

TEST_F(ReportServiceTest, ThePublicReportIsSafelySuppressedAndNamesNobody) {
  auto report = Reports().Transparency(*reporting::Period::Parse("2026Q2"));
  ASSERT_TRUE(report) << report.error().message;
  bool any_suppressed = false;
  for (const reporting::PublishedTable& table : report->tables) {
    EXPECT_TRUE(reporting::IsSafelySuppressed(table)) << table.id;
    for (const auto& row : table.cells) {
      for (const reporting::PublishedCell& cell : row) any_suppressed = any_suppressed || cell.suppressed;
    }
  }
  EXPECT_TRUE(any_suppressed) << "600 cases over six categories must leave some small counts";
  const std::string html = reporting::TransparencyHtml(*report, "Demo");
  const std::string json = reporting::TransparencyJson(*report);
  auto tx = world_->store->Begin(store::TransactionMode::kRead);
  store::CaseQuery all;
  all.open_only = false;
  all.limit = 50;
  auto rows = (*tx)->Cases().List(all);
  ASSERT_TRUE(rows);
  for (const store::CaseSummary& row : *rows) {
    EXPECT_EQ(html.find(row.respondent_names), std::string::npos) << row.respondent_names;
    EXPECT_EQ(json.find(row.number), std::string::npos) << row.number;
  }
  EXPECT_FALSE(Reports().Transparency(*reporting::Period::Parse("2027Q1"))) << "a period that has not begun";
}

TEST_F(ReportServiceTest, TheDashboardCoversTwelveMonthsAndListsOverdueInterimReviews) {
  auto dashboard = Reports().Dashboard(kOversight);
  ASSERT_TRUE(dashboard) << dashboard.error().message;
  EXPECT_EQ(dashboard->compliance_by_month.size(), 12u);
  EXPECT_EQ(dashboard->compliance_by_month.back().month, "2026-11");
  EXPECT_FALSE(dashboard->stage_days_by_month.empty());
  EXPECT_FALSE(dashboard->interim_suspensions_overdue.empty()) << "the demo leaves suspensions past review";
  for (const auto& row : dashboard->interim_suspensions_overdue) {
    EXPECT_LT(row.review_due, Date::FromYmd(2026, 11, 20));
    EXPECT_FALSE(row.respondent.empty());
  }
  EXPECT_EQ(reporting::StatisticsJson(*dashboard).rfind(R"({"as_of":"2026-11-20","backlog_by_age":[)", 0), 0u);
}

TEST_F(ReportServiceTest, RecommendationsImportKeepStatusesAndRecordEveryChange) {
  RecommendationService tracker(*world_->store, world_->schedule, world_->clock);
  EXPECT_EQ(tracker.Import(kCaseworker, DataFile("inquiry-2016.csv"), "inquiry-2016.csv").error().code,
            ErrorCode::kPermissionDenied);
  auto inquiry = tracker.Import(kAdministrator, DataFile("inquiry-2016.csv"), "inquiry-2016.csv");
  ASSERT_TRUE(inquiry) << inquiry.error().message;
  EXPECT_EQ(inquiry->recommendations, 11);
  ASSERT_TRUE(tracker.Import(kAdministrator, DataFile("regulator-2020.csv"), "regulator-2020.csv"));
  auto all = tracker.List(RecommendationFilter::kAll);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 21u);
  EXPECT_EQ(all->front().recommendation.report_key, "inquiry-2016") << "oldest report first";

  auto refused = tracker.SetStatus(kAdministrator, "inquiry-2016/3", "implemented", "Deadlines are in the policy.", "");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("field 'evidence'"), std::string::npos);
  EXPECT_FALSE(tracker.SetStatus(kAdministrator, "inquiry-2016/3", "done", "Deadlines are in the policy.", "x"));
  auto changed = tracker.SetStatus(kAdministrator, "inquiry-2016/3", "implemented",
                                   "Every stage has a deadline in working days.", "policy 2026.1, data/policy/party.toml");
  ASSERT_TRUE(changed) << changed.error().message;
  ASSERT_EQ(changed->history.size(), 1u);
  EXPECT_EQ(changed->history[0].from_status, "not_started");
  EXPECT_EQ(changed->history[0].to_status, "implemented");

  // Importing again updates the wording but keeps the status and history.
  ASSERT_TRUE(tracker.Import(kAdministrator, DataFile("inquiry-2016.csv"), "inquiry-2016.csv"));
  auto shown = tracker.Show("inquiry-2016/3");
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->recommendation.status, "implemented");
  EXPECT_EQ(shown->history.size(), 1u);
  EXPECT_EQ(tracker.Show("inquiry-2016/99").error().code, ErrorCode::kNotFound);

  auto stats = Reports().Statistics(kOversight, *reporting::Period::Parse("2026Q4"));
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->recommendations.size(), 2u);
  EXPECT_EQ(stats->recommendations[0].by_status[static_cast<std::size_t>(reporting::RecommendationStatus::kImplemented)], 1);
}

}  // namespace
}  // namespace docket::app
