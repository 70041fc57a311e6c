#include "http/server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "http/json.hpp"
#include "http/problem.hpp"
#include "http/static_files.hpp"
#include "tests/http/http_client.hpp"

namespace docket::http {
namespace {

using namespace std::chrono_literals;
using testing::ClientResponse;
using testing::HttpClient;

/// A door a handler waits at until the test opens it.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool WaitFor(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

/// What the test routes saw.
struct Observed {
  std::atomic<int> creates{0};
  Gate slow_started;
  Gate slow_release;
};

// The routes the tests talk to; POST /api/v1/cases reads its body as strictly as the real API will.
Router TestRouter(Observed& observed) {
  Router router;
  auto check = [](Result<void> added) { EXPECT_TRUE(added) << added.error().message; };
  check(router.Add(Method::kGet, "/api/v1/cases/{id}", [](const Request& request) {
    return Response::Json(200, R"({"id":")" + std::string(request.PathParam("id")) + R"("})");
  }));
  check(router.Add(Method::kPost, "/api/v1/cases", [&observed](const Request& request) -> Response {
    ++observed.creates;
    auto read = [&]() -> Result<std::string> {
      DOCKET_TRY_ASSIGN(JsonDocument document, ParseJson(request.body));
      DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
      DOCKET_TRY_ASSIGN(std::string summary, reader.String("summary", {.max_length = 20, .min_length = 1}));
      DOCKET_TRY(reader.OptionalInteger("priority", {.min = 1, .max = 5}));
      DOCKET_TRY(reader.Finish());
      return summary;
    };
    auto summary = read();
    if (!summary) return ProblemResponse(summary.error(), request);
    return Response::Json(201, R"({"summary":")" + *summary + R"("})");
  }));
  check(router.Add(Method::kPost, "/api/v1/notes", [](const Request&) { return Response::Empty(204); },
                   {.body_limit = 16}));
  check(router.Add(Method::kGet, "/slow",
                   [&observed](const Request&) {
                     observed.slow_started.Open();
                     observed.slow_release.WaitFor(10s);
                     return Response::Text(200, "finally");
                   },
                   {.execution = Execution::kBlocking}));
  check(router.Add(Method::kGet, "/boom", [](const Request&) -> Response { throw std::runtime_error("boom"); }));
  check(router.Add(Method::kGet, "/headers", [](const Request&) {
    Response response = Response::Text(200, "ok");
    response.headers["X-Injected"] = "a\r\nSet-Cookie: stolen=1";
    response.headers["X-Fine"] = "yes";
    response.cookies = {"session=abc; HttpOnly; Secure; SameSite=Strict", "csrf=def; Secure; SameSite=Strict"};
    return response;
  }));
  check(router.Add(Method::kGet, "/client", [](const Request& request) { return Response::Text(200, request.client); }));
  check(router.Add(Method::kGet, "/bad-status", [](const Request&) { return Response::Empty(99); }));
  return router;
}

ServerOptions TestOptions() {
  ServerOptions options;
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 2;
  options.signals = SignalHandling::kIgnore;
  return options;
}

boost::json::object JsonBody(const ClientResponse& response) { return boost::json::parse(response.body).as_object(); }

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { spdlog::set_level(spdlog::level::warn); }

  void Start(ServerOptions options = TestOptions()) { Start(TestRouter(observed_), std::move(options)); }

  void Start(Router router, ServerOptions options) {
    auto server = Server::Create(std::move(options), std::move(router));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(server).value();
    run_ = std::async(std::launch::async, [this] { server_->Run(); });
  }

  void TearDown() override {
    observed_.slow_release.Open();
    if (server_) server_->Stop();
    if (run_.valid()) run_.wait();
  }

  /// Whether Run() returned within `timeout`.
  bool Stopped(std::chrono::milliseconds timeout) { return run_.wait_for(timeout) == std::future_status::ready; }

  std::uint16_t Port() const { return server_->Port(); }

  Observed observed_;
  std::unique_ptr<Server> server_;
  std::future<void> run_;
};

TEST_F(ServerTest, TheClientIsThePeerUnlessATrustedProxyNamesIt) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto direct = client.Get("/client", {{"X-Forwarded-For", "203.0.113.9"}});
  ASSERT_TRUE(direct) << direct.error().message;
  EXPECT_TRUE(direct->body.starts_with("127.0.0.1:")) << "an untrusted peer cannot name another address: " << direct->body;
}

TEST_F(ServerTest, ATrustedProxysLastForwardedAddressIsTheClient) {
  ServerOptions options = TestOptions();
  options.trusted_proxies = {"127.0.0.1"};
  Start(std::move(options));
  HttpClient client("127.0.0.1", Port());
  // The client may send a forged list; the proxy appends the address it saw.
  auto forwarded = client.Get("/client", {{"X-Forwarded-For", "10.0.0.1, 203.0.113.9"}});
  ASSERT_TRUE(forwarded) << forwarded.error().message;
  EXPECT_EQ(forwarded->body, "203.0.113.9:0");
  auto v6 = client.Get("/client", {{"X-Forwarded-For", "2001:db8::7"}});
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->body, "[2001:db8::7]:0");
  auto junk = client.Get("/client", {{"X-Forwarded-For", "not-an-address"}});
  ASSERT_TRUE(junk);
  EXPECT_TRUE(junk->body.starts_with("127.0.0.1:")) << "what is not an address is ignored: " << junk->body;
  auto none = client.Get("/client");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->body.starts_with("127.0.0.1:")) << none->body;
}

TEST_F(ServerTest, HealthzAnswersOk) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/healthz");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"status":"ok"})");
  EXPECT_EQ(response->Header("Content-Type"), "application/json");
  EXPECT_EQ(response->Header("X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(response->Header("Date"));
}

TEST_F(ServerTest, RoutesAPathWithParameters) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/api/v1/cases/2026-000123");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(JsonBody(*response).at("id").as_string(), "2026-000123");
}

TEST_F(ServerTest, AnUnknownPathIsA404Problem) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/api/v1/nothing/here");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->Header("Content-Type"), "application/problem+json");
  EXPECT_EQ(JsonBody(*response).at("status").as_int64(), 404);
}

TEST_F(ServerTest, AWrongMethodIsA405ProblemWithAllow) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Send("DELETE", "/api/v1/cases");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->Header("Allow"), "POST");
  EXPECT_EQ(response->Header("Content-Type"), "application/problem+json");
}

TEST_F(ServerTest, HeadGetsTheHeadersOfGetWithoutTheBody) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Send("HEAD", "/healthz");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("Content-Length"), "15");
  EXPECT_TRUE(response->body.empty());
  // The connection is still in step: the next response is read whole.
  auto next = client.Get("/healthz");
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->body, R"({"status":"ok"})");
}

TEST_F(ServerTest, AHeaderValueWithLineBreaksIsDroppedAndCookiesAreSeparateFields) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/headers");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->Header("X-Fine"), "yes");
  EXPECT_FALSE(response->Header("X-Injected"));
  // The client joins repeated fields with ", "; two Set-Cookie fields arrived.
  EXPECT_EQ(response->Header("Set-Cookie"),
            "session=abc; HttpOnly; Secure; SameSite=Strict, csrf=def; Secure; SameSite=Strict");
}

TEST_F(ServerTest, AnInvalidStatusFromAHandlerBecomesA500) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/bad-status");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 500);
}

TEST_F(ServerTest, AValidBodyReachesTheHandler) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Post("/api/v1/cases", R"({"summary": "Rude remarks", "priority": 2})");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(JsonBody(*response).at("summary").as_string(), "Rude remarks");
}

TEST_F(ServerTest, MalformedJsonIsA400ProblemNamingThePosition) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Post("/api/v1/cases", "{\"summary\": \"x\",\n \"priority\": }");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->Header("Content-Type"), "application/problem+json");
  const auto body = JsonBody(*response);
  EXPECT_EQ(body.at("type").as_string(), "urn:docket:problem:invalid_argument");
  EXPECT_NE(std::string(body.at("detail").as_string()).find("line 2, column 14"), std::string::npos)
      << body.at("detail").as_string();
}

TEST_F(ServerTest, InvalidUtf8IsA400Problem) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Post("/api/v1/cases", "{\"summary\": \"caf\xE9\"}");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(std::string(JsonBody(*response).at("detail").as_string()).find("UTF-8"), std::string::npos);
}

TEST_F(ServerTest, AnUnknownFieldIsA400ProblemNamingIt) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Post("/api/v1/cases", R"({"summary": "x", "sumary": "y"})");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(JsonBody(*response).at("field").as_string(), "sumary");
}

TEST_F(ServerTest, AWrongTypeIsA400ProblemNamingTheField) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Post("/api/v1/cases", R"({"summary": "x", "priority": "high"})");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 400);
  const auto body = JsonBody(*response);
  EXPECT_EQ(body.at("field").as_string(), "priority");
  EXPECT_EQ(body.at("detail").as_string(), "field 'priority': must be a whole number; got a string");
}

TEST_F(ServerTest, AnOverlongStringIsA400ProblemNamingTheField) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Post("/api/v1/cases", R"({"summary": "this summary is far too long"})");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 400);
  const auto body = JsonBody(*response);
  EXPECT_EQ(body.at("field").as_string(), "summary");
  EXPECT_EQ(body.at("detail").as_string(), "field 'summary': must be at most 20 characters; it has 28");
}

TEST_F(ServerTest, ABodyOverTheLimitIs413AndNeverHandled) {
  ServerOptions options = TestOptions();
  options.body_limit = 1024;
  Start(options);
  HttpClient client("127.0.0.1", Port());
  auto response = client.Post("/api/v1/cases", R"({"summary": ")" + std::string(2000, 'x') + R"("})");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("Content-Type"), "application/problem+json");
  EXPECT_FALSE(response->keep_alive);
  EXPECT_EQ(observed_.creates.load(), 0);
}

TEST_F(ServerTest, AChunkedBodyOverTheLimitIs413AndNeverHandled) {
  ServerOptions options = TestOptions();
  options.body_limit = 1024;
  Start(options);
  HttpClient client("127.0.0.1", Port());
  std::string request = "POST /api/v1/cases HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) request += "200\r\n" + std::string(0x200, 'x') + "\r\n";
  request += "0\r\n\r\n";
  auto response = client.SendRaw(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(observed_.creates.load(), 0);
}

TEST_F(ServerTest, ARouteCanSetASmallerBodyLimit) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto fits = client.Post("/api/v1/notes", "0123456789abcdef");
  ASSERT_TRUE(fits) << fits.error().message;
  EXPECT_EQ(fits->status, 204);
  auto too_big = client.Post("/api/v1/notes", "0123456789abcdefg");
  ASSERT_TRUE(too_big) << too_big.error().message;
  EXPECT_EQ(too_big->status, 413);
}

// An upload route streams its body into a file in its spool folder; the file
// is gone once the exchange is over, whether the handler kept it or not.
TEST_F(ServerTest, ASpooledBodyGoesToAFileThatIsRemovedAfterTheHandler) {
  const std::filesystem::path spool =
      std::filesystem::temp_directory_path() / ("docket-spool-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(spool);
  std::atomic<int> handled{0};
  Router router;
  ASSERT_TRUE(router.Add(
      Method::kPost, "/upload",
      [&](const Request& request) {
        ++handled;
        std::ifstream in(request.body_file, std::ios::binary);
        std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const bool same = request.body.empty() && content.size() == request.body_size &&
                          content.find_first_not_of('u') == std::string::npos;
        return Response::Text(200, same ? std::to_string(content.size()) : "mismatch");
      },
      {.execution = Execution::kBlocking, .body_limit = 4 << 20, .body = BodyHandling::kSpoolToFile,
       .spool_dir = spool}));
  Start(std::move(router), TestOptions());
  auto files_in_spool = [&] {
    return std::distance(std::filesystem::directory_iterator(spool), std::filesystem::directory_iterator());
  };
  HttpClient client("127.0.0.1", Port());
  auto response = client.Post("/upload", std::string(3 << 20, 'u'), "application/octet-stream");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, std::to_string(3 << 20));
  EXPECT_EQ(files_in_spool(), 0);

  // Over the limit, sent chunked so that only reading finds out: 413, never handled, nothing left.
  HttpClient second("127.0.0.1", Port());
  std::string request = "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) request += "100000\r\n" + std::string(0x100000, 'u') + "\r\n";
  request += "0\r\n\r\n";
  auto too_big = second.SendRaw(request);
  ASSERT_TRUE(too_big) << too_big.error().message;
  EXPECT_EQ(too_big->status, 413);
  EXPECT_EQ(handled.load(), 1);
  EXPECT_EQ(files_in_spool(), 0);
  std::filesystem::remove_all(spool);
}

TEST(RouterSpoolTest, ASpooledRouteNeedsAFolderAndABlockingHandler) {
  Router router;
  auto handler = [](const Request&) { return Response::Empty(204); };
  EXPECT_FALSE(router.Add(Method::kPost, "/a", handler, {.execution = Execution::kBlocking,
                                                         .body = BodyHandling::kSpoolToFile}));
  EXPECT_FALSE(router.Add(Method::kPost, "/b", handler, {.body = BodyHandling::kSpoolToFile, .spool_dir = "/tmp"}));
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto first = client.Get("/api/v1/cases/1");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->keep_alive);
  auto second = client.Get("/api/v1/cases/2");
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(JsonBody(*second).at("id").as_string(), "2");
  EXPECT_EQ(client.ConnectionsOpened(), 1);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Start();
  HttpClient client("127.0.0.1", Port());
  ASSERT_TRUE(
      client.WriteRaw("GET /api/v1/cases/1 HTTP/1.1\r\nHost: t\r\n\r\n"
                      "GET /api/v1/cases/2 HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto first = client.Receive();
  auto second = client.Receive();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(JsonBody(*first).at("id").as_string(), "1");
  EXPECT_EQ(JsonBody(*second).at("id").as_string(), "2");
}

TEST_F(ServerTest, ConnectionCloseFromTheClientIsHonoured) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/healthz", {{"Connection", "close"}});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_FALSE(response->keep_alive);
  EXPECT_FALSE(client.IsOpen());
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponseBeforeTheBody) {
  Start();
  HttpClient client("127.0.0.1", Port());
  const std::string body = R"({"summary": "x"})";
  ASSERT_TRUE(
      client.WriteRaw("POST /api/v1/cases HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                      "Expect: 100-continue\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n"));
  auto interim = client.Receive();
  ASSERT_TRUE(interim) << interim.error().message;
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.WriteRaw(body));
  auto final_response = client.Receive();
  ASSERT_TRUE(final_response) << final_response.error().message;
  EXPECT_EQ(final_response->status, 201);
}

TEST_F(ServerTest, TheReadTimeoutClosesAnIdleConnection) {
  ServerOptions options = TestOptions();
  options.read_timeout = 200ms;
  Start(options);
  HttpClient client("127.0.0.1", Port());
  ASSERT_TRUE(client.Get("/healthz"));
  const auto idle_since = std::chrono::steady_clock::now();
  auto closed = client.WaitForClose(3s);
  EXPECT_TRUE(closed) << closed.error().message;
  EXPECT_GE(std::chrono::steady_clock::now() - idle_since, 150ms);
}

TEST_F(ServerTest, AnIdleConnectionStaysOpenWithinTheReadTimeout) {
  Start();  // The default read timeout is 30 s.
  HttpClient client("127.0.0.1", Port());
  ASSERT_TRUE(client.Get("/healthz"));
  EXPECT_FALSE(client.WaitForClose(300ms));
}

TEST_F(ServerTest, TheHeaderTimeoutClosesAConnectionWhoseHeaderNeverEnds) {
  ServerOptions options = TestOptions();
  options.header_timeout = 200ms;
  Start(options);
  HttpClient client("127.0.0.1", Port());
  ASSERT_TRUE(client.WriteRaw("GET /healthz HTTP/1.1\r\nHost: t\r\n"));
  auto closed = client.WaitForClose(3s);
  EXPECT_TRUE(closed) << closed.error().message;
}

TEST_F(ServerTest, MalformedHttpIsA400Problem) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.SendRaw("GET /healthz HTTP/1.1\r\nHost t\r\n\r\n");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->Header("Content-Type"), "application/problem+json");
}

TEST_F(ServerTest, BothContentLengthAndChunkedIsRefused) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.SendRaw(
      "POST /api/v1/cases HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\n\r\n");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(observed_.creates.load(), 0);
}

TEST_F(ServerTest, AnOversizedHeaderIsA431Problem) {
  ServerOptions options = TestOptions();
  options.header_limit = 1024;
  Start(options);
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/healthz", {{"X-Padding", std::string(2000, 'p')}});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 431);
}

TEST_F(ServerTest, AnInvalidTargetIsA400Problem) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/api/v1/cases/%FF");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(response->keep_alive);
}

TEST_F(ServerTest, AThrowingHandlerIsA500AndTheConnectionLivesOn) {
  Start();
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/boom");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 500);
  auto next = client.Get("/healthz");
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(client.ConnectionsOpened(), 1);
}

TEST_F(ServerTest, ABlockingHandlerDoesNotHoldUpTheIoThread) {
  ServerOptions options = TestOptions();
  options.io_threads = 1;
  Start(options);
  auto slow = std::async(std::launch::async, [port = Port()] {
    HttpClient client("127.0.0.1", port, 10s);
    return client.Get("/slow");
  });
  ASSERT_TRUE(observed_.slow_started.WaitFor(5s));
  HttpClient client("127.0.0.1", Port());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health) << health.error().message;
  EXPECT_EQ(health->status, 200);
  observed_.slow_release.Open();
  auto slow_response = slow.get();
  ASSERT_TRUE(slow_response) << slow_response.error().message;
  EXPECT_EQ(slow_response->body, "finally");
}

TEST_F(ServerTest, StopFinishesARequestInFlightThenReturns) {
  Start();
  auto slow = std::async(std::launch::async, [port = Port()] {
    HttpClient client("127.0.0.1", port, 10s);
    return client.Get("/slow");
  });
  ASSERT_TRUE(observed_.slow_started.WaitFor(5s));
  server_->Stop();
  // Run() waits for the request in flight, and new connections are refused meanwhile.
  EXPECT_FALSE(Stopped(300ms));
  HttpClient late("127.0.0.1", Port(), 1s);
  EXPECT_FALSE(late.Get("/healthz"));
  observed_.slow_release.Open();
  auto response = slow.get();
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "finally");
  EXPECT_FALSE(response->keep_alive);
  EXPECT_TRUE(Stopped(5s));
}

// An asynchronous route answers from another thread (as the store's writer
// does); its Maker runs on the I/O thread; it may hand the request to the
// worker pool; and a handler that drops its Reply costs a 500, not a hang.
TEST_F(ServerTest, AnAsynchronousRouteIsAnsweredFromAnotherThread) {
  Router router = TestRouter(observed_);
  std::vector<std::thread> answerers;
  std::mutex answerers_mutex;
  ASSERT_TRUE(router.AddAsync(Method::kGet, "/later/{word}", [&](const Request& request, Reply reply) {
    std::string word(request.PathParam("word"));
    std::lock_guard lock(answerers_mutex);
    answerers.emplace_back([reply, word, &request] {
      std::this_thread::sleep_for(20ms);
      reply.Answer([word, &request] { return Response::Text(200, word + " via " + request.route); });
    });
  }));
  ASSERT_TRUE(router.AddAsync(Method::kGet, "/blocking", [](const Request&, Reply reply) {
    reply.Blocking([] { return Response::Text(200, "from a worker"); });
  }));
  ASSERT_TRUE(router.AddAsync(Method::kGet, "/dropped", [](const Request&, Reply) {}));
  ASSERT_TRUE(router.AddAsync(Method::kGet, "/twice", [](const Request&, Reply reply) {
    reply.Respond(Response::Text(200, "first"));
    reply.Respond(Response::Text(200, "second"));
  }));
  EXPECT_FALSE(router.Add(Method::kGet, "/sync-as-async", [](const Request&) { return Response::Empty(204); },
                          {.execution = Execution::kAsync}))
      << "asynchronous routes are added by AddAsync";
  Start(std::move(router), TestOptions());
  {
    // Several at once on their own connections, each waiting on its own thread.
    std::vector<std::future<Result<ClientResponse>>> responses;
    for (int i = 0; i < 8; ++i) {
      responses.push_back(std::async(std::launch::async, [port = Port(), i] {
        HttpClient client("127.0.0.1", port);
        return client.Get("/later/w" + std::to_string(i));
      }));
    }
    for (int i = 0; i < 8; ++i) {
      auto response = responses[static_cast<std::size_t>(i)].get();
      ASSERT_TRUE(response) << response.error().message;
      EXPECT_EQ(response->status, 200);
      EXPECT_EQ(response->body, "w" + std::to_string(i) + " via /later/{word}");
    }
  }
  HttpClient client("127.0.0.1", Port());
  auto blocking = client.Get("/blocking");
  ASSERT_TRUE(blocking) << blocking.error().message;
  EXPECT_EQ(blocking->body, "from a worker");
  auto dropped = client.Get("/dropped");
  ASSERT_TRUE(dropped) << dropped.error().message;
  EXPECT_EQ(dropped->status, 500);
  EXPECT_EQ(dropped->Header("Content-Type"), "application/problem+json");
  auto twice = client.Get("/twice");
  ASSERT_TRUE(twice) << twice.error().message;
  EXPECT_EQ(twice->body, "first");
  // The connection still serves after all of that.
  auto after = client.Get("/healthz");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  server_->Stop();
  EXPECT_TRUE(Stopped(5s));
  std::lock_guard lock(answerers_mutex);
  for (std::thread& thread : answerers) thread.join();
}

TEST_F(ServerTest, StopWaitsForAnAsynchronousAnswerInFlight) {
  Router router = TestRouter(observed_);
  std::promise<Reply> held;
  ASSERT_TRUE(router.AddAsync(Method::kGet, "/held", [&](const Request&, Reply reply) { held.set_value(reply); }));
  Start(std::move(router), TestOptions());
  auto response = std::async(std::launch::async, [port = Port()] {
    HttpClient client("127.0.0.1", port, 10s);
    return client.Get("/held");
  });
  Reply reply = held.get_future().get();
  server_->Stop();
  EXPECT_FALSE(Stopped(300ms)) << "Run() returned with an answer still owed";
  reply.Respond(Response::Text(200, "kept"));
  auto answered = response.get();
  ASSERT_TRUE(answered) << answered.error().message;
  EXPECT_EQ(answered->body, "kept");
  EXPECT_TRUE(Stopped(5s));
}

TEST_F(ServerTest, StopClosesIdleConnectionsAtOnce) {
  Start();
  HttpClient client("127.0.0.1", Port());
  ASSERT_TRUE(client.Get("/healthz"));
  server_->Stop();
  EXPECT_TRUE(Stopped(2s));
  EXPECT_TRUE(client.WaitForClose(1s));
}

TEST_F(ServerTest, SigtermStopsTheServer) {
  ServerOptions options = TestOptions();
  options.signals = SignalHandling::kStopOnSigtermAndSigint;
  Start(options);
  HttpClient client("127.0.0.1", Port());
  ASSERT_TRUE(client.Get("/healthz"));
  std::raise(SIGTERM);
  EXPECT_TRUE(Stopped(5s));
}

TEST_F(ServerTest, MetricsCountARequestByItsRoute) {
  Start();
  HttpClient client("127.0.0.1", Port());
  ASSERT_TRUE(client.Get("/api/v1/cases/7"));
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics) << metrics.error().message;
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(
      metrics->body.find("docket_http_requests_total{method=\"GET\",route=\"/api/v1/cases/{id}\",status=\"2xx\"} 1\n"),
      std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("docket_http_open_connections 1\n"), std::string::npos);
}

TEST_F(ServerTest, GaugesAddedByTheCallerAreScraped) {
  Start();
  ASSERT_TRUE(server_->Metrics().AddGauge("docket_open_cases", "Open cases by stage.", [] {
    return std::vector<GaugeSample>{{{{"stage", "triage"}}, 4}};
  }));
  HttpClient client("127.0.0.1", Port());
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics) << metrics.error().message;
  EXPECT_NE(metrics->body.find("docket_open_cases{stage=\"triage\"} 4\n"), std::string::npos);
}

TEST_F(ServerTest, EachRequestWritesOneAccessLogLine) {
  std::ostringstream lines;
  auto logger =
      std::make_shared<spdlog::logger>("access-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(lines));
  logger->set_pattern("%v");
  spdlog::register_logger(logger);
  logger->set_level(spdlog::level::info);
  ServerOptions options = TestOptions();
  options.access_log = "access-test";
  Start(options);
  HttpClient client("127.0.0.1", Port());
  ASSERT_TRUE(client.Get("/api/v1/cases/7"));
  const std::string text = lines.str();
  EXPECT_NE(text.find("http method=GET route=/api/v1/cases/{id} status=200 bytes=10 duration_ms="), std::string::npos)
      << text;
  EXPECT_NE(text.find(" client=127.0.0.1:"), std::string::npos) << text;
  spdlog::drop("access-test");
}

TEST_F(ServerTest, ListsItsRoutesIncludingTheBuiltInOnes) {
  Start();
  std::vector<std::string> listed;
  for (const RouteInfo& route : server_->Routes())
    listed.push_back(std::string(Name(route.method)) + " " + route.pattern);
  EXPECT_NE(std::find(listed.begin(), listed.end(), "GET /healthz"), listed.end());
  EXPECT_NE(std::find(listed.begin(), listed.end(), "GET /metrics"), listed.end());
  EXPECT_NE(std::find(listed.begin(), listed.end(), "POST /api/v1/cases"), listed.end());
}

TEST(ServerCreateTest, ATakenPortIsUnavailable) {
  ServerOptions options = TestOptions();
  auto first = Server::Create(options, Router());
  ASSERT_TRUE(first) << first.error().message;
  options.port = (*first)->Port();
  auto second = Server::Create(options, Router());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
}

TEST(ServerCreateTest, AHostThatIsNotAnAddressIsInvalid) {
  ServerOptions options = TestOptions();
  options.host = "localhost:80";
  auto server = Server::Create(options, Router());
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
}

// The web app's build in a fresh folder, served as the router's fallback.
class StaticServerTest : public ServerTest {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("docket-web-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(root_ / "web" / "assets");
    std::ofstream(root_ / "web" / "index.html") << "<!doctype html>";
    std::ofstream(root_ / "web" / "assets" / "app-1a2b3c.js") << "export {}";
    std::ofstream(root_ / "secret.txt") << "secret";
    auto files = StaticFiles::Create(root_ / "web");
    ASSERT_TRUE(files) << files.error().message;
    Router router = TestRouter(observed_);
    MountStaticFiles(router, std::move(files).value());
    Start(std::move(router), TestOptions());
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::filesystem::remove_all(root_);
  }
  std::filesystem::path root_;
};

TEST_F(StaticServerTest, ServesFilesWithTypesAndCacheHeaders) {
  HttpClient client("127.0.0.1", Port());
  auto index = client.Get("/");
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->Header("Cache-Control"), "no-cache");
  EXPECT_NE(index->Header("Content-Security-Policy").value_or("").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(index->Header("X-Frame-Options"), "DENY");
  EXPECT_EQ(index->Header("Referrer-Policy"), "no-referrer");
  auto script = client.Get("/assets/app-1a2b3c.js");
  ASSERT_TRUE(script) << script.error().message;
  EXPECT_EQ(script->Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script->Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(script->body, "export {}");
  auto deep_link = client.Get("/cases/2026-000123");
  ASSERT_TRUE(deep_link) << deep_link.error().message;
  EXPECT_EQ(deep_link->body, "<!doctype html>");
}

TEST_F(StaticServerTest, RefusesTraversal) {
  HttpClient client("127.0.0.1", Port());
  for (std::string_view target : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2E%2E/%2E%2E/secret.txt",
                                  "//secret.txt", "/secret.txt%00.js"}) {
    auto response = client.Get(target);
    ASSERT_TRUE(response) << target << ": " << response.error().message;
    EXPECT_EQ(response->status, 400) << target;
    EXPECT_NE(response->body, "secret") << target;
  }
  auto absolute = client.Get("http://127.0.0.1/../secret.txt");
  ASSERT_TRUE(absolute) << absolute.error().message;
  EXPECT_EQ(absolute->status, 400);
}

TEST_F(StaticServerTest, UnknownApiPathsAreProblemsNotTheApp) {
  HttpClient client("127.0.0.1", Port());
  auto response = client.Get("/api/v1/unknown");
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->Header("Content-Type"), "application/problem+json");
}

}  // namespace
}  // namespace docket::http
