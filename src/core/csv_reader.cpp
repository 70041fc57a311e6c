#include "core/csv_reader.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace docket {
namespace {

// A line ends at LF, or at a CR that no LF follows (old Mac exports), so CRLF
// counts once and every convention numbers lines the way an editor does.
bool EndsLine(std::string_view text, std::size_t pos) {
  return text[pos] == '\n' || (text[pos] == '\r' && (pos + 1 >= text.size() || text[pos + 1] != '\n'));
}

}  // namespace

Result<std::optional<CsvRecord>> CsvReader::Next() {
  // Skip blank lines between records: a trailing newline is not an empty record.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (EndsLine(text_, pos_)) ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return std::optional<CsvRecord>();
  CsvRecord record;
  record.line = line_;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  int quote_line = line_;  // where the open quote started, for the error when it never closes
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (quoted) {
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
          continue;
        }
        quoted = false;
        ++pos_;
        continue;
      }
      if (EndsLine(text_, pos_)) ++line_;
      field += c;
      ++pos_;
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("line {}: a quote inside an unquoted field; quote the whole field", line_));
      }
      quoted = true;
      was_quoted = true;
      quote_line = line_;
      ++pos_;
      continue;
    }
    if (c == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      ++pos_;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
      break;
    }
    if (was_quoted) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("line {}: text after a closing quote; expected a comma or the end of the line", line_));
    }
    field += c;
    ++pos_;
  }
  if (quoted) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("line {}: a quoted field is never closed", quote_line));
  }
  record.fields.push_back(std::move(field));
  return std::optional<CsvRecord>(std::move(record));
}

Result<CsvHeader> CsvHeader::Create(const CsvRecord& header, const std::vector<std::string>& required,
                                    const std::vector<std::string>& optional) {
  CsvHeader out;
  std::vector<std::string> problems;
  for (const std::string& raw : header.fields) {
    std::string name = raw;
    // A UTF-8 byte-order mark from spreadsheet exports is not part of the first name.
    if (out.names_.empty() && name.rfind("\xEF\xBB\xBF", 0) == 0) name = name.substr(3);
    bool known = std::find(required.begin(), required.end(), name) != required.end() ||
                 std::find(optional.begin(), optional.end(), name) != optional.end();
    if (!known) problems.push_back(fmt::format("unknown column '{}'", name));
    out.names_.push_back(std::move(name));
  }
  for (const std::string& name : required) {
    if (std::find(out.names_.begin(), out.names_.end(), name) == out.names_.end()) {
      problems.push_back(fmt::format("missing column '{}'", name));
    }
  }
  if (!problems.empty()) {
    std::string allowed;
    for (const auto* list : {&required, &optional}) {
      for (const std::string& name : *list) allowed += (allowed.empty() ? "" : ", ") + name;
    }
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("line {}: {}; the columns are: {}", header.line, fmt::join(problems, "; "), allowed));
  }
  return out;
}

std::optional<std::size_t> CsvHeader::Index(std::string_view column) const {
  auto it = std::find(names_.begin(), names_.end(), column);
  if (it == names_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names_.begin());
}

std::string_view CsvHeader::Get(const CsvRecord& record, std::string_view column) const {
  auto index = Index(column);
  if (!index || *index >= record.fields.size()) return {};
  return record.fields[*index];
}

}  // namespace docket
