// Errors on the wire: RFC 9457 "application/problem+json" documents.
//
// A docket::Error becomes a problem whose `type` names the error code
// ("urn:docket:problem:not_found"), whose `status` comes from the one switch
// in HttpStatus(), whose `detail` is the error's message, and whose optional
// `field` names the offending input when the message has the form
// "field 'x': ...". Failures of HTTP itself (no such route, wrong method,
// body too large) use the type "about:blank", whose title is the status phrase.
//
// kInvalidArgument maps to 400, not 422: docket's code covers both
// unparseable and semantically wrong input, the client's reaction is the
// same ("fix the input, do not retry"), and `type` plus `field` already say
// which input was wrong. One status keeps clients simple.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace docket::http {

/// The media type of problem documents.
inline constexpr std::string_view kProblemContentType = "application/problem+json";

/// Where a kConflict came from, which decides between 412 and 409.
enum class ConflictSource {
  kState,    //!< The object changed under a request without If-Match: 409 Conflict.
  kIfMatch,  //!< An If-Match precondition no longer holds: 412 Precondition Failed.
};

/// The HTTP status for an error code: invalid_argument 400, not_found 404,
/// already_exists 409, failed_precondition 409, conflict 412 (kIfMatch) or
/// 409 (kState), permission_denied 403, unavailable 503, internal 500.
int HttpStatus(ErrorCode code, ConflictSource source = ConflictSource::kState);

/// kIfMatch when the request carries an If-Match header, else kState: the
/// usual way to decide, since a handler passes If-Match on as the expected version.
ConflictSource ConflictSourceOf(const Request& request);

/// The reason phrase of a status code ("Not Found"); "Unknown" for unassigned codes.
std::string_view StatusPhrase(int status);

/// The field named by a message of the form "field 'x': ...", if it has that form.
std::optional<std::string> FieldOf(std::string_view message);

/// An RFC 9457 problem document.
struct Problem {
  std::string type = "about:blank";  //!< A URI naming the kind of problem.
  std::string title;                 //!< A short summary that is the same for every problem of this type.
  int status = 500;                  //!< The HTTP status code.
  std::string detail;                //!< What went wrong this time.
  std::optional<std::string> field;  //!< The request field at fault, when there is one.
};

/// The problem for a docket error, as described at the top of this file.
Problem ProblemFor(const Error& error, ConflictSource source = ConflictSource::kState);

/// A problem of HTTP itself (type "about:blank", title the status phrase).
Problem HttpProblem(int status, std::string detail);

/// The problem as an "application/problem+json" response.
Response ProblemResponse(const Problem& problem);

/// The problem response for an error; kConflict is 412 when `request` had If-Match.
Response ProblemResponse(const Error& error, const Request& request);

/// The problem response for an error, with the conflict source given explicitly.
Response ProblemResponse(const Error& error, ConflictSource source = ConflictSource::kState);

}  // namespace docket::http
