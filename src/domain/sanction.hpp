// Sanctions imposed on members, with the dates they are in force. The
// membership record reads its history over time from these; the
// platform-sharing rule asks which sanctions were in force, and public, on a
// given date.
#pragma once

#include <optional>
#include <string>

#include "core/ids.hpp"
#include "core/time.hpp"

namespace docket::domain {

/// The kind of an interim suspension, which is not in the policy's catalogue
/// because it is not an outcome: it holds the position while a case runs.
inline constexpr std::string_view kInterimSuspensionKind = "interim_suspension";

/// A sanction on a member: an interim suspension or an outcome from the catalogue.
struct Sanction {
  SanctionId id;
  MemberId member;
  std::optional<CaseId> case_id;  //!< None for sanctions imported from before docket.
  std::string kind;               //!< A catalogue id, or kInterimSuspensionKind.
  std::string category;           //!< The complaint category it was imposed for.
  Date start;
  std::optional<Date> end;                  //!< Last day in force; none = open-ended.
  std::optional<Date> readmission_from;     //!< Expulsion: earliest readmission.
  std::optional<Date> published_on;         //!< When it was made public, if ever.
  std::optional<Instant> overturned_at;     //!< Set when an appeal overturns it.
  std::string overturn_reason;

  /// In force on a date: started, not ended, not overturned.
  bool InForceOn(Date date) const {
    return !overturned_at && start <= date && (!end || date <= *end);
  }
};

}  // namespace docket::domain
