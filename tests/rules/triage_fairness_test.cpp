// Fairness of triage over labelled sets of synthetic posts
// (tests/data/triage/posts.tsv and blind.tsv): antisemitic posts across every category of
// the lexicon, and at least as many that must not be flagged (criticism of
// Israeli policy, news, posts quoting abuse to condemn it, Holocaust history,
// everyday uses of "lobby", "loyalty", "blood", "Nazi", "Zionism").
//
// A post counts as flagged when its priority is above zero, i.e. some flag is
// not discounted by a context. Overall precision and recall are over posts
// (flagged or not, against whether a category was expected) and must reach 0.9
// and 0.8; per category, a category is predicted when a flag of it is not
// discounted. The table goes to stdout, with every miss, for the README.
#include "rules/triage.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "policy/lexicon_loader.hpp"

namespace docket::rules {
namespace {

struct LabelledPost {
  std::string id;
  std::string split;
  std::set<std::string> expected;  // empty: must not be flagged
  std::string kind;
  std::string text;
};

std::vector<std::string> SplitOn(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream stream(line);
  while (std::getline(stream, field, separator)) fields.push_back(field);
  return fields;
}

// Appends the posts of one labelled file.
void ReadPosts(const std::string& file, std::vector<LabelledPost>& posts) {
  std::ifstream in(std::filesystem::path(DOCKET_TEST_DATA_DIR) / "triage" / file);
  EXPECT_TRUE(in) << "cannot open " << file;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> fields = SplitOn(line, '\t');
    EXPECT_EQ(fields.size(), 5u) << line;
    if (fields.size() != 5) continue;
    LabelledPost post{fields[0], fields[1], {}, fields[3], fields[4]};
    if (fields[2] != "none") {
      for (const std::string& category : SplitOn(fields[2], ',')) post.expected.insert(category);
    }
    posts.push_back(std::move(post));
  }
}

// The set the lexicon was written against (posts.tsv), and posts written by
// someone who never saw the lexicon (blind.tsv, reported as its own split).
std::vector<LabelledPost> ReadPosts() {
  std::vector<LabelledPost> posts;
  ReadPosts("posts.tsv", posts);
  ReadPosts("blind.tsv", posts);
  return posts;
}

struct Counts {
  int true_positives = 0;
  int false_positives = 0;
  int false_negatives = 0;
  double Precision() const {
    int flagged = true_positives + false_positives;
    return flagged == 0 ? 1.0 : static_cast<double>(true_positives) / flagged;
  }
  double Recall() const {
    int expected = true_positives + false_negatives;
    return expected == 0 ? 1.0 : static_cast<double>(true_positives) / expected;
  }
};

void PrintRow(const std::string& name, const Counts& counts) {
  std::cout << fmt::format("| {:<36} | {:>4} | {:>4} | {:>4} | {:>9.3f} | {:>6.3f} |\n", name, counts.true_positives,
                           counts.false_positives, counts.false_negatives, counts.Precision(), counts.Recall());
}

TEST(TriageFairnessTest, PrecisionAndRecallOverTheLabelledPostsMeetTheGoals) {
  Result<domain::Lexicon> lexicon =
      policy::LoadLexicon(std::filesystem::path(DOCKET_DATA_DIR) / "lexicon" / "antisemitism.toml");
  ASSERT_TRUE(lexicon) << lexicon.error().message;
  Result<Triage> triage = Triage::Create(*lexicon);
  ASSERT_TRUE(triage) << triage.error().message;
  std::vector<LabelledPost> posts = ReadPosts();

  std::set<std::string> known;
  for (const domain::LexiconCategory& category : lexicon->categories) known.insert(category.id);
  int positives = 0;
  int negatives = 0;
  std::set<std::string> covered;
  for (const LabelledPost& post : posts) {
    for (const std::string& category : post.expected) {
      EXPECT_TRUE(known.contains(category)) << post.id << " expects unknown category " << category;
      covered.insert(category);
    }
    (post.expected.empty() ? negatives : positives) += 1;
  }
  ASSERT_GE(posts.size(), 300u);
  EXPECT_GE(negatives, positives) << "the set must hold at least as many posts that must not be flagged";
  EXPECT_EQ(covered, known) << "every category needs labelled posts";

  std::map<std::string, Counts> by_category;
  std::map<std::string, Counts> by_split;
  std::map<std::string, int> false_positives_by_kind;
  Counts overall;
  Counts micro;
  std::vector<std::string> misses;
  for (const LabelledPost& post : posts) {
    TriageAssessment assessment = triage->Assess(post.text);
    std::set<std::string> predicted;
    for (const TriageFlag& flag : assessment.flags) {
      if (flag.discounted_by.empty()) predicted.insert(flag.category_id);
    }
    const bool should_flag = !post.expected.empty();
    const bool flagged = assessment.Flagged();
    for (Counts* counts : {&overall, &by_split[post.split]}) {
      if (flagged && should_flag) ++counts->true_positives;
      if (flagged && !should_flag) ++counts->false_positives;
      if (!flagged && should_flag) ++counts->false_negatives;
    }
    if (flagged && !should_flag) ++false_positives_by_kind[post.kind];
    for (const std::string& category : known) {
      const bool expected = post.expected.contains(category);
      const bool got = predicted.contains(category);
      for (Counts* counts : {&by_category[category], &micro}) {
        if (got && expected) ++counts->true_positives;
        if (got && !expected) ++counts->false_positives;
        if (!got && expected) ++counts->false_negatives;
      }
    }
    if (flagged != should_flag || predicted != post.expected) {
      std::string got;
      for (const std::string& category : predicted) got += (got.empty() ? "" : ",") + category;
      std::string want;
      for (const std::string& category : post.expected) want += (want.empty() ? "" : ",") + category;
      misses.push_back(fmt::format("{} [{}] expected {} got {}: {}", post.id, post.split, want.empty() ? "none" : want,
                                   got.empty() ? "none" : got, post.text));
    }
  }

  std::cout << fmt::format("\nTriage fairness: {} posts ({} to flag, {} not to flag), lexicon {} {}\n\n", posts.size(),
                           positives, negatives, lexicon->name, lexicon->version);
  std::cout << "| category                             |   TP |   FP |   FN | precision | recall |\n";
  std::cout << "|--------------------------------------|------|------|------|-----------|--------|\n";
  for (const auto& [category, counts] : by_category) PrintRow(category, counts);
  PrintRow("all categories (micro-average)", micro);
  PrintRow("overall: posts flagged", overall);
  for (const auto& [split, counts] : by_split) PrintRow("overall, " + split + " posts only", counts);
  std::cout << "\nFalse positives by kind of post:";
  if (false_positives_by_kind.empty()) std::cout << " none";
  for (const auto& [kind, count] : false_positives_by_kind) std::cout << fmt::format(" {} {};", kind, count);
  std::cout << "\n\nPosts whose categories differ from their labels:\n";
  for (const std::string& miss : misses) std::cout << "  " << miss << "\n";
  std::cout << std::flush;

  EXPECT_GE(overall.Precision(), 0.9);
  EXPECT_GE(overall.Recall(), 0.8);
}

}  // namespace
}  // namespace docket::rules
