#include "core/clock.hpp"

#include <chrono>

namespace docket {

Instant SystemClock::Now() const {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return Instant(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

}  // namespace docket
