// From alert to case, and from case back to the rule: a caseworker opens a
// platform-sharing case from an alert (or may not), a later overturn
// withdraws an alert a case came from without touching the case, and a
// panel's decision or interim suspension re-runs the rule in its own
// transaction, with the publication the policy gives it.
#include <gtest/gtest.h>

#include "app/case_service.hpp"
#include "app/directory.hpp"
#include "app/event_import.hpp"
#include "app/intake_service.hpp"
#include "app/panel_service.hpp"
#include "app/sanction_import.hpp"
#include "domain/workflow.hpp"
#include "platform_test_world.hpp"
#include "policy/calendar_file.hpp"

namespace docket::app {
namespace {

using testing::PlatformWorld;

// The world's clock stands at 2026-09-01T10:00:00Z; this rally is that evening.
const char* kTonight =
    "event_id,title,starts_at,place,links,name,membership_number,role\n"
    "rally-9,Rally on the high street,2026-09-01T18:00:00Z,Market Square,https://example.org/rally-9,Ann Official,A1,"
    "chair\n"
    "rally-9,,,,,Ben Suspended,B2,speaker\n";

const char* kSuspended =
    "membership_number,kind,category,start,end,published_on\n"
    "B2,suspension,antisemitism,2026-01-01,2026-12-31,2026-01-02\n";

class PlatformCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = std::make_unique<PlatformWorld>(::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto calendar = policy::LoadCalendarFile(std::string(DOCKET_DATA_DIR) + "/calendars/england-and-wales.toml");
    ASSERT_TRUE(calendar) << calendar.error().message;
    schedule_.calendar = std::move(*calendar);
    schedule_.zone = world_->zone;
    workflow_ = std::make_unique<domain::Workflow>(world_->policy, schedule_);
    intake_ = std::make_unique<IntakeService>(*world_->store, *workflow_, world_->clock, SystemRandomDigits);
    cases_ = std::make_unique<CaseService>(*world_->store, *workflow_, world_->clock);
    cases_->WatchSanctions(world_->platform->SanctionWatcher());
    for (auto [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"casey", "caseworker"}, {"inv", "investigator"}, {"panel", "panel_member"}, {"over", "oversight"}}) {
      ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named(name, name, role)));
    }
  }

  domain::Actor As(const std::string& username) {
    auto actor = ActorFor(*world_->store, world_->policy, username);
    EXPECT_TRUE(actor) << actor.error().message;
    return actor.value_or(domain::Actor{});
  }

  void ImportTonight() {
    auto parsed = ParseEventsCsv(kTonight, "events.csv", world_->zone);
    ASSERT_TRUE(parsed) << parsed.error().message;
    auto imported = ImportEvents(*world_->store, *world_->platform, As("casey"), std::move(*parsed),
                                 ImportMode::kAllOrNothing);
    ASSERT_TRUE(imported) << imported.error().message;
  }

  void ImportSuspension() {
    auto imported = ImportSanctions(*world_->store, *world_->platform, world_->policy, As("casey"), kSuspended,
                                    "sanctions.csv", ImportMode::kAllOrNothing);
    ASSERT_TRUE(imported) << imported.error().message;
  }

  std::int64_t CountCases() {
    auto tx = world_->store->Begin(store::TransactionMode::kRead);
    EXPECT_TRUE(tx);
    store::CaseQuery query;
    query.limit = 1000;
    auto rows = (*tx)->Cases().List(query);
    EXPECT_TRUE(rows);
    return rows ? static_cast<std::int64_t>(rows->size()) : -1;
  }

  // A complaint about Ben, taken to the stage where a seated panel acts.
  std::string CaseAboutBen() {
    ComplaintInput input;
    input.category = "antisemitism";
    input.description = "Posted a conspiracy theory about Jewish bankers.";
    input.occurred_on = "2026-08-01";
    input.anonymity = domain::Anonymity::kAnonymous;
    input.respondents = {{"Ben Suspended", "B2", std::nullopt}};
    auto receipt = intake_->Submit(input);
    EXPECT_TRUE(receipt) << receipt.error().message;
    std::string number = receipt ? receipt->case_number : "";
    PanelService panels(*world_->store, *workflow_, world_->clock);
    EXPECT_TRUE(panels.Seat(As("casey"), number, "panel", domain::PanelKind::kPanel));
    return number;
  }

  Result<CaseView> Act(const std::string& number, const std::string& who, const std::string& action,
                       domain::FieldMap fields = {}) {
    world_->clock.Advance(60);
    return cases_->Act(As(who), number, action, fields);
  }

  std::unique_ptr<PlatformWorld> world_;
  Schedule schedule_;
  std::unique_ptr<domain::Workflow> workflow_;
  std::unique_ptr<IntakeService> intake_;
  std::unique_ptr<CaseService> cases_;
};

TEST_F(PlatformCasesTest, ACaseworkerOpensAPlatformSharingCaseWithTheOfficialAsRespondentAndTheEventAttached) {
  ImportSuspension();
  ImportTonight();
  auto open = world_->Alerts(domain::AlertStatus::kOpen);
  ASSERT_EQ(open.size(), 1u);
  const AlertId id = open[0].id;

  auto opened = world_->platform->OpenCase(As("casey"), id, *intake_);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_FALSE(opened->grouped);
  EXPECT_EQ(opened->alert.status, domain::AlertStatus::kCaseOpened);
  EXPECT_EQ(opened->alert.case_number, opened->case_number);

  auto view = cases_->Show(As("casey"), opened->case_number);
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->c.category, "platform_sharing");
  ASSERT_EQ(view->c.respondents.size(), 1u);
  EXPECT_EQ(view->c.respondents[0].name, "Ann Official");
  EXPECT_EQ(view->c.respondents[0].member, open[0].official);
  ASSERT_EQ(view->complaints.size(), 1u);
  const domain::Complaint& complaint = view->complaints[0];
  EXPECT_EQ(complaint.channel, domain::Channel::kRule);
  EXPECT_EQ(complaint.occurred_on, *Date::Parse("2026-09-01"));
  EXPECT_EQ(complaint.place, "Market Square");
  EXPECT_EQ(complaint.links, std::vector<std::string>{"https://example.org/rally-9"});
  for (const char* fact : {"Opened by casey from platform-sharing alert", "\"Rally on the high street\"",
                           "Ben Suspended (B2) appeared as speaker", "made public on 2026-01-02"}) {
    EXPECT_NE(complaint.description.find(fact), std::string::npos) << fact << "\nin:\n" << complaint.description;
  }

  auto stored = world_->platform->ShowAlert(As("casey"), id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, domain::AlertStatus::kCaseOpened);
  EXPECT_EQ(stored->case_number, opened->case_number);
  EXPECT_NE(stored->Explanation().find("Case " + opened->case_number + " was opened from this alert."),
            std::string::npos);
  bool audited_on_alert = false;
  for (const auto& r : world_->AuditOf("platform_alert", std::to_string(id.value))) {
    audited_on_alert = audited_on_alert || (r.action == "platform.alert.case_opened" && r.actor == "casey");
  }
  EXPECT_TRUE(audited_on_alert);
  bool audited_on_case = false;
  for (const auto& r : world_->AuditOf("case", opened->case_number)) {
    audited_on_case = audited_on_case || (r.action == "case.open_from_alert" && r.actor == "casey");
  }
  EXPECT_TRUE(audited_on_case);

  // The rule's next full scan leaves the decision standing.
  auto scan = world_->platform->FullScan(As("casey"));
  ASSERT_TRUE(scan) << scan.error().message;
  EXPECT_EQ(scan->raised + scan->updated + scan->withdrawn, 0);
  EXPECT_EQ(world_->Alerts(domain::AlertStatus::kCaseOpened).size(), 1u);
}

TEST_F(PlatformCasesTest, ACaseRaisedAboutAnOldEventIsNotOutOfTime) {
  ASSERT_TRUE(ImportSanctions(*world_->store, *world_->platform, world_->policy, As("casey"),
                              "membership_number,kind,category,start,end,published_on\n"
                              "B2,expulsion,antisemitism,2023-01-10,,2023-01-11\n",
                              "sanctions.csv", ImportMode::kAllOrNothing));
  auto parsed = ParseEventsCsv("event_id,title,starts_at,place,links,name,membership_number,role\n"
                               "old-1,Old rally,2024-06-01T18:00:00Z,Market Square,,Ann Official,A1,chair\n"
                               "old-1,,,,,Ben Suspended,B2,speaker\n",
                               "events.csv", world_->zone);
  ASSERT_TRUE(parsed);
  ASSERT_TRUE(ImportEvents(*world_->store, *world_->platform, As("casey"), std::move(*parsed),
                           ImportMode::kAllOrNothing));
  auto opened = world_->platform->OpenCase(As("casey"), world_->Alerts(domain::AlertStatus::kOpen).at(0).id, *intake_);
  ASSERT_TRUE(opened) << opened.error().message;
  auto view = cases_->Show(As("casey"), opened->case_number);
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->out_of_time) << "the complaint time limit is for complainants, not for the rule";
}

TEST_F(PlatformCasesTest, OnlyACaseworkerOpensACaseAndOnlyFromAnOpenAlertAndARefusalWritesNothing) {
  ImportSuspension();
  ImportTonight();
  const AlertId id = world_->Alerts(domain::AlertStatus::kOpen).at(0).id;
  const std::int64_t before = CountCases();
  for (const char* who : {"over", "inv", "panel"}) {
    auto refused = world_->platform->OpenCase(As(who), id, *intake_);
    ASSERT_FALSE(refused) << who;
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied) << who;
  }
  ASSERT_TRUE(world_->platform->DismissAlert(As("casey"), id, "The councillor left before the speeches began."));
  auto dismissed = world_->platform->OpenCase(As("casey"), id, *intake_);
  ASSERT_FALSE(dismissed);
  EXPECT_EQ(dismissed.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(dismissed.error().message.find("dismissed"), std::string::npos) << dismissed.error().message;
  EXPECT_EQ(world_->platform->OpenCase(As("casey"), AlertId{999}, *intake_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(CountCases(), before);
}

TEST_F(PlatformCasesTest, AnOverturnWithdrawsTheAlertACaseCameFromAndLeavesTheCaseToAPerson) {
  ImportSuspension();
  ImportTonight();
  const domain::PlatformAlert alert = world_->Alerts(domain::AlertStatus::kOpen).at(0);
  auto opened = world_->platform->OpenCase(As("casey"), alert.id, *intake_);
  ASSERT_TRUE(opened) << opened.error().message;
  const SanctionId sanction = alert.sanctioned.at(0).sanction;

  auto overturned = world_->platform->OverturnSanction(As("casey"), sanction, "Overturned on appeal: wrong person.");
  ASSERT_TRUE(overturned) << overturned.error().message;
  EXPECT_EQ(overturned->withdrawn, 1);
  auto withdrawn = world_->platform->ShowAlert(As("casey"), alert.id);
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->status, domain::AlertStatus::kWithdrawn);
  EXPECT_EQ(withdrawn->case_number, opened->case_number) << "the alert still names its case";
  EXPECT_NE(withdrawn->reason.find("overturned"), std::string::npos) << withdrawn->reason;
  auto still = cases_->Show(As("casey"), opened->case_number);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->c.stage, "received") << "the rule never moves a case by itself";
}

TEST_F(PlatformCasesTest, APanelsExpulsionIsPublicThatDayAndRaisesTheAlertInTheDecisionsTransaction) {
  ImportTonight();
  ASSERT_TRUE(world_->Alerts().empty()) << "Ben is not sanctioned yet";
  const std::string number = CaseAboutBen();
  ASSERT_TRUE(Act(number, "casey", "accept"));
  ASSERT_TRUE(Act(number, "casey", "open_investigation",
                  {{"reasons", "A prima facie breach of the conduct rule."}, {"assignee", "inv"}}));
  ASSERT_TRUE(Act(number, "inv", "send_notice_of_investigation", {{"allegations", "Posted conspiracy material."}}));
  ASSERT_TRUE(Act(number, "inv", "refer_to_panel", {{"reasons", "The evidence supports the allegation."}}));
  auto decided = Act(number, "panel", "decide", {{"outcome", "expulsion"}, {"reasons", "Proved on his own posts."}});
  ASSERT_TRUE(decided) << decided.error().message;
  ASSERT_EQ(decided->sanctions.size(), 1u);
  EXPECT_EQ(decided->sanctions[0].published_on, *Date::Parse("2026-09-01"));

  auto alerts = world_->Alerts(domain::AlertStatus::kOpen);
  ASSERT_EQ(alerts.size(), 1u) << "no full scan was run";
  EXPECT_EQ(alerts[0].official_number, "A1");
  ASSERT_EQ(alerts[0].sanctioned.size(), 1u);
  EXPECT_EQ(alerts[0].sanctioned[0].kind, "expulsion");
  EXPECT_EQ(alerts[0].sanctioned[0].published_on, *Date::Parse("2026-09-01"));
  bool raised_by_panel = false;
  for (const auto& r : world_->AuditOf("platform_alert", std::to_string(alerts[0].id.value))) {
    raised_by_panel = raised_by_panel || (r.action == "platform.alert.raised" && r.actor == "panel");
  }
  EXPECT_TRUE(raised_by_panel);
}

TEST_F(PlatformCasesTest, AnInterimSuspensionCountsOnlyOnceSomeoneRecordsWhenItWasMadePublic) {
  ImportTonight();
  const std::string number = CaseAboutBen();
  ASSERT_TRUE(Act(number, "casey", "accept"));
  auto interim = Act(number, "panel", "impose_interim_suspension", {{"reasons", "Risk to members at events."}});
  ASSERT_TRUE(interim) << interim.error().message;
  ASSERT_EQ(interim->sanctions.size(), 1u);
  EXPECT_FALSE(interim->sanctions[0].published_on) << "interim suspensions are not announced by default";
  EXPECT_TRUE(world_->Alerts().empty());

  const SanctionId sanction = interim->sanctions[0].id;
  auto future = world_->platform->PublishSanction(As("casey"), sanction, *Date::Parse("2026-09-02"));
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(world_->platform->PublishSanction(As("over"), sanction, *Date::Parse("2026-09-01")).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(world_->Alerts().empty()) << "refusals change nothing";

  auto published = world_->platform->PublishSanction(As("casey"), sanction, *Date::Parse("2026-09-01"));
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_EQ(published->raised, 1);
  auto alerts = world_->Alerts(domain::AlertStatus::kOpen);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].sanctioned.at(0).kind, "interim_suspension");
  bool audited = false;
  for (const auto& r : world_->AuditOf("sanction", std::to_string(sanction.value))) {
    audited = audited || (r.action == "sanction.published" && r.actor == "casey");
  }
  EXPECT_TRUE(audited);
}

// A full scan evaluates the events where someone under a listed, published
// sanction appears, and the events of stored alerts; here the only sanction
// was overturned behind the rule's back (no incremental check ran), so the
// alert's event is reached only as a stored alert's, and is withdrawn with
// the reason its facts give.
TEST_F(PlatformCasesTest, AFullScanStillReconcilesAnAlertWhoseSanctionNoLongerCounts) {
  ImportSuspension();
  ImportTonight();
  const domain::PlatformAlert alert = world_->Alerts(domain::AlertStatus::kOpen).at(0);
  {
    auto tx = world_->store->Begin(store::TransactionMode::kWrite);
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->Platform().OverturnSanction(alert.sanctioned.at(0).sanction, world_->clock.Now(),
                                                   "Overturned on appeal."));
    ASSERT_TRUE((*tx)->Commit());
  }
  ASSERT_EQ(world_->Alerts(domain::AlertStatus::kOpen).size(), 1u) << "nothing has checked yet";
  auto scan = world_->platform->FullScan(As("casey"));
  ASSERT_TRUE(scan) << scan.error().message;
  EXPECT_EQ(scan->events_checked, 1) << "every event is counted";
  EXPECT_EQ(scan->withdrawn, 1);
  auto withdrawn = world_->Alerts(domain::AlertStatus::kWithdrawn);
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_NE(withdrawn[0].reason.find("overturned"), std::string::npos)
      << "the reason is read from the event's facts: " << withdrawn[0].reason;
}

// Offices change too: one recorded late, with an earlier start, raises the
// alert at once; ending it before the event withdraws it with the reason.
TEST_F(PlatformCasesTest, AnOfficeRecordedOrEndedLaterRunsTheRuleForThatMember) {
  ImportSuspension();
  auto parsed = ParseEventsCsv("event_id,title,starts_at,place,links,name,membership_number,role\n"
                               "forum-3,Ward forum,2026-09-01T18:00:00Z,Ward Hall,,Sean O'Brien,S4,speaker\n"
                               "forum-3,,,,,Ben Suspended,B2,speaker\n",
                               "events.csv", world_->zone);
  ASSERT_TRUE(parsed);
  ASSERT_TRUE(ImportEvents(*world_->store, *world_->platform, As("casey"), std::move(*parsed),
                           ImportMode::kAllOrNothing));
  ASSERT_TRUE(world_->Alerts().empty()) << "Sean holds no office yet";

  domain::Office ward{"councillor", "Councillor, Ward 9", *Date::Parse("2024-05-02"), std::nullopt};
  EXPECT_EQ(world_->platform->AddOffice(As("over"), "S4", ward).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(world_->platform->AddOffice(As("casey"), "NOBODY", ward).error().code, ErrorCode::kNotFound);
  auto added = world_->platform->AddOffice(As("casey"), "S4", ward);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->raised, 1);
  auto open = world_->Alerts(domain::AlertStatus::kOpen);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].office.title, "Councillor, Ward 9");

  EXPECT_EQ(world_->platform->EndOffice(As("casey"), "S4", "Councillor, Ward 1", *Date::Parse("2026-08-31")).error().code,
            ErrorCode::kNotFound);
  auto ended = world_->platform->EndOffice(As("casey"), "S4", "Councillor, Ward 9", *Date::Parse("2026-08-31"));
  ASSERT_TRUE(ended) << ended.error().message;
  EXPECT_EQ(ended->withdrawn, 1);
  auto withdrawn = world_->Alerts(domain::AlertStatus::kWithdrawn);
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_FALSE(withdrawn[0].reason.empty());
  bool audited = false;
  for (const auto& r : world_->AuditOf("member", "S4")) audited = audited || r.action == "member.office.end";
  EXPECT_TRUE(audited);
}

}  // namespace
}  // namespace docket::app
