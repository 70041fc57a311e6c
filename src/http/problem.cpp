#include "http/problem.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace docket::http {

int HttpStatus(ErrorCode code, ConflictSource source) {
  // No default: a new ErrorCode must be given a status here (-Wswitch).
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kFailedPrecondition: return 409;
    case ErrorCode::kConflict: return source == ConflictSource::kIfMatch ? 412 : 409;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

ConflictSource ConflictSourceOf(const Request& request) {
  return request.Header("If-Match") ? ConflictSource::kIfMatch : ConflictSource::kState;
}

std::string_view StatusPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

std::optional<std::string> FieldOf(std::string_view message) {
  constexpr std::string_view kPrefix = "field '";
  if (!message.starts_with(kPrefix)) return std::nullopt;
  const std::size_t end = message.find("':", kPrefix.size());
  if (end == std::string_view::npos || end == kPrefix.size()) return std::nullopt;
  return std::string(message.substr(kPrefix.size(), end - kPrefix.size()));
}

Problem ProblemFor(const Error& error, ConflictSource source) {
  Problem problem;
  problem.status = HttpStatus(error.code, source);
  problem.type = "urn:docket:problem:" + std::string(Name(error.code));
  // The title is fixed per type (RFC 9457 section 3.1.3), so it comes from the
  // code, while the message goes into `detail`.
  switch (error.code) {
    case ErrorCode::kInvalidArgument: problem.title = "Invalid argument"; break;
    case ErrorCode::kNotFound: problem.title = "Not found"; break;
    case ErrorCode::kAlreadyExists: problem.title = "Already exists"; break;
    case ErrorCode::kFailedPrecondition: problem.title = "Not allowed in the current state"; break;
    case ErrorCode::kConflict: problem.title = "Changed by someone else"; break;
    case ErrorCode::kPermissionDenied: problem.title = "Permission denied"; break;
    case ErrorCode::kUnavailable: problem.title = "Temporarily unavailable"; break;
    case ErrorCode::kInternal: problem.title = "Internal error"; break;
  }
  // An internal error's message may describe the server's insides (file
  // names, SQL); the log keeps it, the client gets a fixed sentence.
  problem.detail =
      error.code == ErrorCode::kInternal ? "an internal error occurred; it has been logged" : error.message;
  problem.field = FieldOf(error.message);
  return problem;
}

Problem HttpProblem(int status, std::string detail) {
  Problem problem;
  problem.status = status;
  problem.title = std::string(StatusPhrase(status));
  problem.detail = std::move(detail);
  return problem;
}

Response ProblemResponse(const Problem& problem) {
  boost::json::object body;
  body["type"] = problem.type;
  body["title"] = problem.title;
  body["status"] = problem.status;
  body["detail"] = problem.detail;
  if (problem.field) body["field"] = *problem.field;
  Response response;
  response.status = problem.status;
  response.content_type = std::string(kProblemContentType);
  response.body = boost::json::serialize(body);
  return response;
}

Response ProblemResponse(const Error& error, const Request& request) {
  return ProblemResponse(error, ConflictSourceOf(request));
}

Response ProblemResponse(const Error& error, ConflictSource source) {
  // The client sees a fixed sentence for internal errors, so the log must keep the message.
  if (error.code == ErrorCode::kInternal) spdlog::error("internal error: {}", error.message);
  return ProblemResponse(ProblemFor(error, source));
}

}  // namespace docket::http
