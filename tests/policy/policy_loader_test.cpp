#include "policy/policy_loader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace docket::policy {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ShippedPolicyPath() { return std::string(DOCKET_DATA_DIR) + "/policy/party.toml"; }

std::string BrokenPolicyPath(const std::string& name) { return std::string(DOCKET_TEST_DATA_DIR) + "/policy/" + name; }

// Loads one of the files in tests/data/policy under its bare name, so the
// messages do not depend on where the source tree is, and returns the error
// message ("" when it loads).
std::string Problems(const std::string& name) {
  Result<domain::Policy> loaded = LoadPolicy(ReadFile(BrokenPolicyPath(name)), name);
  if (loaded) return "";
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
  return loaded.error().message;
}

template <class T>
std::vector<std::string> Ids(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const T& item : items) ids.push_back(item.id);
  return ids;
}

std::vector<std::string> Ids(const std::vector<const domain::Action*>& actions) {
  std::vector<std::string> ids;
  for (const domain::Action* action : actions) ids.push_back(action->id);
  return ids;
}

class ShippedPolicyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = LoadPolicyFile(ShippedPolicyPath());
    ASSERT_TRUE(loaded) << loaded.error().message;
    policy_ = new domain::Policy(std::move(*loaded));
  }
  static void TearDownTestSuite() {
    delete policy_;
    policy_ = nullptr;
  }
  const domain::Policy& policy() const { return *policy_; }

 private:
  static domain::Policy* policy_;
};

domain::Policy* ShippedPolicyTest::policy_ = nullptr;

TEST_F(ShippedPolicyTest, ChecksWithNoDiagnostics) {
  std::vector<Diagnostic> diagnostics = CheckPolicy(ReadFile(ShippedPolicyPath()), "party.toml");
  for (const Diagnostic& diagnostic : diagnostics) ADD_FAILURE() << diagnostic.ToString();
  EXPECT_TRUE(diagnostics.empty());
}

TEST_F(ShippedPolicyTest, ReadsThePolicyTable) {
  EXPECT_EQ(policy().name, "National party complaints and disciplinary procedure");
  EXPECT_EQ(policy().version, "2026.1");
  EXPECT_EQ(policy().time_zone, "Europe/London");
  EXPECT_EQ(policy().calendar, "england-and-wales");
  EXPECT_EQ(policy().start_stage, "received");
  EXPECT_EQ(policy().warn_before_working_days, 3);
  EXPECT_EQ(policy().complaint_time_limit_months, 24);
  EXPECT_TRUE(policy().staff_second_factor);
}

TEST_F(ShippedPolicyTest, KeepsStagesInFileOrderNotAlphabetical) {
  EXPECT_EQ(Ids(policy().stages), (std::vector<std::string>{"received", "triage", "investigation", "panel_decision",
                                                              "hearing", "outcome", "appeal", "closed"}));
}

TEST_F(ShippedPolicyTest, ReadsStageDeadlinesFlagsAndLines) {
  const domain::Stage* received = policy().FindStage("received");
  ASSERT_NE(received, nullptr);
  EXPECT_EQ(received->title, "Received");
  EXPECT_EQ(received->deadline_working_days, 2);
  EXPECT_EQ(received->line, 131);
  EXPECT_EQ(received->checklist.size(), 3u);
  EXPECT_EQ(received->guidance, "Every complaint is answered, even one that is rejected: give reasons.");
  EXPECT_FALSE(received->terminal);
  EXPECT_TRUE(received->open);
  EXPECT_EQ(policy().FindStage("investigation")->deadline_working_days, 40);

  const domain::Stage* closed = policy().FindStage("closed");
  ASSERT_NE(closed, nullptr);
  EXPECT_TRUE(closed->terminal);
  EXPECT_FALSE(closed->open);
  EXPECT_FALSE(closed->deadline_working_days.has_value());
  EXPECT_EQ(closed->line, 437);
}

TEST_F(ShippedPolicyTest, KeepsActionsInFileOrderWithTheirStageAndLine) {
  EXPECT_EQ(policy().actions.size(), 33u);
  EXPECT_EQ(Ids(policy().ActionsFrom("received")), (std::vector<std::string>{"accept", "reject", "assign"}));
  EXPECT_EQ(Ids(policy().ActionsFrom("outcome")), (std::vector<std::string>{"lodge_appeal", "close"}));
  const domain::Action& first = policy().actions.front();
  EXPECT_EQ(first.id, "accept");
  EXPECT_EQ(first.from, "received");
  EXPECT_EQ(first.to, "triage");
  EXPECT_EQ(first.line, 141);
  EXPECT_EQ(policy().actions.back().id, "order_rehearing");
}

TEST_F(ShippedPolicyTest, ReadsEveryPartOfADecisionAction) {
  const domain::Action* decide = policy().FindAction("panel_decision", "decide");
  ASSERT_NE(decide, nullptr);
  EXPECT_EQ(decide->title, "Decide");
  EXPECT_EQ(decide->from, "panel_decision");
  EXPECT_EQ(decide->to, "outcome");
  EXPECT_EQ(decide->roles, (std::set<std::string>{"panel_member"}));
  EXPECT_EQ(decide->requires_fields, (std::vector<std::string>{"outcome", "reasons"}));
  EXPECT_EQ(decide->optional_fields, (std::vector<std::string>{"term_months"}));
  EXPECT_EQ(decide->effect, domain::ActionEffect::kDecision);
  EXPECT_EQ(decide->line, 300);
  EXPECT_NE(policy().FindAction("hearing", "decide"), nullptr) << "the same id may be used in another stage";
}

TEST_F(ShippedPolicyTest, ReadsWaitingResumeAppealWindowAndEffects) {
  const domain::Action* ask = policy().FindAction("triage", "request_information");
  ASSERT_NE(ask, nullptr);
  EXPECT_EQ(ask->wait, "awaiting_complainant");
  EXPECT_FALSE(ask->to.has_value());
  EXPECT_TRUE(policy().FindAction("triage", "information_received")->resume);
  EXPECT_TRUE(policy().FindAction("outcome", "close")->after_appeal_window);
  EXPECT_FALSE(policy().FindAction("outcome", "lodge_appeal")->after_appeal_window);
  EXPECT_EQ(policy().FindAction("outcome", "lodge_appeal")->effect, domain::ActionEffect::kLodgeAppeal);
  EXPECT_EQ(policy().FindAction("received", "assign")->effect, domain::ActionEffect::kAssign);
  EXPECT_EQ(policy().FindAction("received", "accept")->effect, domain::ActionEffect::kNone);
  EXPECT_EQ(policy().FindAction("received", "reject")->guidance,
            "Out of time, not about a member, or not a complaint under the rules. Say which, and why.");
}

TEST_F(ShippedPolicyTest, ReadsCategoriesRolesFieldsAndWaitingStatesInFileOrder) {
  EXPECT_EQ(Ids(policy().categories), (std::vector<std::string>{"antisemitism", "other_racism", "sexual_harassment",
                                                                  "bullying", "platform_sharing", "other_misconduct"}));
  EXPECT_EQ(policy().FindCategory("bullying")->title, "Bullying and harassment");
  EXPECT_EQ(Ids(policy().roles),
            (std::vector<std::string>{"caseworker", "investigator", "panel_member", "appeal_panel", "oversight",
                                      "administrator", "political_office", "respondent", "complainant"}));
  EXPECT_TRUE(policy().FindRole("caseworker")->staff);
  EXPECT_FALSE(policy().FindRole("respondent")->staff);
  EXPECT_EQ(policy().FindRole("panel_member")->title, "Disputes panel member");
  EXPECT_EQ(policy().fields.size(), 11u);
  EXPECT_EQ(policy().fields.front().id, "reasons");
  EXPECT_EQ(policy().FindField("reasons")->min_length, 20);
  EXPECT_EQ(policy().FindField("outcome")->type, domain::FieldType::kSanction);
  EXPECT_EQ(policy().FindField("term_months")->min, 1);
  EXPECT_EQ(policy().FindField("term_months")->max, 24);
  EXPECT_EQ(policy().FindField("oral_hearing")->options, (std::vector<std::string>{"yes", "no"}));
  EXPECT_EQ(policy().FindField("hearing_date")->type, domain::FieldType::kDate);
  EXPECT_EQ(policy().FindField("assignee")->type, domain::FieldType::kUser);
  EXPECT_EQ(Ids(policy().waiting_states), (std::vector<std::string>{"awaiting_complainant", "awaiting_respondent"}));
  EXPECT_TRUE(policy().FindWaiting("awaiting_respondent")->pauses_clock);
}

TEST_F(ShippedPolicyTest, ReadsTheSanctionsCatalogueFromNoActionToExpulsion) {
  EXPECT_EQ(Ids(policy().sanctions),
            (std::vector<std::string>{"no_further_action", "reminder_of_values", "reminder_of_conduct",
                                      "formal_warning", "mandatory_education", "suspension", "expulsion"}));
  const domain::SanctionKind* suspension = policy().FindSanction("suspension");
  ASSERT_NE(suspension, nullptr);
  EXPECT_EQ(suspension->severity, 5);
  EXPECT_TRUE(suspension->has_term);
  EXPECT_EQ(suspension->max_term_months, 24);
  EXPECT_TRUE(suspension->removes_membership);
  const domain::SanctionKind* expulsion = policy().FindSanction("expulsion");
  ASSERT_NE(expulsion, nullptr);
  EXPECT_EQ(expulsion->readmission_bar_years, 5);
  EXPECT_FALSE(expulsion->has_term);
  EXPECT_TRUE(expulsion->requires_education);
  EXPECT_FALSE(policy().FindSanction("formal_warning")->removes_membership);
}

TEST_F(ShippedPolicyTest, ReadsInterimSuspensionAndAppeal) {
  EXPECT_EQ(policy().interim_suspension.review_every_working_days, 20);
  EXPECT_EQ(policy().interim_suspension.max_working_days, 130);
  EXPECT_EQ(policy().interim_suspension.decided_by, (std::set<std::string>{"panel_member"}));
  EXPECT_EQ(policy().appeal.window_working_days, 10);
  EXPECT_EQ(policy().appeal.heard_by_role, "appeal_panel");
  EXPECT_TRUE(policy().appeal.different_people);
}

TEST(PolicyLoaderTest, TheMinimalPolicyThatTheBrokenFilesStartFromLoads) {
  EXPECT_EQ(Problems("minimal.toml"), "");
}

TEST(PolicyLoaderTest, AnUnknownKeyNamesItsTableAndTheAllowedKeys) {
  EXPECT_EQ(Problems("unknown_key.toml"),
            "unknown_key.toml:6:1: unknown key 'colour' in [policy]; allowed keys: name, version, time_zone, "
            "calendar, start_stage, warn_before_working_days, complaint_time_limit_months, staff_second_factor");
}

TEST(PolicyLoaderTest, AnUnknownKeyInAnActionIsReportedAtTheKey) {
  EXPECT_EQ(Problems("unknown_action_key.toml"),
            "unknown_action_key.toml:22:1: unknown key 'role' in [[stages.received.actions]]; allowed keys: id, "
            "title, to, roles, requires, optional, wait, resume, effect, guidance, after_appeal_window");
}

TEST(PolicyLoaderTest, AValueOfTheWrongTypeIsReportedAtTheValue) {
  EXPECT_EQ(Problems("wrong_type.toml"), "wrong_type.toml:16:17: 'deadline_days' must be an integer");
}

TEST(PolicyLoaderTest, AMoveToAnUndefinedStageListsTheDefinedStages) {
  EXPECT_EQ(Problems("undefined_stage.toml"),
            "undefined_stage.toml:28:6: action 'refer' in stage 'received' moves to undefined stage 'panel'; "
            "defined stages: received, closed");
}

TEST(PolicyLoaderTest, AStageThatNoActionLeadsToIsUnreachable) {
  EXPECT_EQ(Problems("unreachable_stage.toml"),
            "unreachable_stage.toml:25:1: stage 'limbo' cannot be reached from the start stage 'received'");
}

TEST(PolicyLoaderTest, AStageThatIsNotTerminalNeedsAWayOut) {
  EXPECT_EQ(Problems("no_way_out.toml"),
            "no_way_out.toml:31:1: stage 'triage' is not terminal, but none of its actions moves a case to another "
            "stage");
}

TEST(PolicyLoaderTest, ADeadlineOfZeroWorkingDaysIsRejected) {
  EXPECT_EQ(Problems("zero_deadline.toml"),
            "zero_deadline.toml:16:17: stage 'received' has deadline_days 0; a deadline must be at least 1 working "
            "day");
}

TEST(PolicyLoaderTest, AStageThatIsNotTerminalNeedsADeadline) {
  EXPECT_EQ(Problems("missing_deadline.toml"),
            "missing_deadline.toml:14:1: stage 'received' has no deadline_days; every stage that is not terminal "
            "needs a deadline in working days");
}

TEST(PolicyLoaderTest, ATerminalStageMayNotHaveActions) {
  EXPECT_EQ(Problems("terminal_with_actions.toml"),
            "terminal_with_actions.toml:30:1: stage 'closed' is terminal but has actions; a terminal stage ends the "
            "case");
}

TEST(PolicyLoaderTest, AnUndefinedRoleInAnActionIsReportedAtThatRole) {
  EXPECT_EQ(Problems("undefined_role.toml"),
            "undefined_role.toml:22:24: action 'close' in stage 'received' names undefined role 'clerk'; defined "
            "roles: caseworker");
}

TEST(PolicyLoaderTest, AnUndefinedRequiredFieldListsTheDefinedFields) {
  EXPECT_EQ(Problems("undefined_field.toml"),
            "undefined_field.toml:23:13: action 'close' in stage 'received' requires undefined field 'reason'; "
            "defined fields: reasons");
}

TEST(PolicyLoaderTest, AnUndefinedWaitingStateSaysThatNoneAreDefined) {
  EXPECT_EQ(Problems("undefined_waiting_state.toml"),
            "undefined_waiting_state.toml:29:8: action 'ask' in stage 'received' waits in undefined waiting state "
            "'awaiting_complainant'; no waiting states are defined");
}

TEST(PolicyLoaderTest, AnUnknownEffectListsTheKnownEffects) {
  EXPECT_EQ(Problems("unknown_effect.toml"),
            "unknown_effect.toml:30:10: action 'expel' in stage 'received' has unknown effect 'expulsion'; known "
            "effects: none, decision, interim_suspension, review_interim_suspension, lift_interim_suspension, "
            "lodge_appeal, appeal_upheld, appeal_dismissed, assign");
}

TEST(PolicyLoaderTest, AnUndefinedStartStageListsTheDefinedStages) {
  EXPECT_EQ(Problems("undefined_start_stage.toml"),
            "undefined_start_stage.toml:5:15: start_stage 'new' is not a defined stage; defined stages: received, "
            "closed");
}

TEST(PolicyLoaderTest, TwoActionsWithOneIdInAStagePointBackToTheFirst) {
  EXPECT_EQ(Problems("duplicate_action.toml"),
            "duplicate_action.toml:26:6: stage 'received' has two actions with id 'close'; the first is on line 18");
}

TEST(PolicyLoaderTest, ADecisionMustRequireAnOutcomeAndReasons) {
  EXPECT_EQ(Problems("decision_without_reasons.toml"),
            "decision_without_reasons.toml:35:10: action 'decide' in stage 'received' has effect 'decision', so it "
            "must require both 'outcome' and 'reasons' (missing: 'reasons')");
}

TEST(PolicyLoaderTest, ASanctionFieldNeedsASanctionsCatalogue) {
  EXPECT_EQ(Problems("sanction_field_without_sanctions.toml"),
            "sanction_field_without_sanctions.toml:16:8: field 'outcome' has type 'sanction' but the policy defines "
            "no sanctions");
}

TEST(PolicyLoaderTest, AnIntegerFieldsMinimumMayNotExceedItsMaximum) {
  EXPECT_EQ(Problems("integer_min_above_max.toml"),
            "integer_min_above_max.toml:17:7: field 'term_months' has min 24 greater than max 1");
}

TEST(PolicyLoaderTest, AChoiceFieldNeedsOptions) {
  EXPECT_EQ(Problems("choice_without_options.toml"),
            "choice_without_options.toml:16:8: field 'oral_hearing' has type 'choice' but no options");
}

TEST(PolicyLoaderTest, APolicyTableWithoutAVersionIsReportedAtTheTable) {
  EXPECT_EQ(Problems("missing_version.toml"), "missing_version.toml:2:1: [policy] is missing 'version'");
}

TEST(PolicyLoaderTest, AppealsHeardByAnUndefinedRoleAreRejected) {
  EXPECT_EQ(Problems("undefined_appeal_role.toml"),
            "undefined_appeal_role.toml:32:17: appeal.heard_by_role names undefined role 'appeal_panel'; defined "
            "roles: caseworker");
}

TEST(PolicyLoaderTest, SeveralProblemsAreAllReportedInFileOrder) {
  EXPECT_EQ(Problems("several_problems.toml"),
            "several_problems.toml:2:1: [policy] is missing 'version'\n"
            "several_problems.toml:5:1: unknown key 'colour' in [policy]; allowed keys: name, version, time_zone, "
            "calendar, start_stage, warn_before_working_days, complaint_time_limit_months, staff_second_factor\n"
            "several_problems.toml:12:8: field 'reasons' has unknown type 'txt'; known types: text, date, integer, "
            "sanction, choice, user\n"
            "several_problems.toml:16:17: 'deadline_days' must be an integer\n"
            "several_problems.toml:21:6: action 'accept' in stage 'received' moves to undefined stage 'triage'; "
            "defined stages: received, panel, closed\n"
            "several_problems.toml:22:24: action 'accept' in stage 'received' names undefined role 'clerk'; defined "
            "roles: caseworker\n"
            "several_problems.toml:23:24: action 'accept' in stage 'received' requires undefined field 'grounds'; "
            "defined fields: reasons\n"
            "several_problems.toml:26:6: stage 'received' has two actions with id 'accept'; the first is on line 18\n"
            "several_problems.toml:31:1: stage 'panel' cannot be reached from the start stage 'received'\n"
            "several_problems.toml:33:17: stage 'panel' has deadline_days -1; a deadline must be at least 1 working "
            "day\n"
            "several_problems.toml:41:10: action 'decide' in stage 'panel' has effect 'decision', so it must require "
            "both 'outcome' and 'reasons' (missing: 'outcome')\n"
            "several_problems.toml:49:15: interim_suspension.decided_by names undefined role 'panel_member'; defined "
            "roles: caseworker");
}

TEST(PolicyLoaderTest, CheckPolicyReturnsTheSameProblemsAsValues) {
  std::vector<Diagnostic> diagnostics = CheckPolicy(ReadFile(BrokenPolicyPath("several_problems.toml")), "p.toml");
  ASSERT_EQ(diagnostics.size(), 12u);
  EXPECT_EQ(diagnostics[3].file, "p.toml");
  EXPECT_EQ(diagnostics[3].line, 16);
  EXPECT_EQ(diagnostics[3].column, 17);
  EXPECT_EQ(diagnostics[3].message, "'deadline_days' must be an integer");
  for (std::size_t i = 1; i < diagnostics.size(); ++i) {
    EXPECT_LE(diagnostics[i - 1].line, diagnostics[i].line) << "diagnostics are in file order";
  }
}

TEST(PolicyLoaderTest, ATomlSyntaxErrorIsOneDiagnosticAtItsPosition) {
  EXPECT_EQ(Problems("syntax_error.toml"),
            "syntax_error.toml:15:18: Error while parsing string: unescaped control characters other than TAB "
            "(U+0009) are explicitly prohibited");
  std::vector<Diagnostic> diagnostics = CheckPolicy("[policy]\nname = \"x\"\n[policy]\n", "twice.toml");
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].ToString(),
            "twice.toml:3:1: Error while parsing table header: cannot redefine existing table 'policy'");
}

TEST(PolicyLoaderTest, AnEmptyFileHasNoPolicyTable) {
  std::vector<Diagnostic> diagnostics = CheckPolicy("", "empty.toml");
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].ToString(),
            "empty.toml:1:1: the policy has no [policy] table; it needs at least name, version and start_stage");
}

TEST(PolicyLoaderTest, AnUnknownTopLevelTableListsTheAllowedTables) {
  std::string text = ReadFile(BrokenPolicyPath("minimal.toml")) + "\n[stage.triage]\ntitle = \"Triage\"\n";
  std::vector<Diagnostic> diagnostics = CheckPolicy(text, "typo.toml");
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].ToString(),
            "typo.toml:31:2: unknown key 'stage' at the top level; allowed keys: policy, categories, roles, fields, "
            "waiting, stages, sanctions, interim_suspension, appeal, platform_rule");
}

TEST(PolicyLoaderTest, ArraysMustHoldStringsAndSectionsMustBeTables) {
  std::string text = ReadFile(BrokenPolicyPath("minimal.toml")) + "\n[interim_suspension]\ndecided_by = [\"caseworker\", 3]\n\n[waiting]\nawaiting = \"yes\"\n";
  std::vector<Diagnostic> diagnostics = CheckPolicy(text, "types.toml");
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_EQ(diagnostics[0].ToString(), "types.toml:32:29: 'decided_by' must be an array of strings");
  EXPECT_EQ(diagnostics[1].ToString(), "types.toml:35:12: 'awaiting' must be a table");
}

TEST(PolicyLoaderTest, LoadingAFileNamesThePathInEachProblem) {
  std::string path = BrokenPolicyPath("wrong_type.toml");
  Result<domain::Policy> loaded = LoadPolicyFile(path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(loaded.error().message, path + ":16:17: 'deadline_days' must be an integer");
}

TEST(PolicyLoaderTest, AFileThatCannotBeReadIsNotFound) {
  Result<domain::Policy> loaded = LoadPolicyFile("/nonexistent/policy.toml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(loaded.error().message, "cannot read '/nonexistent/policy.toml'");
}

}  // namespace
}  // namespace docket::policy
