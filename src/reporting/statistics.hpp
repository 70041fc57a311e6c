// Statistics of a period, per category and in total: what the oversight
// exports show in full and what the public report shows after suppression
// (transparency.hpp). Computed in one pass over a Dataset.
//
// Durations are in working days on the organisation's calendar, counted
// from the receipt of the (earliest) complaint. Medians and 90th
// percentiles use the nearest-rank method, so every figure is a whole
// number of days that some case actually took.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "core/working_calendar.hpp"
#include "reporting/facts.hpp"

namespace docket::reporting {

/// A reporting period: whole days from `first` to `last`, inclusive.
struct Period {
  std::string label;  //!< "2026Q3", "2026", "2026-07", "2026H1".
  Date first;
  Date last;

  bool Contains(Date date) const { return first <= date && date <= last; }
  /// Parses YYYY, YYYYQn, YYYYHn or YYYY-MM; kInvalidArgument names the text and the accepted forms.
  static Result<Period> Parse(std::string_view text);
  /// The calendar month containing `date`, labelled YYYY-MM.
  static Period MonthOf(Date date);
};

/// The backlog's age buckets, by months since receipt.
inline constexpr std::array<std::string_view, 5> kAgeBuckets = {"under 1 month", "1-3 months", "3-6 months",
                                                                  "6-12 months", "over 12 months"};
/// The bucket (0-4) of a case received on `received`, aged at `on`.
std::size_t AgeBucket(Date received, Date on);

/// A distribution of durations in working days.
struct DaysSummary {
  std::int64_t count = 0;
  int median = 0;  //!< 0 when count is 0.
  int p90 = 0;
};
/// Summarises (and reorders) `days`.
DaysSummary Summarise(std::vector<int>& days);

/// One stage's figures.
struct StageFigures {
  std::string stage;
  DaysSummary days_to_stage;  //!< From receipt to first entry, for first entries in the period.
  std::int64_t deadline_met = 0;     //!< Stage deadlines met in the period.
  std::int64_t deadline_missed = 0;  //!< Stage deadlines missed in the period.
};

/// One category's figures, or the total over every category.
struct CategoryFigures {
  std::string category;  //!< "all" for the total.
  std::int64_t received = 0;  //!< Complaints received in the period.
  std::int64_t opened = 0;    //!< Cases opened.
  std::int64_t closed = 0;    //!< Cases closed.
  std::vector<std::int64_t> closed_by_outcome;  //!< Dataset::outcomes order.
  DaysSummary days_to_outcome;                  //!< Receipt to closure, cases closed in the period.
  std::vector<StageFigures> stages;             //!< Dataset::stages order.
  std::array<std::int64_t, 5> backlog{};        //!< Open at the period's end, kAgeBuckets order.
  std::int64_t interim_imposed = 0;             //!< Interim suspensions imposed in the period.
  std::int64_t interim_in_force = 0;            //!< In force at the period's end.
  DaysSummary interim_days_in_force;            //!< How long those in force at the end had run.
  std::int64_t interim_ended = 0;               //!< Ended (lifted or replaced by an outcome) in the period.
  DaysSummary interim_days_ended;               //!< How long those had run.
  std::int64_t appeals_lodged = 0;
  std::int64_t appeals_decided = 0;
  std::int64_t appeals_upheld = 0;  //!< Of those decided, how many succeeded.

  std::int64_t Backlog() const;
};

/// One report's recommendations at the period's end.
struct RecommendationFigures {
  std::string report;
  std::int64_t total = 0;
  std::array<std::int64_t, 5> by_status{};  //!< kRecommendationStatuses order.
  std::int64_t overdue = 0;                 //!< Past due and neither implemented nor rejected.
};

/// Everything of a period.
struct Statistics {
  Period period;
  std::vector<std::string> outcomes;       //!< Names for CategoryFigures::closed_by_outcome.
  std::vector<CategoryFigures> categories;  //!< Dataset::categories order.
  CategoryFigures total;                    //!< category "all".
  std::vector<RecommendationFigures> recommendations;
};

/// Computes a period's statistics; `calendar` counts working days.
Statistics ComputeStatistics(const Dataset& data, const Period& period, const WorkingCalendar& calendar);

/// A period's statistics with the stage visits handed over one at a time, as
/// a TimelineBuilder judges them, so a million cases' visits are never kept:
/// AddVisit for every visit (in any order), then Finish with the rest of the
/// Dataset. The same figures as ComputeStatistics over the full Dataset.
class StatisticsBuilder {
 public:
  StatisticsBuilder(Period period, const WorkingCalendar& calendar) : period_(std::move(period)), calendar_(calendar) {}

  /// Counts one visit of case `c`; `c.received` and `c.category` must be final.
  void AddVisit(const CaseFacts& c, const StageVisit& visit);
  /// The statistics of everything in `data` except `data.visits` (ignored: the visits came through AddVisit). Once.
  Statistics Finish(const Dataset& data);

 private:
  struct StageTally {
    std::vector<int> to_stage;  // working days from receipt, first entries in the period
    std::int64_t met = 0;
    std::int64_t missed = 0;
  };
  StageTally& Tally(std::vector<StageTally>& stages, std::uint16_t stage);

  Period period_;
  const WorkingCalendar& calendar_;
  std::vector<std::vector<StageTally>> by_category_;  // [category][stage], grown as visits arrive
  std::vector<StageTally> total_;                     // [stage]
};

}  // namespace docket::reporting
