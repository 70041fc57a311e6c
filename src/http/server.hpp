// The HTTP/1.1 server behind `docket serve`.
//
// One C++20 coroutine per connection loops read -> handle -> write with
// keep-alive, on an io_context run by one thread per core. Handlers of routes
// marked Execution::kBlocking run on a separate worker pool, so SQLite and
// argon2id never stall the I/O threads. Every parser has a body limit (413
// problem beyond it, the handler never runs) and a header limit (431), and
// every read and write a deadline. Stop(), SIGTERM or SIGINT stop accepting,
// close idle connections, let requests in flight finish (answered with
// "Connection: close"), and then Run() returns.
//
// Built in: GET /healthz (200, on the I/O thread) and GET /metrics
// (Prometheus text, on the worker pool since gauges may query the store),
// unless the router already has them. One access log line per request goes
// to spdlog: method, route label, status, body bytes, duration and client.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace docket::http {

/// Whether the server stops on SIGTERM and SIGINT.
enum class SignalHandling {
  kStopOnSigtermAndSigint,  //!< For `docket serve`: a second signal closes every connection at once.
  kIgnore,                  //!< For tests and embedding: only Stop() stops the server.
};

struct ServerOptions {
  std::string host = "127.0.0.1";                 //!< The address to listen on (IPv4 or IPv6 literal).
  std::uint16_t port = 8080;                      //!< The port; 0 picks a free one, which Port() then tells.
  std::size_t io_threads = 0;                     //!< Threads running I/O; 0 means one per core.
  std::size_t worker_threads = 0;                 //!< Threads running blocking handlers; 0 means one per core.
  std::size_t body_limit = std::size_t{1} << 20;  //!< The largest request body, unless a route sets its own.
  std::uint32_t header_limit = 16 * 1024;         //!< The largest request line plus header fields.
  /// How long a connection may sit idle between requests, and how long a
  /// whole request (header and body) may take to arrive once it has begun.
  std::chrono::milliseconds read_timeout{30'000};
  /// How long a request's header may take to arrive after its first byte (slow-header defence).
  std::chrono::milliseconds header_timeout{10'000};
  /// How long writing one response may take.
  std::chrono::milliseconds write_timeout{30'000};
  /// How long Stop() waits for requests in flight before closing their connections.
  std::chrono::milliseconds shutdown_timeout{30'000};
  SignalHandling signals = SignalHandling::kStopOnSigtermAndSigint;
  /// The registry to count requests in; the server makes its own when null.
  std::shared_ptr<MetricsRegistry> metrics;
  /// The spdlog logger for access lines; empty uses the default logger.
  std::string access_log;
  /// Peers (IP literals) that are reverse proxies: for their requests the
  /// client is the last address of X-Forwarded-For (the one the proxy added;
  /// any before it the client could have written). Rate limits, login delays
  /// and the audit's "from where" then see the real client.
  std::vector<std::string> trusted_proxies;
};

class Server {
 public:
  /// Binds the listening socket and prepares the threads; nothing is served
  /// until Run(). kInvalidArgument for a host that is not an IP address or
  /// for a malformed built-in route; kUnavailable when the address cannot be
  /// bound (port taken, no permission).
  static Result<std::unique_ptr<Server>> Create(ServerOptions options, Router router);

  /// Must not be called while Run() is running in another thread: Stop() and join it first.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The port the server listens on; useful when it was created with port 0.
  std::uint16_t Port() const;

  /// The registry the server counts into, for adding gauges before Run().
  MetricsRegistry& Metrics();

  /// The router's routes including the built-in ones, for checking against the API description.
  std::vector<RouteInfo> Routes() const;

  /// Serves until Stop() or a signal, then drains as described above and
  /// returns once every connection is closed and every handler has returned.
  /// Runs on the calling thread plus io_threads - 1 more. Call it once.
  void Run();

  /// Begins a graceful stop; returns at once. Safe from any thread, at any
  /// time (before Run() too, which then returns at once), more than once.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace docket::http
