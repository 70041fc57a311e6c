// Transparency use cases: the public report of a period, the full statistics
// for oversight, and the oversight dashboard. Everything is computed from a
// reporting::Dataset read from the store in one streaming pass per table,
// inside one read transaction (a consistent snapshot), with no per-case
// query; only the dashboard's short list of overdue interim reviews looks
// cases up one by one.
#pragma once

#include <functional>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/workflow.hpp"
#include "reporting/facts.hpp"
#include "reporting/statistics.hpp"
#include "reporting/transparency.hpp"
#include "store/store.hpp"

namespace docket::app {

class ReportService {
 public:
  ReportService(store::Store& store, const domain::Workflow& workflow, const Clock& clock)
      : store_(store), workflow_(workflow), clock_(clock) {}

  /// Reads every fact statistics need, with stage visits judged at the end of `as_of`.
  Result<reporting::Dataset> Load(Date as_of);
  /// Whether each of the Dataset's stages (policy order) has a deadline.
  std::vector<bool> StagesWithDeadlines() const;

  /// The public report of a period: suppressed, with no names, free text or
  /// branches. Anyone may read it. kInvalidArgument when the period has not begun.
  Result<reporting::TransparencyReport> Transparency(const reporting::Period& period);
  /// A period's full statistics, not suppressed. kPermissionDenied unless the
  /// actor is oversight or an administrator.
  Result<reporting::Statistics> Statistics(const domain::Actor& actor, const reporting::Period& period);
  /// The oversight dashboard as of today. kPermissionDenied as Statistics.
  Result<reporting::Dashboard> Dashboard(const domain::Actor& actor);

  /// Today's local date in the organisation's zone.
  Date Today() const;

 private:
  /// Receives each stage visit with its case's facts (all final but the outcome).
  using VisitSink = std::function<void(const reporting::CaseFacts&, const reporting::StageVisit&)>;
  /// Load, with each stage visit handed to `on_visit` instead of kept when one is given.
  Result<reporting::Dataset> Read(Date as_of, const VisitSink& on_visit);
  /// A period's statistics with visits judged at the end of `as_of`, keeping no list of visits.
  Result<reporting::Statistics> Compute(const reporting::Period& period, Date as_of);

  store::Store& store_;
  const domain::Workflow& workflow_;
  const Clock& clock_;
};

/// Whether a role may read unsuppressed statistics.
bool MayReadStatistics(const domain::Actor& actor);

}  // namespace docket::app
