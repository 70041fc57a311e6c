#include "domain/workflow.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "policy/calendar_file.hpp"
#include "policy/policy_loader.hpp"

namespace docket::domain {
namespace {

class WorkflowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = policy::LoadPolicyFile(std::string(DOCKET_DATA_DIR) + "/policy/party.toml");
    ASSERT_TRUE(loaded) << loaded.error().message;
    policy_ = new Policy(std::move(*loaded));
    auto calendar = policy::LoadCalendarFile(std::string(DOCKET_DATA_DIR) + "/calendars/england-and-wales.toml");
    ASSERT_TRUE(calendar) << calendar.error().message;
    schedule_ = new Schedule{std::move(*calendar), TimeZone::London()};
  }
  static void TearDownTestSuite() {
    delete policy_;
    delete schedule_;
  }

  Workflow workflow() const { return Workflow(*policy_, *schedule_); }

  // Tuesday 3 March 2026, 10:00 in London (GMT).
  static Instant Now() { return *Instant::Parse("2026-03-03T10:00:00Z"); }

  static Actor As(std::string role, std::string username = "someone") {
    return Actor{UserId{1}, std::move(username), std::move(role), std::nullopt};
  }

  Case NewCase() const {
    Case c = workflow().Open("antisemitism", {{MemberId{7}, "Respondent Name"}}, Now());
    c.id = CaseId{1};
    c.number = "2026-000001";
    c.version = 1;
    return c;
  }

  // A case in `stage` whose state satisfies the guards of `action`.
  Case ReadyFor(const Action& action) const {
    Case c = NewCase();
    c.stage = action.from;
    if (action.resume) c.waiting = "awaiting_respondent";
    if (action.effect == ActionEffect::kReviewInterimSuspension ||
        action.effect == ActionEffect::kLiftInterimSuspension) {
      c.interim = InterimSuspension{Now().AddSeconds(-86400), Date::FromYmd(2026, 3, 20), "risk", "panel"};
    }
    if (action.effect == ActionEffect::kLodgeAppeal) {
      c.decision = Decision{"formal_warning", "reasons", std::nullopt, Now().AddSeconds(-86400), "panel.one"};
    }
    if (action.after_appeal_window) {
      c.decision = Decision{"formal_warning", "reasons", std::nullopt, Now().AddSeconds(-40 * 86400), "panel.one"};
    }
    if (action.effect == ActionEffect::kAppealUpheld || action.effect == ActionEffect::kAppealDismissed) {
      c.decision = Decision{"expulsion", "reasons", std::nullopt, Now().AddSeconds(-20 * 86400), "panel.one"};
      c.appeal = Appeal{Now().AddSeconds(-10 * 86400), "grounds", "respondent", std::nullopt, "", ""};
    }
    return c;
  }

  // Valid values for every required field of an action.
  FieldMap FieldsFor(const Action& action) const {
    FieldMap fields;
    for (const std::string& id : action.requires_fields) {
      const FieldSpec* spec = policy_->FindField(id);
      switch (spec->type) {
        case FieldType::kText: fields[id] = "A full explanation that is long enough to pass."; break;
        case FieldType::kDate: fields[id] = "2026-03-20"; break;
        case FieldType::kInteger: fields[id] = "3"; break;
        case FieldType::kSanction: fields[id] = "formal_warning"; break;
        case FieldType::kChoice: fields[id] = spec->options.front(); break;
        case FieldType::kUser: fields[id] = "investigator.one"; break;
      }
    }
    return fields;
  }

  static inline Policy* policy_ = nullptr;
  static inline Schedule* schedule_ = nullptr;
};

// The whole transition table of the shipped policy, written out so that a
// change to party.toml that moves a case somewhere unexpected fails here.
TEST_F(WorkflowTest, EveryTransitionOfTheDefaultPolicyMovesToTheExpectedStage) {
  const std::vector<std::tuple<std::string, std::string, std::string>> expected = {
      {"received", "accept", "triage"},
      {"received", "reject", "closed"},
      {"received", "assign", "received"},
      {"triage", "request_information", "triage"},
      {"triage", "information_received", "triage"},
      {"triage", "open_investigation", "investigation"},
      {"triage", "fast_track", "panel_decision"},
      {"triage", "no_case_to_answer", "closed"},
      {"triage", "impose_interim_suspension", "triage"},
      {"triage", "assign", "triage"},
      {"investigation", "send_notice_of_investigation", "investigation"},
      {"investigation", "record_response", "investigation"},
      {"investigation", "refer_to_panel", "panel_decision"},
      {"investigation", "close_insufficient_evidence", "closed"},
      {"investigation", "impose_interim_suspension", "investigation"},
      {"investigation", "review_interim_suspension", "investigation"},
      {"investigation", "lift_interim_suspension", "investigation"},
      {"investigation", "assign", "investigation"},
      {"panel_decision", "decide", "outcome"},
      {"panel_decision", "refer_to_hearing", "hearing"},
      {"panel_decision", "request_further_investigation", "investigation"},
      {"panel_decision", "impose_interim_suspension", "panel_decision"},
      {"panel_decision", "review_interim_suspension", "panel_decision"},
      {"panel_decision", "lift_interim_suspension", "panel_decision"},
      {"hearing", "schedule_hearing", "hearing"},
      {"hearing", "decide", "outcome"},
      {"hearing", "review_interim_suspension", "hearing"},
      {"hearing", "lift_interim_suspension", "hearing"},
      {"outcome", "lodge_appeal", "appeal"},
      {"outcome", "close", "closed"},
      {"appeal", "uphold_appeal", "closed"},
      {"appeal", "dismiss_appeal", "closed"},
      {"appeal", "order_rehearing", "hearing"},
  };
  ASSERT_EQ(policy_->actions.size(), expected.size()) << "the policy gained or lost an action: update this table";
  for (const auto& [from, action_id, to] : expected) {
    const Action* action = policy_->FindAction(from, action_id);
    ASSERT_NE(action, nullptr) << from << "/" << action_id;
    Case c = ReadyFor(*action);
    Actor actor = As(*action->roles.begin(), "actor.one");
    if (action->roles.contains("panel_member")) actor = As("panel_member", "panel.two");
    if (action->roles.contains("appeal_panel")) actor = As("appeal_panel", "appeal.one");
    auto outcome = workflow().Apply(c, actor, action_id, FieldsFor(*action), Now());
    ASSERT_TRUE(outcome) << from << "/" << action_id << ": " << outcome.error().message;
    EXPECT_EQ(outcome->next.stage, to) << from << "/" << action_id;
    EXPECT_EQ(outcome->event.action, action_id);
    EXPECT_EQ(outcome->event.from_stage, from);
    EXPECT_EQ(outcome->event.to_stage, to);
  }
}

TEST_F(WorkflowTest, EveryActionIsRefusedToEveryRoleNotListedForIt) {
  int refusals = 0;
  for (const Action& action : policy_->actions) {
    for (const Role& role : policy_->roles) {
      if (action.roles.contains(role.id)) continue;
      auto outcome = workflow().Apply(ReadyFor(action), As(role.id), action.id, FieldsFor(action), Now());
      ASSERT_FALSE(outcome) << action.from << "/" << action.id << " as " << role.id;
      EXPECT_EQ(outcome.error().code, ErrorCode::kPermissionDenied) << outcome.error().message;
      ++refusals;
    }
  }
  EXPECT_GT(refusals, 200);
}

TEST_F(WorkflowTest, AnActionOfAnotherStageIsRefusedNamingTheStageAndTheAllowedActions) {
  Case c = NewCase();  // received
  auto outcome = workflow().Apply(c, As("panel_member"), "decide", {{"outcome", "expulsion"}, {"reasons", "x"}}, Now());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(outcome.error().message, "'decide' is not allowed in stage 'received'; allowed: none for role 'panel_member'");
  auto as_caseworker = workflow().Apply(c, As("caseworker"), "decide", {}, Now());
  ASSERT_FALSE(as_caseworker);
  EXPECT_EQ(as_caseworker.error().message, "'decide' is not allowed in stage 'received'; allowed: accept, reject, assign");
}

TEST_F(WorkflowTest, EveryStageRefusesEveryActionItDoesNotDefine) {
  std::set<std::string> all_ids;
  for (const Action& a : policy_->actions) all_ids.insert(a.id);
  for (const Stage& stage : policy_->stages) {
    for (const std::string& id : all_ids) {
      if (policy_->FindAction(stage.id, id) != nullptr) continue;
      Case c = NewCase();
      c.stage = stage.id;
      auto outcome = workflow().Apply(c, As("caseworker"), id, {}, Now());
      ASSERT_FALSE(outcome);
      EXPECT_EQ(outcome.error().code, ErrorCode::kFailedPrecondition) << stage.id << "/" << id;
    }
  }
}

TEST_F(WorkflowTest, ADecisionWithoutReasonsIsRejectedNamingTheField) {
  Case c = NewCase();
  c.stage = "panel_decision";
  auto outcome = workflow().Apply(c, As("panel_member"), "decide", {{"outcome", "formal_warning"}}, Now());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(outcome.error().message, "field 'reasons': action 'decide' requires it (Reasons)");
}

TEST_F(WorkflowTest, ReasonsShorterThanThePolicyMinimumAreRejected) {
  Case c = NewCase();
  c.stage = "panel_decision";
  auto outcome = workflow().Apply(c, As("panel_member"), "decide", {{"outcome", "formal_warning"}, {"reasons", "bad"}},
                                  Now());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().message, "field 'reasons': must be at least 20 characters; it has 3");
}

TEST_F(WorkflowTest, ANoticeOfInvestigationWithoutAllegationsIsRejected) {
  Case c = NewCase();
  c.stage = "investigation";
  auto outcome = workflow().Apply(c, As("investigator"), "send_notice_of_investigation", {}, Now());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().message, "field 'allegations': action 'send_notice_of_investigation' requires it (Allegations)");
}

TEST_F(WorkflowTest, AnUnknownFieldIsRejectedListingTheFieldsTheActionTakes) {
  Case c = NewCase();
  auto outcome = workflow().Apply(c, As("caseworker"), "reject", {{"reasons", "Outside the time limit of two years."}, {"colour", "red"}}, Now());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().message, "field 'colour': action 'reject' does not take it; it takes: reasons");
}

TEST_F(WorkflowTest, AnUnknownSanctionIsRejectedListingTheCatalogue) {
  Case c = NewCase();
  c.stage = "panel_decision";
  auto outcome = workflow().Apply(c, As("panel_member"), "decide",
                                  {{"outcome", "lifetime_ban"}, {"reasons", "A full explanation of the decision."}}, Now());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().message,
            "field 'outcome': unknown sanction 'lifetime_ban'; the catalogue has: no_further_action, "
            "reminder_of_values, reminder_of_conduct, formal_warning, mandatory_education, suspension, expulsion");
}

TEST_F(WorkflowTest, ASuspensionNeedsATermWithinThePolicyLimit) {
  Case c = NewCase();
  c.stage = "panel_decision";
  FieldMap fields = {{"outcome", "suspension"}, {"reasons", "A full explanation of the decision."}};
  auto without = workflow().Apply(c, As("panel_member"), "decide", fields, Now());
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().message, "field 'term_months': outcome 'suspension' requires a term");
  fields["term_months"] = "30";
  auto too_long = workflow().Apply(c, As("panel_member"), "decide", fields, Now());
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().message, "field 'term_months': 30 is outside 1..24");
  fields["term_months"] = "6";
  auto ok = workflow().Apply(c, As("panel_member"), "decide", fields, Now());
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->imposed.size(), 1u);
  EXPECT_EQ(ok->imposed[0].kind, "suspension");
  EXPECT_EQ(ok->imposed[0].start, Date::FromYmd(2026, 3, 3));
  EXPECT_EQ(ok->imposed[0].end, Date::FromYmd(2026, 9, 2));
}

TEST_F(WorkflowTest, ADecisionRecordsTheOutcomeAndEndsAnInterimSuspension) {
  Case c = NewCase();
  c.stage = "panel_decision";
  c.interim = InterimSuspension{Now().AddSeconds(-86400 * 30), Date::FromYmd(2026, 3, 10), "risk", "panel.one"};
  auto outcome = workflow().Apply(c, As("panel_member", "panel.two"), "decide",
                                  {{"outcome", "expulsion"}, {"reasons", "Proved on the respondent's own posts."}}, Now());
  ASSERT_TRUE(outcome) << outcome.error().message;
  ASSERT_TRUE(outcome->next.decision);
  EXPECT_EQ(outcome->next.decision->outcome, "expulsion");
  EXPECT_EQ(outcome->next.decision->decided_by, "panel.two");
  EXPECT_FALSE(outcome->next.interim);
  EXPECT_EQ(outcome->interim_ended_on, Date::FromYmd(2026, 3, 3));
  ASSERT_EQ(outcome->imposed.size(), 1u);
  EXPECT_FALSE(outcome->imposed[0].end) << "an expulsion has no end date";
  EXPECT_EQ(outcome->imposed[0].readmission_from, Date::FromYmd(2031, 3, 3));
}

TEST_F(WorkflowTest, NoFurtherActionImposesNoSanction) {
  Case c = NewCase();
  c.stage = "panel_decision";
  auto outcome = workflow().Apply(c, As("panel_member"), "decide",
                                  {{"outcome", "no_further_action"}, {"reasons", "The evidence does not support it."}}, Now());
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->imposed.empty());
}

TEST_F(WorkflowTest, ANoticeOfInvestigationPausesTheClockAndTheResponseResumesIt) {
  Case c = NewCase();
  c.stage = "investigation";
  c.clock = DeadlineClock::Start(Now(), 40);
  auto notice = workflow().Apply(c, As("investigator"), "send_notice_of_investigation",
                                 {{"allegations", "Posted antisemitic conspiracy material on 2 March."}}, Now());
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->next.waiting, "awaiting_respondent");
  ASSERT_TRUE(notice->next.clock);
  EXPECT_TRUE(notice->next.clock->IsPaused());
  EXPECT_FALSE(workflow().DueAtForOrdering(notice->next)) << "a paused case has no urgency key";
  // Ten working days later the respondent answers: the deadline moves by ten working days.
  Instant later = *Instant::Parse("2026-03-17T10:00:00Z");
  Date due_before = c.clock->DueDate(*schedule_, Now());
  auto response = workflow().Apply(notice->next, As("investigator"), "record_response", {{"response", "I deny it."}}, later);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_FALSE(response->next.waiting);
  EXPECT_FALSE(response->next.clock->IsPaused());
  EXPECT_EQ(response->next.clock->paused_working_days, 10);
  EXPECT_EQ(schedule_->calendar.WorkingDaysBetween(due_before, response->next.clock->DueDate(*schedule_, later)), 10);
}

TEST_F(WorkflowTest, RecordingAResponseWhenNobodyIsAskedIsRefused) {
  Case c = NewCase();
  c.stage = "investigation";
  auto outcome = workflow().Apply(c, As("investigator"), "record_response", {{"response", "x"}}, Now());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(outcome.error().message,
            "'record_response' cannot be taken in stage 'investigation' now: the case is not waiting on anyone");
}

TEST_F(WorkflowTest, MovingToANewStageRestartsTheClockWithThatStagesBudget) {
  Case c = NewCase();
  c.stage = "triage";
  Instant later = *Instant::Parse("2026-03-05T15:00:00Z");
  auto outcome = workflow().Apply(c, As("caseworker"), "open_investigation", {{"reasons", "A prima facie case is shown."}}, later);
  ASSERT_TRUE(outcome);
  ASSERT_TRUE(outcome->next.clock);
  EXPECT_EQ(outcome->next.clock->budget_working_days, 40);
  EXPECT_EQ(outcome->next.clock->started_at, later);
  EXPECT_EQ(outcome->next.stage_entered_at, later);
}

TEST_F(WorkflowTest, ClosingSetsTheClosedTimeAndStopsTheClock) {
  Case c = NewCase();
  auto outcome = workflow().Apply(c, As("caseworker"), "reject", {{"reasons", "Not about a member of the party."}}, Now());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->next.closed_at, Now());
  EXPECT_FALSE(outcome->next.clock);
}

TEST_F(WorkflowTest, InterimSuspensionIsImposedOnlyByAPanelAndOnlyOnce) {
  Case c = NewCase();
  c.stage = "triage";
  auto by_panel = workflow().Apply(c, As("panel_member"), "impose_interim_suspension",
                                   {{"reasons", "Continuing public statements pose a risk."}}, Now());
  ASSERT_TRUE(by_panel) << by_panel.error().message;
  ASSERT_TRUE(by_panel->next.interim);
  EXPECT_EQ(by_panel->next.interim->review_due, schedule_->calendar.AddWorkingDays(Date::FromYmd(2026, 3, 3), 20));
  ASSERT_EQ(by_panel->imposed.size(), 1u);
  EXPECT_EQ(by_panel->imposed[0].kind, kInterimSuspensionKind);
  auto again = workflow().Apply(by_panel->next, As("panel_member"), "impose_interim_suspension",
                                {{"reasons", "Continuing public statements pose a risk."}}, Now());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message,
            "'impose_interim_suspension' cannot be taken in stage 'triage' now: an interim suspension is already in force");
  auto by_staff = workflow().Apply(c, As("caseworker"), "impose_interim_suspension", {{"reasons", "x"}}, Now());
  ASSERT_FALSE(by_staff);
  EXPECT_EQ(by_staff.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(WorkflowTest, AnInterimSuspensionCannotBeContinuedPastItsLimit) {
  Case c = NewCase();
  c.stage = "investigation";
  // Imposed 140 working days ago; the policy's limit is 130.
  Date imposed = Date::FromYmd(2025, 8, 1);
  c.interim = InterimSuspension{schedule_->zone.StartOfDay(imposed).AddSeconds(36000), Date::FromYmd(2025, 9, 1), "r", "p"};
  auto outcome = workflow().Apply(c, As("panel_member"), "review_interim_suspension",
                                  {{"reasons", "Still needed while the investigation runs."}}, Now());
  ASSERT_FALSE(outcome);
  EXPECT_NE(outcome.error().message.find("reached its limit of 130 working days"), std::string::npos)
      << outcome.error().message;
  auto lift = workflow().Apply(c, As("panel_member"), "lift_interim_suspension", {{"reasons", "Limit reached; lifted now."}}, Now());
  ASSERT_TRUE(lift);
  EXPECT_FALSE(lift->next.interim);
  EXPECT_EQ(lift->interim_ended_on, Date::FromYmd(2026, 3, 3));
}

TEST_F(WorkflowTest, AnAppealIsAllowedOnlyWithinTheAppealWindow) {
  Case c = NewCase();
  c.stage = "outcome";
  // Decided Monday 2 February 2026; the window is ten working days: it ends Monday 16 February.
  c.decision = Decision{"expulsion", "r", std::nullopt, *Instant::Parse("2026-02-02T11:00:00Z"), "panel.one"};
  FieldMap grounds = {{"grounds", "The panel did not consider my written statement."}};
  auto in_time = workflow().Apply(c, As("respondent"), "lodge_appeal", grounds, *Instant::Parse("2026-02-16T16:00:00Z"));
  EXPECT_TRUE(in_time) << in_time.error().message;
  auto late = workflow().Apply(c, As("respondent"), "lodge_appeal", grounds, *Instant::Parse("2026-02-17T09:00:00Z"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message,
            "'lodge_appeal' cannot be taken in stage 'outcome' now: the appeal window of 10 working days closed at "
            "the end of 2026-02-16");
}

TEST_F(WorkflowTest, ACaseCannotBeClosedWhileTheAppealWindowIsOpen) {
  Case c = NewCase();
  c.stage = "outcome";
  c.decision = Decision{"formal_warning", "r", std::nullopt, *Instant::Parse("2026-02-27T11:00:00Z"), "panel.one"};
  auto outcome = workflow().Apply(c, As("caseworker"), "close", {}, Now());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().message,
            "'close' cannot be taken in stage 'outcome' now: the appeal window is open until the end of 2026-03-13");
  std::vector<const Action*> allowed = workflow().AllowedActions(c, As("caseworker"), Now());
  for (const Action* a : allowed) EXPECT_NE(a->id, "close");
}

TEST_F(WorkflowTest, AnAppealIsNotHeardByTheMemberWhoDecidedTheCase) {
  Case c = NewCase();
  c.stage = "appeal";
  c.decision = Decision{"expulsion", "r", std::nullopt, Now().AddSeconds(-86400 * 10), "same.person"};
  c.appeal = Appeal{Now().AddSeconds(-86400), "grounds", "respondent", std::nullopt, "", ""};
  auto outcome = workflow().Apply(c, As("appeal_panel", "same.person"), "dismiss_appeal",
                                  {{"reasons", "The decision was sound on the evidence."}}, Now());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(outcome.error().message, "'same.person' decided this case and may not hear its appeal");
}

TEST_F(WorkflowTest, AnUpheldAppealOverturnsTheDecisionsSanctions) {
  Case c = NewCase();
  c.stage = "appeal";
  c.decision = Decision{"expulsion", "r", std::nullopt, Now().AddSeconds(-86400 * 10), "panel.one"};
  c.appeal = Appeal{Now().AddSeconds(-86400), "grounds", "respondent", std::nullopt, "", ""};
  auto outcome = workflow().Apply(c, As("appeal_panel", "appeal.one"), "uphold_appeal",
                                  {{"reasons", "The panel misread the evidence."}}, Now());
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->overturned);
  EXPECT_EQ(outcome->overturn_reason, "appeal upheld by appeal.one: The panel misread the evidence.");
  EXPECT_EQ(outcome->next.appeal->upheld, true);
  EXPECT_EQ(outcome->next.stage, "closed");
}

TEST_F(WorkflowTest, AllowedActionsListOnlyWhatThisRoleMayDoNow) {
  Case c = NewCase();
  c.stage = "investigation";
  std::vector<std::string> ids;
  for (const Action* a : workflow().AllowedActions(c, As("investigator"), Now())) ids.push_back(a->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"send_notice_of_investigation", "refer_to_panel", "close_insufficient_evidence"}));
  ids.clear();
  for (const Action* a : workflow().AllowedActions(c, As("oversight"), Now())) ids.push_back(a->id);
  EXPECT_TRUE(ids.empty());
}

TEST_F(WorkflowTest, TheDeadlineViewWarnsBeforeItBreaches) {
  Case c = NewCase();  // received, 2 working days from Tue 3 March: due Thu 5 March
  auto view = workflow().Deadline(c, Now());
  ASSERT_TRUE(view);
  EXPECT_EQ(view->due_date, Date::FromYmd(2026, 3, 5));
  EXPECT_EQ(view->status, DeadlineStatus::kDueSoon);
  auto later = workflow().Deadline(c, *Instant::Parse("2026-03-06T09:00:00Z"));
  EXPECT_EQ(later->status, DeadlineStatus::kBreached);
  EXPECT_EQ(later->working_days_left, -1);
}

}  // namespace
}  // namespace docket::domain
