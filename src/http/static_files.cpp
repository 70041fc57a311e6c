#include "http/static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "http/problem.hpp"

namespace docket::http {
namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kContentTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".txt", "text/plain; charset=utf-8"},
    {".xml", "application/xml"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".avif", "image/avif"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".otf", "font/otf"},
    {".wasm", "application/wasm"},
    {".pdf", "application/pdf"},
}};

bool IsInside(const fs::path& root, const fs::path& file) {
  auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return root_end == root.end();
}

// If-None-Match holds "*" or a list of entity tags, compared weakly (RFC 9110 section 13.1.2).
bool NoneMatch(std::string_view header, std::string_view etag) {
  auto strip = [](std::string_view tag) {
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  const std::string_view want = strip(etag);
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view tag = strip(header.substr(0, comma));
    if (tag == "*" || tag == want) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

Response BadPath(std::string_view why) { return ProblemResponse(HttpProblem(400, std::string(why))); }

Response NotFound(const Request& request) {
  return ProblemResponse(HttpProblem(404, fmt::format("no resource at '{}'", request.path)));
}

}  // namespace

std::string_view ContentTypeFor(const fs::path& file) {
  std::string extension = file.extension().string();
  for (char& c : extension) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const auto& [known, type] : kContentTypes) {
    if (extension == known) return type;
  }
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::Create(const fs::path& root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical, ec)) {
    return Fail(ErrorCode::kNotFound, fmt::format("static files: '{}' is not a folder", root.string()));
  }
  if (!fs::is_regular_file(canonical / "index.html", ec)) {
    return Fail(ErrorCode::kNotFound, fmt::format("static files: '{}' has no index.html", root.string()));
  }
  return StaticFiles(std::move(canonical));
}

Response StaticFiles::Serve(const Request& request) const {
  const std::vector<std::string>& segments = request.segments;
  if (!segments.empty() && segments.front() == "api") return NotFound(request);
  if (request.method != Method::kGet && request.method != Method::kHead) {
    Response response =
        ProblemResponse(HttpProblem(405, fmt::format("static files accept GET and HEAD, not {}", request.method_name)));
    response.headers["Allow"] = "GET, HEAD";
    return response;
  }

  fs::path relative;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = segments[i];
    const bool last = i + 1 == segments.size();
    if (segment.empty()) {
      if (last) break;  // A trailing slash names the folder's index.html.
      return BadPath("the path has an empty segment");
    }
    if (segment == "." || segment == "..") return BadPath("the path has a '.' or '..' segment");
    if (segment.find_first_of("/\\") != std::string::npos) return BadPath("a path segment holds a slash or backslash");
    relative /= segment;
  }
  const bool under_assets = !segments.empty() && segments.front() == "assets";
  const bool has_extension = !segments.empty() && segments.back().find('.') != std::string::npos;
  if (relative.empty() || segments.back().empty()) relative /= "index.html";

  std::error_code ec;
  const fs::path candidate = root_ / relative;
  if (fs::is_regular_file(candidate, ec)) {
    // A symbolic link inside the folder may point outside it; the canonical
    // path shows where the bytes would come from.
    const fs::path resolved = fs::canonical(candidate, ec);
    if (ec || !IsInside(root_, resolved)) return NotFound(request);
    return ServeFile(request, resolved, under_assets);
  }
  if (under_assets || has_extension) return NotFound(request);
  return ServeFile(request, root_ / "index.html", false);
}

Response StaticFiles::ServeFile(const Request& request, const fs::path& file, bool immutable) const {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  const auto modified = fs::last_write_time(file, ec);
  if (ec) return NotFound(request);
  // A weak validator from size and modification time: cheap, and it changes
  // whenever a deploy replaces the file.
  const std::string etag = fmt::format("W/\"{:x}-{:x}\"", size, modified.time_since_epoch().count());

  Response response;
  response.headers["Cache-Control"] = std::string(immutable ? kImmutable : kRevalidate);
  response.headers["ETag"] = etag;
  // The app's own files only, no framing (clickjacking), no referrer leaking a case number.
  response.headers["Content-Security-Policy"] = std::string(kContentSecurityPolicy);
  response.headers["X-Frame-Options"] = "DENY";
  response.headers["Referrer-Policy"] = "no-referrer";
  if (auto match = request.Header("If-None-Match"); match && NoneMatch(*match, etag)) {
    response.status = 304;
    return response;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound(request);
  response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  response.status = 200;
  response.content_type = std::string(ContentTypeFor(file));
  return response;
}

void MountStaticFiles(Router& router, StaticFiles files) {
  router.SetFallback("static", [files = std::move(files)](const Request& request) { return files.Serve(request); });
}

}  // namespace docket::http
