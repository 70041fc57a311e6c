#include "http/problem.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace docket::http {
namespace {

TEST(ProblemTest, EveryErrorCodeHasItsStatus) {
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kConflict, ConflictSource::kIfMatch), 412);
  EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500);
}

TEST(ProblemTest, AConflictIs412WhenTheRequestCarriedIfMatch) {
  Request plain;
  Request conditional;
  conditional.headers.emplace("if-match", "\"7\"");
  const Error stale{ErrorCode::kConflict, "case 2026-000001 changed since version 7"};
  EXPECT_EQ(ProblemResponse(stale, plain).status, 409);
  EXPECT_EQ(ProblemResponse(stale, conditional).status, 412);
}

TEST(ProblemTest, FieldOfReadsTheFieldNameFromDocketMessages) {
  EXPECT_EQ(FieldOf("field 'summary': must not be empty"), "summary");
  EXPECT_EQ(FieldOf("field 'complainant.name': is required"), "complainant.name");
  EXPECT_FALSE(FieldOf("case 2026-000001 not found"));
  EXPECT_FALSE(FieldOf("field '': empty"));
  EXPECT_FALSE(FieldOf("the field 'x': not at the start"));
}

TEST(ProblemTest, TheBodyIsAnRfc9457DocumentWithTheField) {
  Response response = ProblemResponse(Error{ErrorCode::kInvalidArgument, "field 'summary': must not be empty"});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type").as_string(), "urn:docket:problem:invalid_argument");
  EXPECT_EQ(body.at("title").as_string(), "Invalid argument");
  EXPECT_EQ(body.at("status").as_int64(), 400);
  EXPECT_EQ(body.at("detail").as_string(), "field 'summary': must not be empty");
  EXPECT_EQ(body.at("field").as_string(), "summary");
}

TEST(ProblemTest, NoFieldMemberWhenTheMessageNamesNone) {
  Response response = ProblemResponse(Error{ErrorCode::kNotFound, "no case 2026-000009"});
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("status").as_int64(), 404);
  EXPECT_FALSE(body.contains("field"));
}

TEST(ProblemTest, AnInternalErrorDoesNotShowItsMessage) {
  Response response = ProblemResponse(Error{ErrorCode::kInternal, "sqlite: no such table cases_v2"});
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("sqlite"), std::string::npos);
}

TEST(ProblemTest, HttpProblemsAreAboutBlankWithTheStatusPhrase) {
  Response response = ProblemResponse(HttpProblem(413, "too big"));
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type").as_string(), "about:blank");
  EXPECT_EQ(body.at("title").as_string(), "Content Too Large");
  EXPECT_EQ(body.at("detail").as_string(), "too big");
}

}  // namespace
}  // namespace docket::http
