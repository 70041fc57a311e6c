// A demo organisation: deterministic for a given seed and date, realistic in
// shape. Members with names from many backgrounds, branches, elected
// officials; staff accounts for every role; cases spread over three years
// that were walked through the policy's real workflow, so every stage and
// outcome appears in roughly the proportions of domain.md, with some cases
// overdue and some interim suspensions long past review.
#pragma once

#include <cstdint>
#include <string>

#include "app/progress.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/workflow.hpp"
#include "store/store.hpp"

namespace docket::app {

struct DemoOptions {
  std::int64_t members = 20000;
  std::int64_t cases = 2000;
  std::uint64_t seed = 1;
  Instant now;  //!< Cases are opened before this instant and walked up to it.
};

struct DemoReport {
  std::int64_t members = 0;
  std::int64_t officials = 0;
  std::int64_t users = 0;
  std::int64_t cases = 0;
  std::int64_t open_cases = 0;
  std::int64_t events = 0;
  std::int64_t sanctions = 0;
};

/// The password-less staff accounts the demo creates, by role, for the README and tests.
struct DemoStaff {
  static constexpr const char* kCaseworker = "aoife.byrne";
  static constexpr const char* kInvestigator = "rachel.levy";
  static constexpr const char* kPanelMember = "helen.clarke";
  static constexpr const char* kAppealPanel = "deborah.stein";
  static constexpr const char* kOversight = "oversight";
  static constexpr const char* kAdministrator = "admin";
  static constexpr const char* kPoliticalOffice = "leaders.office";
  /// Every demo account's password. A demo database is for trying docket out, never for real cases.
  static constexpr const char* kPassword = "docket-demo-password";
  /// Every demo staff account's TOTP key (20 bytes); its base32 form is in the README.
  static constexpr const char* kTotpKey = "docket-demo-totp-key";
};

/// Fills an empty database. kFailedPrecondition when it already has members,
/// or when the policy lacks an action the demo's case paths use.
Result<DemoReport> GenerateDemo(store::Store& store, const domain::Workflow& workflow, const DemoOptions& options,
                                const Progress& progress = {});

}  // namespace docket::app
