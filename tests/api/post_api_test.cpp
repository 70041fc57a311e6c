// Social-media evidence over HTTP: a caseworker imports JSON Lines and CSV
// (duplicates found, a bad row refusing the whole body unless partial, with
// nothing written), reads the triage queue and one post's flags, attaches a
// post to a case, and confirms a candidate member; the lexicon is public.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <boost/json/value.hpp>

#include "tests/api/api_world.hpp"

namespace docket::http::api::testing {
namespace {

namespace bj = boost::json;

ClientResponse Import(ApiWorld& world, const Session* who, std::string body, std::string type, std::string query = "") {
  Call call{.method = "POST", .target = "/api/v1/posts" + query, .body = std::move(body), .json = false};
  call.headers.emplace("Content-Type", std::move(type));
  return world.Send(who, std::move(call));
}

std::string Line(std::string_view url, std::string_view handle, std::string_view text, std::string_view extra = "") {
  return fmt::format(R"({{"platform":"x","url":"{}","handle":"{}","text":"{}","captured_by":"api test",)"
                     R"("captured_at":"2026-03-01T12:00:00Z","capture_method":"screenshot"{}}})",
                     url, handle, text, extra);
}

TEST(PostApiTest, ACaseworkerImportsPostsAndABadRowRefusesTheWholeBodyWithNothingWritten) {
  ApiWorld& world = ApiWorld::Get();
  world.NextMinute();
  const Session* caseworker = world.As(Role::kCaseworker);
  const std::int64_t before = world.Count("posts");
  const std::int64_t accounts_before = world.Count("social_accounts");

  std::string body = Line("https://x.com/api_abuser/status/1", "api_abuser", "You Zio, go back where you came from") + "\n" +
                     Line("nowhere", "api_abuser", "second") + "\n";
  ClientResponse refused = Import(world, caseworker, body, "application/x-ndjson");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.Header("Content-Type").value_or(""), "application/problem+json");
  bj::value problem = Json(refused);
  ASSERT_EQ(problem.at("errors").as_array().size(), 1u);
  EXPECT_EQ(problem.at("errors").at(0).at("line").as_int64(), 2);
  EXPECT_NE(std::string(problem.at("errors").at(0).at("message").as_string()).find("field 'url'"), std::string::npos);
  EXPECT_EQ(world.Count("posts"), before) << "nothing of a refused body is kept";
  EXPECT_EQ(world.Count("social_accounts"), accounts_before);

  body += Line("https://X.com/api_abuser/status/1?utm_source=share&s=20", "@API_Abuser", "You Zio, go back where you came from") + "\n";
  ClientResponse partial = Import(world, caseworker, body, "application/x-ndjson", "?partial=true&name=reported.jsonl");
  ASSERT_EQ(partial.status, 201) << partial.body;
  bj::value report = Json(partial);
  EXPECT_EQ(report.at("imported").as_int64(), 1);
  EXPECT_EQ(report.at("duplicates").as_int64(), 1);
  EXPECT_EQ(report.at("flagged").as_int64(), 1);
  EXPECT_EQ(report.at("errors").as_array().size(), 1u);
  const std::int64_t id = report.at("ids").at(0).as_int64();
  EXPECT_EQ(report.at("ids").at(1).as_int64(), id) << "the third line is the first post again";
  EXPECT_EQ(world.Count("posts"), before + 1);

  ClientResponse csv = Import(world, caseworker,
                              "platform,url,handle,text,captured_by,captured_at,capture_method,kind\n"
                              "x,https://x.com/api_news/status/9,api_news,Survivors spoke at the memorial,api test,"
                              "2026-03-01T12:00:00Z,platform export,post\n",
                              "text/csv");
  ASSERT_EQ(csv.status, 201) << csv.body;
  EXPECT_EQ(Json(csv).at("flagged").as_int64(), 0);
  EXPECT_EQ(Import(world, caseworker, "x", "application/json").status, 400) << "posts come as JSON Lines or CSV";
  EXPECT_EQ(Import(world, world.As(Role::kOversight), body, "application/x-ndjson", "?partial=true").status, 403);
  EXPECT_EQ(world.Count("posts"), before + 2);

  ClientResponse one = world.Get(caseworker, fmt::format("/api/v1/posts/{}", id));
  ASSERT_EQ(one.status, 200) << one.body;
  bj::value post = Json(one);
  EXPECT_EQ(post.at("canonical_url"), "https://x.com/api_abuser/status/1");
  EXPECT_EQ(post.at("provenance").at("source"), "api:reported.jsonl:1");
  ASSERT_FALSE(post.at("flags").as_array().empty());
  const bj::value& flag = post.at("flags").at(0);
  EXPECT_EQ(flag.at("category"), "conduct-epithet");
  EXPECT_EQ(flag.at("matched"), "Zio");
  EXPECT_FALSE(std::string(flag.at("lexicon_version").as_string()).empty());

  ClientResponse queue = world.Get(world.As(Role::kOversight), "/api/v1/posts?flagged=true&limit=200");
  ASSERT_EQ(queue.status, 200) << queue.body;
  bool listed = false;
  std::int64_t last_priority = 1 << 30;
  const bj::value page = Json(queue);
  for (const bj::value& item : page.at("items").as_array()) {
    listed = listed || item.at("id").as_int64() == id;
    EXPECT_LE(item.at("priority").as_int64(), last_priority) << "highest priority first";
    last_priority = item.at("priority").as_int64();
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(world.Get(caseworker, "/api/v1/posts?after=nonsense").status, 400);
}

TEST(PostApiTest, APostAttachedToACaseIsReadWithTheCaseAndAPersonConfirmsWhoWroteIt) {
  ApiWorld& world = ApiWorld::Get();
  world.NextMinute();
  const Session* caseworker = world.As(Role::kCaseworker);
  ClientResponse imported = Import(
      world, caseworker, Line("https://x.com/gwilson_api/status/5", "gwilson_api", "Another Zio lie", R"(,"display_name":"Gareth Wilson")"),
      "application/x-ndjson");
  ASSERT_EQ(imported.status, 201) << imported.body;
  const std::int64_t id = Json(imported).at("ids").at(0).as_int64();

  ClientResponse attached = world.Post(caseworker, fmt::format("/api/v1/cases/{}/posts", world.a.number),
                                       fmt::format(R"({{"posts":["{}"]}})", id));
  ASSERT_EQ(attached.status, 200) << attached.body;
  EXPECT_EQ(Json(attached).at("attached").as_int64(), 1);
  // (Not the investigator: the access table may already have had them step aside from case A.)
  ClientResponse of_case = world.Get(world.As(Role::kOversight), fmt::format("/api/v1/cases/{}/posts", world.a.number));
  ASSERT_EQ(of_case.status, 200) << of_case.body;
  bool found = false;
  const bj::value posts = Json(of_case);
  for (const bj::value& item : posts.at("items").as_array()) found = found || item.at("id").as_int64() == id;
  EXPECT_TRUE(found) << "oversight reads the case's posts";
  EXPECT_EQ(world.Get(world.As(Role::kRespondent), fmt::format("/api/v1/cases/{}/posts", world.a.number)).status, 403);

  const std::int64_t account = Json(world.Get(caseworker, fmt::format("/api/v1/posts/{}", id))).at("account").at("id").as_int64();
  ClientResponse shown = world.Get(caseworker, fmt::format("/api/v1/accounts/{}", account));
  ASSERT_EQ(shown.status, 200) << shown.body;
  bj::value view = Json(shown);
  EXPECT_EQ(view.at("link"), "none");
  ASSERT_FALSE(view.at("candidates").as_array().empty()) << shown.body;
  const std::string member(view.at("candidates").at(0).at("membership_number").as_string());
  EXPECT_FALSE(view.at("candidates").at(0).at("reasons").as_array().empty());

  const std::string path = fmt::format("/api/v1/accounts/{}/decision", account);
  EXPECT_EQ(world.Post(caseworker, path, fmt::format(R"({{"membership_number":"{}","decision":"confirm","reason":"yes"}})", member)).status,
            400) << "a link needs its reason";
  EXPECT_EQ(world.Post(caseworker, path, fmt::format(R"({{"membership_number":"{}","decision":"maybe","reason":"not sure at all"}})", member)).status,
            400);
  const std::string confirm =
      fmt::format(R"({{"membership_number":"{}","decision":"confirm","reason":"Matches the member's own profile page."}})", member);
  EXPECT_EQ(world.Post(world.As(Role::kOversight), path, confirm).status, 403);
  ClientResponse confirmed = world.Post(caseworker, path, confirm);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(Json(confirmed).at("link"), "confirmed");
  EXPECT_EQ(std::string(Json(confirmed).at("member").at("membership_number").as_string()), member);
  EXPECT_EQ(world.Post(caseworker, path, confirm).status, 409) << "already linked";

  ClientResponse by_member = world.Get(caseworker, fmt::format("/api/v1/posts?member={}", member));
  ASSERT_EQ(by_member.status, 200) << by_member.body;
  EXPECT_EQ(Json(by_member).at("items").as_array().size(), 1u);
}

TEST(PostApiTest, TheLexiconIsPublishedWithItsVersion) {
  ApiWorld& world = ApiWorld::Get();
  ClientResponse lexicon = world.Get(nullptr, "/api/v1/lexicon");
  ASSERT_EQ(lexicon.status, 200) << lexicon.body;
  bj::value body = Json(lexicon);
  EXPECT_FALSE(std::string(body.at("version").as_string()).empty());
  EXPECT_GE(body.at("categories").as_array().size(), 12u) << "the eleven IHRA examples and the conduct guidance";
  EXPECT_FALSE(body.at("patterns").as_array().empty());
}

}  // namespace
}  // namespace docket::http::api::testing
