#include "policy/text_file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

namespace docket::policy {

Result<std::string> ReadTextFile(const std::filesystem::path& path) {
  // An ifstream opens a directory without complaint on Linux, so ask first.
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Fail(ErrorCode::kNotFound, fmt::format("cannot read '{}': it is a directory", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, fmt::format("cannot read '{}'", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kNotFound, fmt::format("cannot read '{}'", path.string()));
  return std::move(text).str();
}

}  // namespace docket::policy
