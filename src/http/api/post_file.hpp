// Reading a file of posts for `docket import posts` and POST /api/v1/posts:
// JSON Lines (one object per line) here, CSV through app::ParsePostsCsv.
// Both take the same fields: platform, url, handle, text, captured_by,
// captured_at, capture_method (required); display_name, posted_at, kind,
// archive_url, attachments, case, complaint (optional). A bad line is a
// RowError naming the line and the field; unknown fields are errors.
#pragma once

#include <string_view>

#include "app/post_service.hpp"
#include "core/result.hpp"

namespace docket::http::api {

/// The format of a posts file, from its name (.jsonl, .ndjson or .csv).
enum class PostFileFormat { kJsonLines, kCsv };

/// kInvalidArgument naming the file when its extension is neither.
Result<PostFileFormat> PostFileFormatOf(std::string_view file_name);

/// Parses JSON Lines; blank lines are skipped. kInvalidArgument only when the file is empty.
Result<app::ParsedPosts> ParsePostsJsonLines(std::string_view text, std::string_view file_name);

/// Parses either format.
Result<app::ParsedPosts> ParsePostsFile(std::string_view text, std::string_view file_name, PostFileFormat format);

}  // namespace docket::http::api
