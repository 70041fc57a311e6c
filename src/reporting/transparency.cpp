#include "reporting/transparency.hpp"

#include <algorithm>

namespace docket::reporting {
namespace {

PublishedDuration Publish(std::string label, const DaysSummary& days) {
  PublishedDuration out;
  out.label = std::move(label);
  if (days.count >= kThreshold) {
    out.median = days.median;
    out.p90 = days.p90;
  }
  return out;
}

// A one-column table of one count per category.
template <class Get>
PublishedTable PerCategory(const Statistics& stats, std::string id, std::string title, std::string column, Get get) {
  std::vector<std::string> rows;
  std::vector<std::vector<std::int64_t>> counts;
  for (const CategoryFigures& figures : stats.categories) {
    rows.push_back(figures.category);
    counts.push_back({get(figures)});
  }
  return Suppress(std::move(id), std::move(title), "category", std::move(rows), {std::move(column)}, counts);
}

}  // namespace

TransparencyReport BuildTransparencyReport(const Statistics& stats, const std::vector<bool>& stage_has_deadline,
                                           Date generated_on) {
  TransparencyReport report;
  report.period = stats.period;
  report.generated_on = generated_on;

  report.tables.push_back(PerCategory(stats, "complaints_received", "Complaints received", "complaints received",
                                      [](const CategoryFigures& f) { return f.received; }));
  report.tables.push_back(PerCategory(stats, "cases_opened", "Cases opened", "cases opened",
                                      [](const CategoryFigures& f) { return f.opened; }));
  {
    std::vector<std::string> rows;
    std::vector<std::vector<std::int64_t>> counts;
    for (const CategoryFigures& figures : stats.categories) {
      rows.push_back(figures.category);
      counts.push_back(figures.closed_by_outcome);
    }
    report.tables.push_back(Suppress("cases_closed_by_outcome", "Cases closed, by outcome", "category",
                                     std::move(rows), stats.outcomes, counts));
  }
  {
    std::vector<std::string> rows;
    std::vector<std::vector<std::int64_t>> counts;
    for (const CategoryFigures& figures : stats.categories) {
      rows.push_back(figures.category);
      counts.emplace_back(figures.backlog.begin(), figures.backlog.end());
    }
    report.tables.push_back(Suppress("backlog_by_age", "Open cases at the end of the period, by time since receipt",
                                     "category", std::move(rows),
                                     std::vector<std::string>(kAgeBuckets.begin(), kAgeBuckets.end()), counts));
  }
  {
    std::vector<std::string> rows;
    std::vector<std::vector<std::int64_t>> counts;
    for (std::size_t s = 0; s < stats.total.stages.size(); ++s) {
      if (s < stage_has_deadline.size() && !stage_has_deadline[s]) continue;
      const StageFigures& stage = stats.total.stages[s];
      rows.push_back(stage.stage);
      counts.push_back({stage.deadline_met, stage.deadline_missed});
    }
    report.tables.push_back(Suppress("deadline_compliance", "Stage deadlines met and missed", "stage",
                                     std::move(rows), {"met", "missed"}, counts));
  }
  {
    std::vector<std::string> rows;
    std::vector<std::vector<std::int64_t>> counts;
    for (const CategoryFigures& figures : stats.categories) {
      rows.push_back(figures.category);
      counts.push_back({figures.appeals_upheld, figures.appeals_decided - figures.appeals_upheld});
    }
    report.tables.push_back(Suppress("appeals_decided", "Appeals decided", "category", std::move(rows),
                                     {"upheld", "dismissed"}, counts));
  }
  report.tables.push_back(PerCategory(stats, "appeals_lodged", "Appeals lodged", "appeals lodged",
                                      [](const CategoryFigures& f) { return f.appeals_lodged; }));
  report.tables.push_back(PerCategory(stats, "interim_suspensions_imposed", "Interim suspensions imposed",
                                      "imposed", [](const CategoryFigures& f) { return f.interim_imposed; }));
  report.tables.push_back(PerCategory(stats, "interim_suspensions_in_force",
                                      "Interim suspensions in force at the end of the period", "in force",
                                      [](const CategoryFigures& f) { return f.interim_in_force; }));

  for (const StageFigures& stage : stats.total.stages) {
    report.days_to_stage.push_back(Publish(stage.stage, stage.days_to_stage));
  }
  for (const CategoryFigures& figures : stats.categories) {
    report.days_to_outcome.push_back(Publish(figures.category, figures.days_to_outcome));
  }
  report.days_to_outcome.push_back(Publish("all", stats.total.days_to_outcome));
  report.recommendations = stats.recommendations;
  return report;
}

Dashboard BuildDashboard(const Dataset& data, Date as_of, const WorkingCalendar& calendar, int months) {
  Dashboard dashboard;
  dashboard.as_of = as_of;
  months = std::max(months, 1);
  const Period last_month = Period::MonthOf(as_of);
  const Date window_start = last_month.first.AddMonths(-(months - 1));
  std::vector<Period> month_periods;
  for (int m = 0; m < months; ++m) month_periods.push_back(Period::MonthOf(window_start.AddMonths(m)));
  // Months are found by date arithmetic on the first day, not by search.
  auto month_index = [&](Date date) -> int {
    if (date < window_start || date > as_of) return -1;
    const int index = (date.Year() - window_start.Year()) * 12 + static_cast<int>(date.Month()) -
                      static_cast<int>(window_start.Month());
    return index >= 0 && index < months ? index : -1;
  };

  const std::size_t stages = data.stages.size();
  std::vector<std::vector<std::vector<int>>> days(static_cast<std::size_t>(months),
                                                  std::vector<std::vector<int>>(stages));
  dashboard.compliance_by_month.resize(static_cast<std::size_t>(months));
  for (int m = 0; m < months; ++m) dashboard.compliance_by_month[static_cast<std::size_t>(m)].month = month_periods[static_cast<std::size_t>(m)].label;

  const std::array<Date, 4> bucket_starts = {as_of.AddMonths(-1), as_of.AddMonths(-3), as_of.AddMonths(-6),
                                             as_of.AddMonths(-12)};
  std::vector<std::vector<std::int64_t>> outcomes(data.categories.size(),
                                                  std::vector<std::int64_t>(data.outcomes.size(), 0));
  for (const CaseFacts& c : data.cases) {
    if (c.opened <= as_of && (!c.closed || *c.closed > as_of)) {
      std::size_t b = 4;
      for (std::size_t i = 0; i < bucket_starts.size(); ++i) {
        if (c.received > bucket_starts[i]) {
          b = i;
          break;
        }
      }
      ++dashboard.backlog_by_age[b];
    }
    if (c.closed && month_index(*c.closed) >= 0 && c.outcome >= 0 && c.category < outcomes.size() &&
        static_cast<std::size_t>(c.outcome) < data.outcomes.size()) {
      ++outcomes[c.category][static_cast<std::size_t>(c.outcome)];
    }
  }
  for (const StageVisit& visit : data.visits) {
    if (visit.case_index >= data.cases.size() || visit.stage >= stages) continue;
    if (visit.first_entry) {
      const int m = month_index(visit.entered);
      if (m >= 0) {
        days[static_cast<std::size_t>(m)][visit.stage].push_back(
            calendar.WorkingDaysBetween(data.cases[visit.case_index].received, visit.entered));
      }
    }
    if (visit.deadline == DeadlineResult::kMet || visit.deadline == DeadlineResult::kMissed) {
      const int m = month_index(visit.resolved);
      if (m >= 0) {
        auto& month = dashboard.compliance_by_month[static_cast<std::size_t>(m)];
        ++(visit.deadline == DeadlineResult::kMet ? month.met : month.missed);
      }
    }
  }
  for (int m = 0; m < months; ++m) {
    for (std::size_t s = 0; s < stages; ++s) {
      std::vector<int>& values = days[static_cast<std::size_t>(m)][s];
      if (values.empty()) continue;
      DaysSummary summary = Summarise(values);
      dashboard.stage_days_by_month.push_back(Dashboard::StageMonth{
          month_periods[static_cast<std::size_t>(m)].label, data.stages[s], summary.count, summary.median, summary.p90});
    }
  }
  for (std::size_t k = 0; k < outcomes.size(); ++k) {
    for (std::size_t o = 0; o < outcomes[k].size(); ++o) {
      if (outcomes[k][o] == 0) continue;
      dashboard.outcomes_by_category.push_back(Dashboard::OutcomeCount{data.categories[k], data.outcomes[o], outcomes[k][o]});
    }
  }
  return dashboard;
}

}  // namespace docket::reporting
