// The platform-sharing rule's commands as a user runs them, on the files in
// tests/data/platform: imports (CSV and iCalendar), alerts, matches.
#include "cli/rules_commands.hpp"

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

class PlatformCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("docket-platform-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = docket::testing::TestDatabase((dir_ / "docket.db").string(), dir_.filename().string());
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome Run(const std::string& args) { return RunCommand(std::string(DOCKET_BINARY) + " " + args + " --db '" + db_ + "'"); }

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

// The README's walk-through: data/examples holds a CSV and an iCalendar
// file of events for the demo organisation (seed 1, as of 2026-11-20), built
// around its officials and its published antisemitism sanctions.
TEST_F(PlatformCliTest, TheDemoOrganisationsExampleFilesRaiseExactlyTheRulesAlertsAndACaseOpensFromOne) {
  Outcome demo = Run("demo --as-of 2026-11-20");
  ASSERT_EQ(demo.status, 0) << demo.out;
  EXPECT_NE(demo.out.find("demo events: 307 events"), std::string::npos) << demo.out;
  Outcome before = Run("platform alerts --open");
  ASSERT_EQ(before.status, 0) << before.out;
  EXPECT_NE(before.out.find("\n4 alerts\n"), std::string::npos) << before.out;

  const std::string examples = DOCKET_EXAMPLES_DIR;
  Outcome csv = Run("import events " + examples + "/demo-events.csv");
  ASSERT_EQ(csv.status, 0) << csv.out;
  // Raised: a chair beside a member suspended the day before (published that
  // day); a host beside an expelled member. Not raised: a suspension not yet
  // published at the forum; an official in the audience; an office that had
  // ended before a 2019 rally, long before the expulsion.
  EXPECT_NE(csv.out.find("imported 5 events (0 already known and updated) with 10 appearances, 0 unresolved names; "
                         "2 alerts raised"),
            std::string::npos)
      << csv.out;
  Outcome ics = Run("import events " + examples + "/demo-diary.ics");
  ASSERT_EQ(ics.status, 0) << ics.out;
  // Raised: an organiser beside an expelled member. Not raised: a suspension
  // published after the youth forum; a name with no number, until confirmed.
  EXPECT_NE(ics.out.find("imported 3 events (0 already known and updated) with 6 appearances, 1 unresolved names; "
                         "1 alert raised"),
            std::string::npos)
      << ics.out;

  Outcome open = Run("platform alerts --open");
  ASSERT_EQ(open.status, 0) << open.out;
  EXPECT_NE(open.out.find("\n7 alerts\n"), std::string::npos) << open.out;
  for (const char* row : {"2026-11-12  Gareth Wilson            Hustings on local services       Iain Evans (suspension)",
                          "2026-11-18  Andre Edwards            Rally on the NHS                 Shabana Ahmed (expulsion)",
                          "2026-11-15  Delroy Henry             Forum on community safety        Adaeze Singh (expulsion)"}) {
    EXPECT_NE(open.out.find(row), std::string::npos) << row << "\n" << open.out;
  }

  std::smatch unresolved;
  Outcome names = Run("events unresolved");
  ASSERT_TRUE(std::regex_search(names.out, unresolved, std::regex("appearance ([0-9]+): 'Gareth Campbell' as speaker")))
      << names.out;
  Outcome confirmed = Run("events match " + unresolved[1].str() + " --member A0006519 --as aoife.byrne");
  ASSERT_EQ(confirmed.status, 0) << confirmed.out;
  EXPECT_NE(confirmed.out.find("1 alert raised"), std::string::npos) << confirmed.out;

  std::smatch alert;
  Outcome all = Run("platform alerts --open");
  ASSERT_TRUE(std::regex_search(all.out, alert, std::regex("\\s([0-9]+)  open         2026-11-16  Gareth Wilson")))
      << all.out;
  Outcome refused = Run("platform open-case " + alert[1].str() + " --as oversight");
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.out.find("may not open cases from alerts"), std::string::npos) << refused.out;
  Outcome opened = Run("platform open-case " + alert[1].str() + " --as aoife.byrne");
  ASSERT_EQ(opened.status, 0) << opened.out;
  std::smatch number;
  ASSERT_TRUE(std::regex_search(opened.out, number, std::regex("opened case ([0-9]{4}-[0-9]+)"))) << opened.out;
  Outcome shown = Run("case show " + number[1].str() + " --as aoife.byrne");
  ASSERT_EQ(shown.status, 0) << shown.out;
  EXPECT_NE(shown.out.find("(Sharing a platform with a sanctioned person)"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("    - Gareth Wilson"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("via rule, about 2026-11-16"), std::string::npos) << shown.out;
  Outcome listed = Run("platform alerts --status case_opened");
  EXPECT_NE(listed.out.find("case_opened  2026-11-16  Gareth Wilson"), std::string::npos) << listed.out;
  Outcome verified = Run("audit verify");
  EXPECT_EQ(verified.status, 0) << verified.out;
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
