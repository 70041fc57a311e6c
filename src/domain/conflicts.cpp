#include "domain/conflicts.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace docket::domain {
namespace {

// Names and branches are compared without regard to case or surrounding spaces.
std::string Folded(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string_view Name(InterestKind kind) {
  switch (kind) {
    case InterestKind::kBranch: return "branch";
    case InterestKind::kFaction: return "faction";
    case InterestKind::kPerson: return "person";
  }
  return "branch";
}

std::optional<InterestKind> ParseInterestKind(std::string_view text) {
  for (InterestKind kind : {InterestKind::kBranch, InterestKind::kFaction, InterestKind::kPerson}) {
    if (Name(kind) == text) return kind;
  }
  return std::nullopt;
}

std::optional<std::string> FindConflict(const std::vector<Interest>& interests, const std::vector<Party>& parties) {
  for (const Interest& interest : interests) {
    const std::string value = Folded(interest.value);
    for (const Party& party : parties) {
      const std::string who = party.member ? party.member->FullName() : party.name;
      switch (interest.kind) {
        case InterestKind::kBranch:
          if (party.member && Folded(party.member->branch) == value) {
            return fmt::format("'{}' declared an interest in branch '{}', the branch of the {} {}", interest.username,
                               interest.value, party.role, who);
          }
          break;
        case InterestKind::kFaction:
          if (party.member && !party.member->faction.empty() && Folded(party.member->faction) == value) {
            return fmt::format("'{}' declared an interest in faction '{}', to which the {} {} belongs",
                               interest.username, interest.value, party.role, who);
          }
          break;
        case InterestKind::kPerson: {
          bool by_number = party.member && Folded(party.member->membership_number) == value;
          bool by_name = Folded(who) == value || Folded(party.name) == value;
          if (by_number || by_name) {
            return fmt::format("'{}' declared an interest in {}, the {} of this case", interest.username,
                               interest.value, party.role);
          }
          break;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace docket::domain
