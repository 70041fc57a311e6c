// Two `docket serve` processes on one PostgreSQL database, as a deployment
// behind a load balancer runs them: what one server numbers, counts, locks or
// signs in, the other must see. Each test makes a fresh database with the
// real binary, starts two real servers on it, drives both at once over HTTP,
// reads the outcome straight from the database, and ends by stopping both
// with SIGTERM and running `docket audit verify`.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "app/demo.hpp"
#include "core/clock.hpp"
#include "security/crypto.hpp"
#include "security/totp.hpp"
#include "store/postgres/connection.hpp"
#include "tests/cli/run_command.hpp"
#include "tests/http/http_client.hpp"
#include "tests/store/postgres_test_support.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;
namespace bj = boost::json;
using http::HeaderMap;
using http::testing::ClientResponse;
using http::testing::HttpClient;
using SteadyClock = std::chrono::steady_clock;

constexpr int kServers = 2;
constexpr std::array<char, kServers> kServerNames = {'A', 'B'};

// The year's case numbers are "YYYY-NNNNNN".
std::optional<std::pair<int, std::int64_t>> SplitCaseNumber(std::string_view number) {
  static const std::regex pattern("([0-9]{4})-([0-9]{6,})");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(number.begin(), number.end(), match, pattern)) return std::nullopt;
  return std::make_pair(std::stoi(match[1].str()), std::stoll(match[2].str()));
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t at = std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())));
  return values[at];
}

// An anonymous complaint about someone with no membership number, so it is
// never grouped with another case: every acknowledged one opens a case.
std::string ComplaintBody(std::string_view tag) {
  return fmt::format(
      R"({{"category":"antisemitism",)"
      R"("description":"At the branch meeting the respondent said Jews control the media ({}).",)"
      R"("occurred_on":"2026-11-02","anonymous":true,"respondents":[{{"name":"Respondent {}"}}]}})",
      tag, tag);
}

HeaderMap JsonHeaders(HeaderMap headers = {}) {
  headers.emplace("Content-Type", "application/json");
  return headers;
}

bj::value JsonOf(const ClientResponse& response) {
  bj::error_code ec;
  bj::value value = bj::parse(response.body, ec);
  if (ec) ADD_FAILURE() << "not JSON (" << ec.message() << "): " << response.body.substr(0, 400);
  return value;
}

std::string StringField(const bj::value& value, std::string_view name) {
  if (!value.is_object()) return "";
  const bj::value* field = value.as_object().if_contains(name);
  return field != nullptr && field->is_string() ? std::string(field->as_string()) : std::string();
}

// The version an ETag ("7") names; 0 when there is none.
std::int64_t VersionOf(const ClientResponse& response) {
  const std::string tag(response.Header("ETag").value_or(""));
  if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') return 0;
  return std::stoll(tag.substr(1, tag.size() - 2));
}

// One request on `client`; a transport failure is a failed test and status 0.
ClientResponse Send(HttpClient& client, std::string_view method, std::string_view target, std::string body = {},
                    HeaderMap headers = {}) {
  auto response = client.Send(method, target, std::move(body), std::move(headers));
  if (!response) {
    ADD_FAILURE() << method << " " << target << ": " << response.error().message;
    return ClientResponse{};
  }
  return std::move(*response);
}

struct WorldOptions {
  bool demo = true;                      //!< `docket demo` (staff accounts, members, cases), else only `docket init`.
  int complaints_per_minute = 1000000;  //!< Per client address; every request here comes from 127.0.0.1.
};

// A fresh database, two servers on it, and a connection for reading it behind their backs.
class TwoServers {
 public:
  TwoServers() = default;
  TwoServers(const TwoServers&) = delete;
  TwoServers& operator=(const TwoServers&) = delete;
  ~TwoServers();

  /// Makes the database and starts both servers; fatal failures when either does not come up.
  void Start(const std::string& name, WorldOptions options);
  /// Stops both with SIGTERM (each must exit 0), then checks the audit chain with `docket audit verify`.
  void StopAndVerify();

  std::uint16_t Port(int server) const { return servers_[server].port; }
  const std::string& Db() const { return db_; }
  std::string Docket(const std::string& arguments) const {
    return std::string(DOCKET_BINARY) + " " + arguments + " --db '" + db_ + "'";
  }

  /// The first `columns` columns of a query's rows, as text.
  std::vector<std::vector<std::string>> Query(const std::string& sql, int columns,
                                              const store::postgres::Params& params = {});
  /// The one integer a query returns; -1 (and a failed test) otherwise.
  std::int64_t QueryInt(const std::string& sql, const store::postgres::Params& params = {});

 private:
  struct Process {
    pid_t pid = -1;
    std::uint16_t port = 0;
    fs::path log;
  };
  void SpawnServer(int index, const WorldOptions& options);
  /// Waits for the port the server prints, then for its /healthz.
  void AwaitServer(int index);
  /// The end of both servers' logs (`tail` bytes of each), for failure messages.
  std::string Logs(std::size_t tail = 4000) const;

  fs::path folder_;
  std::string db_;
  std::array<Process, kServers> servers_{};
  std::unique_ptr<store::postgres::Connection> connection_;
};

TwoServers::~TwoServers() {
  for (Process& server : servers_) {
    if (server.pid <= 0) continue;
    ::kill(server.pid, SIGKILL);
    ::waitpid(server.pid, nullptr, 0);
  }
  connection_.reset();
  std::error_code ignored;
  if (!folder_.empty()) fs::remove_all(folder_, ignored);
}

void TwoServers::Start(const std::string& name, WorldOptions options) {
  ASSERT_TRUE(security::Initialise());
  folder_ = fs::temp_directory_path() / fmt::format("docket-two-servers-{}-{}-{:08x}", name, ::getpid(),
                                                    std::random_device()());
  fs::create_directories(folder_);
  db_ = docket::testing::FreshPostgresUrl("two_servers_" + name);
  const auto made_at = SteadyClock::now();
  const std::string fill = options.demo ? "demo --members 300 --cases 40 --seed 3" : "init";
  testing::Outcome filled = testing::RunCommand(Docket(fill));
  ASSERT_EQ(filled.status, 0) << fill << ": " << filled.out;
  std::cout << fmt::format("[{}] docket {}: {:.2f} s\n", name, fill, Seconds(SteadyClock::now() - made_at));
  // Both start at once (loading the policy and the lexicon takes a while).
  for (int i = 0; i < kServers; ++i) ASSERT_NO_FATAL_FAILURE(SpawnServer(i, options));
  for (int i = 0; i < kServers; ++i) ASSERT_NO_FATAL_FAILURE(AwaitServer(i));
  // Opened after the servers, so that they do not inherit its socket.
  auto connection = store::postgres::Connection::Open(db_);
  ASSERT_TRUE(connection) << connection.error().message;
  connection_ = std::move(*connection);
}

void TwoServers::SpawnServer(int index, const WorldOptions& options) {
  Process& server = servers_[index];
  server.log = folder_ / fmt::format("serve-{}.log", kServerNames[index]);
  const std::string evidence = (folder_ / "evidence").string();
  const std::string per_minute = std::to_string(options.complaints_per_minute);
  const std::string log = server.log.string();
  // Port 0: the kernel picks a free port and the server prints it, so two
  // test runs never race for one.
  server.pid = ::fork();
  ASSERT_GE(server.pid, 0);
  if (server.pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      if (fd > 2) ::close(fd);
    }
    ::execl(DOCKET_BINARY, DOCKET_BINARY, "serve", "--db", db_.c_str(), "--listen", "127.0.0.1:0", "--evidence-dir",
            evidence.c_str(), "--complaints-per-minute", per_minute.c_str(), "--workers", "8", nullptr);
    ::_exit(127);
  }
}

void TwoServers::AwaitServer(int index) {
  Process& server = servers_[index];
  static const std::regex serving("docket serving on http://127\\.0\\.0\\.1:([0-9]+)");
  const auto deadline = SteadyClock::now() + std::chrono::seconds(20);
  std::smatch match;
  while (true) {
    const std::string text = ReadFile(server.log);
    if (std::regex_search(text, match, serving)) break;
    int status = 0;
    if (::waitpid(server.pid, &status, WNOHANG) == server.pid) {
      server.pid = -1;
      FAIL() << "docket serve " << kServerNames[index] << " exited before serving: " << text;
    }
    ASSERT_LT(SteadyClock::now(), deadline) << "docket serve " << kServerNames[index] << " did not start: " << text;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  server.port = static_cast<std::uint16_t>(std::stoi(match[1].str()));
  HttpClient client("127.0.0.1", server.port);
  ClientResponse health = Send(client, "GET", "/healthz");
  ASSERT_EQ(health.status, 200) << "server " << kServerNames[index] << ": " << health.body;
}

void TwoServers::StopAndVerify() {
  for (int i = 0; i < kServers; ++i) {
    Process& server = servers_[i];
    ASSERT_GT(server.pid, 0) << "server " << kServerNames[i] << " is not running";
    const auto asked = SteadyClock::now();
    ASSERT_EQ(::kill(server.pid, SIGTERM), 0);
    int status = 0;
    pid_t done = 0;
    while ((done = ::waitpid(server.pid, &status, WNOHANG)) == 0 &&
           SteadyClock::now() - asked < std::chrono::seconds(15)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(done, server.pid) << "server " << kServerNames[i] << " still running 15 s after SIGTERM: " << Logs();
    server.pid = -1;
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "server " << kServerNames[i] << " did not exit cleanly on SIGTERM (raw status " << status << "): " << Logs();
  }
  // Nothing is in flight now: the whole chain, as the operator would check it.
  testing::Outcome verified = testing::RunCommand(Docket("audit verify"));
  EXPECT_EQ(verified.status, 0) << verified.out;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(verified.out, match, std::regex("audit chain verified: ([0-9]+) records, unbroken")))
      << verified.out;
  const std::int64_t records = std::stoll(match[1].str());
  EXPECT_EQ(records, QueryInt("SELECT count(*) FROM audit_log"));
  EXPECT_EQ(records, QueryInt("SELECT coalesce(max(seq), 0) FROM audit_log")) << "the sequence has a hole";
  // No request ended in a server error, and nothing was logged as an error.
  const std::string logs = Logs(std::string::npos);
  EXPECT_FALSE(std::regex_search(logs, std::regex("status=5[0-9][0-9]|\\[error\\]|\\[critical\\]"))) << logs;
}

std::string TwoServers::Logs(std::size_t tail) const {
  std::string out;
  for (int i = 0; i < kServers; ++i) {
    std::string text = ReadFile(servers_[i].log);
    if (text.size() > tail) text = "..." + text.substr(text.size() - tail);
    out += fmt::format("\n--- server {} log ---\n{}", kServerNames[i], text);
  }
  return out;
}

std::vector<std::vector<std::string>> TwoServers::Query(const std::string& sql, int columns,
                                                        const store::postgres::Params& params) {
  std::vector<std::vector<std::string>> out;
  if (!connection_) {
    ADD_FAILURE() << "no database connection";
    return out;
  }
  auto rows = connection_->Exec(sql, params);
  if (!rows) {
    ADD_FAILURE() << sql << ": " << rows.error().message;
    return out;
  }
  for (int r = 0; r < rows->Count(); ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < columns; ++c) row.emplace_back(rows->Text(r, c));
    out.push_back(std::move(row));
  }
  return out;
}

std::int64_t TwoServers::QueryInt(const std::string& sql, const store::postgres::Params& params) {
  if (!connection_) {
    ADD_FAILURE() << "no database connection";
    return -1;
  }
  auto rows = connection_->Exec(sql, params);
  if (!rows || rows->Count() != 1) {
    ADD_FAILURE() << sql << ": " << (rows ? "not one row" : rows.error().message);
    return -1;
  }
  auto value = rows->Int(0, 0);
  if (!value) {
    ADD_FAILURE() << sql << ": " << value.error().message;
    return -1;
  }
  return *value;
}

// Samples pg_locks while work runs, to see how often a transaction waits for
// the audit chain's advisory lock (or for a row lock: the case-number row,
// the rate-limit row). pg_locks covers the whole cluster, so tests running
// beside this one on it count too; the figures are printed, never asserted.
class LockSampler {
 public:
  explicit LockSampler(const std::string& url) {
    auto connection = store::postgres::Connection::Open(url);
    if (!connection) return;
    connection_ = std::move(*connection);
    thread_ = std::thread([this] { Run(); });
  }
  ~LockSampler() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::string Report() const {
    if (samples_ == 0) return "no samples";
    return fmt::format("{} samples: a waiter on the advisory lock in {:.0f}% (at most {} at once), "
                       "on a row lock in {:.0f}%",
                       samples_, 100.0 * advisory_samples_ / samples_, max_advisory_, 100.0 * row_samples_ / samples_);
  }

 private:
  void Run() {
    while (!stop_) {
      auto rows = connection_->Exec(
          "SELECT count(*) FILTER (WHERE locktype = 'advisory'), count(*) FILTER (WHERE locktype = 'transactionid') "
          "FROM pg_locks WHERE NOT granted");
      if (rows && rows->Count() == 1) {
        const std::int64_t advisory = rows->Int(0, 0).value_or(0);
        const std::int64_t row = rows->Int(0, 1).value_or(0);
        ++samples_;
        if (advisory > 0) ++advisory_samples_;
        if (row > 0) ++row_samples_;
        max_advisory_ = std::max(max_advisory_, advisory);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  std::unique_ptr<store::postgres::Connection> connection_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::int64_t samples_ = 0, advisory_samples_ = 0, row_samples_ = 0, max_advisory_ = 0;
};

// One request as a client saw it.
struct Exchange {
  int server = 0;
  int status = 0;  //!< 0 when the request failed at the transport.
  std::string body;
  double seconds = 0;
};

// A request for client `thread`'s `index`-th turn.
struct Request {
  std::string method;
  std::string target;
  std::string body;
  HeaderMap headers;
};

// `threads` clients at once, client t on server `server_of(t)` over one
// kept-alive connection, each sending `per_thread` requests; `wall_seconds`
// is from the moment all were connected to the last answer.
std::vector<Exchange> RunClients(const TwoServers& world, int threads, int per_thread,
                                 const std::function<int(int)>& server_of,
                                 const std::function<Request(int, int)>& request_of, double* wall_seconds) {
  std::vector<std::vector<Exchange>> results(static_cast<std::size_t>(threads));
  std::latch ready(threads + 1);
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&, t] {
      const int server = server_of(t);
      HttpClient client("127.0.0.1", world.Port(server), std::chrono::seconds(30));
      const bool connected = static_cast<bool>(client.Connect());
      ready.arrive_and_wait();
      for (int i = 0; i < per_thread; ++i) {
        Exchange exchange;
        exchange.server = server;
        Request request = request_of(t, i);
        const auto sent = SteadyClock::now();
        auto response = connected ? client.Send(request.method, request.target, std::move(request.body),
                                                std::move(request.headers))
                                  : Result<ClientResponse>(Fail(ErrorCode::kUnavailable, "not connected"));
        exchange.seconds = Seconds(SteadyClock::now() - sent);
        if (response) {
          exchange.status = response->status;
          exchange.body = std::move(response->body);
        }
        results[static_cast<std::size_t>(t)].push_back(std::move(exchange));
      }
    });
  }
  ready.arrive_and_wait();
  const auto started = SteadyClock::now();
  for (std::thread& c : clients) c.join();
  *wall_seconds = Seconds(SteadyClock::now() - started);
  std::vector<Exchange> all;
  for (auto& r : results) all.insert(all.end(), r.begin(), r.end());
  return all;
}

std::string Figures(const std::vector<Exchange>& exchanges, double wall_seconds) {
  std::vector<double> latencies;
  for (const Exchange& e : exchanges) latencies.push_back(e.seconds * 1000);
  return fmt::format("{} requests in {:.3f} s = {:.0f}/s; latency median {:.1f} ms, p95 {:.1f} ms, max {:.1f} ms",
                     exchanges.size(), wall_seconds, static_cast<double>(exchanges.size()) / wall_seconds,
                     Percentile(latencies, 0.5), Percentile(latencies, 0.95), Percentile(latencies, 1.0));
}

// One complaint as a client saw it.
struct Submission {
  int server = 0;
  int status = 0;
  std::string receipt;
  std::string case_number;
  bool grouped = false;
  std::string refusal;  //!< The body of any answer but 201.
};

// `threads` clients at once, client t on server `server_of(t)`, each filing `per_thread` complaints.
std::vector<Submission> FileComplaints(const TwoServers& world, int threads, int per_thread,
                                       const std::function<int(int)>& server_of, const std::string& tag,
                                       double* wall_seconds, std::string* figures = nullptr) {
  std::vector<Exchange> exchanges = RunClients(
      world, threads, per_thread, server_of,
      [&](int t, int i) {
        return Request{"POST", "/api/v1/complaints", ComplaintBody(fmt::format("{}-{}-{}", tag, t, i)), JsonHeaders()};
      },
      wall_seconds);
  std::vector<Submission> out;
  for (const Exchange& exchange : exchanges) {
    Submission s;
    s.server = exchange.server;
    s.status = exchange.status;
    if (s.status != 201) s.refusal = exchange.body;
    if (s.status == 201) {
      bj::error_code ec;
      bj::value body = bj::parse(exchange.body, ec);
      if (!ec && body.is_object()) {
        s.receipt = StringField(body, "receipt");
        s.case_number = StringField(body, "case_number");
        const bj::value* grouped = body.as_object().if_contains("grouped");
        s.grouped = grouped != nullptr && grouped->is_bool() && grouped->as_bool();
      }
    }
    out.push_back(std::move(s));
  }
  if (figures != nullptr) *figures = Figures(exchanges, *wall_seconds);
  return out;
}

TEST(TwoServersTest, ComplaintsFiledOnBothServersAtOnceGetUniqueGapFreeCaseNumbers) {
  TwoServers world;
  ASSERT_NO_FATAL_FAILURE(world.Start("intake", {}));
  constexpr int kThreads = 4;
  constexpr int kPerThread = 40;

  // First all four clients on one server, then two on each: the same work,
  // so the difference is what a second process adds (or costs) when every
  // intake waits for the year's case-number row and the audit chain's lock.
  double one_wall = 0, two_wall = 0;
  std::string one_figures, two_figures;
  LockSampler one_sampler(world.Db());
  std::vector<Submission> one =
      FileComplaints(world, kThreads, kPerThread, [](int) { return 0; }, "one", &one_wall, &one_figures);
  one_sampler.Stop();
  LockSampler two_sampler(world.Db());
  std::vector<Submission> two =
      FileComplaints(world, kThreads, kPerThread, [](int t) { return t % kServers; }, "two", &two_wall, &two_figures);
  two_sampler.Stop();
  std::cout << "[intake] 4 clients on server A:      " << one_figures << "\n"
            << "         locks: " << one_sampler.Report() << "\n"
            << "[intake] 2 clients on each of A, B: " << two_figures << "\n"
            << "         locks: " << two_sampler.Report() << "\n";

  std::vector<Submission> all = one;
  all.insert(all.end(), two.begin(), two.end());
  std::map<std::string, const Submission*> by_number;
  std::set<std::string> receipts;
  int year = 0;
  for (const Submission& s : all) {
    ASSERT_EQ(s.status, 201) << "a complaint to server " << kServerNames[s.server] << " was not acknowledged: "
                             << s.refusal;
    EXPECT_FALSE(s.grouped) << s.case_number;
    EXPECT_TRUE(receipts.insert(s.receipt).second) << "receipt " << s.receipt << " given twice";
    EXPECT_TRUE(by_number.emplace(s.case_number, &s).second) << "case number " << s.case_number << " given twice";
    auto split = SplitCaseNumber(s.case_number);
    ASSERT_TRUE(split) << s.case_number;
    if (year == 0) year = split->first;
    EXPECT_EQ(split->first, year) << s.case_number;
  }
  ASSERT_EQ(all.size(), static_cast<std::size_t>(2 * kThreads * kPerThread));

  // The year's numbers in the database, demo cases included, run 1..N with
  // no number twice and none missing.
  std::vector<std::int64_t> numbers;
  for (const auto& row : world.Query("SELECT number FROM cases WHERE number LIKE $1 ORDER BY number", 1,
                                     {std::to_string(year) + "-%"})) {
    auto split = SplitCaseNumber(row[0]);
    ASSERT_TRUE(split) << row[0];
    numbers.push_back(split->second);
  }
  std::sort(numbers.begin(), numbers.end());
  ASSERT_GE(numbers.size(), all.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    ASSERT_EQ(numbers[i], static_cast<std::int64_t>(i + 1))
        << "the year's case numbers are not 1.." << numbers.size() << " without a gap or a repeat";
  }
  EXPECT_EQ(world.QueryInt("SELECT last FROM case_numbers WHERE year = $1", {std::to_string(year)}),
            static_cast<std::int64_t>(numbers.size()));

  // Every acknowledged complaint is stored, on the case it was told.
  std::map<std::string, std::string> stored;
  for (const auto& row :
       world.Query("SELECT k.receipt, c.number FROM complaints k JOIN cases c ON c.id = k.case_id", 2)) {
    stored[row[0]] = row[1];
  }
  for (const Submission& s : all) {
    auto found = stored.find(s.receipt);
    ASSERT_NE(found, stored.end()) << "acknowledged complaint " << s.receipt << " is not in the database";
    EXPECT_EQ(found->second, s.case_number) << s.receipt;
  }

  // One audit record per complaint, and in the two-server run the chain's
  // order switches between the servers' appends many times.
  std::set<std::string> two_numbers;
  for (const Submission& s : two) two_numbers.insert(s.case_number);
  std::size_t ours = 0;
  std::vector<int> two_order;
  for (const auto& row :
       world.Query("SELECT object_id FROM audit_log WHERE action = 'complaint.submit' ORDER BY seq", 1)) {
    auto found = by_number.find(row[0]);
    if (found == by_number.end()) continue;
    ++ours;
    if (two_numbers.contains(row[0])) two_order.push_back(found->second->server);
  }
  EXPECT_EQ(ours, all.size()) << "not one audit record per acknowledged complaint";
  int switches = 0;
  for (std::size_t i = 1; i < two_order.size(); ++i) switches += two_order[i] != two_order[i - 1] ? 1 : 0;
  std::cout << fmt::format("[intake] audit records of the two-server run: {}, switching between A and B {} times\n",
                           two_order.size(), switches);
  EXPECT_GE(switches, 3) << "the two servers' appends did not interleave: the test did not run them concurrently";

  ASSERT_NO_FATAL_FAILURE(world.StopAndVerify());
}

TEST(TwoServersTest, OfTwoActionsRacingOnOneVersionThroughTwoServersExactlyOneWins) {
  TwoServers world;
  ASSERT_NO_FATAL_FAILURE(world.Start("race", {}));
  testing::Outcome issued = testing::RunCommand(
      world.Docket("user token " + std::string(app::DemoStaff::kCaseworker) +
                   " --name two-servers --scope cases:read --scope cases:write"));
  ASSERT_EQ(issued.status, 0) << issued.out;
  std::smatch token_match;
  ASSERT_TRUE(std::regex_search(issued.out, token_match, std::regex("dkt_[A-Za-z0-9_-]+"))) << issued.out;
  const HeaderMap auth = {{"Authorization", "Bearer " + token_match.str()}};

  std::array<std::unique_ptr<HttpClient>, kServers> clients;
  for (int i = 0; i < kServers; ++i) {
    clients[i] = std::make_unique<HttpClient>("127.0.0.1", world.Port(i), std::chrono::seconds(30));
  }
  ClientResponse filed = Send(*clients[0], "POST", "/api/v1/complaints", ComplaintBody("race"), JsonHeaders());
  ASSERT_EQ(filed.status, 201) << filed.body;
  const std::string number = StringField(JsonOf(filed), "case_number");
  const std::string target = "/api/v1/cases/" + number;
  ClientResponse first = Send(*clients[0], "GET", target, {}, auth);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::int64_t initial = VersionOf(first);
  ASSERT_GT(initial, 0);

  // Each server assigns the case to someone else, from the same version: a
  // lost update would leave both 200s, or the loser's assignee stored.
  const std::array<std::string, kServers> assignee = {app::DemoStaff::kInvestigator, app::DemoStaff::kCaseworker};
  constexpr int kRounds = 20;
  std::array<int, kServers> wins{};
  int lost_at_update = 0;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    ClientResponse before = Send(*clients[round % kServers], "GET", target, {}, auth);
    ASSERT_EQ(before.status, 200) << before.body;
    const std::int64_t version = VersionOf(before);
    ASSERT_EQ(version, initial + round);
    std::array<ClientResponse, kServers> answers;
    std::latch go(kServers);
    std::vector<std::thread> racers;
    for (int i = 0; i < kServers; ++i) {
      racers.emplace_back([&, i] {
        HeaderMap headers = JsonHeaders(auth);
        headers.emplace("If-Match", fmt::format("\"{}\"", version));
        std::string body = fmt::format(R"({{"action":"assign","fields":{{"assignee":"{}"}}}})", assignee[i]);
        go.arrive_and_wait();
        answers[i] = Send(*clients[i], "POST", target + "/actions", std::move(body), std::move(headers));
      });
    }
    for (std::thread& r : racers) r.join();
    int winner = -1;
    for (int i = 0; i < kServers; ++i) {
      if (answers[i].status == 200) {
        ASSERT_EQ(winner, -1) << "both servers accepted a change from version " << version << ": a lost update";
        winner = i;
      }
    }
    ASSERT_NE(winner, -1) << "neither server accepted the change: " << answers[0].status << " " << answers[0].body
                          << " / " << answers[1].status << " " << answers[1].body;
    const ClientResponse& loser = answers[1 - winner];
    ASSERT_EQ(loser.status, 412) << "server " << kServerNames[1 - winner] << ": " << loser.body;
    EXPECT_EQ(VersionOf(answers[winner]), version + 1);
    // The refusal says whether the loser read the old version after the
    // winner committed (the check in CaseService::Act) or before (the
    // version condition on the UPDATE): the latter is the race proper.
    if (loser.body.find("was changed by someone else") != std::string::npos) ++lost_at_update;
    ++wins[winner];
    ClientResponse after = Send(*clients[1 - winner], "GET", target, {}, auth);
    ASSERT_EQ(after.status, 200) << after.body;
    EXPECT_EQ(VersionOf(after), version + 1);
    EXPECT_EQ(StringField(JsonOf(after), "assignee"), assignee[winner]) << "the winner's change is not what is stored";
  }
  std::cout << fmt::format("[race] {} rounds: A won {}, B won {}; the loser got past the version check and lost at the "
                           "UPDATE in {} of them\n",
                           kRounds, wins[0], wins[1], lost_at_update);

  EXPECT_EQ(world.QueryInt("SELECT version FROM cases WHERE number = $1", {number}), initial + kRounds);
  EXPECT_EQ(world.QueryInt("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id "
                           "WHERE c.number = $1 AND e.action = 'assign'",
                           {number}),
            kRounds);
  EXPECT_EQ(world.QueryInt("SELECT count(*) FROM audit_log WHERE action = 'case.act' AND object_id = $1", {number}),
            kRounds);
  clients = {};

  // Reading a case is audited in the reading transaction, so concurrent
  // reads meet only at the audit chain's lock: its cost, one server against
  // two. Every read must be on the record exactly once.
  const std::int64_t reads_before =
      world.QueryInt("SELECT count(*) FROM audit_log WHERE action = 'case.read' AND object_id = $1", {number});
  auto read_case = [&](int, int) { return Request{"GET", target, {}, auth}; };
  std::int64_t reads = 0;
  for (const auto& [label, server_of] : std::vector<std::pair<std::string, std::function<int(int)>>>{
           {"4 clients on server A:     ", [](int) { return 0; }},
           {"2 clients on each of A, B: ", [](int t) { return t % kServers; }}}) {
    double wall = 0;
    LockSampler sampler(world.Db());
    std::vector<Exchange> got = RunClients(world, 4, 50, server_of, read_case, &wall);
    sampler.Stop();
    for (const Exchange& e : got) ASSERT_EQ(e.status, 200) << "server " << kServerNames[e.server] << ": " << e.body;
    reads += static_cast<std::int64_t>(got.size());
    std::cout << "[race] audited case reads, " << label << Figures(got, wall) << "\n"
              << "       locks: " << sampler.Report() << "\n";
  }
  EXPECT_EQ(world.QueryInt("SELECT count(*) FROM audit_log WHERE action = 'case.read' AND object_id = $1", {number}),
            reads_before + reads);
  ASSERT_NO_FATAL_FAILURE(world.StopAndVerify());
}

TEST(TwoServersTest, TheComplaintLimitCountsHitsOnBothServersTogether) {
  constexpr int kLimit = 10;
  TwoServers world;
  ASSERT_NO_FATAL_FAILURE(world.Start("limit", {.demo = false, .complaints_per_minute = kLimit}));
  // The limit counts in windows aligned to the minute: start well inside one.
  auto seconds_now = [] { return SystemClock().Now().SecondsSinceEpoch(); };
  if (seconds_now() % 60 > 45) std::this_thread::sleep_for(std::chrono::seconds(61 - seconds_now() % 60));
  const std::int64_t window = seconds_now() / 60 * 60;

  // Four clients, two on each server, twice the limit between them.
  double wall = 0;
  std::vector<Submission> hits =
      FileComplaints(world, 4, kLimit / 2, [](int t) { return t % kServers; }, "limit", &wall);
  std::array<int, kServers> accepted{};
  int refused = 0;
  for (const Submission& s : hits) {
    if (s.status == 201) {
      ++accepted[s.server];
    } else {
      EXPECT_EQ(s.status, 429) << "server " << kServerNames[s.server] << ": " << s.refusal;
      ++refused;
    }
  }
  std::cout << fmt::format("[limit] {} hits over both servers, limit {}: A accepted {}, B accepted {}, {} refused\n",
                           hits.size(), kLimit, accepted[0], accepted[1], refused);
  EXPECT_EQ(accepted[0] + accepted[1], kLimit) << "the limit was not shared between the servers";
  EXPECT_EQ(refused, static_cast<int>(hits.size()) - kLimit);

  // Over the limit now, whichever server is asked.
  for (int i = 0; i < kServers; ++i) {
    HttpClient client("127.0.0.1", world.Port(i));
    ClientResponse more = Send(client, "POST", "/api/v1/complaints", ComplaintBody("over"), JsonHeaders());
    EXPECT_EQ(more.status, 429) << "server " << kServerNames[i] << ": " << more.body;
    EXPECT_EQ(more.Header("Retry-After").value_or(""), "60");
  }
  ASSERT_EQ(seconds_now() / 60 * 60, window)
      << "the hits spanned two rate-limit windows; the counts are not comparable";
  EXPECT_EQ(world.QueryInt("SELECT count FROM rate_limits WHERE key = 'complaint:127.0.0.1'"),
            static_cast<std::int64_t>(hits.size()) + kServers);
  EXPECT_EQ(world.QueryInt("SELECT window_start FROM rate_limits WHERE key = 'complaint:127.0.0.1'"), window);
  EXPECT_EQ(world.QueryInt("SELECT count(*) FROM complaints"), kLimit) << "a refused complaint was stored";
  ASSERT_NO_FATAL_FAILURE(world.StopAndVerify());
}

// Signs in with password and (for staff) the current TOTP code.
ClientResponse Login(std::uint16_t port, std::string_view username, std::string_view password) {
  const std::string code = security::TotpCode(app::DemoStaff::kTotpKey, SystemClock().Now());
  HttpClient client("127.0.0.1", port, std::chrono::seconds(30));
  return Send(client, "POST", "/api/v1/session",
              fmt::format(R"({{"username":"{}","password":"{}","code":"{}"}})", username, password, code),
              JsonHeaders());
}

TEST(TwoServersTest, ASessionMadeOnOneServerIsHonouredAndEndedOnTheOther) {
  TwoServers world;
  ASSERT_NO_FATAL_FAILURE(world.Start("session", {}));
  ClientResponse login = Login(world.Port(0), app::DemoStaff::kCaseworker, app::DemoStaff::kPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie(login.Header("Set-Cookie").value_or(""));
  cookie = cookie.substr(0, cookie.find(';'));
  ASSERT_TRUE(cookie.starts_with("docket_session=")) << cookie;
  const std::string csrf = StringField(JsonOf(login), "csrf_token");
  ASSERT_FALSE(csrf.empty());

  auto me = [&](int server) {
    HttpClient client("127.0.0.1", world.Port(server));
    return Send(client, "GET", "/api/v1/me", {}, {{"Cookie", cookie}});
  };
  for (int server : {1, 0}) {
    ClientResponse who = me(server);
    ASSERT_EQ(who.status, 200) << "server " << kServerNames[server] << ": " << who.body;
    EXPECT_EQ(StringField(JsonOf(who), "username"), app::DemoStaff::kCaseworker);
    EXPECT_EQ(StringField(JsonOf(who), "csrf_token"), csrf) << "server " << kServerNames[server];
  }
  {
    HttpClient client("127.0.0.1", world.Port(1));
    ClientResponse queue = Send(client, "GET", "/api/v1/cases?limit=5", {}, {{"Cookie", cookie}});
    EXPECT_EQ(queue.status, 200) << queue.body;
    // A write on B needs the CSRF token A issued: without it, refused; with it, done.
    ClientResponse forged = Send(client, "DELETE", "/api/v1/session", {}, {{"Cookie", cookie}});
    EXPECT_EQ(forged.status, 403) << forged.body;
    ClientResponse logout = Send(client, "DELETE", "/api/v1/session", {}, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    ASSERT_EQ(logout.status, 204) << logout.body;
  }
  const auto ended = SteadyClock::now();
  EXPECT_EQ(me(1).status, 401) << "the server that ended the session still honours it";
  // A trusted the session a moment ago and may keep trusting it for the
  // credential cache's TTL (2 s, CredentialCache::kDefaultTtl), no longer.
  int status = 0;
  while ((status = me(0).status) == 200 && SteadyClock::now() - ended < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const double took = Seconds(SteadyClock::now() - ended);
  std::cout << fmt::format("[session] server A refused the session ended on B after {:.2f} s\n", took);
  EXPECT_EQ(status, 401);
  EXPECT_LT(took, 3.0) << "server A honoured an ended session past the credential TTL";
  EXPECT_EQ(world.QueryInt("SELECT count(*) FROM sessions"), 0);
  ASSERT_NO_FATAL_FAILURE(world.StopAndVerify());
}

TEST(TwoServersTest, FailedLoginsOnEitherServerCountTowardsOneDelay) {
  TwoServers world;
  ASSERT_NO_FATAL_FAILURE(world.Start("delay", {}));
  const std::string user = app::DemoStaff::kInvestigator;
  auto failures = [&] {
    return world.QueryInt("SELECT failed_logins FROM users WHERE username = $1", {user});
  };
  // Waits out the delay the database holds for the account.
  auto wait_out_delay = [&] {
    const std::int64_t until = world.QueryInt("SELECT locked_until FROM users WHERE username = $1", {user});
    while (SystemClock().Now().SecondsSinceEpoch() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  };

  // Wrong passwords, alternating servers: the first three cost nothing, the
  // fourth delays 1 s, the fifth 2 s, the sixth 4 s (DelayAfterFailures).
  for (int n = 1; n <= 6; ++n) {
    SCOPED_TRACE("failure " + std::to_string(n));
    wait_out_delay();
    const int server = (n - 1) % kServers;
    ClientResponse wrong = Login(world.Port(server), user, "not-the-password-at-all");
    ASSERT_EQ(wrong.status, 401) << "server " << kServerNames[server] << ": " << wrong.body;
    EXPECT_EQ(failures(), n) << "server " << kServerNames[server] << " did not add to the count the other left";
  }
  // Right after the sixth failure (on B), both servers refuse even the right password.
  for (int server : {0, 1}) {
    ClientResponse delayed = Login(world.Port(server), user, app::DemoStaff::kPassword);
    EXPECT_EQ(delayed.status, 429) << "server " << kServerNames[server] << ": " << delayed.body;
    const std::string retry(delayed.Header("Retry-After").value_or("0"));
    EXPECT_GE(std::stoi(retry), 1) << "server " << kServerNames[server];
    EXPECT_LE(std::stoi(retry), 4) << "server " << kServerNames[server];
  }
  EXPECT_EQ(failures(), 6) << "a refused attempt while delayed counted as a failure";

  // Once the delay is over, a success on A clears the count B sees.
  wait_out_delay();
  ClientResponse success = Login(world.Port(0), user, app::DemoStaff::kPassword);
  ASSERT_EQ(success.status, 200) << success.body;
  EXPECT_EQ(failures(), 0);
  ClientResponse again = Login(world.Port(1), user, "not-the-password-at-all");
  EXPECT_EQ(again.status, 401) << again.body;
  EXPECT_EQ(failures(), 1);
  EXPECT_EQ(world.QueryInt("SELECT count(*) FROM audit_log WHERE action = 'login.failed' AND object_id = $1", {user}),
            7);
  ASSERT_NO_FATAL_FAILURE(world.StopAndVerify());
}

TEST(TwoServersTest, FailedLoginsRacingOnBothServersAreEachCounted) {
  TwoServers world;
  ASSERT_NO_FATAL_FAILURE(world.Start("login_race", {}));
  // Wrong passwords for one account from eight clients at once, four on
  // each server. All eight pass the delay check before any failure is
  // recorded (the check comes before the slow hash), so all eight are
  // refused as wrong, and each must add one to the count: the count is what
  // the delay grows from. One account per round, so no round waits out a
  // delay; six rounds of eight stay under the 60 sign-ins a minute one
  // address may make.
  constexpr int kClients = 8;
  const std::array<std::string, 6> users = {app::DemoStaff::kCaseworker,  app::DemoStaff::kInvestigator,
                                            app::DemoStaff::kPanelMember, app::DemoStaff::kAppealPanel,
                                            app::DemoStaff::kOversight,   app::DemoStaff::kAdministrator};
  for (const std::string& user : users) {
    SCOPED_TRACE(user);
    double wall = 0;
    std::vector<Exchange> got = RunClients(
        world, kClients, 1, [](int t) { return t % kServers; },
        [&](int, int) {
          return Request{
              "POST", "/api/v1/session",
              fmt::format(R"({{"username":"{}","password":"not-the-password-at-all","code":"000000"}})", user),
              JsonHeaders()};
        },
        &wall);
    int refused = 0;
    for (const Exchange& e : got) {
      ASSERT_TRUE(e.status == 401 || e.status == 429) << "server " << kServerNames[e.server] << ": " << e.body;
      if (e.status == 401) ++refused;
    }
    const std::int64_t counted = world.QueryInt("SELECT failed_logins FROM users WHERE username = $1", {user});
    const std::int64_t audited =
        world.QueryInt("SELECT count(*) FROM audit_log WHERE action = 'login.failed' AND object_id = $1", {user});
    std::cout << fmt::format("[login race] {}: {} refused as wrong in {:.2f} s, {} failures audited, count now {}\n",
                             user, refused, wall, audited, counted);
    EXPECT_EQ(audited, refused);
    EXPECT_EQ(counted, refused) << "concurrent failed logins were lost from the count (a lost update on users)";
  }
  ASSERT_NO_FATAL_FAILURE(world.StopAndVerify());
}

}  // namespace
}  // namespace docket
