// Bad input: every malformed request is answered with a 4xx problem document
// and leaves the database as it was.
#include "http/api/api.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <boost/json/value.hpp>

#include "tests/api/api_world.hpp"

namespace docket::http::api::testing {
namespace {

namespace bj = boost::json;

class InputTest : public ::testing::Test {
 protected:
  void SetUp() override { world_.NextMinute(); }

  /// The rows that a refused request must not add to.
  std::map<std::string, std::int64_t> Counts() {
    std::map<std::string, std::int64_t> counts;
    for (const char* table : {"cases", "complaints", "case_events", "notes", "messages", "evidence", "audit_log"}) {
      counts[table] = world_.Count(table);
    }
    return counts;
  }

  ApiWorld& world_ = ApiWorld::Get();
};

struct BadBody {
  const char* name;
  std::string body;
  const char* field;  //!< The field the problem must name; nullptr when the document as a whole is wrong.
};

const std::string kGood = R"("category":"bullying","description":"d","occurred_on":"2026-02-20","anonymous":true,)"
                          R"("respondents":[{"name":"R"}])";

TEST_F(InputTest, MalformedComplaintsAreRefusedWithAProblemAndWriteNothing) {
  const std::vector<BadBody> bodies = {
      {"not JSON", "{category: bullying}", nullptr},
      {"truncated", "{" + kGood, nullptr},
      {"text after the value", "{" + kGood + "} {}", nullptr},
      {"not an object", "[1,2,3]", nullptr},
      {"invalid UTF-8", "{" + kGood + ",\"place\":\"caf\xc3\x28\"}", nullptr},
      {"a lone surrogate escape is fine JSON but an overlong encoding is not", "{" + kGood + ",\"place\":\"\xc0\xaf\"}", nullptr},
      {"duplicate key", "{" + kGood + R"(,"place":"a","place":"b"})", "place"},
      {"wrong type", R"({"category":"bullying","description":"d","occurred_on":"2026-02-20","anonymous":"yes",)"
                     R"("respondents":[{"name":"R"}]})", "anonymous"},
      {"a number where text belongs", "{" + kGood + R"(,"place":12})", "place"},
      {"unknown field", "{" + kGood + R"(,"colour":"red"})", "colour"},
      {"unknown field in a respondent", R"({"category":"bullying","description":"d","occurred_on":"2026-02-20",)"
                                        R"("anonymous":true,"respondents":[{"name":"R","age":40}]})", "respondents[0].age"},
      {"unknown field in the complainant", R"({"category":"bullying","description":"d","occurred_on":"2026-02-20",)"
                                           R"("anonymous":false,"complainant":{"name":"N","email":"n@example.net",)"
                                           R"("phone":"1"},"respondents":[{"name":"R"}]})", "complainant.phone"},
      {"overlong description", R"({"category":"bullying","description":")" + std::string(20001, 'x') +
                                   R"(","occurred_on":"2026-02-20","anonymous":true,"respondents":[{"name":"R"}]})",
       "description"},
      {"overlong respondent name", R"({"category":"bullying","description":"d","occurred_on":"2026-02-20",)"
                                   R"("anonymous":true,"respondents":[{"name":")" + std::string(201, 'x') + R"("}]})",
       "respondents[0].name"},
      {"overlong place", "{" + kGood + R"(,"place":")" + std::string(201, 'p') + "\"}", "place"},
      {"no respondents", R"({"category":"bullying","description":"d","occurred_on":"2026-02-20","anonymous":true,)"
                         R"("respondents":[]})", "respondents"},
      {"unknown category", R"({"category":"jaywalking","description":"d","occurred_on":"2026-02-20",)"
                           R"("anonymous":true,"respondents":[{"name":"R"}]})", "category"},
      {"not a date", R"({"category":"bullying","description":"d","occurred_on":"last week","anonymous":true,)"
                     R"("respondents":[{"name":"R"}]})", "occurred_on"},
      {"missing field", R"({"category":"bullying","occurred_on":"2026-02-20","anonymous":true,)"
                        R"("respondents":[{"name":"R"}]})", "description"},
  };
  const auto before = Counts();
  for (const BadBody& bad : bodies) {
    ClientResponse response = world_.Post(nullptr, "/api/v1/complaints", bad.body);
    ASSERT_TRUE(IsProblem(response, 400)) << bad.name;
    bj::value problem = Json(response);
    if (bad.field != nullptr) {
      ASSERT_TRUE(problem.as_object().contains("field")) << bad.name << ": " << response.body;
      EXPECT_EQ(problem.at("field"), bj::value(bad.field)) << bad.name;
    }
  }
  EXPECT_EQ(Counts(), before);

  // A body that is not declared as JSON, and one over the server's limit.
  EXPECT_TRUE(IsProblem(world_.Send(nullptr, Call{.method = "POST", .target = "/api/v1/complaints",
                                                  .body = "{" + kGood + "}", .headers = {{"Content-Type", "text/plain"}},
                                                  .json = false}),
                        415));
  EXPECT_TRUE(IsProblem(world_.Post(nullptr, "/api/v1/complaints",
                                    R"({"category":"bullying","description":")" + std::string(2 << 20, 'x') + "\"}"),
                        413));
  EXPECT_EQ(Counts(), before);
}

TEST_F(InputTest, MalformedStaffRequestsAreRefusedWithAProblemAndWriteNothing) {
  const Session* caseworker = world_.As(Role::kCaseworker);
  const std::string base = "/api/v1/cases/" + world_.a.number;
  const std::string if_match = fmt::format("\"{}\"", world_.VersionOf(world_.a.number));
  struct Bad {
    const char* name;
    Call call;
    int status;
  };
  const std::vector<Bad> requests = {
      {"note: empty object", Call{.method = "POST", .target = base + "/notes", .body = "{}"}, 400},
      {"note: overlong", Call{.method = "POST", .target = base + "/notes",
                              .body = R"({"body":")" + std::string(20001, 'n') + "\"}"}, 400},
      {"note: body is a number", Call{.method = "POST", .target = base + "/notes", .body = R"({"body":5})"}, 400},
      {"note: unknown field", Call{.method = "POST", .target = base + "/notes", .body = R"({"body":"b","pin":true})"}, 400},
      {"note: invalid UTF-8", Call{.method = "POST", .target = base + "/notes", .body = "{\"body\":\"\xff\xfe\"}"}, 400},
      {"message: no party", Call{.method = "POST", .target = base + "/messages", .body = R"({"body":"b"})"}, 400},
      {"message: bad party", Call{.method = "POST", .target = base + "/messages?party=press", .body = R"({"body":"b"})"}, 400},
      {"action: fields not strings", Call{.method = "POST", .target = base + "/actions",
                                          .body = R"({"action":"send_notice_of_investigation","fields":{"allegations":7}})",
                                          .headers = {{"If-Match", if_match}}}, 400},
      {"action: malformed", Call{.method = "POST", .target = base + "/actions", .body = R"({"action":)",
                                 .headers = {{"If-Match", if_match}}}, 400},
      {"disclosure: not a boolean", Call{.method = "POST", .target = fmt::format("/api/v1/evidence/{}/disclosure",
                                                                                 world_.a.evidence_id),
                                         .body = R"({"disclosed":"yes"})"}, 400},
      {"no such case", Call{.method = "POST", .target = "/api/v1/cases/1999-000001/notes", .body = R"({"body":"b"})"}, 404},
      {"no such evidence", Call{.method = "POST", .target = "/api/v1/evidence/99999999/disclosure",
                                .body = R"({"disclosed":true})"}, 404},
      {"evidence id not a number", Call{.target = "/api/v1/evidence/..%2F..%2Fetc%2Fpasswd"}, 404},
  };
  const auto before = Counts();
  for (const Bad& bad : requests) {
    EXPECT_TRUE(IsProblem(world_.Send(caseworker, bad.call), bad.status)) << bad.name;
  }
  EXPECT_EQ(Counts(), before);
}

TEST_F(InputTest, EvidenceFileNamesThatLookLikePathsAreRefused) {
  const Session* caseworker = world_.As(Role::kCaseworker);
  const std::string upload = "/api/v1/cases/" + world_.a.number + "/evidence?filename=";
  const auto before = Counts();
  const std::int64_t files = world_.EvidenceFiles();
  for (std::string name : {"..%2F..%2Fetc%2Fpasswd", "..", "a%2Fb.txt", "a%5Cb.txt", "..%5Cboot.ini", "report%01.pdf",
                           "new%0Aline.txt", ".hidden", "%00.txt"}) {
    ClientResponse response = world_.Send(caseworker, Call{.method = "POST", .target = upload + name, .body = "content",
                                                           .headers = {{"Content-Type", "text/plain"}}, .json = false});
    EXPECT_TRUE(IsProblem(response, 400)) << name;
  }
  EXPECT_TRUE(IsProblem(world_.Send(caseworker, Call{.method = "POST", .target = upload + std::string(201, 'x'),
                                                     .body = "content", .json = false}),
                        400));
  EXPECT_TRUE(IsProblem(world_.Send(caseworker, Call{.method = "POST", .target = "/api/v1/cases/" + world_.a.number +
                                                                                 "/evidence",
                                                     .body = "content", .json = false}),
                        400));
  EXPECT_TRUE(IsProblem(world_.Send(caseworker, Call{.method = "POST", .target = upload + "empty.txt", .json = false}),
                        400));
  EXPECT_EQ(Counts(), before);
  EXPECT_EQ(world_.EvidenceFiles(), files);
}

TEST_F(InputTest, AnUploadOverTheLimitIsRefusedBeforeItIsRead) {
  const Session* caseworker = world_.As(Role::kCaseworker);
  HttpClient client("127.0.0.1", world_.Port());
  const std::string request = fmt::format(
      "POST /api/v1/cases/{}/evidence?filename=big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {}\r\n"
      "X-CSRF-Token: {}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
      world_.a.number, caseworker->cookie, caseworker->csrf, (std::size_t{25} << 20) + 1);
  const std::int64_t files = world_.EvidenceFiles();
  const std::int64_t evidence = world_.Count("evidence");
  auto response = client.SendRaw(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(world_.EvidenceFiles(), files);
  EXPECT_EQ(world_.Count("evidence"), evidence);
}

TEST_F(InputTest, ABrowserWriteWithoutTheCsrfTokenIsRefused) {
  const Session* caseworker = world_.As(Role::kCaseworker);
  const Session* investigator = world_.As(Role::kInvestigator);
  const std::string notes = "/api/v1/cases/" + world_.a.number + "/notes";
  const auto before = Counts();
  EXPECT_TRUE(IsProblem(world_.Send(caseworker, Call{.method = "POST", .target = notes, .body = R"({"body":"forged"})",
                                                     .csrf = false}),
                        403));
  Session forged = *caseworker;
  forged.csrf = std::string(64, '0');
  EXPECT_TRUE(IsProblem(world_.Post(&forged, notes, R"({"body":"forged"})"), 403));
  forged.csrf = investigator->csrf;  // Someone else's token.
  EXPECT_TRUE(IsProblem(world_.Post(&forged, notes, R"({"body":"forged"})"), 403));
  EXPECT_TRUE(IsProblem(world_.Send(caseworker, Call{.method = "POST", .target = "/api/v1/cases/" + world_.a.number +
                                                                               "/actions",
                                                     .body = R"({"action":"assign","fields":{"assignee":"tom.evans"}})",
                                                     .headers = {{"If-Match", "\"1\""}}, .csrf = false}),
                        403));
  EXPECT_EQ(Counts(), before);
  // Reads need no token.
  EXPECT_EQ(world_.Send(caseworker, Call{.target = notes, .csrf = false}).status, 200);
}

}  // namespace
}  // namespace docket::http::api::testing
