#include "http/request.hpp"

#include <gtest/gtest.h>

namespace docket::http {
namespace {

TEST(ParseTargetTest, SplitsThePathIntoDecodedSegments) {
  auto target = ParseTarget("/api/v1/cases/2026-000123/actions");
  ASSERT_TRUE(target) << target.error().message;
  EXPECT_EQ(target->path, "/api/v1/cases/2026-000123/actions");
  EXPECT_EQ(target->segments, (std::vector<std::string>{"api", "v1", "cases", "2026-000123", "actions"}));
  EXPECT_TRUE(target->query.empty());
}

TEST(ParseTargetTest, TheRootHasNoSegmentsAndATrailingSlashAnEmptyOne) {
  auto root = ParseTarget("/");
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->segments.empty());
  auto folder = ParseTarget("/docs/");
  ASSERT_TRUE(folder);
  EXPECT_EQ(folder->segments, (std::vector<std::string>{"docs", ""}));
}

TEST(ParseTargetTest, DecodesPercentEscapesInSegmentsButKeepsThePathAsSent) {
  auto target = ParseTarget("/members/Se%C3%A1n%20Murphy/a%2Fb");
  ASSERT_TRUE(target) << target.error().message;
  EXPECT_EQ(target->path, "/members/Se%C3%A1n%20Murphy/a%2Fb");
  EXPECT_EQ(target->segments, (std::vector<std::string>{"members", "Seán Murphy", "a/b"}));
}

TEST(ParseTargetTest, KeepsDotSegmentsAndEmptySegmentsAsSent) {
  auto target = ParseTarget("/./a/../b//c");
  ASSERT_TRUE(target) << target.error().message;
  EXPECT_EQ(target->segments, (std::vector<std::string>{".", "a", "..", "b", "", "c"}));
  auto plus = ParseTarget("/a+b");
  ASSERT_TRUE(plus);
  EXPECT_EQ(plus->segments, (std::vector<std::string>{"a+b"}));
}

TEST(ParseTargetTest, DecodesQueryParametersInOrderWithPlusAsSpace) {
  auto target = ParseTarget("/api/v1/cases?stage=triage&q=rude+remarks&q=second&flag");
  ASSERT_TRUE(target) << target.error().message;
  ASSERT_EQ(target->query.size(), 4U);
  EXPECT_EQ(target->query[0], (std::pair<std::string, std::string>{"stage", "triage"}));
  EXPECT_EQ(target->query[1], (std::pair<std::string, std::string>{"q", "rude remarks"}));
  EXPECT_EQ(target->query[2], (std::pair<std::string, std::string>{"q", "second"}));
  EXPECT_EQ(target->query[3], (std::pair<std::string, std::string>{"flag", ""}));
}

TEST(ParseTargetTest, RefusesTargetsThatAreNotOriginForm) {
  EXPECT_FALSE(ParseTarget("http://example.org/x"));
  EXPECT_FALSE(ParseTarget("*"));
  EXPECT_FALSE(ParseTarget("relative/path"));
  EXPECT_FALSE(ParseTarget(""));
}

TEST(ParseTargetTest, RefusesMalformedEscapesEncodedNulAndInvalidUtf8) {
  auto malformed = ParseTarget("/a%2");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArgument);
  auto nul = ParseTarget("/a%00b");
  ASSERT_FALSE(nul);
  EXPECT_NE(nul.error().message.find("NUL"), std::string::npos);
  auto latin1 = ParseTarget("/caf%E9");
  ASSERT_FALSE(latin1);
  EXPECT_NE(latin1.error().message.find("UTF-8"), std::string::npos);
  EXPECT_FALSE(ParseTarget("/x?name=%FF"));
  EXPECT_FALSE(ParseTarget("/x?name=a%00"));
}

TEST(RequestTest, LooksUpHeadersWithoutRegardToCase) {
  Request request;
  request.headers.emplace("Content-Type", "application/json");
  ASSERT_TRUE(request.Header("content-type"));
  EXPECT_EQ(*request.Header("CONTENT-TYPE"), "application/json");
  EXPECT_FALSE(request.Header("Content-Length"));
}

TEST(RequestTest, QueryReturnsTheFirstValueAndPathParamIsEmptyWhenAbsent) {
  auto request = Request::Make(Method::kGet, "/x?a=1&a=2");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->Query("a"), "1");
  EXPECT_FALSE(request->Query("b"));
  EXPECT_EQ(request->PathParam("id"), "");
}

TEST(MethodTest, NamesRoundTripAndUnknownMethodsAreOther) {
  for (Method method :
       {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch, Method::kDelete, Method::kOptions}) {
    EXPECT_EQ(ParseMethod(Name(method)), method);
  }
  EXPECT_EQ(ParseMethod("get"), Method::kOther);
  EXPECT_EQ(ParseMethod("PROPFIND"), Method::kOther);
}

}  // namespace
}  // namespace docket::http
