#include "reporting/statistics.hpp"

#include <gtest/gtest.h>

#include "reporting/render.hpp"
#include "reporting/transparency.hpp"

namespace docket::reporting {
namespace {

Date D(int year, unsigned month, unsigned day) { return Date::FromYmd(year, month, day); }

TEST(PeriodTest, QuartersHalvesYearsAndMonthsParse) {
  Period q3 = *Period::Parse("2026Q3");
  EXPECT_EQ(q3.first, D(2026, 7, 1));
  EXPECT_EQ(q3.last, D(2026, 9, 30));
  EXPECT_EQ(Period::Parse("2026")->last, D(2026, 12, 31));
  EXPECT_EQ(Period::Parse("2026H1")->last, D(2026, 6, 30));
  EXPECT_EQ(Period::Parse("2026-02")->last, D(2026, 2, 28));
  EXPECT_FALSE(Period::Parse("2026Q5"));
  EXPECT_FALSE(Period::Parse("26Q1"));
  EXPECT_NE(Period::Parse("2026-13").error().message.find("YYYYQn"), std::string::npos);
}

TEST(AgeBucketTest, MonthsAreCalendarMonthsBeforeTheDate) {
  const Date end = D(2026, 9, 30);
  EXPECT_EQ(AgeBucket(D(2026, 9, 1), end), 0u);
  EXPECT_EQ(AgeBucket(D(2026, 8, 30), end), 1u);
  EXPECT_EQ(AgeBucket(D(2026, 5, 1), end), 2u);
  EXPECT_EQ(AgeBucket(D(2025, 12, 1), end), 3u);
  EXPECT_EQ(AgeBucket(D(2025, 9, 30), end), 4u);
}

TEST(SummariseTest, MedianAndNinetiethPercentileAreNearestRank) {
  std::vector<int> days = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
  DaysSummary s = Summarise(days);
  EXPECT_EQ(s.count, 10);
  EXPECT_EQ(s.median, 5);
  EXPECT_EQ(s.p90, 9);
  std::vector<int> none;
  EXPECT_EQ(Summarise(none).median, 0);
}

// Two categories, three stages (received, investigation with a deadline, closed).
Dataset Crafted() {
  Dataset data;
  data.categories = {"antisemitism", "bullying"};
  data.stages = {"received", "investigation", "closed"};
  data.outcomes = {"expulsion", "no_case_to_answer"};
  // Case 0: antisemitism, received 1 July, closed 15 July with expulsion, appeal upheld.
  data.cases.push_back({0, 0, D(2026, 7, 1), D(2026, 7, 1), D(2026, 7, 15), D(2026, 7, 10), true});
  // Case 1: antisemitism, received 1 March, still open at the end of Q3.
  data.cases.push_back({0, -1, D(2026, 3, 1), D(2026, 3, 1), std::nullopt, std::nullopt, std::nullopt});
  // Case 2: bullying, received in Q2, closed in Q3 with no case to answer.
  data.cases.push_back({1, 1, D(2026, 6, 1), D(2026, 6, 1), D(2026, 8, 3), std::nullopt, std::nullopt});
  // Case 3: bullying, opened in Q4: outside the period entirely.
  data.cases.push_back({1, -1, D(2026, 10, 5), D(2026, 10, 5), std::nullopt, std::nullopt, std::nullopt});
  data.complaints = {{0, D(2026, 7, 1)}, {0, D(2026, 7, 2)}, {0, D(2026, 3, 1)}, {1, D(2026, 6, 1)}, {1, D(2026, 10, 5)}};
  data.visits = {
      {0, 0, DeadlineResult::kNone, true, D(2026, 7, 1), D(2026, 7, 1)},
      {0, 1, DeadlineResult::kMet, true, D(2026, 7, 1), D(2026, 7, 6)},
      {0, 2, DeadlineResult::kNone, true, D(2026, 7, 15), D(2026, 7, 15)},
      {1, 1, DeadlineResult::kMissed, true, D(2026, 3, 2), D(2026, 8, 1)},
      {2, 1, DeadlineResult::kMissed, true, D(2026, 6, 2), D(2026, 6, 30)},
  };
  data.interim_suspensions = {{0, D(2026, 7, 2), D(2026, 7, 15)}, {0, D(2026, 3, 10), std::nullopt}};
  RecommendationFacts rec;
  rec.report = "inquiry-2016";
  rec.due = D(2026, 1, 1);
  rec.history = {{D(2026, 2, 1), RecommendationStatus::kInProgress}, {D(2026, 8, 1), RecommendationStatus::kImplemented}};
  data.recommendations.push_back(rec);
  RecommendationFacts late = rec;
  late.history = {{D(2026, 2, 1), RecommendationStatus::kInProgress}};
  data.recommendations.push_back(late);
  return data;
}

TEST(StatisticsTest, CountsEachCaseInThePeriodWhereItHappened) {
  WorkingCalendar calendar;
  Statistics s = ComputeStatistics(Crafted(), *Period::Parse("2026Q3"), calendar);
  ASSERT_EQ(s.categories.size(), 2u);
  const CategoryFigures& antisemitism = s.categories[0];
  EXPECT_EQ(antisemitism.received, 2);
  EXPECT_EQ(antisemitism.opened, 1);
  EXPECT_EQ(antisemitism.closed, 1);
  EXPECT_EQ(antisemitism.closed_by_outcome[0], 1);
  EXPECT_EQ(antisemitism.days_to_outcome.median, 10);  // 1 to 15 July 2026: ten working days
  EXPECT_EQ(antisemitism.backlog[3], 1);               // received 1 March: 6-12 months at 30 September
  EXPECT_EQ(antisemitism.appeals_lodged, 1);
  EXPECT_EQ(antisemitism.appeals_decided, 1);
  EXPECT_EQ(antisemitism.appeals_upheld, 1);
  EXPECT_EQ(antisemitism.stages[1].deadline_met, 1);
  EXPECT_EQ(antisemitism.stages[1].deadline_missed, 1);  // case 1 went overdue on 1 August
  EXPECT_EQ(antisemitism.stages[1].days_to_stage.count, 1);
  EXPECT_EQ(antisemitism.interim_imposed, 1);
  EXPECT_EQ(antisemitism.interim_in_force, 1);
  EXPECT_EQ(antisemitism.interim_ended, 1);
  EXPECT_EQ(antisemitism.interim_days_ended.median, 9);
  const CategoryFigures& bullying = s.categories[1];
  EXPECT_EQ(bullying.received, 0);
  EXPECT_EQ(bullying.closed_by_outcome[1], 1);
  EXPECT_EQ(bullying.stages[1].deadline_missed, 0) << "missed in June, outside Q3";
  EXPECT_EQ(bullying.Backlog(), 0) << "case 3 was opened after the period";
  EXPECT_EQ(s.total.closed, 2);
  EXPECT_EQ(s.total.received, 2);
  ASSERT_EQ(s.recommendations.size(), 1u);
  EXPECT_EQ(s.recommendations[0].total, 2);
  EXPECT_EQ(s.recommendations[0].by_status[static_cast<std::size_t>(RecommendationStatus::kImplemented)], 1);
  EXPECT_EQ(s.recommendations[0].overdue, 1);
}

TEST(InternerTest, GivesTheIndexesDatasetInternGivesEvenForTextsAlikeAtBothEnds) {
  std::vector<std::string> names = {"antisemitism"};
  Interner interner(names);
  EXPECT_EQ(interner.Index("antisemitism"), 0);
  EXPECT_EQ(interner.Index("antisemitisn"), 1);
  EXPECT_EQ(interner.Index(""), 2);
  EXPECT_EQ(interner.Index("sexual_harassment"), 3);
  EXPECT_EQ(interner.Index("sexual_hXrassment"), 4);  // same length, first and last eight bytes
  EXPECT_EQ(interner.Index("ab"), 5);
  EXPECT_EQ(interner.Index("a"), 6);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(interner.Index("antisemitism"), 0);
    EXPECT_EQ(interner.Index("antisemitisn"), 1);
    EXPECT_EQ(interner.Index(""), 2);
    EXPECT_EQ(interner.Index("sexual_harassment"), 3);
    EXPECT_EQ(interner.Index("sexual_hXrassment"), 4);
    EXPECT_EQ(interner.Index("ab"), 5);
    EXPECT_EQ(interner.Index("a"), 6);
  }
  Dataset::Intern(names, "bullying");  // appended by another reader of the same list
  EXPECT_EQ(interner.Index("bullying"), 7);
  EXPECT_EQ(names.size(), 8u);
}

TEST(StatisticsBuilderTest, VisitsHandedOverInAnyOrderGiveTheSameFiguresAsTheDataset) {
  WorkingCalendar calendar;
  const Dataset data = Crafted();
  for (const char* label : {"2026Q3", "2026", "2026-08"}) {
    const Period period = *Period::Parse(label);
    StatisticsBuilder builder(period, calendar);
    for (auto it = data.visits.rbegin(); it != data.visits.rend(); ++it) builder.AddVisit(data.cases[it->case_index], *it);
    Dataset rest = data;
    rest.visits.clear();
    EXPECT_EQ(StatisticsJson(builder.Finish(rest)), StatisticsJson(ComputeStatistics(data, period, calendar))) << label;
  }
}

TEST(StatisticsBuilderTest, VisitsOfStagesOrCategoriesTheDatasetDoesNotNameAreLeftOut) {
  WorkingCalendar calendar;
  const Dataset data = Crafted();
  StatisticsBuilder builder(*Period::Parse("2026Q3"), calendar);
  CaseFacts stranger = data.cases[0];
  stranger.category = 7;
  builder.AddVisit(stranger, {0, 1, DeadlineResult::kMet, true, D(2026, 7, 1), D(2026, 7, 6)});
  builder.AddVisit(data.cases[0], {0, 9, DeadlineResult::kMet, true, D(2026, 7, 1), D(2026, 7, 6)});
  Statistics s = builder.Finish(data);
  ASSERT_EQ(s.categories.size(), 2u);
  EXPECT_EQ(s.categories[0].stages[1].deadline_met, 0);
  EXPECT_EQ(s.total.stages[1].deadline_met, 1) << "the total counts every category, as ComputeStatistics does";
  EXPECT_EQ(s.total.stages.size(), 3u);
}

TEST(StatisticsTest, ThePublicReportSuppressesSmallCountsAndWithholdsThinMedians) {
  WorkingCalendar calendar;
  Statistics s = ComputeStatistics(Crafted(), *Period::Parse("2026Q3"), calendar);
  TransparencyReport report = BuildTransparencyReport(s, {false, true, false}, D(2026, 10, 1));
  for (const PublishedTable& table : report.tables) EXPECT_TRUE(IsSafelySuppressed(table)) << table.id;
  const PublishedTable& received = report.tables[0];
  EXPECT_EQ(received.id, "complaints_received");
  EXPECT_TRUE(received.At(0, 0).suppressed);  // 2
  EXPECT_FALSE(received.At(1, 0).suppressed);  // 0
  for (const PublishedDuration& d : report.days_to_outcome) EXPECT_FALSE(d.median.has_value());
  const PublishedTable& compliance = report.tables[4];
  EXPECT_EQ(compliance.id, "deadline_compliance");
  ASSERT_EQ(compliance.rows.size(), 1u);
  EXPECT_EQ(compliance.rows[0], "investigation");
}

}  // namespace
}  // namespace docket::reporting
