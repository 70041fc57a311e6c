#include "policy/policy_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace docket::policy {
namespace {

std::string Shipped() {
  std::ifstream in(std::string(DOCKET_DATA_DIR) + "/policy/party.toml", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The shipped policy without its [platform_rule] table, and the number of lines that leaves.
std::pair<std::string, int> ShippedWithoutRule() {
  std::string text = Shipped();
  text = text.substr(0, text.find("[platform_rule]"));
  return {text, static_cast<int>(std::count(text.begin(), text.end(), '\n'))};
}

TEST(PlatformRulePolicyTest, TheShippedPolicyWatchesOfficialsAgainstAntisemitismSanctions) {
  auto policy = LoadPolicy(Shipped(), "party.toml");
  ASSERT_TRUE(policy) << policy.error().message;
  const domain::PlatformRulePolicy& rule = policy->platform_rule;
  EXPECT_TRUE(rule.enabled);
  EXPECT_EQ(rule.offices, (std::set<std::string>{"mp", "mayor", "councillor"}));
  EXPECT_EQ(rule.platform_roles, (std::set<std::string>{"speaker", "chair", "organiser", "host"}));
  EXPECT_EQ(rule.sanctions, (std::set<std::string>{"interim_suspension", "suspension", "expulsion"}));
  EXPECT_EQ(rule.categories, (std::set<std::string>{"antisemitism"}));
}

TEST(PlatformRulePolicyTest, AnAbsentTableKeepsTheDefaults) {
  auto policy = LoadPolicy(ShippedWithoutRule().first, "party.toml");
  ASSERT_TRUE(policy) << policy.error().message;
  EXPECT_EQ(policy->platform_rule.categories, (std::set<std::string>{"antisemitism"}));
  EXPECT_FALSE(policy->platform_rule.platform_roles.contains("attendee"));
}

TEST(PlatformRulePolicyTest, AListReplacesItsDefault) {
  auto [text, lines] = ShippedWithoutRule();
  text += "[platform_rule]\nplatform_roles = [\"speaker\", \"attendee\"]\ncategories = [\"antisemitism\", \"other_racism\"]\n";
  auto policy = LoadPolicy(text, "party.toml");
  ASSERT_TRUE(policy) << policy.error().message;
  EXPECT_EQ(policy->platform_rule.platform_roles, (std::set<std::string>{"speaker", "attendee"}));
  EXPECT_EQ(policy->platform_rule.categories, (std::set<std::string>{"antisemitism", "other_racism"}));
  EXPECT_EQ(policy->platform_rule.offices, (std::set<std::string>{"mp", "mayor", "councillor"}));
}

TEST(PlatformRulePolicyTest, TheCaseCategoryAndTheSanctionsPublishedOnDecisionMustBeDefined) {
  auto policy = LoadPolicy(Shipped(), "party.toml");
  ASSERT_TRUE(policy) << policy.error().message;
  EXPECT_EQ(policy->platform_rule.case_category, "platform_sharing");
  EXPECT_EQ(policy->platform_rule.published_on_decision, (std::set<std::string>{"suspension", "expulsion"}));

  auto [text, lines] = ShippedWithoutRule();
  text +=
      "[platform_rule]\n"
      "case_category = \"platform_sharring\"\n"
      "published_on_decision = [\"expulsion\", \"exile\"]\n";
  std::vector<std::string> messages;
  for (const Diagnostic& d : CheckPolicy(text, "party.toml")) messages.push_back(d.ToString());
  ASSERT_EQ(messages.size(), 2u) << ::testing::PrintToString(messages);
  EXPECT_EQ(messages[0].substr(0, messages[0].find(';')),
            "party.toml:" + std::to_string(lines + 2) +
                ":17: platform_rule.case_category names undefined category 'platform_sharring'");
  EXPECT_EQ(messages[1].substr(0, messages[1].find(';')),
            "party.toml:" + std::to_string(lines + 3) +
                ":39: platform_rule.published_on_decision names undefined sanction 'exile'");
}

TEST(PlatformRulePolicyTest, EveryUnknownNameIsReportedAtItsLineAndColumn) {
  auto [text, lines] = ShippedWithoutRule();
  text +=
      "[platform_rule]\n"
      "platform_roles = [\"speaker\", \"heckler\"]\n"
      "sanctions = [\"suspension\", \"banishment\"]\n"
      "categories = [\"antisemitsm\"]\n"
      "colour = \"red\"\n";
  std::vector<Diagnostic> diagnostics = CheckPolicy(text, "party.toml");
  std::vector<std::string> messages;
  for (const Diagnostic& d : diagnostics) messages.push_back(d.ToString());
  ASSERT_EQ(messages.size(), 4u) << ::testing::PrintToString(messages);
  EXPECT_EQ(messages[0], "party.toml:" + std::to_string(lines + 2) +
                             ":30: platform_rule.platform_roles names unknown role 'heckler'; known roles: speaker, "
                             "chair, organiser, host, attendee");
  EXPECT_EQ(messages[1].substr(0, messages[1].find(';')),
            "party.toml:" + std::to_string(lines + 3) +
                ":28: platform_rule.sanctions names undefined sanction 'banishment'");
  EXPECT_EQ(messages[2].substr(0, messages[2].find(';')),
            "party.toml:" + std::to_string(lines + 4) +
                ":15: platform_rule.categories names undefined category 'antisemitsm'");
  EXPECT_NE(messages[3].find(":" + std::to_string(lines + 5) + ":1: unknown key 'colour' in [platform_rule]"),
            std::string::npos)
      << messages[3];
}

}  // namespace
}  // namespace docket::policy
