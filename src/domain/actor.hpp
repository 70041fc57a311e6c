// Who is acting: a user in one role. Access to a particular case is decided
// in src/app (it needs the case and the user's links); the workflow engine
// only checks that the role may take the action.
#pragma once

#include <optional>
#include <string>

#include "core/ids.hpp"

namespace docket::domain {

/// A person acting in a role.
struct Actor {
  UserId user;
  std::string username;
  std::string role;
  std::optional<MemberId> member;  //!< The member this user is, for respondents and complainants.
  std::string origin = "cli";      //!< Where the request came from: a client address, or "cli".
};

}  // namespace docket::domain
