// The source of "now". Services take a Clock so tests can fix time.
#pragma once

#include "core/time.hpp"

namespace docket {

/// Tells the current instant.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

/// The system's real-time clock.
class SystemClock final : public Clock {
 public:
  Instant Now() const override;
};

/// A clock that says what it is told; for tests and deterministic demo data.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_; }
  void Set(Instant now) { now_ = now; }
  void Advance(std::int64_t seconds) { now_ = now_.AddSeconds(seconds); }

 private:
  Instant now_;
};

}  // namespace docket
