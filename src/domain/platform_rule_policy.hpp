// The platform-sharing rule's settings, read from the policy's
// [platform_rule] table (see data/policy/party.toml). Every part of the rule
// is configurable; these defaults are the community bodies' demand: elected
// officials must not share a platform with people suspended or expelled for
// antisemitism.
#pragma once

#include <set>
#include <string>

namespace docket::domain {

/// Which offices, platform roles, sanctions and categories the rule looks at.
struct PlatformRulePolicy {
  bool enabled = true;
  /// Office kinds (domain::Office::kind) whose holders the rule watches.
  std::set<std::string> offices = {"mp", "mayor", "councillor"};
  /// Platform roles that count (names as in domain::Name(PlatformRole)); attendees do not by default.
  std::set<std::string> platform_roles = {"speaker", "chair", "organiser", "host"};
  /// Sanction kinds (catalogue ids, or "interim_suspension") that make a co-participant sanctioned.
  std::set<std::string> sanctions = {"interim_suspension", "suspension", "expulsion"};
  /// Categories the sanction must have been imposed for.
  std::set<std::string> categories = {"antisemitism"};
  /// The category of the case a caseworker opens from an alert.
  std::string case_category = "platform_sharing";
  /// Sanction kinds a panel's decision makes public on the day it is decided
  /// (the organisation announces suspensions and expulsions). Others, such as
  /// interim suspensions, stay unpublished until someone records when they
  /// became public (`docket sanctions publish`).
  std::set<std::string> published_on_decision = {"suspension", "expulsion"};
};

}  // namespace docket::domain
