#include "reporting/timeline.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>

namespace docket::reporting {
namespace {

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

Date LocalDates::Lookup(Instant at) {
  const std::int64_t day = FloorDiv(at.SecondsSinceEpoch(), kSecondsPerDay);
  if (offsets_.empty()) first_day_ = day - 400;
  if (day < first_day_ || day - first_day_ >= static_cast<std::int64_t>(offsets_.size())) {
    // Grow the window to cover the day, keeping what is known.
    const std::int64_t low = std::min(first_day_, day - 400);
    const std::int64_t high = std::max(first_day_ + static_cast<std::int64_t>(offsets_.size()), day + 400);
    std::vector<std::int32_t> grown(static_cast<std::size_t>(high - low), kUnknown);
    std::copy(offsets_.begin(), offsets_.end(), grown.begin() + (first_day_ - low));
    offsets_ = std::move(grown);
    first_day_ = low;
  }
  std::int32_t& slot = offsets_[static_cast<std::size_t>(day - first_day_)];
  if (slot == kUnknown) {
    // A day whose offset is the same at its first and last second has one
    // offset throughout (the supported zones change at most once a day).
    const int start = zone_.OffsetSeconds(Instant(day * kSecondsPerDay));
    const int end = zone_.OffsetSeconds(Instant(day * kSecondsPerDay + kSecondsPerDay - 1));
    slot = start == end ? start : kMixed;
  }
  if (slot == kMixed) return zone_.LocalDate(at);
  return Date(static_cast<std::int32_t>(FloorDiv(at.SecondsSinceEpoch() + slot, kSecondsPerDay)));
}

bool WorkingDays::Grow(std::int32_t from, std::int32_t to) {
  const auto size = static_cast<std::int64_t>(counts_.size()) - 1;
  // Grow by at least the present size (and a year or so each way), so a
  // scan through ten years grows the table a few times, not once a day.
  const std::int64_t margin = std::max<std::int64_t>(400, size);
  const std::int64_t low = size > 0 ? std::min<std::int64_t>(first_day_, from - margin) : from - margin;
  const std::int64_t high = size > 0 ? std::max<std::int64_t>(first_day_ + size, std::int64_t{to} + margin)
                                     : std::int64_t{to} + margin;
  // Some seven centuries at most: beyond that the calendar answers directly.
  constexpr std::int64_t kMaxDays = 1 << 18;
  if (high - low > kMaxDays || low < INT32_MIN + 1 || high > INT32_MAX) return false;
  first_day_ = static_cast<std::int32_t>(low);
  counts_.assign(static_cast<std::size_t>(high - low + 1), 0);
  for (std::size_t i = 1; i < counts_.size(); ++i) {
    const Date day(static_cast<std::int32_t>(low + static_cast<std::int64_t>(i) - 1));
    counts_[i] = counts_[i - 1] + (calendar_.IsWorkingDay(day) ? 1 : 0);
  }
  return true;
}

int WorkingDays::Between(Date from, Date to) {
  const std::int32_t a = from.DaysSinceEpoch();
  const std::int32_t b = to.DaysSinceEpoch();
  if (!Covers(std::min(a, b), std::max(a, b))) return calendar_.WorkingDaysBetween(from, to);
  return Count(b) - Count(a);
}

bool WorkingDays::IsWorkingDay(Date date) {
  const std::int32_t day = date.DaysSinceEpoch();
  if (!Covers(day, day)) return calendar_.IsWorkingDay(date);
  return Count(day) != Count(day - 1);
}

Date WorkingDays::Add(Date start, int n) {
  if (n <= 0) return start;
  const std::int32_t day = start.DaysSinceEpoch();
  // n working days need at most n weeks' worth of days plus the holidays: grow until the answer is inside.
  for (std::int64_t span = std::int64_t{n} * 2 + 14; span < (std::int64_t{1} << 20); span *= 2) {
    if (day + span > INT32_MAX || !Covers(day, static_cast<std::int32_t>(day + span))) break;
    const std::int32_t target = Count(day) + n;
    if (counts_.back() < target) continue;
    // The first day whose count reaches the target is the n-th working day.
    const auto it = std::lower_bound(counts_.begin() + (day - first_day_ + 1), counts_.end(), target);
    return Date(static_cast<std::int32_t>(first_day_ + (it - counts_.begin()) - 1));
  }
  return calendar_.AddWorkingDays(start, n);
}

TimelineBuilder::TimelineBuilder(const WorkingCalendar& calendar, std::vector<std::optional<int>> deadlines,
                                 std::size_t cases, Date as_of)
    : calendar_(calendar), deadlines_(std::move(deadlines)), cases_(cases), states_(cases), as_of_(as_of) {
  // Most cases visit a handful of stages; reserving once saves copying
  // millions of visits through repeated growth.
  visits_.reserve(cases * 6);
}

TimelineBuilder::TimelineBuilder(const WorkingCalendar& calendar, std::vector<std::optional<int>> deadlines,
                                 std::size_t cases, Date as_of, VisitSink sink)
    : calendar_(calendar),
      deadlines_(std::move(deadlines)),
      cases_(cases),
      states_(1),
      visits_(1),
      sink_(std::move(sink)),
      as_of_(as_of) {}

TimelineBuilder::CaseState* TimelineBuilder::StateOf(std::uint32_t case_index) {
  if (case_index >= cases_) return nullptr;
  if (!sink_) return &states_[case_index];
  if (case_index != current_case_) {
    FinishVisit(states_[0]);
    states_[0] = CaseState{};
    current_case_ = case_index;
  }
  return &states_[0];
}

void TimelineBuilder::Enter(std::uint32_t case_index, std::uint16_t stage, Date date) {
  CaseState* found = StateOf(case_index);
  if (found == nullptr) return;
  CaseState& state = *found;
  if (state.open_visit != kNoVisit) Close(state, date);
  StageVisit visit;
  visit.case_index = case_index;
  visit.stage = stage;
  visit.entered = date;
  const std::uint32_t bit = stage < 32 ? (1u << stage) : 0u;
  visit.first_entry = bit != 0 && (state.stages_seen & bit) == 0;
  state.stages_seen |= bit;
  const bool has_deadline = stage < deadlines_.size() && deadlines_[stage].has_value();
  visit.deadline = has_deadline ? DeadlineResult::kRunning : DeadlineResult::kNone;
  if (sink_) {
    state.open_visit = 0;
    visits_[0] = visit;
  } else {
    if (visits_.size() >= kNoVisit) return;
    state.open_visit = static_cast<std::uint32_t>(visits_.size());
    visits_.push_back(visit);
  }
  // A new stage starts a new clock; waiting carries over only within a stage.
  state.paused_since = kNotPaused;
  state.paused_days = 0;
}

void TimelineBuilder::Pause(std::uint32_t case_index, Date date) {
  CaseState* found = StateOf(case_index);
  if (found == nullptr) return;
  CaseState& state = *found;
  if (state.paused_since == kNotPaused) state.paused_since = date.DaysSinceEpoch();
}

void TimelineBuilder::Resume(std::uint32_t case_index, Date date) {
  CaseState* found = StateOf(case_index);
  if (found == nullptr) return;
  CaseState& state = *found;
  if (state.paused_since == kNotPaused) return;
  state.paused_days += calendar_.Between(Date(state.paused_since), date);
  state.paused_since = kNotPaused;
}

void TimelineBuilder::Close(CaseState& state, Date left) {
  StageVisit& visit = visits_[state.open_visit];
  state.open_visit = kNoVisit;
  if (visit.deadline == DeadlineResult::kNone) {
    visit.resolved = left;
    if (sink_) sink_(visit);
    return;
  }
  int budget = *deadlines_[visit.stage] + state.paused_days;
  if (state.paused_since != kNotPaused) budget += calendar_.Between(Date(state.paused_since), left);
  // Met when the case left on or before the budget-th working day after
  // entry: fewer working days than the budget in (entered, left], or exactly
  // the budget with `left` itself that working day.
  const int used = calendar_.Between(visit.entered, left);
  const bool met = used < budget || (used == budget && (budget == 0 || calendar_.IsWorkingDay(left)));
  visit.deadline = met ? DeadlineResult::kMet : DeadlineResult::kMissed;
  visit.resolved = left;
  if (sink_) sink_(visit);
}

void TimelineBuilder::FinishVisit(CaseState& state) {
  if (state.open_visit == kNoVisit) return;
  StageVisit& visit = visits_[state.open_visit];
  state.open_visit = kNoVisit;
  if (visit.deadline != DeadlineResult::kNone) {
    int budget = *deadlines_[visit.stage] + state.paused_days;
    if (state.paused_since != kNotPaused) budget += calendar_.Between(Date(state.paused_since), as_of_);
    const Date due = calendar_.Add(visit.entered, budget);
    if (due < as_of_) {
      visit.deadline = DeadlineResult::kMissed;
      visit.resolved = due.AddDays(1);
    }
  }
  if (sink_) sink_(visit);
}

std::vector<StageVisit> TimelineBuilder::Finish() {
  for (CaseState& state : states_) FinishVisit(state);
  if (sink_) return {};
  return std::move(visits_);
}

}  // namespace docket::reporting
