#include "app/event_import.hpp"

#include <gtest/gtest.h>

#include "app/sanction_import.hpp"
#include "platform_test_world.hpp"

namespace docket::app {
namespace {

using testing::PlatformWorld;

const char* kSanctions =
    "membership_number,kind,category,start,end,published_on\n"
    "B2,suspension,antisemitism,2026-01-01,2026-12-31,2026-01-02\n";

const char* kEvents =
    "event_id,title,starts_at,place,links,name,membership_number,role\n"
    "rally-1,Rally for the High Street,2026-05-10T18:00:00Z,Town Hall,https://example.org/rally,Ann Official,A1,chair\n"
    "rally-1,,,,,Ben Suspended,B2,speaker\n"
    "rally-1,,,,,Carl Councillor,C3,attendee\n"
    "dinner-2,Branch dinner,2026-06-01 19:30,The Crown,,Carl Councillor,C3,host\n"
    "dinner-2,,,,,Sean O'Brien,,speaker\n";

Result<SanctionImportReport> Sanctions(PlatformWorld& world, const std::string& csv,
                                       ImportMode mode = ImportMode::kAllOrNothing) {
  return ImportSanctions(*world.store, *world.platform, world.policy, world.caseworker, csv, "sanctions.csv", mode);
}

Result<EventImportReport> Events(PlatformWorld& world, const std::string& csv,
                                 ImportMode mode = ImportMode::kAllOrNothing) {
  auto parsed = ParseEventsCsv(csv, "events.csv", world.zone);
  if (!parsed) return Fail(parsed.error());
  return ImportEvents(*world.store, *world.platform, world.caseworker, std::move(*parsed), mode);
}

TEST(PlatformImportTest, EventsImportedAfterTheSanctionRaiseExactlyTheRulesAlertWithItsExplanation) {
  PlatformWorld world("after-sanction");
  auto sanctions = Sanctions(world, kSanctions);
  ASSERT_TRUE(sanctions) << sanctions.error().message;
  EXPECT_EQ(sanctions->imported, 1);
  EXPECT_EQ(sanctions->check.raised, 0);
  auto events = Events(world, kEvents);
  ASSERT_TRUE(events) << events.error().message;
  EXPECT_TRUE(events->errors.empty());
  EXPECT_EQ(events->events, 2);
  EXPECT_EQ(events->appearances, 5);
  EXPECT_EQ(events->unresolved, 1);
  EXPECT_EQ(events->check.raised, 1);

  std::vector<domain::PlatformAlert> alerts = world.Alerts();
  ASSERT_EQ(alerts.size(), 1u) << "the attendee councillor and the unresolved name raise nothing";
  const domain::PlatformAlert& alert = alerts[0];
  EXPECT_EQ(alert.official_number, "A1");
  EXPECT_EQ(alert.status, domain::AlertStatus::kOpen);
  std::string text = alert.Explanation();
  for (const char* fact : {"Ann Official (A1) appeared as chair at \"Rally for the High Street\" on 2026-05-10",
                           "Source: events.csv:2", "Link: https://example.org/rally", "\"MP for Northfield\" (mp)",
                           "Ben Suspended (B2) appeared as speaker",
                           "in force from 2026-01-01 to 2026-12-31, made public on 2026-01-02"}) {
    EXPECT_NE(text.find(fact), std::string::npos) << fact << "\nin:\n" << text;
  }
  auto raised = world.AuditOf("platform_alert", std::to_string(alert.id.value));
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].action, "platform.alert.raised");
}

TEST(PlatformImportTest, ASanctionImportedAfterTheEventsWithAnEarlierStartRaisesTheAlert) {
  PlatformWorld world("sanction-later");
  ASSERT_TRUE(Events(world, kEvents));
  EXPECT_TRUE(world.Alerts().empty());
  auto sanctions = Sanctions(world, kSanctions);
  ASSERT_TRUE(sanctions) << sanctions.error().message;
  EXPECT_EQ(sanctions->check.raised, 1);
  EXPECT_EQ(world.Alerts().size(), 1u);
  auto again = Sanctions(world, kSanctions);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->already_recorded, 1);
  EXPECT_EQ(world.Alerts().size(), 1u);
}

TEST(PlatformImportTest, ABadRowRefusesTheWholeImportAndNamesItsLine) {
  PlatformWorld world("bad-row");
  std::string csv = std::string(kEvents) + "bad-3,Meeting,yesterday,,,Ann Official,A1,speaker\n" +
                    "rally-4,Another rally,2026-07-01T18:00:00Z,,,Ann Official,A1,heckler\n" +
                    "rally-5,A third rally,2026-07-02T18:00:00Z,,,Nobody,Z9,speaker\n";
  auto report = Events(world, csv);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->errors.size(), 2u);
  EXPECT_EQ(report->errors[0].line, 7);
  EXPECT_NE(report->errors[0].message.find("column 'starts_at': 'yesterday'"), std::string::npos);
  EXPECT_EQ(report->errors[1].line, 8);
  EXPECT_NE(report->errors[1].message.find("column 'role': 'heckler'"), std::string::npos);
  EXPECT_EQ(report->events, 0);
  auto tx = world.store->Begin(store::TransactionMode::kRead);
  ASSERT_TRUE(tx);
  EXPECT_EQ(*(*tx)->Platform().CountEvents(), 0);
}

TEST(PlatformImportTest, PartialImportWritesTheGoodEventsAndListsTheRest) {
  PlatformWorld world("partial");
  std::string csv = std::string(kEvents) + "rally-5,A third rally,2026-07-02T18:00:00Z,,,Nobody,Z9,speaker\n";
  auto report = Events(world, csv, ImportMode::kPartial);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->events, 2);
  ASSERT_EQ(report->errors.size(), 2u);
  EXPECT_EQ(report->errors[0].line, 7);
  EXPECT_EQ(report->errors[0].message, "no member with membership number 'Z9'");
  EXPECT_EQ(report->errors[1].message, "event 'rally-5' not imported: a participant is not a known member");
}

TEST(PlatformImportTest, ABadSanctionRowIsReportedWithItsLineAndNothingIsWritten) {
  PlatformWorld world("bad-sanction");
  std::string csv = std::string(kSanctions) + "B2,banishment,antisemitism,2026-01-01,,\n" +
                    "B2,expulsion,antisemitism,2026-03-01,2026-02-01,\n" + "Q7,expulsion,antisemitism,2026-03-01,,\n";
  auto report = Sanctions(world, csv);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->errors.size(), 2u) << "the unknown member is found only once the rows parse";
  EXPECT_EQ(report->errors[0].line, 3);
  EXPECT_NE(report->errors[0].message.find("column 'kind': 'banishment' is not one of interim_suspension"),
            std::string::npos);
  EXPECT_EQ(report->errors[1].line, 4);
  EXPECT_EQ(report->errors[1].message, "column 'end': before start");
  EXPECT_EQ(report->imported, 0);
  auto partial = Sanctions(world, csv, ImportMode::kPartial);
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->imported, 1);
  ASSERT_EQ(partial->errors.size(), 3u);
  EXPECT_EQ(partial->errors[2].line, 5);
  EXPECT_EQ(partial->errors[2].message, "no member with membership number 'Q7'");
}

TEST(PlatformImportTest, AnOverturnedSanctionWithdrawsItsAlertWithTheReasonAndAudits) {
  PlatformWorld world("overturn");
  ASSERT_TRUE(Sanctions(world, kSanctions));
  ASSERT_TRUE(Events(world, kEvents));
  ASSERT_EQ(world.Alerts().size(), 1u);
  SanctionId sanction = world.Alerts()[0].sanctioned.at(0).sanction;
  world.clock.Advance(3600);
  auto report = world.platform->OverturnSanction(world.caseworker, sanction, "appeal upheld: the posts were not his");
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->withdrawn, 1);
  std::vector<domain::PlatformAlert> withdrawn = world.Alerts(domain::AlertStatus::kWithdrawn);
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_EQ(withdrawn[0].reason, "suspension #" + std::to_string(sanction.value) +
                                     " of Ben Suspended was overturned on 2026-09-01T11:00:00Z: appeal upheld: the "
                                     "posts were not his");
  EXPECT_TRUE(world.Alerts(domain::AlertStatus::kOpen).empty());
  auto audit = world.AuditOf("platform_alert", std::to_string(withdrawn[0].id.value));
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "platform.alert.withdrawn");
  EXPECT_EQ(audit[0].detail, withdrawn[0].reason);
}

TEST(PlatformImportTest, AnUnresolvedNameRaisesNothingUntilAPersonConfirmsACandidate) {
  PlatformWorld world("match");
  ASSERT_TRUE(Sanctions(world, "membership_number,kind,category,start,published_on\n"
                               "S4,expulsion,antisemitism,2025-01-01,2025-01-02\n"));
  ASSERT_TRUE(Events(world, kEvents));
  EXPECT_TRUE(world.Alerts().empty());

  auto names = world.platform->UnresolvedNames(world.caseworker, 10);
  ASSERT_TRUE(names) << names.error().message;
  ASSERT_EQ(names->size(), 1u);
  const UnresolvedView& name = (*names)[0];
  EXPECT_EQ(name.appearance.name, "Sean O'Brien");
  ASSERT_EQ(name.candidates.size(), 2u) << "'Seán O'Brien' and 'Sean OBrien' share the key 'sean obrien'";
  EXPECT_EQ(name.candidates[0].membership_number, "S4");
  EXPECT_EQ(name.candidates[1].membership_number, "S5");

  auto confirmed = world.platform->ConfirmMatch(world.caseworker, name.appearance.id, "S4");
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(confirmed->raised, 1);
  std::vector<domain::PlatformAlert> alerts = world.Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].official_number, "C3");
  EXPECT_EQ(alerts[0].sanctioned.at(0).membership_number, "S4");
  auto audit = world.AuditOf("appearance", std::to_string(name.appearance.id.value));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "event.match.confirmed");
  EXPECT_EQ(audit[0].actor, "casey");

  auto twice = world.platform->ConfirmMatch(world.caseworker, name.appearance.id, "S5");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);

  // Importing the same file again keeps the person's decision.
  auto again = Events(world, kEvents);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->updated, 2);
  EXPECT_EQ(again->unresolved, 0);
  EXPECT_EQ(world.Alerts(domain::AlertStatus::kOpen).size(), 1u);
}

TEST(PlatformImportTest, ARejectedNameNeverCountsAndTheDecisionIsAudited) {
  PlatformWorld world("reject");
  ASSERT_TRUE(Events(world, kEvents));
  auto names = world.platform->UnresolvedNames(world.caseworker, 10);
  ASSERT_TRUE(names && names->size() == 1u);
  AppearanceId id = (*names)[0].appearance.id;
  auto rejected = world.platform->RejectMatch(world.caseworker, id, "a visiting speaker, not a member");
  ASSERT_TRUE(rejected) << rejected.error().message;
  auto left = world.platform->UnresolvedNames(world.caseworker, 10);
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty());
  auto audit = world.AuditOf("appearance", std::to_string(id.value));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "event.match.rejected");
}

TEST(PlatformImportTest, AFullScanAgreesWithTheIncrementalChecksAndChangesNothing) {
  PlatformWorld world("full-scan");
  ASSERT_TRUE(Sanctions(world, kSanctions));
  ASSERT_TRUE(Events(world, kEvents));
  auto scan = world.platform->FullScan(world.caseworker);
  ASSERT_TRUE(scan) << scan.error().message;
  EXPECT_EQ(scan->events_checked, 2);
  EXPECT_EQ(scan->raised, 0);
  EXPECT_EQ(scan->updated, 0);
  EXPECT_EQ(scan->withdrawn, 0);
  EXPECT_EQ(world.Alerts().size(), 1u);
}

TEST(PlatformImportTest, ADismissedAlertKeepsItsReasonsAndIsNotRaisedAgain) {
  PlatformWorld world("dismiss");
  ASSERT_TRUE(Sanctions(world, kSanctions));
  ASSERT_TRUE(Events(world, kEvents));
  AlertId id = world.Alerts().at(0).id;
  auto short_reason = world.platform->DismissAlert(world.caseworker, id, "no");
  ASSERT_FALSE(short_reason);
  EXPECT_EQ(short_reason.error().code, ErrorCode::kInvalidArgument);
  auto dismissed = world.platform->DismissAlert(world.caseworker, id, "the official left before the speech began");
  ASSERT_TRUE(dismissed) << dismissed.error().message;
  EXPECT_EQ(dismissed->status, domain::AlertStatus::kDismissed);
  auto scan = world.platform->FullScan(world.caseworker);
  ASSERT_TRUE(scan);
  EXPECT_EQ(scan->raised, 0);
  EXPECT_EQ(world.Alerts(domain::AlertStatus::kDismissed).size(), 1u);
}

TEST(PlatformImportTest, PoliticalOfficeHoldersCannotReadAlertsAndOversightCannotImport) {
  PlatformWorld world("access");
  domain::Actor political{UserId{2}, "leader", "political_office", std::nullopt, "test"};
  auto read = world.platform->ListAlerts(political, {});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kPermissionDenied);
  domain::Actor oversight{UserId{3}, "olive", "oversight", std::nullopt, "test"};
  EXPECT_TRUE(world.platform->ListAlerts(oversight, {}));
  auto parsed = ParseEventsCsv(kEvents, "events.csv", world.zone);
  ASSERT_TRUE(parsed);
  auto import = ImportEvents(*world.store, *world.platform, oversight, std::move(*parsed), ImportMode::kAllOrNothing);
  ASSERT_FALSE(import);
  EXPECT_EQ(import.error().code, ErrorCode::kPermissionDenied);
}

TEST(PlatformImportTest, ALocalStartTimeIsReadInTheOrganisationsTimeZone) {
  PlatformWorld world("local-time");
  ASSERT_TRUE(Events(world, kEvents));
  auto tx = world.store->Begin(store::TransactionMode::kRead);
  ASSERT_TRUE(tx);
  auto dinner = (*tx)->Platform().FindEventByExternalId("dinner-2");
  ASSERT_TRUE(dinner) << dinner.error().message;
  EXPECT_EQ(dinner->starts_at.ToString(), "2026-06-01T18:30:00Z") << "19:30 in London in June is 18:30 UTC";
  EXPECT_EQ(FromLocalTime(world.zone, *Date::Parse("2026-01-15"), 19 * 3600).ToString(), "2026-01-15T19:00:00Z");
}

}  // namespace
}  // namespace docket::app
