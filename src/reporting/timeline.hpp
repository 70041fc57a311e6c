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

#include <cstdint>
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
  Date Of(Instant at);

 private:
  const TimeZone& zone_;
  std::int64_t first_day_ = 0;
  std::vector<std::int32_t> offsets_;  // per UTC day from first_day_; kUnknown or kMixed or the offset
};

/// Builds Dataset::visits from stage changes, pauses and resumptions.
class TimelineBuilder {
 public:
  /// `deadlines[stage]` is the stage's budget in working days, none for stages without one.
  /// Visits still running are judged at the end of `as_of`.
  TimelineBuilder(const WorkingCalendar& calendar, std::vector<std::optional<int>> deadlines, std::size_t cases,
                  Date as_of);

  /// The case entered `stage` on `date` (its first event is an entry too).
  void Enter(std::uint32_t case_index, std::uint16_t stage, Date date);
  /// The case began waiting on a party, with the clock stopped.
  void Pause(std::uint32_t case_index, Date date);
  /// The case stopped waiting; the clock runs again.
  void Resume(std::uint32_t case_index, Date date);
  /// Judges the visits still running and returns every visit.
  std::vector<StageVisit> Finish();

 private:
  struct CaseState {
    std::int64_t open_visit = -1;  // index into visits_
    std::int32_t paused_since = kNotPaused;
    std::int32_t paused_days = 0;
    std::uint32_t stages_seen = 0;  // bit per stage (stages beyond 31 are never "first")
  };
  static constexpr std::int32_t kNotPaused = INT32_MIN;

  void Close(CaseState& state, Date left);

  const WorkingCalendar& calendar_;
  std::vector<std::optional<int>> deadlines_;
  std::vector<CaseState> states_;
  std::vector<StageVisit> visits_;
  Date as_of_;
};

}  // namespace docket::reporting
