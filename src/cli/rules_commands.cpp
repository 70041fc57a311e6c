#include "cli/rules_commands.hpp"

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/demo_events.hpp"
#include "app/directory.hpp"
#include "app/event_import.hpp"
#include "app/intake_service.hpp"
#include "app/platform_service.hpp"
#include "app/sanction_import.hpp"
#include "cli/progress_bar.hpp"
#include "ical/calendar_events.hpp"

namespace docket::cli {
namespace {

// Whoever holds the database file may import into it (as with `import
// members`); with --as, the import is attributed to that account instead.
Result<domain::Actor> Importer(Context& context, const std::string& as) {
  if (as.empty()) return domain::Actor{UserId{}, "cli:" + UnixUser(), "administrator", std::nullopt, "cli"};
  return app::ActorFor(*context.store, context.policy, as);
}

// What a platform command works with: the opened database, who acts, and
// the service over them (which holds references into the context).
struct PlatformCommand {
  std::unique_ptr<Context> context;
  domain::Actor actor;
  app::PlatformService platform;
};

// Who a command acts as: the read-only local operator unless --as names an
// account, the account --as names (required), or the importing operator.
enum class Who { kReader, kNamed, kImporter };

Result<PlatformCommand> OpenPlatform(const Globals& globals, const std::string& as, Who who) {
  DOCKET_TRY_ASSIGN(std::unique_ptr<Context> context, OpenContext(globals, store::Durability::kFull));
  Result<domain::Actor> actor = who == Who::kReader  ? ResolveActor(*context, as)
                                : who == Who::kNamed ? app::ActorFor(*context->store, context->policy, as)
                                                     : Importer(*context, as);
  if (!actor) return Fail(actor.error());
  app::PlatformService platform(*context->store, context->policy, context->schedule.zone, context->clock);
  return PlatformCommand{std::move(context), std::move(*actor), std::move(platform)};
}

void PrintRowErrors(const std::string& file, const std::vector<app::RowError>& errors) {
  for (const app::RowError& error : errors) std::cerr << fmt::format("{}:{}: {}\n", file, error.line, error.message);
}

std::string Check(const app::CheckReport& check) {
  return fmt::format("{} alert{} raised, {} updated, {} withdrawn", check.raised, check.raised == 1 ? "" : "s",
                     check.updated, check.withdrawn);
}

void PrintAlertRow(const domain::PlatformAlert& a) {
  std::string sanctioned;
  for (const domain::SanctionedParticipant& s : a.sanctioned) {
    sanctioned += (sanctioned.empty() ? "" : ", ") + fmt::format("{} ({})", s.name, s.kind);
  }
  std::cout << fmt::format("{:>6}  {:<11}  {}  {:<24} {:<32} {}\n", a.id.value, domain::Name(a.status),
                           a.event_date.ToString(), a.official_name.substr(0, 24), a.event_title.substr(0, 32),
                           sanctioned);
}

void PrintCandidates(const std::vector<app::MatchCandidate>& candidates) {
  if (candidates.empty()) {
    std::cout << "      no member has this name or alias\n";
    return;
  }
  for (const app::MatchCandidate& c : candidates) {
    std::string offices;
    for (const std::string& office : c.offices) offices += (offices.empty() ? "" : ", ") + office;
    std::cout << fmt::format("      candidate: {} ({}){}\n", c.name, c.membership_number,
                             offices.empty() ? "" : "; held then: " + offices);
  }
}

struct Options {
  std::string file;
  bool partial = false;
  std::string as;
  std::string status;
  int limit = 50;
  std::int64_t id = 0;  // Also the demo's seed.
  std::string reasons;
  std::string member;
  std::string reject;
  bool open_only = false;
  std::string on;
};

// The alert list of `alerts list` and `platform alerts`.
Result<void> ListAlerts(Globals& globals, const Options& o) {
  store::AlertQuery query;
  query.limit = o.limit;
  if (o.open_only && !o.status.empty() && o.status != "open") {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("--open and --status '{}' contradict each other", o.status));
  }
  const std::string status = o.open_only ? "open" : o.status;
  if (!status.empty()) {
    query.status = domain::ParseAlertStatus(status);
    if (!query.status) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--status '{}': one of open, withdrawn, dismissed, case_opened", status));
    }
  }
  DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kReader));
  auto& [context, actor, platform] = command;
  DOCKET_TRY_ASSIGN(auto rows, platform.ListAlerts(actor, query));
  std::cout << fmt::format("{:>6}  {:<11}  {:<10}  {:<24} {:<32} {}\n", "ALERT", "STATUS", "DATE", "OFFICIAL", "EVENT",
                           "SANCTIONED");
  for (const domain::PlatformAlert& alert : rows) PrintAlertRow(alert);
  std::cout << fmt::format("{} alert{}\n", rows.size(), rows.size() == 1 ? "" : "s");
  return Ok();
}

// `alerts open-case` and `platform open-case`.
Result<void> OpenCase(Globals& globals, const Options& o) {
  DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kNamed));
  auto& [context, actor, platform] = command;
  app::IntakeService intake(*context->store, *context->workflow, context->clock, app::SystemRandomDigits);
  DOCKET_TRY_ASSIGN(app::OpenedCase opened, platform.OpenCase(actor, AlertId{o.id}, intake));
  std::cout << fmt::format("alert {}: {} case {} (docket case show {} --as {})\n", o.id,
                           opened.grouped ? "joined open" : "opened", opened.case_number, opened.case_number, o.as);
  return Ok();
}

}  // namespace

void RegisterRulesCommands(const CommandSet& commands) {
  auto options = std::make_shared<Options>();
  Options& o = *options;
  CLI::App& cli = commands.cli;
  Globals& globals = commands.globals;
  int& status = commands.status;

  CLI::App* import = cli.get_subcommand("import");
  CLI::App* import_sanctions = import->add_subcommand(
      "sanctions", "Import sanctions decided before docket (CSV: membership_number, kind, category, start, end, "
                   "published_on, ...)");
  commands.AddDb(import_sanctions);
  import_sanctions->add_option("FILE", o.file, "CSV file with a header row")->required();
  import_sanctions->add_flag("--partial", o.partial, "Commit the valid rows and list the rest (default: all or nothing)");
  import_sanctions->add_option("--as", o.as, "Attribute the import to this account (default: the local operator)");
  import_sanctions->callback(commands.Run([options, &globals, &status]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(std::string text, ReadFile(o.file));
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kImporter));
    auto& [context, actor, platform] = command;
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(app::SanctionImportReport report,
                      app::ImportSanctions(*context->store, platform, context->policy, actor, text, o.file,
                                           o.partial ? app::ImportMode::kPartial : app::ImportMode::kAllOrNothing,
                                           bar.Callback()));
    bar.Finish();
    PrintRowErrors(o.file, report.errors);
    if (!report.errors.empty() && !o.partial) {
      std::cerr << fmt::format("docket: {} bad row{}; nothing was imported (use --partial to import the valid rows)\n",
                               report.errors.size(), report.errors.size() == 1 ? "" : "s");
      status = kExitInvalid;
      return Ok();
    }
    std::cout << fmt::format("imported {} sanctions ({} already recorded); {}", report.imported,
                             report.already_recorded, Check(report.check));
    if (!report.errors.empty()) std::cout << fmt::format("; {} rows not imported (listed above)", report.errors.size());
    std::cout << "\n";
    if (!report.errors.empty()) status = kExitInvalid;
    return Ok();
  }));

  CLI::App* import_events = import->add_subcommand(
      "events", "Import events and who appeared at them (CSV, or iCalendar .ics) and check the platform rule");
  commands.AddDb(import_events);
  import_events->add_option("FILE", o.file, "A .csv file with a header row, or an .ics calendar")->required();
  import_events->add_flag("--partial", o.partial, "Commit the valid events and list the rest (default: all or nothing)");
  import_events->add_option("--as", o.as, "Attribute the import to this account (default: the local operator)");
  import_events->callback(commands.Run([options, &globals, &status]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(std::string text, ReadFile(o.file));
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, Importer(*context, o.as));
    bool calendar = o.file.size() >= 4 && (o.file.ends_with(".ics") || o.file.ends_with(".ICS"));
    app::ParsedEvents parsed;
    if (calendar) {
      DOCKET_TRY_ASSIGN(parsed, ical::ParseCalendar(text, o.file, context->schedule.zone));
    } else {
      DOCKET_TRY_ASSIGN(parsed, app::ParseEventsCsv(text, o.file, context->schedule.zone));
    }
    app::PlatformService platform(*context->store, context->policy, context->schedule.zone, context->clock);
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(app::EventImportReport report,
                      app::ImportEvents(*context->store, platform, actor, std::move(parsed),
                                        o.partial ? app::ImportMode::kPartial : app::ImportMode::kAllOrNothing,
                                        bar.Callback()));
    bar.Finish();
    PrintRowErrors(o.file, report.errors);
    if (!report.errors.empty() && !o.partial) {
      std::cerr << fmt::format("docket: {} bad {}; nothing was imported (use --partial to import the valid ones)\n",
                               report.errors.size(), calendar ? "entries" : "rows");
      status = kExitInvalid;
      return Ok();
    }
    std::cout << fmt::format("imported {} events ({} already known and updated) with {} appearances, {} unresolved "
                             "names; {}",
                             report.events, report.updated, report.appearances, report.unresolved,
                             Check(report.check));
    if (!report.errors.empty()) std::cout << fmt::format("; {} not imported (listed above)", report.errors.size());
    std::cout << "\n";
    for (AlertId id : report.check.raised_ids) std::cout << fmt::format("  alert {}: docket alerts show {}\n", id.value, id.value);
    if (report.unresolved > 0) std::cout << "  names to match: docket events unresolved\n";
    if (!report.errors.empty()) status = kExitInvalid;
    return Ok();
  }));

  CLI::App* alerts = cli.add_subcommand("alerts", "Alerts of the platform-sharing rule");
  alerts->require_subcommand(1);
  CLI::App* alerts_list = alerts->add_subcommand("list", "Alerts, newest first");
  commands.AddDb(alerts_list);
  alerts_list->add_option("--status", o.status, "open, withdrawn, dismissed or case_opened (default: all)");
  alerts_list->add_flag("--open", o.open_only, "Only open alerts (as --status open)");
  alerts_list->add_option("--limit", o.limit, "At most this many (1-1000)")->check(CLI::Range(1, 1000));
  alerts_list->add_option("--as", o.as, "Act as this user (default: the local operator, read-only)");
  alerts_list->callback(commands.Run([options, &globals]() -> Result<void> { return ListAlerts(globals, *options); }));
  CLI::App* alerts_show = alerts->add_subcommand("show", "One alert with its full explanation");
  commands.AddDb(alerts_show);
  alerts_show->add_option("ID", o.id, "Alert id")->required();
  alerts_show->add_option("--as", o.as, "Act as this user (default: the local operator, read-only)");
  alerts_show->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kReader));
    auto& [context, actor, platform] = command;
    DOCKET_TRY_ASSIGN(domain::PlatformAlert alert, platform.ShowAlert(actor, AlertId{o.id}));
    std::cout << fmt::format("Alert {} ({}, raised {})\n", alert.id.value, domain::Name(alert.status),
                             alert.raised_at.ToString());
    std::cout << alert.Explanation();
    return Ok();
  }));
  CLI::App* alerts_dismiss = alerts->add_subcommand("dismiss", "Dismiss an open alert with reasons (audited)");
  commands.AddDb(alerts_dismiss);
  alerts_dismiss->add_option("ID", o.id, "Alert id")->required();
  alerts_dismiss->add_option("--reasons", o.reasons, "Why (at least 20 characters)")->required();
  alerts_dismiss->add_option("--as", o.as, "The caseworker dismissing it")->required();
  alerts_dismiss->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kNamed));
    auto& [context, actor, platform] = command;
    DOCKET_TRY(platform.DismissAlert(actor, AlertId{o.id}, o.reasons));
    std::cout << fmt::format("alert {} dismissed\n", o.id);
    return Ok();
  }));
  auto add_open_case = [&](CLI::App* group) {
    CLI::App* open_case = group->add_subcommand(
        "open-case", "Open a platform-sharing case from an open alert: the official as respondent, the event attached");
    commands.AddDb(open_case);
    open_case->add_option("ID", o.id, "Alert id")->required();
    open_case->add_option("--as", o.as, "The caseworker opening it (recorded in the audit log)")->required();
    open_case->callback(commands.Run([options, &globals]() -> Result<void> { return OpenCase(globals, *options); }));
  };
  add_open_case(alerts);

  // The issue's own spelling: `docket platform alerts [--open]`.
  CLI::App* platform_group = cli.add_subcommand("platform", "The platform-sharing rule: alerts and the cases opened from them");
  platform_group->require_subcommand(1);
  CLI::App* platform_alerts = platform_group->add_subcommand("alerts", "Alerts, newest first (as `alerts list`)");
  commands.AddDb(platform_alerts);
  platform_alerts->add_flag("--open", o.open_only, "Only open alerts");
  platform_alerts->add_option("--status", o.status, "open, withdrawn, dismissed or case_opened (default: all)");
  platform_alerts->add_option("--limit", o.limit, "At most this many (1-1000)")->check(CLI::Range(1, 1000));
  platform_alerts->add_option("--as", o.as, "Act as this user (default: the local operator, read-only)");
  platform_alerts->callback(commands.Run([options, &globals]() -> Result<void> { return ListAlerts(globals, *options); }));
  add_open_case(platform_group);

  CLI::App* alerts_check = alerts->add_subcommand("check", "Run the rule over every event (a full scan) and reconcile the alerts");
  commands.AddDb(alerts_check);
  alerts_check->add_option("--as", o.as, "Attribute the scan to this account (default: the local operator)");
  alerts_check->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kImporter));
    auto& [context, actor, platform] = command;
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(app::CheckReport report, platform.FullScan(actor, bar.Callback()));
    bar.Finish();
    std::cout << fmt::format("checked {} events: {}\n", report.events_checked, Check(report));
    return Ok();
  }));

  CLI::App* events = cli.add_subcommand("events", "Events, who appeared at them, and matching names to members");
  events->require_subcommand(1);
  CLI::App* events_list = events->add_subcommand("list", "Events, newest first");
  commands.AddDb(events_list);
  events_list->add_option("--limit", o.limit, "At most this many (1-1000)")->check(CLI::Range(1, 1000));
  events_list->add_option("--as", o.as, "Act as this user (default: the local operator, read-only)");
  events_list->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kReader));
    auto& [context, actor, platform] = command;
    DOCKET_TRY_ASSIGN(auto rows, platform.ListEvents(actor, o.limit));
    for (const domain::Event& e : rows) {
      std::cout << fmt::format("{:>6}  {}  {:<40} {}\n", e.id.value, e.starts_at.ToString(), e.title.substr(0, 40),
                               e.place);
    }
    std::cout << fmt::format("{} event{}\n", rows.size(), rows.size() == 1 ? "" : "s");
    return Ok();
  }));
  CLI::App* events_show = events->add_subcommand("show", "One event: participants, candidates for unresolved names, alerts");
  commands.AddDb(events_show);
  events_show->add_option("ID", o.id, "Event id")->required();
  events_show->add_option("--as", o.as, "Act as this user (default: the local operator, read-only)");
  events_show->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kReader));
    auto& [context, actor, platform] = command;
    DOCKET_TRY_ASSIGN(app::EventView view, platform.ShowEvent(actor, EventId{o.id}));
    std::cout << fmt::format("Event {}: {}\n  when:   {} ({} local date)\n  where:  {}\n  source: {}\n", view.event.id.value,
                             view.event.title, view.event.starts_at.ToString(), view.date.ToString(),
                             view.event.place.empty() ? "-" : view.event.place, view.event.source);
    for (const std::string& link : view.event.links) std::cout << "  link:   " << link << "\n";
    std::cout << "  participants:\n";
    for (const app::AppearanceView& a : view.appearances) {
      std::cout << fmt::format("    [{}] {} as {}: {}{}\n", a.appearance.id.value, a.appearance.name,
                               domain::Name(a.appearance.role), domain::Name(a.appearance.match),
                               a.member_name.empty() ? "" : " = " + a.member_name);
      if (a.appearance.match == domain::MatchState::kUnresolved) PrintCandidates(a.candidates);
    }
    std::cout << "  alerts:\n";
    for (const domain::PlatformAlert& alert : view.alerts) PrintAlertRow(alert);
    return Ok();
  }));
  CLI::App* events_unresolved = events->add_subcommand("unresolved", "Names not yet matched to a member, with candidates");
  commands.AddDb(events_unresolved);
  events_unresolved->add_option("--limit", o.limit, "At most this many (1-1000)")->check(CLI::Range(1, 1000));
  events_unresolved->add_option("--as", o.as, "Act as this user (default: the local operator, read-only)");
  events_unresolved->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kReader));
    auto& [context, actor, platform] = command;
    DOCKET_TRY_ASSIGN(auto names, platform.UnresolvedNames(actor, o.limit));
    for (const app::UnresolvedView& n : names) {
      std::cout << fmt::format("  appearance {}: '{}' as {} at event {} \"{}\" ({})\n", n.appearance.id.value,
                               n.appearance.name, domain::Name(n.appearance.role), n.event.id.value, n.event.title,
                               n.event.starts_at.ToString());
      PrintCandidates(n.candidates);
    }
    std::cout << fmt::format("{} unresolved name{}\n", names.size(), names.size() == 1 ? "" : "s");
    return Ok();
  }));
  CLI::App* events_match = events->add_subcommand(
      "match", "Decide an unresolved name: --member NUMBER confirms a candidate, --reject REASON rejects them all");
  commands.AddDb(events_match);
  events_match->add_option("APPEARANCE", o.id, "Appearance id, as listed by `events unresolved`")->required();
  events_match->add_option("--member", o.member, "The membership number of the person meant");
  events_match->add_option("--reject", o.reject, "Why none of the candidates is the person meant");
  events_match->add_option("--as", o.as, "The caseworker deciding (recorded in the audit log)")->required();
  events_match->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    if (o.member.empty() == o.reject.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "give exactly one of --member NUMBER or --reject REASON");
    }
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kNamed));
    auto& [context, actor, platform] = command;
    if (!o.member.empty()) {
      DOCKET_TRY_ASSIGN(app::CheckReport report, platform.ConfirmMatch(actor, AppearanceId{o.id}, o.member));
      std::cout << fmt::format("appearance {} is member {}; {}\n", o.id, o.member, Check(report));
    } else {
      DOCKET_TRY_ASSIGN(app::CheckReport report, platform.RejectMatch(actor, AppearanceId{o.id}, o.reject));
      std::cout << fmt::format("appearance {}: no known member; {}\n", o.id, Check(report));
    }
    return Ok();
  }));

  CLI::App* events_demo = events->add_subcommand(
      "demo", "Add demo events (after `docket demo`): some raise alerts, some show the rule's edges");
  commands.AddDb(events_demo);
  events_demo->add_option("--events", o.limit, "Ordinary events besides the ones built around sanctions")
      ->check(CLI::Range(0, 1000000));
  events_demo->add_option("--seed", o.id, "Seed: the same seed, database and date give the same events");
  events_demo->add_option("--as-of", o.status, "Date the events run up to (YYYY-MM-DD, default today)");
  events_demo->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kNormal));
    app::DemoOptions demo;
    demo.seed = static_cast<std::uint64_t>(o.id);
    demo.now = context->clock.Now();
    if (!o.status.empty()) {
      DOCKET_TRY_ASSIGN(Date date, Date::Parse(o.status));
      demo.now = context->schedule.zone.StartOfDay(date).AddSeconds(17 * 3600);
    }
    FixedClock clock(demo.now);
    app::PlatformService platform(*context->store, context->policy, context->schedule.zone, clock);
    domain::Actor system{UserId{}, "system", "administrator", std::nullopt, "demo"};
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(app::DemoEventsReport report,
                      app::GenerateDemoEvents(*context->store, platform, system, {o.limit, demo.seed, demo.now},
                                              bar.Callback()));
    bar.Finish();
    std::cout << fmt::format("demo events: {} events, {} appearances, {} names to match; {}\n", report.events,
                             report.appearances, report.unresolved, Check(report.check));
    return Ok();
  }));

  CLI::App* offices = cli.add_subcommand("offices", "Offices members hold (the platform-sharing rule runs on each change)");
  offices->require_subcommand(1);
  CLI::App* office_add = offices->add_subcommand("add", "Record an office a member holds or held");
  commands.AddDb(office_add);
  office_add->add_option("MEMBER", o.member, "Membership number")->required();
  office_add->add_option("--kind", o.status, "The office's kind, e.g. mp, mayor, councillor")->required();
  office_add->add_option("--title", o.reasons, "Its title, e.g. 'MP for Northfield'")->required();
  office_add->add_option("--start", o.on, "First day held (YYYY-MM-DD)")->required();
  office_add->add_option("--end", o.reject, "Last day held (YYYY-MM-DD), if it has ended");
  office_add->add_option("--as", o.as, "Who records it")->required();
  office_add->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    domain::Office office;
    office.kind = o.status;
    office.title = o.reasons;
    auto start = Date::Parse(o.on);
    if (!start) return Fail(ErrorCode::kInvalidArgument, fmt::format("--start '{}': not a date (YYYY-MM-DD)", o.on));
    office.start = *start;
    if (!o.reject.empty()) {
      auto end = Date::Parse(o.reject);
      if (!end) return Fail(ErrorCode::kInvalidArgument, fmt::format("--end '{}': not a date (YYYY-MM-DD)", o.reject));
      office.end = *end;
    }
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kNamed));
    auto& [context, actor, platform] = command;
    DOCKET_TRY_ASSIGN(app::CheckReport report, platform.AddOffice(actor, o.member, office));
    std::cout << fmt::format("member {}: office '{}' recorded; {}\n", o.member, office.title, Check(report));
    return Ok();
  }));
  CLI::App* office_end = offices->add_subcommand("end", "Record the last day of an office a member still holds");
  commands.AddDb(office_end);
  office_end->add_option("MEMBER", o.member, "Membership number")->required();
  office_end->add_option("--title", o.reasons, "The office's title, as recorded")->required();
  office_end->add_option("--on", o.on, "Last day held (YYYY-MM-DD)")->required();
  office_end->add_option("--as", o.as, "Who records it")->required();
  office_end->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    auto on = Date::Parse(o.on);
    if (!on) return Fail(ErrorCode::kInvalidArgument, fmt::format("--on '{}': not a date (YYYY-MM-DD)", o.on));
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kNamed));
    auto& [context, actor, platform] = command;
    DOCKET_TRY_ASSIGN(app::CheckReport report, platform.EndOffice(actor, o.member, o.reasons, *on));
    std::cout << fmt::format("member {}: office '{}' ended on {}; {}\n", o.member, o.reasons, on->ToString(),
                             Check(report));
    return Ok();
  }));

  CLI::App* sanctions = cli.add_subcommand("sanctions", "Sanctions recorded outside a docket case");
  sanctions->require_subcommand(1);
  CLI::App* overturn = sanctions->add_subcommand("overturn", "Record that a sanction was overturned; withdraws its alerts");
  commands.AddDb(overturn);
  overturn->add_option("ID", o.id, "Sanction id (shown in alerts as #ID)")->required();
  overturn->add_option("--reason", o.reasons, "Why, e.g. the appeal's decision")->required();
  overturn->add_option("--as", o.as, "Who records it")->required();
  overturn->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kNamed));
    auto& [context, actor, platform] = command;
    DOCKET_TRY_ASSIGN(app::CheckReport report, platform.OverturnSanction(actor, SanctionId{o.id}, o.reasons));
    std::cout << fmt::format("sanction {} overturned; {}\n", o.id, Check(report));
    return Ok();
  }));
  CLI::App* publish = sanctions->add_subcommand(
      "publish", "Record the day a sanction was made public (the rule counts only public sanctions)");
  commands.AddDb(publish);
  publish->add_option("ID", o.id, "Sanction id")->required();
  publish->add_option("--on", o.on, "The day it was made public (YYYY-MM-DD)")->required();
  publish->add_option("--as", o.as, "Who records it")->required();
  publish->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    auto on = Date::Parse(o.on);
    if (!on) return Fail(ErrorCode::kInvalidArgument, fmt::format("--on '{}': not a date (YYYY-MM-DD)", o.on));
    DOCKET_TRY_ASSIGN(PlatformCommand command, OpenPlatform(globals, o.as, Who::kNamed));
    auto& [context, actor, platform] = command;
    DOCKET_TRY_ASSIGN(app::CheckReport report, platform.PublishSanction(actor, SanctionId{o.id}, *on));
    std::cout << fmt::format("sanction {} public from {}; {}\n", o.id, on->ToString(), Check(report));
    return Ok();
  }));
}

}  // namespace docket::cli
