// SQLite repositories for transparency: the recommendations tracker, and the
// streaming scans statistics are computed from (over the per-case packed
// timelines of migration 9 and the covering indexes of migration 8).
#pragma once

#include "store/reporting_repositories.hpp"

namespace docket::store::sql {

template <class Db>
class SqlRecommendations final : public RecommendationRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlRecommendations(Db& db) : db_(db) {}
  Result<std::int64_t> PutReport(const TrackedReport& report) override;
  Result<std::int64_t> PutRecommendation(const Recommendation& recommendation) override;
  Result<std::vector<TrackedReport>> Reports() override;
  Result<std::vector<Recommendation>> List() override;
  Result<Recommendation> Find(std::string_view report_key, std::string_view number) override;
  Result<std::int64_t> Change(const RecommendationChange& change) override;
  Result<std::vector<RecommendationChange>> History(std::int64_t recommendation) override;
  Result<std::vector<RecommendationChange>> AllChanges() override;

 private:
  Result<std::vector<Recommendation>> Select(std::string_view where, std::string_view report_key,
                                             std::string_view number);
  Result<std::vector<RecommendationChange>> SelectChanges(std::string_view where, std::int64_t key);
  Db& db_;
};

template <class Db>
class SqlStatistics final : public StatisticsRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlStatistics(Db& db) : db_(db) {}
  Result<StatisticsSizes> Sizes() override;
  Result<void> ScanCases(const std::function<void(const CaseStatisticsRow&)>& visit) override;
  Result<void> ScanCaseEvents(const std::vector<std::string>& pause_actions,
                              const std::vector<std::string>& resume_actions,
                              const std::function<void(const CaseEventStatisticsRow&)>& visit) override;
  Result<void> ScanComplaints(const std::function<void(const ComplaintStatisticsRow&)>& visit) override;
  Result<void> ScanInterimSuspensions(const std::function<void(const InterimStatisticsRow&)>& visit) override;

 private:
  Db& db_;
};

}  // namespace docket::store::sql
