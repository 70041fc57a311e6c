#include "http/json.hpp"

#include <gtest/gtest.h>

#include <boost/json/value.hpp>

#include "http/problem.hpp"

namespace docket::http {
namespace {

// Parses `text` and returns a reader over it; the document lives in the fixture.
class JsonReaderTest : public ::testing::Test {
 protected:
  JsonObjectReader Read(std::string_view text) {
    auto document = ParseJson(text);
    EXPECT_TRUE(document) << document.error().message;
    document_.emplace(std::move(document).value());
    auto reader = JsonObjectReader::Of(*document_);
    EXPECT_TRUE(reader) << reader.error().message;
    return std::move(reader).value();
  }

 private:
  std::optional<JsonDocument> document_;
};

std::string MessageOf(const Error& error) { return error.message; }

TEST(ParseJsonTest, ParsesADocument) {
  auto document = ParseJson(R"({"a": [1, "two", null]})");
  ASSERT_TRUE(document) << document.error().message;
  EXPECT_TRUE(document->Root().is_object());
}

TEST(ParseJsonTest, MalformedJsonNamesLineAndColumn) {
  auto document = ParseJson("{\n  \"a\": 1,\n  \"b\": }");
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(MessageOf(document.error()).find("line 3, column 8"), std::string::npos) << document.error().message;
}

TEST(ParseJsonTest, EmptyBodyAndTrailingTextAreMalformed) {
  EXPECT_FALSE(ParseJson(""));
  auto trailing = ParseJson("{} {}");
  ASSERT_FALSE(trailing);
  EXPECT_NE(trailing.error().message.find("byte 3"), std::string::npos) << trailing.error().message;
  EXPECT_FALSE(ParseJson("{\"a\": 1,}"));
  EXPECT_FALSE(ParseJson("{\"a\": NaN}"));
  EXPECT_FALSE(ParseJson("// comment\n{}"));
}

TEST(ParseJsonTest, InvalidUtf8IsRefusedWithItsOffset) {
  auto document = ParseJson("{\"name\": \"caf\xE9\"}");
  ASSERT_FALSE(document);
  EXPECT_NE(document.error().message.find("UTF-8"), std::string::npos);
  EXPECT_NE(document.error().message.find("byte 13"), std::string::npos) << document.error().message;
  EXPECT_FALSE(ParseJson("{\"a\": \"\xED\xA0\x80\"}"));  // An encoded UTF-16 surrogate.
  EXPECT_FALSE(ParseJson("{\"a\": \"\xC0\xAF\"}"));      // An overlong '/'.
}

TEST(ParseJsonTest, EnforcesTheSizeAndDepthLimits) {
  auto big = ParseJson(R"({"a": "0123456789"})", {.max_bytes = 10});
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("limit"), std::string::npos);
  auto deep = ParseJson("[[[[1]]]]", {.max_depth = 3});
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message.find("deeper than 3"), std::string::npos) << deep.error().message;
  EXPECT_TRUE(ParseJson("[[[1]]]", {.max_depth = 3}));
}

TEST(ParseJsonTest, ADuplicateKeyIsRefusedAndNamed) {
  auto document = ParseJson(R"({"parties": [{"name": "a"}, {"name": "b", "name": "c"}]})");
  ASSERT_FALSE(document);
  EXPECT_EQ(FieldOf(document.error().message), "parties[1].name") << document.error().message;
  EXPECT_TRUE(ParseJson(R"([{"name": "a"}, {"name": "b"}])"));
}

TEST_F(JsonReaderTest, ReadsFieldsOfEveryType) {
  JsonObjectReader reader = Read(
      R"({"summary": "Rude remarks", "count": 3, "anonymous": true, "tags": ["a", "b"],
          "fields": {"reason": "x"}, "complainant": {"name": "Aoife"}, "note": null})");
  EXPECT_EQ(reader.String("summary"), "Rude remarks");
  EXPECT_EQ(reader.Integer("count", {.min = 0, .max = 10}), 3);
  EXPECT_EQ(reader.Boolean("anonymous"), true);
  EXPECT_EQ(reader.StringList("tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(reader.OptionalStringMap("fields"), (std::map<std::string, std::string>{{"reason", "x"}}));
  auto complainant = reader.Object("complainant");
  ASSERT_TRUE(complainant);
  EXPECT_EQ(complainant->String("name"), "Aoife");
  auto note = reader.OptionalString("note");
  ASSERT_TRUE(note);
  EXPECT_FALSE(note->has_value());
  auto absent = reader.OptionalInteger("absent");
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->has_value());
  EXPECT_TRUE(reader.Finish());
}

TEST_F(JsonReaderTest, AMissingRequiredFieldIsNamed) {
  JsonObjectReader reader = Read("{}");
  auto summary = reader.String("summary");
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(summary.error().message, "field 'summary': is required");
}

TEST_F(JsonReaderTest, AWrongTypeIsNamed) {
  JsonObjectReader reader = Read(R"({"summary": 12, "count": "3", "ratio": 1.5, "flag": "yes"})");
  EXPECT_EQ(reader.String("summary").error().message, "field 'summary': must be a string; got a number");
  EXPECT_EQ(reader.Integer("count").error().message, "field 'count': must be a whole number; got a string");
  EXPECT_EQ(reader.Integer("ratio").error().message, "field 'ratio': must be a whole number");
  EXPECT_EQ(reader.Boolean("flag").error().message, "field 'flag': must be true or false; got a string");
}

TEST_F(JsonReaderTest, AnOverlongStringIsNamedCountingCharactersNotBytes) {
  JsonObjectReader reader = Read(R"({"name": "Seán", "summary": "abcdef", "empty": ""})");
  EXPECT_EQ(reader.String("name", {.max_length = 4}), "Seán");
  EXPECT_EQ(reader.String("summary", {.max_length = 5}).error().message,
            "field 'summary': must be at most 5 characters; it has 6");
  EXPECT_EQ(reader.String("empty", {.min_length = 1}).error().message, "field 'empty': must not be empty");
}

TEST_F(JsonReaderTest, IntegersOutsideTheirRangeAreRefused) {
  JsonObjectReader reader = Read(R"({"months": 40, "huge": 18446744073709551615})");
  EXPECT_EQ(reader.Integer("months", {.min = 1, .max = 36}).error().message,
            "field 'months': must be between 1 and 36; it is 40");
  EXPECT_FALSE(reader.Integer("huge"));
}

TEST_F(JsonReaderTest, ListItemsAndNestedFieldsHaveFullPaths) {
  JsonObjectReader reader = Read(R"({"tags": ["ok", 7], "complainant": {"name": 1}})");
  EXPECT_EQ(FieldOf(reader.StringList("tags").error().message), "tags[1]");
  auto complainant = reader.Object("complainant");
  ASSERT_TRUE(complainant);
  EXPECT_EQ(FieldOf(complainant->String("name").error().message), "complainant.name");
}

TEST_F(JsonReaderTest, TooManyItemsAreRefused) {
  JsonObjectReader reader = Read(R"({"tags": ["a", "b", "c"]})");
  EXPECT_EQ(reader.StringList("tags", {.max_items = 2}).error().message,
            "field 'tags': must have at most 2 items; it has 3");
}

TEST_F(JsonReaderTest, FinishNamesAnUnknownFieldAndListsTheKnownOnes) {
  JsonObjectReader reader = Read(R"({"summary": "x", "sumary": "typo"})");
  ASSERT_TRUE(reader.String("summary"));
  ASSERT_TRUE(reader.OptionalString("details"));
  auto finished = reader.Finish();
  ASSERT_FALSE(finished);
  EXPECT_EQ(finished.error().message, "field 'sumary': is not a known field; known fields: summary, details");
}

TEST_F(JsonReaderTest, FinishAlsoChecksNestedObjects) {
  JsonObjectReader reader = Read(R"({"complainant": {"name": "A", "email": "a@b"}})");
  auto complainant = reader.Object("complainant");
  ASSERT_TRUE(complainant);
  ASSERT_TRUE(complainant->String("name"));
  auto finished = reader.Finish();
  ASSERT_FALSE(finished);
  EXPECT_EQ(FieldOf(finished.error().message), "complainant.email");
}

TEST(JsonObjectReaderTest, TheRootMustBeAnObject) {
  auto document = ParseJson("[1]");
  ASSERT_TRUE(document);
  auto reader = JsonObjectReader::Of(*document);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().message, "the body must be a JSON object; got an array");
}

}  // namespace
}  // namespace docket::http
