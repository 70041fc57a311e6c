// Social-media evidence as a caseworker runs it from the command line, on the
// demo organisation and the shipped example file: import (duplicates found,
// a bad file refused by line with nothing written), the triage queue, a
// person confirming who wrote an account's posts, and attaching a post to a
// case, which the case's audit trail records.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "tests/cli/run_command.hpp"
#include "tests/store/postgres_test_support.hpp"

namespace docket::cli {
namespace {

namespace fs = std::filesystem;

using docket::testing::Outcome;
using docket::testing::RunCommand;

class PostsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("docket-posts-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = docket::testing::TestDatabase((dir_ / "docket.db").string(), dir_.filename().string());
    Outcome demo = Run("demo --members 2000 --cases 200 --as-of 2026-11-20");
    ASSERT_EQ(demo.status, 0) << demo.out;
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome Run(const std::string& args) { return RunCommand(std::string(DOCKET_BINARY) + " " + args + " --db '" + db_ + "'"); }

  static std::string Example() { return std::string(DOCKET_EXAMPLES_DIR) + "/demo-posts.jsonl"; }

  // The number in the first match of `pattern`'s group 1, or -1.
  static long long Find(const std::string& text, const std::string& pattern) {
    std::smatch match;
    if (!std::regex_search(text, match, std::regex(pattern))) return -1;
    return std::stoll(match[1].str());
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(PostsCliTest, TheExampleFileImportsOnceWithItsDuplicateFoundAndABadFileChangesNothing) {
  Outcome first = Run("import posts " + Example());
  ASSERT_EQ(first.status, 0) << first.out;
  EXPECT_NE(first.out.find("imported 7 posts (1 duplicates of posts already held), 4 flagged"), std::string::npos)
      << first.out;
  Outcome again = Run("import posts " + Example());
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("imported 0 posts (8 duplicates"), std::string::npos) << again.out;

  const long long before = Find(Run("posts list --limit 1000").out, R"((\d+) posts \(lexicon)");
  Outcome bad = Run("import posts " + std::string(DOCKET_TEST_DATA_DIR) + "/posts/bad.jsonl");
  EXPECT_EQ(bad.status, 2) << bad.out;
  EXPECT_NE(bad.out.find("bad.jsonl:2: field 'captured_at': 'yesterday' is not RFC 3339"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("bad.jsonl:3:"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("'mood'"), std::string::npos) << "an unknown field is named: " << bad.out;
  EXPECT_NE(bad.out.find("nothing was imported"), std::string::npos) << bad.out;
  EXPECT_EQ(Find(Run("posts list --limit 1000").out, R"((\d+) posts \(lexicon)"), before);
  Outcome partial = Run("import posts --partial " + std::string(DOCKET_TEST_DATA_DIR) + "/posts/bad.jsonl");
  EXPECT_EQ(partial.status, 2) << "a partial import still reports its bad rows: " << partial.out;
  EXPECT_NE(partial.out.find("imported 1 posts"), std::string::npos) << partial.out;
}

TEST_F(PostsCliTest, ACaseworkerReadsTheQueueConfirmsWhoWroteAPostAndAttachesItToACase) {
  ASSERT_EQ(Run("import posts " + Example()).status, 0);
  Outcome queue = Run("posts list --flagged --limit 100");
  ASSERT_EQ(queue.status, 0) << queue.out;
  const long long post = Find(queue.out, R"(\n\s*(\d+)\s+\d+\s+post\s+@gareth_wilson_cllr)");
  ASSERT_GT(post, 0) << queue.out;
  EXPECT_EQ(queue.out.find("@ruth_cohen_leeds"), std::string::npos) << "reporting abuse is not abuse: " << queue.out;

  Outcome shown = Run("posts show " + std::to_string(post));
  ASSERT_EQ(shown.status, 0) << shown.out;
  EXPECT_NE(shown.out.find("canonical: https://x.com/gareth_wilson_cllr/status/88001\n"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("flag: "), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("matched \"Zionists control the BBC\""), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("docket antisemitism lexicon"), std::string::npos) << shown.out;

  Outcome accounts = Run("accounts list --link none --limit 100");
  ASSERT_EQ(accounts.status, 0) << accounts.out;
  const long long account = Find(accounts.out, R"(account (\d+): @gareth_wilson_cllr)");
  ASSERT_GT(account, 0) << accounts.out;
  EXPECT_NE(accounts.out.find("candidate: Gareth Wilson (A0000001"), std::string::npos) << accounts.out;
  EXPECT_TRUE(Run("posts list --member A0000001").out.find("0 posts") != std::string::npos) << "a candidate is no link";

  Outcome unnamed = Run("accounts confirm " + std::to_string(account) + " --member A0000001 --reason x");
  EXPECT_NE(unnamed.status, 0) << "a link is a named person's decision";
  Outcome confirmed = Run("accounts confirm " + std::to_string(account) +
                          " --member A0000001 --reason \"Linked from the member's own website\" --as aoife.byrne");
  ASSERT_EQ(confirmed.status, 0) << confirmed.out;
  EXPECT_NE(confirmed.out.find("confirmed as member A0000001"), std::string::npos) << confirmed.out;
  EXPECT_NE(Run("posts list --member A0000001").out.find("1 post "), std::string::npos);

  Outcome cases = Run("case list --category antisemitism --limit 1 --as aoife.byrne");
  ASSERT_EQ(cases.status, 0) << cases.out;
  std::smatch number;
  ASSERT_TRUE(std::regex_search(cases.out, number, std::regex(R"(\d{4}-\d{6})"))) << cases.out;
  Outcome attached = Run("posts attach --case " + number.str() + " " + std::to_string(post) + " --as aoife.byrne");
  ASSERT_EQ(attached.status, 0) << attached.out;
  EXPECT_NE(attached.out.find("attached 1 post to case " + number.str()), std::string::npos) << attached.out;
  Outcome of_case = Run("posts list --case " + number.str() + " --as aoife.byrne");
  ASSERT_EQ(of_case.status, 0) << of_case.out;
  EXPECT_NE(of_case.out.find("@gareth_wilson_cllr"), std::string::npos) << of_case.out;
  Outcome audit = Run("audit log --case " + number.str());
  EXPECT_NE(audit.out.find("posts.attach"), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("posts.read"), std::string::npos) << audit.out;
}

}  // namespace
}  // namespace docket::cli
