// Who may see and act on which case: per object, not only per role. The
// workflow engine decides whether a role may take an action; this decides
// whether this person may touch this case at all.
//
//   caseworker        every case (the complaints unit runs the queue)
//   investigator      cases assigned to them
//   panel_member      cases whose panel they sit on
//   appeal_panel      appeals whose panel they sit on
//   oversight         reads every case, writes nothing
//   administrator     accounts and policy; no case content
//   political_office  no case access at all
//   respondent        their own case
//   complainant       their own complaint's case
#pragma once

#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/case.hpp"

namespace docket::app {

/// Whether the actor wants to read a case or change it.
enum class Access { kRead, kWrite };

/// kPermissionDenied with the reason when `actor` may not read or change `c`.
Result<void> CheckCaseAccess(const domain::Actor& actor, const domain::Case& c, Access access);

/// Whether the actor is a party (respondent or complainant) rather than staff.
bool IsParty(const domain::Actor& actor);

/// kPermissionDenied when the actor's role may not list the case queue.
Result<void> CheckQueueAccess(const domain::Actor& actor);

}  // namespace docket::app
