#include "http/server.hpp"

// The only translation unit of docket_http that includes Beast and Asio:
// each such unit costs about 16 s and 0.8 GB to compile.
#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <ctime>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include <pthread.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_generator.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "http/problem.hpp"

namespace docket::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kFirstReadSize = 4096;
// After an error response the server reads and discards what the client is
// still sending for at most this long, before it closes the socket.
constexpr std::chrono::milliseconds kLinger{1000};
constexpr std::size_t kMaxDrainBytes = std::size_t{8} << 20;

/// A connection's socket and the state the shutdown logic looks at. Only the
/// connection's strand touches the stream and `idle`.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = false;  //!< Waiting for the first byte of a request.
  std::string client;
};

/// Counters that gauges read; shared with the registry's callbacks, which may outlive the server.
struct LoadCounters {
  std::atomic<std::int64_t> connections{0};
  std::atomic<std::int64_t> in_flight{0};
};

/// What happens to a connection after one exchange.
enum class Next {
  kKeepAlive,   //!< Read the next request.
  kClose,       //!< Close now: the peer is gone, or the response said "Connection: close".
  kDrainClose,  //!< An error response went out before the request was read whole: drain, then close.
};

/// Whether a response carries its body (HEAD gets the headers alone).
enum class Payload { kBody, kHeadersOnly };

/// Whether the connection stays open after a response.
enum class Persistence { kKeepAlive, kClose };

/// Which connections CloseConnections closes.
enum class Which { kIdle, kAll };

/// What the access log and the metrics need to know about one request.
struct Exchange {
  Clock::time_point started = Clock::now();
  std::string method = "-";
  Method known_method = Method::kOther;
  std::string route = "unmatched";
  int status = 0;
  std::size_t bytes = 0;
};

std::string HttpDate() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 64> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text.data(), length);
}

std::string ClientOf(const tcp::socket& socket) {
  error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return "-";
  const asio::ip::address address = peer.address();
  return address.is_v6() ? fmt::format("[{}]:{}", address.to_string(), peer.port())
                         : fmt::format("{}:{}", address.to_string(), peer.port());
}

// The client a trusted proxy names: the last entry of its X-Forwarded-For,
// as "ADDRESS:0" (the port is not forwarded). Nothing when the peer is not a
// trusted proxy or the entry is not an IP address.
std::optional<std::string> ForwardedClient(std::string_view peer, std::string_view forwarded,
                                           const std::set<asio::ip::address>& trusted) {
  if (forwarded.empty()) return std::nullopt;
  std::string_view host = peer;
  if (host.starts_with('[')) {
    host = host.substr(1, host.find(']') - 1);
  } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  error_code ec;
  const asio::ip::address peer_address = asio::ip::make_address(std::string(host), ec);
  if (ec || !trusted.contains(peer_address)) return std::nullopt;
  const std::size_t comma = forwarded.rfind(',');
  std::string_view last = comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  const asio::ip::address client = asio::ip::make_address(std::string(last), ec);
  if (ec) return std::nullopt;
  return client.is_v6() ? fmt::format("[{}]:0", client.to_string()) : fmt::format("{}:0", client.to_string());
}

// CR, LF or NUL in a field would let a value smuggle in header fields of its
// own; Beast writes fields verbatim, so they are checked here.
bool IsSafeFieldText(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

template <class Message>
void SetFields(Message& message, const Response& response) {
  message.set(bh::field::date, HttpDate());
  message.set("X-Content-Type-Options", "nosniff");
  if (!response.content_type.empty()) message.set(bh::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) {
    if (IsSafeFieldText(name) && IsSafeFieldText(value) && !name.empty()) {
      message.set(name, value);
    } else {
      spdlog::error("http: dropped response header '{}' holding CR, LF or NUL", name);
    }
  }
  for (const std::string& cookie : response.cookies) {
    if (IsSafeFieldText(cookie)) message.insert(bh::field::set_cookie, cookie);
  }
}

bh::message_generator ToMessage(Response response, Payload payload, unsigned version, Persistence persistence) {
  // A handler answers with a final status; 1xx responses belong to the server.
  if (response.status < 200 || response.status > 599) {
    spdlog::error("http: handler returned status {}; sending 500", response.status);
    response = ProblemResponse(Error{ErrorCode::kInternal, "handler returned an invalid status"});
  }
  const auto status = static_cast<unsigned>(response.status);
  // 204 and 304 responses never have a body (RFC 9110 sections 15.3.5 and
  // 15.4.5); Beast throws when asked to frame one.
  const bool bodyless = status == 204 || status == 304;
  if (bodyless) response.body.clear();
  bh::response<bh::string_body> message;
  message.version(version);
  message.result(status);
  SetFields(message, response);
  if (payload == Payload::kHeadersOnly) {
    // HEAD gets the Content-Length that GET would have, and no body. One
    // message type for both keeps a second serializer out of this unit.
    if (!bodyless) message.content_length(response.body.size());
  } else {
    message.body() = std::move(response.body);
    message.prepare_payload();
  }
  message.keep_alive(persistence == Persistence::kKeepAlive);
  return bh::message_generator(std::move(message));
}

bool PeerIsGone(const error_code& ec) {
  return ec == bh::error::end_of_stream || ec == bh::error::partial_message || ec == beast::error::timeout ||
         ec == asio::error::operation_aborted || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::bad_descriptor;
}

/// Why reading a request body failed.
struct BodyFailure {
  enum Kind { kTooLarge, kPeerGone, kMalformed } kind;
  error_code ec;
};

/// Reads the rest of a request whose header `parser` has read, answering
/// "Expect: 100-continue" first; the same steps for every body type.
template <class Parser>
asio::awaitable<std::optional<BodyFailure>> ReadBody(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                     Parser& parser, Clock::time_point deadline,
                                                     std::chrono::milliseconds write_timeout) {
  if (parser.is_done()) co_return std::nullopt;
  const auto expect = parser.get()[bh::field::expect];
  if (beast::iequals(expect, "100-continue")) {
    // A fixed interim response, written as bytes: a Beast serializer for it
    // would cost compile time for nothing.
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream.expires_after(write_timeout);
    auto [continue_ec, continue_bytes] =
        co_await asio::async_write(stream, asio::buffer(kContinue.data(), kContinue.size()), kUseTuple);
    (void)continue_bytes;
    if (continue_ec) co_return BodyFailure{BodyFailure::kPeerGone, continue_ec};
  }
  stream.expires_at(deadline);
  auto [body_ec, body_bytes] = co_await bh::async_read(stream, buffer, parser, kUseTuple);
  (void)body_bytes;
  if (body_ec == bh::error::body_limit) co_return BodyFailure{BodyFailure::kTooLarge, body_ec};
  if (body_ec) co_return BodyFailure{PeerIsGone(body_ec) ? BodyFailure::kPeerGone : BodyFailure::kMalformed, body_ec};
  co_return std::nullopt;
}

asio::awaitable<Response> InvokeOnWorker(const Router& router, const RouteMatch& match, Request& request) {
  co_return router.Invoke(match, request);
}

/// Where an asynchronous handler's answer goes: back to the coroutine that
/// awaits it, on that coroutine's executor (the connection's strand), which
/// is kept from running out of work until then.
template <class CompletionHandler>
class AwaitedReply final : public Reply::Sink {
 public:
  AwaitedReply(CompletionHandler handler, asio::thread_pool::executor_type workers)
      : handler_(std::move(handler)),
        home_(asio::prefer(asio::get_associated_executor(handler_), asio::execution::outstanding_work.tracked)),
        workers_(std::move(workers)) {}

  void Answer(Reply::Maker make) override {
    asio::any_io_executor home = std::move(home_);
    asio::post(home, [handler = std::move(handler_), make = std::move(make)]() mutable {
      std::move(handler)(std::move(make));
    });
  }

  void Offload(std::function<void()> task) override { asio::post(workers_, std::move(task)); }

 private:
  CompletionHandler handler_;
  asio::any_io_executor home_;
  asio::thread_pool::executor_type workers_;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions server_options, Router server_router)
      : options(std::move(server_options)),
        router(std::move(server_router)),
        metrics(options.metrics ? options.metrics : std::make_shared<MetricsRegistry>()),
        counters(std::make_shared<LoadCounters>()),
        io_threads(options.io_threads != 0 ? options.io_threads : std::max(1U, std::thread::hardware_concurrency())),
        ioc(static_cast<int>(io_threads)),
        control(asio::make_strand(ioc)),
        acceptor(control),
        signals(control),
        shutdown_timer(control),
        workers(options.worker_threads != 0 ? options.worker_threads
                                            : std::max(1U, std::thread::hardware_concurrency())) {}

  Result<void> Listen();
  void AddBuiltIns();
  void WatchSignals();
  void BeginStop();
  void FinishIfDrained();
  void CloseConnections(Which which);
  void Unregister(const std::shared_ptr<Connection>& connection);
  void Log(const Exchange& exchange, const Connection& connection) const;

  asio::awaitable<void> Accept();
  asio::awaitable<void> Session(std::shared_ptr<Connection> connection);
  asio::awaitable<Next> ServeOne(Connection& connection, beast::flat_buffer& buffer);
  asio::awaitable<Next> Reject(Connection& connection, Exchange& exchange, int status, std::string detail, Next next);
  asio::awaitable<void> Close(beast::tcp_stream& stream, Next how);

  ServerOptions options;
  Router router;
  std::shared_ptr<MetricsRegistry> metrics;
  std::shared_ptr<LoadCounters> counters;
  std::shared_ptr<spdlog::logger> access_log;  // Null: the default logger.
  std::size_t io_threads;
  std::size_t largest_body_limit = 0;
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::set<asio::ip::address> trusted_proxies;

  // The io_context is declared before every I/O object so that it is destroyed after them.
  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> control;  // The acceptor, signals and shutdown timer.
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer shutdown_timer;
  asio::thread_pool workers;

  std::mutex connections_mutex;
  std::unordered_set<std::shared_ptr<Connection>> connections;
};

Result<void> Server::Impl::Listen() {
  error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, fmt::format("host '{}' is not an IP address", options.host));
  for (const std::string& proxy : options.trusted_proxies) {
    const asio::ip::address trusted = asio::ip::make_address(proxy, ec);
    if (ec) return Fail(ErrorCode::kInvalidArgument, fmt::format("trusted proxy '{}' is not an IP address", proxy));
    trusted_proxies.insert(trusted);
  }
  const tcp::endpoint endpoint(address, options.port);
  const std::string where = fmt::format("{}:{}", options.host, options.port);
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot open a socket for {}: {}", where, ec.message()));
  }
  // SO_REUSEADDR lets a restarted server bind while old connections sit in TIME_WAIT.
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) {
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot listen on {}: {}", where, ec.message()));
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot listen on {}: {}", where, ec.message()));
  }
  port = acceptor.local_endpoint(ec).port();
  return Ok();
}

void Server::Impl::AddBuiltIns() {
  // A route the caller registered first wins, so kAlreadyExists is expected.
  (void)router.Add(Method::kGet, "/healthz", [](const Request&) { return Response::Json(200, R"({"status":"ok"})"); });
  (void)router.Add(
      Method::kGet, "/metrics",
      [registry = metrics](const Request&) {
        Response response;
        response.content_type = std::string(MetricsRegistry::kContentType);
        response.headers["Cache-Control"] = "no-store";
        response.body = registry->Render();
        return response;
      },
      RouteOptions{.execution = Execution::kBlocking});
  // A registry shared by two servers keeps the first one's gauges.
  (void)metrics->AddGauge("docket_http_open_connections", "Client connections currently open.", [load = counters] {
    return std::vector<GaugeSample>{{{}, static_cast<double>(load->connections.load())}};
  });
  (void)metrics->AddGauge("docket_http_requests_in_flight", "Requests read but not yet answered.", [load = counters] {
    return std::vector<GaugeSample>{{{}, static_cast<double>(load->in_flight.load())}};
  });
}

void Server::Impl::WatchSignals() {
  if (options.signals != SignalHandling::kStopOnSigtermAndSigint) return;
  signals.add(SIGINT);
  signals.add(SIGTERM);
  signals.async_wait([this](error_code ec, int signal_number) {
    if (ec) return;
    spdlog::info("http: signal {} received; finishing requests in flight (send it again to close at once)",
                 signal_number);
    BeginStop();
    signals.async_wait([this](error_code again_ec, int) {
      if (again_ec) return;
      spdlog::warn("http: second signal; closing every connection");
      CloseConnections(Which::kAll);
    });
  });
}

void Server::Impl::BeginStop() {
  if (stopping.exchange(true)) return;
  asio::post(control, [this] {
    error_code ec;
    acceptor.close(ec);
    shutdown_timer.expires_after(options.shutdown_timeout);
    shutdown_timer.async_wait([this](error_code timer_ec) {
      if (timer_ec) return;
      spdlog::warn("http: requests still in flight after {} ms; closing their connections",
                   options.shutdown_timeout.count());
      CloseConnections(Which::kAll);
    });
    CloseConnections(Which::kIdle);
    FinishIfDrained();
  });
}

// Runs on the control strand. The timer and a pending signal wait would keep
// the io_context running, so once the last connection is gone they are cancelled.
void Server::Impl::FinishIfDrained() {
  {
    std::lock_guard lock(connections_mutex);
    if (!connections.empty()) return;
  }
  shutdown_timer.cancel();
  error_code ec;
  signals.cancel(ec);
}

void Server::Impl::CloseConnections(Which which) {
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(connections_mutex);
    open.assign(connections.begin(), connections.end());
  }
  for (auto& connection : open) {
    // The stream belongs to the connection's strand; touching it from here would race with its coroutine.
    asio::post(connection->stream.get_executor(), [connection, which] {
      if (which == Which::kAll) {
        connection->stream.close();
      } else if (connection->idle) {
        connection->stream.cancel();
      }
    });
  }
}

void Server::Impl::Unregister(const std::shared_ptr<Connection>& connection) {
  {
    std::lock_guard lock(connections_mutex);
    connections.erase(connection);
  }
  --counters->connections;
  if (stopping.load()) asio::post(control, [this] { FinishIfDrained(); });
}

void Server::Impl::Log(const Exchange& exchange, const Connection& connection) const {
  const auto duration = Clock::now() - exchange.started;
  metrics->ObserveRequest(Name(exchange.known_method), exchange.route, exchange.status, duration);
  spdlog::logger* logger = access_log ? access_log.get() : spdlog::default_logger_raw();
  logger->info("http method={} route={} status={} bytes={} duration_ms={:.3f} client={}", exchange.method,
               exchange.route, exchange.status, exchange.bytes,
               std::chrono::duration<double, std::milli>(duration).count(), connection.client);
}

asio::awaitable<void> Server::Impl::Accept() {
  asio::steady_timer backoff(control);
  while (true) {
    asio::any_io_executor strand = asio::make_strand(ioc);
    auto [ec, socket] = co_await acceptor.async_accept(strand, kUseTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      // Out of file descriptors, typically: wait a little rather than spin.
      spdlog::warn("http: accept failed: {}", ec.message());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(kUseTuple);
      continue;
    }
    auto connection = std::make_shared<Connection>(std::move(socket));
    connection->client = ClientOf(connection->stream.socket());
    {
      std::lock_guard lock(connections_mutex);
      connections.insert(connection);
    }
    ++counters->connections;
    asio::co_spawn(strand, Session(connection), [this, connection](std::exception_ptr failure) {
      if (failure) {
        try {
          std::rethrow_exception(failure);
        } catch (const std::exception& e) {
          spdlog::error("http: connection from {} failed: {}", connection->client, e.what());
        }
        error_code ignored;
        connection->stream.socket().close(ignored);
        Unregister(connection);
      }
    });
  }
}

asio::awaitable<void> Server::Impl::Session(std::shared_ptr<Connection> connection) {
  beast::tcp_stream& stream = connection->stream;
  // Bytes of a pipelined next request stay here from one exchange to the next.
  beast::flat_buffer buffer;
  Next next = Next::kClose;
  while (true) {
    if (buffer.size() == 0) {
      // Waiting for the first byte separately tells an idle connection, which
      // shutdown may close, from one with a request under way, which it must let finish.
      connection->idle = true;
      if (stopping.load()) break;
      stream.expires_after(options.read_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kFirstReadSize), kUseTuple);
      connection->idle = false;
      if (ec) break;
      buffer.commit(n);
    }
    next = co_await ServeOne(*connection, buffer);
    if (next != Next::kKeepAlive) break;
  }
  co_await Close(stream, next);
  Unregister(connection);
}

asio::awaitable<Next> Server::Impl::ServeOne(Connection& connection, beast::flat_buffer& buffer) {
  beast::tcp_stream& stream = connection.stream;
  Exchange exchange;
  const Clock::time_point deadline = exchange.started + options.read_timeout;

  bh::request_parser<bh::string_body> parser;
  parser.header_limit(options.header_limit);
  parser.body_limit(largest_body_limit);
  stream.expires_after(std::min(options.header_timeout, options.read_timeout));
  auto [header_ec, header_bytes] = co_await bh::async_read_header(stream, buffer, parser, kUseTuple);
  (void)header_bytes;
  if (header_ec) {
    if (PeerIsGone(header_ec)) co_return Next::kClose;
    if (header_ec == bh::error::header_limit) {
      co_return co_await Reject(connection, exchange, 431,
                                fmt::format("the request header exceeds {} bytes", options.header_limit),
                                Next::kDrainClose);
    }
    if (header_ec == bh::error::body_limit) {
      co_return co_await Reject(connection, exchange, 413,
                                fmt::format("the request body exceeds the limit of {} bytes", largest_body_limit),
                                Next::kDrainClose);
    }
    co_return co_await Reject(connection, exchange, 400, fmt::format("malformed HTTP request: {}", header_ec.message()),
                              Next::kDrainClose);
  }

  Request request;
  {
    const auto& header = parser.get();
    request.method_name = std::string(header.method_string());
    request.method = ParseMethod(request.method_name);
    request.target = std::string(header.target());
    request.client = connection.client;
    if (!trusted_proxies.empty()) {
      if (auto forwarded = ForwardedClient(connection.client, header["X-Forwarded-For"], trusted_proxies)) {
        request.client = *forwarded;
      }
    }
    for (const auto& field : header) {
      const std::string name(field.name_string());
      auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
      // Repeated fields are one comma-separated list (RFC 9110 section 5.3); Cookie uses "; ".
      if (!inserted) it->second.append(field.name() == bh::field::cookie ? "; " : ", ").append(field.value());
    }
  }
  exchange.method = request.method_name;
  exchange.known_method = request.method;
  ++counters->in_flight;
  struct InFlight {
    LoadCounters& load;
    ~InFlight() { --load.in_flight; }
  } in_flight{*counters};

  Result<Target> target = ParseTarget(request.target);
  RouteMatch match;
  if (target) {
    request.path = std::move(target->path);
    request.segments = std::move(target->segments);
    request.query = std::move(target->query);
    match = router.Resolve(request.method, request.segments);
    exchange.route = match.label;
  }

  // The parser was given the largest limit of any route, so that routing
  // could wait for the header; now the route's own limit applies.
  const std::size_t body_limit = match.options.body_limit.value_or(options.body_limit);
  if (auto length = parser.content_length(); length && *length > body_limit) {
    co_return co_await Reject(connection, exchange, 413,
                              fmt::format("the request body has {} bytes; the limit is {}", *length, body_limit),
                              Next::kDrainClose);
  }
  parser.body_limit(body_limit);

  const unsigned version = parser.get().version();
  const bool client_keeps_alive = parser.get().keep_alive();
  // Deletes a spooled body once the exchange is over, whatever the handler did with it.
  struct SpoolGuard {
    std::filesystem::path path;
    void Remove() {
      std::error_code ignored;
      if (!path.empty()) std::filesystem::remove(path, ignored);
      path.clear();
    }
    ~SpoolGuard() { Remove(); }
  } spool;
  std::optional<BodyFailure> failure;
  if (match.options.body == BodyHandling::kSpoolToFile && target) {
    // Uploads go to disk as they arrive: memory stays flat whatever the size.
    static std::atomic<std::uint64_t> spooled{0};
    spool.path = match.options.spool_dir / fmt::format(".spool-{}-{}", ::getpid(), spooled.fetch_add(1));
    bh::request_parser<bh::file_body> file_parser(std::move(parser));
    file_parser.body_limit(body_limit);
    error_code open_ec;
    file_parser.get().body().open(spool.path.c_str(), beast::file_mode::write_new, open_ec);
    if (open_ec) {
      spdlog::error("http: cannot create the upload file {}: {}", spool.path.string(), open_ec.message());
      spool.path.clear();
      co_return co_await Reject(connection, exchange, 503, "the server cannot store uploads just now",
                                Next::kDrainClose);
    }
    failure = co_await ReadBody(stream, buffer, file_parser, deadline, options.write_timeout);
    file_parser.get().body().close();
    // The body's size() is the file's size when it was opened, so ask the file system.
    std::error_code size_ec;
    request.body_size = failure ? 0 : std::filesystem::file_size(spool.path, size_ec);
    request.body_file = spool.path;
  } else {
    failure = co_await ReadBody(stream, buffer, parser, deadline, options.write_timeout);
    request.body = std::move(parser.get().body());
    request.body_size = request.body.size();
  }
  if (failure) {
    spool.Remove();
    switch (failure->kind) {
      case BodyFailure::kTooLarge:
        co_return co_await Reject(connection, exchange, 413,
                                  fmt::format("the request body exceeds the limit of {} bytes", body_limit),
                                  Next::kDrainClose);
      case BodyFailure::kPeerGone:
        co_return Next::kClose;
      case BodyFailure::kMalformed:
        co_return co_await Reject(connection, exchange, 400,
                                  fmt::format("malformed HTTP request body: {}", failure->ec.message()),
                                  Next::kDrainClose);
    }
  }

  Response response;
  if (!target) {
    response = ProblemResponse(HttpProblem(400, target.error().message));
  } else {
    try {
      const bool blocking = (match.kind == RouteMatch::Kind::kRoute || match.kind == RouteMatch::Kind::kFallback) &&
                            match.options.execution == Execution::kBlocking;
      if (match.async_handler != nullptr) {
        Reply::Maker make = co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Reply::Maker)>(
            [&](auto handler) {
              auto sink = std::make_shared<AwaitedReply<decltype(handler)>>(std::move(handler), workers.get_executor());
              router.InvokeAsync(match, request, Reply(std::move(sink)));
            },
            asio::use_awaitable);
        response = make();
      } else if (blocking) {
        response = co_await asio::co_spawn(workers.get_executor(), InvokeOnWorker(router, match, request),
                                           asio::use_awaitable);
      } else {
        response = router.Invoke(match, request);
      }
    } catch (const std::exception& e) {
      response = ProblemResponse(Error{ErrorCode::kInternal, fmt::format("dispatching {} {} failed: {}",
                                                                         request.method_name, match.label, e.what())});
    }
  }

  // Before the response goes out, so that a client that has its answer finds no spooled file left.
  spool.Remove();
  const bool keep_alive = client_keeps_alive && !stopping.load();
  const Payload payload = request.method == Method::kHead ? Payload::kHeadersOnly : Payload::kBody;
  exchange.status = response.status;
  exchange.bytes = payload == Payload::kHeadersOnly ? 0 : response.body.size();
  // Logged and counted before the write, so that a client that has read its
  // response and then scrapes /metrics always finds the request counted.
  Log(exchange, connection);
  bh::message_generator message =
      ToMessage(std::move(response), payload, version, keep_alive ? Persistence::kKeepAlive : Persistence::kClose);
  stream.expires_after(options.write_timeout);
  auto [write_ec, written] = co_await beast::async_write(stream, std::move(message), kUseTuple);
  (void)written;
  if (write_ec) spdlog::debug("http: writing to {} failed: {}", connection.client, write_ec.message());
  if (write_ec || !keep_alive) co_return Next::kClose;
  co_return Next::kKeepAlive;
}

asio::awaitable<Next> Server::Impl::Reject(Connection& connection, Exchange& exchange, int status, std::string detail,
                                           Next next) {
  Response response = ProblemResponse(HttpProblem(status, std::move(detail)));
  exchange.status = status;
  exchange.bytes = response.body.size();
  Log(exchange, connection);
  bh::message_generator message = ToMessage(std::move(response), Payload::kBody, 11, Persistence::kClose);
  connection.stream.expires_after(options.write_timeout);
  auto [ec, written] = co_await beast::async_write(connection.stream, std::move(message), kUseTuple);
  (void)written;
  co_return ec ? Next::kClose : next;
}

asio::awaitable<void> Server::Impl::Close(beast::tcp_stream& stream, Next how) {
  error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (how == Next::kDrainClose && !ec) {
    // Closing a socket with unread input makes the kernel send a reset,
    // which can destroy the error response before the client has read it.
    std::array<char, 16384> scratch{};
    std::size_t drained = 0;
    stream.expires_after(std::min<std::chrono::milliseconds>(kLinger, options.read_timeout));
    while (drained < kMaxDrainBytes) {
      auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(scratch), kUseTuple);
      if (read_ec) break;
      drained += n;
    }
  }
  stream.close();
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Create(ServerOptions options, Router router) {
  std::shared_ptr<spdlog::logger> access_log;
  if (!options.access_log.empty()) {
    access_log = spdlog::get(options.access_log);
    if (!access_log) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("no spdlog logger named '{}'", options.access_log));
    }
  }
  auto impl = std::make_unique<Impl>(std::move(options), std::move(router));
  impl->access_log = std::move(access_log);
  impl->AddBuiltIns();
  impl->largest_body_limit = impl->router.LargestBodyLimit(impl->options.body_limit);
  DOCKET_TRY(impl->Listen());
  impl->WatchSignals();
  Impl* raw = impl.get();
  asio::co_spawn(raw->control, raw->Accept(), [](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      spdlog::critical("http: the accept loop failed: {}", e.what());
    }
  });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::Port() const { return impl_->port; }

MetricsRegistry& Server::Metrics() { return *impl_->metrics; }

std::vector<RouteInfo> Server::Routes() const { return impl_->router.Routes(); }

void Server::Run() {
  auto run = [this] {
    // A handler that throws out of run() must not take the thread with it
    // (the Asio documentation's advice); run() resumes where it left off.
    while (true) {
      try {
        impl_->ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: an I/O handler threw: {}", e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->io_threads; ++i) {
    threads.emplace_back([run] {
      pthread_setname_np(pthread_self(), "docket-io");  // the calling thread keeps the process's name
      run();
    });
  }
  run();
  for (std::thread& thread : threads) thread.join();
  impl_->workers.join();
  spdlog::info("http: server on port {} stopped", impl_->port);
}

void Server::Stop() { impl_->BeginStop(); }

}  // namespace docket::http
