#include "store/sql/case_file_repository.hpp"

#include "store/postgres/connection.hpp"
#include "store/sqlite/database.hpp"

#include <fmt/format.h>

#include "store/sql/row_helpers.hpp"

namespace docket::store::sql {
namespace {

std::string_view PartyName(Party party) { return party == Party::kComplainant ? "complainant" : "respondent"; }

}  // namespace

template <class Db>
Result<std::int64_t> SqlCaseFiles<Db>::AddMessage(const Message& m) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO messages(case_id, complaint_id, party, author, "
                                                  "author_role, body, at) VALUES (?,?,?,?,?,?,?) RETURNING id"));
  DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(stmt->Bind(1, m.case_id.value)
                 .Bind(2, IdValue(m.complaint))
                 .Bind(3, PartyName(m.party))
                 .Bind(4, m.author)
                 .Bind(5, m.author_role)
                 .Bind(6, m.body)
                 .Bind(7, m.at.SecondsSinceEpoch())
                 ));
  return id;
}

template <class Db>
Result<std::vector<Message>> SqlCaseFiles<Db>::Messages(CaseId id, Party party, std::optional<ComplaintId> complaint) {
  std::string sql =
      "SELECT id, complaint_id, author, author_role, body, at FROM messages WHERE case_id = ? AND party = ?";
  if (complaint) sql += " AND complaint_id = ?";
  sql += " ORDER BY id";
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(sql));
  stmt->Bind(1, id.value).Bind(2, PartyName(party));
  if (complaint) stmt->Bind(3, complaint->value);
  std::vector<Message> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    Message m;
    m.id = stmt->Int(0);
    m.case_id = id;
    if (auto c = stmt->OptionalInt(1)) m.complaint = ComplaintId{*c};
    m.party = party;
    m.author = stmt->Text(2);
    m.author_role = stmt->Text(3);
    m.body = stmt->Text(4);
    m.at = Instant(stmt->Int(5));
    out.push_back(std::move(m));
  }
  return out;
}

template <class Db>
Result<std::int64_t> SqlCaseFiles<Db>::AddNote(const Note& n) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO notes(case_id, author, body, at) VALUES (?,?,?,?) RETURNING id"));
  DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(stmt->Bind(1, n.case_id.value).Bind(2, n.author).Bind(3, n.body).Bind(4, n.at.SecondsSinceEpoch())));
  return id;
}

template <class Db>
Result<std::vector<Note>> SqlCaseFiles<Db>::Notes(CaseId id) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT id, author, body, at FROM notes WHERE case_id = ? ORDER BY id"));
  stmt->Bind(1, id.value);
  std::vector<Note> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    out.push_back(Note{stmt->Int(0), id, stmt->Text(1), stmt->Text(2), Instant(stmt->Int(3))});
  }
  return out;
}

template <class Db>
Result<std::int64_t> SqlCaseFiles<Db>::AddEvidence(const Evidence& e) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO evidence(case_id, file_name, content_type, size, sha256, "
                                                  "uploaded_by, at, disclosed) VALUES (?,?,?,?,?,?,?,?) RETURNING id"));
  DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(stmt->Bind(1, e.case_id.value)
                 .Bind(2, e.file_name)
                 .Bind(3, e.content_type)
                 .Bind(4, e.size)
                 .Bind(5, e.sha256)
                 .Bind(6, e.uploaded_by)
                 .Bind(7, e.at.SecondsSinceEpoch())
                 .Bind(8, e.disclosed ? 1 : 0)
                 ));
  return id;
}

template <class Db>
Result<Evidence> SqlCaseFiles<Db>::FindEvidence(std::int64_t id) {
  DOCKET_TRY_ASSIGN(auto found, SelectEvidence(" WHERE id = ?", id));
  if (found.empty()) return Fail(NotFound(fmt::format("no evidence with id {}", id)));
  return std::move(found.front());
}

template <class Db>
Result<std::vector<Evidence>> SqlCaseFiles<Db>::EvidenceOf(CaseId id) {
  return SelectEvidence(" WHERE case_id = ? ORDER BY id", id.value);
}

template <class Db>
Result<void> SqlCaseFiles<Db>::SetDisclosed(std::int64_t id, bool disclosed) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("UPDATE evidence SET disclosed = ? WHERE id = ?"));
  DOCKET_TRY(stmt->Bind(1, disclosed ? 1 : 0).Bind(2, id).Run());
  if (db_.Changes() == 0) return Fail(NotFound(fmt::format("no evidence with id {}", id)));
  return Ok();
}

template <class Db>
Result<void> SqlCaseFiles<Db>::SetComplaintSecret(ComplaintId id, std::string_view secret_hash) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("UPDATE complaints SET secret_hash = ? WHERE id = ?"));
  return stmt->Bind(1, secret_hash).Bind(2, id.value).Run();
}

template <class Db>
Result<std::string> SqlCaseFiles<Db>::ComplaintSecret(ComplaintId id) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT secret_hash FROM complaints WHERE id = ?"));
  stmt->Bind(1, id.value);
  DOCKET_TRY_ASSIGN(bool found, stmt->Step());
  if (!found) return Fail(NotFound(fmt::format("no complaint with id {}", id.value)));
  std::string hash = stmt->Text(0);
  DOCKET_TRY(stmt->Step());
  return hash;
}

template <class Db>
Result<void> SqlCaseFiles<Db>::Seat(CaseId id, const domain::PanelSeat& seat) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO case_panel(case_id, username, kind) VALUES (?,?,?)"));
  auto done = stmt->Bind(1, id.value)
                  .Bind(2, seat.username)
                  .Bind(3, seat.kind == domain::PanelKind::kAppeal ? "appeal" : "panel")
                  .Run();
  if (!done && done.error().code == ErrorCode::kAlreadyExists) {
    return Fail(ErrorCode::kAlreadyExists, fmt::format("'{}' already sits on this panel", seat.username));
  }
  return done;
}

template <class Db>
Result<void> SqlCaseFiles<Db>::Unseat(CaseId id, std::string_view username) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("DELETE FROM case_panel WHERE case_id = ? AND username = ?"));
  return stmt->Bind(1, id.value).Bind(2, username).Run();
}

template <class Db>
Result<std::int64_t> SqlCaseFiles<Db>::AddRecusal(const Recusal& r) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("INSERT INTO recusals(case_id, username, reason, at) VALUES (?,?,?,?) RETURNING id"));
  DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(stmt->Bind(1, r.case_id.value).Bind(2, r.username).Bind(3, r.reason).Bind(4, r.at.SecondsSinceEpoch())));
  return id;
}

template <class Db>
Result<std::vector<Recusal>> SqlCaseFiles<Db>::Recusals(CaseId id) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("SELECT id, username, reason, at FROM recusals WHERE case_id = ? ORDER BY id"));
  stmt->Bind(1, id.value);
  std::vector<Recusal> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    out.push_back(Recusal{stmt->Int(0), id, stmt->Text(1), stmt->Text(2), Instant(stmt->Int(3))});
  }
  return out;
}

template <class Db>
Result<std::vector<Evidence>> SqlCaseFiles<Db>::SelectEvidence(std::string_view where, std::int64_t key) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare(std::string("SELECT id, case_id, file_name, content_type, size, sha256, uploaded_by, "
                                            "at, disclosed FROM evidence") +
                                std::string(where)));
  stmt->Bind(1, key);
  std::vector<Evidence> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    Evidence e;
    e.id = stmt->Int(0);
    e.case_id = CaseId{stmt->Int(1)};
    e.file_name = stmt->Text(2);
    e.content_type = stmt->Text(3);
    e.size = stmt->Int(4);
    e.sha256 = stmt->Text(5);
    e.uploaded_by = stmt->Text(6);
    e.at = Instant(stmt->Int(7));
    e.disclosed = stmt->Int(8) != 0;
    out.push_back(std::move(e));
  }
  return out;
}

template class SqlCaseFiles<sqlite::Connection>;
template class SqlCaseFiles<postgres::Connection>;

}  // namespace docket::store::sql
