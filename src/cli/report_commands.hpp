// `docket report` (the public transparency report, oversight statistics and
// the dashboard) and `docket recs` (the recommendations tracker).
#pragma once

#include "cli/command_support.hpp"

namespace docket::cli {

/// Adds the `report` and `recs` command groups.
void RegisterReportCommands(const CommandSet& commands);

}  // namespace docket::cli
