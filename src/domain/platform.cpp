#include "domain/platform.hpp"

#include <array>

#include <fmt/format.h>

namespace docket::domain {
namespace {

template <class Enum, std::size_t N>
std::optional<Enum> Parse(const std::array<Enum, N>& values, std::string_view text) {
  for (Enum value : values) {
    if (Name(value) == text) return value;
  }
  return std::nullopt;
}

constexpr std::array kRoles = {PlatformRole::kSpeaker, PlatformRole::kChair, PlatformRole::kOrganiser,
                               PlatformRole::kHost, PlatformRole::kAttendee};
constexpr std::array kMatchStates = {MatchState::kByNumber, MatchState::kUnresolved, MatchState::kConfirmed,
                                     MatchState::kRejected};
constexpr std::array kAlertStatuses = {AlertStatus::kOpen, AlertStatus::kWithdrawn, AlertStatus::kDismissed,
                                       AlertStatus::kCaseOpened};

std::string OptionalDate(const std::optional<Date>& date, std::string_view none) {
  return date ? date->ToString() : std::string(none);
}

}  // namespace

std::string_view Name(PlatformRole role) {
  switch (role) {
    case PlatformRole::kSpeaker: return "speaker";
    case PlatformRole::kChair: return "chair";
    case PlatformRole::kOrganiser: return "organiser";
    case PlatformRole::kHost: return "host";
    case PlatformRole::kAttendee: return "attendee";
  }
  return "speaker";
}

std::optional<PlatformRole> ParsePlatformRole(std::string_view text) {
  if (text == "organizer") return PlatformRole::kOrganiser;
  return Parse(kRoles, text);
}

std::string_view Name(MatchState state) {
  switch (state) {
    case MatchState::kByNumber: return "by_number";
    case MatchState::kUnresolved: return "unresolved";
    case MatchState::kConfirmed: return "confirmed";
    case MatchState::kRejected: return "rejected";
  }
  return "unresolved";
}

std::optional<MatchState> ParseMatchState(std::string_view text) { return Parse(kMatchStates, text); }

std::string_view Name(AlertStatus status) {
  switch (status) {
    case AlertStatus::kOpen: return "open";
    case AlertStatus::kWithdrawn: return "withdrawn";
    case AlertStatus::kDismissed: return "dismissed";
    case AlertStatus::kCaseOpened: return "case_opened";
  }
  return "open";
}

std::optional<AlertStatus> ParseAlertStatus(std::string_view text) { return Parse(kAlertStatuses, text); }

bool PlatformAlert::SameBasis(const PlatformAlert& other) const {
  return official == other.official && event == other.event && official_role == other.official_role &&
         office.kind == other.office.kind && office.title == other.office.title && office.start == other.office.start &&
         office.end == other.office.end && event_date == other.event_date && sanctioned == other.sanctioned;
}

std::string PlatformAlert::Explanation() const {
  std::string out = fmt::format("{} ({}) appeared as {} at \"{}\" on {} ({}{}).\n", official_name, official_number,
                                Name(official_role), event_title, event_date.ToString(), event_starts_at.ToString(),
                                event_place.empty() ? "" : ", " + event_place);
  out += fmt::format("Source: {}\n", event_source.empty() ? "-" : event_source);
  for (const std::string& link : event_links) out += fmt::format("Link: {}\n", link);
  out += fmt::format("On {} they held the office \"{}\" ({}), from {} to {}.\n", event_date.ToString(), office.title,
                     office.kind, office.start.ToString(), OptionalDate(office.end, "now"));
  for (const SanctionedParticipant& s : sanctioned) {
    out += fmt::format(
        "{} ({}) appeared as {}, and was then under {} #{} for {}: in force from {} to {}, made public on {}.\n",
        s.name, s.membership_number.empty() ? "no number" : s.membership_number, Name(s.role), s.kind, s.sanction.value,
        s.category, s.start.ToString(), OptionalDate(s.end, "open-ended"), s.published_on.ToString());
  }
  if (case_number) out += fmt::format("Case {} was opened from this alert.\n", *case_number);
  if (status == AlertStatus::kWithdrawn || status == AlertStatus::kDismissed) {
    out += fmt::format("{} {}: {}\n", status == AlertStatus::kWithdrawn ? "Withdrawn" : "Dismissed",
                       closed_at ? closed_at->ToString() : "", reason);
  }
  return out;
}

}  // namespace docket::domain
