// A case: the unit of work that moves through the policy's stages. It groups
// one or more complaints about the same incident, names one or more
// respondents, and carries its stage, deadline clock, decision and appeal.
// Cases change only through the workflow engine (workflow.hpp), and every
// change is a CaseEvent in the case's history.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/deadline_clock.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

namespace docket::domain {

/// The values an action carries, by field id.
using FieldMap = std::map<std::string, std::string>;

/// A respondent of a case: a member, or a name not (yet) matched to one.
struct Respondent {
  std::optional<MemberId> member;
  std::string name;
};

/// An outcome with reasons, decided by a named person.
struct Decision {
  std::string outcome;  //!< A sanction id from the catalogue.
  std::string reasons;
  std::optional<int> term_months;
  Instant decided_at;
  std::string decided_by;
};

/// An appeal against the decision.
struct Appeal {
  Instant lodged_at;
  std::string grounds;
  std::string lodged_by;
  std::optional<bool> upheld;  //!< None until decided.
  std::string reasons;
  std::string decided_by;
};

/// An interim suspension of the respondents while the case runs.
struct InterimSuspension {
  Instant imposed_at;
  Date review_due;
  std::string reasons;
  std::string imposed_by;
};

/// Which panel a seat is on.
enum class PanelKind { kPanel, kAppeal };

/// A person seated on a case's panel or appeal panel.
struct PanelSeat {
  std::string username;
  PanelKind kind = PanelKind::kPanel;
};

/// One step of a case's history.
struct CaseEvent {
  std::int64_t id = 0;
  CaseId case_id;
  Instant at;
  std::string actor;   //!< User name, or "system".
  std::string role;
  std::string action;
  std::string from_stage;
  std::string to_stage;
  FieldMap fields;
};

/// A case. `version` increases by one with every stored change; an update
/// made from an older version is a conflict.
struct Case {
  CaseId id;
  std::string number;  //!< "2026-000123": year of opening and a per-year sequence.
  std::string category;
  std::string stage;
  std::optional<std::string> waiting;
  std::string assignee;  //!< User name; empty when unassigned.
  Instant opened_at;
  Instant stage_entered_at;
  std::optional<DeadlineClock> clock;  //!< None in stages without a deadline.
  std::optional<Instant> closed_at;
  std::vector<Respondent> respondents;
  std::vector<MemberId> complainant_members;  //!< Complainants who are members, for access rules.
  std::optional<Decision> decision;
  std::optional<Appeal> appeal;
  std::optional<InterimSuspension> interim;
  std::vector<PanelSeat> panel;  //!< Who sits on the panel and the appeal panel.
  std::int64_t version = 0;

  bool IsRespondent(MemberId member) const;
  /// True when `username` holds a seat of that kind.
  bool Seats(std::string_view username, PanelKind kind) const;
};

}  // namespace docket::domain
