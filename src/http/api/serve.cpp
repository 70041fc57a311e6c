// `docket serve`: open everything the API needs, serve until a signal, and
// turn a failure to start into an exit status.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "http/api/api.hpp"
#include "http/api/evidence_files.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "policy/calendar_file.hpp"
#include "policy/lexicon_loader.hpp"
#include "policy/policy_loader.hpp"
#include "security/crypto.hpp"

namespace docket::http::api {
namespace {

constexpr std::size_t kDefaultWorkers = 32;


namespace fs = std::filesystem;

// The CLI's exit statuses (cli.hpp), from one switch with no default.
int ExitStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 2;
    case ErrorCode::kFailedPrecondition: return 2;
    case ErrorCode::kPermissionDenied: return 2;
    case ErrorCode::kNotFound: return 3;
    case ErrorCode::kAlreadyExists: return 3;
    case ErrorCode::kConflict: return 3;
    case ErrorCode::kUnavailable: return 4;
    case ErrorCode::kInternal: return 4;
  }
  return 4;
}

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

Result<ListenAddress> ParseListen(std::string_view listen) {
  auto invalid = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--listen '{}': expected HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080", listen));
  };
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return invalid();
  std::string_view host = listen.substr(0, colon);
  if (host.starts_with('[')) {
    if (!host.ends_with(']') || host.size() < 3) return invalid();
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return invalid();
  }
  std::string_view port_text = listen.substr(colon + 1);
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
    return invalid();
  }
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(port)};
}

// Open cases per stage; a store failure leaves the gauge empty for this scrape.
std::vector<GaugeSample> OpenCasesByStage(store::Store& store) {
  std::vector<GaugeSample> samples;
  auto tx = store.Begin(store::TransactionMode::kRead);
  if (!tx) return samples;
  auto counts = (*tx)->Cases().CountOpenByStage();
  if (!counts) return samples;
  for (const auto& [stage, count] : *counts) {
    samples.push_back(GaugeSample{{{"stage", stage}}, static_cast<double>(count)});
  }
  return samples;
}

// Cases past their stage deadline, counted a page at a time.
std::vector<GaugeSample> OverdueCases(store::Store& store, const Clock& clock) {
  auto tx = store.Begin(store::TransactionMode::kRead);
  if (!tx) return {};
  store::CaseQuery query;
  query.due_before = clock.Now();
  query.limit = 1000;
  std::int64_t count = 0;
  while (true) {
    auto page = (*tx)->Cases().List(query);
    if (!page) return {};
    count += static_cast<std::int64_t>(page->size());
    if (static_cast<int>(page->size()) < query.limit) break;
    query.after = std::make_pair(page->back().due_at, page->back().id);
  }
  return {GaugeSample{{}, static_cast<double>(count)}};
}

Result<void> Run(const ServeOptions& options) {
  DOCKET_TRY(security::Initialise());
  DOCKET_TRY_ASSIGN(ListenAddress listen, ParseListen(options.listen));
  const fs::path data_dir(options.data_dir);
  const fs::path policy_file = options.policy.empty() ? data_dir / "policy" / "party.toml" : fs::path(options.policy);
  DOCKET_TRY_ASSIGN(domain::Policy policy, policy::LoadPolicyFile(policy_file));
  Schedule schedule;
  DOCKET_TRY_ASSIGN(schedule.calendar, policy::LoadCalendarFile(data_dir / "calendars" / (policy.calendar + ".toml")));
  DOCKET_TRY_ASSIGN(schedule.zone, TimeZone::Create(policy.time_zone));

  store::CreateDatabaseFolder(options.db_url);
  DOCKET_TRY_ASSIGN(std::unique_ptr<store::Store> store, store::OpenStore(options.db_url, store::Durability::kFull));

  SystemClock clock;
  domain::Workflow workflow(policy, schedule);
  app::AccountService accounts(*store, policy, clock);
  app::IntakeService intake(*store, workflow, clock, app::SystemRandomDigits);
  app::ComplainantService complainants(*store, workflow, clock);
  app::CaseService cases(*store, workflow, clock);
  app::CaseFileService case_files(*store, clock);
  app::PanelService panels(*store, workflow, clock);
  app::ReportService reports(*store, workflow, clock);
  app::PlatformService platform(*store, policy, schedule.zone, clock);
  app::RecommendationService recommendations(*store, schedule, clock);
  DOCKET_TRY_ASSIGN(domain::Lexicon lexicon, policy::LoadLexicon(policy::LexiconFile(data_dir, options.lexicon)));
  DOCKET_TRY_ASSIGN(rules::Triage triage, rules::Triage::Create(std::move(lexicon)));
  app::PostService posts(*store, triage, clock);
  // A decision or interim suspension re-runs the platform-sharing rule for
  // the respondents, in the action's own transaction.
  cases.WatchSanctions(platform.SanctionWatcher());
  const fs::path evidence_dir = EvidenceFolderFor(options.db_url, options.evidence_dir);
  ApiContext context{*store,        policy, workflow,   clock,       accounts, intake, complainants, cases,
                     case_files,    evidence_dir, options.secure_cookies, options.complaints_per_minute, &panels, &reports, &platform,
                     &recommendations, &posts};

  Router router;
  DOCKET_TRY(RegisterApi(router, context));
  if (!options.web_dir.empty()) {
    DOCKET_TRY_ASSIGN(StaticFiles files, StaticFiles::Create(options.web_dir));
    MountStaticFiles(router, std::move(files));
  }

  // The access log: a line per request on standard output, through stdout's
  // own buffer and flushed every second (at once on a terminal), where the
  // default logger flushes line by line: a write(2) per request, under one
  // lock, on the I/O threads.
  auto access_log = std::make_shared<spdlog::logger>(
      "access", std::make_shared<spdlog::sinks::ostream_sink_mt>(std::cout, /*force_flush=*/false));
  access_log->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%l] %v");  // as the default logger's lines
  spdlog::drop("access");
  spdlog::register_logger(access_log);
  spdlog::flush_every(std::chrono::seconds(1));
  struct FlushAtEnd {
    std::shared_ptr<spdlog::logger> log;
    ~FlushAtEnd() {
      log->flush();
      spdlog::drop(log->name());
    }
  } flush_at_end{access_log};

  ServerOptions server_options;
  server_options.access_log = "access";
  server_options.host = listen.host;
  server_options.port = listen.port;
  server_options.signals = SignalHandling::kStopOnSigtermAndSigint;
  server_options.trusted_proxies = options.trusted_proxies;
  // Database handlers mostly wait: for a group commit to reach the disk, or
  // for argon2id. Many waiting threads let one commit carry many complaints.
  server_options.worker_threads = options.workers != 0 ? options.workers : kDefaultWorkers;
  DOCKET_TRY_ASSIGN(std::unique_ptr<Server> server, Server::Create(std::move(server_options), std::move(router)));
  store::Store& store_ref = *store;
  DOCKET_TRY(server->Metrics().AddGauge("docket_open_cases", "Open cases by stage",
                                        [&store_ref] { return OpenCasesByStage(store_ref); }));
  DOCKET_TRY(server->Metrics().AddGauge("docket_overdue_cases", "Open cases past their stage deadline",
                                        [&store_ref, &clock] { return OverdueCases(store_ref, clock); }));

  const std::string host = listen.host.find(':') != std::string::npos ? "[" + listen.host + "]" : listen.host;
  std::cout << fmt::format("docket serving on http://{}:{}", host, server->Port()) << std::endl;
  server->Run();
  return Ok();
}

}  // namespace

int Serve(const ServeOptions& options) {
  auto done = Run(options);
  if (!done) {
    std::cerr << "docket: " << done.error().message << "\n";
    return ExitStatus(done.error().code);
  }
  return 0;
}

}  // namespace docket::http::api
