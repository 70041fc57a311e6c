// The response a handler returns: plain data that the server writes to the
// wire. Handlers never see Beast types.
#pragma once

#include <string>
#include <vector>

#include "http/request.hpp"

namespace docket::http {

/// One HTTP response as a handler builds it.
struct Response {
  int status = 200;                  //!< The status code, 100..599.
  std::string content_type;          //!< The Content-Type of `body`; empty when there is no body.
  HeaderMap headers;                 //!< Further header fields (Allow, Cache-Control, ETag, Location, ...).
  std::vector<std::string> cookies;  //!< Set-Cookie values, one header field each.
  std::string body;                  //!< The body; the server sets Content-Length and drops it for HEAD.

  /// A response with a JSON body ("application/json").
  static Response Json(int status, std::string body);
  /// A response with a plain-text body ("text/plain; charset=utf-8").
  static Response Text(int status, std::string body);
  /// A response without a body, such as 204 or 304.
  static Response Empty(int status);
};

}  // namespace docket::http
