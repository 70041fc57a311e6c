// SQLite repository for social-media evidence (schema migration 11).
#pragma once

#include "store/post_repository.hpp"

namespace docket::store::sql {

template <class Db>
class SqlPosts final : public PostRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlPosts(Db& db) : db_(db) {}
  Result<std::optional<domain::PostId>> FindDuplicate(const domain::Post& post) override;
  Result<domain::PostId> Insert(const domain::Post& post) override;
  Result<domain::Post> Find(domain::PostId id) override;
  Result<std::vector<domain::Post>> List(const PostQuery& query) override;
  Result<std::int64_t> Count() override;
  Result<std::int64_t> CountOfAccount(domain::AccountId account) override;
  Result<void> SetTriage(const domain::Post& post) override;
  Result<bool> Link(const PostLink& link) override;
  Result<std::vector<PostLink>> LinksOf(domain::PostId post) override;
  Result<domain::SocialAccount> PutAccount(std::string_view platform, std::string_view handle,
                                           std::string_view display_name) override;
  Result<domain::SocialAccount> FindAccount(domain::AccountId id) override;
  Result<std::vector<domain::SocialAccount>> ListAccounts(std::optional<domain::AccountLink> link,
                                                          domain::AccountId after, int limit) override;
  Result<void> SetAccountLink(domain::AccountId id, domain::AccountLink link, std::optional<MemberId> member,
                              std::string_view decided_by, Instant at) override;
  Result<void> ReplaceCandidates(domain::AccountId id, const std::vector<domain::AccountCandidate>& candidates) override;
  Result<std::vector<domain::AccountCandidate>> Candidates(domain::AccountId id) override;
  Result<std::int64_t> AddDecision(const AccountDecision& decision) override;
  Result<std::vector<AccountDecision>> Decisions(domain::AccountId id) override;
  Result<void> DeclareHandle(MemberId member, std::string_view platform, std::string_view handle, Instant at) override;
  Result<std::optional<MemberId>> DeclaredOwner(std::string_view platform, std::string_view handle) override;
  Result<void> ScanMemberNames(const std::function<void(MemberNameParts&&)>& each) override;

 private:
  Result<void> WriteFlags(const domain::Post& post);
  Result<void> ReadDetails(domain::Post& post);
  Result<std::vector<domain::SocialAccount>> SelectAccounts(std::string_view where_and_order,
                                                            const std::function<void(Statement&)>& bind);
  Db& db_;
};

}  // namespace docket::store::sql
