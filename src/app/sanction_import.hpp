// Importing sanctions decided before the organisation used docket, with the
// dates the platform-sharing rule needs, then running its incremental check
// for every sanctioned member in the same transaction (a sanction recorded
// late with an earlier start raises alerts for past events at once).
//
// CSV columns: membership_number, kind, category, start (required); end,
// published_on, readmission_from, overturned_on, overturn_reason
// (optional). kind is a sanction of the policy's catalogue or
// "interim_suspension"; category is a category of the policy. A row equal to
// a sanction already recorded (member, kind, category, start) is skipped, so
// importing a file twice changes nothing.
#pragma once

#include <string_view>

#include "app/member_import.hpp"
#include "app/platform_service.hpp"
#include "app/progress.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/policy.hpp"
#include "store/store.hpp"

namespace docket::app {

/// What a sanction import did.
struct SanctionImportReport {
  std::int64_t imported = 0;
  std::int64_t already_recorded = 0;
  std::vector<RowError> errors;
  CheckReport check;
};

/// Imports sanctions; all-or-nothing or partial as ImportMembers.
/// kInvalidArgument ("FILE:LINE: ...") only for an unreadable file;
/// kPermissionDenied unless the actor may write platform data.
Result<SanctionImportReport> ImportSanctions(store::Store& store, PlatformService& platform,
                                             const domain::Policy& policy, const domain::Actor& actor,
                                             std::string_view csv_text, std::string_view file_name, ImportMode mode,
                                             const Progress& progress = {});

}  // namespace docket::app
