#include "reporting/statistics.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace docket::reporting {
namespace {

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// The nearest-rank percentile of sorted-on-demand values: the smallest value
// with at least p% of the values at or below it.
int NearestRank(std::vector<int>& values, int percent) {
  const std::size_t n = values.size();
  std::size_t rank = (static_cast<std::size_t>(percent) * n + 99) / 100;
  if (rank == 0) rank = 1;
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

// Per-category working state: the figures plus the raw durations that
// become medians at the end.
struct Accumulator {
  CategoryFigures figures;
  std::vector<std::vector<int>> to_stage;
  std::vector<int> to_outcome;
  std::vector<int> interim_in_force;
  std::vector<int> interim_ended;
};

}  // namespace

Result<Period> Period::Parse(std::string_view text) {
  auto invalid = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("period '{}' is not one of YYYY, YYYYQn (quarter 1-4), YYYYHn (half 1-2) or YYYY-MM",
                            text));
  };
  if (text.size() < 4 || !AllDigits(text.substr(0, 4))) return invalid();
  const int year = ToInt(text.substr(0, 4));
  if (year < 1970 || year > 9999) return invalid();
  Period period;
  period.label = std::string(text);
  auto months = [&](unsigned first_month, unsigned count) {
    period.first = Date::FromYmd(year, first_month, 1);
    period.last = period.first.AddMonths(static_cast<int>(count)).AddDays(-1);
    return period;
  };
  if (text.size() == 4) return months(1, 12);
  if (text.size() == 6 && (text[4] == 'Q' || text[4] == 'q') && text[5] >= '1' && text[5] <= '4') {
    return months(static_cast<unsigned>(text[5] - '1') * 3 + 1, 3);
  }
  if (text.size() == 6 && (text[4] == 'H' || text[4] == 'h') && text[5] >= '1' && text[5] <= '2') {
    return months(static_cast<unsigned>(text[5] - '1') * 6 + 1, 6);
  }
  if (text.size() == 7 && text[4] == '-' && AllDigits(text.substr(5, 2))) {
    const int month = ToInt(text.substr(5, 2));
    if (month < 1 || month > 12) return invalid();
    return months(static_cast<unsigned>(month), 1);
  }
  return invalid();
}

Period Period::MonthOf(Date date) {
  Period period;
  period.first = date.AddDays(1 - static_cast<std::int32_t>(date.Day()));
  period.last = period.first.AddMonths(1).AddDays(-1);
  period.label = period.first.ToString().substr(0, 7);
  return period;
}

std::size_t AgeBucket(Date received, Date on) {
  if (received > on.AddMonths(-1)) return 0;
  if (received > on.AddMonths(-3)) return 1;
  if (received > on.AddMonths(-6)) return 2;
  if (received > on.AddMonths(-12)) return 3;
  return 4;
}

DaysSummary Summarise(std::vector<int>& days) {
  DaysSummary summary;
  summary.count = static_cast<std::int64_t>(days.size());
  if (days.empty()) return summary;
  summary.median = NearestRank(days, 50);
  summary.p90 = NearestRank(days, 90);
  return summary;
}

std::int64_t CategoryFigures::Backlog() const {
  std::int64_t sum = 0;
  for (std::int64_t n : backlog) sum += n;
  return sum;
}

Statistics ComputeStatistics(const Dataset& data, const Period& period, const WorkingCalendar& calendar) {
  StatisticsBuilder builder(period, calendar);
  for (const StageVisit& visit : data.visits) {
    if (visit.case_index < data.cases.size()) builder.AddVisit(data.cases[visit.case_index], visit);
  }
  return builder.Finish(data);
}

StatisticsBuilder::StageTally& StatisticsBuilder::Tally(std::vector<StageTally>& stages, std::uint16_t stage) {
  if (stage >= stages.size()) stages.resize(static_cast<std::size_t>(stage) + 1);
  return stages[stage];
}

void StatisticsBuilder::AddVisit(const CaseFacts& c, const StageVisit& visit) {
  // Most of ten years' visits fall outside the period: they cost two comparisons.
  const bool first = visit.first_entry && period_.Contains(visit.entered);
  const bool judged = (visit.deadline == DeadlineResult::kMet || visit.deadline == DeadlineResult::kMissed) &&
                      period_.Contains(visit.resolved);
  if (!first && !judged) return;
  const int days = first ? calendar_.WorkingDaysBetween(c.received, visit.entered) : 0;
  auto update = [&](StageTally& tally) {
    if (first) tally.to_stage.push_back(days);
    if (judged) ++(visit.deadline == DeadlineResult::kMet ? tally.met : tally.missed);
  };
  if (c.category >= by_category_.size()) by_category_.resize(static_cast<std::size_t>(c.category) + 1);
  update(Tally(by_category_[c.category], visit.stage));
  update(Tally(total_, visit.stage));
}

Statistics StatisticsBuilder::Finish(const Dataset& data) {
  const Period& period = period_;
  const WorkingCalendar& calendar = calendar_;
  const std::size_t categories = data.categories.size();
  const std::size_t stages = data.stages.size();
  const std::size_t outcomes = data.outcomes.size();
  // One accumulator per category, plus the total at the end.
  std::vector<Accumulator> acc(categories + 1);
  for (std::size_t k = 0; k <= categories; ++k) {
    Accumulator& a = acc[k];
    a.figures.category = k < categories ? data.categories[k] : "all";
    a.figures.closed_by_outcome.assign(outcomes, 0);
    a.figures.stages.resize(stages);
    for (std::size_t s = 0; s < stages; ++s) a.figures.stages[s].stage = data.stages[s];
    a.to_stage.resize(stages);
  }
  auto both = [&](std::uint16_t category, auto&& update) {
    if (category < categories) update(acc[category]);
    update(acc[categories]);
  };

  // The backlog's bucket boundaries, computed once rather than per case.
  const Date end = period.last;
  const std::array<Date, 4> bucket_starts = {end.AddMonths(-1), end.AddMonths(-3), end.AddMonths(-6),
                                             end.AddMonths(-12)};
  auto bucket = [&](Date received) -> std::size_t {
    for (std::size_t b = 0; b < bucket_starts.size(); ++b) {
      if (received > bucket_starts[b]) return b;
    }
    return 4;
  };

  for (const ComplaintFacts& complaint : data.complaints) {
    if (period.Contains(complaint.received)) both(complaint.category, [](Accumulator& a) { ++a.figures.received; });
  }

  for (const CaseFacts& c : data.cases) {
    if (period.Contains(c.opened)) both(c.category, [](Accumulator& a) { ++a.figures.opened; });
    if (c.closed && period.Contains(*c.closed)) {
      const int days = calendar.WorkingDaysBetween(c.received, *c.closed);
      both(c.category, [&](Accumulator& a) {
        ++a.figures.closed;
        if (c.outcome >= 0 && static_cast<std::size_t>(c.outcome) < outcomes) {
          ++a.figures.closed_by_outcome[static_cast<std::size_t>(c.outcome)];
        }
        a.to_outcome.push_back(days);
      });
      if (c.appeal_upheld) {
        both(c.category, [&](Accumulator& a) {
          ++a.figures.appeals_decided;
          if (*c.appeal_upheld) ++a.figures.appeals_upheld;
        });
      }
    }
    if (c.appeal_lodged && period.Contains(*c.appeal_lodged)) {
      both(c.category, [](Accumulator& a) { ++a.figures.appeals_lodged; });
    }
    if (c.opened <= end && (!c.closed || *c.closed > end)) {
      const std::size_t b = bucket(c.received);
      both(c.category, [&](Accumulator& a) { ++a.figures.backlog[b]; });
    }
  }

  // The visits' tallies, for the stages and categories the Dataset names.
  auto merge = [&](std::vector<StageTally>& tallies, Accumulator& a) {
    for (std::size_t s = 0; s < stages && s < tallies.size(); ++s) {
      a.to_stage[s] = std::move(tallies[s].to_stage);
      a.figures.stages[s].deadline_met = tallies[s].met;
      a.figures.stages[s].deadline_missed = tallies[s].missed;
    }
  };
  for (std::size_t k = 0; k < categories && k < by_category_.size(); ++k) merge(by_category_[k], acc[k]);
  merge(total_, acc[categories]);

  for (const InterimFacts& interim : data.interim_suspensions) {
    if (period.Contains(interim.start)) both(interim.category, [](Accumulator& a) { ++a.figures.interim_imposed; });
    if (interim.start <= end && (!interim.end || *interim.end >= end)) {
      const int days = calendar.WorkingDaysBetween(interim.start, end);
      both(interim.category, [&](Accumulator& a) {
        ++a.figures.interim_in_force;
        a.interim_in_force.push_back(days);
      });
    }
    if (interim.end && period.Contains(*interim.end)) {
      const int days = calendar.WorkingDaysBetween(interim.start, *interim.end);
      both(interim.category, [&](Accumulator& a) {
        ++a.figures.interim_ended;
        a.interim_ended.push_back(days);
      });
    }
  }

  Statistics stats;
  stats.period = period;
  stats.outcomes = data.outcomes;
  for (Accumulator& a : acc) {
    a.figures.days_to_outcome = Summarise(a.to_outcome);
    a.figures.interim_days_in_force = Summarise(a.interim_in_force);
    a.figures.interim_days_ended = Summarise(a.interim_ended);
    for (std::size_t s = 0; s < stages; ++s) a.figures.stages[s].days_to_stage = Summarise(a.to_stage[s]);
  }
  for (std::size_t k = 0; k < categories; ++k) stats.categories.push_back(std::move(acc[k].figures));
  stats.total = std::move(acc[categories].figures);

  for (const RecommendationFacts& rec : data.recommendations) {
    auto it = std::find_if(stats.recommendations.begin(), stats.recommendations.end(),
                           [&](const RecommendationFigures& r) { return r.report == rec.report; });
    if (it == stats.recommendations.end()) {
      stats.recommendations.push_back(RecommendationFigures{rec.report, 0, {}, 0});
      it = stats.recommendations.end() - 1;
    }
    const RecommendationStatus status = rec.StatusOn(end);
    ++it->total;
    ++it->by_status[static_cast<std::size_t>(status)];
    if (rec.due && *rec.due < end && status != RecommendationStatus::kImplemented &&
        status != RecommendationStatus::kRejected) {
      ++it->overdue;
    }
  }
  return stats;
}

std::string_view Name(RecommendationStatus status) {
  switch (status) {
    case RecommendationStatus::kNotStarted: return "not_started";
    case RecommendationStatus::kInProgress: return "in_progress";
    case RecommendationStatus::kPartlyImplemented: return "partly_implemented";
    case RecommendationStatus::kImplemented: return "implemented";
    case RecommendationStatus::kRejected: return "rejected";
  }
  return "not_started";
}

std::optional<RecommendationStatus> ParseRecommendationStatus(std::string_view text) {
  std::string normal;
  for (char c : text) normal += (c == ' ' || c == '-') ? '_' : static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (RecommendationStatus status : kRecommendationStatuses) {
    if (Name(status) == normal) return status;
  }
  return std::nullopt;
}

RecommendationStatus RecommendationFacts::StatusOn(Date date) const {
  RecommendationStatus status = RecommendationStatus::kNotStarted;
  for (const auto& [when, next] : history) {
    if (when > date) break;
    status = next;
  }
  return status;
}

std::uint16_t Dataset::Intern(std::vector<std::string>& names, std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<std::uint16_t>(i);
  }
  names.emplace_back(name);
  return static_cast<std::uint16_t>(names.size() - 1);
}

std::uint16_t Interner::Index(std::string_view text) {
  const std::size_t n = std::min<std::size_t>(text.size(), 8);
  std::uint64_t head = 0, tail = 0;
  if (n > 0) {
    std::memcpy(&head, text.data(), n);
    std::memcpy(&tail, text.data() + text.size() - n, n);
  }
  for (const Known& known : known_) {
    if (known.size != text.size() || known.head != head || known.tail != tail) continue;
    // Texts over sixteen bytes have a middle to compare.
    if (text.size() <= 16 || names_[known.index] == text) return known.index;
  }
  const std::uint16_t index = Dataset::Intern(names_, text);
  known_.push_back(Known{head, tail, text.size(), index});
  return index;
}

}  // namespace docket::reporting
