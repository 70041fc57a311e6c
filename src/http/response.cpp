#include "http/response.hpp"

#include <utility>

namespace docket::http {

Response Response::Json(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  return response;
}

Response Response::Text(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

Response Response::Empty(int status) {
  Response response;
  response.status = status;
  return response;
}

}  // namespace docket::http
