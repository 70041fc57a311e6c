#include "http/api/post_file.hpp"

#include <fmt/format.h>

#include "http/json.hpp"

namespace docket::http::api {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

Result<app::PostRecord> ReadPost(std::string_view line_text, int line, std::string_view file_name) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseJson(line_text, JsonLimits{256 * 1024, 8}));
  DOCKET_TRY_ASSIGN(JsonObjectReader row, JsonObjectReader::Of(document));
  app::PostRecord record;
  record.line = line;
  domain::Post& post = record.post;
  const StringLimits field{2048, 0};
  DOCKET_TRY_ASSIGN(post.platform, row.String("platform", field));
  DOCKET_TRY_ASSIGN(post.url, row.String("url", field));
  DOCKET_TRY_ASSIGN(post.handle, row.String("handle", field));
  DOCKET_TRY_ASSIGN(post.text, row.String("text", StringLimits{64 * 1024, 0}));
  DOCKET_TRY_ASSIGN(post.provenance.captured_by, row.String("captured_by", field));
  DOCKET_TRY_ASSIGN(std::string captured_at, row.String("captured_at", field));
  DOCKET_TRY_ASSIGN(post.provenance.method, row.String("capture_method", field));
  DOCKET_TRY_ASSIGN(auto display_name, row.OptionalString("display_name", field));
  DOCKET_TRY_ASSIGN(auto posted_at, row.OptionalString("posted_at", field));
  DOCKET_TRY_ASSIGN(auto kind, row.OptionalString("kind", field));
  DOCKET_TRY_ASSIGN(auto archive_url, row.OptionalString("archive_url", field));
  DOCKET_TRY_ASSIGN(auto attachments, row.OptionalStringList("attachments", ListLimits{20, field}));
  DOCKET_TRY_ASSIGN(auto case_number, row.OptionalString("case", field));
  DOCKET_TRY_ASSIGN(auto complaint, row.OptionalString("complaint", field));
  DOCKET_TRY(row.Finish());
  post.display_name = display_name.value_or("");
  post.provenance.archive_url = archive_url.value_or("");
  post.provenance.source = fmt::format("{}:{}", file_name, line);
  record.case_number = case_number.value_or("");
  record.complaint_receipt = complaint.value_or("");
  if (attachments) {
    for (std::string& path : *attachments) post.attachments.push_back({std::move(path), "", 0, ""});
  }
  if (kind) {
    auto parsed = domain::ParsePostKind(*kind);
    if (!parsed) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'kind': '{}' is not one of post, reply, share, like", *kind));
    }
    post.kind = *parsed;
  }
  auto captured = Instant::Parse(captured_at);
  if (!captured) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field 'captured_at': '{}' is not RFC 3339 (2026-05-10T18:00:00Z)", captured_at));
  }
  post.provenance.captured_at = *captured;
  if (posted_at) {
    auto at = Instant::Parse(*posted_at);
    if (!at) return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'posted_at': '{}' is not RFC 3339", *posted_at));
    post.posted_at = *at;
  }
  DOCKET_TRY(app::CompletePost(post));
  return record;
}

}  // namespace

Result<PostFileFormat> PostFileFormatOf(std::string_view file_name) {
  if (EndsWith(file_name, ".jsonl") || EndsWith(file_name, ".ndjson")) return PostFileFormat::kJsonLines;
  if (EndsWith(file_name, ".csv")) return PostFileFormat::kCsv;
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("{}: a posts file is JSON Lines (.jsonl, .ndjson) or CSV (.csv)", file_name));
}

Result<app::ParsedPosts> ParsePostsJsonLines(std::string_view text, std::string_view file_name) {
  app::ParsedPosts parsed;
  int line = 0;
  bool any = false;
  while (!text.empty()) {
    ++line;
    std::size_t end = text.find('\n');
    std::string_view line_text = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line_text.empty() && line_text.back() == '\r') line_text.remove_suffix(1);
    if (line_text.find_first_not_of(" \t") == std::string_view::npos) continue;
    any = true;
    auto record = ReadPost(line_text, line, file_name);
    if (!record) {
      parsed.errors.push_back({line, record.error().message});
      continue;
    }
    parsed.posts.push_back(std::move(*record));
  }
  if (!any) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: the file is empty", file_name));
  return parsed;
}

Result<app::ParsedPosts> ParsePostsFile(std::string_view text, std::string_view file_name, PostFileFormat format) {
  switch (format) {
    case PostFileFormat::kJsonLines: return ParsePostsJsonLines(text, file_name);
    case PostFileFormat::kCsv: return app::ParsePostsCsv(text, file_name);
  }
  return Fail(ErrorCode::kInternal, "unknown posts file format");
}

}  // namespace docket::http::api
