// Who may sit on a case: panels and appeal panels are seated by the
// complaints unit, never with someone whose declared interest touches a party,
// never with someone who stepped aside, and an appeal never with anyone who
// sat on the first panel or decided the case. Stepping aside is recorded.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/conflicts.hpp"
#include "domain/workflow.hpp"
#include "store/store.hpp"

namespace docket::app {

/// The parties of a case as the conflict check needs them (members loaded).
Result<std::vector<domain::Party>> PartiesOf(store::Transaction& tx, const domain::Case& c);

/// kFailedPrecondition naming the interest when `username` has a conflict on the case.
Result<void> CheckNoConflict(store::Transaction& tx, const domain::Case& c, std::string_view username);

class PanelService {
 public:
  PanelService(store::Store& store, const domain::Workflow& workflow, const Clock& clock)
      : store_(store), workflow_(workflow), clock_(clock) {}

  /// Seats `username` on the case's panel or appeal panel. Caseworkers only.
  /// Errors: kPermissionDenied, kInvalidArgument (wrong role for the seat),
  /// kFailedPrecondition (conflict of interest, recused, or sat on the first panel).
  Result<void> Seat(const domain::Actor& actor, std::string_view case_number, std::string_view username,
                    domain::PanelKind kind);
  /// The actor steps aside from a case: leaves its panels and stops being its assignee. Recorded.
  Result<void> Recuse(const domain::Actor& actor, std::string_view case_number, std::string_view reason);
  /// Declares an interest of the actor's own (or, for administrators, anyone's).
  Result<std::int64_t> DeclareInterest(const domain::Actor& actor, std::string_view username,
                                       domain::InterestKind kind, std::string_view value);
  Result<std::vector<domain::Interest>> Interests(const domain::Actor& actor, std::string_view username);
  /// Withdraws a declared interest (the holder, or an administrator), on the
  /// audit log with what it was. kNotFound when the user has no such interest.
  Result<void> WithdrawInterest(const domain::Actor& actor, std::string_view username, std::int64_t id);
  /// The active accounts of `role` (investigator, panel_member or
  /// appeal_panel) who may take the case now: no declared interest matches
  /// its parties, they have not stepped aside from it, and, for an appeal,
  /// did not sit on the first panel. Caseworkers only; recorded as a read of the case.
  Result<std::vector<store::User>> Eligible(const domain::Actor& actor, std::string_view case_number,
                                            std::string_view role);

 private:
  store::Store& store_;
  const domain::Workflow& workflow_;
  const Clock& clock_;
};

}  // namespace docket::app
