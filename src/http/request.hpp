// The request a handler sees: plain data that the server fills from the wire,
// so that no Beast type reaches a handler (style.md: dependencies stay at the
// edges). The path segments, query and path parameters are decoded and valid
// UTF-8 without NULs; header values and the body are the bytes as sent (the
// JSON helpers check the body when they parse it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace docket::http {

/// The request methods docket routes on; anything else is kOther.
enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

/// The method's upper-case name as on the wire ("GET"); "OTHER" for kOther.
std::string_view Name(Method method);

/// The method named exactly (case-sensitive, as HTTP methods are); kOther when unknown.
Method ParseMethod(std::string_view name);

/// Orders header names without regard to ASCII case, as HTTP compares them.
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept;
};

/// Header fields by name, compared case-insensitively. Repeated request
/// fields are joined with ", " (RFC 9110 section 5.3).
using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;

/// Query parameters in order of appearance, percent-decoded, '+' read as a space.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// An origin-form request target, split and decoded.
struct Target {
  std::string path;                   //!< The path as sent, still percent-encoded, without the query.
  std::vector<std::string> segments;  //!< The path's segments, decoded; "/" has none, "/a/" has "a" and "".
  QueryParams query;                  //!< The decoded query parameters.
};

/// Parses an origin-form target such as "/api/v1/cases?stage=triage".
/// kInvalidArgument when the target is not origin-form (absolute URLs, "*"),
/// has a malformed percent-escape, or decodes to a NUL or to invalid UTF-8.
Result<Target> ParseTarget(std::string_view target);

/// One HTTP request as a handler sees it.
struct Request {
  Method method = Method::kGet;
  std::string method_name = "GET";                 //!< As sent; differs from Name(method) only for kOther.
  std::string target = "/";                        //!< The request target as sent, path and query.
  std::string path = "/";                          //!< The path as sent, percent-encoded, without the query.
  std::vector<std::string> segments;               //!< The decoded path segments (see Target).
  QueryParams query;                               //!< The decoded query parameters.
  std::map<std::string, std::string> path_params;  //!< Values of the route's `{name}` segments, decoded.
  HeaderMap headers;                               //!< The request's header fields.
  std::string body;                                //!< The body as sent; at most the body limit.
  /// For routes that spool their body to disk (BodyHandling::kSpoolToFile):
  /// the file holding it, and then `body` is empty. The server removes the
  /// file once the handler has returned, unless the handler moved it away.
  std::filesystem::path body_file;
  std::uint64_t body_size = 0;                     //!< The body's length in bytes, in memory or spooled.
  std::string client;                              //!< The peer as "address:port".
  std::string route;                               //!< The matched route's label (its pattern), for logs and metrics.

  /// The value of a header field, if the request has it.
  std::optional<std::string_view> Header(std::string_view name) const;
  /// The first value of a query parameter, if present.
  std::optional<std::string_view> Query(std::string_view name) const;
  /// The value of the route's `{name}` segment; empty if the route has no such segment.
  std::string_view PathParam(std::string_view name) const;

  /// A request for `method` and `target`, for tests and internal dispatch.
  /// kInvalidArgument as ParseTarget.
  static Result<Request> Make(Method method, std::string_view target, std::string body = {});
};

}  // namespace docket::http
