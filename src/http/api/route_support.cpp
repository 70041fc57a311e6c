#include "http/api/route_support.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include <fmt/format.h>
#include <boost/json/serialize.hpp>

#include "http/utf8.hpp"

namespace docket::http::api {
namespace {

// Every API body is small (evidence uploads are raw bytes, not JSON); the
// server's body limit already caps the bytes, this caps the nesting too.
constexpr JsonLimits kBodyLimits{.max_bytes = std::size_t{1} << 20, .max_depth = 8};

tl::unexpected<Error> FieldError(std::string_view name, std::string_view what) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': {}", name, what));
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

Response JsonResponse(int status, const boost::json::value& body) {
  Response response = Response::Json(status, boost::json::serialize(body));
  response.headers["Cache-Control"] = "no-store";
  return response;
}

Response ErrorResponse(const Error& error, const Request& request) {
  Response response = ProblemResponse(error, request);
  response.headers["Cache-Control"] = "no-store";
  return response;
}

Response HttpError(int status, std::string detail) {
  Response response = ProblemResponse(HttpProblem(status, std::move(detail)));
  response.headers["Cache-Control"] = "no-store";
  return response;
}

std::optional<Response> RequireJsonBody(const Request& request) {
  std::string_view type = request.Header("Content-Type").value_or("");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::string lower(type);
  std::transform(lower.begin(), lower.end(), lower.begin(), Lower);
  if (lower == "application/json") return std::nullopt;
  return HttpError(415, fmt::format("the body must be JSON, sent with 'Content-Type: application/json'; it was '{}'",
                                    type.empty() ? "(none)" : std::string(type)));
}

Result<JsonDocument> ParseBody(const Request& request) { return ParseJson(request.body, kBodyLimits); }

Result<void> CheckQuery(const Request& request, std::initializer_list<std::string_view> known) {
  std::vector<std::string_view> seen;
  for (const auto& [name, value] : request.query) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string names;
      for (std::string_view k : known) names += (names.empty() ? "" : ", ") + std::string(k);
      return FieldError(name.size() > 64 ? "(a long name)" : name,
                        known.size() == 0 ? "is not a known query parameter; this route takes none"
                                          : fmt::format("is not a known query parameter; known: {}", names));
    }
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) return FieldError(name, "is given more than once");
    seen.push_back(name);
  }
  return Ok();
}

std::size_t Length(std::string_view text) { return CountCodePoints(text); }

Result<std::optional<std::string>> QueryText(const Request& request, std::string_view name, StringLimits limits) {
  auto value = request.Query(name);
  if (!value) return std::optional<std::string>();
  const std::size_t length = Length(*value);
  if (length > limits.max_length) {
    return FieldError(name, fmt::format("must be at most {} characters; it has {}", limits.max_length, length));
  }
  if (length < limits.min_length) return FieldError(name, "must not be empty");
  return std::optional<std::string>(std::string(*value));
}

Result<std::optional<std::int64_t>> QueryInteger(const Request& request, std::string_view name,
                                                 IntegerLimits limits) {
  auto value = request.Query(name);
  if (!value) return std::optional<std::int64_t>();
  std::int64_t number = 0;
  const char* end = value->data() + value->size();
  auto [ptr, ec] = std::from_chars(value->data(), end, number);
  if (value->empty() || ec != std::errc() || ptr != end || (*value)[0] == '+') {
    return FieldError(name, "must be a whole number");
  }
  if (number < limits.min || number > limits.max) {
    return FieldError(name, fmt::format("must be between {} and {}; it is {}", limits.min, limits.max, number));
  }
  return std::optional<std::int64_t>(number);
}

Result<std::optional<bool>> QueryBoolean(const Request& request, std::string_view name) {
  auto value = request.Query(name);
  if (!value) return std::optional<bool>();
  if (*value == "true") return std::optional<bool>(true);
  if (*value == "false") return std::optional<bool>(false);
  return FieldError(name, "must be true or false");
}

Result<std::string> PathText(const Request& request, std::string_view name, std::size_t max_length) {
  std::string_view value = request.PathParam(name);
  if (value.empty() || value.size() > max_length) {
    return Fail(ErrorCode::kNotFound, fmt::format("no {} '{}'", name, value.size() > max_length ? "(too long)" : value));
  }
  return std::string(value);
}

Result<std::int64_t> PathId(const Request& request, std::string_view name) {
  std::string_view value = request.PathParam(name);
  std::int64_t id = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, id);
  if (value.empty() || value.size() > 18 || ec != std::errc() || ptr != end || id <= 0) {
    return Fail(ErrorCode::kNotFound, fmt::format("no {} '{}'", name, value.size() > 18 ? "(too long)" : value));
  }
  return id;
}

std::string ETagOf(std::int64_t version) { return fmt::format("\"{}\"", version); }

Result<std::optional<std::int64_t>> IfMatchVersion(const Request& request) {
  auto header = request.Header("If-Match");
  if (!header) return std::optional<std::int64_t>();
  std::string_view text = *header;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  // Only one strong tag as ETagOf() writes it: "*" or a list would let a
  // client skip the check it is there to make.
  if (text.size() < 3 || text.size() > 21 || text.front() != '"' || text.back() != '"') {
    return FieldError("If-Match", "must be the case's ETag, such as \"7\"");
  }
  std::string_view digits = text.substr(1, text.size() - 2);
  std::int64_t version = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || version <= 0) {
    return FieldError("If-Match", "must be the case's ETag, such as \"7\"");
  }
  return std::optional<std::int64_t>(version);
}

}  // namespace docket::http::api
