// Storage for transparency: the recommendations tracker (reports, their
// recommendations and every change of status, with evidence), and
// read-only streaming scans that statistics are computed from. A scan reads
// one table in one pass, in storage order, and hands each row to a visitor
// without building a list, so a report over ten million case events holds
// one row at a time. Reached through Transaction (store.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace docket::store {

/// A published report whose recommendations are tracked.
struct TrackedReport {
  std::int64_t id = 0;
  std::string key;        //!< Short stable id, e.g. "inquiry-2016".
  std::string title;
  std::string publisher;
  Date published_on;
  std::string source;     //!< Where to read it (a link).
};

/// One recommendation of a report, summarised in the organisation's words.
struct Recommendation {
  std::int64_t id = 0;
  std::string report_key;
  std::string number;     //!< As the report numbers it ("7", "3.2"); unique within the report.
  std::string text;
  std::string theme;
  std::string owner;
  std::optional<Date> due;
  std::string status = "not_started";  //!< A reporting::RecommendationStatus name; checked by the app.
  std::string source;     //!< Where in the report (page, paragraph, link).
};

/// One change of a recommendation's status, with its reasons and evidence.
struct RecommendationChange {
  std::int64_t id = 0;
  std::int64_t recommendation = 0;
  std::string from_status;
  std::string to_status;
  std::string reason;
  std::string evidence;   //!< Links, documents, a policy version, case numbers; one per line.
  std::string changed_by;
  Instant at;
};

class RecommendationRepository {
 public:
  virtual ~RecommendationRepository() = default;
  /// Inserts a report, or updates the one with the same key; returns its id.
  virtual Result<std::int64_t> PutReport(const TrackedReport& report) = 0;
  /// Inserts a recommendation, or updates the text, theme, owner, due date and
  /// source of the one with the same report and number, keeping its status.
  /// kNotFound when the report key is unknown.
  virtual Result<std::int64_t> PutRecommendation(const Recommendation& recommendation) = 0;
  virtual Result<std::vector<TrackedReport>> Reports() = 0;
  /// Every recommendation, by report key then number.
  virtual Result<std::vector<Recommendation>> List() = 0;
  /// kNotFound naming "REPORT/NUMBER".
  virtual Result<Recommendation> Find(std::string_view report_key, std::string_view number) = 0;
  /// Records a change and sets the recommendation's status to its to_status.
  virtual Result<std::int64_t> Change(const RecommendationChange& change) = 0;
  /// One recommendation's changes, oldest first.
  virtual Result<std::vector<RecommendationChange>> History(std::int64_t recommendation) = 0;
  /// Every change, by recommendation then time.
  virtual Result<std::vector<RecommendationChange>> AllChanges() = 0;
};

/// A case as statistics read it. Views are valid only during the visit.
struct CaseStatisticsRow {
  std::int64_t id = 0;
  std::string_view category;
  Instant opened_at;
  std::optional<Instant> closed_at;
  std::string_view outcome;  //!< The decision's outcome; empty without a decision.
  std::optional<Instant> appeal_lodged_at;
  std::optional<bool> appeal_upheld;
};

/// What a case event means to statistics.
enum class EventKind : std::uint8_t { kStageChange, kPause, kResume };

/// A case event as statistics read it. Views are valid only during the visit.
struct CaseEventStatisticsRow {
  std::int64_t case_id = 0;
  Instant at;
  EventKind kind = EventKind::kStageChange;
  std::string_view to_stage;
  std::string_view action;
  std::uint32_t to_stage_code = 0;  //!< The same small number for the same name throughout one scan.
  std::uint32_t action_code = 0;    //!< Likewise; lets callers index arrays instead of comparing names.
};

/// A complaint as statistics read it.
struct ComplaintStatisticsRow {
  std::optional<std::int64_t> case_id;
  Instant received_at;
  std::string_view category;
};

/// An interim suspension as statistics read it.
struct InterimStatisticsRow {
  std::optional<std::int64_t> case_id;
  std::string_view category;
  Date start;
  std::optional<Date> end;
};

/// How many rows the scans will visit at most, so a caller can reserve its
/// memory once instead of growing (and copying) it row by row.
struct StatisticsSizes {
  std::int64_t case_id_bound = 0;    //!< One more than the largest case id; ids count up from 1, so above the number of cases.
  std::int64_t complaint_bound = 0;  //!< The largest complaint id; likewise at least the number of complaints.
};

class StatisticsRepository {
 public:
  virtual ~StatisticsRepository() = default;
  /// Upper bounds for the scans below; cheap (no scan).
  virtual Result<StatisticsSizes> Sizes() = 0;
  /// Every case, in id order.
  virtual Result<void> ScanCases(const std::function<void(const CaseStatisticsRow&)>& visit) = 0;
  /// Stage changes (from_stage differs from to_stage, the first event
  /// included), plus events whose action is in `pause_actions` or
  /// `resume_actions`; case by case, each case's in history order.
  virtual Result<void> ScanCaseEvents(const std::vector<std::string>& pause_actions,
                                      const std::vector<std::string>& resume_actions,
                                      const std::function<void(const CaseEventStatisticsRow&)>& visit) = 0;
  /// Every complaint, in id order.
  virtual Result<void> ScanComplaints(const std::function<void(const ComplaintStatisticsRow&)>& visit) = 0;
  /// Every interim suspension that was not overturned, in id order.
  virtual Result<void> ScanInterimSuspensions(const std::function<void(const InterimStatisticsRow&)>& visit) = 0;
};

}  // namespace docket::store
