// What every `docket` subcommand shares: exit statuses, the global options,
// opening the policy, calendar and store, and running a command body so that
// its error becomes the exit status. Command groups live in their own files
// (cli.cpp, and one file per group added later) and register themselves
// through CommandSet.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/policy.hpp"
#include "domain/workflow.hpp"
#include "store/store.hpp"

namespace docket::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitInvalid = 2;
inline constexpr int kExitNotFound = 3;
inline constexpr int kExitFailure = 4;

/// The exit status for an error code (see cli.hpp).
int ExitStatus(ErrorCode code);
/// Prints "docket: MESSAGE" to standard error and returns the exit status.
int Report(const Error& error);
/// The environment variable's value, or `fallback` when unset or empty.
std::string EnvOr(const char* name, std::string fallback);

/// Options shared by every subcommand that opens the database.
struct Globals {
  std::string db = EnvOr("DOCKET_DB", "./var/docket.db");
  std::string policy;
  std::string data_dir;
  Globals();
};

/// Everything a command needs, opened once: the policy in force, its calendar, the store.
struct Context {
  domain::Policy policy;
  Schedule schedule;
  std::unique_ptr<store::Store> store;
  SystemClock clock;
  std::unique_ptr<domain::Workflow> workflow;
};

/// The policy file: --policy, $DOCKET_POLICY, or DATA_DIR/policy/party.toml.
std::string PolicyPath(const Globals& globals);
/// Loads the policy and its calendar and opens the store (creating its folder).
Result<std::unique_ptr<Context>> OpenContext(const Globals& globals, store::Durability durability);
/// The name of the Unix account running the command.
std::string UnixUser();
/// The actor for --as; without it, the local operator with the read-only oversight role.
Result<domain::Actor> ResolveActor(Context& context, const std::string& as);
/// A whole file; kNotFound naming the path when it cannot be read.
Result<std::string> ReadFile(const std::string& path);

/// What a command group needs to add its subcommands.
struct CommandSet {
  CLI::App& cli;
  Globals& globals;
  int& status;  //!< The exit status, set by Run() when a body fails.
  /// Adds --db, --policy and --data-dir to a command.
  void AddDb(CLI::App* command) const;
  /// A callback that runs `body` and turns its error into the exit status.
  std::function<void()> Run(std::function<Result<void>()> body) const;
};

}  // namespace docket::cli
