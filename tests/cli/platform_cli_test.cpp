// The platform-sharing rule's commands as a user runs them, on the files in
// tests/data/platform: imports (CSV and iCalendar), alerts, matches.
#include "cli/rules_commands.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <regex>

namespace docket::cli {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out;  // stdout and stderr together
};

class PlatformCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("docket-platform-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "docket.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome Run(const std::string& args) {
    std::string command = std::string(DOCKET_BINARY) + " " + args + " --db " + db_ + " 2>&1";
    Outcome outcome;
    FILE* pipe = ::popen(command.c_str(), "r");
    std::array<char, 4096> buffer{};
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) outcome.out.append(buffer.data(), n);
    int status = ::pclose(pipe);
    outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return outcome;
  }

  static std::string Data(const std::string& name) { return std::string(DOCKET_TEST_DATA_DIR) + "/platform/" + name; }

  void ImportOrganisation() {
    for (const char* step : {"import members ", "import sanctions "}) {
      std::string file = std::string(step) == "import members " ? "members.csv" : "sanctions.csv";
      Outcome o = Run(step + Data(file));
      ASSERT_EQ(o.status, 0) << o.out;
    }
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(PlatformCliTest, ImportingACsvAndACalendarRaisesExactlyTheRulesAlertsEachWithItsExplanation) {
  ImportOrganisation();
  Outcome csv = Run("import events " + Data("events.csv"));
  ASSERT_EQ(csv.status, 0) << csv.out;
  EXPECT_NE(csv.out.find("imported 2 events (0 already known and updated) with 5 appearances, 1 unresolved names; "
                         "1 alert raised"),
            std::string::npos)
      << csv.out;
  Outcome ics = Run("import events " + Data("diary.ics"));
  ASSERT_EQ(ics.status, 0) << ics.out;
  EXPECT_NE(ics.out.find("imported 2 events"), std::string::npos) << ics.out;

  Outcome list = Run("alerts list");
  ASSERT_EQ(list.status, 0) << list.out;
  EXPECT_NE(list.out.find("2 alerts"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("Community forum on the high stre Dora Expelled (expulsion)"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("Rally for the High Street        Ben Suspended (suspension)"), std::string::npos)
      << list.out;

  Outcome show = Run("alerts show 2");
  ASSERT_EQ(show.status, 0) << show.out;
  for (const char* fact :
       {"Ann Official (A1) appeared as chair at \"Community forum on the high street\" on 2026-03-15",
        "Westmoor Library", "diary.ics:4 (UID forum-7@example.org)", "Link: https://example.org/forum-7",
        "held the office \"MP for Northfield\" (mp), from 2019-12-12 to now",
        "Dora Expelled (D5) appeared as organiser, and was then under expulsion #2 for antisemitism: in force from "
        "2025-03-01 to open-ended, made public on 2025-03-02"}) {
    EXPECT_NE(show.out.find(fact), std::string::npos) << fact << "\nin:\n" << show.out;
  }
  EXPECT_EQ(show.out.find("Carl Councillor (C3) appeared"), std::string::npos) << "an attendee is no platform";
}

TEST_F(PlatformCliTest, ConfirmingANameRaisesTheAlertItHeldBackAndOverturningTheSanctionWithdrawsIt) {
  ImportOrganisation();
  ASSERT_EQ(Run("import events " + Data("diary.ics")).status, 0);
  ASSERT_EQ(Run("user add casey --role caseworker").status, 0);
  Outcome unresolved = Run("events unresolved");
  ASSERT_EQ(unresolved.status, 0) << unresolved.out;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(unresolved.out, match, std::regex("appearance ([0-9]+): 'Ben Suspended' as speaker")))
      << unresolved.out;
  EXPECT_NE(unresolved.out.find("candidate: Ben Suspended (B2)"), std::string::npos) << unresolved.out;

  Outcome nobody = Run("events match " + match[1].str() + " --member B2");
  EXPECT_EQ(nobody.status, 1) << "--as is required: a match is a person's decision";
  Outcome confirmed = Run("events match " + match[1].str() + " --member B2 --as casey");
  ASSERT_EQ(confirmed.status, 0) << confirmed.out;
  EXPECT_NE(confirmed.out.find("1 alert raised"), std::string::npos) << confirmed.out;
  Outcome show = Run("alerts list --status open");
  EXPECT_NE(show.out.find("2026-06-30  Carl Councillor          Late hustings"), std::string::npos)
      << "23:30 in London on 30 June is judged on 30 June\n" << show.out;

  Outcome overturned = Run("sanctions overturn 1 --reason 'appeal upheld on 2026-08-01' --as casey");
  ASSERT_EQ(overturned.status, 0) << overturned.out;
  EXPECT_NE(overturned.out.find("1 withdrawn"), std::string::npos) << overturned.out;
  Outcome withdrawn = Run("alerts list --status withdrawn");
  EXPECT_NE(withdrawn.out.find("Late hustings"), std::string::npos) << withdrawn.out;
  Outcome audit = Run("audit log --actor casey");
  EXPECT_NE(audit.out.find("event.match.confirmed"), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("sanction.overturned"), std::string::npos) << audit.out;

  Outcome scan = Run("alerts check");
  ASSERT_EQ(scan.status, 0) << scan.out;
  EXPECT_NE(scan.out.find("checked 2 events: 0 alerts raised, 0 updated, 0 withdrawn"), std::string::npos) << scan.out;
}

TEST_F(PlatformCliTest, BadRowsAreListedWithTheirLinesAndNothingIsImportedUnlessPartial) {
  ImportOrganisation();
  Outcome bad = Run("import events " + Data("events_bad.csv"));
  EXPECT_EQ(bad.status, 2) << bad.out;
  EXPECT_NE(bad.out.find("events_bad.csv:3: column 'role': 'heckler' is not one of"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("events_bad.csv:4: column 'starts_at': 'next tuesday'"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("nothing was imported"), std::string::npos) << bad.out;
  EXPECT_NE(Run("events list").out.find("0 events"), std::string::npos);

  Outcome calendar = Run("import events " + Data("diary_bad.ics"));
  EXPECT_EQ(calendar.status, 2) << calendar.out;
  EXPECT_NE(calendar.out.find("diary_bad.ics:10: VEVENT 'no-start@example.org' has no DTSTART"), std::string::npos)
      << calendar.out;
  EXPECT_NE(calendar.out.find("diary_bad.ics:15: VEVENT 'bad-role@example.org': ATTENDEE 'Ann Official' has an "
                              "unknown ROLE"),
            std::string::npos)
      << calendar.out;
  EXPECT_NE(Run("events list").out.find("0 events"), std::string::npos);

  Outcome partial = Run("import events --partial " + Data("diary_bad.ics"));
  EXPECT_EQ(partial.status, 2) << partial.out;
  EXPECT_NE(partial.out.find("imported 1 events"), std::string::npos) << partial.out;
  EXPECT_NE(Run("events list").out.find("A fine meeting"), std::string::npos);
}

TEST_F(PlatformCliTest, ASanctionFileWithABadRowNamesItAndImportsNothing) {
  ASSERT_EQ(Run("import members " + Data("members.csv")).status, 0);
  Outcome bad = Run("import sanctions " + Data("events.csv"));
  EXPECT_EQ(bad.status, 2) << bad.out;
  EXPECT_NE(bad.out.find("missing"), std::string::npos) << "the header lacks kind, category and start\n" << bad.out;
}

}  // namespace
}  // namespace docket::cli
