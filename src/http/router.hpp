// Routing: method plus path pattern to handler.
//
// A pattern is a path whose segments are literals or `{name}` parameters, such
// as "/api/v1/cases/{id}/actions". The pattern itself is the route's label in
// logs and metrics, so labels stay few however many cases there are. A path
// that matches no pattern is handed to the fallback (static files) if one is
// set and answered with a 404 problem otherwise; a path that matches a
// pattern registered for other methods gets a 405 problem with an Allow
// header. Where two patterns match, the one with a literal at the first
// segment where they differ wins ("/cases/export" over "/cases/{id}").
//
// A Router is filled before the server starts and only read afterwards, so
// reads need no lock.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace docket::http {

/// Where the server runs a route's handler.
enum class Execution {
  kIoThread,  //!< On the I/O thread: only for handlers that never block (no store, no hashing).
  kBlocking,  //!< On the worker pool: anything that touches SQLite, argon2id, files or the network.
  kAsync,     //!< On the I/O thread, answering later through a Reply (Router::AddAsync).
};

/// Where the server puts a request body.
enum class BodyHandling {
  kInMemory,     //!< In Request::body: for JSON and other small bodies.
  kSpoolToFile,  //!< Streamed to a new file in RouteOptions::spool_dir, named by Request::body_file (uploads).
};

/// Per-route settings.
struct RouteOptions {
  Execution execution = Execution::kIoThread;  //!< Where the handler runs.
  std::optional<std::size_t> body_limit{};     //!< Replaces the server's body limit for this route.
  BodyHandling body = BodyHandling::kInMemory;  //!< In memory, or streamed to disk.
  /// For kSpoolToFile: the folder the body is written to (best on the same
  /// file system as the file's final place, so that moving it is a rename).
  std::filesystem::path spool_dir{};
};

/// A request handler. It returns errors as problem responses; an exception it
/// throws becomes a 500 problem and an error log line.
using Handler = std::function<Response(const Request&)>;

/// How an asynchronous handler answers, once, from any thread. Copies share
/// one answer: the first counts, later ones are logged and dropped, and if
/// every copy is gone unanswered the request gets a 500 problem.
class Reply {
 public:
  /// Makes the response; the server calls it on the connection's I/O thread,
  /// so rendering happens there rather than on the thread that answered.
  using Maker = std::function<Response()>;
  /// Where answers go; the server's implementation resumes the exchange.
  class Sink {
   public:
    virtual ~Sink() = default;
    /// Called exactly once.
    virtual void Answer(Maker make) = 0;
    /// Runs `task` where blocking is allowed (the worker pool).
    virtual void Offload(std::function<void()> task) = 0;
  };

  explicit Reply(std::shared_ptr<Sink> sink);
  /// Answers with what `make` returns.
  void Answer(Maker make) const;
  /// Answers with a response made already.
  void Respond(Response response) const;
  /// Answers with what `work` returns, run on the worker pool: for a request
  /// the handler finds it cannot serve without blocking.
  void Blocking(Maker work) const;

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
};

/// A handler that answers through `reply`, now or later, and never blocks:
/// it runs on an I/O thread. The request stays alive and unchanged until the
/// answer's Maker has run, so handlers and makers may refer to it.
using AsyncHandler = std::function<void(const Request&, Reply)>;

/// One registered route, for checking the router against the API description.
struct RouteInfo {
  Method method = Method::kGet;
  std::string pattern;
  Execution execution = Execution::kIoThread;
};

/// What the router found for a method and path.
struct RouteMatch {
  enum class Kind { kRoute, kFallback, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  std::string label = "unmatched";            //!< The pattern, the fallback's label, or "unmatched".
  const Handler* handler = nullptr;           //!< Set for kRoute and kFallback, unless the route is asynchronous.
  const AsyncHandler* async_handler = nullptr;  //!< Set for asynchronous routes (Execution::kAsync).
  RouteOptions options;                       //!< The route's options (defaults when there is no route).
  std::map<std::string, std::string> params;  //!< The `{name}` segments' decoded values.
  std::string allow;                          //!< For kMethodNotAllowed, the Allow header value.
};

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  /// Registers `handler` for `method` on `pattern`. kInvalidArgument for a
  /// malformed pattern (it must start with '/', have no empty segments, and
  /// name each parameter once as `{identifier}`) or one that differs from a
  /// registered pattern only in parameter names; kAlreadyExists when the
  /// method and pattern are taken. HEAD is answered by the GET handler unless
  /// registered separately.
  Result<void> Add(Method method, std::string_view pattern, Handler handler, RouteOptions options = {});

  /// Registers an asynchronous handler, as Add() does a handler; the options'
  /// execution is kAsync whatever they say, so no spooled bodies.
  Result<void> AddAsync(Method method, std::string_view pattern, AsyncHandler handler, RouteOptions options = {});

  /// Sets the handler for paths that match no pattern, with its label for
  /// logs and metrics. It receives every method and must answer them itself.
  void SetFallback(std::string label, Handler handler, RouteOptions options = {});

  /// Finds the route for a method and decoded path segments.
  RouteMatch Resolve(Method method, const std::vector<std::string>& segments) const;

  /// Answers a resolved request: fills `request.route` and `request.path_params`,
  /// answers 404 and 405 with problems, and runs the handler, turning an
  /// exception into a 500 problem.
  /// An asynchronous route's handler is run here too, and waited for (tests
  /// and tools; the server uses InvokeAsync).
  Response Invoke(const RouteMatch& match, Request& request) const;

  /// Runs an asynchronous route's handler (match.async_handler must be set),
  /// filling the request as Invoke() does; an exception it throws answers 500.
  void InvokeAsync(const RouteMatch& match, Request& request, Reply reply) const;

  /// Resolve and Invoke in one step.
  Response Handle(Request& request) const;

  /// Every registered (method, pattern), ordered by pattern then method; the
  /// implicit HEAD of GET routes is not listed.
  std::vector<RouteInfo> Routes() const;

  /// The largest body any route accepts, given the server's default.
  std::size_t LargestBodyLimit(std::size_t default_limit) const;

 private:
  struct Table;
  Result<void> Insert(Method method, std::string_view pattern, Handler handler, AsyncHandler async_handler,
                      RouteOptions options);
  std::unique_ptr<Table> table_;
};

}  // namespace docket::http
