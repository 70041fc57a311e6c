// Glue shared by the API's routes: JSON and problem responses, strict reading
// of bodies, query parameters and path parameters, and entity tags.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace docket::http::api {

/// A JSON response that no cache keeps: case files must not linger anywhere.
Response JsonResponse(int status, const boost::json::value& body);

/// The problem response for a docket error; kConflict is 412 when the request carried If-Match.
Response ErrorResponse(const Error& error, const Request& request);

/// A problem of HTTP itself (401, 415, 428, 429, ...).
Response HttpError(int status, std::string detail);

/// 415 problem unless the request says its body is JSON ("application/json", parameters allowed).
std::optional<Response> RequireJsonBody(const Request& request);

/// Parses the body as one JSON document within the API's limits. kInvalidArgument as ParseJson.
Result<JsonDocument> ParseBody(const Request& request);

/// kInvalidArgument naming the first query parameter that is not in `known`, or that appears twice.
Result<void> CheckQuery(const Request& request, std::initializer_list<std::string_view> known);

/// An optional query parameter as text within `limits`. kInvalidArgument "field 'name': ...".
Result<std::optional<std::string>> QueryText(const Request& request, std::string_view name, StringLimits limits);

/// An optional query parameter as a decimal integer within `limits`.
Result<std::optional<std::int64_t>> QueryInteger(const Request& request, std::string_view name, IntegerLimits limits);

/// An optional query parameter that must be "true" or "false".
Result<std::optional<bool>> QueryBoolean(const Request& request, std::string_view name);

/// A path parameter of at most `max_length` bytes; longer is kNotFound, as no object has such a name.
Result<std::string> PathText(const Request& request, std::string_view name, std::size_t max_length);

/// A path parameter that must be a positive decimal id; anything else is kNotFound.
Result<std::int64_t> PathId(const Request& request, std::string_view name);

/// The strong entity tag of a case version: "\"7\"".
std::string ETagOf(std::int64_t version);

/// The version an If-Match header names: nullopt when the header is absent;
/// kInvalidArgument "field 'If-Match': ..." unless it is one strong tag as ETagOf() writes it.
Result<std::optional<std::int64_t>> IfMatchVersion(const Request& request);

/// A string as UTF-8 checked by ParseTarget or ParseJson, counted in code points.
std::size_t Length(std::string_view text);

}  // namespace docket::http::api
