// Members of the organisation: who they are, where they belong, the offices
// they hold over time, and their membership status over time. Sanctions are
// kept separately (sanction.hpp) and read together with the status history.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"

namespace docket::domain {

/// Membership status as recorded by the membership system (not by sanctions).
enum class MembershipStatus { kActive, kLapsed, kResigned, kDeceased };

/// An elected or party office held for a period, e.g. an MP or a councillor.
struct Office {
  std::string kind;   //!< A kind the policy knows: "mp", "councillor", "mayor", ...
  std::string title;  //!< "MP for Northfield", "Councillor, Ward 4".
  Date start;
  std::optional<Date> end;  //!< None while still held.

  /// True when the office is held on that date (start and end inclusive).
  bool HeldOn(Date date) const { return start <= date && (!end || date <= *end); }
};

/// A change of membership status from a date, with the reason.
struct StatusChange {
  MembershipStatus status = MembershipStatus::kActive;
  Date from;
  std::string reason;
};

/// A member. `membership_number` is unique and never reused.
struct Member {
  MemberId id;
  std::string membership_number;
  std::string given_name;
  std::string family_name;
  std::vector<std::string> aliases;  //!< Other names the member is known by.
  std::string branch;
  std::string faction;  //!< A declared grouping within the organisation, if the organisation records one.
  std::string email;
  Date joined_on;
  std::vector<Office> offices;
  std::vector<StatusChange> status_history;  //!< Oldest first; empty means active since joined_on.

  std::string FullName() const;
  /// The membership status in force on a date.
  MembershipStatus StatusOn(Date date) const;
  /// Offices held on a date.
  std::vector<const Office*> OfficesOn(Date date) const;
};

std::string_view Name(MembershipStatus status);
/// Parses a status name; nullopt when unknown.
std::optional<MembershipStatus> ParseMembershipStatus(std::string_view text);

}  // namespace docket::domain
