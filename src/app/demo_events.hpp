// Events for the demo organisation: meetings, rallies and hustings over the
// demo's three years, with its officials and members on their platforms, so
// that the platform-sharing rule has something to find. A few events are
// built to raise explainable alerts (an official beside a member publicly
// suspended or expelled for antisemitism), and a few sit just outside the
// rule to show its edges: the sanction not yet public, the official only in
// the audience, a sanctioned person listed by name only until someone
// confirms the match. Deterministic for a given seed.
#pragma once

#include <cstdint>

#include "app/demo.hpp"
#include "app/platform_service.hpp"
#include "app/progress.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "store/store.hpp"

namespace docket::app {

struct DemoEventsOptions {
  std::int64_t events = 300;  //!< Ordinary events, besides the ones built around sanctions.
  std::uint64_t seed = 1;
  Instant now;                //!< Events happen before this instant.
};

struct DemoEventsReport {
  std::int64_t events = 0;
  std::int64_t appearances = 0;
  std::int64_t unresolved = 0;
  CheckReport check;
};

/// Adds events to a database that already holds the demo organisation
/// (run after GenerateDemo). kFailedPrecondition when it has no officials
/// or no published sanction the rule lists.
Result<DemoEventsReport> GenerateDemoEvents(store::Store& store, PlatformService& platform, const domain::Actor& actor,
                                            const DemoEventsOptions& options, const Progress& progress = {});

/// GenerateDemoEvents with the demo's seed and date, run by the system
/// actor with a clock fixed at `options.now`: the one call `docket demo` needs.
Result<DemoEventsReport> AddDemoEvents(store::Store& store, const domain::Policy& policy, const TimeZone& zone,
                                       const DemoOptions& options, const Progress& progress = {});

}  // namespace docket::app
