#include "domain/member.hpp"

namespace docket::domain {

std::string Member::FullName() const {
  if (given_name.empty()) return family_name;
  if (family_name.empty()) return given_name;
  return given_name + " " + family_name;
}

MembershipStatus Member::StatusOn(Date date) const {
  MembershipStatus status = MembershipStatus::kActive;
  for (const StatusChange& change : status_history) {
    if (change.from <= date) status = change.status;
  }
  return status;
}

std::vector<const Office*> Member::OfficesOn(Date date) const {
  std::vector<const Office*> out;
  for (const Office& office : offices) {
    if (office.HeldOn(date)) out.push_back(&office);
  }
  return out;
}

std::string_view Name(MembershipStatus status) {
  switch (status) {
    case MembershipStatus::kActive: return "active";
    case MembershipStatus::kLapsed: return "lapsed";
    case MembershipStatus::kResigned: return "resigned";
    case MembershipStatus::kDeceased: return "deceased";
  }
  return "active";
}

std::optional<MembershipStatus> ParseMembershipStatus(std::string_view text) {
  for (MembershipStatus status : {MembershipStatus::kActive, MembershipStatus::kLapsed, MembershipStatus::kResigned,
                                  MembershipStatus::kDeceased}) {
    if (Name(status) == text) return status;
  }
  return std::nullopt;
}

}  // namespace docket::domain
