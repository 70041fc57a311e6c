#include "app/account_service.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "app/directory.hpp"
#include "security/totp.hpp"
#include "test_world.hpp"

namespace docket::app {
namespace {

using testing::TestWorld;

const std::string kKey = "12345678901234567890";

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = std::make_unique<TestWorld>(::testing::UnitTest::GetInstance()->current_test_info()->name());
    accounts_ = std::make_unique<AccountService>(*world_->store, world_->policy, world_->clock);
    ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named("aoife", "Aoife", "caseworker")));
    ASSERT_TRUE(accounts_->SetPassword("aoife", "a long enough password"));
    ASSERT_TRUE(accounts_->SetTotpKey("aoife", kKey));
  }
  std::string Code() const { return security::TotpCode(kKey, world_->clock.Now()); }

  std::unique_ptr<TestWorld> world_;
  std::unique_ptr<AccountService> accounts_;
};

TEST_F(AccountServiceTest, APasswordAndACurrentCodeSignIn) {
  auto login = accounts_->Login("aoife", "a long enough password", Code(), "10.0.0.1");
  ASSERT_TRUE(login) << login.error().message;
  EXPECT_EQ(login->session_token.size(), 64u);
  EXPECT_EQ(login->csrf_token.size(), 64u);
  EXPECT_EQ(login->actor.role, "caseworker");
  auto who = accounts_->AuthenticateSession(login->session_token, "10.0.0.1");
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->actor.username, "aoife");
  EXPECT_EQ(who->csrf_token, login->csrf_token);
  auto tx = world_->store->Begin(store::TransactionMode::kRead);
  auto log = (*tx)->Audit().ForActor("aoife", 10);
  ASSERT_FALSE(log->empty());
  EXPECT_EQ(log->front().action, "login");
}

TEST_F(AccountServiceTest, AWrongPasswordCodeOrUserGetsTheSameAnswer) {
  auto wrong_password = accounts_->Login("aoife", "not the password!", Code(), "10.0.0.1");
  auto wrong_code = accounts_->Login("aoife", "a long enough password", "000000", "10.0.0.1");
  auto unknown = accounts_->Login("nobody", "a long enough password", Code(), "10.0.0.1");
  for (const auto& attempt : {wrong_password, wrong_code, unknown}) {
    ASSERT_FALSE(attempt);
    EXPECT_EQ(attempt.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(attempt.error().message, "wrong user name, password or code");
  }
}

TEST_F(AccountServiceTest, FailuresGrowTheDelayAndTheRightPasswordWaitsToo) {
  EXPECT_EQ(AccountService::DelayAfterFailures(3), 0);
  EXPECT_EQ(AccountService::DelayAfterFailures(4), 1);
  EXPECT_EQ(AccountService::DelayAfterFailures(6), 4);
  EXPECT_EQ(AccountService::DelayAfterFailures(40), 900);
  for (int i = 0; i < 4; ++i) (void)accounts_->Login("aoife", "wrong password..", Code(), "10.0.0.1");
  auto delayed = accounts_->Login("aoife", "a long enough password", Code(), "10.0.0.1");
  ASSERT_FALSE(delayed);
  EXPECT_EQ(delayed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(delayed.error().message, "too many failed attempts: try again in 1 second");
  world_->clock.Advance(1);
  (void)accounts_->Login("aoife", "wrong password..", Code(), "10.0.0.1");  // the fifth failure
  auto longer = accounts_->Login("aoife", "a long enough password", Code(), "10.0.0.1");
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().message, "too many failed attempts: try again in 2 seconds");
  world_->clock.Advance(2);
  auto later = accounts_->Login("aoife", "a long enough password", Code(), "10.0.0.1");
  ASSERT_TRUE(later) << later.error().message;
  auto tx = world_->store->Begin(store::TransactionMode::kRead);
  EXPECT_EQ((*tx)->Users().FindByUsername("aoife")->failed_logins, 0) << "a success clears the count";
}

TEST_F(AccountServiceTest, StaffWithoutASecondFactorCannotSignIn) {
  ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named("tom", "Tom", "investigator")));
  ASSERT_TRUE(accounts_->SetPassword("tom", "another long password"));
  auto login = accounts_->Login("tom", "another long password", "", "10.0.0.1");
  ASSERT_FALSE(login);
  EXPECT_EQ(login.error().code, ErrorCode::kFailedPrecondition);
  auto enrolment = accounts_->StartTotp("tom");
  ASSERT_TRUE(enrolment);
  auto key = security::Base32Decode(enrolment->secret_base32);
  EXPECT_FALSE(accounts_->ConfirmTotp("tom", "123456"));
  ASSERT_TRUE(accounts_->ConfirmTotp("tom", security::TotpCode(*key, world_->clock.Now())));
  EXPECT_TRUE(accounts_->Login("tom", "another long password", security::TotpCode(*key, world_->clock.Now()), "x"));
}

TEST_F(AccountServiceTest, RespondentsSignInWithAPasswordAlone) {
  ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named("jon", "Jon", "respondent")));
  ASSERT_TRUE(accounts_->SetPassword("jon", "respondent password"));
  EXPECT_TRUE(accounts_->Login("jon", "respondent password", "", "10.0.0.2"));
}

TEST_F(AccountServiceTest, ASessionExpiresAndLogoutEndsIt) {
  auto login = accounts_->Login("aoife", "a long enough password", Code(), "10.0.0.1");
  ASSERT_TRUE(login);
  ASSERT_TRUE(accounts_->Logout(login->session_token));
  EXPECT_FALSE(accounts_->AuthenticateSession(login->session_token, "10.0.0.1"));
  auto again = accounts_->Login("aoife", "a long enough password", Code(), "10.0.0.1");
  world_->clock.Advance(9 * 3600);
  auto expired = accounts_->AuthenticateSession(again->session_token, "10.0.0.1");
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kPermissionDenied);
}

// Eight hours from the last use, not from sign-in, and never more than a day:
// someone working all day is not signed out at lunch, and a stolen cookie
// does not live for ever.
TEST_F(AccountServiceTest, UseExtendsASessionToEightIdleHoursWithinADay) {
  auto login = accounts_->Login("aoife", "a long enough password", Code(), "10.0.0.1");
  ASSERT_TRUE(login);
  const Instant signed_in = world_->clock.Now();
  world_->clock.Advance(60);
  auto early = accounts_->AuthenticateSession(login->session_token, "10.0.0.1");
  ASSERT_TRUE(early);
  EXPECT_FALSE(early->session_expires_at) << "not extended within minutes of the last extension";
  for (int hour : {7, 14, 21}) {
    world_->clock.Advance(7 * 3600 - (hour == 7 ? 60 : 0));
    auto used = accounts_->AuthenticateSession(login->session_token, "10.0.0.1");
    ASSERT_TRUE(used) << "used " << hour << " h after signing in";
    ASSERT_TRUE(used->session_expires_at);
    EXPECT_EQ(*used->session_expires_at,
              std::min(world_->clock.Now().AddSeconds(8 * 3600), signed_in.AddSeconds(24 * 3600)));
  }
  world_->clock.Advance(3 * 3600 + 1);  // 24 h and a second after signing in
  auto expired = accounts_->AuthenticateSession(login->session_token, "10.0.0.1");
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(AccountServiceTest, AResetEndsSessionsAndRemovesTheSecondFactor) {
  auto login = accounts_->Login("aoife", "a long enough password", Code(), "10.0.0.1");
  auto password = accounts_->ResetCredentials("aoife");
  ASSERT_TRUE(password);
  EXPECT_FALSE(accounts_->AuthenticateSession(login->session_token, "10.0.0.1"));
  auto next = accounts_->Login("aoife", *password, "", "10.0.0.1");
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, ErrorCode::kFailedPrecondition) << "the new factor must be set up first";
}

TEST_F(AccountServiceTest, ApiTokensCarryScopesAndStopWorkingWhenRevoked) {
  EXPECT_FALSE(accounts_->CreateApiToken("aoife", "bad", {"everything"}));
  auto issued = accounts_->CreateApiToken("aoife", "nightly export", {"cases:read"});
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_EQ(issued->token.rfind("dkt_", 0), 0u);
  auto who = accounts_->AuthenticateToken(issued->token, "10.0.0.9");
  ASSERT_TRUE(who);
  EXPECT_EQ(who->scopes, std::vector<std::string>{"cases:read"});
  EXPECT_FALSE(who->via_session);
  ASSERT_TRUE(accounts_->RevokeApiToken(issued->id));
  EXPECT_FALSE(accounts_->AuthenticateToken(issued->token, "10.0.0.9"));
  EXPECT_FALSE(accounts_->AuthenticateToken("dkt_forged", "10.0.0.9"));
}

// Another process (a second server, the CLI) revokes straight in the
// database; this process stops trusting the token once its short memory of it lapses.
TEST_F(AccountServiceTest, ARevocationMadeElsewhereHoldsWithinTheCredentialTtl) {
  AccountService accounts(*world_->store, world_->policy, world_->clock, std::chrono::milliseconds(30));
  auto issued = accounts.CreateApiToken("aoife", "elsewhere", {"cases:read"});
  ASSERT_TRUE(issued) << issued.error().message;
  ASSERT_TRUE(accounts.AuthenticateToken(issued->token, "10.0.0.9"));
  {
    auto tx = world_->store->Begin(store::TransactionMode::kWrite);
    ASSERT_TRUE((*tx)->ApiTokens().Revoke(issued->id, world_->clock.Now()));
    ASSERT_TRUE((*tx)->Commit());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_FALSE(accounts.AuthenticateToken(issued->token, "10.0.0.9"));
}

TEST_F(AccountServiceTest, TheRateLimitCountsPerWindowAndKey) {
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(accounts_->CheckRateLimit("complaint:10.0.0.1", 5, 60));
  auto over = accounts_->CheckRateLimit("complaint:10.0.0.1", 5, 60);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(accounts_->CheckRateLimit("complaint:10.0.0.2", 5, 60)) << "another address has its own count";
  world_->clock.Advance(60);
  EXPECT_TRUE(accounts_->CheckRateLimit("complaint:10.0.0.1", 5, 60)) << "a new window starts afresh";
}

TEST_F(AccountServiceTest, AShortPasswordIsRefused) {
  auto result = accounts_->SetPassword("aoife", "short");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "password: at least 12 characters");
}

}  // namespace
}  // namespace docket::app
