#include "app/case_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <future>

#include "app/directory.hpp"
#include "app/intake_service.hpp"
#include "app/panel_service.hpp"
#include "test_world.hpp"

namespace docket::app {
namespace {

using testing::TestWorld;

class CaseServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = std::make_unique<TestWorld>(::testing::UnitTest::GetInstance()->current_test_info()->name());
    domain::Member respondent;
    respondent.membership_number = "A0000001";
    respondent.given_name = "Jon";
    respondent.family_name = "Smith";
    respondent.branch = "Leeds Central";
    respondent.joined_on = Date::FromYmd(2010, 1, 1);
    domain::Member other = respondent;
    other.membership_number = "A0000002";
    {
      auto tx = world_->store->Begin(store::TransactionMode::kWrite);
      respondent_ = *(*tx)->Members().Insert(respondent);
      other_member_ = *(*tx)->Members().Insert(other);
      ASSERT_TRUE((*tx)->Commit());
    }
    for (auto [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"cw", "caseworker"}, {"inv", "investigator"}, {"inv2", "investigator"}, {"panel", "panel_member"},
             {"appeal", "appeal_panel"}, {"over", "oversight"}, {"admin", "administrator"},
             {"leader", "political_office"}}) {
      ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named(name, name, role)));
    }
    ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named("resp", "Jon", "respondent", respondent_)));
    ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named("other", "Other", "respondent", other_member_)));
    IntakeService intake(*world_->store, *world_->workflow, world_->clock, SystemRandomDigits);
    ComplaintInput input;
    input.category = "antisemitism";
    input.description = "Posted a conspiracy theory about Jewish bankers.";
    input.occurred_on = "2026-03-01";
    input.anonymity = domain::Anonymity::kAnonymous;
    input.respondents = {{"Jon Smith", "A0000001", std::nullopt}};
    auto receipt = intake.Submit(input);
    ASSERT_TRUE(receipt);
    number_ = receipt->case_number;
    cases_ = std::make_unique<CaseService>(*world_->store, *world_->workflow, world_->clock);
  }

  domain::Actor As(const std::string& username) {
    auto actor = ActorFor(*world_->store, world_->policy, username);
    EXPECT_TRUE(actor) << actor.error().message;
    return *actor;
  }

  Result<CaseView> Act(const std::string& who, const std::string& action, domain::FieldMap fields = {}) {
    world_->clock.Advance(3600);
    return cases_->Act(As(who), number_, action, fields);
  }

  std::unique_ptr<TestWorld> world_;
  std::unique_ptr<CaseService> cases_;
  MemberId respondent_;
  MemberId other_member_;
  std::string number_;
};

TEST_F(CaseServiceTest, ACaseworkerWorksACaseFromReceiptToAPanelDecisionAndTheHistoryRecordsEachStep) {
  ASSERT_TRUE(Act("cw", "accept"));
  {
    auto opened = Act("cw", "open_investigation", {{"reasons", "A prima facie breach of the conduct rule."}, {"assignee", "inv"}});
    ASSERT_TRUE(opened) << opened.error().message;
  }
  ASSERT_TRUE(Act("inv", "send_notice_of_investigation", {{"allegations", "Posted antisemitic conspiracy material."}}));
  ASSERT_TRUE(Act("resp", "record_response", {{"response", "I deny it and ask for an oral hearing."}, {"oral_hearing", "yes"}}));
  ASSERT_TRUE(Act("inv", "refer_to_panel", {{"reasons", "The evidence supports the allegation."}}));
  EXPECT_EQ(cases_->Show(As("panel"), number_).error().code, ErrorCode::kPermissionDenied) << "not yet seated";
  PanelService panels(*world_->store, *world_->workflow, world_->clock);
  ASSERT_TRUE(panels.Seat(As("cw"), number_, "panel", domain::PanelKind::kPanel));
  auto decided = Act("panel", "decide", {{"outcome", "suspension"}, {"term_months", "6"}, {"reasons", "Proved on the respondent's own posts."}});
  ASSERT_TRUE(decided) << decided.error().message;
  EXPECT_EQ(decided->c.stage, "outcome");
  EXPECT_EQ(decided->c.version, 7);
  std::vector<std::string> actions;
  for (const auto& e : *decided->events) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"received", "accept", "open_investigation", "send_notice_of_investigation",
                                               "record_response", "refer_to_panel", "decide"}));
  ASSERT_EQ(decided->sanctions.size(), 1u);
  EXPECT_EQ(decided->sanctions[0].member, respondent_);
  EXPECT_EQ(decided->sanctions[0].kind, "suspension");
  auto tx = world_->store->Begin(store::TransactionMode::kRead);
  EXPECT_EQ((*tx)->Sanctions().ForMember(respondent_)->size(), 1u);
}

TEST_F(CaseServiceTest, AStaleVersionIsAConflictAndTheCaseIsUnchanged) {
  auto view = cases_->Show(As("cw"), number_);
  ASSERT_TRUE(view);
  std::int64_t version = view->c.version;
  ASSERT_TRUE(cases_->Act(As("cw"), number_, "accept", {}, version));
  auto stale = cases_->Act(As("cw"), number_, "reject", {{"reasons", "Not about a member of the party."}}, version);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(cases_->Show(As("cw"), number_)->c.stage, "triage");
}

// A read reuses the file it read last only while nothing but the audit log
// changed: a change made through this service, or by another process on the
// same database (the command line beside a running server), shows at once.
TEST_F(CaseServiceTest, ARepeatedReadShowsEveryChangeWhoeverMadeIt) {
  ASSERT_EQ(cases_->Show(As("cw"), number_)->c.stage, "received");
  ASSERT_EQ(cases_->Show(As("cw"), number_)->c.stage, "received");
  ASSERT_TRUE(Act("cw", "accept"));
  EXPECT_EQ(cases_->Show(As("cw"), number_)->c.stage, "triage");
  {
    auto other = store::OpenStore(world_->path);
    ASSERT_TRUE(other) << other.error().message;
    CaseService elsewhere(**other, *world_->workflow, world_->clock);
    world_->clock.Advance(3600);
    ASSERT_TRUE(elsewhere.Act(As("cw"), number_, "request_information",
                              {{"questions", "Which meeting was it, and who else was there?"}}));
  }
  auto seen = cases_->Show(As("cw"), number_);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_EQ(seen->c.waiting, "awaiting_complainant");
  EXPECT_EQ(seen->events->size(), 3u);
}

// Show waits for ShowAsync; the second read comes from the writer's cache.
TEST_F(CaseServiceTest, ASecondReadGivesWhatTheFirstGaveAndEachReadOrRefusalIsRecorded) {
  auto count = [&](std::string_view action) {
    auto tx = world_->store->Begin(store::TransactionMode::kRead);
    auto records = (*tx)->Audit().ForObject("case", number_, 1000);
    return std::count_if(records->begin(), records->end(), [&](const auto& r) { return r.action == action; });
  };
  auto shown = [&](const std::string& who) {
    std::promise<CaseService::ShownCase> done;
    cases_->ShowAsync(As(who), number_, [&](CaseService::ShownCase result) { done.set_value(std::move(result)); });
    return done.get_future().get()();
  };
  auto sync = cases_->Show(As("cw"), number_);
  auto async = shown("cw");
  ASSERT_TRUE(sync && async);
  EXPECT_EQ(async->c.number, sync->c.number);
  EXPECT_EQ(async->c.version, sync->c.version);
  EXPECT_EQ(async->events->size(), sync->events->size());
  EXPECT_EQ(async->allowed_actions.size(), sync->allowed_actions.size());
  EXPECT_EQ(count("case.read"), 2);
  auto refused = shown("leader");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(count("access.refused"), 1);
  EXPECT_EQ(count("case.read"), 2);
  auto missing = [&] {
    std::promise<CaseService::ShownCase> done;
    cases_->ShowAsync(As("cw"), "2026-999999", [&](CaseService::ShownCase result) { done.set_value(std::move(result)); });
    return done.get_future().get()();
  }();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(CaseServiceTest, AFailedActionWritesNothing) {
  auto refused = Act("cw", "reject", {{"reasons", "short"}});
  ASSERT_FALSE(refused);
  auto view = cases_->Show(As("cw"), number_);
  EXPECT_EQ(view->c.version, 1);
  EXPECT_EQ(view->events->size(), 1u);
}

TEST_F(CaseServiceTest, PoliticalOfficeHoldersHaveNoAccessToCaseFiles) {
  auto read = cases_->Show(As("leader"), number_);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(read.error().message,
            "'leader' (political_office) may not access case " + number_ + ": political office holders have no access to case files");
  EXPECT_FALSE(cases_->Queue(As("leader"), {}));
  EXPECT_FALSE(Act("leader", "accept"));
}

TEST_F(CaseServiceTest, AdministratorsSeeNoCaseContent) {
  EXPECT_EQ(cases_->Show(As("admin"), number_).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(cases_->Queue(As("admin"), {}).error().code, ErrorCode::kPermissionDenied);
}

TEST_F(CaseServiceTest, OversightReadsEverythingAndChangesNothing) {
  auto view = cases_->Show(As("over"), number_);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->allowed_actions.empty());
  auto write = Act("over", "accept");
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(cases_->Queue(As("over"), {})->size(), 1u);
}

TEST_F(CaseServiceTest, AnInvestigatorSeesOnlyCasesAssignedToThem) {
  ASSERT_TRUE(Act("cw", "accept"));
  {
    auto opened = Act("cw", "open_investigation", {{"reasons", "A prima facie breach of the conduct rule."}, {"assignee", "inv"}});
    ASSERT_TRUE(opened) << opened.error().message;
  }
  EXPECT_TRUE(cases_->Show(As("inv"), number_));
  EXPECT_EQ(cases_->Show(As("inv2"), number_).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(cases_->Queue(As("inv"), {})->size(), 1u);
  EXPECT_EQ(cases_->Queue(As("inv2"), {})->size(), 0u) << "the queue is narrowed to the investigator's own cases";
  EXPECT_EQ(Act("inv2", "send_notice_of_investigation", {{"allegations", "Posted antisemitic material online."}}).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(CaseServiceTest, ARespondentSeesOnlyTheirOwnCase) {
  EXPECT_TRUE(cases_->Show(As("resp"), number_));
  EXPECT_EQ(cases_->Show(As("other"), number_).error().code, ErrorCode::kPermissionDenied);
}

// A named complainant's name is what the respondent must be able to answer;
// their email address and membership record are not the respondent's to see.
TEST_F(CaseServiceTest, ARespondentSeesANamedComplainantsNameButNotTheirContactDetails) {
  IntakeService intake(*world_->store, *world_->workflow, world_->clock, SystemRandomDigits);
  ComplaintInput input;
  input.category = "antisemitism";
  input.description = "Repeated the remark at the same meeting.";
  input.occurred_on = "2026-03-01";
  input.complainant = domain::Complainant{"Miriam Cohen", "miriam@example.net", other_member_};
  input.respondents = {{"Jon Smith", "A0000001", std::nullopt}};
  auto receipt = intake.Submit(input);
  ASSERT_TRUE(receipt) << receipt.error().message;
  auto seen = cases_->Show(As("resp"), receipt->case_number);
  ASSERT_TRUE(seen) << seen.error().message;
  bool found = false;
  for (const domain::Complaint& complaint : seen->complaints) {
    if (!complaint.complainant) continue;
    found = true;
    EXPECT_EQ(complaint.complainant->name, "Miriam Cohen");
    EXPECT_TRUE(complaint.complainant->email.empty());
    EXPECT_FALSE(complaint.complainant->member);
  }
  EXPECT_TRUE(found);
  auto staff = cases_->Show(As("cw"), receipt->case_number);
  ASSERT_TRUE(staff);
  bool staff_sees_email = false;
  for (const domain::Complaint& complaint : staff->complaints) {
    staff_sees_email = staff_sees_email || (complaint.complainant && complaint.complainant->email == "miriam@example.net");
  }
  EXPECT_TRUE(staff_sees_email);
}

TEST_F(CaseServiceTest, NobodyIsAssignedOrSeatedWhereTheirDeclaredInterestTouchesAParty) {
  PanelService panels(*world_->store, *world_->workflow, world_->clock);
  ASSERT_TRUE(panels.DeclareInterest(As("inv"), "inv", domain::InterestKind::kBranch, "leeds central"));
  auto assigned = Act("cw", "assign", {{"assignee", "inv"}});
  ASSERT_FALSE(assigned);
  EXPECT_EQ(assigned.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(assigned.error().message,
            "conflict of interest on case " + number_ +
                ": 'inv' declared an interest in branch 'leeds central', the branch of the respondent Jon Smith");
  ASSERT_TRUE(panels.DeclareInterest(As("panel"), "panel", domain::InterestKind::kPerson, "A0000001"));
  auto seated = panels.Seat(As("cw"), number_, "panel", domain::PanelKind::kPanel);
  ASSERT_FALSE(seated);
  EXPECT_NE(seated.error().message.find("'panel' declared an interest in A0000001, the respondent"), std::string::npos)
      << seated.error().message;
  EXPECT_TRUE(Act("cw", "assign", {{"assignee", "inv2"}}));
  EXPECT_EQ(panels.DeclareInterest(As("inv2"), "inv", domain::InterestKind::kBranch, "x").error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(CaseServiceTest, AnAppealIsNotSeatedWithTheFirstPanelAndRecusalsAreRecorded) {
  PanelService panels(*world_->store, *world_->workflow, world_->clock);
  ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named("appeal2", "Appeal Two", "appeal_panel")));
  ASSERT_TRUE(panels.Seat(As("cw"), number_, "panel", domain::PanelKind::kPanel));
  EXPECT_EQ(panels.Seat(As("cw"), number_, "appeal", domain::PanelKind::kPanel).error().code,
            ErrorCode::kInvalidArgument) << "an appeal panel member does not sit on the first panel";
  EXPECT_EQ(panels.Seat(As("panel"), number_, "appeal", domain::PanelKind::kAppeal).error().code,
            ErrorCode::kPermissionDenied) << "only the complaints unit seats panels";
  ASSERT_TRUE(panels.Seat(As("cw"), number_, "appeal", domain::PanelKind::kAppeal));
  ASSERT_TRUE(panels.Recuse(As("appeal"), number_, "I know the complainant personally."));
  EXPECT_EQ(cases_->Show(As("appeal"), number_).error().code, ErrorCode::kPermissionDenied);
  auto again = panels.Seat(As("cw"), number_, "appeal", domain::PanelKind::kAppeal);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("stepped aside"), std::string::npos);
  EXPECT_TRUE(panels.Seat(As("cw"), number_, "appeal2", domain::PanelKind::kAppeal));
}

TEST_F(CaseServiceTest, AssigningToSomeoneWhoCannotHoldCasesIsRefused) {
  auto bad = Act("cw", "assign", {{"assignee", "panel"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "field 'assignee': 'panel' is a panel_member, and only caseworkers and investigators hold cases");
  auto unknown = Act("cw", "assign", {{"assignee", "nobody"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "field 'assignee': no user named 'nobody'");
  ASSERT_TRUE(Act("cw", "assign", {{"assignee", "cw"}}));
}

TEST_F(CaseServiceTest, OverdueListsBreachedDeadlines) {
  EXPECT_TRUE(cases_->Overdue(As("over"))->empty());
  world_->clock.Advance(10 * 86400);
  auto overdue = cases_->Overdue(As("over"));
  ASSERT_TRUE(overdue);
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ((*overdue)[0].case_number, number_);
  EXPECT_EQ((*overdue)[0].what, "stage 'received' deadline");
  EXPECT_GT((*overdue)[0].working_days_over, 0);
}

TEST_F(CaseServiceTest, TheQueueMarksDeadlinesAsTimeLeft) {
  auto rows = cases_->Queue(As("cw"), {});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].status, DeadlineStatus::kDueSoon);
  EXPECT_EQ((*rows)[0].working_days_left, 2);
}

}  // namespace
}  // namespace docket::app
