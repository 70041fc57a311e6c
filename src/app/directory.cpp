#include "app/directory.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace docket::app {
namespace {

Result<void> CheckRole(const domain::Policy& policy, std::string_view role) {
  if (policy.FindRole(role) != nullptr) return Ok();
  std::vector<std::string> ids;
  for (const domain::Role& r : policy.roles) ids.push_back(r.id);
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("role '{}' is not defined by the policy; roles: {}", role, fmt::join(ids, ", ")));
}

}  // namespace

Result<domain::Actor> ActorFor(store::Store& store, const domain::Policy& policy, std::string_view username) {
  DOCKET_TRY_ASSIGN(auto tx, store.Begin(store::TransactionMode::kRead));
  DOCKET_TRY_ASSIGN(store::User user, tx->Users().FindByUsername(username));
  if (!user.active) return Fail(ErrorCode::kPermissionDenied, fmt::format("account '{}' is disabled", username));
  if (auto role = CheckRole(policy, user.role); !role) {
    return Fail(ErrorCode::kPermissionDenied, fmt::format("account '{}': {}", username, role.error().message));
  }
  return domain::Actor{user.id, user.username, user.role, user.member};
}

Result<UserId> AddUser(store::Store& store, const domain::Policy& policy, const store::User& user) {
  DOCKET_TRY(CheckRole(policy, user.role));
  if (user.username.empty() || user.username.size() > 64) {
    return Fail(ErrorCode::kInvalidArgument, "user name: 1 to 64 characters");
  }
  DOCKET_TRY_ASSIGN(auto tx, store.Begin(store::TransactionMode::kWrite));
  DOCKET_TRY_ASSIGN(UserId id, tx->Users().Insert(user));
  DOCKET_TRY(tx->Commit());
  return id;
}

}  // namespace docket::app
