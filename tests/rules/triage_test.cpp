#include "rules/triage.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "policy/lexicon_loader.hpp"

namespace docket::rules {
namespace {

domain::Lexicon SmallLexicon() {
  domain::Lexicon lexicon;
  lexicon.name = "test lexicon";
  lexicon.version = "9.1";
  lexicon.categories = {{"epithet", "Epithets", "Conduct guidance"}, {"denial", "Holocaust denial", "IHRA 4"}};
  lexicon.patterns = {
      {"zio", "epithet", R"(\bzios?\b)", 4, "An epithet."},
      {"never-happened", "denial", R"(\bholocaust\s+never\s+happened\b)", 5, "Denial."},
  };
  lexicon.contexts = {{"reported", R"(\bi\s+reported\b)", "The post reports abuse."}};
  return lexicon;
}

Triage Make(domain::Lexicon lexicon) {
  Result<Triage> triage = Triage::Create(std::move(lexicon));
  EXPECT_TRUE(triage) << triage.error().message;
  return std::move(*triage);
}

const Triage& Shipped() {
  static const Triage triage = [] {
    Result<domain::Lexicon> lexicon =
        policy::LoadLexicon(std::filesystem::path(DOCKET_DATA_DIR) / "lexicon" / "antisemitism.toml");
    EXPECT_TRUE(lexicon) << lexicon.error().message;
    return Make(std::move(*lexicon));
  }();
  return triage;
}

// The one flag of an assessment, or a failure naming how many there were.
const TriageFlag& OnlyFlag(const TriageAssessment& assessment) {
  static const TriageFlag none;
  EXPECT_EQ(assessment.flags.size(), 1u);
  return assessment.flags.empty() ? none : assessment.flags.front();
}

TEST(TriageTest, AFlagNamesItsCategoryPatternSpanAndLexiconVersion) {
  Triage triage = Make(SmallLexicon());
  const std::string text = "Typical Zio troll.";
  TriageAssessment assessment = triage.Assess(text);
  const TriageFlag& flag = OnlyFlag(assessment);
  EXPECT_EQ(flag.category_id, "epithet");
  EXPECT_EQ(flag.category_title, "Epithets");
  EXPECT_EQ(flag.pattern_id, "zio");
  EXPECT_EQ(flag.pattern, R"(\bzios?\b)");
  EXPECT_EQ(flag.begin, 8u);
  EXPECT_EQ(flag.end, 11u);
  EXPECT_EQ(flag.matched, "Zio");
  EXPECT_EQ(flag.lexicon_name, "test lexicon");
  EXPECT_EQ(flag.lexicon_version, "9.1");
  EXPECT_TRUE(flag.discounted_by.empty());
  EXPECT_EQ(assessment.priority, 4);
  EXPECT_TRUE(assessment.Flagged());
}

TEST(TriageTest, PlainTextIsNotFlagged) {
  Triage triage = Make(SmallLexicon());
  TriageAssessment assessment = triage.Assess("The zoning committee meets on Tuesday; Zion Road is closed.");
  EXPECT_TRUE(assessment.flags.empty());
  EXPECT_EQ(assessment.priority, 0);
  EXPECT_FALSE(assessment.Flagged());
}

TEST(TriageTest, PriorityAddsTheWeightsOfDistinctPatternsNotRepeats) {
  Triage triage = Make(SmallLexicon());
  TriageAssessment assessment = triage.Assess("zio zio zio. The holocaust never happened.");
  EXPECT_EQ(assessment.flags.size(), 4u);
  EXPECT_EQ(assessment.priority, 4 + 5);
  EXPECT_EQ(assessment.flags[0].begin, 0u);
  EXPECT_EQ(assessment.flags[3].pattern_id, "never-happened");
}

struct Disguise {
  const char* description;
  std::string text;
  std::string matched;  // the original bytes the flag must cover
};

TEST(TriageTest, DisguisedEpithetsAreFoundAndTheSpanCoversTheOriginalBytes) {
  Triage triage = Make(SmallLexicon());
  const std::vector<Disguise> disguises = {
      {"upper case", "shut up ZIO", "ZIO"},
      {"a digit for a letter", "the Z1o lobby", "Z1o"},
      {"a zero for a letter", "typical zi0 move", "zi0"},
      {"spaced letters", "Z i o s everywhere", "Z i o s"},
      {"dotted letters", "a Z.i.o shill", "Z.i.o"},
      {"letters spaced by two marks", "a Z -i -o shill", "Z -i -o"},
      {"fullwidth letters", "\xEF\xBC\xBA\xEF\xBD\x89\xEF\xBD\x8F detected", "\xEF\xBC\xBA\xEF\xBD\x89\xEF\xBD\x8F"},
      {"a Cyrillic o", "a Zi\xD0\xBE in the replies", "Zi\xD0\xBE"},
      {"a Cyrillic i", "Z\xD1\x96o rats", "Z\xD1\x96o"},
      {"a Greek omicron after accented text", "caf\xC3\xA9 talk, zi\xCE\xBF again", "zi\xCE\xBF"},
      {"a zero-width space inside the word", "a Z\xE2\x80\x8Bio", "Z\xE2\x80\x8Bio"},
      {"an accent on a letter", "Z\xC3\xAFo!", "Z\xC3\xAFo"},
  };
  for (const Disguise& disguise : disguises) {
    TriageAssessment assessment = triage.Assess(disguise.text);
    ASSERT_EQ(assessment.flags.size(), 1u) << disguise.description;
    const TriageFlag& flag = assessment.flags.front();
    EXPECT_EQ(flag.matched, disguise.matched) << disguise.description;
    EXPECT_EQ(disguise.text.substr(flag.begin, flag.end - flag.begin), disguise.matched) << disguise.description;
  }
}

TEST(TriageTest, DigitsAloneAndHandlesAreNotFoldedIntoLetters) {
  domain::Lexicon lexicon = SmallLexicon();
  lexicon.patterns.push_back({"iaee", "epithet", R"(\biaee\b)", 1, "Would match 1488 if digits were always folded."});
  lexicon.patterns.push_back({"azio", "epithet", R"(\bazio\b)", 1, "Would match @zio if a leading @ were folded."});
  Triage triage = Make(std::move(lexicon));
  EXPECT_TRUE(triage.Assess("1488 and 6 million").flags.empty());
  TriageAssessment handle = triage.Assess("@zio_watch posted");
  EXPECT_TRUE(handle.flags.empty());
  TriageAssessment replied = triage.Assess("replying to @zio");
  ASSERT_EQ(replied.flags.size(), 1u);
  EXPECT_EQ(replied.flags[0].pattern_id, "zio");
  EXPECT_EQ(replied.flags[0].matched, "zio");
}

TEST(TriageTest, ShortWordsInASentenceAreNotJoinedAsSpacedLetters) {
  domain::Lexicon lexicon = SmallLexicon();
  lexicon.patterns.push_back({"aia", "epithet", R"(aia)", 1, "Would match if 'a I a' were joined."});
  Triage triage = Make(std::move(lexicon));
  EXPECT_TRUE(triage.Assess("Plan a, I agree, a good one").flags.empty());
  EXPECT_FALSE(triage.Assess("plan a I a").flags.empty());
}

TEST(TriageTest, AContextDiscountsEveryFlagButStillShowsThem) {
  Triage triage = Make(SmallLexicon());
  TriageAssessment assessment = triage.Assess("Someone called me a Zio at the station. I reported it.");
  const TriageFlag& flag = OnlyFlag(assessment);
  EXPECT_EQ(flag.pattern_id, "zio");
  EXPECT_EQ(flag.discounted_by, "reported");
  EXPECT_EQ(assessment.priority, 0);
  EXPECT_FALSE(assessment.Flagged());
}

TEST(TriageTest, InvalidUtf8IsScannedAndSpansStillMapBack) {
  Triage triage = Make(SmallLexicon());
  const std::string text = "\xFF\xFE broken \xC3 bytes, then zio";
  TriageAssessment assessment = triage.Assess(text);
  const TriageFlag& flag = OnlyFlag(assessment);
  EXPECT_EQ(flag.matched, "zio");
  EXPECT_EQ(flag.end, text.size());
}

TEST(TriageTest, APatternThatDoesNotCompileIsNamedInTheError) {
  domain::Lexicon lexicon = SmallLexicon();
  lexicon.patterns.push_back({"lookahead", "epithet", R"(zio(?=nist))", 1, "Hyperscan has no look-ahead."});
  Result<Triage> triage = Triage::Create(std::move(lexicon));
  ASSERT_FALSE(triage);
  EXPECT_EQ(triage.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(triage.error().message.find("pattern 'lookahead'"), std::string::npos) << triage.error().message;
  EXPECT_NE(triage.error().message.find("9.1"), std::string::npos) << triage.error().message;
}

TEST(TriageTest, AContextThatDoesNotCompileIsNamedInTheError) {
  domain::Lexicon lexicon = SmallLexicon();
  lexicon.contexts.push_back({"broken-context", R"(reported(\b)", "Unbalanced."});
  Result<Triage> triage = Triage::Create(std::move(lexicon));
  ASSERT_FALSE(triage);
  EXPECT_NE(triage.error().message.find("pattern 'broken-context'"), std::string::npos) << triage.error().message;
}

TEST(TriageTest, APatternNamingAnUnknownCategoryIsRefused) {
  domain::Lexicon lexicon = SmallLexicon();
  lexicon.patterns.push_back({"stray", "no-such-category", "stray", 1, "Names nothing."});
  Result<Triage> triage = Triage::Create(std::move(lexicon));
  ASSERT_FALSE(triage);
  EXPECT_NE(triage.error().message.find("'stray'"), std::string::npos);
  EXPECT_NE(triage.error().message.find("'no-such-category'"), std::string::npos);
}

TEST(TriageTest, ALexiconWithoutPatternsFlagsNothing) {
  domain::Lexicon lexicon;
  lexicon.name = "empty";
  lexicon.version = "0";
  Triage triage = Make(std::move(lexicon));
  EXPECT_TRUE(triage.Assess("zio").flags.empty());
}

TEST(TriageTest, SeveralThreadsAssessAtOnceAndAgree) {
  const Triage& triage = Shipped();
  const std::vector<std::string> posts = {
      "Z i o s everywhere on this thread.", "The Holocaust never happened.", "Give blood this weekend.",
      "Gaza is the new Auschwitz.", "Someone replied with \"Hitler was right\". I reported it.",
      "\xEF\xBC\xBA\xEF\xBD\x89\xEF\xBD\x8F detected"};
  std::vector<TriageAssessment> expected;
  for (const std::string& post : posts) expected.push_back(triage.Assess(post));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 500; ++round) {
        for (std::size_t i = 0; i < posts.size(); ++i) {
          TriageAssessment got = triage.Assess(posts[i]);
          if (got.priority != expected[i].priority || got.flags.size() != expected[i].flags.size() ||
              (!got.flags.empty() && got.flags[0].begin != expected[i].flags[0].begin)) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_GT(expected[0].priority, 0);
  EXPECT_EQ(expected[2].priority, 0);
  EXPECT_FALSE(expected[4].flags.empty());
  EXPECT_EQ(expected[4].priority, 0);
}

TEST(TriageTest, TheShippedLexiconCompilesAndEveryFlagShowsItsVersion) {
  TriageAssessment assessment = Shipped().Assess("Shut up you Zio, the Holocaust is a hoax.");
  ASSERT_GE(assessment.flags.size(), 2u);
  for (const TriageFlag& flag : assessment.flags) {
    EXPECT_EQ(flag.lexicon_version, "2026.2");
    EXPECT_FALSE(flag.category_title.empty());
  }
}

TEST(TriageTest, BareScanningUsesTheSamePatternsAndSucceeds) {
  EXPECT_TRUE(Shipped().ScanBare("The Holocaust never happened."));
}

}  // namespace
}  // namespace docket::rules
