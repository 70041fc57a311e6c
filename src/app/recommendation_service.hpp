// The recommendations tracker: the reports into an organisation's process,
// each recommendation with its owner, due date and status, and a history of
// every change of status with its reasons and evidence. Imports and status
// changes are writes: one transaction each, on the audit log.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/deadline_clock.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "store/store.hpp"

namespace docket::app {

/// What an import did.
struct RecommendationImport {
  std::vector<std::string> reports;  //!< Keys of the reports imported.
  std::int64_t recommendations = 0;  //!< Recommendations inserted or updated.
};

/// A recommendation with its history and whether it is overdue today.
struct RecommendationView {
  store::Recommendation recommendation;
  std::vector<store::RecommendationChange> history;  //!< Oldest first.
  bool overdue = false;
};

/// One report and how far its recommendations have got.
struct ReportProgress {
  store::TrackedReport report;
  std::int64_t total = 0;
  std::int64_t overdue = 0;
  /// Counts per status, in reporting::kRecommendationStatuses order (zeros included).
  std::vector<std::pair<std::string, std::int64_t>> by_status;
};

/// Which recommendations to list.
enum class RecommendationFilter { kAll, kOverdue };

class RecommendationService {
 public:
  RecommendationService(store::Store& store, const Schedule& schedule, const Clock& clock)
      : store_(store), schedule_(schedule), clock_(clock) {}

  /// Imports a recommendations file (CSV; see data/recommendations/README.md):
  /// reports and recommendations are inserted or updated, statuses kept.
  /// Administrators only (kPermissionDenied); kInvalidArgument names FILE:LINE.
  Result<RecommendationImport> Import(const domain::Actor& actor, std::string_view text, std::string_view file_name);
  /// Every recommendation, or only the overdue ones (past due, neither implemented nor rejected).
  Result<std::vector<RecommendationView>> List(RecommendationFilter filter);
  /// Every report with its progress, by key. Public: the organisation publishes its progress.
  Result<std::vector<ReportProgress>> Progress();
  /// One recommendation by "REPORT/NUMBER", with its history. kNotFound, kInvalidArgument.
  Result<RecommendationView> Show(std::string_view id);
  /// Changes a status with reasons (required) and evidence, recorded in the
  /// history and on the audit log. Administrators only (oversight reads
  /// everything and writes nothing);
  /// kInvalidArgument for an unknown status, a missing reason, "rejected"
  /// without evidence of the decision, or an unchanged status.
  Result<RecommendationView> SetStatus(const domain::Actor& actor, std::string_view id, std::string_view status,
                                       std::string_view reason, std::string_view evidence);

 private:
  bool Overdue(const store::Recommendation& r) const;
  store::Store& store_;
  const Schedule& schedule_;
  const Clock& clock_;
};

/// Splits "REPORT/NUMBER"; kInvalidArgument naming the text otherwise.
Result<std::pair<std::string, std::string>> ParseRecommendationId(std::string_view id);

}  // namespace docket::app
