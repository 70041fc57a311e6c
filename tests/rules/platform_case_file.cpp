#include "platform_case_file.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace docket::rules::testing {
namespace {

// Splits a line into words; "double quoted" words may hold spaces.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ') {
      ++i;
    } else if (line[i] == '"') {
      std::size_t end = line.find('"', i + 1);
      out.push_back(line.substr(i + 1, end - i - 1));
      i = end == std::string::npos ? line.size() : end + 1;
    } else {
      std::size_t end = line.find(' ', i);
      if (end == std::string::npos) end = line.size();
      out.push_back(line.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

Date DateOf(const std::string& text) {
  auto date = Date::Parse(text);
  EXPECT_TRUE(date) << text;
  return date ? *date : Date();
}

// "START..END" or "START.." (open-ended).
std::pair<Date, std::optional<Date>> Range(const std::string& text) {
  std::size_t dots = text.find("..");
  Date start = DateOf(text.substr(0, dots));
  std::string end = text.substr(dots + 2);
  if (end.empty()) return {start, std::nullopt};
  return {start, DateOf(end)};
}

std::vector<std::int64_t> Ids(const std::string& text) {
  std::vector<std::int64_t> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) out.push_back(std::stoll(part));
  return out;
}

std::set<std::string> Set(const std::string& text) {
  std::set<std::string> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) out.insert(part);
  return out;
}

EventFacts& FindEvent(RuleCase& rule_case, std::int64_t id) {
  for (EventFacts& event : rule_case.events) {
    if (event.event.id.value == id) return event;
  }
  ADD_FAILURE() << "case '" << rule_case.name << "': no event " << id;
  return rule_case.events.emplace_back();
}

void Appear(RuleCase& rule_case, const std::vector<std::string>& w, domain::MatchState match) {
  domain::Appearance appearance;
  EventFacts& event = FindEvent(rule_case, std::stoll(w[1]));
  appearance.event = event.event.id;
  appearance.match = match;
  auto role = domain::ParsePlatformRole(w[3]);
  EXPECT_TRUE(role) << w[3];
  appearance.role = role.value_or(domain::PlatformRole::kSpeaker);
  if (match == domain::MatchState::kUnresolved) {
    appearance.name = w[2];
  } else {
    MemberId member{std::stoll(w[2])};
    appearance.name = rule_case.members[member].name;
    if (match != domain::MatchState::kRejected) appearance.member = member;
  }
  appearance.id = AppearanceId{static_cast<std::int64_t>(event.appearances.size() + 1)};
  event.appearances.push_back(appearance);
}

}  // namespace

std::vector<RuleCase> ReadRuleCases(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::vector<RuleCase> cases;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("case: ", 0) == 0) {
      RuleCase next;
      next.name = line.substr(6);
      next.line = number;
      cases.push_back(std::move(next));
      continue;
    }
    if (cases.empty()) {
      ADD_FAILURE() << path << ":" << number << ": a fact before the first case";
      continue;
    }
    RuleCase& c = cases.back();
    if (line.rfind("why: ", 0) == 0) {
      c.why = line.substr(5);
      continue;
    }
    std::vector<std::string> w = Words(line);
    const std::string& verb = w[0];
    if (verb == "zone") {
      c.zone = w[1];
    } else if (verb == "roles") {
      c.policy.platform_roles = Set(w[1]);
    } else if (verb == "member") {
      MemberFacts& member = c.members[MemberId{std::stoll(w[1])}];
      member.name = w[2];
      member.membership_number = "M" + w[1];
      for (std::size_t i = 3; i + 2 < w.size() && w[i] == "office"; i += 3) {
        auto [start, end] = Range(w[i + 2]);
        member.offices.push_back({w[i + 1], w[i + 1] + " office of " + w[2], start, end});
      }
    } else if (verb == "sanction") {
      domain::Sanction s;
      s.member = MemberId{std::stoll(w[1])};
      s.id = SanctionId{std::stoll(w[2])};
      s.kind = w[3];
      s.category = w[4];
      std::tie(s.start, s.end) = Range(w[5]);
      for (std::size_t i = 6; i + 1 < w.size(); i += 2) {
        if (w[i] == "public") s.published_on = DateOf(w[i + 1]);
        if (w[i] == "overturned") {
          s.overturned_at = *Instant::Parse("2026-09-01T12:00:00Z");
          s.overturn_reason = w[i + 1];
        }
      }
      c.members[s.member].sanctions.push_back(s);
    } else if (verb == "event") {
      EventFacts event;
      event.event.id = EventId{std::stoll(w[1])};
      auto at = Instant::Parse(w[2]);
      EXPECT_TRUE(at) << path << ":" << number;
      event.event.starts_at = at.value_or(Instant());
      event.event.title = "Event " + w[1];
      event.event.source = "cases.txt:" + std::to_string(number);
      c.events.push_back(event);
    } else if (verb == "appear") {
      Appear(c, w, domain::MatchState::kByNumber);
    } else if (verb == "unresolved") {
      Appear(c, w, domain::MatchState::kUnresolved);
    } else if (verb == "confirmed") {
      Appear(c, w, domain::MatchState::kConfirmed);
    } else if (verb == "rejected") {
      Appear(c, w, domain::MatchState::kRejected);
    } else if (verb == "expect") {
      if (w[1] == "none") continue;
      c.expected.insert({std::stoll(w[1]), std::stoll(w[2]), Ids(w[3])});
    } else {
      ADD_FAILURE() << path << ":" << number << ": unknown line '" << line << "'";
    }
  }
  return cases;
}

std::set<ExpectedAlert> Triples(const std::vector<domain::PlatformAlert>& alerts) {
  std::set<ExpectedAlert> out;
  for (const domain::PlatformAlert& alert : alerts) {
    std::vector<std::int64_t> sanctions;
    for (const domain::SanctionedParticipant& s : alert.sanctioned) sanctions.push_back(s.sanction.value);
    std::sort(sanctions.begin(), sanctions.end());
    out.insert({alert.event.value, alert.official.value, sanctions});
  }
  return out;
}

}  // namespace docket::rules::testing
