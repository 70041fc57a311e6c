// The API description and the router must agree: every registered route is
// described, and nothing is described that is not registered.
#include "http/api/openapi_document.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "tests/api/api_world.hpp"

namespace docket::http::api::testing {
namespace {

namespace bj = boost::json;

constexpr std::array<std::string_view, 5> kMethods = {"get", "post", "put", "patch", "delete"};

bj::value Document() {
  ClientResponse response = ApiWorld::Get().Get(nullptr, "/api/v1/openapi.json");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Content-Type").value_or(""), "application/json");
  return Json(response);
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

// Follows a local "$ref" such as "#/components/responses/BadRequest"; null when it leads nowhere.
const bj::value* Resolve(const bj::value& document, std::string_view ref) {
  if (!ref.starts_with("#/")) return nullptr;
  const bj::value* at = &document;
  std::string_view rest = ref.substr(2);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string key(rest.substr(0, slash));
    if (!at->is_object() || !at->as_object().contains(key)) return nullptr;
    at = &at->as_object().at(key);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  return at;
}

void CheckRefs(const bj::value& document, const bj::value& node, std::vector<std::string>& broken) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.as_object()) {
      if (key == "$ref" && value.is_string() && Resolve(document, value.as_string()) == nullptr) {
        broken.emplace_back(value.as_string());
      }
      CheckRefs(document, value, broken);
    }
  } else if (node.is_array()) {
    for (const bj::value& item : node.as_array()) CheckRefs(document, item, broken);
  }
}

TEST(OpenApiTest, TheDocumentDescribesExactlyTheRegisteredRoutes) {
  const bj::value document = Document();
  ASSERT_TRUE(document.is_object());
  EXPECT_TRUE(std::string_view(document.at("openapi").as_string()).starts_with("3.1"));

  std::set<std::string> described;
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (std::string_view method : kMethods) {
      if (item.as_object().contains(method)) described.insert(fmt::format("{} {}", Upper(method), std::string_view(path)));
    }
  }
  std::set<std::string> registered;
  for (const RouteInfo& route : ApiWorld::Get().Routes()) {
    registered.insert(fmt::format("{} {}", Name(route.method), route.pattern));
  }
  for (const std::string& route : registered) {
    EXPECT_TRUE(described.contains(route)) << route << " is registered but missing from openapi.json";
  }
  for (const std::string& route : described) {
    EXPECT_TRUE(registered.contains(route)) << route << " is in openapi.json but not registered";
  }
  EXPECT_GE(registered.size(), 25u);
}

TEST(OpenApiTest, EveryOperationDescribesItsParametersAndProblems) {
  const bj::value document = Document();
  const std::regex parameter(R"(\{([a-z_]+)\})");
  for (const auto& [path_key, item] : document.at("paths").as_object()) {
    const std::string path(path_key);
    for (std::string_view method : kMethods) {
      if (!item.as_object().contains(method)) continue;
      const bj::object& operation = item.at(method).as_object();
      const std::string name = fmt::format("{} {}", Upper(method), path);
      EXPECT_TRUE(operation.contains("operationId")) << name;
      EXPECT_TRUE(operation.contains("summary")) << name;
      ASSERT_TRUE(operation.contains("responses")) << name;
      const bj::object& responses = operation.at("responses").as_object();
      std::set<std::string> path_parameters;
      if (operation.contains("parameters")) {
        for (const bj::value& p : operation.at("parameters").as_array()) {
          if (p.at("in") == "path") path_parameters.emplace(p.at("name").as_string());
        }
      }
      for (auto it = std::sregex_iterator(path.begin(), path.end(), parameter); it != std::sregex_iterator(); ++it) {
        EXPECT_TRUE(path_parameters.contains((*it)[1].str())) << name << " does not describe {" << (*it)[1] << "}";
      }
      // Signed-in routes say what happens without credentials, and every
      // route that takes input says how it refuses bad input.
      const bool signed_in = !operation.at("security").as_array().empty() &&
                             !operation.at("security").as_array().at(0).as_object().empty();
      if (signed_in) {
        EXPECT_TRUE(responses.contains("401")) << name;
      }
      if (operation.contains("requestBody") || operation.contains("parameters")) {
        bool refuses = false;
        for (const auto& [code, response] : responses) refuses = refuses || code.starts_with("4");
        EXPECT_TRUE(refuses) << name << " takes input but describes no 4xx problem";
      }
    }
  }
  std::vector<std::string> broken;
  CheckRefs(document, document, broken);
  EXPECT_TRUE(broken.empty()) << "unresolved $ref: " << fmt::format("{}", fmt::join(broken, ", "));
}

TEST(OpenApiTest, TheServedDocumentIsTheOneInTheSourceTree) {
  std::ifstream in(std::string(DOCKET_SOURCE_DIR) + "/src/http/api/openapi.json", std::ios::binary);
  ASSERT_TRUE(in);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(OpenApiDocument(), text.str()) << "rebuild: the embedded document is stale";
}

}  // namespace
}  // namespace docket::http::api::testing
