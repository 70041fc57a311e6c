// Accounts as actors: turns a user name into the Actor the services check.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/policy.hpp"
#include "store/store.hpp"

namespace docket::app {

/// The actor for an active account. kNotFound for an unknown name;
/// kPermissionDenied for a disabled account or a role the policy lacks.
Result<domain::Actor> ActorFor(store::Store& store, const domain::Policy& policy, std::string_view username);

/// Creates an account. kInvalidArgument for a role the policy does not define.
Result<UserId> AddUser(store::Store& store, const domain::Policy& policy, const store::User& user);

}  // namespace docket::app
