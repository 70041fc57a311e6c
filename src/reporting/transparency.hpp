// The public transparency report and the oversight dashboard, as plain data.
//
// The public report holds only suppressed tables of counts (suppression.hpp)
// and medians: no names, no free text, no branches, no case numbers. A
// median or 90th percentile is published only when at least kThreshold
// cases stand behind it, and no count of cases behind a median is shown,
// so a duration can never reveal a suppressed count.
//
// The dashboard is for oversight users and is not suppressed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/working_calendar.hpp"
#include "reporting/facts.hpp"
#include "reporting/statistics.hpp"
#include "reporting/suppression.hpp"

namespace docket::reporting {

/// A published median and 90th percentile; withheld (none) behind fewer than kThreshold cases.
struct PublishedDuration {
  std::string label;
  std::optional<int> median;
  std::optional<int> p90;
};

/// The public report of a period.
struct TransparencyReport {
  Period period;
  Date generated_on;
  std::vector<PublishedTable> tables;                 //!< In reading order.
  std::vector<PublishedDuration> days_to_stage;       //!< All categories, per stage.
  std::vector<PublishedDuration> days_to_outcome;     //!< Per category, then "all".
  std::vector<RecommendationFigures> recommendations;  //!< Not about people: published as counted.
};

/// Builds the public report from a period's statistics. `stage_has_deadline`
/// selects the stages shown in the compliance table (Statistics stage order).
TransparencyReport BuildTransparencyReport(const Statistics& stats, const std::vector<bool>& stage_has_deadline,
                                           Date generated_on);

/// The oversight dashboard (GET /api/v1/statistics).
struct Dashboard {
  struct StageMonth {
    std::string month;  //!< YYYY-MM.
    std::string stage;
    std::int64_t cases = 0;  //!< First entries into the stage that month.
    int median_days = 0;     //!< Working days from receipt.
    int p90_days = 0;
  };
  struct ComplianceMonth {
    std::string month;
    std::int64_t met = 0;
    std::int64_t missed = 0;
  };
  struct OutcomeCount {
    std::string category;
    std::string outcome;
    std::int64_t count = 0;
  };
  struct OverdueInterim {
    std::string case_number;
    std::string respondent;  //!< Names of the respondents, comma-separated.
    Date imposed_on;
    Date review_due;
  };

  Date as_of;
  std::array<std::int64_t, 5> backlog_by_age{};  //!< kAgeBuckets order, open cases at the end of as_of.
  std::vector<StageMonth> stage_days_by_month;   //!< Month, then stage order; months with no entries left out.
  std::vector<ComplianceMonth> compliance_by_month;  //!< Every month of the window, oldest first.
  std::vector<OutcomeCount> outcomes_by_category;    //!< Cases closed in the window; zero counts left out.
  std::vector<OverdueInterim> interim_suspensions_overdue;  //!< Filled by the app from the store.
};

/// The dashboard over the `months` calendar months ending with as_of's month.
Dashboard BuildDashboard(const Dataset& data, Date as_of, const WorkingCalendar& calendar, int months = 12);

}  // namespace docket::reporting
