// `docket import posts`, `docket posts ...` and `docket accounts ...`:
// social-media evidence, its triage, and linking accounts to members.
#pragma once

#include "cli/command_support.hpp"

namespace docket::cli {

/// Adds the commands; call after the `import` group exists.
void RegisterPostCommands(const CommandSet& commands);

}  // namespace docket::cli
