// Working cases through the API: signing in, the queue, one case, and
// actions guarded by If-Match.
#include "http/api/api.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include <set>

#include <fmt/format.h>
#include <boost/json/value.hpp>

#include "app/demo.hpp"
#include "tests/api/api_world.hpp"

namespace docket::http::api::testing {
namespace {

namespace bj = boost::json;

class CaseApiTest : public ::testing::Test {
 protected:
  void SetUp() override { world_.NextMinute(); }
  ApiWorld& world_ = ApiWorld::Get();
};

std::string NewComplaint(ApiWorld& world, std::string_view category, std::string_view member) {
  ClientResponse response = world.Post(
      nullptr, "/api/v1/complaints",
      fmt::format(R"({{"category":"{}","description":"Shouted abuse at a member during the meeting.",)"
                  R"("occurred_on":"2026-03-01","anonymous":false,)"
                  R"("complainant":{{"name":"Pat Example","email":"pat@example.net"}},)"
                  R"("respondents":[{{"name":"Someone","membership_number":"{}"}}]}})",
                  category, member));
  EXPECT_EQ(response.status, 201) << response.body;
  return std::string(Json(response).at("case_number").as_string());
}

TEST_F(CaseApiTest, UsingASessionRenewsItsCookieForEightHoursFromNow) {
  ClientResponse login = world_.Login(app::DemoStaff::kOversight);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string_view cookie = login.Header("Set-Cookie").value_or("");
  EXPECT_NE(cookie.find("; Max-Age=28800;"), std::string_view::npos) << cookie;
  Session session{"oversight", std::string(cookie.substr(0, cookie.find(';'))), ""};
  ClientResponse soon = world_.Get(&session, "/api/v1/me");
  ASSERT_EQ(soon.status, 200);
  EXPECT_FALSE(soon.Header("Set-Cookie")) << "not renewed on every request";
  for (int minute = 0; minute < 16; ++minute) world_.NextMinute();
  ClientResponse later = world_.Get(&session, "/api/v1/me");
  ASSERT_EQ(later.status, 200) << later.body;
  std::string_view renewed = later.Header("Set-Cookie").value_or("");
  EXPECT_EQ(renewed.substr(0, renewed.find(';')), session.cookie) << "the same session, renewed";
  EXPECT_NE(renewed.find("; Max-Age=28800;"), std::string_view::npos) << renewed;
  EXPECT_NE(renewed.find("; HttpOnly; SameSite=Strict"), std::string_view::npos) << renewed;
}

TEST_F(CaseApiTest, StaffSignInWithPasswordAndTotpCode) {
  ClientResponse response = world_.Login(app::DemoStaff::kCaseworker);
  ASSERT_EQ(response.status, 200) << response.body;
  const std::string cookie(response.Header("Set-Cookie").value_or(""));
  EXPECT_TRUE(cookie.starts_with("docket_session=")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "not asked for secure cookies: " << cookie;
  bj::value body = Json(response);
  EXPECT_EQ(body.at("username"), "aoife.byrne");
  EXPECT_EQ(body.at("role"), "caseworker");
  EXPECT_EQ(body.at("csrf_token").as_string().size(), 64u);
  EXPECT_TRUE(body.at("expires_at").is_string());

  EXPECT_TRUE(IsProblem(world_.Login(app::DemoStaff::kCaseworker, /*with_code=*/false), 401));
  EXPECT_TRUE(IsProblem(world_.Post(nullptr, "/api/v1/session",
                                    R"({"username":"aoife.byrne","password":"not the password","code":"123456"})"),
                        401));
}

TEST_F(CaseApiTest, MeTellsWhoIsSignedIn) {
  ClientResponse me = world_.Get(world_.As(Role::kInvestigator), "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  bj::value body = Json(me);
  EXPECT_EQ(body.at("username"), "rachel.levy");
  EXPECT_EQ(body.at("role"), "investigator");
  EXPECT_EQ(body.at("credential"), "session");
  EXPECT_EQ(body.at("csrf_token"), bj::value(world_.As(Role::kInvestigator)->csrf));
  EXPECT_TRUE(IsProblem(world_.Get(nullptr, "/api/v1/me"), 401));
  EXPECT_TRUE(IsProblem(world_.Send(nullptr, Call{.target = "/api/v1/me", .headers = {{"Cookie", "docket_session=abc"}}}),
                        401));
}

TEST_F(CaseApiTest, ACaseIsWorkedWithIfMatchAndAStaleVersionWritesNothing) {
  const Session* caseworker = world_.As(Role::kCaseworker);
  const std::string number = NewComplaint(world_, "other_racism", "A0000150");
  const std::string path = "/api/v1/cases/" + number;

  ClientResponse shown = world_.Get(caseworker, path);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.Header("ETag").value_or(""), "\"1\"");
  bj::value view = Json(shown);
  EXPECT_EQ(view.at("stage").at("id"), "received");
  EXPECT_EQ(view.at("version"), 1);
  EXPECT_EQ(view.at("complaints").at(0).at("complainant").at("name"), "Pat Example");

  ClientResponse actions = world_.Get(caseworker, path + "/actions");
  ASSERT_EQ(actions.status, 200) << actions.body;
  bj::value offered = Json(actions);
  std::set<std::string> ids;
  for (const bj::value& action : offered.at("actions").as_array()) ids.insert(std::string(action.at("id").as_string()));
  EXPECT_TRUE(ids.contains("accept"));
  EXPECT_TRUE(ids.contains("reject"));
  EXPECT_FALSE(offered.at("checklist").as_array().empty());
  for (const bj::value& action : offered.at("actions").as_array()) {
    if (action.at("id") != "reject") continue;
    EXPECT_EQ(action.at("fields").at(0).at("id"), "reasons");
    EXPECT_EQ(action.at("fields").at(0).at("required"), true);
    EXPECT_EQ(action.at("fields").at(0).at("min_length"), 20);
  }

  auto act = [&](std::string body, std::optional<std::string> if_match) {
    Call call{.method = "POST", .target = path + "/actions", .body = std::move(body)};
    if (if_match) call.headers.emplace("If-Match", *if_match);
    return world_.Send(caseworker, std::move(call));
  };
  EXPECT_TRUE(IsProblem(act(R"({"action":"accept"})", std::nullopt), 428));
  EXPECT_TRUE(IsProblem(act(R"({"action":"accept"})", "*"), 400));
  EXPECT_EQ(world_.VersionOf(number), 1);

  ClientResponse accepted = act(R"({"action":"accept"})", "\"1\"");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.Header("ETag").value_or(""), "\"2\"");
  EXPECT_EQ(Json(accepted).at("stage").at("id"), "triage");

  // Someone who still holds version 1 acts: refused, and nothing is written.
  const std::int64_t events = world_.Count("case_events");
  const std::int64_t audit = world_.Count("audit_log");
  ClientResponse stale = act(R"({"action":"request_information","fields":{"questions":"When exactly did it happen?"}})",
                             "\"1\"");
  EXPECT_TRUE(IsProblem(stale, 412));
  EXPECT_EQ(world_.VersionOf(number), 2);
  EXPECT_EQ(world_.Count("case_events"), events);
  EXPECT_EQ(world_.Count("audit_log"), audit);

  ClientResponse asked = act(R"({"action":"request_information","fields":{"questions":"When exactly did it happen?"}})",
                             "\"2\"");
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(Json(asked).at("waiting").at("id"), "awaiting_complainant");

  // A field the action does not take, and an action the stage does not have.
  EXPECT_TRUE(IsProblem(act(R"({"action":"accept"})", "\"3\""), 409));
  EXPECT_TRUE(IsProblem(act(R"({"action":"information_received","fields":{"colour":"blue","response":"x"}})", "\"3\""),
                        400));

  ClientResponse timeline = world_.Get(caseworker, path + "/timeline");
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  std::vector<std::string> steps;
  const bj::value history = Json(timeline);
  for (const bj::value& event : history.at("events").as_array()) {
    steps.emplace_back(event.at("action").as_string());
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"received", "accept", "request_information"}));
}

TEST_F(CaseApiTest, TheQueuePagesWithAnOpaqueCursor) {
  const Session* caseworker = world_.As(Role::kCaseworker);
  ClientResponse whole = world_.Get(caseworker, "/api/v1/cases?limit=12");
  ASSERT_EQ(whole.status, 200) << whole.body;
  std::vector<std::string> expected;
  for (const bj::value& item : Items(whole)) expected.emplace_back(item.at("number").as_string());
  ASSERT_EQ(expected.size(), 12u);

  std::vector<std::string> paged;
  std::string target = "/api/v1/cases?limit=5";
  while (paged.size() < 12) {
    ClientResponse page = world_.Get(caseworker, target);
    ASSERT_EQ(page.status, 200) << page.body;
    bj::value body = Json(page);
    for (const bj::value& item : Items(page)) paged.emplace_back(item.at("number").as_string());
    ASSERT_TRUE(body.at("next_cursor").is_string());
    target = "/api/v1/cases?limit=5&cursor=" + std::string(body.at("next_cursor").as_string());
  }
  paged.resize(12);
  EXPECT_EQ(paged, expected);

  const bj::value first = Items(whole).at(0);
  EXPECT_TRUE(first.at("stage").at("title").is_string());
  EXPECT_TRUE(first.at("deadline").at("working_days_left").is_int64());
  EXPECT_TRUE(first.at("respondents").is_string());

  ClientResponse overdue = world_.Get(caseworker, "/api/v1/cases?overdue=true&limit=200");
  ASSERT_EQ(overdue.status, 200) << overdue.body;
  ASSERT_FALSE(Items(overdue).empty()) << "the demo has overdue cases";
  for (const bj::value& item : Items(overdue)) {
    EXPECT_EQ(item.at("deadline").at("status"), "breached") << item.at("number");
  }
  ClientResponse triage = world_.Get(caseworker, "/api/v1/cases?stage=triage");
  ASSERT_EQ(triage.status, 200) << triage.body;
  for (const bj::value& item : Items(triage)) EXPECT_EQ(item.at("stage").at("id"), "triage");

  for (std::string_view bad : {"/api/v1/cases?limit=0", "/api/v1/cases?limit=201", "/api/v1/cases?limit=ten",
                               "/api/v1/cases?stage=nowhere", "/api/v1/cases?overdue=yes", "/api/v1/cases?colour=red",
                               "/api/v1/cases?cursor=bm90IGEgY3Vyc29y", "/api/v1/cases?limit=5&limit=6"}) {
    EXPECT_TRUE(IsProblem(world_.Get(caseworker, std::string(bad)), 400)) << bad;
  }
}

TEST_F(CaseApiTest, ApiTokensActWithinTheirScopesAndNeedNoCsrfToken) {
  auto read_only = world_.Accounts().CreateApiToken(app::DemoStaff::kCaseworker, "reader", {"cases:read"});
  auto writer = world_.Accounts().CreateApiToken(app::DemoStaff::kCaseworker, "writer", {"cases:read", "cases:write"});
  auto auditor = world_.Accounts().CreateApiToken(app::DemoStaff::kOversight, "auditor", {"audit:read"});
  auto oversight_reader = world_.Accounts().CreateApiToken(app::DemoStaff::kOversight, "reader", {"cases:read"});
  ASSERT_TRUE(read_only && writer && auditor && oversight_reader);
  auto bearer = [](const app::IssuedToken& token) { return HeaderMap{{"Authorization", "Bearer " + token.token}}; };
  const std::string notes = "/api/v1/cases/" + world_.a.number + "/notes";

  EXPECT_EQ(world_.Send(nullptr, Call{.target = "/api/v1/cases", .headers = bearer(*read_only)}).status, 200);
  const std::int64_t before = world_.Count("notes");
  EXPECT_TRUE(IsProblem(world_.Send(nullptr, Call{.method = "POST", .target = notes, .body = R"({"body":"by token"})",
                                                  .headers = bearer(*read_only)}),
                        403));
  EXPECT_EQ(world_.Count("notes"), before);
  EXPECT_EQ(world_.Send(nullptr, Call{.method = "POST", .target = notes, .body = R"({"body":"by token"})",
                                      .headers = bearer(*writer)})
                .status,
            201);
  EXPECT_EQ(world_.Count("notes"), before + 1);

  EXPECT_TRUE(IsProblem(world_.Send(nullptr, Call{.target = "/api/v1/audit/verify", .headers = bearer(*oversight_reader)}),
                        403));
  ClientResponse verified = world_.Send(nullptr, Call{.target = "/api/v1/audit/verify", .headers = bearer(*auditor)});
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(Json(verified).at("ok"), true);
  EXPECT_GT(Json(verified).at("records").as_int64(), 0);

  EXPECT_TRUE(IsProblem(world_.Send(nullptr, Call{.target = "/api/v1/cases",
                                                  .headers = {{"Authorization", "Bearer dkt_0123456789abcdef"}}}),
                        401));
  EXPECT_TRUE(IsProblem(world_.Send(nullptr, Call{.target = "/api/v1/cases", .headers = {{"Authorization", "Basic eDp5"}}}),
                        401));
}

TEST_F(CaseApiTest, OnlyTheFixedDocumentsAreServedOnTheIoThreads) {
  // Everything else may touch SQLite, argon2id or the evidence folder, so it
  // must run on the worker pool, never stalling the I/O threads; the reads of
  // one case queue their work on the store's writer and wait for it without
  // a thread (asynchronous), falling back to the pool when they must block.
  for (const RouteInfo& route : world_.Routes()) {
    const bool fixed = route.pattern == "/api/v1/process" || route.pattern == "/api/v1/openapi.json" ||
                       route.pattern == "/api/v1/lexicon";
    const bool case_read = route.method == Method::kGet &&
                           (route.pattern == "/api/v1/cases/{number}" || route.pattern == "/api/v1/cases/{number}/timeline" ||
                            route.pattern == "/api/v1/cases/{number}/actions");
    const Execution expected = fixed ? Execution::kIoThread : case_read ? Execution::kAsync : Execution::kBlocking;
    EXPECT_EQ(route.execution, expected) << Name(route.method) << " " << route.pattern;
  }
}

// A case read on the I/O thread's path (credentials remembered) and on the
// worker pool's (a token not seen before) answer alike, and both are audited;
// a change to the case shows in the next read, whichever path serves it.
TEST_F(CaseApiTest, ACaseReadsTheSameOnEitherPathAndShowsEveryChange) {
  const Session* caseworker = world_.As(Role::kCaseworker);
  const std::string number = NewComplaint(world_, "other_racism", "A0000151");
  const std::string path = "/api/v1/cases/" + number;
  auto token = world_.Accounts().CreateApiToken(app::DemoStaff::kCaseworker, "two paths", {"cases:read"});
  ASSERT_TRUE(token) << token.error().message;
  const Call by_token{.target = path, .headers = {{"Authorization", "Bearer " + token->token}}};

  const std::int64_t audit = world_.Count("audit_log");
  ClientResponse first = world_.Send(nullptr, by_token);  // not remembered yet: the worker pool
  ASSERT_EQ(first.status, 200) << first.body;
  ClientResponse second = world_.Send(nullptr, by_token);  // remembered: the I/O thread
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(first.body, second.body);
  EXPECT_EQ(second.Header("ETag").value_or(""), "\"1\"");
  EXPECT_EQ(world_.Count("audit_log"), audit + 2) << "each read is on the audit log";

  ClientResponse accepted = world_.Send(
      caseworker, Call{.method = "POST", .target = path + "/actions", .body = R"({"action":"accept"})",
                       .headers = {{"If-Match", "\"1\""}}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  for (int i = 0; i < 2; ++i) {
    ClientResponse after = world_.Send(nullptr, by_token);
    ASSERT_EQ(after.status, 200) << after.body;
    EXPECT_EQ(after.Header("ETag").value_or(""), "\"2\"");
    EXPECT_EQ(Json(after).at("stage").at("id"), "triage");
    EXPECT_EQ(Json(after).at("version"), 2);
  }
}

TEST_F(CaseApiTest, SigningOutEndsTheSession) {
  ClientResponse login = world_.Login(app::DemoStaff::kInvestigator);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string_view cookie = login.Header("Set-Cookie").value_or("");
  Session session{"rachel.levy", std::string(cookie.substr(0, cookie.find(';'))),
                  std::string(Json(login).at("csrf_token").as_string())};
  EXPECT_TRUE(IsProblem(world_.Send(&session, Call{.method = "DELETE", .target = "/api/v1/session", .csrf = false}), 403));
  EXPECT_EQ(world_.Get(&session, "/api/v1/me").status, 200);
  ClientResponse out = world_.Send(&session, Call{.method = "DELETE", .target = "/api/v1/session"});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.Header("Set-Cookie").value_or("").find("Max-Age=0"), std::string_view::npos);
  EXPECT_TRUE(IsProblem(world_.Get(&session, "/api/v1/me"), 401));
}

// A respondent's queue is their own cases and nothing else.
TEST_F(CaseApiTest, ARespondentListsOnlyTheirOwnCases) {
  ClientResponse mine = world_.Get(world_.As(Role::kRespondent), "/api/v1/cases?limit=200");
  ASSERT_EQ(mine.status, 200) << mine.body;
  std::vector<std::string> numbers;
  for (const bj::value& row : Items(mine)) numbers.emplace_back(row.at("number").as_string());
  EXPECT_NE(std::find(numbers.begin(), numbers.end(), world_.OwnCase(Role::kRespondent).number), numbers.end());
  for (const std::string& number : numbers) {
    EXPECT_EQ(world_.Get(world_.As(Role::kRespondent), "/api/v1/cases/" + number).status, 200) << number;
  }
  EXPECT_EQ(std::find(numbers.begin(), numbers.end(), world_.o.number), numbers.end());
  // With closed=true their decided and closed cases come too, and still only theirs.
  ClientResponse all = world_.Get(world_.As(Role::kRespondent), "/api/v1/cases?limit=200&closed=true");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_GE(Items(all).size(), numbers.size());
  for (const bj::value& row : Items(all)) {
    EXPECT_EQ(world_.Get(world_.As(Role::kRespondent), std::string("/api/v1/cases/") + std::string(row.at("number").as_string())).status, 200);
  }
}

// A declared interest that matches a party takes the person off the list of
// who may sit, and seating them anyway is refused naming the interest.
TEST_F(CaseApiTest, ADeclaredInterestTakesAPanelMemberOffTheCase) {
  const Session* caseworker = world_.As(Role::kCaseworker);
  const std::string number = world_.u.number;
  const std::string eligible = fmt::format("/api/v1/cases/{}/eligible?role=panel_member", number);
  auto names = [&] {
    ClientResponse listed = world_.Get(caseworker, eligible);
    EXPECT_EQ(listed.status, 200) << listed.body;
    std::vector<std::string> out;
    for (const bj::value& row : Items(listed)) out.emplace_back(row.at("username").as_string());
    return out;
  };
  std::vector<std::string> before = names();
  ASSERT_NE(std::find(before.begin(), before.end(), app::DemoStaff::kPanelMember), before.end());

  ClientResponse view = world_.Get(caseworker, "/api/v1/cases/" + number);
  ASSERT_EQ(view.status, 200) << view.body;
  const std::string respondent(Json(view).at("respondents").at(0).at("name").as_string());
  ClientResponse declared = world_.Post(world_.As(Role::kAdministrator),
                                        fmt::format("/api/v1/users/{}/interests", app::DemoStaff::kPanelMember),
                                        fmt::format(R"({{"kind":"person","value":"{}"}})", respondent));
  ASSERT_EQ(declared.status, 201) << declared.body;

  std::vector<std::string> after = names();
  EXPECT_EQ(std::find(after.begin(), after.end(), app::DemoStaff::kPanelMember), after.end());
  ClientResponse seated = world_.Post(caseworker, fmt::format("/api/v1/cases/{}/panel", number),
                                      fmt::format(R"({{"username":"{}","kind":"panel"}})", app::DemoStaff::kPanelMember));
  EXPECT_TRUE(IsProblem(seated, 409));
  EXPECT_NE(seated.body.find("conflict of interest"), std::string::npos) << seated.body;
  EXPECT_TRUE(IsProblem(world_.Post(caseworker, fmt::format("/api/v1/cases/{}/panel", number),
                                    R"({"username":"aoife.byrne","kind":"panel"})"),
                        400));

  // Withdrawn (by an administrator here), the interest no longer stands in the way; both are audited.
  const std::string withdraw = fmt::format("/api/v1/users/{}/interests/{}", app::DemoStaff::kPanelMember,
                                           Json(declared).at("id").as_int64());
  EXPECT_TRUE(IsProblem(world_.Send(caseworker, Call{.method = "DELETE", .target = withdraw}), 403));
  ClientResponse withdrawn = world_.Send(world_.As(Role::kAdministrator), Call{.method = "DELETE", .target = withdraw});
  EXPECT_EQ(withdrawn.status, 204) << withdrawn.body;
  EXPECT_TRUE(IsProblem(world_.Send(world_.As(Role::kAdministrator), Call{.method = "DELETE", .target = withdraw}), 404));
  std::vector<std::string> again = names();
  EXPECT_NE(std::find(again.begin(), again.end(), app::DemoStaff::kPanelMember), again.end());
}

}  // namespace
}  // namespace docket::http::api::testing
