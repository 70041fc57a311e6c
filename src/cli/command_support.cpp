#include "cli/command_support.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "app/directory.hpp"
#include "policy/calendar_file.hpp"
#include "policy/policy_loader.hpp"

#ifndef DOCKET_DEFAULT_DATA_DIR
#define DOCKET_DEFAULT_DATA_DIR "/usr/share/docket"
#endif

namespace docket::cli {

namespace fs = std::filesystem;

// One switch, no default: a new error code must be given an exit status here.
int ExitStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return kExitInvalid;
    case ErrorCode::kFailedPrecondition: return kExitInvalid;
    case ErrorCode::kPermissionDenied: return kExitInvalid;
    case ErrorCode::kNotFound: return kExitNotFound;
    case ErrorCode::kAlreadyExists: return kExitNotFound;
    case ErrorCode::kConflict: return kExitNotFound;
    case ErrorCode::kUnavailable: return kExitFailure;
    case ErrorCode::kInternal: return kExitFailure;
  }
  return kExitFailure;
}

int Report(const Error& error) {
  std::cerr << "docket: " << error.message << "\n";
  return ExitStatus(error.code);
}

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::move(fallback);
}

Globals::Globals() : data_dir(EnvOr("DOCKET_DATA_DIR", DOCKET_DEFAULT_DATA_DIR)) {}

std::string PolicyPath(const Globals& globals) {
  if (!globals.policy.empty()) return globals.policy;
  return EnvOr("DOCKET_POLICY", (fs::path(globals.data_dir) / "policy" / "party.toml").string());
}

Result<std::unique_ptr<Context>> OpenContext(const Globals& globals, store::Durability durability) {
  auto context = std::make_unique<Context>();
  DOCKET_TRY_ASSIGN(context->policy, policy::LoadPolicyFile(PolicyPath(globals)));
  fs::path calendar = fs::path(globals.data_dir) / "calendars" / (context->policy.calendar + ".toml");
  DOCKET_TRY_ASSIGN(context->schedule.calendar, policy::LoadCalendarFile(calendar));
  DOCKET_TRY_ASSIGN(context->schedule.zone, TimeZone::Create(context->policy.time_zone));
  store::CreateDatabaseFolder(globals.db);
  DOCKET_TRY_ASSIGN(context->store, store::OpenStore(globals.db, durability));
  context->workflow = std::make_unique<domain::Workflow>(context->policy, context->schedule);
  return context;
}

std::string UnixUser() {
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "unknown";
}

// Whoever holds the database file can read it anyway, so reading commands
// without --as act as the local operator with the read-only oversight role.
Result<domain::Actor> ResolveActor(Context& context, const std::string& as) {
  if (as.empty()) return domain::Actor{UserId{}, "cli:" + UnixUser(), "oversight", std::nullopt};
  return app::ActorFor(*context.store, context.policy, as);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, fmt::format("cannot read '{}'", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void CommandSet::AddDb(CLI::App* command) const {
  command->add_option("--db", globals.db, "Database: a file path (default ./var/docket.db, or $DOCKET_DB)");
  command->add_option("--policy", globals.policy, "Policy file (default DATA_DIR/policy/party.toml, or $DOCKET_POLICY)");
  command->add_option("--data-dir", globals.data_dir, "Folder of policies and calendars (or $DOCKET_DATA_DIR)");
}

std::function<void()> CommandSet::Run(std::function<Result<void>()> body) const {
  int* exit_status = &status;
  return [exit_status, body = std::move(body)] {
    Result<void> done = body();
    if (!done) *exit_status = Report(done.error());
  };
}

}  // namespace docket::cli
