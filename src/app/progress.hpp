// Progress of long-running work, reported to whoever is watching (a terminal
// progress bar in the CLI, nothing in tests).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace docket::app {

/// Called with a stage name and how far it has got; total may be 0 when unknown.
using Progress = std::function<void(std::string_view stage, std::int64_t done, std::int64_t total)>;

}  // namespace docket::app
