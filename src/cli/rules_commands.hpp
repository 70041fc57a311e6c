// The platform-sharing rule's commands: `import sanctions`, `import events`
// (CSV or iCalendar), `alerts list|show|dismiss|check`, `events
// list|show|unresolved|match` and `sanctions overturn`.
#pragma once

#include "cli/command_support.hpp"

namespace docket::cli {

/// Adds the commands; call after the `import` group exists.
void RegisterRulesCommands(const CommandSet& commands);

}  // namespace docket::cli
