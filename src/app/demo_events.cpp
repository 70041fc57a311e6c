#include "app/demo_events.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "app/event_import.hpp"

namespace docket::app {
namespace {

// SplitMix64, as the demo uses: the same events for the same seed everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed * 0x2545F4914F6CDD1Dull + 7) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::int64_t Between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(high - low + 1));
  }

 private:
  std::uint64_t state_;
};

struct Person {
  store::MemberLabel label;
  domain::Office office;      // Officials only.
  domain::Sanction sanction;  // Sanctioned members only.
};

constexpr std::array kKinds = {"Rally", "Public meeting", "Hustings", "Fundraising dinner", "Conference fringe",
                               "Book launch", "Panel debate", "Vigil"};
constexpr std::array kTopics = {"the high street", "housing", "the NHS", "climate", "schools", "buses",
                                "the living wage", "local libraries"};
constexpr std::array kPlaces = {"Town Hall", "Community Centre", "The Crown", "Library", "Quaker Meeting House",
                                "Union Hall", "Corn Exchange"};

Instant Evening(Date date) { return Instant::StartOfUtcDay(date).AddSeconds(18 * 3600); }

}  // namespace

Result<DemoEventsReport> GenerateDemoEvents(store::Store& store, PlatformService& platform, const domain::Actor& actor,
                                            const DemoEventsOptions& options, const Progress& progress) {
  const domain::PlatformRulePolicy& rule = platform.Rule().Policy();
  const Date today = options.now.UtcDate();
  std::vector<Person> officials, sanctioned, pool;
  {
    DOCKET_TRY_ASSIGN(auto tx, store.Begin(store::TransactionMode::kRead));
    DOCKET_TRY(tx->Platform().ScanOffices([&](const store::MemberLabel& label, domain::Office&& office) {
      if (rule.offices.contains(office.kind) && office.start < today) officials.push_back({label, office, {}});
    }));
    DOCKET_TRY(tx->Platform().ScanSanctions([&](const store::MemberLabel& label, domain::Sanction&& s) {
      if (rule.sanctions.contains(s.kind) && rule.categories.contains(s.category) && s.published_on &&
          !s.overturned_at && *s.published_on < today) {
        sanctioned.push_back({label, {}, s});
      }
    }));
    DOCKET_TRY_ASSIGN(std::vector<store::MemberNames> names, tx->Platform().MemberNamesAfter(MemberId{0}, 3000));
    for (const store::MemberNames& n : names) {
      DOCKET_TRY_ASSIGN(store::MemberLabel label, tx->Platform().Label(n.id));
      pool.push_back({label, {}, {}});
    }
  }
  if (officials.empty() || sanctioned.empty() || pool.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the demo events need officials and a published sanction for a listed category: run `docket demo` "
                "first");
  }

  Random random(options.seed);
  auto pick = [&](const std::vector<Person>& people) -> const Person& {
    return people[static_cast<std::size_t>(random.Between(0, static_cast<std::int64_t>(people.size()) - 1))];
  };
  ParsedEvents parsed;
  int line = 0;
  auto add = [&](std::string title, Date date, std::vector<ParticipantRecord> participants) {
    EventRecord record;
    record.line = ++line;
    record.event.external_id = fmt::format("demo-event-{}", line);
    record.event.title = std::move(title);
    record.event.starts_at = Evening(date);
    record.event.place = kPlaces[static_cast<std::size_t>(random.Between(0, kPlaces.size() - 1))];
    record.event.links = {fmt::format("https://events.example.org/{}", line)};
    record.event.source = fmt::format("demo diary, entry {}", line);
    for (ParticipantRecord& p : participants) p.line = line;
    record.participants = std::move(participants);
    parsed.events.push_back(std::move(record));
  };
  auto as = [](const Person& person, domain::PlatformRole role) {
    return ParticipantRecord{0, person.label.name, person.label.membership_number, role};
  };
  auto title = [&] {
    return fmt::format("{} on {}", kKinds[static_cast<std::size_t>(random.Between(0, kKinds.size() - 1))],
                       kTopics[static_cast<std::size_t>(random.Between(0, kTopics.size() - 1))]);
  };

  // Ordinary events: members on the platform, sometimes an official, nobody sanctioned on purpose.
  for (std::int64_t i = 0; i < options.events; ++i) {
    Date date = today.AddDays(-static_cast<std::int32_t>(random.Between(1, 1000)));
    std::vector<ParticipantRecord> people;
    if (random.Between(1, 100) <= 30) {
      const Person& official = pick(officials);
      if (official.office.HeldOn(date)) people.push_back(as(official, domain::PlatformRole::kSpeaker));
    }
    std::int64_t count = random.Between(2, 6);
    for (std::int64_t j = 0; j < count; ++j) {
      people.push_back(as(pick(pool), j == 0 ? domain::PlatformRole::kChair
                                             : (random.Between(1, 3) == 1 ? domain::PlatformRole::kAttendee
                                                                          : domain::PlatformRole::kSpeaker)));
    }
    add(title(), date, std::move(people));
  }

  // For a sanction, a date on which it was in force and public, and an
  // official holding office that day; nullopt when there is none.
  auto pair_for = [&](const Person& s) -> std::optional<std::pair<Date, const Person*>> {
    Date from = std::max(s.sanction.start, *s.sanction.published_on);
    Date to = std::min(s.sanction.end.value_or(today.AddDays(-1)), today.AddDays(-1));
    if (to < from) return std::nullopt;
    Date date = from.AddDays(static_cast<std::int32_t>(random.Between(0, std::min<std::int64_t>(
                                                                             30, to.DaysSinceEpoch() - from.DaysSinceEpoch()))));
    for (std::size_t k = 0; k < officials.size(); ++k) {
      const Person& official = officials[(k + static_cast<std::size_t>(random.Between(0, 1000))) % officials.size()];
      if (official.office.HeldOn(date) && official.label.id != s.label.id) return std::pair{date, &official};
    }
    return std::nullopt;
  };

  // Events that raise alerts: an official on the platform beside a member
  // publicly sanctioned for a listed category, while the sanction was in force.
  int alerts = 0, not_public = 0, audience = 0, by_name = 0;
  for (const Person& s : sanctioned) {
    if (alerts >= 4 && audience >= 1 && by_name >= 1) break;
    auto pair = pair_for(s);
    if (!pair) continue;
    auto [date, official] = *pair;
    if (alerts < 4) {
      add(fmt::format("Rally on {}", kTopics[static_cast<std::size_t>(alerts) % kTopics.size()]), date,
          {as(*official, alerts % 2 == 0 ? domain::PlatformRole::kChair : domain::PlatformRole::kSpeaker),
           as(s, domain::PlatformRole::kSpeaker), as(pick(pool), domain::PlatformRole::kSpeaker),
           as(pick(pool), domain::PlatformRole::kAttendee)});
      ++alerts;
    } else if (audience < 1) {
      // The official only sat in the audience: no alert.
      add("Public meeting on housing (official in the audience)", date,
          {as(*official, domain::PlatformRole::kAttendee), as(s, domain::PlatformRole::kSpeaker),
           as(pick(pool), domain::PlatformRole::kChair)});
      ++audience;
    } else {
      // The sanctioned member is listed by name only: no alert until a caseworker confirms the match.
      add("Panel debate on schools (a speaker listed by name only)", date,
          {as(*official, domain::PlatformRole::kSpeaker),
           ParticipantRecord{0, s.label.name, "", domain::PlatformRole::kSpeaker},
           as(pick(pool), domain::PlatformRole::kChair)});
      ++by_name;
    }
  }
  // A sanction in force but not yet public on the day: no alert.
  for (const Person& s : sanctioned) {
    if (not_public >= 1) break;
    if (*s.sanction.published_on <= s.sanction.start) continue;
    Date date = s.sanction.start;
    for (const Person& official : officials) {
      if (!official.office.HeldOn(date) || official.label.id == s.label.id) continue;
      add("Hustings on buses (the suspension was not yet public)", date,
          {as(official, domain::PlatformRole::kSpeaker), as(s, domain::PlatformRole::kSpeaker)});
      ++not_public;
      break;
    }
  }

  DOCKET_TRY_ASSIGN(EventImportReport imported,
                    ImportEvents(store, platform, actor, std::move(parsed), ImportMode::kAllOrNothing, progress));
  if (!imported.errors.empty()) {
    return Fail(ErrorCode::kInternal, fmt::format("demo event {} is invalid: {}", imported.errors.front().line,
                                                  imported.errors.front().message));
  }
  return DemoEventsReport{imported.events, imported.appearances, imported.unresolved, imported.check};
}

Result<DemoEventsReport> AddDemoEvents(store::Store& store, const domain::Policy& policy, const TimeZone& zone,
                                       const DemoOptions& options, const Progress& progress) {
  FixedClock clock(options.now);
  PlatformService platform(store, policy, zone, clock);
  domain::Actor system{UserId{}, "system", "administrator", std::nullopt, "demo"};
  return GenerateDemoEvents(store, platform, system, {300, options.seed, options.now}, progress);
}

}  // namespace docket::app
