#include "http/request.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/url_view.hpp>

#include "http/utf8.hpp"

namespace docket::http {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethodNames = {{
    {Method::kGet, "GET"},
    {Method::kHead, "HEAD"},
    {Method::kPost, "POST"},
    {Method::kPut, "PUT"},
    {Method::kPatch, "PATCH"},
    {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
}};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Handlers compare decoded text, so a decoded value must be text they can
// trust: valid UTF-8 and free of NUL, which would truncate C strings and paths.
Result<void> CheckDecoded(std::string_view what, std::string_view value) {
  if (value.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{} contains an encoded NUL", what));
  }
  if (auto bad = FindInvalidUtf8(value)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{} is not valid UTF-8 once decoded (byte {})", what, *bad));
  }
  return Ok();
}

}  // namespace

std::string_view Name(Method method) {
  for (const auto& [m, name] : kMethodNames) {
    if (m == method) return name;
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (const auto& [m, text] : kMethodNames) {
    if (text == name) return m;
  }
  return Method::kOther;
}

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const noexcept {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return Lower(x) < Lower(y); });
}

Result<Target> ParseTarget(std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(boost::urls::string_view(target.data(), target.size()));
  if (!parsed) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("request target is not a valid origin-form path: {}", parsed.error().message()));
  }
  Target result;
  result.path = std::string(parsed->encoded_path());
  // The path is split here rather than with Boost.URL's segment views, which
  // hide a leading "/." (their marker for a path starting with "//"): the
  // static file handler must see every segment exactly as sent.
  std::string_view rest = std::string_view(result.path).substr(1);
  while (result.path != "/") {
    const std::size_t slash = rest.find('/');
    auto segment = boost::urls::make_pct_string_view(
        boost::urls::string_view(rest.data(), slash == std::string_view::npos ? rest.size() : slash));
    if (!segment) return Fail(ErrorCode::kInvalidArgument, "a path segment has a malformed percent-escape");
    std::string decoded = segment->decode();
    DOCKET_TRY(CheckDecoded("a path segment", decoded));
    result.segments.push_back(std::move(decoded));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  boost::urls::encoding_opts form_encoding;
  form_encoding.space_as_plus = true;
  for (auto param : parsed->params(form_encoding)) {
    DOCKET_TRY(CheckDecoded("a query parameter name", param.key));
    DOCKET_TRY(CheckDecoded(fmt::format("query parameter '{}'", param.key), param.value));
    result.query.emplace_back(std::string(param.key), std::string(param.value));
  }
  return result;
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Request::PathParam(std::string_view name) const {
  auto it = path_params.find(std::string(name));
  return it == path_params.end() ? std::string_view() : std::string_view(it->second);
}

Result<Request> Request::Make(Method method, std::string_view target, std::string body) {
  DOCKET_TRY_ASSIGN(Target parsed, ParseTarget(target));
  Request request;
  request.method = method;
  request.method_name = std::string(Name(method));
  request.target = std::string(target);
  request.path = std::move(parsed.path);
  request.segments = std::move(parsed.segments);
  request.query = std::move(parsed.query);
  request.body = std::move(body);
  return request;
}

}  // namespace docket::http
