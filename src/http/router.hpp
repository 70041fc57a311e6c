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
  const Handler* handler = nullptr;           //!< Set for kRoute and kFallback.
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

  /// Sets the handler for paths that match no pattern, with its label for
  /// logs and metrics. It receives every method and must answer them itself.
  void SetFallback(std::string label, Handler handler, RouteOptions options = {});

  /// Finds the route for a method and decoded path segments.
  RouteMatch Resolve(Method method, const std::vector<std::string>& segments) const;

  /// Answers a resolved request: fills `request.route` and `request.path_params`,
  /// answers 404 and 405 with problems, and runs the handler, turning an
  /// exception into a 500 problem.
  Response Invoke(const RouteMatch& match, Request& request) const;

  /// Resolve and Invoke in one step.
  Response Handle(Request& request) const;

  /// Every registered (method, pattern), ordered by pattern then method; the
  /// implicit HEAD of GET routes is not listed.
  std::vector<RouteInfo> Routes() const;

  /// The largest body any route accepts, given the server's default.
  std::size_t LargestBodyLimit(std::size_t default_limit) const;

 private:
  struct Table;
  std::unique_ptr<Table> table_;
};

}  // namespace docket::http
