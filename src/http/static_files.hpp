// The web app's files, served from one folder.
//
// Vite names its build output after the content's hash and puts it under
// /assets/, so those files may be cached for a year as immutable; index.html
// names the current hashes, so it is revalidated on every load (no-cache plus
// an ETag). A GET for a path that is not a file and looks like a client-side
// route (not under /api/ or /assets/, no extension in its last segment) gets
// index.html, so that deep links into the app work.
//
// Paths are checked segment by segment after percent-decoding: "..", ".",
// empty segments (as in "//etc/passwd"), backslashes and encoded slashes are
// refused with 400; encoded NULs never get here (ParseTarget refuses them); a
// symbolic link that leads out of the folder is 404.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace docket::http {

/// The Content-Type for a file name's extension; "application/octet-stream" when unknown.
std::string_view ContentTypeFor(const std::filesystem::path& file);

class StaticFiles {
 public:
  /// Serves the files under `root`. kNotFound unless `root` is a folder that holds index.html.
  static Result<StaticFiles> Create(const std::filesystem::path& root);

  /// Answers GET and HEAD with a file, a 304, index.html or a problem
  /// (400 for a refused path, 404 for a missing file or any /api/ path,
  /// 405 with Allow for other methods).
  Response Serve(const Request& request) const;

 private:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  Response ServeFile(const Request& request, const std::filesystem::path& file, bool immutable) const;
  std::filesystem::path root_;  //!< Canonical.
};

/// Makes `files` the router's fallback, labelled "static", run on the I/O
/// threads (reads come from the page cache and are short).
void MountStaticFiles(Router& router, StaticFiles files);

}  // namespace docket::http
