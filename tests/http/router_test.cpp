#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace docket::http {
namespace {

Handler Reply(std::string text) {
  return [text](const Request&) { return Response::Text(200, text); };
}

Request MakeRequest(Method method, std::string_view target) {
  auto request = Request::Make(method, target);
  EXPECT_TRUE(request) << target;
  return request.value_or(Request{});
}

Response Handle(const Router& router, Method method, std::string_view target) {
  Request request = MakeRequest(method, target);
  return router.Handle(request);
}

boost::json::object ProblemBody(const Response& response) { return boost::json::parse(response.body).as_object(); }

TEST(RouterTest, DispatchesByMethodAndPath) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases", Reply("list")));
  ASSERT_TRUE(router.Add(Method::kPost, "/api/v1/cases", Reply("create")));
  ASSERT_TRUE(router.Add(Method::kGet, "/", Reply("root")));
  EXPECT_EQ(Handle(router, Method::kGet, "/api/v1/cases").body, "list");
  EXPECT_EQ(Handle(router, Method::kPost, "/api/v1/cases").body, "create");
  EXPECT_EQ(Handle(router, Method::kGet, "/").body, "root");
}

TEST(RouterTest, FillsPathParametersAndTheRouteLabel) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kPost, "/api/v1/cases/{id}/actions/{action}", [](const Request& request) {
    return Response::Text(200, std::string(request.PathParam("id")) + "|" + std::string(request.PathParam("action")) +
                                   "|" + request.route);
  }));
  EXPECT_EQ(Handle(router, Method::kPost, "/api/v1/cases/2026-000123/actions/refer%20on").body,
            "2026-000123|refer on|/api/v1/cases/{id}/actions/{action}");
}

TEST(RouterTest, UnknownPathIsA404ProblemLabelledUnmatched) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases/{id}", Reply("one")));
  Request request = MakeRequest(Method::kGet, "/api/v1/nothing");
  Response response = router.Handle(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(ProblemBody(response).at("status").as_int64(), 404);
  EXPECT_EQ(request.route, "unmatched");
  // A parameter segment never matches an empty segment.
  EXPECT_EQ(Handle(router, Method::kGet, "/api/v1/cases/").status, 404);
}

TEST(RouterTest, KnownPathWithTheWrongMethodIsA405WithAllow) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases/{id}", Reply("one")));
  ASSERT_TRUE(router.Add(Method::kPatch, "/api/v1/cases/{id}", Reply("patch")));
  Response response = Handle(router, Method::kDelete, "/api/v1/cases/7");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers["Allow"], "GET, HEAD, PATCH");
  EXPECT_EQ(ProblemBody(response).at("title").as_string(), "Method Not Allowed");
}

TEST(RouterTest, HeadIsAnsweredByTheGetHandler) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/healthz", Reply("ok")));
  EXPECT_EQ(Handle(router, Method::kHead, "/healthz").status, 200);
}

TEST(RouterTest, ALiteralSegmentWinsOverAParameter) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases/{id}", Reply("one")));
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases/export", Reply("export")));
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/{collection}/export", Reply("collection")));
  EXPECT_EQ(Handle(router, Method::kGet, "/api/v1/cases/export").body, "export");
  EXPECT_EQ(Handle(router, Method::kGet, "/api/v1/cases/12").body, "one");
  EXPECT_EQ(Handle(router, Method::kGet, "/api/v1/members/export").body, "collection");
}

TEST(RouterTest, LiteralsCompareWithTheDecodedSegment) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases", Reply("list")));
  EXPECT_EQ(Handle(router, Method::kGet, "/api/v1/%63ases").body, "list");
  EXPECT_EQ(Handle(router, Method::kGet, "/api/v1%2Fcases").status, 404);
}

TEST(RouterTest, RefusesMalformedPatterns) {
  Router router;
  for (std::string_view pattern :
       {"api/v1", "/api//v1", "/api/{}", "/api/{1x}", "/api/{id}/{id}", "/a b", "/api/", "/api/{id"}) {
    auto added = router.Add(Method::kGet, pattern, Reply("x"));
    ASSERT_FALSE(added) << pattern;
    EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument) << pattern;
  }
}

TEST(RouterTest, RefusesDuplicatesAndPatternsThatDifferOnlyInParameterNames) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases/{id}", Reply("one")));
  auto duplicate = router.Add(Method::kGet, "/api/v1/cases/{id}", Reply("again"));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  auto renamed = router.Add(Method::kPost, "/api/v1/cases/{case_id}", Reply("renamed"));
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().code, ErrorCode::kInvalidArgument);
}

TEST(RouterTest, ListsEveryRouteByPatternThenMethod) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kPost, "/api/v1/cases", Reply("create")));
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases", Reply("list")));
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases/{id}", Reply("one"), {.execution = Execution::kBlocking}));
  auto routes = router.Routes();
  ASSERT_EQ(routes.size(), 3U);
  EXPECT_EQ(routes[0].method, Method::kGet);
  EXPECT_EQ(routes[0].pattern, "/api/v1/cases");
  EXPECT_EQ(routes[1].method, Method::kPost);
  EXPECT_EQ(routes[2].pattern, "/api/v1/cases/{id}");
  EXPECT_EQ(routes[2].execution, Execution::kBlocking);
}

TEST(RouterTest, TheFallbackTakesUnmatchedPathsButNotWrongMethods) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/api/v1/cases", Reply("list")));
  router.SetFallback("static", Reply("file"));
  Request request = MakeRequest(Method::kGet, "/cases/12");
  EXPECT_EQ(router.Handle(request).body, "file");
  EXPECT_EQ(request.route, "static");
  EXPECT_EQ(Handle(router, Method::kPost, "/api/v1/cases").status, 405);
}

TEST(RouterTest, AHandlerExceptionBecomesA500ProblemWithoutItsMessage) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/boom",
                         [](const Request&) -> Response { throw std::runtime_error("secret table name"); }));
  Response response = Handle(router, Method::kGet, "/boom");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

TEST(RouterTest, TheLargestBodyLimitCoversEveryRoute) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kPost, "/small", Reply("x"), {.body_limit = 10}));
  EXPECT_EQ(router.LargestBodyLimit(1000), 1000U);
  ASSERT_TRUE(router.Add(Method::kPost, "/upload", Reply("x"), {.body_limit = 5000}));
  EXPECT_EQ(router.LargestBodyLimit(1000), 5000U);
}

}  // namespace
}  // namespace docket::http
