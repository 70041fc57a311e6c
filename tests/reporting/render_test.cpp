#include "reporting/render.hpp"

#include <gtest/gtest.h>

namespace docket::reporting {
namespace {

Date D(int year, unsigned month, unsigned day) { return Date::FromYmd(year, month, day); }

TransparencyReport Report() {
  TransparencyReport report;
  report.period = *Period::Parse("2026Q3");
  report.generated_on = D(2026, 10, 1);
  report.tables.push_back(Suppress("cases_opened", "Cases opened", "category", {"antisemitism", "bullying"},
                                   {"cases opened"}, {{3}, {40}}));
  report.days_to_stage.push_back({"triage", 4, 9});
  report.days_to_stage.push_back({"hearing", std::nullopt, std::nullopt});
  return report;
}

TEST(RenderTest, JsonStringsEscapeQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonString("a\"b\\c\n\x01"), R"("a\"b\\c\n\u0001")");
  EXPECT_EQ(JsonString("Zoë"), "\"Zoë\"");
}

TEST(RenderTest, TheReportsJsonShowsSuppressedCountsAsText) {
  std::string json = TransparencyJson(Report());
  EXPECT_NE(json.find(R"("label":"antisemitism","values":["fewer than 5"])"), std::string::npos) << json;
  // 43 - 40 would give the hidden 3 away, so 40 is withheld (and not called "fewer than 5").
  EXPECT_NE(json.find(R"("label":"bullying","values":["withheld"])"), std::string::npos) << json;
  EXPECT_EQ(json.find("40"), std::string::npos) << json;
  EXPECT_NE(json.find(R"({"label":"hearing","median_days":null,"p90_days":null})"), std::string::npos) << json;
}

TEST(RenderTest, CsvAndHtmlCarryTheSameSuppression) {
  std::string csv = TransparencyCsv(Report());
  EXPECT_NE(csv.find("cases_opened,antisemitism,cases opened,fewer than 5\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("days_to_stage,hearing,median_days,withheld\r\n"), std::string::npos) << csv;
  std::string html = TransparencyHtml(Report(), "Example <Party>");
  EXPECT_NE(html.find("Example &lt;Party&gt;"), std::string::npos);
  EXPECT_NE(html.find(R"(<td class="suppressed">fewer than 5</td>)"), std::string::npos);
  EXPECT_EQ(html.find(">40<"), std::string::npos);
  EXPECT_NE(html.find(R"(<td class="suppressed">withheld</td>)"), std::string::npos);
}

TEST(RenderTest, ChartsDrawOnlyPublishedFiguresWithTheEmbeddedLibrary) {
  TransparencyReport report = Report();
  report.tables.push_back(Suppress("backlog_by_age", "Backlog", "category", {"antisemitism"},
                                   {"under 1 month", "1-3 months"}, {{3, 12}}));
  report.tables.push_back(Suppress("deadline_compliance", "Compliance", "stage", {"triage"}, {"met", "missed"}, {{20, 2}}));
  EXPECT_EQ(TransparencyHtml(report, "").find("<canvas"), std::string::npos) << "no library, no charts";
  std::string html = TransparencyHtml(report, "", "/* chart library */");
  EXPECT_NE(html.find("<script>/* chart library */</script>"), std::string::npos);
  EXPECT_NE(html.find(R"(id="chart-backlog")"), std::string::npos);
  // The 3 and, in its column, the 12 are hidden: the chart shows gaps, not numbers.
  EXPECT_NE(html.find("data: [null,null]"), std::string::npos) << html.substr(html.find("chart-backlog'"), 300);
  EXPECT_NE(html.find("data: [null]"), std::string::npos);
}

TEST(RenderTest, TheDashboardJsonHasTheOversightPagesShape) {
  Dashboard d;
  d.as_of = D(2026, 11, 29);
  d.backlog_by_age = {1, 2, 3, 4, 5};
  d.stage_days_by_month.push_back({"2026-01", "investigation", 12, 30, 61});
  d.compliance_by_month.push_back({"2026-01", 7, 2});
  d.outcomes_by_category.push_back({"antisemitism", "expulsion", 3});
  d.interim_suspensions_overdue.push_back({"2026-000001", "A \"Name\"", D(2026, 1, 5), D(2026, 2, 2)});
  EXPECT_EQ(StatisticsJson(d),
            R"({"as_of":"2026-11-29","backlog_by_age":[{"bucket":"under 1 month","count":1},)"
            R"({"bucket":"1-3 months","count":2},{"bucket":"3-6 months","count":3},)"
            R"({"bucket":"6-12 months","count":4},{"bucket":"over 12 months","count":5}],)"
            R"("stage_days_by_month":[{"month":"2026-01","stage":"investigation","cases":12,"median_days":30,"p90_days":61}],)"
            R"("compliance_by_month":[{"month":"2026-01","met":7,"missed":2}],)"
            R"("outcomes_by_category":[{"category":"antisemitism","outcome":"expulsion","count":3}],)"
            R"("interim_suspensions_overdue":[{"case":"2026-000001","respondent":"A \"Name\"",)"
            R"("imposed_on":"2026-01-05","review_due":"2026-02-02"}]})");
}

}  // namespace
}  // namespace docket::reporting
