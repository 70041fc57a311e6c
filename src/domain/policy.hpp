// The policy: everything about a complaints process that an organisation may
// change without touching code. Stages, the actions allowed in each stage and
// who may take them, the fields each action requires, deadlines in working
// days, waiting states that pause the clock, the sanctions catalogue, interim
// suspension, appeals and time limits. src/policy/ reads it from TOML and
// checks it; the workflow engine (workflow.hpp) only ever reads it.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/platform_rule_policy.hpp"

namespace docket::domain {

/// A kind of complaint, e.g. "antisemitism".
struct Category {
  std::string id;
  std::string title;
};

/// A role an actor can hold, e.g. "caseworker". Staff roles need a second factor.
struct Role {
  std::string id;
  std::string title;
  bool staff = true;
};

/// The type of an action field, which decides how its value is validated.
enum class FieldType {
  kText,      //!< Free text, at least min_length characters after trimming.
  kDate,      //!< YYYY-MM-DD.
  kInteger,   //!< A whole number within [min, max].
  kSanction,  //!< The id of a sanction in the catalogue.
  kChoice,    //!< One of `options`.
  kUser,      //!< A user name (e.g. an assignee).
};

/// A field an action may or must carry, e.g. "reasons" for a decision.
struct FieldSpec {
  std::string id;
  std::string label;
  FieldType type = FieldType::kText;
  int min_length = 1;                //!< kText only.
  std::optional<long long> min;      //!< kInteger only.
  std::optional<long long> max;      //!< kInteger only.
  std::vector<std::string> options;  //!< kChoice only.
  std::string help;
};

/// A state of waiting on a party, inside a stage, e.g. "awaiting_respondent".
struct WaitingState {
  std::string id;
  std::string title;
  bool pauses_clock = false;
};

/// What an action does besides moving the case, interpreted by the workflow engine.
enum class ActionEffect {
  kNone,
  kDecision,                //!< Records an outcome (field "outcome") with reasons.
  kInterimSuspension,       //!< Suspends the respondent pending the case; needs a review.
  kReviewInterimSuspension, //!< Confirms an interim suspension and sets its next review.
  kLiftInterimSuspension,   //!< Ends an interim suspension.
  kLodgeAppeal,             //!< Opens an appeal; only within the appeal window after a decision.
  kAppealUpheld,            //!< The appeal succeeds; the decision's sanction is overturned.
  kAppealDismissed,         //!< The appeal fails; the decision stands.
  kAssign,                  //!< Sets the assignee (field "assignee").
};

/// One allowed action in one stage: a row of the workflow table.
struct Action {
  std::string id;
  std::string title;
  std::string from;                  //!< The stage this action is taken in.
  std::optional<std::string> to;     //!< The stage it moves to; none = stays.
  std::set<std::string> roles;       //!< Roles that may take it.
  std::vector<std::string> requires_fields;  //!< Field ids that must be present.
  std::vector<std::string> optional_fields;  //!< Field ids that may be present.
  std::optional<std::string> wait;   //!< Enters this waiting state.
  bool resume = false;               //!< Leaves the waiting state.
  bool after_appeal_window = false;  //!< Refused until the appeal window has passed.
  ActionEffect effect = ActionEffect::kNone;
  std::string guidance;              //!< Shown to the person taking the action.
  int line = 0;                      //!< Where it was defined, for messages.
};

/// A stage of a case, e.g. "triage".
struct Stage {
  std::string id;
  std::string title;
  std::optional<int> deadline_working_days;  //!< None for terminal stages.
  bool terminal = false;
  bool open = true;                  //!< Counts in the open backlog (false for closed).
  std::vector<std::string> checklist;
  std::string guidance;
  int line = 0;
};

/// An entry in the sanctions catalogue, from no action to expulsion.
struct SanctionKind {
  std::string id;
  std::string title;
  int severity = 0;                  //!< 0 = no action; higher is heavier.
  bool has_term = false;             //!< A suspension for a term: needs term_months.
  std::optional<int> max_term_months;
  std::optional<int> readmission_bar_years;  //!< Expulsion: how long before readmission.
  bool removes_membership = false;   //!< Suspension or expulsion.
  bool requires_education = false;   //!< Mandatory education course.
};

/// Interim suspension: time-limited and reviewed.
struct InterimSuspensionPolicy {
  int review_every_working_days = 20;
  int max_working_days = 130;
  std::set<std::string> decided_by;  //!< Roles that may impose it (a panel, not staff).
};

/// Appeals: a window after the decision, heard by different people.
struct AppealPolicy {
  int window_working_days = 10;
  std::string heard_by_role = "appeal_panel";
  bool different_people = true;
};

/// The whole policy. Invariants (checked by policy::CheckPolicy): ids unique;
/// every action's stages, roles, fields and waiting states exist; every stage
/// is reachable from the start stage; every non-terminal stage has a way out;
/// deadlines are positive.
struct Policy {
  std::string name;
  std::string version;
  std::string time_zone = "Europe/London";
  std::string calendar = "england-and-wales";
  std::string start_stage;
  int warn_before_working_days = 3;
  int complaint_time_limit_months = 24;
  bool staff_second_factor = true;
  std::vector<Category> categories;
  std::vector<Role> roles;
  std::vector<FieldSpec> fields;
  std::vector<WaitingState> waiting_states;
  std::vector<Stage> stages;    //!< In the order the policy lists them.
  std::vector<Action> actions;  //!< In policy order; (from, id) unique.
  std::vector<SanctionKind> sanctions;
  InterimSuspensionPolicy interim_suspension;
  AppealPolicy appeal;
  PlatformRulePolicy platform_rule;  //!< [platform_rule]; defaults when the table is absent.

  const Category* FindCategory(std::string_view id) const;
  const Role* FindRole(std::string_view id) const;
  const FieldSpec* FindField(std::string_view id) const;
  const WaitingState* FindWaiting(std::string_view id) const;
  const Stage* FindStage(std::string_view id) const;
  const SanctionKind* FindSanction(std::string_view id) const;
  /// The action with this id in this stage, or nullptr.
  const Action* FindAction(std::string_view stage, std::string_view action) const;
  /// The actions of a stage, in policy order.
  std::vector<const Action*> ActionsFrom(std::string_view stage) const;
};

/// The stable name of an effect as written in policy files ("decision", ...).
std::string_view Name(ActionEffect effect);
std::string_view Name(FieldType type);

}  // namespace docket::domain
