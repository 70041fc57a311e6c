#include "rules/platform_rule.hpp"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "platform_case_file.hpp"
#include "rules/name_match.hpp"

namespace docket::rules {
namespace {

using testing::ExpectedAlert;
using testing::RuleCase;

const std::string kCaseFile = std::string(DOCKET_TEST_DATA_DIR) + "/platform_rule/cases.txt";

std::string Show(const std::set<ExpectedAlert>& alerts) {
  if (alerts.empty()) return "none";
  std::string out;
  for (const auto& [event, official, sanctions] : alerts) {
    out += "(event " + std::to_string(event) + ", official " + std::to_string(official) + ", sanctions";
    for (std::int64_t s : sanctions) out += " " + std::to_string(s);
    out += ") ";
  }
  return out;
}

class PlatformRuleCaseTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(PlatformRuleCaseTest, FullScanRaisesExactlyTheExpectedAlerts) {
  const RuleCase& c = GetParam();
  auto zone = TimeZone::Create(c.zone);
  ASSERT_TRUE(zone) << zone.error().message;
  PlatformRule rule(c.policy, *zone);
  std::vector<domain::PlatformAlert> alerts = rule.Scan(c.events, c.members);
  EXPECT_EQ(Show(testing::Triples(alerts)), Show(c.expected))
      << "case '" << c.name << "' (cases.txt:" << c.line << "): " << c.why;
}

TEST_P(PlatformRuleCaseTest, IncrementalChecksAgreeWithTheFullScanWhateverTheOrderOfFacts) {
  // Facts arrive in a shuffled order (events imported after sanctions,
  // sanctions recorded after events); after the last change, the alerts
  // the incremental checks left standing equal the full scan.
  const RuleCase& c = GetParam();
  auto zone = TimeZone::Create(c.zone);
  ASSERT_TRUE(zone) << zone.error().message;
  PlatformRule rule(c.policy, *zone);
  for (unsigned seed = 1; seed <= 5; ++seed) {
    struct Change {
      bool is_event;
      std::size_t index;
      MemberId member;
    };
    std::vector<Change> changes;
    for (std::size_t i = 0; i < c.events.size(); ++i) changes.push_back({true, i, {}});
    for (const auto& [id, facts] : c.members) changes.push_back({false, 0, id});
    std::shuffle(changes.begin(), changes.end(), std::mt19937(seed));

    PlatformIndex index(rule);
    std::vector<domain::PlatformAlert> stored;
    Instant now(1'800'000'000);
    auto apply = [&](const std::vector<EventId>& events, std::vector<domain::PlatformAlert> current) {
      std::vector<domain::PlatformAlert> old;
      for (const domain::PlatformAlert& a : stored) {
        if (std::find(events.begin(), events.end(), a.event) != events.end()) old.push_back(a);
      }
      AlertChanges delta = Reconcile(old, std::move(current), [&](const domain::PlatformAlert& a) {
        return rule.WithdrawalReason(a, index.FindEvent(a.event), index.Members());
      }, now);
      auto put = [&](const domain::PlatformAlert& a) {
        for (domain::PlatformAlert& s : stored) {
          if (s.id == a.id) {
            s = a;
            return;
          }
        }
        ADD_FAILURE() << "an alert changed that was never stored: " << a.id.value;
      };
      for (domain::PlatformAlert& a : delta.raised) {
        if (a.id.IsSet()) {
          put(a);
        } else {
          a.id = AlertId{static_cast<std::int64_t>(stored.size() + 1)};
          stored.push_back(a);
        }
      }
      for (const domain::PlatformAlert& a : delta.updated) put(a);
      for (const domain::PlatformAlert& a : delta.withdrawn) put(a);
    };
    for (const Change& change : changes) {
      if (change.is_event) {
        index.PutEvent(c.events[change.index]);
        apply({c.events[change.index].event.id}, index.CheckEvent(c.events[change.index].event.id));
      } else {
        index.Member(change.member) = c.members.at(change.member);
        apply(index.EventsOf(change.member), index.CheckMember(change.member));
      }
    }
    std::vector<domain::PlatformAlert> open;
    for (const domain::PlatformAlert& a : stored) {
      if (a.status == domain::AlertStatus::kOpen) open.push_back(a);
    }
    EXPECT_EQ(Show(testing::Triples(open)), Show(c.expected)) << "case '" << c.name << "', seed " << seed;
  }
}

std::string CaseName(const ::testing::TestParamInfo<RuleCase>& info) {
  std::string out;
  bool upper = true;
  for (char ch : info.param.name) {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch);
      upper = false;
    } else {
      upper = true;
    }
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(CaseFile, PlatformRuleCaseTest, ::testing::ValuesIn(testing::ReadRuleCases(kCaseFile)),
                         CaseName);

TEST(PlatformRuleCaseFileTest, EveryCaseHasADescriptionAndTheFileCoversTheListedEdgeCases) {
  std::vector<RuleCase> cases = testing::ReadRuleCases(kCaseFile);
  ASSERT_GE(cases.size(), 25u);
  std::set<std::string> names;
  for (const RuleCase& c : cases) {
    EXPECT_FALSE(c.why.empty()) << c.name;
    EXPECT_TRUE(names.insert(c.name).second) << "two cases named '" << c.name << "'";
  }
  for (const char* required :
       {"sanction starts the day after the event", "sanction not yet published at the event",
        "office ended before the event", "official attended, did not speak", "both participants sanctioned, both officials",
        "the official is the sanctioned person", "sanction overturned on appeal", "same pair at two events",
        "event just after midnight in London is judged on the London date", "unresolved name never triggers",
        "office starting on the event date", "office ending on the event date"}) {
    EXPECT_TRUE(names.contains(required)) << "missing case '" << required << "'";
  }
}

// A small world for the tests of alert changes over time.
struct World {
  World() : rule(domain::PlatformRulePolicy{}, TimeZone::London()), index(rule) {
    MemberFacts& official = index.Member(kOfficial);
    official.name = "Ann Official";
    official.membership_number = "A1";
    official.offices.push_back({"mp", "MP for Northfield", *Date::Parse("2019-12-12"), std::nullopt});
    MemberFacts& other = index.Member(kOther);
    other.name = "Ben Suspended";
    other.membership_number = "B2";
    domain::Sanction s;
    s.id = SanctionId{7};
    s.member = kOther;
    s.kind = "suspension";
    s.category = "antisemitism";
    s.start = *Date::Parse("2026-01-01");
    s.end = *Date::Parse("2026-12-31");
    s.published_on = *Date::Parse("2026-01-02");
    other.sanctions.push_back(s);
    EventFacts event;
    event.event.id = kEvent;
    event.event.title = "Rally for the High Street";
    event.event.starts_at = *Instant::Parse("2026-05-10T18:00:00Z");
    event.event.place = "Town Hall";
    event.event.source = "diary.ics:rally-1@example.org";
    event.event.links = {"https://example.org/rally"};
    event.appearances.push_back({AppearanceId{1}, kEvent, "Ann Official", "A1", kOfficial, domain::PlatformRole::kChair,
                                 domain::MatchState::kByNumber});
    event.appearances.push_back({AppearanceId{2}, kEvent, "Ben Suspended", "B2", kOther,
                                 domain::PlatformRole::kSpeaker, domain::MatchState::kByNumber});
    index.PutEvent(event);
  }

  AlertChanges Recheck(const std::vector<domain::PlatformAlert>& stored, Instant now) {
    return Reconcile(stored, index.CheckEvent(kEvent), [&](const domain::PlatformAlert& a) {
      return rule.WithdrawalReason(a, index.FindEvent(a.event), index.Members());
    }, now);
  }

  static constexpr MemberId kOfficial{1};
  static constexpr MemberId kOther{2};
  static constexpr EventId kEvent{100};
  PlatformRule rule;
  PlatformIndex index;
};

TEST(PlatformAlertTest, AnAlertExplainsTheEventTheOfficeAndTheSanctionWithItsDates) {
  World world;
  std::vector<domain::PlatformAlert> alerts = world.index.ScanAll();
  ASSERT_EQ(alerts.size(), 1u);
  std::string text = alerts[0].Explanation();
  for (const char* fact : {"Ann Official (A1) appeared as chair at \"Rally for the High Street\" on 2026-05-10",
                           "Town Hall", "Source: diary.ics:rally-1@example.org", "Link: https://example.org/rally",
                           "held the office \"MP for Northfield\" (mp), from 2019-12-12 to now",
                           "Ben Suspended (B2) appeared as speaker",
                           "suspension #7 for antisemitism: in force from 2026-01-01 to 2026-12-31, made public on "
                           "2026-01-02"}) {
    EXPECT_NE(text.find(fact), std::string::npos) << "missing: " << fact << "\nin:\n" << text;
  }
}

TEST(PlatformAlertTest, AnOverturnedSanctionWithdrawsTheAlertWithTheAppealsReason) {
  World world;
  Instant t0 = *Instant::Parse("2026-06-01T09:00:00Z");
  AlertChanges first = world.Recheck({}, t0);
  ASSERT_EQ(first.raised.size(), 1u);
  domain::PlatformAlert stored = first.raised[0];
  stored.id = AlertId{1};
  EXPECT_EQ(stored.raised_at, t0);

  domain::Sanction& sanction = world.index.Member(World::kOther).sanctions[0];
  sanction.overturned_at = *Instant::Parse("2026-07-01T10:00:00Z");
  sanction.overturn_reason = "appeal upheld: the posts were not his";
  AlertChanges second = world.Recheck({stored}, t0.AddSeconds(3600));
  ASSERT_EQ(second.withdrawn.size(), 1u);
  EXPECT_TRUE(second.raised.empty());
  const domain::PlatformAlert& withdrawn = second.withdrawn[0];
  EXPECT_EQ(withdrawn.id, AlertId{1});
  EXPECT_EQ(withdrawn.status, domain::AlertStatus::kWithdrawn);
  EXPECT_EQ(withdrawn.closed_at, t0.AddSeconds(3600));
  EXPECT_EQ(withdrawn.reason,
            "suspension #7 of Ben Suspended was overturned on 2026-07-01T10:00:00Z: appeal upheld: the posts were not his");
  EXPECT_NE(withdrawn.Explanation().find("Withdrawn"), std::string::npos);
}

TEST(PlatformAlertTest, AWithdrawnAlertThatHoldsAgainIsReopenedUnderTheSameId) {
  World world;
  domain::PlatformAlert stored = world.Recheck({}, Instant(1)).raised.at(0);
  stored.id = AlertId{4};
  stored.status = domain::AlertStatus::kWithdrawn;
  stored.reason = "earlier";
  AlertChanges changes = world.Recheck({stored}, Instant(2));
  ASSERT_EQ(changes.raised.size(), 1u);
  EXPECT_EQ(changes.raised[0].id, AlertId{4});
  EXPECT_EQ(changes.raised[0].status, domain::AlertStatus::kOpen);
}

TEST(PlatformAlertTest, ADismissedAlertStaysDismissedWhileTheRuleStillHolds) {
  World world;
  domain::PlatformAlert stored = world.Recheck({}, Instant(1)).raised.at(0);
  stored.id = AlertId{4};
  stored.status = domain::AlertStatus::kDismissed;
  EXPECT_TRUE(world.Recheck({stored}, Instant(2)).Empty());
  world.index.Member(World::kOther).sanctions.clear();
  EXPECT_TRUE(world.Recheck({stored}, Instant(3)).Empty()) << "a dismissed alert is not withdrawn either";
}

TEST(PlatformAlertTest, ASanctionRecordedLaterWithAnEarlierStartRaisesAnAlertForAPastEvent) {
  World world;
  world.index.Member(World::kOther).sanctions.clear();
  EXPECT_TRUE(world.index.CheckMember(World::kOther).empty());
  domain::Sanction late;
  late.id = SanctionId{9};
  late.member = World::kOther;
  late.kind = "expulsion";
  late.category = "antisemitism";
  late.start = *Date::Parse("2025-03-01");
  late.published_on = *Date::Parse("2025-03-02");
  world.index.Member(World::kOther).sanctions.push_back(late);
  std::vector<domain::PlatformAlert> alerts = world.index.CheckMember(World::kOther);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].sanctioned.at(0).sanction, SanctionId{9});
}

TEST(PlatformAlertTest, AChangedPublicationDateUpdatesTheOpenAlertAndKeepsWhenItWasRaised) {
  World world;
  domain::PlatformAlert stored = world.Recheck({}, Instant(1)).raised.at(0);
  stored.id = AlertId{4};
  world.index.Member(World::kOther).sanctions[0].published_on = *Date::Parse("2026-02-01");
  AlertChanges changes = world.Recheck({stored}, Instant(50));
  ASSERT_EQ(changes.updated.size(), 1u);
  EXPECT_EQ(changes.updated[0].id, AlertId{4});
  EXPECT_EQ(changes.updated[0].raised_at, Instant(1));
  EXPECT_EQ(changes.updated[0].sanctioned.at(0).published_on, *Date::Parse("2026-02-01"));
}

TEST(PlatformAlertTest, AnOfficeCorrectedToEndBeforeTheEventWithdrawsTheAlertSayingSo) {
  World world;
  domain::PlatformAlert stored = world.Recheck({}, Instant(1)).raised.at(0);
  stored.id = AlertId{4};
  world.index.Member(World::kOfficial).offices[0].end = *Date::Parse("2026-05-09");
  EXPECT_TRUE(world.index.CheckMember(World::kOfficial).empty());
  AlertChanges changes = world.Recheck({stored}, Instant(2));
  ASSERT_EQ(changes.withdrawn.size(), 1u);
  EXPECT_EQ(changes.withdrawn[0].reason,
            "Ann Official held no listed office on 2026-05-10 (the office record changed)");
}

TEST(PlatformAlertTest, ARemovedEventWithdrawsItsAlerts) {
  World world;
  domain::PlatformAlert stored = world.Recheck({}, Instant(1)).raised.at(0);
  world.index.RemoveEvent(World::kEvent);
  EXPECT_EQ(world.rule.WithdrawalReason(stored, world.index.FindEvent(World::kEvent), world.index.Members()),
            "event #100 was removed");
  EXPECT_TRUE(world.index.EventsOf(World::kOfficial).empty());
}

TEST(PlatformAlertTest, ASwitchedOffRuleRaisesNothing) {
  domain::PlatformRulePolicy off;
  off.enabled = false;
  World world;
  PlatformRule rule(off, TimeZone::London());
  EXPECT_TRUE(rule.Evaluate(*world.index.FindEvent(World::kEvent), world.index.Members()).empty());
}

TEST(NameMatchTest, SpellingsOfOneNameShareAKey) {
  EXPECT_EQ(NormaliseName("Cllr Seán O'Brien"), "sean obrien");
  EXPECT_EQ(NormaliseName("  SEAN   OBRIEN "), "sean obrien");
  EXPECT_EQ(NormaliseName("Rt Hon. Jean-Luc Dupré MP"), "jean luc dupre");
  EXPECT_EQ(NormaliseName("Zoë Müller"), "zoe muller");
  EXPECT_EQ(NormaliseName("Dr."), "");
  EXPECT_NE(NormaliseName("Ann Smith"), NormaliseName("Anne Smith"));
}

}  // namespace
}  // namespace docket::rules
