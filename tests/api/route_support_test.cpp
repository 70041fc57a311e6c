#include "http/api/route_support.hpp"

#include <gtest/gtest.h>

#include "http/api/authenticator.hpp"

namespace docket::http::api {
namespace {

Request With(std::string_view target, HeaderMap headers = {}) {
  auto request = Request::Make(Method::kGet, target);
  EXPECT_TRUE(request);
  request->headers = std::move(headers);
  return *request;
}

TEST(RouteSupportTest, IfMatchMustBeOneStrongVersionTag) {
  EXPECT_EQ(*IfMatchVersion(With("/")), std::nullopt);
  EXPECT_EQ(*IfMatchVersion(With("/", {{"If-Match", "\"7\""}})), 7);
  EXPECT_EQ(*IfMatchVersion(With("/", {{"If-Match", " \"12\" "}})), 12);
  for (std::string_view bad : {"*", "7", "W/\"7\"", "\"7\", \"8\"", "\"0\"", "\"-1\"", "\"x\"", "\"\"",
                               "\"99999999999999999999\""}) {
    auto version = IfMatchVersion(With("/", {{"If-Match", std::string(bad)}}));
    ASSERT_FALSE(version) << bad;
    EXPECT_TRUE(version.error().message.starts_with("field 'If-Match':")) << bad;
  }
  EXPECT_EQ(ETagOf(7), "\"7\"");
}

TEST(RouteSupportTest, QueryParametersAreCheckedStrictly) {
  EXPECT_TRUE(CheckQuery(With("/x?a=1&b=2"), {"a", "b"}));
  EXPECT_FALSE(CheckQuery(With("/x?a=1&c=2"), {"a", "b"}));
  EXPECT_FALSE(CheckQuery(With("/x?a=1&a=2"), {"a"}));
  EXPECT_FALSE(CheckQuery(With("/x?a=1"), {}));
  EXPECT_EQ(*QueryInteger(With("/x?n=42"), "n", {.min = 1, .max = 50}), 42);
  for (std::string_view bad : {"/x?n=0", "/x?n=51", "/x?n=4x", "/x?n=", "/x?n=%2B4", "/x?n=1e2"}) {
    EXPECT_FALSE(QueryInteger(With(bad), "n", {.min = 1, .max = 50})) << bad;
  }
  EXPECT_EQ(*QueryBoolean(With("/x?f=true"), "f"), true);
  EXPECT_FALSE(QueryBoolean(With("/x?f=1"), "f"));
  EXPECT_FALSE(QueryText(With("/x?s=%C3%A9%C3%A9%C3%A9"), "s", {.max_length = 2}));
  EXPECT_TRUE(QueryText(With("/x?s=%C3%A9%C3%A9"), "s", {.max_length = 2}));
}

TEST(RouteSupportTest, PathIdsArePositiveNumbersOrNotFound) {
  Request request = With("/");
  request.path_params = {{"id", "12"}};
  EXPECT_EQ(*PathId(request, "id"), 12);
  for (std::string_view bad : {"0", "-3", "12a", "", "1234567890123456789012"}) {
    request.path_params = {{"id", std::string(bad)}};
    auto id = PathId(request, "id");
    ASSERT_FALSE(id) << bad;
    EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
  }
}

TEST(AuthenticatorTest, TheClientAddressDropsThePort) {
  Request request = With("/");
  request.client = "192.0.2.7:51234";
  EXPECT_EQ(ClientAddress(request), "192.0.2.7");
  request.client = "[2001:db8::1]:443";
  EXPECT_EQ(ClientAddress(request), "2001:db8::1");
}

TEST(AuthenticatorTest, TheSessionCookieIsFoundAmongOthers) {
  EXPECT_EQ(CookieValue(With("/", {{"Cookie", "theme=dark; docket_session=abc123; lang=en"}}), "docket_session"),
            "abc123");
  EXPECT_EQ(CookieValue(With("/", {{"Cookie", "not_docket_session=x"}}), "docket_session"), std::nullopt);
  EXPECT_EQ(CookieValue(With("/"), "docket_session"), std::nullopt);
  EXPECT_EQ(SessionCookie("abc", 60, /*secure=*/true), "docket_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(ExpiredSessionCookie(false), "docket_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
}

}  // namespace
}  // namespace docket::http::api
