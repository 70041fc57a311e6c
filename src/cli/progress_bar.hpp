// A progress bar on a terminal; silent when stderr is not a terminal, so
// piped and logged output stays clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/progress.hpp"

namespace docket::cli {

class ProgressBar {
 public:
  /// Draws only when standard error is a terminal.
  ProgressBar();
  ~ProgressBar();
  /// The callback to hand to long-running use cases.
  app::Progress Callback();
  void Update(std::string_view stage, std::int64_t done, std::int64_t total);
  /// Ends the current line, if one was drawn.
  void Finish();

 private:
  bool enabled_ = false;
  bool drawn_ = false;
  std::string stage_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace docket::cli
