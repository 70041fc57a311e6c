// The public side: making a complaint, following it with the receipt and
// secret, and what each side of the complaint can and cannot see.
#include "http/api/api.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <boost/json/value.hpp>

#include "tests/api/api_world.hpp"

namespace docket::http::api::testing {
namespace {

namespace bj = boost::json;

class ComplaintApiTest : public ::testing::Test {
 protected:
  void SetUp() override { world_.NextMinute(); }

  // A complaint about `member`; anonymous when `name` is empty.
  bj::value Submit(std::string_view category, std::string_view member, std::string_view name = {},
                   std::string_view occurred_on = "2026-02-20") {
    const std::string complainant =
        name.empty() ? "" : fmt::format(R"(,"complainant":{{"name":{},"email":"{}@example.net"}})", Quote(name), "x.y");
    ClientResponse response = world_.Post(
        nullptr, "/api/v1/complaints",
        fmt::format(R"({{"category":"{}","description":"Posted abusive messages about members online.",)"
                    R"("occurred_on":"{}","anonymous":{}{},"respondents":[{{"name":"R","membership_number":"{}"}}],)"
                    R"("place":"online"}})",
                    category, occurred_on, name.empty() ? "true" : "false", complainant, member));
    EXPECT_EQ(response.status, 201) << response.body;
    return Json(response);
  }

  ClientResponse Status(const bj::value& receipt, std::string_view secret) {
    return world_.Send(nullptr, Call{.target = fmt::format("/api/v1/complaints/{}", receipt.at("receipt").as_string()),
                                     .headers = {{"X-Complaint-Secret", std::string(secret)}}});
  }

  ApiWorld& world_ = ApiWorld::Get();
};

std::string Secret(const bj::value& receipt) { return std::string(receipt.at("secret").as_string()); }

TEST_F(ComplaintApiTest, AnAnonymousComplaintGetsAReceiptAndASecret) {
  const std::int64_t cases = world_.Count("cases");
  bj::value receipt = Submit("antisemitism", "A0000101");
  const std::string digits(receipt.at("receipt").as_string());
  EXPECT_EQ(digits.size(), 16u);
  EXPECT_EQ(digits.find_first_not_of("0123456789"), std::string::npos) << digits;
  EXPECT_GE(Secret(receipt).size(), 32u);
  EXPECT_EQ(receipt.at("grouped"), false);
  EXPECT_EQ(world_.Count("cases"), cases + 1);

  ClientResponse status = Status(receipt, Secret(receipt));
  ASSERT_EQ(status.status, 200) << status.body;
  bj::value body = Json(status);
  EXPECT_EQ(body.at("case_number"), receipt.at("case_number"));
  EXPECT_EQ(body.at("stage"), "Received");
  EXPECT_EQ(body.at("closed"), false);
  EXPECT_TRUE(body.at("messages").as_array().empty());

  EXPECT_TRUE(IsProblem(Status(receipt, "0123456789abcdef0123456789abcdef"), 403));
  EXPECT_TRUE(IsProblem(world_.Get(nullptr, fmt::format("/api/v1/complaints/{}", digits)), 400));
  // Identity must not ride along with an anonymous complaint.
  EXPECT_TRUE(IsProblem(world_.Post(nullptr, "/api/v1/complaints",
                                    R"({"category":"bullying","description":"x","occurred_on":"2026-02-20",)"
                                    R"("anonymous":true,"complainant":{"name":"N","email":"n@example.net"},)"
                                    R"("respondents":[{"name":"R"}]})"),
                        400));
}

TEST_F(ComplaintApiTest, TheComplainantAndACaseworkerExchangeMessages) {
  bj::value receipt = Submit("bullying", "A0000102");
  const std::string number(receipt.at("case_number").as_string());
  const std::string messages = fmt::format("/api/v1/complaints/{}/messages", receipt.at("receipt").as_string());
  ClientResponse asked = world_.Send(nullptr, Call{.method = "POST", .target = messages,
                                                   .body = R"({"body":"Is there any news about my complaint?"})",
                                                   .headers = {{"X-Complaint-Secret", Secret(receipt)}}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  EXPECT_EQ(Json(asked).at("messages").at(0).at("from"), "you");
  EXPECT_TRUE(IsProblem(world_.Send(nullptr, Call{.method = "POST", .target = messages, .body = R"({"body":"x"})",
                                                  .headers = {{"X-Complaint-Secret", "wrong"}}}),
                        403));

  const Session* caseworker = world_.As(Role::kCaseworker);
  ClientResponse thread = world_.Get(caseworker, fmt::format("/api/v1/cases/{}/messages?party=complainant", number));
  ASSERT_EQ(thread.status, 200) << thread.body;
  ASSERT_EQ(Items(thread).size(), 1u);
  EXPECT_EQ(Items(thread).at(0).at("body"), "Is there any news about my complaint?");
  EXPECT_EQ(Items(thread).at(0).at("author"), "complainant");
  EXPECT_EQ(Items(thread).at(0).at("party"), "complainant");

  ClientResponse answered =
      world_.Post(caseworker, fmt::format("/api/v1/cases/{}/messages?party=complainant", number),
                  fmt::format(R"({{"body":"We have started triage.","receipt":"{}"}})", receipt.at("receipt").as_string()));
  ASSERT_EQ(answered.status, 201) << answered.body;

  ClientResponse status = Status(receipt, Secret(receipt));
  ASSERT_EQ(status.status, 200) << status.body;
  bj::value body = Json(status);
  ASSERT_EQ(body.at("messages").as_array().size(), 2u);
  EXPECT_EQ(body.at("messages").at(1).at("from"), "complaints unit");
  EXPECT_EQ(body.at("messages").at(1).at("body"), "We have started triage.");
  EXPECT_EQ(status.body.find("aoife.byrne"), std::string::npos) << "staff names stay inside the unit";
}

// Two complaints about one incident share a case; each complainant sees only their own side of it.
TEST_F(ComplaintApiTest, AComplainantSeesNoOtherPartysData) {
  bj::value named = Submit("other_misconduct", "A0000103", "Visible Complainant", "2026-02-21");
  bj::value anonymous = Submit("other_misconduct", "A0000103", "", "2026-02-21");
  ASSERT_EQ(anonymous.at("grouped"), true);
  ASSERT_EQ(anonymous.at("case_number"), named.at("case_number"));
  const std::string number(named.at("case_number").as_string());

  const Session* caseworker = world_.As(Role::kCaseworker);
  auto post = [&](std::string path, std::string body) {
    ClientResponse response = world_.Post(caseworker, std::move(path), std::move(body));
    EXPECT_EQ(response.status, 201) << response.body;
  };
  post(fmt::format("/api/v1/cases/{}/messages?party=complainant", number),
       fmt::format(R"({{"body":"Only for the named complainant","receipt":"{}"}})", named.at("receipt").as_string()));
  post(fmt::format("/api/v1/cases/{}/messages?party=respondent", number), R"({"body":"Words for the respondent"})");
  post(fmt::format("/api/v1/cases/{}/notes", number), R"({"body":"An internal note about credibility"})");

  ClientResponse seen = Status(anonymous, Secret(anonymous));
  ASSERT_EQ(seen.status, 200) << seen.body;
  for (std::string_view secret : {"Only for the named complainant", "Words for the respondent",
                                  "An internal note about credibility", "Visible Complainant", "x.y@example.net",
                                  "aoife.byrne", "A0000103"}) {
    EXPECT_EQ(seen.body.find(secret), std::string::npos) << secret << " in " << seen.body;
  }
  EXPECT_EQ(seen.body.find(std::string(named.at("receipt").as_string())), std::string::npos);
  // The named complainant does get the message meant for them: the check above could fail.
  ClientResponse theirs = Status(named, Secret(named));
  EXPECT_NE(theirs.body.find("Only for the named complainant"), std::string::npos) << theirs.body;
}

TEST_F(ComplaintApiTest, AnAnonymousComplainantsIdentityNeverAppearsInAStaffView) {
  bj::value named = Submit("sexual_harassment", "A0000104", "Open Complainant", "2026-02-22");
  bj::value anonymous = Submit("sexual_harassment", "A0000104", "", "2026-02-22");
  ASSERT_EQ(anonymous.at("grouped"), true);
  const std::string number(named.at("case_number").as_string());
  const std::string secret = Secret(anonymous);
  ClientResponse posted =
      world_.Send(nullptr, Call{.method = "POST",
                                .target = fmt::format("/api/v1/complaints/{}/messages", anonymous.at("receipt").as_string()),
                                .body = R"({"body":"A message from the anonymous complainant"})",
                                .headers = {{"X-Complaint-Secret", secret}}});
  ASSERT_EQ(posted.status, 201) << posted.body;

  const std::vector<std::string> views = {
      "/api/v1/cases/" + number,
      "/api/v1/cases/" + number + "/timeline",
      "/api/v1/cases/" + number + "/actions",
      "/api/v1/cases/" + number + "/messages?party=complainant",
      "/api/v1/cases/" + number + "/messages?party=respondent",
      "/api/v1/cases/" + number + "/notes",
      "/api/v1/cases/" + number + "/evidence",
      "/api/v1/cases?limit=200",
      "/api/v1/cases/" + number + "/audit",
      "/api/v1/audit?actor=anonymous&limit=1000",
  };
  int read = 0;
  for (Role role : {Role::kCaseworker, Role::kOversight}) {
    for (const std::string& view : views) {
      ClientResponse response = world_.Get(world_.As(role), view);
      if (response.status == 403) continue;  // Caseworkers do not read the audit log.
      ASSERT_EQ(response.status, 200) << Name(role) << " " << view << ": " << response.body;
      ++read;
      EXPECT_EQ(response.body.find(secret), std::string::npos) << Name(role) << " " << view;
      // Both complainants come from this test's address; only the named one's records may show it.
      if (view.find("actor=anonymous") != std::string::npos) {
        for (const bj::value& record : Items(response)) {
          EXPECT_TRUE(record.at("origin").is_null()) << record;
        }
      }
    }
  }
  EXPECT_EQ(read, 18);

  // The case view names the named complainant (so these checks can fail) and not the anonymous one.
  const bj::value view = Json(world_.Get(world_.As(Role::kCaseworker), "/api/v1/cases/" + number));
  int anonymous_entries = 0;
  for (const bj::value& complaint : view.at("complaints").as_array()) {
    if (complaint.at("anonymous") == true) {
      ++anonymous_entries;
      EXPECT_TRUE(complaint.at("complainant").is_null()) << complaint;
    } else {
      EXPECT_EQ(complaint.at("complainant").at("name"), "Open Complainant");
    }
  }
  EXPECT_EQ(anonymous_entries, 1);
  const ClientResponse audit = world_.Get(world_.As(Role::kOversight), "/api/v1/audit?actor=anonymous&limit=1000");
  EXPECT_FALSE(Items(audit).empty()) << "the anonymous complainant's actions are on the log, without their address";
}

TEST_F(ComplaintApiTest, ComplaintsAreRateLimitedPerClientAddress) {
  // Thirty complaints from this address this minute, counted directly to keep the test fast.
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(world_.Accounts().CheckRateLimit("complaint:127.0.0.1", 30, 60));
  const std::int64_t complaints = world_.Count("complaints");
  ClientResponse refused = world_.Post(nullptr, "/api/v1/complaints",
                                       R"({"category":"bullying","description":"One more.","occurred_on":"2026-02-20",)"
                                       R"("anonymous":true,"respondents":[{"name":"R"}]})");
  EXPECT_TRUE(IsProblem(refused, 429));
  EXPECT_EQ(refused.Header("Retry-After").value_or(""), "60");
  EXPECT_EQ(world_.Count("complaints"), complaints);
  world_.NextMinute();
  Submit("bullying", "A0000105");
}

TEST_F(ComplaintApiTest, AComplainantSendsEvidenceLinksAndFiles) {
  ClientResponse filed = world_.Post(
      nullptr, "/api/v1/complaints",
      R"({"category":"antisemitism","description":"Shared a post blaming Jews for the war.","occurred_on":"2026-02-21",)"
      R"("anonymous":true,"respondents":[{"name":"R","membership_number":"A0000106"}],)"
      R"("links":["https://social.example/@r/112233?utm_source=x","http://archive.example/abc"]})");
  ASSERT_EQ(filed.status, 201) << filed.body;
  bj::value receipt = Json(filed);
  const std::string number(receipt.at("case_number").as_string());
  const std::string upload =
      fmt::format("/api/v1/complaints/{}/evidence?filename=screenshot.png", receipt.at("receipt").as_string());
  const std::string content = std::string("\x89PNG\r\n") + std::string(300000, 'p');

  // A wrong secret stores nothing: no record, no file, no spooled body.
  const std::int64_t evidence_rows = world_.Count("evidence");
  const std::int64_t files = world_.EvidenceFiles();
  ClientResponse refused = world_.Send(nullptr, Call{.method = "POST", .target = upload, .body = content,
                                                     .headers = {{"X-Complaint-Secret", "wrong"},
                                                                 {"Content-Type", "image/png"}},
                                                     .json = false});
  EXPECT_TRUE(IsProblem(refused, 403));
  EXPECT_EQ(world_.Count("evidence"), evidence_rows);
  EXPECT_EQ(world_.EvidenceFiles(), files);

  ClientResponse sent = world_.Send(nullptr, Call{.method = "POST", .target = upload, .body = content,
                                                  .headers = {{"X-Complaint-Secret", Secret(receipt)},
                                                              {"Content-Type", "image/png"}},
                                                  .json = false});
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(Json(sent).at("size"), static_cast<std::int64_t>(content.size()));
  EXPECT_EQ(Json(sent).at("file_name"), "screenshot.png");
  EXPECT_EQ(world_.EvidenceFiles(), files + 1) << "the spooled body became the stored file";

  ClientResponse status = Status(receipt, Secret(receipt));
  ASSERT_EQ(status.status, 200) << status.body;
  ASSERT_EQ(Json(status).at("files").as_array().size(), 1u);
  EXPECT_EQ(Json(status).at("files").at(0).at("sha256"), Json(sent).at("sha256"));

  const Session* caseworker = world_.As(Role::kCaseworker);
  ClientResponse view = world_.Get(caseworker, "/api/v1/cases/" + number);
  ASSERT_EQ(view.status, 200) << view.body;
  const bj::value case_view = Json(view);
  const bj::array& links = case_view.at("complaints").at(0).at("links").as_array();
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links.at(0), "https://social.example/@r/112233?utm_source=x");
  ClientResponse evidence = world_.Get(caseworker, fmt::format("/api/v1/cases/{}/evidence", number));
  ASSERT_EQ(evidence.status, 200) << evidence.body;
  ASSERT_EQ(Items(evidence).size(), 1u);
  EXPECT_EQ(Items(evidence).at(0).at("disclosed"), false) << "the caseworker decides what the respondent sees";

  // A link that is not a web address is refused, naming it.
  ClientResponse bad = world_.Post(nullptr, "/api/v1/complaints",
                                   R"({"category":"bullying","description":"x","occurred_on":"2026-02-20",)"
                                   R"j("anonymous":true,"respondents":[{"name":"R"}],"links":["javascript:alert(1)"]})j");
  EXPECT_TRUE(IsProblem(bad, 400));
  EXPECT_NE(bad.body.find("links[0]"), std::string::npos) << bad.body;
}

TEST_F(ComplaintApiTest, TheProcessIsPublic) {
  ClientResponse response = world_.Get(nullptr, "/api/v1/process");
  ASSERT_EQ(response.status, 200) << response.body;
  bj::value process = Json(response);
  EXPECT_EQ(process.at("complaint_time_limit_months"), 24);
  EXPECT_EQ(process.at("appeal").at("window_working_days"), 10);
  const bj::value& received = process.at("stages").at(0);
  EXPECT_EQ(received.at("id"), "received");
  EXPECT_EQ(received.at("title"), "Received");
  EXPECT_EQ(received.at("deadline_working_days"), 2);
  EXPECT_FALSE(received.at("checklist").as_array().empty());
  EXPECT_EQ(process.at("categories").as_array().size(), world_.Policy().categories.size());
  EXPECT_EQ(process.at("sanctions").as_array().size(), world_.Policy().sanctions.size());
}

}  // namespace
}  // namespace docket::http::api::testing
