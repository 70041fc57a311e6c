// The workflow engine. The policy's table of stages and actions is the whole
// of the process; this engine reads it and answers two questions: which
// actions may this actor take on this case now, and what is the result of
// taking one. It is pure: the caller loads the case, supplies the time, and
// stores what comes back, in one transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/deadline_clock.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/case.hpp"
#include "domain/policy.hpp"
#include "domain/sanction.hpp"

namespace docket::domain {

/// What an action did, for the caller to store in the same transaction.
struct ActionOutcome {
  Case next;                       //!< The case after the action (same version; the store bumps it).
  CaseEvent event;                 //!< The history entry.
  std::vector<Sanction> imposed;   //!< New sanctions on respondents (decisions, interim suspensions).
  std::optional<Date> interim_ended_on;  //!< Interim suspensions of this case end on this date.
  bool overturned = false;         //!< The decision's sanctions are overturned (appeal upheld).
  std::string overturn_reason;
};

/// Where a case stands against its stage deadline.
struct DeadlineView {
  DeadlineStatus status = DeadlineStatus::kOnTrack;
  Date due_date;
  Instant due_at;
  int working_days_left = 0;
};

/// Applies a policy to cases. Holds references: the policy and schedule must outlive it.
class Workflow {
 public:
  Workflow(const Policy& policy, const Schedule& schedule) : policy_(policy), schedule_(schedule) {}

  const Policy& GetPolicy() const { return policy_; }
  const Schedule& GetSchedule() const { return schedule_; }

  /// A new case in the policy's start stage, with its clock running from `at`.
  Case Open(std::string category, std::vector<Respondent> respondents, Instant at) const;

  /// The actions of the case's stage that this actor's role may take now, in
  /// policy order (state-dependent guards such as the appeal window applied).
  std::vector<const Action*> AllowedActions(const Case& c, const Actor& actor, Instant now) const;

  /// The result of taking an action. Errors: kFailedPrecondition when the
  /// action is not allowed in the stage or state (the message names the
  /// stage and lists the allowed actions); kPermissionDenied when the role
  /// may not take it; kInvalidArgument naming the field when a field is
  /// missing, unknown or invalid.
  Result<ActionOutcome> Apply(const Case& c, const Actor& actor, std::string_view action, const FieldMap& fields,
                              Instant now) const;

  /// The deadline of the case's current stage, or nullopt when it has none.
  std::optional<DeadlineView> Deadline(const Case& c, Instant now) const;

  /// The deadline instant to store for urgency ordering: none when paused or
  /// in a stage without a deadline.
  std::optional<Instant> DueAtForOrdering(const Case& c) const;

 private:
  Result<void> CheckFields(const Action& action, const FieldMap& fields) const;
  Result<void> CheckGuards(const Case& c, const Action& action, const Actor& actor, Instant now) const;
  std::string AllowedList(const Case& c, const Actor& actor, Instant now) const;

  const Policy& policy_;
  const Schedule& schedule_;
};

std::string_view Name(DeadlineStatus status);

}  // namespace docket::domain
