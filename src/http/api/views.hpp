// The API's JSON: how app and domain values look on the wire. Times are RFC
// 3339 strings in UTC, dates YYYY-MM-DD, every number an integer (Boost.JSON
// would print a double as 1.5E0), and absent values null rather than missing,
// so that clients see one shape per resource.
#pragma once

#include <vector>

#include <boost/json/value.hpp>

#include "app/case_service.hpp"
#include "app/complainant_service.hpp"
#include "app/intake_service.hpp"
#include "domain/audit.hpp"
#include "domain/member.hpp"
#include "domain/policy.hpp"
#include "domain/sanction.hpp"
#include "store/audit_chain.hpp"
#include "store/store.hpp"

namespace docket::http::api {

/// The policy in force as the public sees it: stages with their titles,
/// deadlines and checklists, categories, the sanctions catalogue, the appeal
/// window and the time limit on complaints. No case data.
boost::json::value ProcessJson(const domain::Policy& policy);

/// What a complainant is told on submitting: receipt, secret, case number, grouped.
boost::json::value ReceiptJson(const app::Receipt& receipt);

/// The complainant's view of their complaint, exactly what ComplainantService released.
boost::json::value ComplaintStatusJson(const app::ComplaintStatus& status);
/// An evidence file as the complainant who sent it sees it.
boost::json::value SubmittedFileJson(const app::SubmittedFile& file);

/// One row of the queue, with the deadline as it stands now.
boost::json::value QueueRowJson(const app::QueueRow& row, const domain::Policy& policy);

/// A case as the actor may see it (anonymous complainants carry no identity:
/// CaseService removed it). History is served by CaseEventsJson instead.
boost::json::value CaseJson(const app::CaseView& view, const domain::Policy& policy);

/// A case's history, oldest first.
boost::json::value CaseEventsJson(const std::vector<domain::CaseEvent>& events);

/// The actions the actor may take now, each with its fields, and the stage's checklist.
boost::json::value ActionsJson(const app::CaseView& view, const domain::Policy& policy);

boost::json::value NoteJson(const store::Note& note);
boost::json::value MessageJson(const store::Message& message);
boost::json::value EvidenceJson(const store::Evidence& evidence);

/// A member's record with offices, status history and sanctions over time.
boost::json::value MemberJson(const domain::Member& member, const std::vector<domain::Sanction>& sanctions,
                              const domain::Policy& policy, Date today);

/// An audit record. The origin of an anonymous complainant's records is
/// withheld: a client address can identify a person.
boost::json::value AuditRecordJson(const domain::AuditRecord& record);

/// The result of recomputing the audit chain: {records, ok, first_bad_seq, problem}.
boost::json::value ChainCheckJson(const store::ChainCheck& check);

}  // namespace docket::http::api
