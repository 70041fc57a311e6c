// Conflicts of interest. Staff and panel members declare interests (a
// branch, a faction, a named person); nobody is assigned to a case, or seated
// on its panel, where a declared interest touches one of its parties. The
// check is pure: the caller supplies the parties as members.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/member.hpp"

namespace docket::domain {

/// What an interest is in.
enum class InterestKind { kBranch, kFaction, kPerson };

/// A declared interest of one user.
struct Interest {
  std::int64_t id = 0;
  std::string username;
  InterestKind kind = InterestKind::kBranch;
  std::string value;  //!< Branch name, faction name, or membership number / full name of a person.
};

/// A party of a case as the conflict check sees it.
struct Party {
  std::string role;                //!< "respondent" or "complainant".
  std::optional<Member> member;    //!< When the party is a known member.
  std::string name;                //!< As named in the complaint.
};

/// The first interest that touches a party, with the reason in words; nullopt when none does.
std::optional<std::string> FindConflict(const std::vector<Interest>& interests, const std::vector<Party>& parties);

std::string_view Name(InterestKind kind);
std::optional<InterestKind> ParseInterestKind(std::string_view text);

}  // namespace docket::domain
