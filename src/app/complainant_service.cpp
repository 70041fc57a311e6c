#include "app/complainant_service.hpp"

#include <fmt/format.h>

#include "security/crypto.hpp"

namespace docket::app {
namespace {

constexpr std::size_t kMaxMessage = 10000;
constexpr std::string_view kRefused = "unknown receipt or wrong secret";

domain::AuditRecord Record(std::string_view action, const domain::Complaint& complaint, std::string_view case_number,
                           std::string_view origin, Instant at) {
  domain::AuditRecord record;
  record.at = at;
  record.actor = complaint.anonymity == domain::Anonymity::kAnonymous ? "anonymous" : "complainant";
  record.role = "complainant";
  record.action = std::string(action);
  record.object_type = "case";
  record.object_id = std::string(case_number);
  record.origin = std::string(origin);
  record.detail = "receipt " + complaint.receipt;
  return record;
}

}  // namespace

Result<domain::Complaint> ComplainantService::Open(store::Transaction& tx, std::string_view receipt,
                                                   std::string_view secret) {
  auto complaint = tx.Complaints().FindByReceipt(receipt);
  std::string stored = complaint ? tx.CaseFiles().ComplaintSecret(complaint->id).value_or("") : "";
  // Compare even when the receipt is unknown, so timing does not tell which was wrong.
  bool match = security::ConstantTimeEquals(security::Sha256Hex(secret), stored.empty() ? std::string(64, 'x') : stored);
  if (!complaint || !match) return Fail(ErrorCode::kPermissionDenied, std::string(kRefused));
  return *complaint;
}

Result<ComplaintStatus> ComplainantService::View(store::Transaction& tx, const domain::Complaint& complaint) {
  const domain::Policy& policy = workflow_.GetPolicy();
  DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().Find(*complaint.case_id));
  ComplaintStatus status;
  status.receipt = complaint.receipt;
  status.case_number = c.number;
  status.received_at = complaint.received_at;
  const domain::Category* category = policy.FindCategory(complaint.category);
  status.category_title = category ? category->title : complaint.category;
  const domain::Stage* stage = policy.FindStage(c.stage);
  status.stage_title = stage ? stage->title : c.stage;
  status.closed = c.closed_at.has_value();
  if (c.decision) {
    const domain::SanctionKind* kind = policy.FindSanction(c.decision->outcome);
    status.outcome_title = kind ? kind->title : c.decision->outcome;
    status.reasons = c.decision->reasons;
  }
  DOCKET_TRY_ASSIGN(auto messages, tx.CaseFiles().Messages(c.id, store::Party::kComplainant, complaint.id));
  for (const store::Message& m : messages) {
    // Staff names stay inside the unit: the complainant deals with the unit, not a person.
    status.messages.push_back({m.author_role == "complainant" ? "you" : "complaints unit", m.body, m.at});
  }
  DOCKET_TRY_ASSIGN(auto evidence, tx.CaseFiles().EvidenceOf(c.id));
  const std::string uploader = Uploader(complaint);
  for (const store::Evidence& e : evidence) {
    if (e.uploaded_by == uploader) status.files.push_back({e.id, e.file_name, e.size, e.sha256, e.at});
  }
  return status;
}

Result<ComplaintStatus> ComplainantService::Status(std::string_view receipt, std::string_view secret,
                                                   std::string_view origin) {
  ComplaintStatus status;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::Complaint complaint, Open(tx, receipt, secret));
    DOCKET_TRY_ASSIGN(status, View(tx, complaint));
    DOCKET_TRY(tx.Audit().Append(Record("complaint.status", complaint, status.case_number, origin, clock_.Now())));
    return Ok();
  }));
  return status;
}

Result<ComplaintStatus> ComplainantService::PostMessage(std::string_view receipt, std::string_view secret,
                                                        std::string_view body, std::string_view origin) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "field 'body': the message is empty");
  }
  if (body.size() > kMaxMessage) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'body': at most {} bytes", kMaxMessage));
  }
  ComplaintStatus status;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::Complaint complaint, Open(tx, receipt, secret));
    store::Message message;
    message.case_id = *complaint.case_id;
    message.complaint = complaint.id;
    message.party = store::Party::kComplainant;
    message.author = "complainant";
    message.author_role = "complainant";
    message.body = std::string(body);
    message.at = clock_.Now();
    DOCKET_TRY(tx.CaseFiles().AddMessage(message));
    DOCKET_TRY_ASSIGN(status, View(tx, complaint));
    DOCKET_TRY(tx.Audit().Append(Record("complaint.message", complaint, status.case_number, origin, clock_.Now())));
    return Ok();
  }));
  return status;
}

std::string ComplainantService::Uploader(const domain::Complaint& complaint) {
  return fmt::format("complainant (complaint {})", complaint.id.value);
}

Result<SubmittedFile> ComplainantService::AddEvidence(std::string_view receipt, std::string_view secret,
                                                      store::Evidence evidence, std::string_view origin) {
  SubmittedFile file;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::Complaint complaint, Open(tx, receipt, secret));
    DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().Find(*complaint.case_id));
    evidence.case_id = c.id;
    evidence.uploaded_by = Uploader(complaint);
    evidence.at = clock_.Now();
    // The caseworker decides what the respondent sees.
    evidence.disclosed = false;
    DOCKET_TRY_ASSIGN(evidence.id, tx.CaseFiles().AddEvidence(evidence));
    domain::AuditRecord record = Record("complaint.evidence", complaint, c.number, origin, evidence.at);
    record.detail += fmt::format("; evidence {} sha256 {}", evidence.id, evidence.sha256);
    DOCKET_TRY(tx.Audit().Append(record));
    file = {evidence.id, evidence.file_name, evidence.size, evidence.sha256, evidence.at};
    return Ok();
  }));
  return file;
}

}  // namespace docket::app
