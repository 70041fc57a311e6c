// Stage visits from a case's history. Events arrive in history order per
// case (cases may interleave); the builder keeps one small state per case,
// so ten million events need no sorting and no per-case lists.
//
// A stage's deadline is judged as docket's deadline clock judges it: the
// budget of working days counts from the local date the stage was entered,
// and every working day spent waiting on a party (when the policy pauses the
// clock) is added to it. A visit meets its deadline when the case leaves the
// stage by the end of the due date.
#pragma once

#include <climits>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/deadline_clock.hpp"
#include "core/time.hpp"
#include "reporting/facts.hpp"

namespace docket::reporting {

/// Local dates of instants, fast: the zone's offset is looked up once per UTC day.
class LocalDates {
 public:
  explicit LocalDates(const TimeZone& zone) : zone_(zone) {}
  Date Of(Instant at) {
    // Inline for a day already looked up: ten million events ask.
    const std::int64_t seconds = at.SecondsSinceEpoch();
    const std::uint64_t i = static_cast<std::uint64_t>(FloorDay(seconds) - first_day_);
    if (i < offsets_.size() && offsets_[i] > kMixed) return Date(static_cast<std::int32_t>(FloorDay(seconds + offsets_[i])));
    return Lookup(at);
  }

 private:
  static constexpr std::int32_t kUnknown = INT32_MIN;
  static constexpr std::int32_t kMixed = INT32_MIN + 1;
  static std::int64_t FloorDay(std::int64_t seconds) {
    const std::int64_t day = seconds / kSecondsPerDay;
    return seconds % kSecondsPerDay < 0 ? day - 1 : day;
  }
  // Of, looking the day's offset up (and growing the table) when it is not known yet.
  Date Lookup(Instant at);

  const TimeZone& zone_;
  std::int64_t first_day_ = 0;
  std::vector<std::int32_t> offsets_;  // per UTC day from first_day_; kUnknown or kMixed or the offset
};

/// A working calendar's answers from a table of running counts of working
/// days, so each is one subtraction instead of a search of the holidays: a
/// million cases ask millions of times. The table grows to cover the dates
/// asked about; dates too far apart to tabulate are asked of the calendar.
class WorkingDays {
 public:
  explicit WorkingDays(const WorkingCalendar& calendar) : calendar_(calendar) {}
  /// As WorkingCalendar::WorkingDaysBetween: working days in (from, to], negative when to < from.
  int Between(Date from, Date to);
  /// As WorkingCalendar::IsWorkingDay.
  bool IsWorkingDay(Date date);
  /// As WorkingCalendar::AddWorkingDays: the n-th working day after `start`; `start` when n <= 0.
  Date Add(Date start, int n);

 private:
  // Whether [from, to] is tabulated, growing the table when it can.
  bool Covers(std::int32_t from, std::int32_t to) {
    return (from >= first_day_ && static_cast<std::int64_t>(to) - first_day_ + 1 < static_cast<std::int64_t>(counts_.size())) ||
           Grow(from, to);
  }
  bool Grow(std::int32_t from, std::int32_t to);
  // Working days in [first_day_, day], for day in [first_day_ - 1, first_day_ + days - 1].
  std::int32_t Count(std::int32_t day) const { return counts_[static_cast<std::size_t>(day - first_day_ + 1)]; }

  const WorkingCalendar& calendar_;
  std::int32_t first_day_ = 0;
  std::vector<std::int32_t> counts_;  // counts_[i]: working days in [first_day_, first_day_ + i)
};

/// Receives each stage visit once it is judged (the case left the stage, or Finish was called).
using VisitSink = std::function<void(const StageVisit&)>;

/// Builds Dataset::visits from stage changes, pauses and resumptions; or,
/// given a sink, hands each visit over as it is judged, keeping only the
/// case at hand, so ten million events need no list of visits and no state
/// per case.
class TimelineBuilder {
 public:
  /// `deadlines[stage]` is the stage's budget in working days, none for stages without one.
  /// Visits still running are judged at the end of `as_of`. Finish returns the visits in entry order.
  TimelineBuilder(const WorkingCalendar& calendar, std::vector<std::optional<int>> deadlines, std::size_t cases,
                  Date as_of);
  /// As above, but every visit goes to `sink`, and Finish returns nothing.
  /// Events must come case by case, as StatisticsRepository::ScanCaseEvents
  /// gives them: a case's visits are judged when the next case begins, and
  /// a case whose events resume after another's starts afresh.
  TimelineBuilder(const WorkingCalendar& calendar, std::vector<std::optional<int>> deadlines, std::size_t cases,
                  Date as_of, VisitSink sink);

  /// The case entered `stage` on `date` (its first event is an entry too).
  void Enter(std::uint32_t case_index, std::uint16_t stage, Date date);
  /// The case began waiting on a party, with the clock stopped.
  void Pause(std::uint32_t case_index, Date date);
  /// The case stopped waiting; the clock runs again.
  void Resume(std::uint32_t case_index, Date date);
  /// Judges the visits still running and returns every visit (none with a sink: it had them all).
  std::vector<StageVisit> Finish();

 private:
  // Sixteen bytes, as there are as many as cases.
  struct CaseState {
    std::uint32_t open_visit = kNoVisit;  // index into visits_
    std::int32_t paused_since = kNotPaused;
    std::int32_t paused_days = 0;
    std::uint32_t stages_seen = 0;  // bit per stage (stages beyond 31 are never "first")
  };
  static constexpr std::int32_t kNotPaused = INT32_MIN;
  // Four thousand million visits would take 64 GB: indexes fit in 32 bits.
  static constexpr std::uint32_t kNoVisit = UINT32_MAX;

  // The state of a case; null when the index is out of range. With a sink,
  // a new case first finishes the one before.
  CaseState* StateOf(std::uint32_t case_index);
  void Close(CaseState& state, Date left);
  // Judges the open visit at the end of as_of_ and hands it over (with a sink).
  void FinishVisit(CaseState& state);

  WorkingDays calendar_;
  std::vector<std::optional<int>> deadlines_;
  std::size_t cases_;
  std::vector<CaseState> states_;   // per case; with a sink, one: the case at hand's
  std::vector<StageVisit> visits_;  // every visit; with a sink, the open visit of the case at hand
  VisitSink sink_;
  std::uint32_t current_case_ = 0;  // with a sink, whose state states_[0] is
  Date as_of_;
};

}  // namespace docket::reporting
