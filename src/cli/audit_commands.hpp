// `docket audit export`: the whole audit log as JSON Lines, for an auditor
// who checks the hash chain with their own tools (README: "Verifying an audit
// export").
#pragma once

#include "cli/command_support.hpp"

namespace docket::cli {

/// Adds `export` to the existing `audit` command group.
void RegisterAuditExport(const CommandSet& commands, CLI::App* audit);

}  // namespace docket::cli
