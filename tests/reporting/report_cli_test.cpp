// `docket report` and `docket recs` as a user runs them, against a demo database.
#include "cli/report_commands.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/cli/run_command.hpp"

namespace docket::cli {
namespace {

namespace fs = std::filesystem;

using docket::testing::Outcome;
using docket::testing::RunCommand;

class ReportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("docket-report-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "docket.db").string();
    Outcome demo = RunDb("demo --members 2000 --cases 500 --as-of 2026-11-20");
    ASSERT_EQ(demo.status, 0) << demo.out;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static Outcome Run(const std::string& args) {
    return RunCommand(std::string(DOCKET_BINARY) + " " + args + " --data-dir " + DOCKET_DATA_DIR);
  }
  static Outcome RunDb(const std::string& args) { return Run(args + " --db " + db_); }
  static std::string Slurp(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static fs::path dir_;
  static std::string db_;
};
fs::path ReportCliTest::dir_;
std::string ReportCliTest::db_;

TEST_F(ReportCliTest, TheTransparencyReportIsWrittenInEachFormatWithSuppression) {
  const fs::path html = dir_ / "report.html";
  Outcome o = RunDb("report transparency --period 2026Q3 --format html --output " + html.string());
  ASSERT_EQ(o.status, 0) << o.out;
  const std::string page = Slurp(html);
  EXPECT_NE(page.find("<title>Transparency report 2026Q3</title>"), std::string::npos);
  EXPECT_NE(page.find("fewer than 5"), std::string::npos);
  EXPECT_NE(page.find("@media print"), std::string::npos);
  EXPECT_EQ(page.find("<script src="), std::string::npos) << "self-contained: nothing loaded from elsewhere";

  o = RunDb("report transparency --period 2026Q3 --format json");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_EQ(o.out.rfind(R"({"period":{"label":"2026Q3","first":"2026-07-01","last":"2026-09-30"})", 0), 0u) << o.out;

  o = RunDb("report transparency --period 2026Q3 --format csv");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_EQ(o.out.rfind("section,row,column,value\r\n", 0), 0u);
  EXPECT_NE(o.out.find("backlog_by_age,total,total,"), std::string::npos);
}

TEST_F(ReportCliTest, BadPeriodsAndFormatsAreRefused) {
  Outcome o = RunDb("report transparency --period 2026Q9 --format html");
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("YYYYQn"), std::string::npos) << o.out;
  EXPECT_EQ(RunDb("report transparency --period 2026Q3 --format pdf").status, 1);
  EXPECT_EQ(RunDb("report statistics --period 2026Q3 --format html").status, 1);
}

TEST_F(ReportCliTest, OversightStatisticsAreRefusedToACaseworker) {
  Outcome o = RunDb("report statistics --period 2026 --format csv");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("all,closed,,"), std::string::npos) << o.out.substr(0, 400);
  o = RunDb("report statistics --period 2026 --format json --as aoife.byrne");
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("may not read unsuppressed statistics"), std::string::npos) << o.out;
  o = RunDb("report dashboard");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find(R"("interim_suspensions_overdue":[)"), std::string::npos);
}

TEST_F(ReportCliTest, RecommendationsAreImportedListedAndChangedWithAHistory) {
  const std::string data = std::string(DOCKET_DATA_DIR) + "/recommendations/";
  Outcome o = RunDb("recs import " + data + "inquiry-2016.csv");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("imported 11 recommendations of inquiry-2016"), std::string::npos) << o.out;
  ASSERT_EQ(RunDb("recs import " + data + "regulator-2020.csv").status, 0);
  o = RunDb("recs list");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("21 recommendations"), std::string::npos) << o.out;

  o = RunDb("recs set-status regulator-2020/7 implemented --reason 'The quarterly transparency report is published.'");
  EXPECT_EQ(o.status, 2) << "implemented needs evidence: " << o.out;
  o = RunDb("recs set-status regulator-2020/7 implemented --reason 'The quarterly transparency report is published.' "
            "--evidence 'docket report transparency, 2026Q3'");
  ASSERT_EQ(o.status, 0) << o.out;
  o = RunDb("recs show regulator-2020/7");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("not_started -> implemented"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("evidence: docket report transparency, 2026Q3"), std::string::npos) << o.out;
  EXPECT_EQ(RunDb("recs show regulator-2020/70").status, 3);
  o = RunDb("recs list --overdue");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("0 recommendations overdue"), std::string::npos) << "no due dates yet: " << o.out;
}

}  // namespace
}  // namespace docket::cli
