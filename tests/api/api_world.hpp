// What every API test talks to: a real server on an ephemeral port, serving
// the API over a fresh SQLite database in a temporary folder, filled with a
// small demo organisation plus a few cases the tests control (one per place
// a role can reach), and a signed-in session per role, made once per process
// because argon2id makes signing in slow on purpose.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "app/account_service.hpp"
#include "app/case_file_service.hpp"
#include "app/case_service.hpp"
#include "app/complainant_service.hpp"
#include "app/intake_service.hpp"
#include "core/clock.hpp"
#include "domain/workflow.hpp"
#include "http/api/api.hpp"
#include "http/server.hpp"
#include "store/store.hpp"
#include "tests/http/http_client.hpp"

namespace docket::http::api::testing {

using http::testing::ClientResponse;
using http::testing::HttpClient;

/// A clock the tests move forward; atomic, since the server's threads read it.
class TestClock final : public Clock {
 public:
  explicit TestClock(Instant now) : seconds_(now.SecondsSinceEpoch()) {}
  Instant Now() const override { return Instant(seconds_.load()); }
  void Advance(std::int64_t seconds) { seconds_ += seconds; }

 private:
  std::atomic<std::int64_t> seconds_;
};

/// The roles of the access table, in its column order.
enum class Role {
  kCaseworker,
  kInvestigator,
  kPanelMember,
  kAppealPanel,
  kOversight,
  kAdministrator,
  kPoliticalOffice,
  kRespondent,
  kNone,  //!< No credentials at all.
};
inline constexpr std::size_t kRoleCount = 9;
inline constexpr std::array<Role, kRoleCount> kAllRoles = {
    Role::kCaseworker,    Role::kInvestigator,    Role::kPanelMember, Role::kAppealPanel, Role::kOversight,
    Role::kAdministrator, Role::kPoliticalOffice, Role::kRespondent,  Role::kNone};

std::string_view Name(Role role);

/// A signed-in browser: its cookie and CSRF token.
struct Session {
  std::string username;
  std::string cookie;  //!< "docket_session=..."
  std::string csrf;
};

/// A case the fixture made, and the evidence on it.
struct FixtureCase {
  std::string number;
  std::int64_t evidence_id = 0;
};

/// One request as the tests make it.
struct Call {
  std::string method = "GET";
  std::string target{};
  std::string body{};
  HeaderMap headers{};
  bool json = true;  //!< Send Content-Type: application/json when there is a body.
  bool csrf = true;  //!< Send the session's CSRF token on writes.
};

class ApiWorld {
 public:
  /// The process's world, made on first use.
  static ApiWorld& Get();
  ~ApiWorld();

  /// Moves the clock past the current rate-limit window, so that each test starts with fresh limits.
  void NextMinute() { clock_->Advance(61); }

  /// A session for a role, signing in (password plus TOTP code) on first use. Role::kNone has none.
  const Session* As(Role role);
  /// Signs the role in again on next use (after a test signed it out).
  void Forget(Role role) { sessions_.erase(role); }
  /// Signs in with password and the current TOTP code; returns the raw response.
  ClientResponse Login(std::string_view username, bool with_code = true);

  /// Sends a request as `who` (nullptr: no credentials).
  ClientResponse Send(const Session* who, Call call);
  ClientResponse Get(const Session* who, std::string target) { return Send(who, Call{.target = std::move(target)}); }
  ClientResponse Post(const Session* who, std::string target, std::string body) {
    return Send(who, Call{.method = "POST", .target = std::move(target), .body = std::move(body)});
  }

  /// The current version of a case, read from the store.
  std::int64_t VersionOf(std::string_view number);
  /// COUNT(*) of a table, read straight from the database file.
  std::int64_t Count(std::string_view table);
  /// How many files the evidence folder holds (temporary ones included).
  std::int64_t EvidenceFiles() const;

  std::uint16_t Port() const { return server_->Port(); }
  const std::filesystem::path& Folder() const { return folder_; }
  std::filesystem::path EvidenceFolder() const { return folder_ / "evidence"; }
  store::Store& Store() { return *store_; }
  app::AccountService& Accounts() { return *accounts_; }
  const domain::Policy& Policy() const { return policy_; }
  Instant Now() const { return clock_->Now(); }
  /// The routes the API registered (RegisterApi on a fresh router).
  const std::vector<RouteInfo>& Routes() const { return routes_; }

  /// The cases the fixture made: A (investigation, assigned to the
  /// investigator, about the test respondent), P (panel decision, the panel
  /// member seated), Q (appeal, the appeal panel member seated, the panel
  /// member seated on the first panel), O (received, nobody's) and U (panel
  /// decision, nobody seated).
  FixtureCase a, p, q, o, u;
  /// The case a role reaches: its "own" object in the access table.
  const FixtureCase& OwnCase(Role role) const;
  /// The test respondent's member and a member with no account.
  std::string respondent_member, other_member;
  /// A named complaint on case A, for the complainant's routes.
  app::Receipt complaint;

 private:
  ApiWorld();
  void Start();
  void MakeFixture();

  std::filesystem::path folder_;
  std::string db_url_;  //!< A SQLite file in folder_, or a PostgreSQL database (tests/store/postgres_test_support.hpp).
  std::unique_ptr<TestClock> clock_;
  domain::Policy policy_;
  Schedule schedule_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<domain::Workflow> workflow_;
  std::unique_ptr<app::AccountService> accounts_;
  std::unique_ptr<app::IntakeService> intake_;
  std::unique_ptr<app::ComplainantService> complainants_;
  std::unique_ptr<app::CaseService> cases_;
  std::unique_ptr<app::CaseFileService> case_files_;
  std::unique_ptr<app::PanelService> panels_;
  std::unique_ptr<app::ReportService> reports_;
  std::unique_ptr<app::PlatformService> platform_;
  std::unique_ptr<app::RecommendationService> recommendations_;
  std::unique_ptr<rules::Triage> triage_;
  std::unique_ptr<app::PostService> posts_;
  std::unique_ptr<ApiContext> context_;
  std::unique_ptr<Server> server_;
  std::thread run_;
  std::vector<RouteInfo> routes_;
  std::map<Role, Session> sessions_;
};

/// Parses a response body as JSON; a failed test when it is not.
boost::json::value Json(const ClientResponse& response);

/// A copy of the response's "items" array (a copy, so that a range-for over it is safe).
boost::json::array Items(const ClientResponse& response);

/// True when the response is a problem document with that status.
::testing::AssertionResult IsProblem(const ClientResponse& response, int status);

/// A JSON string literal for `text`.
std::string Quote(std::string_view text);

}  // namespace docket::http::api::testing
