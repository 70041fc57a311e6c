#include "cli/cli.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/account_service.hpp"
#include "app/case_service.hpp"
#include "app/demo.hpp"
#include "app/demo_events.hpp"
#include "app/demo_posts.hpp"
#include "app/directory.hpp"
#include "app/intake_service.hpp"
#include "app/member_import.hpp"
#include "app/panel_service.hpp"
#include "app/platform_service.hpp"
#include "app/recommendation_service.hpp"
#include "cli/audit_commands.hpp"
#include "cli/command_support.hpp"
#include "cli/post_commands.hpp"
#include "cli/progress_bar.hpp"
#include "cli/rules_commands.hpp"
#include "cli/store_commands.hpp"
#include "cli/report_commands.hpp"
#include "http/api/api.hpp"
#include "core/clock.hpp"
#include "domain/workflow.hpp"
#include "policy/calendar_file.hpp"
#include "policy/lexicon_loader.hpp"
#include "policy/policy_loader.hpp"
#include "store/audit_chain.hpp"
#include "store/store.hpp"

#ifndef DOCKET_DEFAULT_DATA_DIR
#define DOCKET_DEFAULT_DATA_DIR "/usr/share/docket"
#endif
#ifndef DOCKET_VERSION
#define DOCKET_VERSION "0.0.0"
#endif

namespace docket::cli {
namespace {

namespace fs = std::filesystem;

std::string Due(const app::QueueRow& row) {
  if (!row.status) return "-";
  switch (*row.status) {
    case DeadlineStatus::kPaused: return "paused";
    case DeadlineStatus::kBreached: return fmt::format("OVERDUE since {}", row.due_date->ToString().substr(5));
    case DeadlineStatus::kDueSoon: return fmt::format("due soon: {} wd", row.working_days_left);
    case DeadlineStatus::kOnTrack: return fmt::format("{} wd left", row.working_days_left);
  }
  return "-";
}

std::string Shorten(std::string_view text, std::size_t width) {
  if (text.size() <= width) return std::string(text);
  return std::string(text.substr(0, width - 3)) + "...";
}

void PrintQueue(const std::vector<app::QueueRow>& rows) {
  std::cout << fmt::format("{:<12} {:<15} {:<18} {:<16} {:<18} {}\n", "CASE", "STAGE", "CATEGORY", "ASSIGNEE",
                           "DEADLINE", "RESPONDENTS");
  for (const app::QueueRow& row : rows) {
    const store::CaseSummary& s = row.summary;
    std::cout << fmt::format("{:<12} {:<15} {:<18} {:<16} {:<18} {}{}\n", s.number, s.stage, s.category,
                             s.assignee.empty() ? "-" : s.assignee, Due(row), Shorten(s.respondent_names, 40),
                             s.interim_suspension ? " [interim suspension]" : "");
  }
  std::cout << fmt::format("{} case{}\n", rows.size(), rows.size() == 1 ? "" : "s");
}

void PrintCase(const app::CaseView& view, const domain::Policy& policy) {
  const domain::Case& c = view.c;
  const domain::Stage* stage = policy.FindStage(c.stage);
  std::cout << fmt::format("Case {}  ({})\n", c.number, policy.FindCategory(c.category)
                                                             ? policy.FindCategory(c.category)->title
                                                             : c.category);
  std::cout << fmt::format("  stage:      {}{}\n", stage ? stage->title : c.stage,
                           c.waiting ? fmt::format(" — {}", policy.FindWaiting(*c.waiting)
                                                                ? policy.FindWaiting(*c.waiting)->title
                                                                : *c.waiting)
                                     : "");
  std::cout << fmt::format("  opened:     {}\n", c.opened_at.ToString());
  std::cout << fmt::format("  assignee:   {}\n", c.assignee.empty() ? "-" : c.assignee);
  if (view.deadline) {
    const domain::DeadlineView& d = *view.deadline;
    std::string state;
    switch (d.status) {
      case DeadlineStatus::kBreached: state = fmt::format("BREACHED, {} working days ago", -d.working_days_left); break;
      case DeadlineStatus::kPaused: state = "paused while waiting; this date moves when the answer comes"; break;
      case DeadlineStatus::kDueSoon: state = fmt::format("due soon: {} working days left", d.working_days_left); break;
      case DeadlineStatus::kOnTrack: state = fmt::format("{} working days left", d.working_days_left); break;
    }
    std::cout << fmt::format("  deadline:   end of {} ({})\n", d.due_date.ToString(), state);
  }
  if (c.closed_at) std::cout << fmt::format("  closed:     {}\n", c.closed_at->ToString());
  std::cout << fmt::format("  version:    {}\n", c.version);
  std::cout << "  respondents:\n";
  for (const domain::Respondent& r : c.respondents) {
    std::cout << fmt::format("    - {}{}\n", r.name, r.member ? "" : " (not matched to a member)");
  }
  std::cout << "  complaints:\n";
  for (const domain::Complaint& complaint : view.complaints) {
    std::cout << fmt::format("    - received {} via {}, about {}: {}\n", complaint.received_at.ToString(),
                             domain::Name(complaint.channel), complaint.occurred_on.ToString(),
                             complaint.complainant ? "from " + complaint.complainant->name : "anonymous");
    std::cout << fmt::format("      \"{}\"\n", Shorten(complaint.description, 200));
  }
  if (view.out_of_time) {
    std::cout << fmt::format("  note:       brought after the time limit of {} months\n",
                             policy.complaint_time_limit_months);
  }
  if (c.interim) {
    std::cout << fmt::format("  interim suspension since {}, review due {}\n", c.interim->imposed_at.ToString(),
                             c.interim->review_due.ToString());
  }
  if (c.decision) {
    std::cout << fmt::format("  decision:   {}{} by {} on {}\n              {}\n", c.decision->outcome,
                             c.decision->term_months ? fmt::format(" ({} months)", *c.decision->term_months) : "",
                             c.decision->decided_by, c.decision->decided_at.ToString(), c.decision->reasons);
  }
  if (c.appeal) {
    std::cout << fmt::format("  appeal:     lodged {}: {}\n", c.appeal->lodged_at.ToString(), c.appeal->grounds);
    if (c.appeal->upheld) {
      std::cout << fmt::format("              {} by {}: {}\n", *c.appeal->upheld ? "upheld" : "dismissed",
                               c.appeal->decided_by, c.appeal->reasons);
    }
  }
  std::cout << "  history:\n";
  for (const domain::CaseEvent& e : *view.events) {
    std::cout << fmt::format("    {}  {:<30} {} ({}){}\n", e.at.ToString(), e.action, e.actor, e.role,
                             e.from_stage != e.to_stage && !e.from_stage.empty()
                                 ? fmt::format("  {} -> {}", e.from_stage, e.to_stage)
                                 : "");
    for (const auto& [name, value] : e.fields) std::cout << fmt::format("        {}: {}\n", name, Shorten(value, 100));
  }
  if (stage && !stage->checklist.empty() && !c.closed_at) {
    std::cout << "  checklist for this stage:\n";
    for (const std::string& item : stage->checklist) std::cout << "    [ ] " << item << "\n";
  }
  std::cout << "  actions you may take now:";
  if (view.allowed_actions.empty()) std::cout << " none";
  std::cout << "\n";
  for (const domain::Action* action : view.allowed_actions) {
    std::string needs;
    for (const std::string& field : action->requires_fields) needs += (needs.empty() ? "" : ", ") + field;
    std::cout << fmt::format("    {:<30} {}{}\n", action->id, action->title,
                             needs.empty() ? "" : fmt::format("  [requires: {}]", needs));
  }
}

// A new organisation starts from the shipped reports' recommendations
// (data/recommendations/*.csv under the data folder), imported once: when
// the tracker holds no report yet. Returns how many were imported.
Result<std::int64_t> ImportShippedRecommendations(Context& context, const std::string& data_dir) {
  app::RecommendationService tracker(*context.store, context.schedule, context.clock);
  DOCKET_TRY_ASSIGN(std::vector<app::ReportProgress> reports, tracker.Progress());
  if (!reports.empty()) return 0;
  const fs::path folder = fs::path(data_dir) / "recommendations";
  std::vector<fs::path> files;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    if (entry.path().extension() == ".csv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  domain::Actor system{UserId{}, "system", "administrator", std::nullopt, "init"};
  std::int64_t imported = 0;
  for (const fs::path& file : files) {
    DOCKET_TRY_ASSIGN(std::string text, ReadFile(file.string()));
    DOCKET_TRY_ASSIGN(app::RecommendationImport done, tracker.Import(system, text, file.string()));
    imported += done.recommendations;
  }
  return imported;
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App cli{"docket: complaints and disciplinary cases, handled fast, fairly, independently and visibly"};
  cli.require_subcommand(1);
  cli.set_help_all_flag("--help-all", "Every subcommand's help");
  Globals globals;
  int status = kExitOk;
  CommandSet commands{cli, globals, status};
  auto add_db = [&](CLI::App* command) { commands.AddDb(command); };
  auto run = [&](auto&& body) {
    return [&, body]() {
      Result<void> done = body();
      if (!done) status = Report(done.error());
    };
  };

  CLI::App* version = cli.add_subcommand("version", "Print the version");
  version->callback([] { std::cout << "docket " << DOCKET_VERSION << "\n"; });

  CLI::App* init = cli.add_subcommand("init", "Create the database (or migrate it to this version's schema)");
  add_db(init);
  init->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(std::int64_t recommendations, ImportShippedRecommendations(*context, globals.data_dir));
    std::cout << fmt::format("{} ready (schema version {})\n", context->store->Describe(),
                             context->store->SchemaVersion());
    if (recommendations > 0) {
      std::cout << fmt::format("recommendations tracker: {} recommendations of the shipped reports (docket recs list)\n",
                               recommendations);
    }
    return Ok();
  }));

  app::DemoOptions demo_options;
  std::string as_of;
  CLI::App* demo = cli.add_subcommand("demo", "Fill an empty database with a realistic demo organisation");
  add_db(demo);
  demo->add_option("--members", demo_options.members, "Members to create")->check(CLI::Range(10, 5000000));
  demo->add_option("--cases", demo_options.cases, "Cases to create")->check(CLI::Range(0, 2000000));
  demo->add_option("--seed", demo_options.seed, "Seed: the same seed and date give the same organisation");
  demo->add_option("--as-of", as_of, "Date the demo runs up to (YYYY-MM-DD, default today)");
  demo->callback(run([&]() -> Result<void> {
    // Bulk generation commits once at the end; NORMAL sync is safe in WAL
    // mode and an interrupted demo leaves the database empty anyway.
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kNormal));
    demo_options.now = context->clock.Now();
    if (!as_of.empty()) {
      DOCKET_TRY_ASSIGN(Date date, Date::Parse(as_of));
      demo_options.now = context->schedule.zone.StartOfDay(date).AddSeconds(17 * 3600);
    }
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(app::DemoReport report,
                      app::GenerateDemo(*context->store, *context->workflow, demo_options, bar.Callback()));
    bar.Finish();
    std::cout << fmt::format(
        "demo organisation in {}: {} members ({} elected officials), {} accounts, {} cases ({} open), {} case "
        "events, {} sanctions\n",
        context->store->Describe(), report.members, report.officials, report.users, report.cases, report.open_cases,
        report.events, report.sanctions);
    // Meetings and rallies with the organisation's officials on their
    // platforms, so the platform-sharing rule has alerts to show. A demo too
    // small to hold a published sanction the rule lists gets none.
    FixedClock events_clock(demo_options.now);
    app::PlatformService platform(*context->store, context->policy, context->schedule.zone, events_clock);
    domain::Actor system{UserId{}, "system", "administrator", std::nullopt, "demo"};
    ProgressBar events_bar;
    auto events = app::GenerateDemoEvents(*context->store, platform, system,
                                          {300, demo_options.seed, demo_options.now}, events_bar.Callback());
    events_bar.Finish();
    if (events) {
      std::cout << fmt::format("demo events: {} events, {} appearances, {} names to match; {} alerts raised\n",
                               events->events, events->appearances, events->unresolved, events->check.raised);
    } else if (events.error().code == ErrorCode::kFailedPrecondition) {
      std::cout << fmt::format("no demo events: {}\n", events.error().message);
    } else {
      return Fail(events.error());
    }
    // Reported social-media posts: triage, duplicates, candidate links and a case's posts to look at.
    DOCKET_TRY_ASSIGN(domain::Lexicon lexicon,
                      policy::LoadLexicon(policy::LexiconFile(globals.data_dir, "")));
    DOCKET_TRY_ASSIGN(rules::Triage triage, rules::Triage::Create(std::move(lexicon)));
    app::PostService post_service(*context->store, triage, events_clock);
    domain::Actor unit{UserId{}, app::DemoStaff::kCaseworker, "caseworker", std::nullopt, "demo"};
    auto demo_posts = app::GenerateDemoPosts(*context->store, post_service, unit, demo_options.now);
    if (demo_posts) {
      std::cout << fmt::format("demo posts: {} posts ({} duplicates), {} flagged, {} in case files; {} accounts with "
                               "candidate members\n",
                               demo_posts->imported, demo_posts->duplicates, demo_posts->flagged, demo_posts->attached,
                               demo_posts->proposed);
    } else if (demo_posts.error().code == ErrorCode::kFailedPrecondition) {
      std::cout << fmt::format("no demo posts: {}\n", demo_posts.error().message);
    } else {
      return Fail(demo_posts.error());
    }
    DOCKET_TRY_ASSIGN(std::int64_t recommendations, ImportShippedRecommendations(*context, globals.data_dir));
    if (recommendations > 0) {
      std::cout << fmt::format("recommendations tracker: {} recommendations of the shipped reports\n", recommendations);
    }
    std::cout << fmt::format("staff accounts: {} (caseworker), {} (investigator), {} (panel), {} (appeal panel), {} "
                             "(oversight); password '{}' (demo only)\n",
                             app::DemoStaff::kCaseworker, app::DemoStaff::kInvestigator, app::DemoStaff::kPanelMember,
                             app::DemoStaff::kAppealPanel, app::DemoStaff::kOversight, app::DemoStaff::kPassword);
    return Ok();
  }));

  CLI::App* import = cli.add_subcommand("import", "Import data from files");
  import->require_subcommand(1);
  std::string import_file;
  bool partial = false;
  CLI::App* import_members = import->add_subcommand("members", "Import a membership list (CSV)");
  add_db(import_members);
  import_members->add_option("FILE", import_file, "CSV file with a header row")->required();
  import_members->add_flag("--partial", partial, "Commit the valid rows and list the rest (default: all or nothing)");
  import_members->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(std::string text, ReadFile(import_file));
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(app::ImportReport report,
                      app::ImportMembers(*context->store, text, import_file,
                                         partial ? app::ImportMode::kPartial : app::ImportMode::kAllOrNothing,
                                         bar.Callback()));
    bar.Finish();
    for (const app::RowError& error : report.errors) {
      std::cerr << fmt::format("{}:{}: {}\n", import_file, error.line, error.message);
    }
    if (!report.errors.empty() && !partial) {
      std::cerr << fmt::format("docket: {} bad row{}; nothing was imported (use --partial to import the valid rows)\n",
                               report.errors.size(), report.errors.size() == 1 ? "" : "s");
      status = kExitInvalid;
      return Ok();
    }
    std::cout << fmt::format("imported {} members with {} offices", report.imported, report.offices);
    if (!report.errors.empty()) std::cout << fmt::format("; {} rows not imported (listed above)", report.errors.size());
    std::cout << "\n";
    if (!report.errors.empty()) status = kExitInvalid;
    return Ok();
  }));

  CLI::App* case_cmd = cli.add_subcommand("case", "Work with cases");
  case_cmd->require_subcommand(1);
  std::string as;
  store::CaseQuery query;
  std::string stage, category, assignee;
  bool overdue = false;
  CLI::App* list = case_cmd->add_subcommand("list", "The queue: open cases, most urgent first");
  add_db(list);
  list->add_option("--stage", stage, "Only this stage");
  list->add_option("--category", category, "Only this category");
  list->add_option("--assignee", assignee, "Only cases assigned to this user");
  list->add_flag("--overdue", overdue, "Only cases past their stage deadline");
  list->add_option("--limit", query.limit, "At most this many rows (1-500, default 50)")->check(CLI::Range(1, 500));
  list->add_option("--as", as, "Act as this user (default: the local operator, read-only)");
  list->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    if (!stage.empty()) {
      if (context->policy.FindStage(stage) == nullptr) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("--stage: the policy has no stage '{}'", stage));
      }
      query.stage = stage;
    }
    if (!category.empty()) query.category = category;
    if (!assignee.empty()) query.assignee = assignee;
    if (overdue) query.due_before = context->clock.Now();
    DOCKET_TRY_ASSIGN(domain::Actor actor, ResolveActor(*context, as));
    app::CaseService cases(*context->store, *context->workflow, context->clock);
    DOCKET_TRY_ASSIGN(auto rows, cases.Queue(actor, query));
    PrintQueue(rows);
    return Ok();
  }));

  std::string case_ref;
  CLI::App* show = case_cmd->add_subcommand("show", "One case in full: parties, deadline, history, allowed actions");
  add_db(show);
  show->add_option("ID", case_ref, "Case number (2026-000123) or id")->required();
  show->add_option("--as", as, "Act as this user (default: the local operator, read-only)");
  show->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, ResolveActor(*context, as));
    app::CaseService cases(*context->store, *context->workflow, context->clock);
    DOCKET_TRY_ASSIGN(app::CaseView view, cases.Show(actor, case_ref));
    PrintCase(view, context->policy);
    return Ok();
  }));

  std::string action;
  std::vector<std::string> field_args;
  std::int64_t expected_version = 0;
  CLI::App* act = case_cmd->add_subcommand("act", "Take an action on a case, as a user");
  add_db(act);
  act->add_option("ID", case_ref, "Case number or id")->required();
  act->add_option("ACTION", action, "Action id, as listed by `case show`")->required();
  act->add_option("--as", as, "The user taking the action")->required();
  act->add_option("--field,-f", field_args, "A field of the action: NAME=VALUE (repeatable)");
  act->add_option("--if-version", expected_version, "Refuse (exit 3) unless the case is still at this version");
  act->callback(run([&]() -> Result<void> {
    domain::FieldMap fields;
    for (const std::string& arg : field_args) {
      auto eq = arg.find('=');
      if (eq == std::string::npos || eq == 0) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("--field '{}': expected NAME=VALUE", arg));
      }
      fields[arg.substr(0, eq)] = arg.substr(eq + 1);
    }
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, app::ActorFor(*context->store, context->policy, as));
    app::CaseService cases(*context->store, *context->workflow, context->clock);
    app::PlatformService platform(*context->store, context->policy, context->schedule.zone, context->clock);
    cases.WatchSanctions(platform.SanctionWatcher());
    std::optional<std::int64_t> version;
    if (expected_version > 0) version = expected_version;
    DOCKET_TRY_ASSIGN(app::CaseView view, cases.Act(actor, case_ref, action, fields, version));
    const domain::Stage* now_in = context->policy.FindStage(view.c.stage);
    std::cout << fmt::format("case {}: '{}' done; stage is now '{}' ({}), version {}\n", view.c.number, action,
                             view.c.stage, now_in ? now_in->title : view.c.stage, view.c.version);
    return Ok();
  }));

  std::string seat_user;
  bool appeal_seat = false;
  CLI::App* seat = case_cmd->add_subcommand("seat", "Seat a panel member (or, with --appeal, an appeal panel member)");
  add_db(seat);
  seat->add_option("ID", case_ref, "Case number")->required();
  seat->add_option("USERNAME", seat_user, "Who sits")->required();
  seat->add_flag("--appeal", appeal_seat, "A seat on the appeal panel");
  seat->add_option("--as", as, "The caseworker seating the panel")->required();
  seat->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, app::ActorFor(*context->store, context->policy, as));
    app::PanelService panels(*context->store, *context->workflow, context->clock);
    DOCKET_TRY(panels.Seat(actor, case_ref, seat_user, appeal_seat ? domain::PanelKind::kAppeal : domain::PanelKind::kPanel));
    std::cout << fmt::format("'{}' now sits on the {} of case {}\n", seat_user, appeal_seat ? "appeal panel" : "panel",
                             case_ref);
    return Ok();
  }));
  std::string recusal_reason;
  CLI::App* recuse = case_cmd->add_subcommand("recuse", "Step aside from a case (recorded)");
  add_db(recuse);
  recuse->add_option("ID", case_ref, "Case number")->required();
  recuse->add_option("--as", as, "Who steps aside")->required();
  recuse->add_option("--reason", recusal_reason, "Why")->required();
  recuse->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, app::ActorFor(*context->store, context->policy, as));
    app::PanelService panels(*context->store, *context->workflow, context->clock);
    DOCKET_TRY(panels.Recuse(actor, case_ref, recusal_reason));
    std::cout << fmt::format("'{}' stepped aside from case {}\n", as, case_ref);
    return Ok();
  }));

  CLI::App* sla = cli.add_subcommand("sla", "Deadlines");
  sla->require_subcommand(1);
  CLI::App* sla_overdue = sla->add_subcommand("overdue", "Every breached stage deadline and overdue suspension review");
  add_db(sla_overdue);
  sla_overdue->add_option("--as", as, "Act as this user (default: the local operator, read-only)");
  sla_overdue->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, ResolveActor(*context, as));
    app::CaseService cases(*context->store, *context->workflow, context->clock);
    DOCKET_TRY_ASSIGN(auto items, cases.Overdue(actor));
    std::cout << fmt::format("{:<12} {:<34} {:<11} {:>8}  {}\n", "CASE", "OVERDUE", "DUE", "WD OVER", "ASSIGNEE");
    for (const app::OverdueItem& item : items) {
      std::cout << fmt::format("{:<12} {:<34} {:<11} {:>8}  {}\n", item.case_number, item.what, item.due.ToString(),
                               item.working_days_over, item.assignee.empty() ? "-" : item.assignee);
    }
    std::cout << fmt::format("{} overdue\n", items.size());
    return Ok();
  }));

  CLI::App* policy_cmd = cli.add_subcommand("policy", "Policy files");
  policy_cmd->require_subcommand(1);
  std::string policy_file;
  CLI::App* check = policy_cmd->add_subcommand("check", "Validate a policy file; every error with line and column");
  check->add_option("FILE", policy_file, "Policy file (TOML)")->required();
  check->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(std::string text, ReadFile(policy_file));
    std::vector<policy::Diagnostic> diagnostics = policy::CheckPolicy(text, policy_file);
    for (const policy::Diagnostic& d : diagnostics) std::cerr << d.ToString() << "\n";
    if (!diagnostics.empty()) {
      std::cerr << fmt::format("{}: {} error{}\n", policy_file, diagnostics.size(), diagnostics.size() == 1 ? "" : "s");
      status = kExitInvalid;
      return Ok();
    }
    std::cout << fmt::format("{}: ok\n", policy_file);
    return Ok();
  }));

  CLI::App* audit = cli.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand("verify", "Recompute the whole hash chain; name the first record that fails");
  add_db(verify);
  verify->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(store::ChainCheck check,
                      store::VerifyChain(*context->store, [&](std::int64_t n) { bar.Update("verifying", n, 0); }));
    bar.Finish();
    if (check.first_bad_seq) {
      std::cerr << fmt::format("docket: audit chain broken at record {}: {}\n", *check.first_bad_seq, check.problem);
      std::cerr << fmt::format("docket: records 1 to {} verify; everything from record {} on is suspect\n",
                               *check.first_bad_seq - 1, *check.first_bad_seq);
      status = kExitInvalid;
      return Ok();
    }
    std::cout << fmt::format("audit chain verified: {} records, unbroken\n", check.records);
    return Ok();
  }));
  std::string audit_case, audit_actor;
  int audit_limit = 100;
  RegisterAuditExport(commands, audit);
  CLI::App* audit_log = audit->add_subcommand("log", "Who accessed a case, or everything one account did");
  add_db(audit_log);
  audit_log->add_option("--case", audit_case, "Case number");
  audit_log->add_option("--actor", audit_actor, "User name");
  audit_log->add_option("--limit", audit_limit, "At most this many records, newest first")->check(CLI::Range(1, 100000));
  audit_log->callback(run([&]() -> Result<void> {
    if (audit_case.empty() == audit_actor.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "give exactly one of --case or --actor");
    }
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    std::vector<domain::AuditRecord> records;
    {
      DOCKET_TRY_ASSIGN(auto tx, context->store->Begin(store::TransactionMode::kRead));
      if (!audit_case.empty()) {
        DOCKET_TRY_ASSIGN(records, tx->Audit().ForObject("case", audit_case, audit_limit));
      } else {
        DOCKET_TRY_ASSIGN(records, tx->Audit().ForActor(audit_actor, audit_limit));
      }
    }
    // Reading the log is itself on the log.
    domain::Actor operator_actor{UserId{}, "cli:" + UnixUser(), "oversight", std::nullopt, "cli"};
    DOCKET_TRY(context->store->Write([&](store::Transaction& tx) -> Result<void> {
      domain::AuditRecord record;
      record.at = context->clock.Now();
      record.actor = operator_actor.username;
      record.role = operator_actor.role;
      record.action = "audit.read";
      record.object_type = audit_case.empty() ? "user" : "case";
      record.object_id = audit_case.empty() ? audit_actor : audit_case;
      record.origin = "cli";
      DOCKET_TRY(tx.Audit().Append(record));
      return Ok();
    }));
    std::cout << fmt::format("{:>7}  {:<20} {:<24} {:<16} {:<16} {:<14} {:<10} {}\n", "SEQ", "AT", "ACTOR", "ROLE",
                             "ACTION", "OBJECT", "FROM", "DETAIL");
    for (const domain::AuditRecord& r : records) {
      std::cout << fmt::format("{:>7}  {:<20} {:<24} {:<16} {:<16} {:<14} {:<10} {}\n", r.seq, r.at.ToString(),
                               r.actor, r.role, r.action, r.object_id, r.origin, r.detail);
    }
    std::cout << fmt::format("{} record{}\n", records.size(), records.size() == 1 ? "" : "s");
    return Ok();
  }));

  CLI::App* user = cli.add_subcommand("user", "Accounts");
  user->require_subcommand(1);
  store::User new_user;
  std::string member_number;
  CLI::App* user_add = user->add_subcommand("add", "Create an account");
  add_db(user_add);
  user_add->add_option("USERNAME", new_user.username, "User name")->required();
  user_add->add_option("--role", new_user.role, "A role of the policy (caseworker, investigator, ...)")->required();
  user_add->add_option("--name", new_user.display_name, "Display name");
  user_add->add_option("--member", member_number, "Membership number, for respondents and complainants");
  user_add->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    if (new_user.display_name.empty()) new_user.display_name = new_user.username;
    if (!member_number.empty()) {
      DOCKET_TRY_ASSIGN(auto tx, context->store->Begin(store::TransactionMode::kRead));
      DOCKET_TRY_ASSIGN(domain::Member member, tx->Members().FindByNumber(member_number));
      new_user.member = member.id;
    }
    DOCKET_TRY(app::AddUser(*context->store, context->policy, new_user));
    std::cout << fmt::format("account '{}' created with role '{}'\n", new_user.username, new_user.role);
    return Ok();
  }));
  std::string target_user, new_role;
  CLI::App* user_role = user->add_subcommand("role", "Change an account's role (ends its sessions)");
  add_db(user_role);
  user_role->add_option("USERNAME", target_user, "User name")->required();
  user_role->add_option("ROLE", new_role, "A role of the policy")->required();
  user_role->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    app::AccountService accounts(*context->store, context->policy, context->clock);
    DOCKET_TRY(accounts.ChangeRole(target_user, new_role));
    std::cout << fmt::format("'{}' now has role '{}'\n", target_user, new_role);
    return Ok();
  }));
  CLI::App* user_reset = user->add_subcommand(
      "reset", "Give an account a new random password, remove its second factor and clear its login delay");
  add_db(user_reset);
  user_reset->add_option("USERNAME", target_user, "User name")->required();
  user_reset->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    app::AccountService accounts(*context->store, context->policy, context->clock);
    DOCKET_TRY_ASSIGN(std::string password, accounts.ResetCredentials(target_user));
    std::cout << fmt::format("new password for '{}': {}\n", target_user, password);
    std::cout << fmt::format("staff must set up a second factor next: docket user totp {}\n", target_user);
    return Ok();
  }));
  CLI::App* user_password = user->add_subcommand("password", "Set an account's password, read from standard input");
  add_db(user_password);
  user_password->add_option("USERNAME", target_user, "User name")->required();
  user_password->callback(run([&]() -> Result<void> {
    std::string password;
    std::getline(std::cin, password);
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    app::AccountService accounts(*context->store, context->policy, context->clock);
    DOCKET_TRY(accounts.SetPassword(target_user, password));
    std::cout << fmt::format("password set for '{}'\n", target_user);
    return Ok();
  }));
  std::string totp_code;
  CLI::App* user_totp = user->add_subcommand(
      "totp", "Set up an account's second factor; with --confirm CODE, finish setting it up");
  add_db(user_totp);
  user_totp->add_option("USERNAME", target_user, "User name")->required();
  user_totp->add_option("--confirm", totp_code, "A code from the authenticator app");
  user_totp->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    app::AccountService accounts(*context->store, context->policy, context->clock);
    if (!totp_code.empty()) {
      DOCKET_TRY(accounts.ConfirmTotp(target_user, totp_code));
      std::cout << fmt::format("second factor confirmed for '{}'\n", target_user);
      return Ok();
    }
    DOCKET_TRY_ASSIGN(app::TotpEnrolment enrolment, accounts.StartTotp(target_user));
    std::cout << fmt::format("secret (enter it in an authenticator app): {}\n", enrolment.secret_base32);
    std::cout << fmt::format("or scan this URI as a QR code: {}\n", enrolment.uri);
    std::cout << fmt::format("then confirm with: docket user totp {} --confirm CODE\n", target_user);
    return Ok();
  }));
  std::string token_name;
  std::vector<std::string> token_scopes;
  CLI::App* user_token = user->add_subcommand("token", "Issue an API token (shown once)");
  add_db(user_token);
  user_token->add_option("USERNAME", target_user, "User name")->required();
  user_token->add_option("--name", token_name, "What the token is for")->required();
  user_token->add_option("--scope", token_scopes, "cases:read, cases:write, complaints:write, members:read, members:write, audit:read")
      ->required();
  user_token->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    app::AccountService accounts(*context->store, context->policy, context->clock);
    DOCKET_TRY_ASSIGN(app::IssuedToken issued, accounts.CreateApiToken(target_user, token_name, token_scopes));
    std::cout << issued.token << "\n";
    std::cerr << "docket: keep this token now; it is stored hashed and cannot be shown again\n";
    return Ok();
  }));
  std::string interest_kind, interest_value;
  CLI::App* user_interest = user->add_subcommand("interest", "Declare an interest (branch, faction or person)");
  add_db(user_interest);
  user_interest->add_option("USERNAME", target_user, "Whose interest")->required();
  user_interest->add_option("KIND", interest_kind, "branch, faction or person")->required();
  user_interest->add_option("VALUE", interest_value, "The branch, faction, or a person's membership number or name")
      ->required();
  user_interest->add_option("--as", as, "Who records it (the user themself, or an administrator)")->required();
  user_interest->callback(run([&]() -> Result<void> {
    auto kind = domain::ParseInterestKind(interest_kind);
    if (!kind) return Fail(ErrorCode::kInvalidArgument, fmt::format("KIND '{}': one of branch, faction, person", interest_kind));
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, app::ActorFor(*context->store, context->policy, as));
    app::PanelService panels(*context->store, *context->workflow, context->clock);
    DOCKET_TRY(panels.DeclareInterest(actor, target_user, *kind, interest_value));
    std::cout << fmt::format("interest recorded for '{}': {} {}\n", target_user, interest_kind, interest_value);
    return Ok();
  }));
  CLI::App* user_list = user->add_subcommand("list", "List accounts");
  add_db(user_list);
  user_list->callback(run([&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(auto tx, context->store->Begin(store::TransactionMode::kRead));
    DOCKET_TRY_ASSIGN(auto users, tx->Users().List());
    for (const store::User& u : users) {
      std::cout << fmt::format("{:<24} {:<18} {}{}\n", u.username, u.role, u.display_name, u.active ? "" : " (disabled)");
    }
    return Ok();
  }));

  RegisterReportCommands(commands);

  http::api::ServeOptions serve_options;
  CLI::App* serve = cli.add_subcommand("serve", "Serve the JSON API (and the web app) over HTTP until SIGTERM or SIGINT");
  add_db(serve);
  serve->add_option("--listen", serve_options.listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->add_option("--web", serve_options.web_dir, "Folder of the built web app, served for paths outside /api/");
  serve->add_option("--evidence-dir", serve_options.evidence_dir,
                    "Folder of evidence files (default: evidence/ next to a SQLite database; give it for PostgreSQL)");
  serve->add_option("--lexicon", serve_options.lexicon,
                    "The triage lexicon (default: DATA_DIR/lexicon/antisemitism.toml)");
  serve->add_option("--complaints-per-minute", serve_options.complaints_per_minute,
                    "Public complaints accepted per client address per minute (default 30)")
      ->check(CLI::Range(1, 1000000));
  serve->add_option("--workers", serve_options.workers,
                    "Threads for database work and password hashing (default 32: most of them wait on the disk)")
      ->check(CLI::Range(1, 1024));
  serve->add_option("--trusted-proxy", serve_options.trusted_proxies,
                    "IP address of a reverse proxy in front of docket (repeatable): for its requests the client is "
                    "the last address of X-Forwarded-For, for rate limits, login delays and the audit");
  serve->add_flag("--secure-cookies", serve_options.secure_cookies,
                  "Mark the session cookie Secure (set it whenever docket is reached over HTTPS)");
  serve->callback([&] {
    serve_options.db_url = globals.db;
    serve_options.policy = PolicyPath(globals);
    serve_options.data_dir = globals.data_dir;
    status = http::api::Serve(serve_options);
  });

  RegisterRulesCommands(commands);
  RegisterPostCommands(commands);
  RegisterStoreCommands(commands);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);
    return kExitUsage;
  }
  return status;
}

}  // namespace docket::cli
