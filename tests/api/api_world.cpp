#include "tests/store/postgres_test_support.hpp"
#include "tests/api/api_world.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "app/demo.hpp"
#include "app/directory.hpp"
#include "policy/calendar_file.hpp"
#include "policy/lexicon_loader.hpp"
#include "policy/policy_loader.hpp"
#include "security/crypto.hpp"
#include "security/totp.hpp"

namespace docket::http::api::testing {
namespace {

namespace fs = std::filesystem;
namespace bj = boost::json;

template <class T>
T Must(Result<T> result, std::string_view what) {
  if (!result) throw std::runtime_error(fmt::format("{}: {}", what, result.error().message));
  return std::move(*result);
}

void Must(Result<void> result, std::string_view what) {
  if (!result) throw std::runtime_error(fmt::format("{}: {}", what, result.error().message));
}

constexpr std::string_view kReasons = "The facts are set out in the complaint and are not in dispute.";

// Tears the world down after the last test, so the server stops before the process exits.
class WorldEnvironment : public ::testing::Environment {
 public:
  void TearDown() override;
};

ApiWorld* world = nullptr;

void WorldEnvironment::TearDown() {
  delete world;
  world = nullptr;
}

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new WorldEnvironment);

std::string Username(Role role) {
  switch (role) {
    case Role::kCaseworker: return app::DemoStaff::kCaseworker;
    case Role::kInvestigator: return app::DemoStaff::kInvestigator;
    case Role::kPanelMember: return app::DemoStaff::kPanelMember;
    case Role::kAppealPanel: return app::DemoStaff::kAppealPanel;
    case Role::kOversight: return app::DemoStaff::kOversight;
    case Role::kAdministrator: return app::DemoStaff::kAdministrator;
    case Role::kPoliticalOffice: return app::DemoStaff::kPoliticalOffice;
    case Role::kRespondent: return "test.respondent";
    case Role::kNone: return "";
  }
  return "";
}

}  // namespace

std::string_view Name(Role role) {
  switch (role) {
    case Role::kCaseworker: return "caseworker";
    case Role::kInvestigator: return "investigator";
    case Role::kPanelMember: return "panel_member";
    case Role::kAppealPanel: return "appeal_panel";
    case Role::kOversight: return "oversight";
    case Role::kAdministrator: return "administrator";
    case Role::kPoliticalOffice: return "political_office";
    case Role::kRespondent: return "respondent";
    case Role::kNone: return "none";
  }
  return "?";
}

ApiWorld& ApiWorld::Get() {
  if (world == nullptr) {
    world = new ApiWorld();
    try {
      world->Start();
    } catch (...) {
      delete world;
      world = nullptr;
      throw;
    }
  }
  return *world;
}

ApiWorld::ApiWorld() {
  std::random_device random;
  folder_ = fs::temp_directory_path() / fmt::format("docket-api-test-{}-{:08x}", ::getpid(), random());
  fs::create_directories(folder_);
}

ApiWorld::~ApiWorld() {
  if (server_) server_->Stop();
  if (run_.joinable()) run_.join();
  server_.reset();
  context_.reset();
  store_.reset();
  std::error_code ignored;
  fs::remove_all(folder_, ignored);
}

void ApiWorld::Start() {
  spdlog::set_level(spdlog::level::warn);
  Must(security::Initialise(), "libsodium");
  clock_ = std::make_unique<TestClock>(*Instant::Parse("2026-03-03T10:00:00Z"));
  policy_ = Must(policy::LoadPolicyFile(fs::path(DOCKET_DATA_DIR) / "policy" / "party.toml"), "policy");
  schedule_.calendar =
      Must(policy::LoadCalendarFile(fs::path(DOCKET_DATA_DIR) / "calendars" / (policy_.calendar + ".toml")), "calendar");
  schedule_.zone = Must(TimeZone::Create(policy_.time_zone), "time zone");
  // Commits wait only for the OS: a test database need not survive a power cut.
  db_url_ = docket::testing::TestDatabase((folder_ / "docket.db").string(), folder_.filename().string());
  store_ = Must(store::OpenStore(db_url_, store::Durability::kNormal), "store");
  workflow_ = std::make_unique<domain::Workflow>(policy_, schedule_);
  Must(app::GenerateDemo(*store_, *workflow_, app::DemoOptions{.members = 300, .cases = 60, .seed = 7, .now = Now()}),
       "demo");
  accounts_ = std::make_unique<app::AccountService>(*store_, policy_, *clock_);
  intake_ = std::make_unique<app::IntakeService>(*store_, *workflow_, *clock_, app::SystemRandomDigits);
  complainants_ = std::make_unique<app::ComplainantService>(*store_, *workflow_, *clock_);
  cases_ = std::make_unique<app::CaseService>(*store_, *workflow_, *clock_);
  case_files_ = std::make_unique<app::CaseFileService>(*store_, *clock_);
  panels_ = std::make_unique<app::PanelService>(*store_, *workflow_, *clock_);
  reports_ = std::make_unique<app::ReportService>(*store_, *workflow_, *clock_);
  platform_ = std::make_unique<app::PlatformService>(*store_, policy_, schedule_.zone, *clock_);
  recommendations_ = std::make_unique<app::RecommendationService>(*store_, schedule_, *clock_);
  triage_ = std::make_unique<rules::Triage>(Must(
      rules::Triage::Create(Must(policy::LoadLexicon(fs::path(DOCKET_DATA_DIR) / "lexicon" / "antisemitism.toml"),
                                 "lexicon")),
      "triage"));
  posts_ = std::make_unique<app::PostService>(*store_, *triage_, *clock_);
  // As `docket serve` wires it: decisions re-run the platform-sharing rule.
  cases_->WatchSanctions(platform_->SanctionWatcher());
  context_ = std::unique_ptr<ApiContext>(new ApiContext{*store_, policy_, *workflow_, *clock_, *accounts_, *intake_,
                                                        *complainants_, *cases_, *case_files_, EvidenceFolder(),
                                                        false, 30, panels_.get(), reports_.get(), platform_.get(),
                                                        recommendations_.get(), posts_.get()});
  Router router;
  Must(RegisterApi(router, *context_), "routes");
  routes_ = router.Routes();
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 2;
  options.signals = SignalHandling::kIgnore;
  server_ = Must(Server::Create(std::move(options), std::move(router)), "server");
  run_ = std::thread([this] { server_->Run(); });
  MakeFixture();
}

void ApiWorld::MakeFixture() {
  auto actor = [&](const char* name) { return Must(app::ActorFor(*store_, policy_, name), name); };
  const domain::Actor caseworker = actor(app::DemoStaff::kCaseworker);
  const domain::Actor panel = actor(app::DemoStaff::kPanelMember);

  respondent_member = "A0000299";
  other_member = "A0000298";
  MemberId respondent_id;
  {
    auto tx = Must(store_->Begin(store::TransactionMode::kRead), "read");
    respondent_id = Must(tx->Members().FindByNumber(respondent_member), "member").id;
  }
  Must(app::AddUser(*store_, policy_, store::User::Named("test.respondent", "Test Respondent", "respondent", respondent_id)),
       "respondent account");
  Must(accounts_->SetPassword("test.respondent", app::DemoStaff::kPassword), "respondent password");

  auto submit = [&](std::string category, const std::string& member) {
    app::ComplaintInput input;
    input.category = std::move(category);
    input.description = "At the branch meeting the respondent said things that breach the rules on conduct.";
    input.occurred_on = "2026-02-27";
    input.place = "Leeds Central";
    input.complainant = domain::Complainant{"Named Complainant", "named.complainant@example.net", std::nullopt};
    input.respondents = {{"Fixture Respondent", member, std::nullopt}};
    input.origin = "fixture";
    app::Receipt receipt = Must(intake_->Submit(input), "complaint");
    if (receipt.grouped) throw std::runtime_error("a fixture complaint was grouped with a demo case");
    return receipt;
  };
  auto act = [&](const domain::Actor& who, const std::string& number, const char* action, domain::FieldMap fields) {
    Must(cases_->Act(who, number, action, fields), fmt::format("{} on {}", action, number));
  };
  auto seat = [&](const std::string& number, const char* username, domain::PanelKind kind) {
    Must(store_->Write([&](store::Transaction& tx) -> Result<void> {
      DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().FindByNumber(number));
      return tx.CaseFiles().Seat(c.id, domain::PanelSeat{username, kind});
    }),
         "seat");
  };
  const std::string reasons(kReasons);

  complaint = submit("bullying", respondent_member);
  a.number = complaint.case_number;
  act(caseworker, a.number, "accept", {});
  act(caseworker, a.number, "open_investigation", {{"reasons", reasons}, {"assignee", app::DemoStaff::kInvestigator}});

  p.number = submit("other_misconduct", respondent_member).case_number;
  act(caseworker, p.number, "accept", {});
  act(caseworker, p.number, "fast_track", {{"reasons", reasons}, {"allegations", reasons}});
  seat(p.number, app::DemoStaff::kPanelMember, domain::PanelKind::kPanel);

  q.number = submit("sexual_harassment", respondent_member).case_number;
  act(caseworker, q.number, "accept", {});
  act(caseworker, q.number, "fast_track", {{"reasons", reasons}, {"allegations", reasons}});
  seat(q.number, app::DemoStaff::kPanelMember, domain::PanelKind::kPanel);
  act(panel, q.number, "decide", {{"outcome", "formal_warning"}, {"reasons", reasons}});
  act(caseworker, q.number, "lodge_appeal", {{"grounds", reasons}});
  seat(q.number, app::DemoStaff::kAppealPanel, domain::PanelKind::kAppeal);

  o.number = submit("bullying", other_member).case_number;

  u.number = submit("other_misconduct", other_member).case_number;
  act(caseworker, u.number, "accept", {});
  act(caseworker, u.number, "fast_track", {{"reasons", reasons}, {"allegations", reasons}});

  // Evidence goes in through the API, so that the file is on disk; each item
  // is disclosed, so the respondent may read the one on their own case.
  const Session* staff = As(Role::kCaseworker);
  for (FixtureCase* c : {&a, &p, &q, &o}) {
    ClientResponse uploaded =
        Send(staff, Call{.method = "POST",
                         .target = fmt::format("/api/v1/cases/{}/evidence?filename=fixture-{}.txt", c->number, c->number),
                         .body = "evidence for " + c->number,
                         .json = false});
    if (uploaded.status != 201) throw std::runtime_error("fixture evidence upload: " + uploaded.body);
    c->evidence_id = Json(uploaded).at("id").as_int64();
    ClientResponse disclosed =
        Post(staff, fmt::format("/api/v1/evidence/{}/disclosure", c->evidence_id), R"({"disclosed":true})");
    if (disclosed.status != 200) throw std::runtime_error("fixture disclosure: " + disclosed.body);
  }
}

const FixtureCase& ApiWorld::OwnCase(Role role) const {
  switch (role) {
    case Role::kPanelMember: return p;
    case Role::kAppealPanel: return q;
    default: return a;
  }
}

ClientResponse ApiWorld::Login(std::string_view username, bool with_code) {
  std::string body = fmt::format(R"({{"username":{},"password":{})", Quote(username), Quote(app::DemoStaff::kPassword));
  if (with_code) {
    body += fmt::format(R"(,"code":{})", Quote(security::TotpCode(app::DemoStaff::kTotpKey, Now())));
  }
  body += "}";
  return Post(nullptr, "/api/v1/session", std::move(body));
}

const Session* ApiWorld::As(Role role) {
  if (role == Role::kNone) return nullptr;
  if (auto found = sessions_.find(role); found != sessions_.end()) return &found->second;
  const std::string username = Username(role);
  ClientResponse response = Login(username, role != Role::kRespondent);
  if (response.status != 200) {
    throw std::runtime_error(fmt::format("signing in as {}: {} {}", username, response.status, response.body));
  }
  std::string_view cookie = response.Header("Set-Cookie").value_or("");
  Session session;
  session.username = username;
  session.cookie = std::string(cookie.substr(0, cookie.find(';')));
  session.csrf = std::string(Json(response).at("csrf_token").as_string());
  return &sessions_.emplace(role, std::move(session)).first->second;
}

ClientResponse ApiWorld::Send(const Session* who, Call call) {
  HttpClient client("127.0.0.1", Port(), std::chrono::seconds(20));
  if (who != nullptr) {
    call.headers.emplace("Cookie", who->cookie);
    if (call.method != "GET" && call.method != "HEAD" && call.csrf) call.headers.emplace("X-CSRF-Token", who->csrf);
  }
  if (!call.body.empty() && call.json) call.headers.emplace("Content-Type", "application/json");
  auto response = client.Send(call.method, call.target, std::move(call.body), std::move(call.headers));
  if (!response) throw std::runtime_error(fmt::format("{} {}: {}", call.method, call.target, response.error().message));
  return std::move(*response);
}

std::int64_t ApiWorld::VersionOf(std::string_view number) {
  auto tx = Must(store_->Begin(store::TransactionMode::kRead), "read");
  return Must(tx->Cases().FindByNumber(number), "case").version;
}

std::int64_t ApiWorld::Count(std::string_view table) {
  if (docket::testing::OnPostgres()) {
    const std::int64_t count = docket::testing::CountPostgresRows(db_url_, std::string(table));
    if (count < 0) throw std::runtime_error("cannot count " + std::string(table));
    return count;
  }
  sqlite3* db = nullptr;
  const std::string path = (folder_ / "docket.db").string();
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open the test database");
  }
  sqlite3_stmt* statement = nullptr;
  const std::string sql = fmt::format("SELECT COUNT(*) FROM {}", table);
  std::int64_t count = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW) {
    count = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  if (count < 0) throw std::runtime_error("cannot count " + std::string(table));
  return count;
}

std::int64_t ApiWorld::EvidenceFiles() const {
  std::int64_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(EvidenceFolder())) ++n;
  return n;
}

bj::value Json(const ClientResponse& response) {
  bj::error_code ec;
  bj::value value = bj::parse(response.body, ec);
  if (ec) {
    ADD_FAILURE() << "not JSON (" << ec.message() << "): " << response.body.substr(0, 400);
    return nullptr;
  }
  return value;
}

bj::array Items(const ClientResponse& response) {
  bj::value body = Json(response);
  if (!body.is_object() || !body.as_object().contains("items") || !body.at("items").is_array()) {
    ADD_FAILURE() << "no items in: " << response.body.substr(0, 400);
    return {};
  }
  return body.at("items").as_array();
}

::testing::AssertionResult IsProblem(const ClientResponse& response, int status) {
  if (response.status != status) {
    return ::testing::AssertionFailure() << "status " << response.status << ", expected " << status << ": "
                                         << response.body.substr(0, 400);
  }
  if (response.Header("Content-Type").value_or("") != "application/problem+json") {
    return ::testing::AssertionFailure() << "Content-Type '" << response.Header("Content-Type").value_or("")
                                         << "', expected application/problem+json";
  }
  bj::error_code ec;
  bj::value body = bj::parse(response.body, ec);
  if (ec || !body.is_object() || !body.as_object().contains("status") ||
      body.as_object().at("status") != bj::value(status)) {
    return ::testing::AssertionFailure() << "not a problem document with status " << status << ": " << response.body;
  }
  return ::testing::AssertionSuccess();
}

std::string Quote(std::string_view text) { return bj::serialize(bj::value(bj::string_view(text.data(), text.size()))); }

}  // namespace docket::http::api::testing
