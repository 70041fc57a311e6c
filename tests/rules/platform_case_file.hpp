// Reads tests/data/platform_rule/cases.txt: each case's facts, policy
// overrides and expected alerts (the format is described in that file).
#pragma once

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/time_zone.hpp"
#include "domain/platform_rule_policy.hpp"
#include "rules/platform_rule.hpp"

namespace docket::rules::testing {

/// One expected alert: (event, official, sanctions it rests on).
using ExpectedAlert = std::tuple<std::int64_t, std::int64_t, std::vector<std::int64_t>>;

struct RuleCase {
  std::string name;
  std::string why;
  int line = 0;
  std::string zone = "Europe/London";
  domain::PlatformRulePolicy policy;
  MemberDirectory members;
  std::vector<EventFacts> events;
  std::set<ExpectedAlert> expected;
};

/// Every case in the file; a malformed line fails the calling test with its line number.
std::vector<RuleCase> ReadRuleCases(const std::string& path);

/// The alerts as (event, official, sanctions) triples.
std::set<ExpectedAlert> Triples(const std::vector<domain::PlatformAlert>& alerts);

}  // namespace docket::rules::testing
