// Reading a whole data file into memory. Internal to docket_policy.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace docket::policy {

/// The bytes of a file; kNotFound naming the path when it cannot be opened or read.
Result<std::string> ReadTextFile(const std::filesystem::path& path);

}  // namespace docket::policy
