#include "policy/lexicon_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace docket::policy {
namespace {

std::filesystem::path TestLexicon(const std::string& name) {
  return std::filesystem::path(DOCKET_TEST_DATA_DIR) / "lexicon" / name;
}

// Messages start with the path; the tests compare what follows it.
std::string WithoutDirectory(std::string message) {
  const std::string directory = (std::filesystem::path(DOCKET_TEST_DATA_DIR) / "lexicon").string() + "/";
  for (std::size_t at = message.find(directory); at != std::string::npos; at = message.find(directory)) {
    message.erase(at, directory.size());
  }
  return message;
}

TEST(LexiconLoaderTest, AMinimalLexiconLoadsItsCategoriesPatternsAndContexts) {
  Result<domain::Lexicon> lexicon = LoadLexicon(TestLexicon("minimal.toml"));
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  EXPECT_EQ(lexicon->name, "test lexicon");
  EXPECT_EQ(lexicon->version, "1");
  ASSERT_EQ(lexicon->categories.size(), 1u);
  EXPECT_EQ(lexicon->categories[0].id, "epithet");
  EXPECT_EQ(lexicon->categories[0].source, "Conduct guidance");
  ASSERT_EQ(lexicon->patterns.size(), 1u);
  EXPECT_EQ(lexicon->patterns[0].id, "zio");
  EXPECT_EQ(lexicon->patterns[0].category, "epithet");
  EXPECT_EQ(lexicon->patterns[0].expression, R"(\bzio\b)");
  EXPECT_EQ(lexicon->patterns[0].weight, 3);
  EXPECT_EQ(lexicon->patterns[0].note, "An epithet.");
  ASSERT_EQ(lexicon->contexts.size(), 1u);
  EXPECT_EQ(lexicon->contexts[0].id, "reported");
}

TEST(LexiconLoaderTest, TheShippedLexiconLoadsWithAllElevenExamplesAndTheConductGuidance) {
  Result<domain::Lexicon> lexicon = LoadLexicon(std::filesystem::path(DOCKET_DATA_DIR) / "lexicon" / "antisemitism.toml");
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  EXPECT_EQ(lexicon->version, "2026.2");
  EXPECT_EQ(lexicon->categories.size(), 13u);
  for (const domain::LexiconCategory& category : lexicon->categories) {
    bool has_pattern = false;
    for (const domain::LexiconPattern& pattern : lexicon->patterns) has_pattern |= pattern.category == category.id;
    EXPECT_TRUE(has_pattern) << category.id << " has no pattern";
  }
  EXPECT_FALSE(lexicon->contexts.empty());
}

TEST(LexiconLoaderTest, UnknownKeysAreReportedWithTheirLineAndTheAllowedKeys) {
  Result<domain::Lexicon> lexicon = LoadLexicon(TestLexicon("unknown_key.toml"));
  ASSERT_FALSE(lexicon);
  EXPECT_EQ(lexicon.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(WithoutDirectory(lexicon.error().message),
            "unknown_key.toml:3:1: unknown key 'published' at the top level of a lexicon; allowed keys: name, "
            "version, category, pattern, context\n"
            "unknown_key.toml:15:1: unknown key 'severity' in [[pattern]]; allowed keys: id, category, expression, "
            "weight, note");
}

TEST(LexiconLoaderTest, MissingFieldsAreEachReported) {
  Result<domain::Lexicon> lexicon = LoadLexicon(TestLexicon("missing_fields.toml"));
  ASSERT_FALSE(lexicon);
  EXPECT_EQ(WithoutDirectory(lexicon.error().message),
            "missing_fields.toml:1:1: the lexicon is missing 'version'\n"
            "missing_fields.toml:3:1: a category is missing 'title'\n"
            "missing_fields.toml:6:1: a pattern is missing 'weight'\n"
            "missing_fields.toml:6:1: a pattern is missing 'note'\n"
            "missing_fields.toml:11:1: a context is missing 'id'");
}

TEST(LexiconLoaderTest, APatternNamingAnUnknownCategoryIsReportedAtTheCategory) {
  Result<domain::Lexicon> lexicon = LoadLexicon(TestLexicon("unknown_category.toml"));
  ASSERT_FALSE(lexicon);
  EXPECT_EQ(WithoutDirectory(lexicon.error().message),
            "unknown_category.toml:10:12: pattern names category 'epithets', which no [[category]] defines; "
            "defined: epithet");
}

TEST(LexiconLoaderTest, DuplicateIdsNameTheLineOfTheFirst) {
  Result<domain::Lexicon> lexicon = LoadLexicon(TestLexicon("duplicate_ids.toml"));
  ASSERT_FALSE(lexicon);
  EXPECT_EQ(WithoutDirectory(lexicon.error().message),
            "duplicate_ids.toml:9:6: category id 'epithet' is used twice; the first is on line 5\n"
            "duplicate_ids.toml:20:6: pattern id 'zio' is used twice; the first is on line 13\n"
            "duplicate_ids.toml:27:6: context id 'zio' is used twice; the first is on line 13");
}

TEST(LexiconLoaderTest, WeightsMustBeIntegersFromOneToAHundred) {
  Result<domain::Lexicon> lexicon = LoadLexicon(TestLexicon("bad_weight.toml"));
  ASSERT_FALSE(lexicon);
  EXPECT_EQ(WithoutDirectory(lexicon.error().message),
            "bad_weight.toml:12:10: 'weight' must be between 1 and 100\n"
            "bad_weight.toml:19:10: 'weight' must be an integer");
}

TEST(LexiconLoaderTest, AMissingFileIsNotFoundAndNamesThePath) {
  Result<domain::Lexicon> lexicon = LoadLexicon(TestLexicon("no_such_lexicon.toml"));
  ASSERT_FALSE(lexicon);
  EXPECT_EQ(lexicon.error().code, ErrorCode::kNotFound);
  EXPECT_NE(lexicon.error().message.find("no_such_lexicon.toml"), std::string::npos);
}

TEST(LexiconLoaderTest, ASyntaxErrorIsReportedAtItsPosition) {
  Result<domain::Lexicon> lexicon = LoadLexicon("name = \"x\"\nversion = \n", "broken.toml");
  ASSERT_FALSE(lexicon);
  EXPECT_EQ(lexicon.error().message.rfind("broken.toml:2:", 0), 0u) << lexicon.error().message;
}

}  // namespace
}  // namespace docket::policy
