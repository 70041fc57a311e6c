#include "domain/member.hpp"

#include <gtest/gtest.h>

#include "domain/sanction.hpp"

namespace docket::domain {
namespace {

TEST(MemberTest, AnOfficeIsHeldFromItsStartToItsEndInclusive) {
  Office office{"councillor", "Councillor, Ward 4", Date::FromYmd(2022, 5, 5), Date::FromYmd(2026, 5, 7)};
  EXPECT_FALSE(office.HeldOn(Date::FromYmd(2022, 5, 4)));
  EXPECT_TRUE(office.HeldOn(Date::FromYmd(2022, 5, 5)));
  EXPECT_TRUE(office.HeldOn(Date::FromYmd(2026, 5, 7)));
  EXPECT_FALSE(office.HeldOn(Date::FromYmd(2026, 5, 8)));
  Office open{"mp", "MP", Date::FromYmd(2024, 7, 4), std::nullopt};
  EXPECT_TRUE(open.HeldOn(Date::FromYmd(2030, 1, 1)));
}

TEST(MemberTest, TheStatusOnADateIsTheLatestChangeOnOrBeforeIt) {
  Member m;
  m.status_history = {{MembershipStatus::kLapsed, Date::FromYmd(2020, 1, 1), "unpaid"},
                      {MembershipStatus::kActive, Date::FromYmd(2021, 6, 1), "rejoined"}};
  EXPECT_EQ(m.StatusOn(Date::FromYmd(2019, 12, 31)), MembershipStatus::kActive);
  EXPECT_EQ(m.StatusOn(Date::FromYmd(2020, 1, 1)), MembershipStatus::kLapsed);
  EXPECT_EQ(m.StatusOn(Date::FromYmd(2021, 6, 1)), MembershipStatus::kActive);
}

TEST(MemberTest, OfficesOnADateListOnlyThoseThenHeld) {
  Member m;
  m.offices = {{"councillor", "C", Date::FromYmd(2018, 5, 3), Date::FromYmd(2022, 5, 4)},
               {"mp", "M", Date::FromYmd(2019, 12, 12), std::nullopt}};
  EXPECT_EQ(m.OfficesOn(Date::FromYmd(2019, 1, 1)).size(), 1u);
  EXPECT_EQ(m.OfficesOn(Date::FromYmd(2020, 1, 1)).size(), 2u);
  EXPECT_EQ(m.OfficesOn(Date::FromYmd(2023, 1, 1)).size(), 1u);
  EXPECT_EQ(m.OfficesOn(Date::FromYmd(2023, 1, 1))[0]->kind, "mp");
}

TEST(SanctionTest, ASanctionIsInForceBetweenItsDatesUnlessOverturned) {
  Sanction s;
  s.start = Date::FromYmd(2025, 1, 10);
  s.end = Date::FromYmd(2025, 7, 9);
  EXPECT_FALSE(s.InForceOn(Date::FromYmd(2025, 1, 9)));
  EXPECT_TRUE(s.InForceOn(Date::FromYmd(2025, 1, 10)));
  EXPECT_TRUE(s.InForceOn(Date::FromYmd(2025, 7, 9)));
  EXPECT_FALSE(s.InForceOn(Date::FromYmd(2025, 7, 10)));
  s.overturned_at = Instant(1);
  EXPECT_FALSE(s.InForceOn(Date::FromYmd(2025, 3, 1)));
}

TEST(MemberTest, StatusNamesRoundTrip) {
  for (MembershipStatus s : {MembershipStatus::kActive, MembershipStatus::kLapsed, MembershipStatus::kResigned,
                             MembershipStatus::kDeceased}) {
    EXPECT_EQ(ParseMembershipStatus(Name(s)), s);
  }
  EXPECT_FALSE(ParseMembershipStatus("banned"));
}

}  // namespace
}  // namespace docket::domain
