#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace docket::http {
namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// A web app build in a fresh folder, plus a secret file beside (not inside) it.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("docket-static-" + std::to_string(std::random_device{}()));
    root_ = base_ / "web";
    WriteFile(root_ / "index.html", "<!doctype html><title>docket</title>");
    WriteFile(root_ / "assets" / "index-3f9a1c.js", "console.log(1)");
    WriteFile(root_ / "assets" / "index-77b2e0.css", "body{}");
    WriteFile(root_ / "favicon.svg", "<svg/>");
    WriteFile(base_ / "secret.txt", "top secret");
    auto files = StaticFiles::Create(root_);
    ASSERT_TRUE(files) << files.error().message;
    files_.emplace(std::move(files).value());
  }
  void TearDown() override { fs::remove_all(base_); }

  Response Get(std::string_view target, Method method = Method::kGet) {
    auto request = Request::Make(method, target);
    EXPECT_TRUE(request) << target;
    return files_->Serve(request.value_or(Request{}));
  }

  fs::path base_;
  fs::path root_;
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesIndexHtmlForTheRootWithNoCache) {
  Response response = Get("/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(response.headers["Cache-Control"], "no-cache");
  EXPECT_EQ(response.body, "<!doctype html><title>docket</title>");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableForAYear) {
  Response script = Get("/assets/index-3f9a1c.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script.headers["Cache-Control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/assets/index-77b2e0.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Get("/favicon.svg").content_type, "image/svg+xml");
}

TEST_F(StaticFilesTest, ClientSideRoutesFallBackToIndexHtml) {
  Response response = Get("/cases/2026-000123");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "<!doctype html><title>docket</title>");
  EXPECT_EQ(response.headers["Cache-Control"], "no-cache");
}

TEST_F(StaticFilesTest, MissingAssetsAndApiPathsAreNotFound) {
  EXPECT_EQ(Get("/assets/index-000000.js").status, 404);
  EXPECT_EQ(Get("/missing.png").status, 404);
  EXPECT_EQ(Get("/api/v1/nothing").status, 404);
  EXPECT_EQ(Get("/api/v1/nothing").content_type, "application/problem+json");
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
  EXPECT_EQ(Get("/../secret.txt").status, 400);
  EXPECT_EQ(Get("/assets/../../secret.txt").status, 400);
  EXPECT_EQ(Get("/%2e%2e/secret.txt").status, 400);
  EXPECT_EQ(Get("/%2E%2E%2Fsecret.txt").status, 400);
  EXPECT_EQ(Get("/assets/..%5C..%5Csecret.txt").status, 400);
  EXPECT_EQ(Get("//etc/passwd").status, 400);
  EXPECT_EQ(Get("/./index.html").status, 400);
  EXPECT_FALSE(Request::Make(Method::kGet, "/index.html%00.js"));  // Encoded NUL never reaches the handler.
}

TEST_F(StaticFilesTest, ASymbolicLinkOutOfTheFolderIsNotFollowed) {
  fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  Response response = Get("/leak.txt");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body.find("top secret"), std::string::npos);
}

TEST_F(StaticFilesTest, OnlyGetAndHeadAreAllowed) {
  Response response = Get("/index.html", Method::kPost);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers["Allow"], "GET, HEAD");
}

TEST_F(StaticFilesTest, AMatchingEtagGivesNotModified) {
  Response first = Get("/");
  ASSERT_FALSE(first.headers["ETag"].empty());
  auto request = Request::Make(Method::kGet, "/");
  ASSERT_TRUE(request);
  request->headers.emplace("If-None-Match", first.headers["ETag"]);
  Response second = files_->Serve(*request);
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
}

TEST(StaticFilesCreateTest, RefusesAFolderWithoutIndexHtml) {
  auto files = StaticFiles::Create(fs::temp_directory_path() / "docket-no-such-folder");
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().code, ErrorCode::kNotFound);
}

TEST(ContentTypeTest, KnowsTheWebAppsTypesAndDefaultsToOctetStream) {
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("a.JSON"), "application/json");
  EXPECT_EQ(ContentTypeFor("manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(ContentTypeFor("archive.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace docket::http
