#include "app/intake_service.hpp"

#include <gtest/gtest.h>

#include "app/case_service.hpp"
#include "app/directory.hpp"
#include "test_world.hpp"

namespace docket::app {
namespace {

using testing::TestWorld;

std::string CountingDigits(int count) {
  static int calls = 0;
  std::string digits = std::to_string(1000000000000000LL + ++calls);
  return digits.substr(digits.size() - static_cast<std::size_t>(count));
}

ComplaintInput Named() {
  ComplaintInput input;
  input.category = "antisemitism";
  input.description = "At the branch meeting on 1 March he said Jews control the media.";
  input.occurred_on = "2026-03-01";
  input.complainant = domain::Complainant{"Ruth Cohen", "ruth@example.org", std::nullopt};
  input.respondents = {{"Jon Smith", "A0000001", std::nullopt}};
  return input;
}

MemberId AddMember(TestWorld& world, std::string number) {
  domain::Member m;
  m.membership_number = std::move(number);
  m.given_name = "Jon";
  m.family_name = "Smith";
  m.branch = "Leeds Central";
  m.joined_on = Date::FromYmd(2010, 1, 1);
  auto tx = world.store->Begin(store::TransactionMode::kWrite);
  MemberId id = *(*tx)->Members().Insert(m);
  EXPECT_TRUE((*tx)->Commit());
  return id;
}

TEST(IntakeServiceTest, AComplaintOpensACaseInTheStartStageAndGetsASixteenDigitReceipt) {
  TestWorld world("intake-opens");
  IntakeService intake(*world.store, *world.workflow, world.clock, SystemRandomDigits);
  auto receipt = intake.Submit(Named());
  ASSERT_TRUE(receipt) << receipt.error().message;
  EXPECT_EQ(receipt->receipt.size(), 16u);
  EXPECT_TRUE(std::all_of(receipt->receipt.begin(), receipt->receipt.end(), [](char c) { return c >= '0' && c <= '9'; }));
  EXPECT_EQ(receipt->case_number, "2026-000001");
  EXPECT_FALSE(receipt->grouped);
  auto tx = world.store->Begin(store::TransactionMode::kRead);
  auto c = (*tx)->Cases().FindByNumber("2026-000001");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->stage, "received");
  ASSERT_TRUE(c->clock);
  EXPECT_EQ(c->clock->budget_working_days, 2);
  auto events = (*tx)->Cases().Events(c->id);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "received");
  auto complaint = (*tx)->Complaints().FindByReceipt(receipt->receipt);
  ASSERT_TRUE(complaint);
  EXPECT_EQ(complaint->case_id, c->id);
}

TEST(IntakeServiceTest, ARespondentsMembershipNumberIsResolvedToTheMember) {
  TestWorld world("intake-resolves");
  MemberId member = AddMember(world, "A0000001");
  IntakeService intake(*world.store, *world.workflow, world.clock, CountingDigits);
  auto receipt = intake.Submit(Named());
  ASSERT_TRUE(receipt);
  auto tx = world.store->Begin(store::TransactionMode::kRead);
  auto c = (*tx)->Cases().FindByNumber(receipt->case_number);
  ASSERT_EQ(c->respondents.size(), 1u);
  EXPECT_EQ(c->respondents[0].member, member);
}

TEST(IntakeServiceTest, ASecondComplaintAboutTheSameIncidentJoinsTheOpenCase) {
  TestWorld world("intake-groups");
  AddMember(world, "A0000001");
  IntakeService intake(*world.store, *world.workflow, world.clock, CountingDigits);
  auto first = intake.Submit(Named());
  ASSERT_TRUE(first);
  ComplaintInput second = Named();
  second.complainant = domain::Complainant{"David Levy", "david@example.org", std::nullopt};
  auto grouped = intake.Submit(second);
  ASSERT_TRUE(grouped) << grouped.error().message;
  EXPECT_TRUE(grouped->grouped);
  EXPECT_EQ(grouped->case_number, first->case_number);
  EXPECT_NE(grouped->receipt, first->receipt);
  ComplaintInput other_day = Named();
  other_day.occurred_on = "2026-02-20";
  auto separate = intake.Submit(other_day);
  ASSERT_TRUE(separate);
  EXPECT_FALSE(separate->grouped);
  EXPECT_EQ(separate->case_number, "2026-000002");
}

TEST(IntakeServiceTest, InvalidComplaintsAreRefusedNamingTheFieldAndWriteNothing) {
  TestWorld world("intake-invalid");
  IntakeService intake(*world.store, *world.workflow, world.clock, CountingDigits);
  struct Case {
    std::string name;
    std::function<void(ComplaintInput&)> edit;
    std::string message;
  };
  std::vector<Case> cases = {
      {"unknown category", [](ComplaintInput& i) { i.category = "rudeness"; },
       "field 'category': unknown category 'rudeness'; one of: antisemitism, other_racism, sexual_harassment, "
       "bullying, platform_sharing, other_misconduct"},
      {"blank description", [](ComplaintInput& i) { i.description = "  \n"; }, "field 'description': say what happened"},
      {"bad date", [](ComplaintInput& i) { i.occurred_on = "2026-02-30"; },
       "field 'occurred_on': '2026-02-30' is not a real calendar date"},
      {"future date", [](ComplaintInput& i) { i.occurred_on = "2026-03-04"; }, "field 'occurred_on': is in the future"},
      {"no respondents", [](ComplaintInput& i) { i.respondents.clear(); },
       "field 'respondents': name at least one person the complaint is about"},
      {"blank respondent", [](ComplaintInput& i) { i.respondents[0].name = ""; }, "field 'respondents[0].name': is empty"},
      {"named without complainant", [](ComplaintInput& i) { i.complainant.reset(); },
       "field 'complainant': required unless the complaint is anonymous"},
      {"bad email", [](ComplaintInput& i) { i.complainant->email = "ruth"; },
       "field 'complainant.email': 'ruth' is not an email address"},
      {"anonymous with identity", [](ComplaintInput& i) { i.anonymity = domain::Anonymity::kAnonymous; },
       "field 'complainant': an anonymous complaint must not carry the complainant's identity"},
  };
  for (const Case& c : cases) {
    ComplaintInput input = Named();
    c.edit(input);
    auto receipt = intake.Submit(input);
    ASSERT_FALSE(receipt) << c.name;
    EXPECT_EQ(receipt.error().code, ErrorCode::kInvalidArgument) << c.name;
    EXPECT_EQ(receipt.error().message, c.message) << c.name;
  }
  auto tx = world.store->Begin(store::TransactionMode::kRead);
  store::CaseQuery all;
  all.open_only = false;
  EXPECT_TRUE((*tx)->Cases().List(all)->empty());
}

TEST(IntakeServiceTest, AnAnonymousComplainantStaysAnonymousToStaff) {
  TestWorld world("intake-anonymous");
  IntakeService intake(*world.store, *world.workflow, world.clock, CountingDigits);
  ComplaintInput input = Named();
  input.anonymity = domain::Anonymity::kAnonymous;
  input.complainant.reset();
  auto receipt = intake.Submit(input);
  ASSERT_TRUE(receipt) << receipt.error().message;
  ASSERT_TRUE(AddUser(*world.store, world.policy, store::User::Named("cw", "Caseworker", "caseworker")));
  auto actor = ActorFor(*world.store, world.policy, "cw");
  ASSERT_TRUE(actor);
  CaseService cases(*world.store, *world.workflow, world.clock);
  auto view = cases.Show(*actor, receipt->case_number);
  ASSERT_TRUE(view) << view.error().message;
  ASSERT_EQ(view->complaints.size(), 1u);
  EXPECT_EQ(view->complaints[0].anonymity, domain::Anonymity::kAnonymous);
  EXPECT_FALSE(view->complaints[0].complainant);
}

TEST(IntakeServiceTest, AComplaintAboutEventsBeyondTheTimeLimitIsLoggedAndMarkedOutOfTime) {
  TestWorld world("intake-time-limit");
  IntakeService intake(*world.store, *world.workflow, world.clock, CountingDigits);
  ComplaintInput input = Named();
  input.occurred_on = "2023-01-10";
  auto receipt = intake.Submit(input);
  ASSERT_TRUE(receipt) << "zero tolerance: every complaint is logged, even one out of time";
  ASSERT_TRUE(AddUser(*world.store, world.policy, store::User::Named("cw", "Caseworker", "caseworker")));
  CaseService cases(*world.store, *world.workflow, world.clock);
  auto view = cases.Show(*ActorFor(*world.store, world.policy, "cw"), receipt->case_number);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->out_of_time);
}

}  // namespace
}  // namespace docket::app
