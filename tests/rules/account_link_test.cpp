#include "rules/account_link.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

namespace docket::rules {
namespace {

const std::string kDataDir = std::string(DOCKET_TEST_DATA_DIR) + "/linking";

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, '\t')) fields.push_back(field == "-" ? "" : field);
  return fields;
}

// Rows of a tab-separated file, without comments and blank lines, each with
// its line number.
std::vector<std::pair<int, std::vector<std::string>>> ReadRows(const std::string& path) {
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  std::ifstream in(path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    rows.emplace_back(number, SplitTabs(line));
  }
  return rows;
}

struct MemberRow {
  MemberNames names;
  std::string note;
};

std::vector<MemberRow> LoadMembers() {
  std::vector<MemberRow> members;
  for (const auto& [line, fields] : ReadRows(kDataDir + "/members.tsv")) {
    if (fields.size() < 4) {
      ADD_FAILURE() << "members.tsv:" << line << ": expected at least 4 fields";
      continue;
    }
    MemberRow row;
    row.names.member = MemberId{std::stoll(fields[0])};
    row.names.given_name = fields[1];
    row.names.family_name = fields[2];
    std::istringstream aliases(fields[3]);
    for (std::string alias; std::getline(aliases, alias, ';');) {
      if (!alias.empty()) row.names.aliases.push_back(alias);
    }
    row.note = fields.size() > 4 ? fields[4] : "";
    members.push_back(row);
  }
  return members;
}

struct AccountRow {
  std::string name;
  AccountIdentity account;
  std::int64_t expected = 0;  // 0: nobody at or above the threshold
  std::string description;
  int line = 0;
};

void PrintTo(const AccountRow& row, std::ostream* out) { *out << row.name; }

std::vector<AccountRow> LoadAccounts() {
  std::vector<AccountRow> accounts;
  for (const auto& [line, fields] : ReadRows(kDataDir + "/accounts.tsv")) {
    if (fields.size() < 5) {
      ADD_FAILURE() << "accounts.tsv:" << line << ": expected 5 fields";
      continue;
    }
    AccountRow row;
    row.name = fields[0];
    row.account.handle = fields[1];
    row.account.display_name = fields[2];
    row.expected = fields[3] == "none" ? 0 : std::stoll(fields[3]);
    row.description = fields[4];
    row.line = line;
    accounts.push_back(row);
  }
  return accounts;
}

const MemberNameIndex& TestSetIndex() {
  static const MemberNameIndex index = [] {
    std::vector<MemberNames> names;
    for (const MemberRow& row : LoadMembers()) names.push_back(row.names);
    return MemberNameIndex::Build(names);
  }();
  return index;
}

std::string Show(const std::vector<LinkCandidate>& candidates) {
  if (candidates.empty()) return "nobody";
  std::string out;
  for (const LinkCandidate& c : candidates) {
    out += "\n  member " + std::to_string(c.member.value) + " score " + std::to_string(c.score) + ":";
    for (const std::string& reason : c.reasons) out += " " + reason + ";";
  }
  return out;
}

bool TopIsExpected(const AccountRow& row, const std::vector<LinkCandidate>& candidates) {
  if (row.expected == 0) return candidates.empty();
  return !candidates.empty() && candidates.front().member.value == row.expected;
}

class AccountLinkCaseTest : public ::testing::TestWithParam<AccountRow> {};

TEST_P(AccountLinkCaseTest, TheExpectedMemberIsTheTopCandidateOrNobodyIsProposed) {
  const AccountRow& row = GetParam();
  std::vector<LinkCandidate> candidates = TestSetIndex().Propose(row.account);
  EXPECT_TRUE(TopIsExpected(row, candidates))
      << "accounts.tsv:" << row.line << " '" << row.name << "' (" << row.description << "): expected "
      << (row.expected == 0 ? std::string("nobody") : "member " + std::to_string(row.expected)) << ", proposed "
      << Show(candidates);
}

INSTANTIATE_TEST_SUITE_P(TestSet, AccountLinkCaseTest, ::testing::ValuesIn(LoadAccounts()),
                         [](const ::testing::TestParamInfo<AccountRow>& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(AccountLinkTestSetTest, HitRateOverTheWholeSetIsAtLeastNinetyFivePercent) {
  std::vector<AccountRow> rows = LoadAccounts();
  int hits = 0;
  int linked_rows = 0;
  int linked_hits = 0;
  for (const AccountRow& row : rows) {
    bool hit = TopIsExpected(row, TestSetIndex().Propose(row.account));
    hits += hit ? 1 : 0;
    linked_rows += row.expected != 0 ? 1 : 0;
    linked_hits += (hit && row.expected != 0) ? 1 : 0;
  }
  double rate = rows.empty() ? 0 : static_cast<double>(hits) / static_cast<double>(rows.size());
  std::cout << "account-linking test set: " << hits << "/" << rows.size() << " rows right (" << linked_hits << "/"
            << linked_rows << " expected top candidates, " << (hits - linked_hits) << "/"
            << (rows.size() - static_cast<std::size_t>(linked_rows)) << " unrelated accounts proposing nobody)\n";
  EXPECT_GE(rate, 0.95);
}

TEST(AccountLinkTestSetTest, TheSetIsLargeAndEveryTargetHasANearMissBesideIt) {
  // A set where the family name alone picks the member would test nothing:
  // each expected member shares its family name with another member.
  std::vector<AccountRow> rows = LoadAccounts();
  std::vector<MemberRow> members = LoadMembers();
  EXPECT_GE(rows.size(), 60U);
  EXPECT_GE(std::count_if(rows.begin(), rows.end(), [](const AccountRow& r) { return r.expected == 0; }), 10);
  std::map<std::int64_t, std::string> family_of;
  std::map<std::string, int> members_with_family;
  for (const MemberRow& m : members) {
    family_of[m.names.member.value] = m.names.family_name;
    ++members_with_family[m.names.family_name];
  }
  for (const AccountRow& row : rows) {
    if (row.expected == 0) continue;
    ASSERT_TRUE(family_of.contains(row.expected)) << row.name << ": no member " << row.expected;
    EXPECT_GE(members_with_family[family_of[row.expected]], 2) << row.name << ": no near-miss member";
  }
}

std::vector<MemberNames> Smiths() {
  return {
      {MemberId{1}, "Jane", "Smith", {}},
      {MemberId{2}, "John", "Smith", {}},
      {MemberId{3}, "James", "Smith", {}},
      {MemberId{4}, "Robert", "Smith", {}},
      {MemberId{8}, "Seán", "O'Brien", {}},
  };
}

bool HasReason(const LinkCandidate& candidate, std::string_view text) {
  return std::any_of(candidate.reasons.begin(), candidate.reasons.end(),
                     [&](const std::string& reason) { return reason.find(text) != std::string::npos; });
}

TEST(MemberNameIndexTest, TransliteratedDisplayNameSaysWhatWasTransliterated) {
  MemberNameIndex index = MemberNameIndex::Build(Smiths());
  std::vector<LinkCandidate> candidates = index.Propose({"", "Seán O'Brien"});
  ASSERT_FALSE(candidates.empty());
  EXPECT_EQ(candidates[0].member, MemberId{8});
  EXPECT_TRUE(HasReason(candidates[0], "display name matches the member's name after transliteration (Seán → sean)"))
      << Show(candidates);
}

TEST(MemberNameIndexTest, HandleOfInitialAndFamilyNameSaysSo) {
  MemberNameIndex index = MemberNameIndex::Build(Smiths());
  std::vector<LinkCandidate> candidates = index.Propose({"jsmith_84", ""});
  ASSERT_EQ(candidates.size(), 3U) << Show(candidates);
  for (const LinkCandidate& c : candidates) {
    EXPECT_TRUE(HasReason(c, "handle is initial + family name (@jsmith_84 → j + smith)")) << Show(candidates);
  }
  EXPECT_TRUE(HasReason(candidates[0], "initial J for Jane")) << Show(candidates);
}

TEST(MemberNameIndexTest, NicknameReasonNamesTheNicknameAndTheName) {
  MemberNameIndex index = MemberNameIndex::Build(Smiths());
  std::vector<LinkCandidate> candidates = index.Propose({"", "Bob Smith"});
  ASSERT_EQ(candidates.size(), 1U) << Show(candidates);
  EXPECT_EQ(candidates[0].member, MemberId{4});
  EXPECT_TRUE(HasReason(candidates[0], "nickname Bob for Robert")) << Show(candidates);
}

TEST(MemberNameIndexTest, EqualScoresAreOrderedByMemberId) {
  // Namesakes cannot be told apart by name: they tie, and the order among
  // them must not depend on the order the register listed them in.
  std::vector<MemberNames> members = {
      {MemberId{30}, "Jane", "Smith", {}}, {MemberId{10}, "Jane", "Smith", {}}, {MemberId{20}, "Jane", "Smith", {}}};
  MemberNameIndex index = MemberNameIndex::Build(members);
  std::vector<LinkCandidate> candidates = index.Propose({"", "Jane Smith"});
  ASSERT_EQ(candidates.size(), 3U);
  EXPECT_EQ(candidates[0].member, MemberId{10});
  EXPECT_EQ(candidates[1].member, MemberId{20});
  EXPECT_EQ(candidates[2].member, MemberId{30});
  EXPECT_EQ(candidates[0].score, candidates[2].score);
}

TEST(MemberNameIndexTest, CloserMatchesComeFirst) {
  MemberNameIndex index = MemberNameIndex::Build(Smiths());
  std::vector<LinkCandidate> candidates = index.Propose({"jsmith", "Jane"});
  ASSERT_EQ(candidates.size(), 3U) << Show(candidates);
  EXPECT_EQ(candidates[0].member, MemberId{1});
  EXPECT_GT(candidates[0].score, candidates[1].score);
  EXPECT_EQ(candidates[1].member, MemberId{2});
  EXPECT_EQ(candidates[2].member, MemberId{3});
  EXPECT_TRUE(HasReason(candidates[0], "given name Jane from the display name, family name smith from @jsmith"))
      << Show(candidates);
}

TEST(MemberNameIndexTest, DisplayNameAndHandleThatAgreeScoreHigherThanEitherAlone) {
  MemberNameIndex index = MemberNameIndex::Build(Smiths());
  double display_only = index.Propose({"", "Jane Smith"}).at(0).score;
  double handle_only = index.Propose({"janesmith", ""}).at(0).score;
  std::vector<LinkCandidate> both = index.Propose({"janesmith", "Jane Smith"});
  ASSERT_FALSE(both.empty());
  EXPECT_GT(both[0].score, display_only);
  EXPECT_GT(both[0].score, handle_only);
  EXPECT_LE(both[0].score, 1.0);
  EXPECT_TRUE(HasReason(both[0], "display name and handle agree")) << Show(both);
}

TEST(MemberNameIndexTest, OtherWordsInTheDisplayNameLowerTheScoreAndAreNamed) {
  MemberNameIndex index = MemberNameIndex::Build(Smiths());
  double plain = index.Propose({"", "Jane Smith"}).at(0).score;
  std::vector<LinkCandidate> fan = index.Propose({"", "Jane Smith Fan Club"});
  ASSERT_FALSE(fan.empty());
  EXPECT_LT(fan[0].score, plain);
  EXPECT_TRUE(HasReason(fan[0], "display name has other words too (Fan, Club)")) << Show(fan);
}

TEST(MemberNameIndexTest, LimitAndMinimumScoreAreHonoured) {
  MemberNameIndex index = MemberNameIndex::Build(Smiths());
  EXPECT_EQ(index.Propose({"jsmith", ""}, 2).size(), 2U);
  EXPECT_TRUE(index.Propose({"jsmith", ""}, 5, 0.99).empty());
  EXPECT_TRUE(index.Propose({"jsmith", ""}, 0).empty());
  for (const LinkCandidate& c : index.Propose({"jsmith", "Jane"}, 5, 0.8)) EXPECT_GE(c.score, 0.8);
}

TEST(MemberNameIndexTest, AFamilyNameAloneProposesNobodyEvenWithoutAThreshold) {
  MemberNameIndex index = MemberNameIndex::Build(Smiths());
  EXPECT_TRUE(index.Propose({"", "Smith"}, 5, 0.0).empty());
  EXPECT_TRUE(index.Propose({"smith1999", ""}, 5, 0.0).empty());
}

TEST(MemberNameIndexTest, CapitalsAndTheAsciiFastPathDoNotChangeTheScore) {
  MemberNameIndex index = MemberNameIndex::Build(Smiths());
  std::vector<LinkCandidate> plain = index.Propose({"", "Jane Smith"});
  std::vector<LinkCandidate> capitals = index.Propose({"", "JANE SMITH"});
  // "Jane" in full-width letters is not ASCII and goes through ICU.
  std::vector<LinkCandidate> wide = index.Propose({"", "Ｊａｎｅ Smith"});
  ASSERT_FALSE(plain.empty());
  ASSERT_FALSE(capitals.empty());
  ASSERT_FALSE(wide.empty());
  EXPECT_EQ(plain[0].score, capitals[0].score);
  EXPECT_EQ(plain[0].score, wide[0].score);
  EXPECT_EQ(wide[0].member, MemberId{1});
}

TEST(MemberNameIndexTest, ProposeGivesTheSameAnswersFromSeveralThreads) {
  const MemberNameIndex& index = TestSetIndex();
  std::vector<AccountRow> rows = LoadAccounts();
  std::vector<std::string> expected;
  for (const AccountRow& row : rows) expected.push_back(Show(index.Propose(row.account)));
  std::vector<std::vector<std::string>> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        for (const AccountRow& row : rows) seen[t].push_back(Show(index.Propose(row.account)));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::vector<std::string>& answers : seen) {
    ASSERT_EQ(answers.size(), expected.size() * 5);
    for (std::size_t i = 0; i < answers.size(); ++i) EXPECT_EQ(answers[i], expected[i % expected.size()]);
  }
}

TEST(MemberNameIndexTest, AnEmptyIndexProposesNobody) {
  MemberNameIndex index = MemberNameIndex::Build({});
  EXPECT_EQ(index.size(), 0U);
  EXPECT_TRUE(index.Propose({"janesmith", "Jane Smith"}).empty());
}

TEST(MemberNameIndexTest, SizeCountsMembersNotTheirAliases) {
  MemberNameIndex index = MemberNameIndex::Build({{MemberId{1}, "Christopher", "Ward", {"Kit Ward", "Kit"}}});
  EXPECT_EQ(index.size(), 1U);
}

TEST(SplitHandleTest, CutsAtSeparatorsDigitsAndCamelCaseAndDropsTitles) {
  EXPECT_EQ(SplitHandle("@jsmith_84"), (std::vector<std::string>{"jsmith"}));
  EXPECT_EQ(SplitHandle("JaneDoeMP"), (std::vector<std::string>{"jane", "doe"}));
  EXPECT_EQ(SplitHandle("sean.obrien"), (std::vector<std::string>{"sean", "obrien"}));
  EXPECT_EQ(SplitHandle("DrJaneDoe"), (std::vector<std::string>{"jane", "doe"}));
  EXPECT_EQ(SplitHandle("JDoe2024"), (std::vector<std::string>{"j", "doe"}));
  EXPECT_EQ(SplitHandle("Seán_Murphy"), (std::vector<std::string>{"sean", "murphy"}));
  EXPECT_TRUE(SplitHandle("@_2024_").empty());
}

}  // namespace
}  // namespace docket::rules
