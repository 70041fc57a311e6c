#include "http/router.hpp"

#include <algorithm>
#include <atomic>
#include <future>
#include <exception>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/problem.hpp"

namespace docket::http {
namespace {

struct PatternSegment {
  std::string text;  //!< The literal, or the parameter's name.
  bool is_parameter = false;
};

struct MethodEntry {
  Handler handler;
  RouteOptions options;
  AsyncHandler async_handler{};  //!< Set instead of `handler` for asynchronous routes.
};

Response Internal(std::string detail) { return ProblemResponse(Error{ErrorCode::kInternal, std::move(detail)}); }

// The 500 problem for a handler that threw `failure` (style.md: what a
// library throws is caught at the edge), so that one faulty handler costs
// one 500, not the connection.
Response Threw(const Request& request, std::string_view label, const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return Internal(fmt::format("handler for {} {} threw: {}", request.method_name, label, e.what()));
  } catch (...) {
    return Internal(fmt::format("handler for {} {} threw a non-standard exception", request.method_name, label));
  }
}

template <class Work>
Response Guarded(const Request& request, std::string_view label, Work&& work) {
  try {
    return work();
  } catch (...) {
    return Threw(request, label, std::current_exception());
  }
}

struct PatternEntry {
  std::string pattern;
  std::vector<PatternSegment> segments;
  std::map<Method, MethodEntry> methods;
};

bool IsIdentifier(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

// Literals are compared with decoded request segments, so they may only hold
// characters that a client never needs to percent-encode.
bool IsLiteral(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~';
    if (!ok) return false;
  }
  return true;
}

Result<std::vector<PatternSegment>> ParsePattern(std::string_view pattern) {
  if (!pattern.starts_with('/')) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("route pattern '{}' must start with '/'", pattern));
  }
  std::vector<PatternSegment> segments;
  if (pattern == "/") return segments;
  std::string_view rest = pattern.substr(1);
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view text = rest.substr(0, slash);
    PatternSegment segment;
    if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
      segment.text = std::string(text.substr(1, text.size() - 2));
      segment.is_parameter = true;
      if (!IsIdentifier(segment.text)) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("route pattern '{}': parameter '{}' is not an identifier", pattern, text));
      }
      for (const auto& earlier : segments) {
        if (earlier.is_parameter && earlier.text == segment.text) {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("route pattern '{}' names parameter '{}' twice", pattern, segment.text));
        }
      }
    } else if (IsLiteral(text)) {
      segment.text = std::string(text);
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("route pattern '{}': segment '{}' is neither a literal of unreserved characters nor a "
                              "{{parameter}}",
                              pattern, text));
    }
    segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return segments;
}

bool SameShape(const std::vector<PatternSegment>& a, const std::vector<PatternSegment>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_parameter != b[i].is_parameter) return false;
    if (!a[i].is_parameter && a[i].text != b[i].text) return false;
  }
  return true;
}

bool Matches(const PatternEntry& entry, const std::vector<std::string>& segments) {
  if (entry.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const PatternSegment& want = entry.segments[i];
    if (want.is_parameter ? segments[i].empty() : want.text != segments[i]) return false;
  }
  return true;
}

// True when `a` should win over `b` for a path both match: the first segment
// where one has a literal and the other a parameter decides.
bool MoreSpecific(const PatternEntry& a, const PatternEntry& b) {
  for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    if (a.segments[i].is_parameter != b.segments[i].is_parameter) return !a.segments[i].is_parameter;
  }
  return false;
}

std::string AllowHeader(const PatternEntry& entry) {
  std::vector<std::string_view> names;
  for (const auto& [method, unused] : entry.methods) {
    names.push_back(Name(method));
    if (method == Method::kGet && !entry.methods.contains(Method::kHead)) names.push_back(Name(Method::kHead));
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

struct Router::Table {
  std::vector<PatternEntry> patterns;
  std::optional<std::string> fallback_label;
  MethodEntry fallback;
};

Router::Router() : table_(std::make_unique<Table>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

struct Reply::Shared {
  explicit Shared(std::shared_ptr<Sink> s) : sink(std::move(s)) {}
  Shared(const Shared&) = delete;
  Shared& operator=(const Shared&) = delete;
  ~Shared() {
    if (!answered.exchange(true)) {
      spdlog::error("http: an asynchronous handler dropped its reply without answering");
      sink->Answer([] { return Internal("the handler ended without answering"); });
    }
  }
  std::shared_ptr<Sink> sink;
  std::atomic<bool> answered{false};
};

Reply::Reply(std::shared_ptr<Sink> sink) : shared_(std::make_shared<Shared>(std::move(sink))) {}

void Reply::Answer(Maker make) const {
  if (shared_->answered.exchange(true)) {
    spdlog::error("http: an asynchronous handler answered twice; the second answer is dropped");
    return;
  }
  shared_->sink->Answer(std::move(make));
}

void Reply::Respond(Response response) const {
  Answer([response = std::move(response)]() mutable { return std::move(response); });
}

void Reply::Blocking(Maker work) const {
  Reply self = *this;
  shared_->sink->Offload([self, work = std::move(work)] {
    Response response;
    try {
      response = work();
    } catch (const std::exception& e) {
      response = Internal(fmt::format("blocking work threw: {}", e.what()));
    } catch (...) {
      response = Internal("blocking work threw a non-standard exception");
    }
    self.Respond(std::move(response));
  });
}

Result<void> Router::Add(Method method, std::string_view pattern, Handler handler, RouteOptions options) {
  if (options.execution == Execution::kAsync) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("route '{}': asynchronous routes are added by AddAsync", pattern));
  }
  return Insert(method, pattern, std::move(handler), nullptr, std::move(options));
}

Result<void> Router::AddAsync(Method method, std::string_view pattern, AsyncHandler handler, RouteOptions options) {
  options.execution = Execution::kAsync;
  return Insert(method, pattern, nullptr, std::move(handler), std::move(options));
}

Result<void> Router::Insert(Method method, std::string_view pattern, Handler handler, AsyncHandler async_handler,
                            RouteOptions options) {
  if (method == Method::kOther) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("route '{}': routes need a known method", pattern));
  }
  DOCKET_TRY_ASSIGN(std::vector<PatternSegment> segments, ParsePattern(pattern));
  if (options.body == BodyHandling::kSpoolToFile &&
      (options.spool_dir.empty() || options.execution != Execution::kBlocking)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("route '{}': a spooled body needs a spool folder and a "
                                                         "blocking handler (it reads a file)",
                                                         pattern));
  }
  for (PatternEntry& entry : table_->patterns) {
    if (!SameShape(entry.segments, segments)) continue;
    if (entry.pattern != pattern) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("route pattern '{}' matches the same paths as '{}'; use "
                                                           "the same parameter names",
                                                           pattern, entry.pattern));
    }
    if (entry.methods.contains(method)) {
      return Fail(ErrorCode::kAlreadyExists, fmt::format("route {} {} is already registered", Name(method), pattern));
    }
    entry.methods.emplace(method, MethodEntry{std::move(handler), options, std::move(async_handler)});
    return Ok();
  }
  PatternEntry entry;
  entry.pattern = std::string(pattern);
  entry.segments = std::move(segments);
  entry.methods.emplace(method, MethodEntry{std::move(handler), options, std::move(async_handler)});
  table_->patterns.push_back(std::move(entry));
  return Ok();
}

void Router::SetFallback(std::string label, Handler handler, RouteOptions options) {
  table_->fallback_label = std::move(label);
  table_->fallback = MethodEntry{std::move(handler), options};
}

RouteMatch Router::Resolve(Method method, const std::vector<std::string>& segments) const {
  const PatternEntry* best = nullptr;
  for (const PatternEntry& entry : table_->patterns) {
    if (Matches(entry, segments) && (best == nullptr || MoreSpecific(entry, *best))) best = &entry;
  }
  RouteMatch match;
  if (best == nullptr) {
    if (table_->fallback_label) {
      match.kind = RouteMatch::Kind::kFallback;
      match.label = *table_->fallback_label;
      match.handler = &table_->fallback.handler;
      match.options = table_->fallback.options;
    }
    return match;
  }
  match.label = best->pattern;
  auto found = best->methods.find(method);
  if (found == best->methods.end() && method == Method::kHead) found = best->methods.find(Method::kGet);
  if (found == best->methods.end()) {
    match.kind = RouteMatch::Kind::kMethodNotAllowed;
    match.allow = AllowHeader(*best);
    return match;
  }
  match.kind = RouteMatch::Kind::kRoute;
  if (found->second.async_handler) {
    match.async_handler = &found->second.async_handler;
  } else {
    match.handler = &found->second.handler;
  }
  match.options = found->second.options;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (best->segments[i].is_parameter) match.params.emplace(best->segments[i].text, segments[i]);
  }
  return match;
}

Response Router::Invoke(const RouteMatch& match, Request& request) const {
  request.route = match.label;
  request.path_params = match.params;
  switch (match.kind) {
    case RouteMatch::Kind::kNotFound:
      return ProblemResponse(HttpProblem(404, fmt::format("no resource at '{}'", request.path)));
    case RouteMatch::Kind::kMethodNotAllowed: {
      Response response = ProblemResponse(HttpProblem(
          405, fmt::format("'{}' does not accept {}; it accepts {}", match.label, request.method_name, match.allow)));
      response.headers["Allow"] = match.allow;
      return response;
    }
    case RouteMatch::Kind::kRoute:
    case RouteMatch::Kind::kFallback: break;
  }
  if (match.async_handler == nullptr) return Guarded(request, match.label, [&] { return (*match.handler)(request); });
  // An asynchronous handler, waited for here; its blocking work runs inline.
  class Waiting final : public Reply::Sink {
   public:
    void Answer(Reply::Maker make) override { made.set_value(std::move(make)); }
    void Offload(std::function<void()> task) override { task(); }
    std::promise<Reply::Maker> made;
  };
  auto sink = std::make_shared<Waiting>();
  std::future<Reply::Maker> made = sink->made.get_future();
  InvokeAsync(match, request, Reply(std::move(sink)));
  Reply::Maker make = made.get();
  return Guarded(request, match.label, make);
}

void Router::InvokeAsync(const RouteMatch& match, Request& request, Reply reply) const {
  request.route = match.label;
  request.path_params = match.params;
  try {
    (*match.async_handler)(request, reply);
  } catch (...) {
    reply.Respond(Threw(request, match.label, std::current_exception()));
  }
}

Response Router::Handle(Request& request) const { return Invoke(Resolve(request.method, request.segments), request); }

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> routes;
  for (const PatternEntry& entry : table_->patterns) {
    for (const auto& [method, route] : entry.methods) {
      routes.push_back(RouteInfo{method, entry.pattern, route.options.execution});
    }
  }
  std::sort(routes.begin(), routes.end(), [](const RouteInfo& a, const RouteInfo& b) {
    return a.pattern != b.pattern ? a.pattern < b.pattern : a.method < b.method;
  });
  return routes;
}

std::size_t Router::LargestBodyLimit(std::size_t default_limit) const {
  std::size_t largest = default_limit;
  for (const PatternEntry& entry : table_->patterns) {
    for (const auto& [method, route] : entry.methods) largest = std::max(largest, route.options.body_limit.value_or(0));
  }
  largest = std::max(largest, table_->fallback.options.body_limit.value_or(0));
  return largest;
}

}  // namespace docket::http
