#include "app/recommendation_service.hpp"

#include <fmt/format.h>

#include "app/audit_record.hpp"
#include "core/csv_reader.hpp"
#include "reporting/facts.hpp"

namespace docket::app {
namespace {

std::string Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return std::string(text);
}

bool MayManage(const domain::Actor& actor) { return actor.role == "administrator"; }

}  // namespace

Result<std::pair<std::string, std::string>> ParseRecommendationId(std::string_view id) {
  const std::size_t slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == id.size()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a recommendation id: write REPORT/NUMBER, e.g. inquiry-2016/7", id));
  }
  return std::pair<std::string, std::string>(std::string(id.substr(0, slash)), std::string(id.substr(slash + 1)));
}

bool RecommendationService::Overdue(const store::Recommendation& r) const {
  const Date today = schedule_.zone.LocalDate(clock_.Now());
  return r.due && *r.due < today && r.status != "implemented" && r.status != "rejected";
}

Result<RecommendationImport> RecommendationService::Import(const domain::Actor& actor, std::string_view text,
                                                           std::string_view file_name) {
  if (actor.role != "administrator") {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("'{}' ({}) may not import recommendations; administrators may", actor.username, actor.role));
  }
  CsvReader reader(text);
  DOCKET_TRY_ASSIGN(auto first, reader.Next());
  if (!first) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: the file is empty", file_name));
  auto header = CsvHeader::Create(*first, {"report", "report_title", "publisher", "published_on", "report_source",
                                           "number", "theme", "recommendation"},
                                  {"owner", "due", "source"});
  if (!header) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:1: {}", file_name, header.error().message));

  std::vector<store::TrackedReport> reports;
  std::vector<store::Recommendation> recommendations;
  while (true) {
    DOCKET_TRY_ASSIGN(auto record, reader.Next());
    if (!record) break;
    if (record->fields.size() == 1 && Trim(record->fields[0]).empty()) continue;
    auto where = [&](std::string_view column) { return fmt::format("{}:{}: column '{}'", file_name, record->line, column); };
    store::TrackedReport report;
    report.key = Trim(header->Get(*record, "report"));
    report.title = Trim(header->Get(*record, "report_title"));
    report.publisher = Trim(header->Get(*record, "publisher"));
    report.source = Trim(header->Get(*record, "report_source"));
    auto published = Date::Parse(Trim(header->Get(*record, "published_on")));
    if (!published) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", where("published_on"), published.error().message));
    report.published_on = *published;
    store::Recommendation r;
    r.report_key = report.key;
    r.number = Trim(header->Get(*record, "number"));
    r.theme = Trim(header->Get(*record, "theme"));
    r.text = Trim(header->Get(*record, "recommendation"));
    r.owner = Trim(header->Get(*record, "owner"));
    r.source = Trim(header->Get(*record, "source"));
    for (auto [column, value] : {std::pair<std::string_view, const std::string&>{"report", report.key},
                                 {"report_title", report.title}, {"number", r.number}, {"recommendation", r.text}}) {
      if (value.empty()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{} is empty", where(column)));
    }
    if (std::string due = Trim(header->Get(*record, "due")); !due.empty()) {
      auto date = Date::Parse(due);
      if (!date) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", where("due"), date.error().message));
      r.due = *date;
    }
    bool known = false;
    for (const store::TrackedReport& existing : reports) known = known || existing.key == report.key;
    if (!known) reports.push_back(report);
    recommendations.push_back(std::move(r));
  }
  if (recommendations.empty()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: no recommendations after the header", file_name));
  }

  RecommendationImport result;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    for (const store::TrackedReport& report : reports) DOCKET_TRY(tx.Recommendations().PutReport(report));
    for (const store::Recommendation& r : recommendations) DOCKET_TRY(tx.Recommendations().PutRecommendation(r));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "recommendations.import", "file",
                                        std::string(file_name),
                                        fmt::format("{} recommendations", recommendations.size()))));
    return Ok();
  }));
  for (const store::TrackedReport& report : reports) result.reports.push_back(report.key);
  result.recommendations = static_cast<std::int64_t>(recommendations.size());
  return result;
}

Result<std::vector<ReportProgress>> RecommendationService::Progress() {
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  DOCKET_TRY_ASSIGN(std::vector<store::TrackedReport> reports, tx->Recommendations().Reports());
  DOCKET_TRY_ASSIGN(std::vector<store::Recommendation> all, tx->Recommendations().List());
  std::vector<ReportProgress> out;
  for (store::TrackedReport& report : reports) {
    ReportProgress progress;
    for (reporting::RecommendationStatus status : reporting::kRecommendationStatuses) {
      progress.by_status.emplace_back(std::string(reporting::Name(status)), 0);
    }
    for (const store::Recommendation& r : all) {
      if (r.report_key != report.key) continue;
      ++progress.total;
      if (Overdue(r)) ++progress.overdue;
      for (auto& [name, count] : progress.by_status) {
        if (name == r.status) ++count;
      }
    }
    progress.report = std::move(report);
    out.push_back(std::move(progress));
  }
  return out;
}

Result<std::vector<RecommendationView>> RecommendationService::List(RecommendationFilter filter) {
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  DOCKET_TRY_ASSIGN(std::vector<store::Recommendation> all, tx->Recommendations().List());
  DOCKET_TRY_ASSIGN(std::vector<store::RecommendationChange> changes, tx->Recommendations().AllChanges());
  std::vector<RecommendationView> out;
  for (store::Recommendation& r : all) {
    RecommendationView view;
    view.overdue = Overdue(r);
    if (filter == RecommendationFilter::kOverdue && !view.overdue) continue;
    for (const store::RecommendationChange& change : changes) {
      if (change.recommendation == r.id) view.history.push_back(change);
    }
    view.recommendation = std::move(r);
    out.push_back(std::move(view));
  }
  return out;
}

Result<RecommendationView> RecommendationService::Show(std::string_view id) {
  DOCKET_TRY_ASSIGN(auto key, ParseRecommendationId(id));
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  RecommendationView view;
  DOCKET_TRY_ASSIGN(view.recommendation, tx->Recommendations().Find(key.first, key.second));
  DOCKET_TRY_ASSIGN(view.history, tx->Recommendations().History(view.recommendation.id));
  view.overdue = Overdue(view.recommendation);
  return view;
}

Result<RecommendationView> RecommendationService::SetStatus(const domain::Actor& actor, std::string_view id,
                                                            std::string_view status, std::string_view reason,
                                                            std::string_view evidence) {
  if (!MayManage(actor)) {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("'{}' ({}) may not change a recommendation's status; only administrators may",
                            actor.username, actor.role));
  }
  auto parsed = reporting::ParseRecommendationStatus(status);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field 'status': '{}' is not a status; use not_started, in_progress, partly_implemented, implemented or "
                            "rejected",
                            status));
  }
  const std::string reason_text = Trim(reason);
  if (reason_text.size() < 10) {
    return Fail(ErrorCode::kInvalidArgument, "field 'reason': say why the status changes, in at least 10 characters");
  }
  if ((*parsed == reporting::RecommendationStatus::kImplemented || *parsed == reporting::RecommendationStatus::kRejected) &&
      Trim(evidence).empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field 'evidence': '{}' needs evidence (a link, a document, the policy version or cases it "
                            "touches)",
                            reporting::Name(*parsed)));
  }
  DOCKET_TRY_ASSIGN(auto key, ParseRecommendationId(id));
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(store::Recommendation r, tx.Recommendations().Find(key.first, key.second));
    if (r.status == reporting::Name(*parsed)) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{} is already '{}'", id, r.status));
    }
    store::RecommendationChange change;
    change.recommendation = r.id;
    change.from_status = r.status;
    change.to_status = std::string(reporting::Name(*parsed));
    change.reason = reason_text;
    change.evidence = Trim(evidence);
    change.changed_by = actor.username;
    change.at = clock_.Now();
    DOCKET_TRY(tx.Recommendations().Change(change));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, change.at, "recommendation.status", "recommendation",
                                        std::string(id), fmt::format("{} -> {}", change.from_status, change.to_status))));
    return Ok();
  }));
  return Show(id);
}

}  // namespace docket::app
