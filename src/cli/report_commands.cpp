#include "cli/report_commands.hpp"

#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/recommendation_service.hpp"
#include "app/report_service.hpp"
#include "reporting/chart_library.hpp"
#include "reporting/render.hpp"

namespace docket::cli {
namespace {

// Option values live as long as the parsed command line, so each group
// owns them through a shared pointer its callbacks hold.
struct ReportOptions {
  std::string period;
  std::string format;
  std::string output;
  std::string as;
  std::string file;
  std::string id;
  std::string status;
  std::string reason;
  std::string evidence;
  bool overdue = false;
};

Result<void> Emit(const std::string& text, const std::string& output) {
  if (output.empty() || output == "-") {
    std::cout << text;
    return Ok();
  }
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(ErrorCode::kUnavailable, fmt::format("cannot write '{}'", output));
  out << text;
  out.close();
  if (!out) return Fail(ErrorCode::kUnavailable, fmt::format("writing '{}' failed", output));
  std::cerr << fmt::format("wrote {} ({} bytes)\n", output, text.size());
  return Ok();
}

// Whoever holds the database file can change it anyway, so writing
// commands without --as act as the local operator in the administrator role.
Result<domain::Actor> WritingActor(Context& context, const std::string& as) {
  if (as.empty()) return domain::Actor{UserId{}, "cli:" + UnixUser(), "administrator", std::nullopt};
  return ResolveActor(context, as);
}

void PrintRecommendation(const app::RecommendationView& view, bool history) {
  const store::Recommendation& r = view.recommendation;
  std::cout << fmt::format("{}/{}  [{}{}]  {}\n", r.report_key, r.number, r.status, view.overdue ? ", OVERDUE" : "",
                           r.theme);
  std::cout << fmt::format("  {}\n", r.text);
  std::cout << fmt::format("  owner: {}  due: {}{}\n", r.owner.empty() ? "-" : r.owner,
                           r.due ? r.due->ToString() : "-", r.source.empty() ? "" : "  source: " + r.source);
  if (!history) return;
  for (const store::RecommendationChange& change : view.history) {
    std::cout << fmt::format("  {} {} -> {} by {}: {}\n", change.at.ToString(), change.from_status, change.to_status,
                             change.changed_by, change.reason);
    if (!change.evidence.empty()) std::cout << fmt::format("      evidence: {}\n", change.evidence);
  }
}

}  // namespace

void RegisterReportCommands(const CommandSet& commands) {
  auto options = std::make_shared<ReportOptions>();
  Globals& globals = commands.globals;

  CLI::App* report = commands.cli.add_subcommand("report", "Transparency: the public report and oversight statistics");
  report->require_subcommand(1);

  CLI::App* transparency = report->add_subcommand(
      "transparency", "The public report of a period: small numbers suppressed, no names, free text or branches");
  commands.AddDb(transparency);
  transparency->add_option("--period", options->period, "YYYY, YYYYQn, YYYYHn or YYYY-MM")->required();
  transparency->add_option("--format", options->format, "html, json or csv")
      ->required()
      ->check(CLI::IsMember({"html", "json", "csv"}));
  transparency->add_option("--output", options->output, "Write to this file instead of standard output");
  transparency->callback(commands.Run([options, &globals]() -> Result<void> {
    DOCKET_TRY_ASSIGN(reporting::Period period, reporting::Period::Parse(options->period));
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    app::ReportService reports(*context->store, *context->workflow, context->clock);
    DOCKET_TRY_ASSIGN(reporting::TransparencyReport report, reports.Transparency(period));
    const std::string text = options->format == "json"  ? reporting::TransparencyJson(report) + "\n"
                             : options->format == "csv" ? reporting::TransparencyCsv(report)
                                                        : reporting::TransparencyHtml(report, context->policy.name,
                                                                                     reporting::ChartLibraryScript());
    return Emit(text, options->output);
  }));

  CLI::App* statistics = report->add_subcommand(
      "statistics", "A period's full statistics for oversight (not suppressed: never publish them)");
  commands.AddDb(statistics);
  statistics->add_option("--period", options->period, "YYYY, YYYYQn, YYYYHn or YYYY-MM")->required();
  statistics->add_option("--format", options->format, "json or csv")
      ->required()
      ->check(CLI::IsMember({"json", "csv"}));
  statistics->add_option("--output", options->output, "Write to this file instead of standard output");
  statistics->add_option("--as", options->as, "Act as this user (default: the local operator, oversight)");
  statistics->callback(commands.Run([options, &globals]() -> Result<void> {
    DOCKET_TRY_ASSIGN(reporting::Period period, reporting::Period::Parse(options->period));
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, ResolveActor(*context, options->as));
    app::ReportService reports(*context->store, *context->workflow, context->clock);
    DOCKET_TRY_ASSIGN(reporting::Statistics stats, reports.Statistics(actor, period));
    const std::string text =
        options->format == "json" ? reporting::StatisticsJson(stats) + "\n" : reporting::StatisticsCsv(stats);
    return Emit(text, options->output);
  }));

  CLI::App* dashboard = report->add_subcommand(
      "dashboard", "The oversight dashboard as JSON (what GET /api/v1/statistics serves)");
  commands.AddDb(dashboard);
  dashboard->add_option("--output", options->output, "Write to this file instead of standard output");
  dashboard->add_option("--as", options->as, "Act as this user (default: the local operator, oversight)");
  dashboard->callback(commands.Run([options, &globals]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, ResolveActor(*context, options->as));
    app::ReportService reports(*context->store, *context->workflow, context->clock);
    DOCKET_TRY_ASSIGN(reporting::Dashboard view, reports.Dashboard(actor));
    return Emit(reporting::StatisticsJson(view) + "\n", options->output);
  }));

  CLI::App* recs = commands.cli.add_subcommand("recs", "The recommendations tracker");
  recs->require_subcommand(1);

  CLI::App* import = recs->add_subcommand("import", "Import a report's recommendations (CSV; statuses are kept)");
  commands.AddDb(import);
  import->add_option("FILE", options->file, "Recommendations file, e.g. data/recommendations/inquiry-2016.csv")
      ->required();
  import->add_option("--as", options->as, "Act as this user (default: the local operator, administrator)");
  import->callback(commands.Run([options, &globals]() -> Result<void> {
    DOCKET_TRY_ASSIGN(std::string text, ReadFile(options->file));
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, WritingActor(*context, options->as));
    app::RecommendationService tracker(*context->store, context->schedule, context->clock);
    DOCKET_TRY_ASSIGN(app::RecommendationImport done, tracker.Import(actor, text, options->file));
    std::cout << fmt::format("imported {} recommendation{} of {}\n", done.recommendations,
                             done.recommendations == 1 ? "" : "s", fmt::join(done.reports, ", "));
    return Ok();
  }));

  CLI::App* list = recs->add_subcommand("list", "Every recommendation with its status, owner and due date");
  commands.AddDb(list);
  list->add_flag("--overdue", options->overdue, "Only those past due and neither implemented nor rejected");
  list->callback(commands.Run([options, &globals]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    app::RecommendationService tracker(*context->store, context->schedule, context->clock);
    DOCKET_TRY_ASSIGN(auto views, tracker.List(options->overdue ? app::RecommendationFilter::kOverdue
                                                                : app::RecommendationFilter::kAll));
    for (const app::RecommendationView& view : views) PrintRecommendation(view, false);
    std::cout << fmt::format("{} recommendation{}{}\n", views.size(), views.size() == 1 ? "" : "s",
                             options->overdue ? " overdue" : "");
    return Ok();
  }));

  CLI::App* show = recs->add_subcommand("show", "One recommendation with the history of its status");
  commands.AddDb(show);
  show->add_option("ID", options->id, "REPORT/NUMBER, e.g. inquiry-2016/7")->required();
  show->callback(commands.Run([options, &globals]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    app::RecommendationService tracker(*context->store, context->schedule, context->clock);
    DOCKET_TRY_ASSIGN(app::RecommendationView view, tracker.Show(options->id));
    PrintRecommendation(view, true);
    return Ok();
  }));

  CLI::App* set_status = recs->add_subcommand("set-status", "Change a recommendation's status, with reasons and evidence");
  commands.AddDb(set_status);
  set_status->add_option("ID", options->id, "REPORT/NUMBER, e.g. inquiry-2016/7")->required();
  set_status->add_option("STATUS", options->status,
                         "not_started, in_progress, partly_implemented, implemented or rejected")
      ->required();
  set_status->add_option("--reason", options->reason, "Why the status changes")->required();
  set_status->add_option("--evidence", options->evidence,
                         "Links, documents, the policy version or cases it touches (required for implemented and "
                         "rejected)");
  set_status->add_option("--as", options->as, "Act as this user (default: the local operator, administrator)");
  set_status->callback(commands.Run([options, &globals]() -> Result<void> {
    DOCKET_TRY_ASSIGN(auto context, OpenContext(globals, store::Durability::kFull));
    DOCKET_TRY_ASSIGN(domain::Actor actor, WritingActor(*context, options->as));
    app::RecommendationService tracker(*context->store, context->schedule, context->clock);
    DOCKET_TRY_ASSIGN(app::RecommendationView view,
                      tracker.SetStatus(actor, options->id, options->status, options->reason, options->evidence));
    PrintRecommendation(view, true);
    return Ok();
  }));
}

}  // namespace docket::cli
