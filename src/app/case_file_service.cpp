#include "app/case_file_service.hpp"

#include <fmt/format.h>

#include "app/access_policy.hpp"
#include "app/audit_record.hpp"

namespace docket::app {
namespace {

constexpr std::size_t kMaxText = 20000;


Result<void> CheckText(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "field 'body': empty");
  }
  if (body.size() > kMaxText) return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'body': at most {} bytes", kMaxText));
  return Ok();
}

// Parties talk to the unit only in their own thread: a respondent in the
// respondent thread, a complainant through their receipt and secret.
Result<void> CheckThread(const domain::Actor& actor, store::Party party) {
  if (actor.role == "respondent" && party != store::Party::kRespondent) {
    return Fail(ErrorCode::kPermissionDenied, "a respondent uses only their own thread with the complaints unit");
  }
  if (actor.role == "complainant") {
    return Fail(ErrorCode::kPermissionDenied, "complainants use their thread with their receipt and secret");
  }
  return Ok();
}

}  // namespace

Result<void> CaseFileService::Refused(const domain::Actor& actor, std::string_view object, const Error& error) {
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "access.refused", "case", std::string(object), error.message)));
    return Ok();
  });
}

template <class Work>
Result<void> CaseFileService::Guarded(const domain::Actor& actor, const std::string& object, Work&& work) {
  auto done = store_.Write(std::forward<Work>(work));
  // A refusal is a fact worth keeping: record it in its own transaction, as nothing else was written.
  if (!done && done.error().code == ErrorCode::kPermissionDenied) DOCKET_TRY(Refused(actor, object, done.error()));
  return done;
}

Result<domain::Case> CaseFileService::LoadFor(store::Transaction& tx, const domain::Actor& actor,
                                              std::string_view case_number, Access access, NotesAccess notes) {
  DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().FindByNumber(case_number));
  DOCKET_TRY(CheckCaseAccess(actor, c, access));
  if (notes == NotesAccess::kStaffOnly && IsParty(actor)) {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("'{}' ({}) may not see the internal notes of case {}", actor.username, actor.role, c.number));
  }
  return c;
}

Result<std::vector<store::Note>> CaseFileService::Notes(const domain::Actor& actor, std::string_view case_number) {
  std::vector<store::Note> notes;
  std::string object(case_number);
  auto done = Guarded(actor, object, [&](store::Transaction& tx) -> Result<void> {
    auto c = LoadFor(tx, actor, case_number, Access::kRead, NotesAccess::kStaffOnly);
    if (!c) return Fail(c.error());
    DOCKET_TRY_ASSIGN(notes, tx.CaseFiles().Notes(c->id));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "notes.read", "case", c->number)));
    return Ok();
  });
  if (!done) return Fail(done.error());
  return notes;
}

Result<store::Note> CaseFileService::AddNote(const domain::Actor& actor, std::string_view case_number,
                                             std::string_view body) {
  DOCKET_TRY(CheckText(body));
  store::Note note;
  std::string object(case_number);
  auto done = Guarded(actor, object, [&](store::Transaction& tx) -> Result<void> {
    auto c = LoadFor(tx, actor, case_number, Access::kWrite, NotesAccess::kStaffOnly);
    if (!c) return Fail(c.error());
    note = store::Note{0, c->id, actor.username, std::string(body), clock_.Now()};
    DOCKET_TRY_ASSIGN(note.id, tx.CaseFiles().AddNote(note));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, note.at, "note.add", "case", c->number, fmt::format("note {}", note.id))));
    return Ok();
  });
  if (!done) return Fail(done.error());
  return note;
}

Result<std::vector<store::Message>> CaseFileService::Messages(const domain::Actor& actor, std::string_view case_number,
                                                             store::Party party) {
  std::vector<store::Message> messages;
  std::string object(case_number);
  auto done = Guarded(actor, object, [&](store::Transaction& tx) -> Result<void> {
    auto c = LoadFor(tx, actor, case_number, Access::kRead, NotesAccess::kPartiesToo);
    if (!c) return Fail(c.error());
    DOCKET_TRY(CheckThread(actor, party));
    DOCKET_TRY_ASSIGN(messages, tx.CaseFiles().Messages(c->id, party, std::nullopt));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "messages.read", "case", c->number,
                                         party == store::Party::kComplainant ? "complainant" : "respondent")));
    return Ok();
  });
  if (!done) return Fail(done.error());
  return messages;
}

Result<store::Message> CaseFileService::SendMessage(const domain::Actor& actor, std::string_view case_number,
                                                    store::Party party, std::string_view body,
                                                    std::optional<std::string> receipt) {
  DOCKET_TRY(CheckText(body));
  store::Message sent;
  std::string object(case_number);
  auto done = Guarded(actor, object, [&](store::Transaction& tx) -> Result<void> {
    auto c = LoadFor(tx, actor, case_number, Access::kWrite, NotesAccess::kPartiesToo);
    if (!c) return Fail(c.error());
    DOCKET_TRY(CheckThread(actor, party));
    sent.case_id = c->id;
    sent.party = party;
    sent.author = actor.username;
    sent.author_role = actor.role;
    sent.body = std::string(body);
    sent.at = clock_.Now();
    if (party == store::Party::kComplainant) {
      DOCKET_TRY_ASSIGN(auto complaints, tx.Complaints().ForCase(c->id));
      bool any = false;
      for (const domain::Complaint& complaint : complaints) {
        if (receipt && complaint.receipt != *receipt) continue;
        sent.complaint = complaint.id;
        DOCKET_TRY_ASSIGN(sent.id, tx.CaseFiles().AddMessage(sent));
        any = true;
      }
      if (!any) return Fail(ErrorCode::kNotFound, fmt::format("case {} has no complaint with that receipt", c->number));
    } else {
      DOCKET_TRY_ASSIGN(sent.id, tx.CaseFiles().AddMessage(sent));
    }
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, sent.at, "message.send", "case", c->number,
                                         party == store::Party::kComplainant ? "to complainant" : "respondent thread")));
    return Ok();
  });
  if (!done) return Fail(done.error());
  return sent;
}

Result<std::vector<store::Evidence>> CaseFileService::Evidence(const domain::Actor& actor, std::string_view case_number) {
  std::vector<store::Evidence> items;
  std::string object(case_number);
  auto done = Guarded(actor, object, [&](store::Transaction& tx) -> Result<void> {
    auto c = LoadFor(tx, actor, case_number, Access::kRead, NotesAccess::kPartiesToo);
    if (c && actor.role == "complainant") c = Fail(ErrorCode::kPermissionDenied, "complainants do not see the case's evidence");
    if (!c) return Fail(c.error());
    DOCKET_TRY_ASSIGN(auto all, tx.CaseFiles().EvidenceOf(c->id));
    for (store::Evidence& e : all) {
      if (actor.role == "respondent" && !e.disclosed) continue;
      items.push_back(std::move(e));
    }
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "evidence.list", "case", c->number)));
    return Ok();
  });
  if (!done) return Fail(done.error());
  return items;
}

Result<store::Evidence> CaseFileService::AddEvidence(const domain::Actor& actor, std::string_view case_number,
                                                     store::Evidence evidence) {
  std::string object(case_number);
  auto done = Guarded(actor, object, [&](store::Transaction& tx) -> Result<void> {
    auto c = LoadFor(tx, actor, case_number, Access::kWrite, NotesAccess::kPartiesToo);
    if (!c) return Fail(c.error());
    evidence.case_id = c->id;
    evidence.uploaded_by = actor.username;
    evidence.at = clock_.Now();
    // What a respondent uploads is their own evidence: disclosed from the start.
    evidence.disclosed = actor.role == "respondent";
    DOCKET_TRY_ASSIGN(evidence.id, tx.CaseFiles().AddEvidence(evidence));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, evidence.at, "evidence.add", "case", c->number,
                                         fmt::format("evidence {} sha256 {}", evidence.id, evidence.sha256))));
    return Ok();
  });
  if (!done) return Fail(done.error());
  return evidence;
}

Result<store::Evidence> CaseFileService::GetEvidence(const domain::Actor& actor, std::int64_t evidence_id) {
  store::Evidence item;
  std::string object;
  auto done = Guarded(actor, object, [&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(item, tx.CaseFiles().FindEvidence(evidence_id));
    DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().Find(item.case_id));
    object = c.number;
    auto allowed = CheckCaseAccess(actor, c, Access::kRead);
    if (allowed && actor.role == "respondent" && !item.disclosed) {
      allowed = Fail(ErrorCode::kPermissionDenied, "this evidence has not been disclosed to the respondent");
    }
    if (allowed && actor.role == "complainant") {
      allowed = Fail(ErrorCode::kPermissionDenied, "complainants do not see the case's evidence");
    }
    if (!allowed) return Fail(allowed.error());
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "evidence.read", "case", c.number,
                                         fmt::format("evidence {}", evidence_id))));
    return Ok();
  });
  if (!done) return Fail(done.error());
  return item;
}

Result<store::Evidence> CaseFileService::Disclose(const domain::Actor& actor, std::int64_t evidence_id, bool disclosed) {
  store::Evidence item;
  std::string object;
  auto done = Guarded(actor, object, [&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(item, tx.CaseFiles().FindEvidence(evidence_id));
    DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().Find(item.case_id));
    object = c.number;
    auto allowed = CheckCaseAccess(actor, c, Access::kWrite);
    if (allowed && actor.role != "caseworker" && actor.role != "investigator") {
      allowed = Fail(ErrorCode::kPermissionDenied, "only caseworkers and investigators disclose evidence");
    }
    if (!allowed) return Fail(allowed.error());
    DOCKET_TRY(tx.CaseFiles().SetDisclosed(evidence_id, disclosed));
    item.disclosed = disclosed;
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), disclosed ? "evidence.disclose" : "evidence.withhold",
                                         "case", c.number, fmt::format("evidence {}", evidence_id))));
    return Ok();
  });
  if (!done) return Fail(done.error());
  return item;
}

}  // namespace docket::app
