// The repositories of members, complaints, cases, sanctions and the audit
// log, written once in SQL for both backends: Db is sqlite::Connection or
// postgres::Connection (see postgres::TranslateSql for the dialect).
#pragma once

#include <algorithm>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/audit_chain.hpp"
#include "store/field_codec.hpp"
#include "store/sql/row_helpers.hpp"
#include "store/store.hpp"

namespace docket::store::sql {
namespace core_detail {

using domain::Case;
using domain::Complaint;
using domain::Member;
using domain::Sanction;

// The lock that serialises appends to the audit chain ("audi" in ASCII). A
// transaction that takes it takes it before any other lock two servers may
// want (the year's case-number row, a user's row), so that they never wait
// for each other in opposite orders.
constexpr std::int32_t kAuditChainLock = 0x61756469;
constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();

template <class Db>
class SqlMembers final : public MemberRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlMembers(Db& db) : db_(db) {}

  Result<MemberId> Insert(const Member& member) override {
    DOCKET_TRY_ASSIGN(Statement * insert,
                      db_.Prepare("INSERT INTO members(membership_number, given_name, family_name, branch, email, "
                                  "joined_on, faction) VALUES (?,?,?,?,?,?,?) ON CONFLICT(membership_number) DO NOTHING "
                                  "RETURNING id"));
    insert->Bind(1, member.membership_number)
        .Bind(2, member.given_name)
        .Bind(3, member.family_name)
        .Bind(4, member.branch)
        .Bind(5, member.email)
        .Bind(6, member.joined_on.ToString())
        .Bind(7, member.faction);
    DOCKET_TRY_ASSIGN(std::optional<std::int64_t> inserted, ReturnedIdIfAny(*insert));
    if (!inserted) {
      return Fail(ErrorCode::kAlreadyExists,
                  fmt::format("membership number '{}' is already taken", member.membership_number));
    }
    MemberId id{*inserted};
    for (const std::string& alias : member.aliases) {
      DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO member_aliases(member_id, alias) VALUES (?,?)"));
      DOCKET_TRY(stmt->Bind(1, id.value).Bind(2, alias).Run());
    }
    for (const domain::Office& office : member.offices) {
      DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO offices(member_id, kind, title, start_date, "
                                                      "end_date) VALUES (?,?,?,?,?)"));
      DOCKET_TRY(stmt->Bind(1, id.value)
                     .Bind(2, office.kind)
                     .Bind(3, office.title)
                     .Bind(4, office.start.ToString())
                     .Bind(5, DateText(office.end))
                     .Run());
    }
    for (const domain::StatusChange& change : member.status_history) {
      DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO member_status(member_id, status, from_date, "
                                                      "reason) VALUES (?,?,?,?)"));
      DOCKET_TRY(stmt->Bind(1, id.value)
                     .Bind(2, domain::Name(change.status))
                     .Bind(3, change.from.ToString())
                     .Bind(4, change.reason)
                     .Run());
    }
    return id;
  }

  Result<Member> Find(MemberId id) override {
    DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(std::string(kSelect) + " WHERE id = ?"));
    stmt->Bind(1, id.value);
    return ReadOne(*stmt, fmt::format("no member with id {}", id.value));
  }

  Result<Member> FindByNumber(std::string_view number) override {
    DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(std::string(kSelect) + " WHERE membership_number = ?"));
    stmt->Bind(1, number);
    return ReadOne(*stmt, fmt::format("no member with membership number '{}'", number));
  }

  Result<std::int64_t> Count() override {
    DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT count(*) FROM members"));
    return OneInteger(*stmt);
  }

 private:
  static constexpr std::string_view kSelect =
      "SELECT id, membership_number, given_name, family_name, branch, email, joined_on, faction FROM members";

  Result<Member> ReadOne(Statement& stmt, std::string missing) {
    DOCKET_TRY_ASSIGN(bool found, stmt.Step());
    if (!found) return Fail(NotFound(std::move(missing)));
    Member member;
    member.id = MemberId{stmt.Int(0)};
    member.membership_number = stmt.Text(1);
    member.given_name = stmt.Text(2);
    member.family_name = stmt.Text(3);
    member.branch = stmt.Text(4);
    member.email = stmt.Text(5);
    DOCKET_TRY_ASSIGN(member.joined_on, ReadDate(stmt, 6, "joining date"));
    member.faction = stmt.Text(7);
    DOCKET_TRY(stmt.Step());  // Finish the cursor so the statement can be reused.

    DOCKET_TRY_ASSIGN(Statement * aliases, db_.Prepare("SELECT alias FROM member_aliases WHERE member_id = ?"));
    aliases->Bind(1, member.id.value);
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, aliases->Step());
      if (!row) break;
      member.aliases.push_back(aliases->Text(0));
    }
    DOCKET_TRY_ASSIGN(Statement * offices, db_.Prepare("SELECT kind, title, start_date, end_date FROM offices WHERE "
                                                       "member_id = ? ORDER BY start_date, id"));
    offices->Bind(1, member.id.value);
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, offices->Step());
      if (!row) break;
      domain::Office office;
      office.kind = offices->Text(0);
      office.title = offices->Text(1);
      DOCKET_TRY_ASSIGN(office.start, ReadDate(*offices, 2, "office start"));
      DOCKET_TRY_ASSIGN(office.end, ReadOptionalDate(*offices, 3, "office end"));
      member.offices.push_back(std::move(office));
    }
    DOCKET_TRY_ASSIGN(Statement * history, db_.Prepare("SELECT status, from_date, reason FROM member_status WHERE "
                                                       "member_id = ? ORDER BY from_date, id"));
    history->Bind(1, member.id.value);
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, history->Step());
      if (!row) break;
      domain::StatusChange change;
      change.status = domain::ParseMembershipStatus(history->Text(0)).value_or(domain::MembershipStatus::kActive);
      DOCKET_TRY_ASSIGN(change.from, ReadDate(*history, 1, "status date"));
      change.reason = history->Text(2);
      member.status_history.push_back(std::move(change));
    }
    return member;
  }

  Db& db_;
};

template <class Db>
class SqlComplaints final : public ComplaintRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlComplaints(Db& db) : db_(db) {}

  Result<ComplaintId> Insert(const Complaint& complaint) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare("INSERT INTO complaints(receipt, received_at, category, description, occurred_on, "
                                  "place, anonymous, complainant_name, complainant_email, complainant_member_id, "
                                  "channel, case_id, links) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                                  "ON CONFLICT(receipt) DO NOTHING RETURNING id"));
    const auto& who = complaint.complainant;
    stmt->Bind(1, complaint.receipt)
        .Bind(2, complaint.received_at.SecondsSinceEpoch())
        .Bind(3, complaint.category)
        .Bind(4, complaint.description)
        .Bind(5, complaint.occurred_on.ToString())
        .Bind(6, complaint.place)
        .Bind(7, complaint.anonymity == domain::Anonymity::kAnonymous ? 1 : 0)
        .Bind(8, who ? std::optional<std::string>(who->name) : std::nullopt)
        .Bind(9, who ? std::optional<std::string>(who->email) : std::nullopt)
        .Bind(10, who ? IdValue(who->member) : std::nullopt)
        .Bind(11, domain::Name(complaint.channel))
        .Bind(12, IdValue(complaint.case_id))
        .Bind(13, fmt::format("{}", fmt::join(complaint.links, "\n")));
    DOCKET_TRY_ASSIGN(std::optional<std::int64_t> inserted, ReturnedIdIfAny(*stmt));
    if (!inserted) return Fail(ErrorCode::kAlreadyExists, fmt::format("receipt '{}' is already taken", complaint.receipt));
    ComplaintId id{*inserted};
    int position = 0;
    for (const domain::RespondentRef& r : complaint.respondents) {
      DOCKET_TRY_ASSIGN(Statement * resp, db_.Prepare("INSERT INTO complaint_respondents(complaint_id, position, name, "
                                                      "membership_number, member_id) VALUES (?,?,?,?,?)"));
      DOCKET_TRY(resp->Bind(1, id.value)
                     .Bind(2, position++)
                     .Bind(3, r.name)
                     .Bind(4, r.membership_number)
                     .Bind(5, IdValue(r.member))
                     .Run());
    }
    return id;
  }

  Result<Complaint> Find(ComplaintId id) override {
    DOCKET_TRY_ASSIGN(auto found, Select(" WHERE id = ?", [&](Statement& s) { s.Bind(1, id.value); }));
    if (found.empty()) return Fail(NotFound(fmt::format("no complaint with id {}", id.value)));
    return std::move(found.front());
  }

  Result<Complaint> FindByReceipt(std::string_view receipt) override {
    DOCKET_TRY_ASSIGN(auto found, Select(" WHERE receipt = ?", [&](Statement& s) { s.Bind(1, receipt); }));
    if (found.empty()) return Fail(NotFound(fmt::format("no complaint with receipt '{}'", receipt)));
    return std::move(found.front());
  }

  Result<std::vector<Complaint>> ForCase(CaseId id) override {
    return Select(" WHERE case_id = ? ORDER BY id", [&](Statement& s) { s.Bind(1, id.value); });
  }

 private:
  template <class BindFn>
  Result<std::vector<Complaint>> Select(std::string_view where, BindFn bind) {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare(std::string("SELECT id, receipt, received_at, category, description, occurred_on, "
                                              "place, anonymous, complainant_name, complainant_email, "
                                              "complainant_member_id, channel, case_id, links FROM complaints") +
                                  std::string(where)));
    bind(*stmt);
    std::vector<Complaint> out;
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, stmt->Step());
      if (!row) break;
      Complaint c;
      c.id = ComplaintId{stmt->Int(0)};
      c.receipt = stmt->Text(1);
      c.received_at = Instant(stmt->Int(2));
      c.category = stmt->Text(3);
      c.description = stmt->Text(4);
      DOCKET_TRY_ASSIGN(c.occurred_on, ReadDate(*stmt, 5, "complaint date"));
      c.place = stmt->Text(6);
      c.anonymity = stmt->Int(7) ? domain::Anonymity::kAnonymous : domain::Anonymity::kNamed;
      if (!stmt->IsNull(8)) {
        domain::Complainant who;
        who.name = stmt->Text(8);
        who.email = stmt->Text(9);
        if (auto member = stmt->OptionalInt(10)) who.member = MemberId{*member};
        c.complainant = std::move(who);
      }
      c.channel = domain::ParseChannel(stmt->Text(11)).value_or(domain::Channel::kWeb);
      if (auto case_id = stmt->OptionalInt(12)) c.case_id = CaseId{*case_id};
      const std::string links = stmt->Text(13);
      for (std::string_view rest = links; !rest.empty();) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        c.links.emplace_back(rest.substr(0, end));
        rest.remove_prefix(std::min(end + 1, rest.size()));
      }
      out.push_back(std::move(c));
    }
    for (Complaint& c : out) {
      DOCKET_TRY_ASSIGN(Statement * resp, db_.Prepare("SELECT name, membership_number, member_id FROM "
                                                      "complaint_respondents WHERE complaint_id = ? ORDER BY position"));
      resp->Bind(1, c.id.value);
      while (true) {
        DOCKET_TRY_ASSIGN(bool row, resp->Step());
        if (!row) break;
        domain::RespondentRef r;
        r.name = resp->Text(0);
        r.membership_number = resp->OptionalText(1);
        if (auto member = resp->OptionalInt(2)) r.member = MemberId{*member};
        c.respondents.push_back(std::move(r));
      }
    }
    return out;
  }

  Db& db_;
};

constexpr std::string_view kCaseColumns =
    "id, number, category, stage, waiting, assignee, opened_at, stage_entered_at, closed_at, clock_started_at, "
    "clock_budget, clock_paused_days, clock_paused_since, decision_outcome, decision_reasons, decision_term_months, "
    "decided_at, decided_by, appeal_lodged_at, appeal_grounds, appeal_lodged_by, appeal_upheld, appeal_reasons, "
    "appeal_decided_by, interim_imposed_at, interim_review_due, interim_reasons, interim_imposed_by, version";

// Binds every mutable column of a case, in kCaseColumns order from category
// on, starting at parameter `first`. Returns the next parameter index.
template <class Statement>
int BindCaseState(Statement& stmt, const Case& c, int first) {
  int i = first;
  auto bind = [&](const auto& value) { stmt.Bind(i++, value); };
  auto bind_null = [&](int count) {
    for (int k = 0; k < count; ++k) stmt.BindNull(i++);
  };
  auto seconds = [](const std::optional<Instant>& at) {
    return at ? std::optional<std::int64_t>(at->SecondsSinceEpoch()) : std::nullopt;
  };
  bind(c.category);
  bind(c.stage);
  bind(c.waiting);
  bind(c.assignee);
  bind(c.opened_at.SecondsSinceEpoch());
  bind(c.stage_entered_at.SecondsSinceEpoch());
  bind(seconds(c.closed_at));
  if (c.clock) {
    bind(c.clock->started_at.SecondsSinceEpoch());
    bind(c.clock->budget_working_days);
    bind(c.clock->paused_working_days);
    bind(seconds(c.clock->paused_since));
  } else {
    bind_null(4);
  }
  if (c.decision) {
    bind(c.decision->outcome);
    bind(c.decision->reasons);
    bind(c.decision->term_months);
    bind(c.decision->decided_at.SecondsSinceEpoch());
    bind(c.decision->decided_by);
  } else {
    bind_null(5);
  }
  if (c.appeal) {
    bind(c.appeal->lodged_at.SecondsSinceEpoch());
    bind(c.appeal->grounds);
    bind(c.appeal->lodged_by);
    bind(c.appeal->upheld ? std::optional<std::int64_t>(*c.appeal->upheld ? 1 : 0) : std::nullopt);
    bind(c.appeal->reasons);
    bind(c.appeal->decided_by);
  } else {
    bind_null(6);
  }
  if (c.interim) {
    bind(c.interim->imposed_at.SecondsSinceEpoch());
    bind(c.interim->review_due.ToString());
    bind(c.interim->reasons);
    bind(c.interim->imposed_by);
  } else {
    bind_null(4);
  }
  return i;
}

template <class Db>
class SqlCases final : public CaseRepository {
  using Statement = typename Db::Statement;

 public:
  SqlCases(Db& db, const domain::FieldMap* /*unused*/ = nullptr) : db_(db) {}

  Result<std::string> NextNumber(int year) override {
    // The case opened will be audited: take the chain's lock first (see kAuditChainLock).
    DOCKET_TRY(db_.TakeTransactionLock(kAuditChainLock));
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare("INSERT INTO case_numbers(year, last) VALUES (?, 1) ON CONFLICT(year) DO UPDATE SET "
                                  "last = case_numbers.last + 1 RETURNING last"));
    stmt->Bind(1, year);
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) return Fail(ErrorCode::kInternal, "case number sequence returned no row");
    std::int64_t last = stmt->Int(0);
    DOCKET_TRY(stmt->Step());
    return fmt::format("{:04}-{:06}", year, last);
  }

  Result<CaseId> Insert(const Case& c, std::optional<Instant> due_at) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare("INSERT INTO cases(number, category, stage, waiting, assignee, opened_at, "
                                  "stage_entered_at, closed_at, clock_started_at, clock_budget, clock_paused_days, "
                                  "clock_paused_since, decision_outcome, decision_reasons, decision_term_months, "
                                  "decided_at, decided_by, appeal_lodged_at, appeal_grounds, appeal_lodged_by, "
                                  "appeal_upheld, appeal_reasons, appeal_decided_by, interim_imposed_at, "
                                  "interim_review_due, interim_reasons, interim_imposed_by, is_open, due_key, version) "
                                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1) RETURNING id"));
    stmt->Bind(1, c.number);
    int next = BindCaseState(*stmt, c, 2);
    stmt->Bind(next++, c.closed_at ? 0 : 1);
    stmt->Bind(next++, due_at ? due_at->SecondsSinceEpoch() : kNoDeadline);
    auto inserted = ReturnedId(*stmt);
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kAlreadyExists) {
        return Fail(ErrorCode::kAlreadyExists, fmt::format("case number '{}' is already taken", c.number));
      }
      return Fail(inserted.error());
    }
    CaseId id{*inserted};
    DOCKET_TRY(WriteRespondents(id, c.respondents));
    return id;
  }

  Result<Case> Find(CaseId id) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare(fmt::format("SELECT {} FROM cases WHERE id = ?", kCaseColumns)));
    stmt->Bind(1, id.value);
    return ReadOne(*stmt, fmt::format("no case with id {}", id.value));
  }

  Result<Case> FindByNumber(std::string_view number) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare(fmt::format("SELECT {} FROM cases WHERE number = ?", kCaseColumns)));
    stmt->Bind(1, number);
    return ReadOne(*stmt, fmt::format("no case numbered '{}'", number));
  }

  Result<void> Update(const Case& c, std::optional<Instant> due_at) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare("UPDATE cases SET category=?, stage=?, waiting=?, assignee=?, opened_at=?, "
                                  "stage_entered_at=?, closed_at=?, clock_started_at=?, clock_budget=?, "
                                  "clock_paused_days=?, clock_paused_since=?, decision_outcome=?, decision_reasons=?, "
                                  "decision_term_months=?, decided_at=?, decided_by=?, appeal_lodged_at=?, "
                                  "appeal_grounds=?, appeal_lodged_by=?, appeal_upheld=?, appeal_reasons=?, "
                                  "appeal_decided_by=?, interim_imposed_at=?, interim_review_due=?, interim_reasons=?, "
                                  "interim_imposed_by=?, is_open=?, due_key=?, version = version + 1 "
                                  "WHERE id = ? AND version = ?"));
    int next = BindCaseState(*stmt, c, 1);
    stmt->Bind(next++, c.closed_at ? 0 : 1);
    stmt->Bind(next++, due_at ? due_at->SecondsSinceEpoch() : kNoDeadline);
    stmt->Bind(next++, c.id.value);
    stmt->Bind(next++, c.version);
    DOCKET_TRY(stmt->Run());
    if (db_.Changes() == 0) {
      DOCKET_TRY_ASSIGN(Statement * exists, db_.Prepare("SELECT version FROM cases WHERE id = ?"));
      exists->Bind(1, c.id.value);
      DOCKET_TRY_ASSIGN(bool found, exists->Step());
      if (!found) return Fail(NotFound(fmt::format("no case with id {}", c.id.value)));
      std::int64_t stored = exists->Int(0);
      DOCKET_TRY(exists->Step());
      return Fail(ErrorCode::kConflict,
                  fmt::format("case {} was changed by someone else (version {} is stored, this change was made "
                              "from version {}); reload it and try again",
                              c.number, stored, c.version));
    }
    DOCKET_TRY_ASSIGN(Statement * clear, db_.Prepare("DELETE FROM case_respondents WHERE case_id = ?"));
    DOCKET_TRY(clear->Bind(1, c.id.value).Run());
    return WriteRespondents(c.id, c.respondents);
  }

  Result<std::vector<CaseSummary>> List(const CaseQuery& query) override {
    // Built from fixed fragments only; every value is a bound parameter.
    std::string sql =
        "SELECT c.id, c.number, c.category, c.stage, c.waiting, c.assignee, c.opened_at, c.stage_entered_at, "
        "c.due_key, c.interim_imposed_at IS NOT NULL, "
        "(SELECT group_concat(name, ', ') FROM case_respondents r WHERE r.case_id = c.id) "
        "FROM cases c WHERE 1=1";
    if (query.open_only) sql += " AND c.is_open = 1";
    if (query.stage) sql += " AND c.stage = ?";
    if (!query.stages.empty()) {
      sql += " AND c.stage IN (?";
      for (std::size_t k = 1; k < query.stages.size(); ++k) sql += ",?";
      sql += ")";
    }
    if (query.category) sql += " AND c.category = ?";
    if (query.assignee) sql += " AND c.assignee = ?";
    if (query.due_before) sql += " AND c.due_key < ?";
    if (query.seated) {
      sql += " AND EXISTS (SELECT 1 FROM case_panel p WHERE p.case_id = c.id AND p.username = ? AND p.kind = ?)";
    }
    if (query.respondent) {
      sql += " AND EXISTS (SELECT 1 FROM case_respondents r WHERE r.case_id = c.id AND r.member_id = ?)";
    }
    if (query.after) sql += " AND (c.due_key, c.id) > (?, ?)";
    sql += " ORDER BY c.due_key, c.id LIMIT ?";
    DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(sql));
    int i = 1;
    if (query.stage) stmt->Bind(i++, *query.stage);
    for (const std::string& stage : query.stages) stmt->Bind(i++, stage);
    if (query.category) stmt->Bind(i++, *query.category);
    if (query.assignee) stmt->Bind(i++, *query.assignee);
    if (query.due_before) stmt->Bind(i++, query.due_before->SecondsSinceEpoch());
    if (query.seated) {
      stmt->Bind(i++, query.seated->username);
      stmt->Bind(i++, query.seated->kind == domain::PanelKind::kAppeal ? "appeal" : "panel");
    }
    if (query.respondent) stmt->Bind(i++, query.respondent->value);
    if (query.after) {
      stmt->Bind(i++, query.after->first ? query.after->first->SecondsSinceEpoch() : kNoDeadline);
      stmt->Bind(i++, query.after->second.value);
    }
    stmt->Bind(i++, query.limit);
    std::vector<CaseSummary> out;
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, stmt->Step());
      if (!row) break;
      CaseSummary s;
      s.id = CaseId{stmt->Int(0)};
      s.number = stmt->Text(1);
      s.category = stmt->Text(2);
      s.stage = stmt->Text(3);
      s.waiting = stmt->OptionalText(4);
      s.assignee = stmt->Text(5);
      s.opened_at = Instant(stmt->Int(6));
      s.stage_entered_at = Instant(stmt->Int(7));
      if (stmt->Int(8) != kNoDeadline) s.due_at = Instant(stmt->Int(8));
      s.interim_suspension = stmt->Int(9) != 0;
      s.respondent_names = stmt->Text(10);
      out.push_back(std::move(s));
    }
    return out;
  }

  Result<std::vector<CaseId>> OpenCasesOfRespondent(MemberId member, std::string_view category) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare("SELECT DISTINCT c.id FROM case_respondents r JOIN cases c ON c.id = r.case_id "
                                  "WHERE r.member_id = ? AND c.category = ? AND c.is_open = 1 ORDER BY c.id"));
    stmt->Bind(1, member.value).Bind(2, category);
    std::vector<CaseId> out;
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, stmt->Step());
      if (!row) break;
      out.push_back(CaseId{stmt->Int(0)});
    }
    return out;
  }

  Result<std::int64_t> AppendEvent(const domain::CaseEvent& e) override {
    DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO case_events(case_id, at, actor, role, action, "
                                                    "from_stage, to_stage, fields) VALUES (?,?,?,?,?,?,?,?) RETURNING id"));
    return ReturnedId(stmt->Bind(1, e.case_id.value)
                   .Bind(2, e.at.SecondsSinceEpoch())
                   .Bind(3, e.actor)
                   .Bind(4, e.role)
                   .Bind(5, e.action)
                   .Bind(6, e.from_stage)
                   .Bind(7, e.to_stage)
                   .Bind(8, EncodeFields(e.fields)));
  }

  Result<std::vector<domain::CaseEvent>> Events(CaseId id) override {
    DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT id, at, actor, role, action, from_stage, to_stage, fields "
                                                    "FROM case_events WHERE case_id = ? ORDER BY id"));
    stmt->Bind(1, id.value);
    std::vector<domain::CaseEvent> out;
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, stmt->Step());
      if (!row) break;
      domain::CaseEvent e;
      e.id = stmt->Int(0);
      e.case_id = id;
      e.at = Instant(stmt->Int(1));
      e.actor = stmt->Text(2);
      e.role = stmt->Text(3);
      e.action = stmt->Text(4);
      e.from_stage = stmt->Text(5);
      e.to_stage = stmt->Text(6);
      DOCKET_TRY_ASSIGN(e.fields, DecodeFields(stmt->Text(7)));
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<std::vector<std::pair<std::string, std::int64_t>>> CountOpenByStage() override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare("SELECT stage, count(*) FROM cases WHERE is_open = 1 GROUP BY stage ORDER BY stage"));
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, stmt->Step());
      if (!row) break;
      out.emplace_back(stmt->Text(0), stmt->Int(1));
    }
    return out;
  }

  Result<std::vector<InterimSuspensionRow>> InterimReviewsDue(Date date) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare("SELECT id, number, interim_imposed_at, interim_review_due FROM cases WHERE "
                                  "interim_imposed_at IS NOT NULL AND interim_review_due <= ? ORDER BY "
                                  "interim_review_due, id"));
    stmt->Bind(1, date.ToString());
    std::vector<InterimSuspensionRow> out;
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, stmt->Step());
      if (!row) break;
      InterimSuspensionRow r;
      r.case_id = CaseId{stmt->Int(0)};
      r.case_number = stmt->Text(1);
      r.imposed_at = Instant(stmt->Int(2));
      DOCKET_TRY_ASSIGN(r.review_due, ReadDate(*stmt, 3, "interim review date"));
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  Result<void> WriteRespondents(CaseId id, const std::vector<domain::Respondent>& respondents) {
    int position = 0;
    for (const domain::Respondent& r : respondents) {
      DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO case_respondents(case_id, position, member_id, "
                                                      "name) VALUES (?,?,?,?)"));
      DOCKET_TRY(stmt->Bind(1, id.value).Bind(2, position++).Bind(3, IdValue(r.member)).Bind(4, r.name).Run());
    }
    return Ok();
  }

  Result<Case> ReadOne(Statement& s, std::string missing) {
    DOCKET_TRY_ASSIGN(bool found, s.Step());
    if (!found) return Fail(NotFound(std::move(missing)));
    Case c;
    c.id = CaseId{s.Int(0)};
    c.number = s.Text(1);
    c.category = s.Text(2);
    c.stage = s.Text(3);
    c.waiting = s.OptionalText(4);
    c.assignee = s.Text(5);
    c.opened_at = Instant(s.Int(6));
    c.stage_entered_at = Instant(s.Int(7));
    c.closed_at = ReadOptionalInstant(s, 8);
    if (!s.IsNull(9)) {
      DeadlineClock clock;
      clock.started_at = Instant(s.Int(9));
      clock.budget_working_days = static_cast<int>(s.Int(10));
      clock.paused_working_days = static_cast<int>(s.Int(11));
      clock.paused_since = ReadOptionalInstant(s, 12);
      c.clock = clock;
    }
    if (!s.IsNull(13)) {
      domain::Decision d;
      d.outcome = s.Text(13);
      d.reasons = s.Text(14);
      if (auto term = s.OptionalInt(15)) d.term_months = static_cast<int>(*term);
      d.decided_at = Instant(s.Int(16));
      d.decided_by = s.Text(17);
      c.decision = std::move(d);
    }
    if (!s.IsNull(18)) {
      domain::Appeal a;
      a.lodged_at = Instant(s.Int(18));
      a.grounds = s.Text(19);
      a.lodged_by = s.Text(20);
      if (auto upheld = s.OptionalInt(21)) a.upheld = *upheld != 0;
      a.reasons = s.Text(22);
      a.decided_by = s.Text(23);
      c.appeal = std::move(a);
    }
    if (!s.IsNull(24)) {
      domain::InterimSuspension interim;
      interim.imposed_at = Instant(s.Int(24));
      DOCKET_TRY_ASSIGN(interim.review_due, ReadDate(s, 25, "interim review date"));
      interim.reasons = s.Text(26);
      interim.imposed_by = s.Text(27);
      c.interim = std::move(interim);
    }
    c.version = s.Int(28);
    DOCKET_TRY(s.Step());

    DOCKET_TRY_ASSIGN(Statement * resp, db_.Prepare("SELECT member_id, name FROM case_respondents WHERE case_id = ? "
                                                    "ORDER BY position"));
    resp->Bind(1, c.id.value);
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, resp->Step());
      if (!row) break;
      domain::Respondent r;
      if (auto member = resp->OptionalInt(0)) r.member = MemberId{*member};
      r.name = resp->Text(1);
      c.respondents.push_back(std::move(r));
    }
    DOCKET_TRY_ASSIGN(Statement * seats, db_.Prepare("SELECT username, kind FROM case_panel WHERE case_id = ? ORDER BY "
                                                     "kind, username"));
    seats->Bind(1, c.id.value);
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, seats->Step());
      if (!row) break;
      c.panel.push_back({seats->Text(0), seats->Text(1) == "appeal" ? domain::PanelKind::kAppeal : domain::PanelKind::kPanel});
    }
    DOCKET_TRY_ASSIGN(Statement * complainants,
                      db_.Prepare("SELECT DISTINCT complainant_member_id FROM complaints WHERE case_id = ? AND "
                                  "complainant_member_id IS NOT NULL"));
    complainants->Bind(1, c.id.value);
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, complainants->Step());
      if (!row) break;
      c.complainant_members.push_back(MemberId{complainants->Int(0)});
    }
    return c;
  }

  Db& db_;
};

template <class Db>
class SqlSanctions final : public SanctionRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlSanctions(Db& db) : db_(db) {}

  Result<SanctionId> Insert(const Sanction& s) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare("INSERT INTO sanctions(member_id, case_id, kind, category, start_date, end_date, "
                                  "readmission_from, published_on, overturned_at, overturn_reason) VALUES "
                                  "(?,?,?,?,?,?,?,?,?,?) RETURNING id"));
    DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(stmt->Bind(1, s.member.value)
                   .Bind(2, IdValue(s.case_id))
                   .Bind(3, s.kind)
                   .Bind(4, s.category)
                   .Bind(5, s.start.ToString())
                   .Bind(6, DateText(s.end))
                   .Bind(7, DateText(s.readmission_from))
                   .Bind(8, DateText(s.published_on))
                   .Bind(9, s.overturned_at ? std::optional<std::int64_t>(s.overturned_at->SecondsSinceEpoch())
                                            : std::nullopt)
                   .Bind(10, s.overturn_reason)
                   ));
    return SanctionId{id};
  }

  Result<std::vector<Sanction>> ForMember(MemberId member) override {
    return Select(" WHERE member_id = ? ORDER BY start_date, id", member.value);
  }

  Result<std::vector<Sanction>> ForCase(CaseId id) override {
    return Select(" WHERE case_id = ? ORDER BY start_date, id", id.value);
  }

  Result<void> EndInterim(CaseId id, Date date) override {
    DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("UPDATE sanctions SET end_date = ? WHERE case_id = ? AND kind = ? "
                                                    "AND end_date IS NULL"));
    return stmt->Bind(1, date.ToString()).Bind(2, id.value).Bind(3, domain::kInterimSuspensionKind).Run();
  }

  Result<void> OverturnForCase(CaseId id, Instant at, std::string_view reason) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare("UPDATE sanctions SET overturned_at = ?, overturn_reason = ? WHERE case_id = ? AND "
                                  "kind <> ? AND overturned_at IS NULL"));
    return stmt->Bind(1, at.SecondsSinceEpoch())
        .Bind(2, reason)
        .Bind(3, id.value)
        .Bind(4, domain::kInterimSuspensionKind)
        .Run();
  }

 private:
  Result<std::vector<Sanction>> Select(std::string_view where, std::int64_t key) {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare(std::string("SELECT id, member_id, case_id, kind, category, start_date, end_date, "
                                              "readmission_from, published_on, overturned_at, overturn_reason FROM "
                                              "sanctions") +
                                  std::string(where)));
    stmt->Bind(1, key);
    std::vector<Sanction> out;
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, stmt->Step());
      if (!row) break;
      Sanction s;
      s.id = SanctionId{stmt->Int(0)};
      s.member = MemberId{stmt->Int(1)};
      if (auto case_id = stmt->OptionalInt(2)) s.case_id = CaseId{*case_id};
      s.kind = stmt->Text(3);
      s.category = stmt->Text(4);
      DOCKET_TRY_ASSIGN(s.start, ReadDate(*stmt, 5, "sanction start"));
      DOCKET_TRY_ASSIGN(s.end, ReadOptionalDate(*stmt, 6, "sanction end"));
      DOCKET_TRY_ASSIGN(s.readmission_from, ReadOptionalDate(*stmt, 7, "readmission date"));
      DOCKET_TRY_ASSIGN(s.published_on, ReadOptionalDate(*stmt, 8, "publication date"));
      s.overturned_at = ReadOptionalInstant(*stmt, 9);
      s.overturn_reason = stmt->Text(10);
      out.push_back(std::move(s));
    }
    return out;
  }

  Db& db_;
};

template <class Db>
class SqlAudit final : public AuditRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlAudit(Db& db) : db_(db) {}

  Result<domain::AuditRecord> Append(domain::AuditRecord record) override {
    // No other writer may append between reading the chain's end and
    // inserting: SQLite serialises write transactions anyway; PostgreSQL
    // takes a transaction-level lock, so two servers keep one chain.
    DOCKET_TRY(db_.TakeTransactionLock(kAuditChainLock));
    DOCKET_TRY_ASSIGN(Statement * last, db_.Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
    DOCKET_TRY_ASSIGN(bool found, last->Step());
    record.seq = found ? last->Int(0) + 1 : 1;
    record.prev_hash = found ? last->Text(1) : std::string(domain::kGenesisHash);
    if (found) DOCKET_TRY(last->Step());
    record.hash = ChainHash(record);
    DOCKET_TRY_ASSIGN(Statement * insert,
                      db_.Prepare("INSERT INTO audit_log(seq, at, actor, role, action, object_type, object_id, origin, "
                                  "detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    DOCKET_TRY(insert->Bind(1, record.seq)
                   .Bind(2, record.at.SecondsSinceEpoch())
                   .Bind(3, record.actor)
                   .Bind(4, record.role)
                   .Bind(5, record.action)
                   .Bind(6, record.object_type)
                   .Bind(7, record.object_id)
                   .Bind(8, record.origin)
                   .Bind(9, record.detail)
                   .Bind(10, record.prev_hash)
                   .Bind(11, record.hash)
                   .Run());
    return record;
  }

  Result<std::vector<domain::AuditRecord>> Scan(std::int64_t after, int limit) override {
    DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(std::string(kSelect) + " WHERE seq > ? ORDER BY seq LIMIT ?"));
    stmt->Bind(1, after).Bind(2, limit);
    return ReadAll(*stmt);
  }

  Result<std::vector<domain::AuditRecord>> ForObject(std::string_view type, std::string_view id, int limit) override {
    DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(std::string(kSelect) +
                                                    " WHERE object_type = ? AND object_id = ? ORDER BY seq DESC LIMIT ?"));
    stmt->Bind(1, type).Bind(2, id).Bind(3, limit);
    return ReadAll(*stmt);
  }

  Result<std::vector<domain::AuditRecord>> ForActor(std::string_view actor, int limit) override {
    DOCKET_TRY_ASSIGN(Statement * stmt,
                      db_.Prepare(std::string(kSelect) + " WHERE actor = ? ORDER BY seq DESC LIMIT ?"));
    stmt->Bind(1, actor).Bind(2, limit);
    return ReadAll(*stmt);
  }

 private:
  static constexpr std::string_view kSelect =
      "SELECT seq, at, actor, role, action, object_type, object_id, origin, detail, prev_hash, hash FROM audit_log";

  Result<std::vector<domain::AuditRecord>> ReadAll(Statement& stmt) {
    std::vector<domain::AuditRecord> out;
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, stmt.Step());
      if (!row) break;
      domain::AuditRecord r;
      r.seq = stmt.Int(0);
      r.at = Instant(stmt.Int(1));
      r.actor = stmt.Text(2);
      r.role = stmt.Text(3);
      r.action = stmt.Text(4);
      r.object_type = stmt.Text(5);
      r.object_id = stmt.Text(6);
      r.origin = stmt.Text(7);
      r.detail = stmt.Text(8);
      r.prev_hash = stmt.Text(9);
      r.hash = stmt.Text(10);
      out.push_back(std::move(r));
    }
    return out;
  }

  Db& db_;
};

}  // namespace core_detail

using core_detail::SqlMembers;
using core_detail::SqlComplaints;
using core_detail::SqlCases;
using core_detail::SqlSanctions;
using core_detail::SqlAudit;
using core_detail::kAuditChainLock;

}  // namespace docket::store::sql
