// The plain facts that statistics are computed from. The app layer fills a
// Dataset from the store in one streaming pass per table; everything in
// reporting/ is computed from it without I/O. Names, free text and branches
// never enter a Dataset, so nothing computed from it can publish them.
//
// Strings that repeat on every row (categories, stages, outcomes) are
// interned: rows hold small indexes into the Dataset's name lists, which
// keeps a million cases and ten million stage visits compact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace docket::reporting {

/// How a stage visit stands against the stage's deadline.
enum class DeadlineResult : std::uint8_t {
  kNone,     //!< The stage has no deadline.
  kMet,      //!< Left the stage by the end of its due date.
  kMissed,   //!< Left late, or still in the stage after its due date.
  kRunning,  //!< Still in the stage, and not yet due.
};

/// One stay of a case in a stage.
struct StageVisit {
  std::uint32_t case_index = 0;  //!< Into Dataset::cases.
  std::uint16_t stage = 0;       //!< Into Dataset::stages.
  DeadlineResult deadline = DeadlineResult::kNone;
  bool first_entry = false;      //!< The case's first entry into this stage.
  Date entered;
  Date resolved;  //!< When the deadline was met or missed (left date, or the day after the due date when overdue).
};

/// A case, reduced to what statistics need.
struct CaseFacts {
  std::uint16_t category = 0;   //!< Into Dataset::categories.
  std::int16_t outcome = -1;    //!< Into Dataset::outcomes; -1 while open.
  Date received;                //!< The earliest complaint's local date (the opening date when none).
  Date opened;
  std::optional<Date> closed;
  std::optional<Date> appeal_lodged;
  std::optional<bool> appeal_upheld;  //!< Set once the appeal is decided; decided on `closed`.
};

/// A complaint received, for the "received" count.
struct ComplaintFacts {
  std::uint16_t category = 0;
  Date received;
};

/// An interim suspension of one respondent.
struct InterimFacts {
  std::uint16_t category = 0;
  Date start;
  std::optional<Date> end;  //!< Last day in force; none while in force.
};

/// The status of a recommendation (issue 7: not started, in progress,
/// implemented, partly implemented, rejected with reasons).
enum class RecommendationStatus : std::uint8_t {
  kNotStarted,
  kInProgress,
  kPartlyImplemented,
  kImplemented,
  kRejected,
};

/// The stable lower-case name ("not_started", "implemented", ...).
std::string_view Name(RecommendationStatus status);
/// Parses a name as Name() writes it (also accepting spaces or hyphens for underscores).
std::optional<RecommendationStatus> ParseRecommendationStatus(std::string_view text);
/// Every status, in progress order.
inline constexpr RecommendationStatus kRecommendationStatuses[] = {
    RecommendationStatus::kNotStarted, RecommendationStatus::kInProgress, RecommendationStatus::kPartlyImplemented,
    RecommendationStatus::kImplemented, RecommendationStatus::kRejected};

/// A recommendation's status history, for "recommendations implemented".
struct RecommendationFacts {
  std::string report;  //!< The report's key, e.g. "inquiry-2016".
  std::optional<Date> due;
  std::vector<std::pair<Date, RecommendationStatus>> history;  //!< Oldest first.

  /// The status in force at the end of `date`: not started before the first change.
  RecommendationStatus StatusOn(Date date) const;
};

/// Everything statistics are computed from.
struct Dataset {
  std::vector<std::string> categories;  //!< Policy order first, then any unknown ones as found.
  std::vector<std::string> stages;      //!< Policy order.
  std::vector<std::string> outcomes;    //!< Catalogue order first, then closing actions without a decision.
  std::vector<CaseFacts> cases;
  std::vector<StageVisit> visits;
  std::vector<ComplaintFacts> complaints;
  std::vector<InterimFacts> interim_suspensions;
  std::vector<RecommendationFacts> recommendations;

  /// The index of a name in `names`, appending it when new.
  static std::uint16_t Intern(std::vector<std::string>& names, std::string_view name);
};

/// Dataset::Intern for a column read a million times: each text met is
/// remembered by its length and its first and last eight bytes, which are
/// the whole text up to sixteen bytes, so a row costs a few integer
/// comparisons instead of comparing texts with each name.
class Interner {
 public:
  explicit Interner(std::vector<std::string>& names) : names_(names) {}
  /// As Dataset::Intern(names, text).
  std::uint16_t Index(std::string_view text);

 private:
  struct Known {
    std::uint64_t head;  // the first eight bytes (fewer, zero-padded, in a shorter text)
    std::uint64_t tail;  // the last eight
    std::size_t size;
    std::uint16_t index;
  };
  std::vector<std::string>& names_;
  std::vector<Known> known_;
};

}  // namespace docket::reporting
