// Who may call which route: one table of route x role x own/other object x
// status, run against the real server. "Own" is the case a role reaches (the
// investigator's assigned case, the panel member's and appeal panel member's
// seated cases, the respondent's own case; case A for everyone else), "other"
// a case nobody but the complaints unit and oversight reaches. Expected
// statuses are what the services decide. The panel member's and appeal panel
// member's "own" cells hold because the fixture seats them on cases P and Q
// (api_world.cpp); case O, in "received" with no appeal and no seats, is
// closed to both whether access follows the stage or the seat. Case U is
// before a panel with nobody seated: closed to panel members only because
// access follows the seat, not the stage.
#include "http/api/api.hpp"

#include <gtest/gtest.h>

#include <set>

#include <fmt/format.h>

#include "app/demo.hpp"
#include "tests/api/api_world.hpp"

namespace docket::http::api::testing {
namespace {

/// Which case a row's {case} and {evidence} name.
enum class Object {
  kNone,
  kOwn,       //!< The case the role reaches (ApiWorld::OwnCase).
  kOther,     //!< Case O: in "received", nobody's.
  kUnseated,  //!< Case U: before a panel, but nobody seated on it.
};

/// What a row needs besides its body.
enum class Extra {
  kNone,
  kIfMatch,         //!< If-Match with the case's current version.
  kComplaintSecret, //!< X-Complaint-Secret of the fixture's complaint.
  kRawFile,         //!< The body is a file, not JSON.
  kComplaintFile,   //!< Both: a file sent with the complaint's secret.
  kPostsFile,       //!< The body is JSON Lines of posts (Content-Type application/x-ndjson).
};

struct Row {
  const char* method;
  const char* path;  //!< {case}, {evidence}, {receipt} and {member} are filled in.
  Object object;
  const char* body;
  Extra extra;
  //              cw   inv  pan  app  ovs  adm  pol  rsp  none
  std::array<int, kRoleCount> expected;
};

constexpr const char* kNote = R"({"body":"A note from the access table"})";
constexpr const char* kMessage = R"({"body":"A message from the access table"})";
constexpr const char* kNoSuchAction = R"({"action":"no_such_action"})";
constexpr const char* kComplaint =
    R"({"category":"bullying","description":"Access table complaint.","occurred_on":"2026-02-10",)"
    R"("anonymous":true,"respondents":[{"name":"Somebody"}]})";
constexpr const char* kSeatNobody = R"({"username":"nobody.here","kind":"panel"})";
constexpr const char* kInterest = R"({"kind":"person","value":"Somebody Unrelated"})";
constexpr const char* kReason = R"({"reason":"I know one of the parties"})";
constexpr const char* kRecStatus = R"({"status":"in_progress","reason":"The committee has begun drafting it."})";
constexpr const char* kDismiss = R"({"reasons":"Not a platform: the official attended as a member of the audience."})";
// A posts file whose one row has no valid address: 422 means "let in" and nothing is imported.
constexpr const char* kBadPosts =
    R"({"platform":"x","url":"nowhere","handle":"h","text":"t","captured_by":"c","captured_at":"2026-03-01T00:00:00Z","capture_method":"m"})";
constexpr const char* kAttachNoPost = R"({"posts":["999999"]})";
constexpr const char* kLinkDecision = R"({"membership_number":"A0000001","decision":"confirm","reason":"The member said so at interview."})";
constexpr const char* kHandle = R"({"platform":"x","handle":"@access_table_handle"})";
constexpr const char* kBadLogin = R"({"username":"nobody.at.all","password":"not a password","code":"000000"})";

// One row per route and object. Signing out comes last: it ends the sessions.
// clang-format off
const Row kTable[] = {
  // Public routes: the same for everyone, signed in or not.
  {"GET",    "/api/v1/process",                           Object::kNone,  "", Extra::kNone,            {200, 200, 200, 200, 200, 200, 200, 200, 200}},
  {"GET",    "/api/v1/openapi.json",                      Object::kNone,  "", Extra::kNone,            {200, 200, 200, 200, 200, 200, 200, 200, 200}},
  {"POST",   "/api/v1/complaints",                        Object::kNone,  kComplaint, Extra::kNone,    {201, 201, 201, 201, 201, 201, 201, 201, 201}},
  {"GET",    "/api/v1/complaints/{receipt}",              Object::kNone,  "", Extra::kComplaintSecret, {200, 200, 200, 200, 200, 200, 200, 200, 200}},
  {"POST",   "/api/v1/complaints/{receipt}/messages",     Object::kNone,  kMessage, Extra::kComplaintSecret, {201, 201, 201, 201, 201, 201, 201, 201, 201}},
  {"POST",   "/api/v1/complaints/{receipt}/evidence?filename=complainant.txt", Object::kNone, "complainant file", Extra::kComplaintFile, {201, 201, 201, 201, 201, 201, 201, 201, 201}},
  {"GET",    "/api/v1/reports/transparency?period=2026Q1", Object::kNone, "", Extra::kNone,           {200, 200, 200, 200, 200, 200, 200, 200, 200}},
  {"POST",   "/api/v1/session",                           Object::kNone,  kBadLogin, Extra::kNone,     {401, 401, 401, 401, 401, 401, 401, 401, 401}},
  // Who is signed in.
  {"GET",    "/api/v1/me",                                Object::kNone,  "", Extra::kNone,            {200, 200, 200, 200, 200, 200, 200, 200, 401}},
  // The queue: staff who work cases, and oversight.
  {"GET",    "/api/v1/cases",                             Object::kNone,  "", Extra::kNone,            {200, 200, 200, 200, 200, 403, 403, 200, 401}},
  // One case.
  {"GET",    "/api/v1/cases/{case}",                      Object::kOwn,   "", Extra::kNone,            {200, 200, 200, 200, 200, 403, 403, 200, 401}},
  {"GET",    "/api/v1/cases/{case}",                      Object::kOther, "", Extra::kNone,            {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"GET",    "/api/v1/cases/{case}/timeline",             Object::kOwn,   "", Extra::kNone,            {200, 200, 200, 200, 200, 403, 403, 200, 401}},
  {"GET",    "/api/v1/cases/{case}/timeline",             Object::kOther, "", Extra::kNone,            {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"GET",    "/api/v1/cases/{case}/actions",              Object::kOwn,   "", Extra::kNone,            {200, 200, 200, 200, 200, 403, 403, 200, 401}},
  {"GET",    "/api/v1/cases/{case}/actions",              Object::kOther, "", Extra::kNone,            {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  // A case before a panel reaches only the people seated on it.
  {"GET",    "/api/v1/cases/{case}",                      Object::kUnseated, "", Extra::kNone,         {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"POST",   "/api/v1/cases/{case}/actions",              Object::kUnseated, kNoSuchAction, Extra::kIfMatch, {409, 403, 403, 403, 403, 403, 403, 403, 401}},
  // Acting: an action the stage does not have, so that 409 means "let in" and nothing changes.
  {"POST",   "/api/v1/cases/{case}/actions",              Object::kOwn,   kNoSuchAction, Extra::kIfMatch, {409, 409, 409, 409, 403, 403, 403, 409, 401}},
  {"POST",   "/api/v1/cases/{case}/actions",              Object::kOther, kNoSuchAction, Extra::kIfMatch, {409, 403, 403, 403, 403, 403, 403, 403, 401}},
  // Internal notes: staff only, never the parties.
  {"GET",    "/api/v1/cases/{case}/notes",                Object::kOwn,   "", Extra::kNone,            {200, 200, 200, 200, 200, 403, 403, 403, 401}},
  {"GET",    "/api/v1/cases/{case}/notes",                Object::kOther, "", Extra::kNone,            {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"POST",   "/api/v1/cases/{case}/notes",                Object::kOwn,   kNote, Extra::kNone,         {201, 201, 201, 201, 403, 403, 403, 403, 401}},
  {"POST",   "/api/v1/cases/{case}/notes",                Object::kOther, kNote, Extra::kNone,         {201, 403, 403, 403, 403, 403, 403, 403, 401}},
  // The respondent's thread: the respondent takes part in their own.
  {"GET",    "/api/v1/cases/{case}/messages?party=respondent", Object::kOwn,   "", Extra::kNone,       {200, 200, 200, 200, 200, 403, 403, 200, 401}},
  {"GET",    "/api/v1/cases/{case}/messages?party=respondent", Object::kOther, "", Extra::kNone,       {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"POST",   "/api/v1/cases/{case}/messages?party=respondent", Object::kOwn,   kMessage, Extra::kNone, {201, 201, 201, 201, 403, 403, 403, 201, 401}},
  {"POST",   "/api/v1/cases/{case}/messages?party=respondent", Object::kOther, kMessage, Extra::kNone, {201, 403, 403, 403, 403, 403, 403, 403, 401}},
  // The complainant's thread is theirs through the receipt, never through an account.
  {"GET",    "/api/v1/cases/{case}/messages?party=complainant", Object::kOwn, "", Extra::kNone,        {200, 200, 200, 200, 200, 403, 403, 403, 401}},
  // Evidence.
  {"GET",    "/api/v1/cases/{case}/evidence",             Object::kOwn,   "", Extra::kNone,            {200, 200, 200, 200, 200, 403, 403, 200, 401}},
  {"GET",    "/api/v1/cases/{case}/evidence",             Object::kOther, "", Extra::kNone,            {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"POST",   "/api/v1/cases/{case}/evidence?filename=table.txt", Object::kOwn,   "table file", Extra::kRawFile, {201, 201, 201, 201, 403, 403, 403, 201, 401}},
  {"POST",   "/api/v1/cases/{case}/evidence?filename=table.txt", Object::kOther, "table file", Extra::kRawFile, {201, 403, 403, 403, 403, 403, 403, 403, 401}},
  {"GET",    "/api/v1/evidence/{evidence}",               Object::kOwn,   "", Extra::kNone,            {200, 200, 200, 200, 200, 403, 403, 200, 401}},
  {"GET",    "/api/v1/evidence/{evidence}",               Object::kOther, "", Extra::kNone,            {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"POST",   "/api/v1/evidence/{evidence}/disclosure",    Object::kOwn,   R"({"disclosed":true})", Extra::kNone, {200, 200, 403, 403, 403, 403, 403, 403, 401}},
  {"POST",   "/api/v1/evidence/{evidence}/disclosure",    Object::kOther, R"({"disclosed":true})", Extra::kNone, {200, 403, 403, 403, 403, 403, 403, 403, 401}},
  // Membership records.
  {"GET",    "/api/v1/members/{member}",                  Object::kNone,  "", Extra::kNone,            {200, 200, 403, 403, 200, 403, 403, 403, 401}},
  // The audit log: oversight only.
  {"GET",    "/api/v1/cases/{case}/audit",                Object::kOwn,   "", Extra::kNone,            {403, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"GET",    "/api/v1/cases/{case}/audit",                Object::kOther, "", Extra::kNone,            {403, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"GET",    "/api/v1/audit?actor=aoife.byrne",           Object::kNone,  "", Extra::kNone,            {403, 403, 403, 403, 200, 403, 403, 403, 401}},
  // Statistics: the dashboard names cases (oversight only); a period's figures are aggregates (administrators too).
  {"GET",    "/api/v1/statistics",                        Object::kNone,  "", Extra::kNone,            {403, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"GET",    "/api/v1/statistics/period?period=2026Q1",   Object::kNone,  "", Extra::kNone,            {403, 403, 403, 403, 200, 200, 403, 403, 401}},
  // Platform-sharing alerts: the complaints unit, oversight and administrators; never political office. Alert 999999 does not exist.
  {"GET",    "/api/v1/alerts",                            Object::kNone,  "", Extra::kNone,            {200, 200, 403, 403, 200, 200, 403, 403, 401}},
  {"GET",    "/api/v1/alerts/999999",                     Object::kNone,  "", Extra::kNone,            {404, 404, 403, 403, 404, 404, 403, 403, 401}},
  {"POST",   "/api/v1/alerts/999999/dismissal",           Object::kNone,  kDismiss, Extra::kNone,      {404, 404, 403, 403, 403, 404, 403, 403, 401}},
  // The recommendations tracker is published: anyone reads it; only administrators change a status.
  {"GET",    "/api/v1/recommendations/reports",           Object::kNone,  "", Extra::kNone,            {200, 200, 200, 200, 200, 200, 200, 200, 200}},
  {"GET",    "/api/v1/recommendations?overdue=true",      Object::kNone,  "", Extra::kNone,            {200, 200, 200, 200, 200, 200, 200, 200, 200}},
  {"GET",    "/api/v1/recommendations/no-such-report/7",  Object::kNone,  "", Extra::kNone,            {404, 404, 404, 404, 404, 404, 404, 404, 404}},
  {"POST",   "/api/v1/recommendations/no-such-report/7/status", Object::kNone, kRecStatus, Extra::kNone, {403, 403, 403, 403, 403, 404, 403, 403, 401}},
  // Social-media evidence: the complaints unit works it and oversight reads it; a case's posts go with the case file, never to its
  // parties; members' handles are recorded by caseworkers and administrators; the lexicon is public. Post and account 999999 do not exist.
  {"GET",    "/api/v1/lexicon",                           Object::kNone,  "", Extra::kNone,            {200, 200, 200, 200, 200, 200, 200, 200, 200}},
  {"GET",    "/api/v1/posts",                             Object::kNone,  "", Extra::kNone,            {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"POST",   "/api/v1/posts",                             Object::kNone,  kBadPosts, Extra::kPostsFile, {422, 403, 403, 403, 403, 403, 403, 403, 401}},
  {"GET",    "/api/v1/posts/999999",                      Object::kNone,  "", Extra::kNone,            {404, 403, 403, 403, 404, 403, 403, 403, 401}},
  {"GET",    "/api/v1/cases/{case}/posts",                Object::kOwn,   "", Extra::kNone,            {200, 200, 200, 200, 200, 403, 403, 403, 401}},
  {"GET",    "/api/v1/cases/{case}/posts",                Object::kOther, "", Extra::kNone,            {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"POST",   "/api/v1/cases/{case}/posts",                Object::kOwn,   kAttachNoPost, Extra::kNone, {404, 403, 403, 403, 403, 403, 403, 403, 401}},
  {"GET",    "/api/v1/accounts",                          Object::kNone,  "", Extra::kNone,            {200, 403, 403, 403, 200, 403, 403, 403, 401}},
  {"GET",    "/api/v1/accounts/999999",                   Object::kNone,  "", Extra::kNone,            {404, 403, 403, 403, 404, 403, 403, 403, 401}},
  {"POST",   "/api/v1/accounts/999999/decision",          Object::kNone,  kLinkDecision, Extra::kNone, {404, 403, 403, 403, 403, 403, 403, 403, 401}},
  {"POST",   "/api/v1/members/{member}/handles",          Object::kNone,  kHandle, Extra::kNone,       {201, 403, 403, 403, 403, 201, 403, 403, 401}},
  // Only a caseworker opens a case from an alert (an administrator sees no case content).
  {"POST",   "/api/v1/alerts/999999/case",                Object::kNone,  "", Extra::kNone,            {404, 403, 403, 403, 403, 403, 403, 403, 401}},
  {"GET",    "/api/v1/audit/verify",                      Object::kNone,  "", Extra::kNone,            {403, 403, 403, 403, 200, 403, 403, 403, 401}},
  // Who may take a case: the caseworker who assigns and seats.
  {"GET",    "/api/v1/cases/{case}/eligible?role=panel_member", Object::kOwn,   "", Extra::kNone,      {200, 403, 403, 403, 403, 403, 403, 403, 401}},
  {"GET",    "/api/v1/cases/{case}/eligible?role=panel_member", Object::kOther, "", Extra::kNone,      {200, 403, 403, 403, 403, 403, 403, 403, 401}},
  // Seating: caseworkers only; an unknown person, so that 404 means "let in" and nothing changes.
  {"POST",   "/api/v1/cases/{case}/panel",                Object::kOwn,   kSeatNobody, Extra::kNone,   {404, 403, 403, 403, 403, 403, 403, 403, 401}},
  {"POST",   "/api/v1/cases/{case}/panel",                Object::kOther, kSeatNobody, Extra::kNone,   {404, 403, 403, 403, 403, 403, 403, 403, 401}},
  // Declared interests: seen by their holder, caseworkers, oversight and administrators; declared by the holder or an administrator.
  {"GET",    "/api/v1/users/{investigator}/interests",    Object::kNone,  "", Extra::kNone,            {200, 200, 403, 403, 200, 200, 403, 403, 401}},
  {"POST",   "/api/v1/users/{investigator}/interests",    Object::kNone,  kInterest, Extra::kNone,     {403, 201, 403, 403, 403, 201, 403, 403, 401}},
  // Withdrawing: the holder or an administrator; interest 999999 does not exist.
  {"DELETE", "/api/v1/users/{investigator}/interests/999999", Object::kNone, "", Extra::kNone,        {403, 404, 403, 403, 403, 404, 403, 403, 401}},
  // Stepping aside changes who holds a case, so it comes after every row that depends on that.
  {"POST",   "/api/v1/cases/{case}/recusal",              Object::kOther, kReason, Extra::kNone,       {409, 409, 409, 409, 409, 409, 409, 409, 401}},
  {"POST",   "/api/v1/cases/{case}/recusal",              Object::kOwn,   kReason, Extra::kNone,       {409, 204, 204, 204, 409, 409, 409, 409, 401}},
  // Signing out, last.
  {"DELETE", "/api/v1/session",                           Object::kNone,  "", Extra::kNone,            {204, 204, 204, 204, 204, 204, 204, 204, 401}},
};
// clang-format on

std::string Fill(std::string text, std::string_view name, std::string_view value) {
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name)) text.replace(at, name.size(), value);
  return text;
}

// The route pattern a row exercises: its path without the query, with the placeholders as the router names them.
std::string PatternOf(const Row& row) {
  std::string path(row.path);
  path = path.substr(0, path.find('?'));
  path = Fill(path, "{case}", "{number}");
  path = Fill(path, "{evidence}", "{id}");
  path = Fill(path, "{member}", "{number}");
  path = Fill(path, "{investigator}", "{username}");
  path = Fill(path, "no-such-report/7", "{report}/{number}");
  path = Fill(path, "999999", "{id}");
  return path;
}

TEST(AccessTableTest, EveryRouteAnswersEveryRoleAsTheTableSays) {
  ApiWorld& world = ApiWorld::Get();
  world.NextMinute();
  for (Role role : kAllRoles) world.As(role);  // Signed in before the rows: the last row signs everyone out.
  int failures = 0;
  for (const Row& row : kTable) {
    for (Role role : kAllRoles) {
      const FixtureCase& object = row.object == Object::kOther      ? world.o
                                  : row.object == Object::kUnseated ? world.u
                                                                    : world.OwnCase(role);
      std::string target = Fill(row.path, "{case}", object.number);
      target = Fill(target, "{evidence}", std::to_string(object.evidence_id));
      target = Fill(target, "{receipt}", world.complaint.receipt);
      target = Fill(target, "{member}", world.respondent_member);
      target = Fill(target, "{investigator}", app::DemoStaff::kInvestigator);
      const bool raw = row.extra == Extra::kRawFile || row.extra == Extra::kComplaintFile;
      Call call{.method = row.method, .target = target, .body = row.body, .json = !raw};
      if (row.extra == Extra::kIfMatch) call.headers.emplace("If-Match", fmt::format("\"{}\"", world.VersionOf(object.number)));
      if (row.extra == Extra::kComplaintSecret || row.extra == Extra::kComplaintFile) call.headers.emplace("X-Complaint-Secret", world.complaint.secret);
      if (raw) call.headers.emplace("Content-Type", "text/plain");
      if (row.extra == Extra::kPostsFile) {
        call.json = false;
        call.headers.emplace("Content-Type", "application/x-ndjson");
      }
      const ClientResponse response = world.Send(world.As(role), std::move(call));
      const int expected = row.expected[static_cast<std::size_t>(role)];
      if (response.status != expected) {
        ++failures;
        ADD_FAILURE() << row.method << " " << target << " as " << Name(role) << ": " << response.status << ", expected "
                      << expected << "\n  " << response.body.substr(0, 300);
      } else if (expected >= 400) {
        EXPECT_TRUE(IsProblem(response, expected)) << row.method << " " << target << " as " << Name(role);
      }
    }
  }
  for (Role role : kAllRoles) world.Forget(role);
  EXPECT_EQ(failures, 0);
}

TEST(AccessTableTest, TheTableCoversEveryRoute) {
  std::set<std::string> covered;
  for (const Row& row : kTable) covered.insert(fmt::format("{} {}", row.method, PatternOf(row)));
  for (const RouteInfo& route : ApiWorld::Get().Routes()) {
    EXPECT_TRUE(covered.contains(fmt::format("{} {}", Name(route.method), route.pattern)))
        << Name(route.method) << " " << route.pattern << " has no row in the access table";
  }
}

}  // namespace
}  // namespace docket::http::api::testing
