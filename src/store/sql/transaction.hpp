// Every repository over one connection, as one Transaction's view: the part
// of a transaction both backends share. A backend's transaction derives from
// SqlTransaction<its Connection> and adds beginning, committing and rolling
// back.
#pragma once

#include "store/sql/account_repositories.hpp"
#include "store/sql/case_file_repository.hpp"
#include "store/sql/core_repositories.hpp"
#include "store/sql/platform_repository.hpp"
#include "store/sql/post_repository.hpp"
#include "store/sql/recommendation_repository.hpp"
#include "store/store.hpp"

namespace docket::store::sql {

template <class Db>
class SqlTransaction : public Transaction {
 public:
  explicit SqlTransaction(Db& db)
      : members_(db),
        complaints_(db),
        cases_(db),
        sanctions_(db),
        users_(db),
        audit_(db),
        sessions_(db),
        api_tokens_(db),
        rate_limits_(db),
        case_files_(db),
        recommendations_(db),
        statistics_(db),
        platform_(db),
        posts_(db) {}

  MemberRepository& Members() override { return members_; }
  ComplaintRepository& Complaints() override { return complaints_; }
  CaseRepository& Cases() override { return cases_; }
  SanctionRepository& Sanctions() override { return sanctions_; }
  UserRepository& Users() override { return users_; }
  AuditRepository& Audit() override { return audit_; }
  SessionRepository& Sessions() override { return sessions_; }
  ApiTokenRepository& ApiTokens() override { return api_tokens_; }
  RateLimitRepository& RateLimits() override { return rate_limits_; }
  CaseFileRepository& CaseFiles() override { return case_files_; }
  RecommendationRepository& Recommendations() override { return recommendations_; }
  StatisticsRepository& Statistics() override { return statistics_; }
  PlatformRepository& Platform() override { return platform_; }
  PostRepository& Posts() override { return posts_; }

 private:
  SqlMembers<Db> members_;
  SqlComplaints<Db> complaints_;
  SqlCases<Db> cases_;
  SqlSanctions<Db> sanctions_;
  SqlUsers<Db> users_;
  SqlAudit<Db> audit_;
  SqlSessions<Db> sessions_;
  SqlApiTokens<Db> api_tokens_;
  SqlRateLimits<Db> rate_limits_;
  SqlCaseFiles<Db> case_files_;
  SqlRecommendations<Db> recommendations_;
  SqlStatistics<Db> statistics_;
  SqlPlatform<Db> platform_;
  SqlPosts<Db> posts_;
};

}  // namespace docket::store::sql
