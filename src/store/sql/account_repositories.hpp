// SQLite repositories for accounts: users with their credentials, sessions,
// API tokens and rate-limit counters.
#pragma once

#include "store/store.hpp"

namespace docket::store::sql {

template <class Db>
class SqlUsers final : public UserRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlUsers(Db& db) : db_(db) {}
  Result<UserId> Insert(const User& user) override;
  Result<User> FindByUsername(std::string_view username) override;
  Result<User> Find(UserId id) override;
  Result<std::vector<User>> List() override;
  Result<void> Update(const User& user) override;
  Result<std::int64_t> AddInterest(const domain::Interest& interest) override;
  Result<std::vector<domain::Interest>> Interests(std::string_view username) override;
  Result<void> RemoveInterest(std::string_view username, std::int64_t id) override;

 private:
  Result<std::vector<User>> Select(std::string_view where, std::optional<std::string_view> text_key,
                                   std::optional<std::int64_t> int_key);
  Db& db_;
};

template <class Db>
class SqlSessions final : public SessionRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlSessions(Db& db) : db_(db) {}
  Result<void> Insert(const Session& session) override;
  Result<Session> Find(std::string_view token_hash) override;
  Result<void> Extend(std::string_view token_hash, Instant expires_at) override;
  Result<void> Delete(std::string_view token_hash) override;
  Result<void> DeleteForUser(UserId user) override;

 private:
  Db& db_;
};

template <class Db>
class SqlApiTokens final : public ApiTokenRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlApiTokens(Db& db) : db_(db) {}
  Result<std::int64_t> Insert(const ApiToken& token) override;
  Result<ApiToken> FindByHash(std::string_view token_hash) override;
  Result<std::vector<ApiToken>> ForUser(UserId user) override;
  Result<void> Revoke(std::int64_t id, Instant at) override;

 private:
  Result<std::vector<ApiToken>> Select(std::string_view where, std::optional<std::string_view> text_key,
                                       std::optional<std::int64_t> int_key);
  Db& db_;
};

template <class Db>
class SqlRateLimits final : public RateLimitRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlRateLimits(Db& db) : db_(db) {}
  Result<std::int64_t> Hit(std::string_view key, Instant now, int window_seconds) override;

 private:
  Db& db_;
};

}  // namespace docket::store::sql
