// The OpenAPI 3.1 description of the API, kept in openapi.json next to this
// file and compiled into the binary, so the server always describes itself.
#pragma once

#include <string_view>

namespace docket::http::api {

/// The text of openapi.json as it was at build time.
std::string_view OpenApiDocument();

}  // namespace docket::http::api
