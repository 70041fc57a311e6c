// The platform-sharing rule at national scale, generated deterministically:
// 200,000 members of whom 5,000 hold offices, 10,000 sanctions, 100,000
// events with 1,000,000 appearances. Goals (issue 5): a full scan under 1 s;
// an incremental check for one changed event or sanction under 1 ms.
//
// Two layers are measured: the pure rule over facts in memory
// (rules::PlatformIndex), and the app's check through SQLite
// (PlatformService), which reads the facts of the affected events, runs the
// same rule and reconciles the stored alerts. The SQLite database is built by
// this benchmark at the path given as the first argument.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/platform_service.hpp"
#include "bench_support.hpp"
#include "core/clock.hpp"
#include "rules/platform_rule.hpp"
#include "store/store.hpp"

namespace docket::bench {
namespace {

constexpr int kMembers = 200'000;
constexpr int kOfficials = 5'000;
constexpr int kSanctions = 10'000;
constexpr int kEvents = 100'000;
constexpr int kPerEvent = 10;

std::string g_db_path;

// SplitMix64: the same world for the same seed on every machine.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Between(int low, int high) { return low + static_cast<int>(Next() % static_cast<std::uint64_t>(high - low + 1)); }
  bool Chance(int percent) { return Between(1, 100) <= percent; }

 private:
  std::uint64_t state_;
};

struct World {
  rules::MemberDirectory members;
  std::vector<rules::EventFacts> events;
};

const World& Generated() {
  static const World world = [] {
    World w;
    Random random(5);
    const Date first = *Date::Parse("2018-01-01");
    for (int i = 1; i <= kMembers; ++i) {
      rules::MemberFacts& m = w.members[MemberId{i}];
      m.name = "Member " + std::to_string(i);
      m.membership_number = "M" + std::to_string(i);
      if (i <= kOfficials) {
        static const char* kKinds[] = {"mp", "councillor", "councillor", "mayor"};
        domain::Office office{kKinds[random.Between(0, 3)], "Office of member " + std::to_string(i),
                              first.AddDays(random.Between(-1500, 2000)), std::nullopt};
        if (random.Chance(30)) office.end = office.start.AddDays(random.Between(200, 1800));
        m.offices.push_back(office);
      }
    }
    for (int i = 1; i <= kSanctions; ++i) {
      static const char* kKinds[] = {"interim_suspension", "suspension", "expulsion", "formal_warning"};
      domain::Sanction s;
      s.id = SanctionId{i};
      s.member = MemberId{random.Between(i % 20 == 0 ? 1 : kOfficials + 1, kMembers)};
      s.kind = kKinds[random.Between(0, 3)];
      s.category = random.Chance(70) ? "antisemitism" : "bullying";
      s.start = first.AddDays(random.Between(0, 3200));
      if (s.kind != "expulsion") s.end = s.start.AddDays(random.Between(30, 720));
      if (!random.Chance(20)) s.published_on = s.start.AddDays(random.Between(0, 30));
      if (random.Chance(5)) {
        s.overturned_at = Instant::StartOfUtcDay(s.start.AddDays(60));
        s.overturn_reason = "appeal upheld";
      }
      w.members[s.member].sanctions.push_back(s);
    }
    std::vector<MemberId> sanctioned;
    for (const auto& [id, m] : w.members) {
      if (!m.sanctions.empty()) sanctioned.push_back(id);
    }
    std::sort(sanctioned.begin(), sanctioned.end());
    static const domain::PlatformRole kRoles[] = {
        domain::PlatformRole::kSpeaker, domain::PlatformRole::kSpeaker,   domain::PlatformRole::kSpeaker,
        domain::PlatformRole::kSpeaker, domain::PlatformRole::kChair,     domain::PlatformRole::kOrganiser,
        domain::PlatformRole::kHost,    domain::PlatformRole::kAttendee,  domain::PlatformRole::kAttendee,
        domain::PlatformRole::kAttendee};
    for (int e = 1; e <= kEvents; ++e) {
      rules::EventFacts event;
      event.event.id = EventId{e};
      event.event.external_id = "event-" + std::to_string(e);
      event.event.title = "Event " + std::to_string(e);
      event.event.starts_at = Instant::StartOfUtcDay(first.AddDays(random.Between(0, 3200))).AddSeconds(random.Between(0, 86399));
      event.event.source = "generated";
      for (int p = 0; p < kPerEvent; ++p) {
        domain::Appearance a;
        a.id = AppearanceId{static_cast<std::int64_t>(e) * kPerEvent + p};
        a.event = event.event.id;
        a.role = kRoles[random.Between(0, 9)];
        int kind = random.Between(1, 100);
        if (kind <= 5) {
          a.name = "Unlisted Person " + std::to_string(random.Between(1, 50000));
          a.match = domain::MatchState::kUnresolved;
        } else {
          MemberId member{kind <= 20 ? random.Between(1, kOfficials)
                          : kind <= 25 ? sanctioned[static_cast<std::size_t>(random.Between(0, static_cast<int>(sanctioned.size()) - 1))].value
                                       : random.Between(kOfficials + 1, kMembers)};
          a.member = member;
          a.name = w.members[member].name;
          a.membership_number = w.members[member].membership_number;
          a.match = domain::MatchState::kByNumber;
        }
        event.appearances.push_back(std::move(a));
      }
      w.events.push_back(std::move(event));
    }
    return w;
  }();
  return world;
}

const rules::PlatformRule& Rule() {
  static const domain::Policy policy = LoadShippedPolicy();
  static const rules::PlatformRule rule(policy.platform_rule, TimeZone::London());
  return rule;
}

rules::PlatformIndex& Index() {
  static std::unique_ptr<rules::PlatformIndex> index = [] {
    auto made = std::make_unique<rules::PlatformIndex>(Rule());
    const World& world = Generated();
    for (const auto& [id, facts] : world.members) made->Member(id) = facts;
    for (const rules::EventFacts& event : world.events) made->PutEvent(event);
    return made;
  }();
  return *index;
}

void BM_RuleFullScanInMemory(benchmark::State& state) {
  rules::PlatformIndex& index = Index();
  std::size_t alerts = 0;
  for (auto _ : state) {
    std::vector<domain::PlatformAlert> found = index.ScanAll();
    alerts = found.size();
    benchmark::DoNotOptimize(found);
  }
  state.counters["events"] = kEvents;
  state.counters["appearances"] = kEvents * kPerEvent;
  state.counters["alerts"] = static_cast<double>(alerts);
}
BENCHMARK(BM_RuleFullScanInMemory)->Unit(benchmark::kMillisecond)->UseRealTime();

// One event changed: evaluate it and reconcile with its stored alerts.
void BM_RuleIncrementalEventInMemory(benchmark::State& state) {
  rules::PlatformIndex& index = Index();
  Random random(7);
  for (auto _ : state) {
    EventId id{random.Between(1, kEvents)};
    std::vector<domain::PlatformAlert> current = index.CheckEvent(id);
    rules::AlertChanges changes = rules::Reconcile({}, std::move(current), [](const domain::PlatformAlert&) {
      return std::string();
    }, Instant(0));
    benchmark::DoNotOptimize(changes);
  }
}
BENCHMARK(BM_RuleIncrementalEventInMemory)->Unit(benchmark::kMicrosecond)->UseRealTime();

// One sanction changed: every event of the sanctioned member.
void BM_RuleIncrementalSanctionInMemory(benchmark::State& state) {
  rules::PlatformIndex& index = Index();
  std::vector<MemberId> sanctioned;
  for (const auto& [id, facts] : index.Members()) {
    if (!facts.sanctions.empty()) sanctioned.push_back(id);
  }
  std::sort(sanctioned.begin(), sanctioned.end());
  Random random(9);
  std::size_t events = 0;
  for (auto _ : state) {
    MemberId member = sanctioned[static_cast<std::size_t>(random.Between(0, static_cast<int>(sanctioned.size()) - 1))];
    std::vector<domain::PlatformAlert> current = index.CheckMember(member);
    events += index.EventsOf(member).size();
    benchmark::DoNotOptimize(current);
  }
  state.counters["events_per_check"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RuleIncrementalSanctionInMemory)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same world in SQLite, written once through the store's repositories.
store::Store& Database() {
  static std::unique_ptr<store::Store> store = []() -> std::unique_ptr<store::Store> {
    namespace fs = std::filesystem;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(g_db_path + suffix);
    auto opened = store::OpenStore(g_db_path, store::Durability::kNormal);
    if (!opened) {
      std::fprintf(stderr, "%s\n", opened.error().message.c_str());
      std::exit(1);
    }
    const World& world = Generated();
    auto tx = (*opened)->Begin(store::TransactionMode::kWrite);
    auto check = [](const auto& result) {
      if (!result) {
        std::fprintf(stderr, "building the database: %s\n", result.error().message.c_str());
        std::exit(1);
      }
    };
    check(tx);
    for (int i = 1; i <= kMembers; ++i) {
      const rules::MemberFacts& facts = world.members.at(MemberId{i});
      domain::Member m;
      m.membership_number = facts.membership_number;
      m.given_name = "Member";
      m.family_name = std::to_string(i);
      m.branch = "Branch";
      m.offices = facts.offices;
      check((*tx)->Members().Insert(m));
    }
    for (int i = 1; i <= kMembers; ++i) {
      for (const domain::Sanction& s : world.members.at(MemberId{i}).sanctions) check((*tx)->Sanctions().Insert(s));
    }
    for (const rules::EventFacts& event : world.events) {
      auto put = (*tx)->Platform().PutEvent(event.event);
      check(put);
      check((*tx)->Platform().ReplaceAppearances(put->first, event.appearances));
    }
    check((*tx)->Commit());
    return std::move(*opened);
  }();
  return *store;
}

const domain::Actor kActor{UserId{}, "bench", "administrator", std::nullopt, "bench"};

void BM_StoreFullScan(benchmark::State& state) {
  static const domain::Policy policy = LoadShippedPolicy();
  static const TimeZone zone = TimeZone::London();
  store::Store& store = Database();
  SystemClock clock;
  app::PlatformService platform(store, policy, zone, clock);
  app::CheckReport report;
  for (auto _ : state) {
    auto scanned = platform.FullScan(kActor);
    if (!scanned) {
      state.SkipWithError(scanned.error().message.c_str());
      return;
    }
    report = *scanned;
  }
  state.counters["events"] = static_cast<double>(report.events_checked);
  state.counters["raised_last"] = static_cast<double>(report.raised);
}
BENCHMARK(BM_StoreFullScan)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

// One changed event or sanction, checked as an import or a match runs it:
// inside the caller's write transaction.
void StoreIncremental(benchmark::State& state, bool by_member) {
  static const domain::Policy policy = LoadShippedPolicy();
  static const TimeZone zone = TimeZone::London();
  store::Store& store = Database();
  SystemClock clock;
  app::PlatformService platform(store, policy, zone, clock);
  const World& world = Generated();
  std::vector<MemberId> sanctioned;
  for (const auto& [id, facts] : world.members) {
    if (!facts.sanctions.empty()) sanctioned.push_back(id);
  }
  std::sort(sanctioned.begin(), sanctioned.end());
  Random random(11);
  std::int64_t events = 0;
  // One write transaction for the whole run, as an import holds one while
  // it checks; rolled back at the end so the database stays as built.
  auto tx = store.Begin(store::TransactionMode::kWrite);
  if (!tx) {
    state.SkipWithError(tx.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    Result<app::CheckReport> checked =
        by_member
            ? platform.CheckIn(**tx, kActor, {},
                               {sanctioned[static_cast<std::size_t>(random.Between(0, static_cast<int>(sanctioned.size()) - 1))]})
            : platform.CheckIn(**tx, kActor, {EventId{random.Between(1, kEvents)}}, {});
    if (!checked) {
      state.SkipWithError(checked.error().message.c_str());
      return;
    }
    events += checked->events_checked;
  }
  state.counters["events_per_check"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}
void BM_StoreIncrementalEvent(benchmark::State& state) { StoreIncremental(state, false); }
void BM_StoreIncrementalSanction(benchmark::State& state) { StoreIncremental(state, true); }
BENCHMARK(BM_StoreIncrementalEvent)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_StoreIncrementalSanction)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace docket::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: rules_benchmark DATABASE [benchmark flags]\n");
    return 1;
  }
  docket::bench::g_db_path = argv[1];
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
