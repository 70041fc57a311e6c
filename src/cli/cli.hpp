// The `docket` command line: every subcommand, its options and exit statuses.
//
// Exit statuses: 0 success; 1 usage (bad or missing options); 2 invalid input
// or an action that is not permitted; 3 not found or conflict; 4 an internal
// or storage failure.
#pragma once

namespace docket::cli {

/// Parses the arguments, runs one subcommand and returns the exit status.
int Run(int argc, char** argv);

}  // namespace docket::cli
