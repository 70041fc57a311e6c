#include "cli/progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace docket::cli {

ProgressBar::ProgressBar() : enabled_(isatty(STDERR_FILENO) == 1), started_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { Finish(); }

app::Progress ProgressBar::Callback() {
  return [this](std::string_view stage, std::int64_t done, std::int64_t total) { Update(stage, done, total); };
}

void ProgressBar::Update(std::string_view stage, std::int64_t done, std::int64_t total) {
  if (!enabled_) return;
  if (stage != stage_) {
    if (drawn_) std::fputc('\n', stderr);
    stage_ = stage;
    started_ = std::chrono::steady_clock::now();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  constexpr int kWidth = 30;
  std::string line;
  if (total > 0) {
    int filled = static_cast<int>(kWidth * done / std::max<std::int64_t>(total, 1));
    line = fmt::format("\r{:<10} [{}{}] {:>3}% {}/{} {:.1f}s", stage, std::string(static_cast<std::size_t>(filled), '#'),
                       std::string(static_cast<std::size_t>(kWidth - filled), '.'), 100 * done / total, done, total,
                       seconds);
  } else {
    line = fmt::format("\r{:<10} {} {:.1f}s", stage, done, seconds);
  }
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
  stage_.clear();
}

}  // namespace docket::cli
