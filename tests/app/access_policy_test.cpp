#include "app/access_policy.hpp"

#include <gtest/gtest.h>

namespace docket::app {
namespace {

struct Row {
  std::string description;
  std::string role;
  std::string stage;
  bool own;  // assigned to / party to the case
  bool read;
  bool write;
};

// Who may read and change a case, per role and per relation to the case.
const std::vector<Row> kTable = {
    {"a caseworker reads and works any case", "caseworker", "triage", false, true, true},
    {"an investigator works an assigned case", "investigator", "investigation", true, true, true},
    {"an investigator cannot see an unassigned case", "investigator", "investigation", false, false, false},
    {"a panel member sees a case whose panel they sit on", "panel_member", "panel_decision", true, true, true},
    {"a panel member cannot see another panel's case", "panel_member", "panel_decision", false, false, false},
    {"the appeal panel sees an appeal it sits on", "appeal_panel", "appeal", true, true, true},
    {"the appeal panel cannot see another appeal", "appeal_panel", "appeal", false, false, false},
    {"oversight reads any case", "oversight", "closed", false, true, false},
    {"an administrator sees no case content", "administrator", "triage", false, false, false},
    {"political office has no access", "political_office", "triage", true, false, false},
    {"a respondent sees their own case", "respondent", "investigation", true, true, true},
    {"a respondent cannot see another's case", "respondent", "investigation", false, false, false},
    {"a complainant sees their own complaint's case", "complainant", "triage", true, true, true},
    {"a complainant cannot see another case", "complainant", "triage", false, false, false},
};

TEST(AccessPolicyTest, EveryRoleGetsExactlyTheAccessTheTableGives) {
  for (const Row& row : kTable) {
    domain::Case c;
    c.number = "2026-000001";
    c.stage = row.stage;
    c.respondents = {{MemberId{row.own && row.role == "respondent" ? 5 : 6}, "R"}};
    if (row.own && row.role == "complainant") c.complainant_members = {MemberId{5}};
    if (row.own && row.role == "investigator") c.assignee = "me";
    if (row.own && row.role == "panel_member") c.panel = {{"me", domain::PanelKind::kPanel}};
    if (row.own && row.role == "appeal_panel") c.panel = {{"me", domain::PanelKind::kAppeal}};
    if (!row.own && row.role == "panel_member") c.panel = {{"someone.else", domain::PanelKind::kPanel}};
    domain::Actor actor{UserId{1}, "me", row.role, MemberId{5}};
    EXPECT_EQ(CheckCaseAccess(actor, c, Access::kRead).has_value(), row.read) << row.description;
    EXPECT_EQ(CheckCaseAccess(actor, c, Access::kWrite).has_value(), row.write) << row.description;
  }
}

TEST(AccessPolicyTest, ARefusalSaysWhoWasRefusedAndWhy) {
  domain::Case c;
  c.number = "2026-000009";
  auto refused = CheckCaseAccess({UserId{1}, "office", "political_office", std::nullopt}, c, Access::kRead);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().message,
            "'office' (political_office) may not access case 2026-000009: political office holders have no access to "
            "case files");
}

}  // namespace
}  // namespace docket::app
