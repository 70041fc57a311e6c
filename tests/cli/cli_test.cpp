// The docket binary as a user runs it: exit statuses and messages.
#include "cli/cli.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/cli/run_command.hpp"
#include "tests/store/postgres_test_support.hpp"

namespace docket::cli {
namespace {

namespace fs = std::filesystem;

using docket::testing::Outcome;
using docket::testing::RunCommand;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("docket-cli-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = docket::testing::TestDatabase((dir_ / "docket.db").string(), dir_.filename().string());
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome Run(const std::string& args) { return RunCommand(std::string(DOCKET_BINARY) + " " + args); }

  Outcome RunDb(const std::string& args) { return Run(args + " --db '" + db_ + "'"); }

  std::string Write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(CliTest, VersionPrintsTheVersionAndSucceeds) {
  Outcome o = Run("version");
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out.rfind("docket ", 0), 0u) << o.out;
}

TEST_F(CliTest, NoSubcommandIsAUsageError) {
  EXPECT_EQ(Run("").status, 1);
  EXPECT_EQ(Run("frobnicate").status, 1);
  EXPECT_EQ(Run("case list --limit nine").status, 1);
}

TEST_F(CliTest, HelpSucceeds) {
  Outcome o = Run("--help");
  EXPECT_EQ(o.status, 0);
  EXPECT_NE(o.out.find("policy"), std::string::npos);
}

TEST_F(CliTest, InitCreatesTheDatabaseAndItsFolder) {
  db_ = (dir_ / "sub" / "folder" / "docket.db").string();
  Outcome o = RunDb("init");
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_TRUE(fs::exists(db_));
  EXPECT_NE(o.out.find("schema version"), std::string::npos);
}

TEST_F(CliTest, TheDatabaseComesFromDocketDbWhenNoOptionIsGiven) {
  std::string env_db = (dir_ / "from-env.db").string();
  Outcome o = RunCommand("DOCKET_DB=" + env_db + " " + std::string(DOCKET_BINARY) + " init");
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_TRUE(fs::exists(env_db)) << o.out;
}

TEST_F(CliTest, AnUnknownCaseIsNotFoundWithStatusThree) {
  ASSERT_EQ(RunDb("init").status, 0);
  Outcome o = RunDb("case show 2026-999999");
  EXPECT_EQ(o.status, 3);
  EXPECT_EQ(o.out, "docket: no case numbered '2026-999999'\n");
}

TEST_F(CliTest, ABrokenPolicyFileIsReportedWithLineAndColumnAndStatusTwo) {
  std::string path = Write("broken.toml", "[policy]\nname = \"x\"\nversion = \"1\"\nstart_stage = \"received\"\ncolour = \"red\"\n");
  Outcome o = Run("policy check " + path);
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find(path + ":5:1: "), std::string::npos) << o.out;
}

TEST_F(CliTest, TheShippedPolicyChecksClean) {
  Outcome o = Run(std::string("policy check ") + DOCKET_DATA_DIR + "/policy/party.toml");
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find(": ok"), std::string::npos);
}

TEST_F(CliTest, AMissingPolicyFileIsNotFound) {
  Outcome o = Run("policy check /nonexistent/policy.toml");
  EXPECT_EQ(o.status, 3);
  EXPECT_EQ(o.out, "docket: cannot read '/nonexistent/policy.toml'\n");
}

TEST_F(CliTest, ADemoCaseIsWorkedThroughTheCommandLine) {
  Outcome demo = RunDb("demo --members 500 --cases 120 --seed 3 --as-of 2026-03-03");
  ASSERT_EQ(demo.status, 0) << demo.out;
  EXPECT_NE(demo.out.find("500 members"), std::string::npos) << demo.out;
  EXPECT_EQ(demo.out.find("\r"), std::string::npos) << "no progress bar when output is piped";

  Outcome list = RunDb("case list --stage received --limit 5");
  ASSERT_EQ(list.status, 0) << list.out;
  EXPECT_NE(list.out.find("CASE"), std::string::npos);

  // Open a fresh case through the list of received ones, or skip to triage.
  Outcome received = RunDb("case list --stage triage --limit 1 --as aoife.byrne");
  ASSERT_EQ(received.status, 0) << received.out;
  std::size_t line = received.out.find('\n');
  ASSERT_NE(line, std::string::npos);
  std::string number = received.out.substr(line + 1, 11);
  ASSERT_EQ(number.size(), 11u) << received.out;
  ASSERT_EQ(number[4], '-') << received.out;

  Outcome refused = RunDb("case act " + number + " decide --as aoife.byrne --field outcome=expulsion");
  EXPECT_EQ(refused.status, 2) << refused.out;
  EXPECT_NE(refused.out.find("'decide' is not allowed in stage 'triage'; allowed:"), std::string::npos) << refused.out;

  Outcome no_reasons = RunDb("case act " + number + " no_case_to_answer --as aoife.byrne");
  EXPECT_EQ(no_reasons.status, 2);
  EXPECT_EQ(no_reasons.out, "docket: field 'reasons': action 'no_case_to_answer' requires it (Reasons)\n");

  Outcome unknown_user = RunDb("case act " + number + " no_case_to_answer --as nobody");
  EXPECT_EQ(unknown_user.status, 3);
  EXPECT_EQ(unknown_user.out, "docket: no user named 'nobody'\n");

  Outcome stale = RunDb("case act " + number + " open_investigation --as aoife.byrne --if-version 999 "
                        "--field \"reasons=A prima facie case is made out.\"");
  EXPECT_EQ(stale.status, 3) << stale.out;

  Outcome political = RunDb("case show " + number + " --as leaders.office");
  EXPECT_EQ(political.status, 2);
  EXPECT_NE(political.out.find("political office holders have no access to case files"), std::string::npos);

  Outcome done = RunDb("case act " + number + " open_investigation --as aoife.byrne "
                       "--field \"reasons=A prima facie case is made out.\" --field assignee=rachel.levy");
  EXPECT_EQ(done.status, 0) << done.out;
  EXPECT_NE(done.out.find("stage is now 'investigation'"), std::string::npos) << done.out;

  Outcome show = RunDb("case show " + number + " --as rachel.levy");
  EXPECT_EQ(show.status, 0) << show.out;
  EXPECT_NE(show.out.find("open_investigation"), std::string::npos);
  EXPECT_NE(show.out.find("send_notice_of_investigation"), std::string::npos) << "the investigator's next action";

  Outcome overdue = RunDb("sla overdue");
  EXPECT_EQ(overdue.status, 0) << overdue.out;
  EXPECT_NE(overdue.out.find("overdue"), std::string::npos);
}

TEST_F(CliTest, ABadMembersFileImportsNothingAndNamesEveryBadLine) {
  ASSERT_EQ(RunDb("init").status, 0);
  std::string path = Write("members.csv",
                           "membership_number,given_name,family_name,branch,joined_on\n"
                           "A1,Ruth,Cohen,Leeds,2010-01-01\n"
                           "A2,Kwame,Mensah,Bristol,2010-02-31\n"
                           "A3,Priya,Shah,Leicester,yesterday\n");
  Outcome o = RunDb("import members " + path);
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, path + ":3: column 'joined_on': '2010-02-31' is not a real calendar date\n" + path +
                       ":4: column 'joined_on': 'yesterday' is not a date of the form YYYY-MM-DD\n"
                       "docket: 2 bad rows; nothing was imported (use --partial to import the valid rows)\n");
  Outcome partial = RunDb("import members --partial " + path);
  EXPECT_EQ(partial.status, 2);
  EXPECT_NE(partial.out.find("imported 1 members"), std::string::npos) << partial.out;
  Outcome again = RunDb("import members --partial " + path);
  EXPECT_NE(again.out.find(":2: membership number 'A1' is already taken"), std::string::npos) << again.out;
}

TEST_F(CliTest, UserAddRefusesARoleThePolicyDoesNotDefine) {
  ASSERT_EQ(RunDb("init").status, 0);
  Outcome o = RunDb("user add someone --role emperor");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.out.find("role 'emperor' is not defined by the policy"), std::string::npos);
  EXPECT_EQ(RunDb("user add someone --role caseworker").status, 0);
  EXPECT_EQ(RunDb("user add someone --role caseworker").status, 3);
}

}  // namespace
}  // namespace docket::cli
