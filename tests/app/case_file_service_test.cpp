#include "app/case_file_service.hpp"

#include <gtest/gtest.h>

#include "app/complainant_service.hpp"
#include "app/directory.hpp"
#include "app/intake_service.hpp"
#include "test_world.hpp"

namespace docket::app {
namespace {

using testing::TestWorld;

class CaseFileServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = std::make_unique<TestWorld>(::testing::UnitTest::GetInstance()->current_test_info()->name());
    domain::Member m;
    m.membership_number = "A0000001";
    m.given_name = "Jon";
    m.family_name = "Smith";
    m.branch = "Leeds";
    m.joined_on = Date::FromYmd(2010, 1, 1);
    {
      auto tx = world_->store->Begin(store::TransactionMode::kWrite);
      respondent_ = *(*tx)->Members().Insert(m);
      ASSERT_TRUE((*tx)->Commit());
    }
    for (auto [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"cw", "caseworker"}, {"over", "oversight"}, {"leader", "political_office"}}) {
      ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named(name, name, role)));
    }
    ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named("resp", "Jon", "respondent", respondent_)));
    IntakeService intake(*world_->store, *world_->workflow, world_->clock, SystemRandomDigits);
    ComplaintInput input;
    input.category = "antisemitism";
    input.description = "Posted a conspiracy theory about Jewish bankers.";
    input.occurred_on = "2026-03-01";
    input.complainant = domain::Complainant{"Ruth Cohen", "ruth@example.org", std::nullopt};
    input.respondents = {{"Jon Smith", "A0000001", std::nullopt}};
    auto receipt = intake.Submit(input);
    ASSERT_TRUE(receipt) << receipt.error().message;
    receipt_ = *receipt;
    files_ = std::make_unique<CaseFileService>(*world_->store, world_->clock);
  }

  domain::Actor As(const std::string& username) { return *ActorFor(*world_->store, world_->policy, username); }

  std::unique_ptr<TestWorld> world_;
  std::unique_ptr<CaseFileService> files_;
  MemberId respondent_;
  Receipt receipt_;
};

TEST_F(CaseFileServiceTest, TheComplainantReadsStatusWithReceiptAndSecretAndNothingElse) {
  ComplainantService complainants(*world_->store, *world_->workflow, world_->clock);
  EXPECT_EQ(receipt_.secret.size(), 32u);
  auto status = complainants.Status(receipt_.receipt, receipt_.secret, "10.0.0.1");
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(status->stage_title, "Received");
  EXPECT_EQ(status->case_number, receipt_.case_number);
  auto wrong = complainants.Status(receipt_.receipt, "0123456789abcdef0123456789abcdef", "10.0.0.1");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, "unknown receipt or wrong secret");
  auto unknown = complainants.Status("0000000000000000", receipt_.secret, "10.0.0.1");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "unknown receipt or wrong secret");
}

TEST_F(CaseFileServiceTest, ComplainantAndCaseworkerExchangeMessagesWithoutStaffNames) {
  ComplainantService complainants(*world_->store, *world_->workflow, world_->clock);
  ASSERT_TRUE(complainants.PostMessage(receipt_.receipt, receipt_.secret, "Has anyone read my complaint?", "10.0.0.1"));
  ASSERT_TRUE(files_->SendMessage(As("cw"), receipt_.case_number, store::Party::kComplainant,
                                  "Yes: it is in triage and you will hear within five working days."));
  auto status = complainants.Status(receipt_.receipt, receipt_.secret, "10.0.0.1");
  ASSERT_EQ(status->messages.size(), 2u);
  EXPECT_EQ(status->messages[0].from, "you");
  EXPECT_EQ(status->messages[1].from, "complaints unit");
  auto staff_view = files_->Messages(As("cw"), receipt_.case_number, store::Party::kComplainant);
  ASSERT_EQ(staff_view->size(), 2u);
  EXPECT_EQ((*staff_view)[1].author, "cw");
  EXPECT_FALSE(complainants.PostMessage(receipt_.receipt, receipt_.secret, "   ", "10.0.0.1"));
}

TEST_F(CaseFileServiceTest, PartiesNeverSeeInternalNotes) {
  ASSERT_TRUE(files_->AddNote(As("cw"), receipt_.case_number, "Complainant sounded distressed; call back."));
  EXPECT_EQ(files_->Notes(As("cw"), receipt_.case_number)->size(), 1u);
  EXPECT_EQ(files_->Notes(As("over"), receipt_.case_number)->size(), 1u);
  EXPECT_EQ(files_->Notes(As("resp"), receipt_.case_number).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(files_->AddNote(As("over"), receipt_.case_number, "x").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(files_->Notes(As("leader"), receipt_.case_number).error().code, ErrorCode::kPermissionDenied);
  auto tx = world_->store->Begin(store::TransactionMode::kRead);
  auto refusals = (*tx)->Audit().ForActor("leader", 10);
  ASSERT_EQ(refusals->size(), 1u);
  EXPECT_EQ((*refusals)[0].action, "access.refused");
}

TEST_F(CaseFileServiceTest, ARespondentSeesOnlyDisclosedEvidence) {
  store::Evidence file;
  file.file_name = "screenshot.png";
  file.content_type = "image/png";
  file.size = 1234;
  file.sha256 = std::string(64, 'a');
  auto added = files_->AddEvidence(As("cw"), receipt_.case_number, file);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_FALSE(added->disclosed);
  EXPECT_TRUE(files_->Evidence(As("resp"), receipt_.case_number)->empty());
  EXPECT_EQ(files_->GetEvidence(As("resp"), added->id).error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(files_->Disclose(As("cw"), added->id, true));
  EXPECT_EQ(files_->Evidence(As("resp"), receipt_.case_number)->size(), 1u);
  EXPECT_TRUE(files_->GetEvidence(As("resp"), added->id));
  EXPECT_EQ(files_->Disclose(As("over"), added->id, false).error().code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace docket::app
