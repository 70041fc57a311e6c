#include "app/report_service.hpp"

#include <algorithm>
#include <limits>
#include <thread>

#include <fmt/format.h>

#include "app/audit_record.hpp"
#include "reporting/timeline.hpp"

namespace docket::app {
namespace {

constexpr std::uint32_t kNoCase = std::numeric_limits<std::uint32_t>::max();
constexpr std::string_view kOverturned = "overturned_on_appeal";

// Maps the small codes a scan gives names to indexes in a Dataset name list,
// so the ten million events of a national organisation compare no strings.
class CodeMap {
 public:
  explicit CodeMap(std::vector<std::string>& names) : names_(names) {}
  std::uint16_t Index(std::uint32_t code, std::string_view name) {
    if (code >= slots_.size()) slots_.resize(static_cast<std::size_t>(code) + 1, -1);
    std::int32_t& slot = slots_[code];
    if (slot < 0) slot = reporting::Dataset::Intern(names_, name);
    return static_cast<std::uint16_t>(slot);
  }

 private:
  std::vector<std::string>& names_;
  std::vector<std::int32_t> slots_;
};

}  // namespace

bool MayReadStatistics(const domain::Actor& actor) {
  return actor.role == "oversight" || actor.role == "administrator";
}

Date ReportService::Today() const { return workflow_.GetSchedule().zone.LocalDate(clock_.Now()); }

std::vector<bool> ReportService::StagesWithDeadlines() const {
  std::vector<bool> out;
  for (const domain::Stage& stage : workflow_.GetPolicy().stages) out.push_back(stage.deadline_working_days.has_value());
  return out;
}

Result<reporting::Dataset> ReportService::Load(Date as_of) { return Read(as_of, nullptr); }

Result<reporting::Statistics> ReportService::Compute(const reporting::Period& period, Date as_of) {
  // A million cases visit some six million stages: each visit is counted
  // as it is judged rather than kept, which spares most of a report's memory.
  reporting::StatisticsBuilder builder(period, workflow_.GetSchedule().calendar);
  DOCKET_TRY_ASSIGN(reporting::Dataset data,
                    Read(as_of, [&](const reporting::CaseFacts& c, const reporting::StageVisit& visit) {
                      builder.AddVisit(c, visit);
                    }));
  return builder.Finish(data);
}

Result<reporting::Dataset> ReportService::Read(Date as_of, const VisitSink& on_visit) {
  const domain::Policy& policy = workflow_.GetPolicy();
  const Schedule& schedule = workflow_.GetSchedule();
  reporting::LocalDates dates(schedule.zone);
  reporting::Dataset data;
  for (const domain::Category& category : policy.categories) data.categories.push_back(category.id);
  std::vector<std::optional<int>> deadlines;
  std::vector<bool> terminal;
  for (const domain::Stage& stage : policy.stages) {
    data.stages.push_back(stage.id);
    deadlines.push_back(stage.deadline_working_days);
    terminal.push_back(stage.terminal);
  }
  for (const domain::SanctionKind& kind : policy.sanctions) data.outcomes.push_back(kind.id);
  data.outcomes.emplace_back(kOverturned);
  std::vector<std::string> pause_actions, resume_actions;
  for (const domain::Action& action : policy.actions) {
    if (action.wait) {
      const domain::WaitingState* waiting = policy.FindWaiting(*action.wait);
      if (waiting != nullptr && waiting->pauses_clock) pause_actions.push_back(action.id);
    }
    if (action.resume) resume_actions.push_back(action.id);
  }

  // Two transactions on one snapshot: complaints are read on a second core while this thread reads cases.
  DOCKET_TRY_ASSIGN(std::vector<std::unique_ptr<store::Transaction>> reads, store_.BeginReads(2));
  store::Transaction* tx = reads[0].get();
  store::StatisticsRepository& scans = tx->Statistics();

  // Memory is reserved once from the store's bounds: growing vectors of a
  // million rows copies them and touches every page twice. The bounds are
  // only hints, capped so that a stray huge id cannot reserve gigabytes.
  DOCKET_TRY_ASSIGN(const store::StatisticsSizes sizes, scans.Sizes());
  constexpr std::int64_t kMaxReserve = std::int64_t{1} << 26;
  const auto reserve_cases = static_cast<std::size_t>(std::clamp<std::int64_t>(sizes.case_id_bound, 0, kMaxReserve));
  const auto reserve_complaints =
      static_cast<std::size_t>(std::clamp<std::int64_t>(sizes.complaint_bound, 0, kMaxReserve));

  // Cases, in id order; case ids map to dense indexes for the later scans.
  std::vector<std::uint32_t> index_of_id(reserve_cases, kNoCase);
  std::vector<std::int16_t> decision;  // outcome index of the decision, -1 without one
  data.cases.reserve(reserve_cases);
  decision.reserve(reserve_cases);
  reporting::Interner categories(data.categories);
  reporting::Interner outcomes(data.outcomes);
  struct ReadComplaint {
    std::optional<std::int64_t> case_id;
    Date received;
    std::uint16_t category;
  };
  std::vector<ReadComplaint> complaints;
  std::vector<std::string> complaint_categories;
  Result<void> complaints_read = Ok();
  std::jthread complaints_scan([&] {
    reporting::LocalDates complaint_dates(schedule.zone);
    reporting::Interner names(complaint_categories);
    complaints.reserve(reserve_complaints);
    complaints_read = reads[1]->Statistics().ScanComplaints([&](const store::ComplaintStatisticsRow& row) {
      complaints.push_back(ReadComplaint{row.case_id, complaint_dates.Of(row.received_at), names.Index(row.category)});
    });
  });
  DOCKET_TRY(scans.ScanCases([&](const store::CaseStatisticsRow& row) {
    if (row.id < 0 || row.id > std::numeric_limits<std::int32_t>::max()) return;
    const auto id = static_cast<std::size_t>(row.id);
    if (id >= index_of_id.size()) index_of_id.resize(std::max(id + 1, index_of_id.size() * 2), kNoCase);
    index_of_id[id] = static_cast<std::uint32_t>(data.cases.size());
    reporting::CaseFacts c;
    c.category = categories.Index(row.category);
    c.opened = dates.Of(row.opened_at);
    c.received = c.opened;
    if (row.closed_at) c.closed = dates.Of(*row.closed_at);
    if (row.appeal_lodged_at) c.appeal_lodged = dates.Of(*row.appeal_lodged_at);
    c.appeal_upheld = row.appeal_upheld;
    decision.push_back(row.outcome.empty()
                           ? std::int16_t{-1}
                           : static_cast<std::int16_t>(outcomes.Index(row.outcome)));
    data.cases.push_back(c);
  }));
  auto case_index = [&](std::optional<std::int64_t> id) -> std::uint32_t {
    if (!id || *id < 0 || static_cast<std::size_t>(*id) >= index_of_id.size()) return kNoCase;
    return index_of_id[static_cast<std::size_t>(*id)];
  };

  complaints_scan.join();
  DOCKET_TRY(complaints_read);
  data.complaints.reserve(complaints.size());
  std::vector<std::uint16_t> category_of(complaint_categories.size());
  for (std::size_t i = 0; i < complaint_categories.size(); ++i) {
    category_of[i] = categories.Index(complaint_categories[i]);
  }
  for (const ReadComplaint& read : complaints) {
    reporting::ComplaintFacts complaint;
    complaint.category = category_of[read.category];
    complaint.received = read.received;
    data.complaints.push_back(complaint);
    const std::uint32_t index = case_index(read.case_id);
    if (index != kNoCase && complaint.received < data.cases[index].received) data.cases[index].received = complaint.received;
  }

  // Stage visits, judged against the policy's deadlines; the action that
  // moved a case into a terminal stage is its outcome when nothing was decided.
  reporting::TimelineBuilder timeline =
      on_visit ? reporting::TimelineBuilder(schedule.calendar, deadlines, data.cases.size(), as_of,
                                            [&](const reporting::StageVisit& visit) {
                                              on_visit(data.cases[visit.case_index], visit);
                                            })
               : reporting::TimelineBuilder(schedule.calendar, deadlines, data.cases.size(), as_of);
  std::vector<std::string> action_names;
  CodeMap stages(data.stages);
  CodeMap actions(action_names);
  std::vector<std::int16_t> closing_action(data.cases.size(), -1);
  DOCKET_TRY(scans.ScanCaseEvents(pause_actions, resume_actions, [&](const store::CaseEventStatisticsRow& row) {
    const std::uint32_t index = case_index(row.case_id);
    if (index == kNoCase) return;
    const Date date = dates.Of(row.at);
    switch (row.kind) {
      case store::EventKind::kStageChange: {
        const std::uint16_t stage = stages.Index(row.to_stage_code, row.to_stage);
        timeline.Enter(index, stage, date);
        if (stage < terminal.size() && terminal[stage]) {
          closing_action[index] = static_cast<std::int16_t>(actions.Index(row.action_code, row.action));
        }
        break;
      }
      case store::EventKind::kPause: timeline.Pause(index, date); break;
      case store::EventKind::kResume: timeline.Resume(index, date); break;
    }
  }));
  data.visits = timeline.Finish();
  const auto overturned = static_cast<std::int16_t>(reporting::Dataset::Intern(data.outcomes, kOverturned));
  // Closing actions become outcomes only when some case closed by them
  // without a decision, so the tables carry no columns that are always 0.
  std::vector<std::int16_t> closing_outcome(action_names.size(), -1);
  for (std::size_t i = 0; i < data.cases.size(); ++i) {
    reporting::CaseFacts& c = data.cases[i];
    if (!c.closed) continue;
    if (c.appeal_upheld && *c.appeal_upheld) {
      c.outcome = overturned;
    } else if (decision[i] >= 0) {
      c.outcome = decision[i];
    } else if (closing_action[i] >= 0) {
      std::int16_t& outcome = closing_outcome[static_cast<std::size_t>(closing_action[i])];
      if (outcome < 0) {
        outcome = static_cast<std::int16_t>(
            reporting::Dataset::Intern(data.outcomes, action_names[static_cast<std::size_t>(closing_action[i])]));
      }
      c.outcome = outcome;
    }
  }

  DOCKET_TRY(scans.ScanInterimSuspensions([&](const store::InterimStatisticsRow& row) {
    data.interim_suspensions.push_back(
        reporting::InterimFacts{reporting::Dataset::Intern(data.categories, row.category), row.start, row.end});
  }));

  DOCKET_TRY_ASSIGN(std::vector<store::Recommendation> recommendations, tx->Recommendations().List());
  DOCKET_TRY_ASSIGN(std::vector<store::RecommendationChange> changes, tx->Recommendations().AllChanges());
  for (const store::Recommendation& r : recommendations) {
    reporting::RecommendationFacts facts;
    facts.report = r.report_key;
    facts.due = r.due;
    for (const store::RecommendationChange& change : changes) {
      if (change.recommendation != r.id) continue;
      if (auto status = reporting::ParseRecommendationStatus(change.to_status)) {
        facts.history.emplace_back(schedule.zone.LocalDate(change.at), *status);
      }
    }
    data.recommendations.push_back(std::move(facts));
  }
  return data;
}

Result<reporting::TransparencyReport> ReportService::Transparency(const reporting::Period& period) {
  const Date today = Today();
  if (period.first > today) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("period {} begins on {}, after today ({}): there is nothing to report yet", period.label,
                            period.first.ToString(), today.ToString()));
  }
  DOCKET_TRY_ASSIGN(reporting::Statistics stats, Compute(period, today));
  return reporting::BuildTransparencyReport(stats, StagesWithDeadlines(), today);
}

Result<reporting::Statistics> ReportService::Statistics(const domain::Actor& actor, const reporting::Period& period) {
  if (!MayReadStatistics(actor)) {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("'{}' ({}) may not read unsuppressed statistics; oversight and administrators may",
                            actor.username, actor.role));
  }
  return Compute(period, Today());
}

Result<reporting::Dashboard> ReportService::Dashboard(const domain::Actor& actor) {
  // The dashboard names cases and respondents (overdue interim reviews):
  // case content, which administrators do not see.
  if (actor.role != "oversight") {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("'{}' ({}) may not read the oversight dashboard; oversight may", actor.username, actor.role));
  }
  const Date today = Today();
  DOCKET_TRY_ASSIGN(reporting::Dataset data, Load(today));
  reporting::Dashboard dashboard = reporting::BuildDashboard(data, today, workflow_.GetSchedule().calendar);
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  DOCKET_TRY_ASSIGN(auto due, tx->Cases().InterimReviewsDue(today.AddDays(-1)));
  for (const store::InterimSuspensionRow& row : due) {
    DOCKET_TRY_ASSIGN(domain::Case c, tx->Cases().Find(row.case_id));
    std::string names;
    for (const domain::Respondent& r : c.respondents) names += (names.empty() ? "" : ", ") + r.name;
    dashboard.interim_suspensions_overdue.push_back(reporting::Dashboard::OverdueInterim{
        row.case_number, names, workflow_.GetSchedule().zone.LocalDate(row.imposed_at), row.review_due});
  }
  tx.reset();
  // Each case named on the dashboard was read: each read goes on the record.
  DOCKET_TRY(store_.Write([&](store::Transaction& write) -> Result<void> {
    for (const auto& overdue : dashboard.interim_suspensions_overdue) {
      DOCKET_TRY(write.Audit().Append(
          AuditOf(actor, clock_.Now(), "case.read", "case", overdue.case_number, "oversight dashboard")));
    }
    return Ok();
  }));
  return dashboard;
}

}  // namespace docket::app
