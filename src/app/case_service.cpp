#include "app/case_service.hpp"

#include <algorithm>
#include <future>

#include <fmt/format.h>

#include "app/access_policy.hpp"
#include "app/audit_record.hpp"
#include "app/panel_service.hpp"

namespace docket::app {
namespace {

bool LooksLikeCaseNumber(std::string_view ref) { return ref.size() == 11 && ref[4] == '-'; }

std::optional<std::int64_t> ParseId(std::string_view ref) {
  if (ref.empty() || ref.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (char ch : ref) {
    if (ch < '0' || ch > '9') return std::nullopt;
    value = value * 10 + (ch - '0');
  }
  return value;
}

}  // namespace

Result<void> CaseService::RecordRefusal(const domain::Actor& actor, std::string_view case_ref, const Error& error) {
  // A refused attempt is recorded in its own transaction: the attempt is the
  // fact worth keeping, and nothing else was written.
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "access.refused", "case", std::string(case_ref),
                                        error.message)));
    return Ok();
  });
}

Result<domain::Case> CaseService::Load(store::Transaction& tx, std::string_view case_ref) {
  if (LooksLikeCaseNumber(case_ref)) return tx.Cases().FindByNumber(case_ref);
  if (auto id = ParseId(case_ref)) return tx.Cases().Find(CaseId{*id});
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("'{}' is neither a case number (2026-000123) nor a case id", case_ref));
}

std::shared_ptr<const CaseFile> CaseFileCache::Find(const std::string& case_ref, std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(case_ref);
  if (it == entries_.end() || it->second.generation != generation) return nullptr;
  return it->second.file;
}

void CaseFileCache::Put(const std::string& case_ref, std::shared_ptr<const CaseFile> file, std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries && !entries_.contains(case_ref)) entries_.clear();
  entries_[case_ref] = Entry{std::move(file), generation};
}

CaseView CaseService::Compose(const domain::Actor& actor, CaseFile file) const {
  const Instant now = clock_.Now();
  const domain::Policy& policy = workflow_.GetPolicy();
  CaseView view;
  view.events = std::move(file.events);  // shared, not copied: the history is the same for every reader
  view.complaints = std::move(file.complaints);
  view.sanctions = std::move(file.sanctions);
  for (domain::Complaint& complaint : view.complaints) {
    // An anonymous complainant stays anonymous to every role.
    if (complaint.anonymity == domain::Anonymity::kAnonymous) complaint.complainant.reset();
    // The respondent may know who complains, to answer it, but not how to reach them.
    if (actor.role == "respondent" && complaint.complainant) {
      complaint.complainant->email.clear();
      complaint.complainant->member.reset();
    }
    // The time limit is for people bringing complaints; a case the
    // platform-sharing rule raised about an old event is not out of time.
    if (complaint.channel == domain::Channel::kRule) continue;
    Date limit = workflow_.GetSchedule().zone.LocalDate(complaint.received_at).AddMonths(-policy.complaint_time_limit_months);
    if (complaint.occurred_on < limit) view.out_of_time = true;
  }
  view.deadline = workflow_.Deadline(file.c, now);
  if (CheckCaseAccess(actor, file.c, Access::kWrite)) view.allowed_actions = workflow_.AllowedActions(file.c, actor, now);
  view.c = std::move(file.c);
  return view;
}

Result<CaseFile> CaseService::ReadFile(store::Transaction& tx, domain::Case c) {
  CaseFile file;
  DOCKET_TRY_ASSIGN(std::vector<domain::CaseEvent> events, tx.Cases().Events(c.id));
  file.events = std::make_shared<const std::vector<domain::CaseEvent>>(std::move(events));
  DOCKET_TRY_ASSIGN(file.complaints, tx.Complaints().ForCase(c.id));
  DOCKET_TRY_ASSIGN(file.sanctions, tx.Sanctions().ForCase(c.id));
  file.c = std::move(c);
  return file;
}

Result<CaseView> CaseService::View(store::Transaction& tx, const domain::Actor& actor, domain::Case c) {
  DOCKET_TRY_ASSIGN(CaseFile file, ReadFile(tx, std::move(c)));
  return Compose(actor, std::move(file));
}

Result<std::vector<QueueRow>> CaseService::Queue(const domain::Actor& actor, store::CaseQuery query) {
  DOCKET_TRY(CheckQueueAccess(actor));
  // Narrow the query to the cases this person may see; never widen it.
  if (actor.role == "investigator") query.assignee = actor.username;
  if (actor.role == "panel_member") query.seated = domain::PanelSeat{actor.username, domain::PanelKind::kPanel};
  if (actor.role == "appeal_panel") query.seated = domain::PanelSeat{actor.username, domain::PanelKind::kAppeal};
  if (actor.role == "respondent") {
    // A respondent account without a membership record has no cases to see.
    if (!actor.member) return std::vector<QueueRow>{};
    query.respondent = *actor.member;
    query.assignee.reset();
  }
  query.limit = std::clamp(query.limit, 1, 500);
  std::vector<store::CaseSummary> rows;
  {
    DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
    DOCKET_TRY_ASSIGN(rows, tx->Cases().List(query));
  }
  std::string detail = fmt::format("stage={} category={} assignee={} rows={}", query.stage.value_or("*"),
                                   query.category.value_or("*"), query.assignee.value_or("*"), rows.size());
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "case.list", "queue", "", detail)));
    return Ok();
  }));
  const Instant now = clock_.Now();
  const Schedule& schedule = workflow_.GetSchedule();
  const int warn = workflow_.GetPolicy().warn_before_working_days;
  std::vector<QueueRow> out;
  out.reserve(rows.size());
  for (store::CaseSummary& row : rows) {
    QueueRow q;
    if (row.due_at) {
      Date due = schedule.zone.LocalDate(*row.due_at);
      q.due_date = due;
      q.working_days_left = schedule.calendar.WorkingDaysBetween(schedule.zone.LocalDate(now), due);
      q.status = now > *row.due_at                ? DeadlineStatus::kBreached
                 : q.working_days_left <= warn ? DeadlineStatus::kDueSoon
                                               : DeadlineStatus::kOnTrack;
    } else if (row.waiting) {
      q.status = DeadlineStatus::kPaused;
    }
    q.summary = std::move(row);
    out.push_back(std::move(q));
  }
  return out;
}

Result<void> CaseService::ReadForShow(store::Transaction& tx, ShowState& state) {
  // Read and recorded in one transaction of the writer: the file is released
  // only once the read is on the record. While nothing but the audit log has
  // changed since the file was last read, the cached file is what a read
  // would return, and the work is one audit record.
  const std::optional<std::uint64_t> generation = tx.ChangeGeneration();
  std::shared_ptr<const CaseFile> file = generation ? files_.Find(state.case_ref, *generation) : nullptr;
  if (!file) {
    DOCKET_TRY_ASSIGN(domain::Case c, Load(tx, state.case_ref));
    DOCKET_TRY_ASSIGN(CaseFile fresh, ReadFile(tx, std::move(c)));
    file = std::make_shared<const CaseFile>(std::move(fresh));
    // Reading changed nothing, so the generation read before still holds.
    if (generation) files_.Put(state.case_ref, file, *generation);
  }
  const Instant now = clock_.Now();
  if (auto allowed = CheckCaseAccess(state.actor, file->c, Access::kRead); !allowed) {
    // The refused attempt is the fact worth keeping; nothing else is written.
    DOCKET_TRY(tx.Audit().Append(
        AuditOf(state.actor, now, "access.refused", "case", file->c.number, allowed.error().message)));
    state.refusal = allowed.error();
    return Ok();
  }
  DOCKET_TRY(tx.Audit().Append(AuditOf(state.actor, now, "case.read", "case", file->c.number, "")));
  state.file = std::move(file);
  return Ok();
}

Result<CaseView> CaseService::Show(const domain::Actor& actor, std::string_view case_ref) {
  // One way to read a case file, waited for here.
  std::promise<ShownCase> shown;
  std::future<ShownCase> result = shown.get_future();
  ShowAsync(actor, case_ref, [&shown](ShownCase view) { shown.set_value(std::move(view)); });
  return result.get()();
}

void CaseService::ShowAsync(const domain::Actor& actor, std::string_view case_ref,
                            std::function<void(ShownCase)> done) {
  auto state = std::make_shared<ShowState>(ShowState{actor, std::string(case_ref), nullptr, std::nullopt});
  // The read appends only its audit record: it is answered once that is
  // committed (it survives the server's crash), unless the file it shows
  // holds a change not yet on disk (store::Acknowledge::kCommitted).
  store_.WriteAsync([this, state](store::Transaction& tx) { return ReadForShow(tx, *state); },
                    [this, state, done = std::move(done)](Result<void> written) {
                      done([this, state, written = std::move(written)]() -> Result<CaseView> {
                        if (!written) return Fail(written.error());
                        if (state->refusal) return Fail(*state->refusal);
                        // A copy: the cached file stays as stored for the next reader.
                        return Compose(state->actor, *state->file);
                      });
                    },
                    store::Acknowledge::kCommitted);
}

Result<CaseView> CaseService::Act(const domain::Actor& actor, std::string_view case_ref, std::string_view action,
                                  const domain::FieldMap& fields, std::optional<std::int64_t> expected_version) {
  CaseView view;
  std::optional<Error> refusal;
  std::string refused_case(case_ref);
  auto done = store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::Case c, Load(tx, case_ref));
    if (auto allowed = CheckCaseAccess(actor, c, Access::kWrite); !allowed) {
      refusal = allowed.error();
      refused_case = c.number;
      return Fail(allowed.error());
    }
    if (expected_version && *expected_version != c.version) {
      return Fail(ErrorCode::kConflict,
                  fmt::format("case {} is at version {}, not {}: someone changed it first; reload and try again",
                              c.number, c.version, *expected_version));
    }
    // Fields naming a user must name a real account that can hold the case.
    for (const auto& [name, value] : fields) {
      const domain::FieldSpec* spec = workflow_.GetPolicy().FindField(name);
      if (spec == nullptr || spec->type != domain::FieldType::kUser) continue;
      auto user = tx.Users().FindByUsername(value);
      if (!user) return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': {}", name, user.error().message));
      if (user->role != "caseworker" && user->role != "investigator") {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("field '{}': '{}' is a {}, and only caseworkers and investigators hold cases", name,
                                value, user->role));
      }
      DOCKET_TRY(CheckNoConflict(tx, c, value));
    }
    const Instant now = clock_.Now();
    auto outcome = workflow_.Apply(c, actor, action, fields, now);
    if (!outcome) {
      if (outcome.error().code == ErrorCode::kPermissionDenied) {
        refusal = outcome.error();
        refused_case = c.number;
      }
      return Fail(outcome.error());
    }
    DOCKET_TRY(tx.Cases().Update(outcome->next, workflow_.DueAtForOrdering(outcome->next)));
    DOCKET_TRY(tx.Cases().AppendEvent(outcome->event));
    if (outcome->interim_ended_on) DOCKET_TRY(tx.Sanctions().EndInterim(c.id, *outcome->interim_ended_on));
    if (outcome->overturned) DOCKET_TRY(tx.Sanctions().OverturnForCase(c.id, now, outcome->overturn_reason));
    for (const domain::Sanction& sanction : outcome->imposed) DOCKET_TRY(tx.Sanctions().Insert(sanction));
    const bool sanctions_changed = !outcome->imposed.empty() || outcome->interim_ended_on || outcome->overturned;
    if (sanctions_changed && sanction_watcher_) {
      std::vector<MemberId> members;
      for (const domain::Respondent& r : c.respondents) {
        if (r.member) members.push_back(*r.member);
      }
      DOCKET_TRY(sanction_watcher_(tx, actor, members));
    }
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, now, "case.act", "case", c.number,
                                        fmt::format("{}: {} -> {}", action, c.stage, outcome->next.stage))));
    DOCKET_TRY_ASSIGN(domain::Case stored, tx.Cases().Find(c.id));
    DOCKET_TRY_ASSIGN(view, View(tx, actor, std::move(stored)));
    return Ok();
  });
  if (!done) {
    if (refusal) DOCKET_TRY(RecordRefusal(actor, refused_case, *refusal));
    return Fail(done.error());
  }
  return view;
}

Result<std::vector<OverdueItem>> CaseService::Overdue(const domain::Actor& actor) {
  DOCKET_TRY(CheckQueueAccess(actor));
  const Instant now = clock_.Now();
  const Schedule& schedule = workflow_.GetSchedule();
  const Date today = schedule.zone.LocalDate(now);
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  std::vector<OverdueItem> out;
  store::CaseQuery query;
  query.due_before = now;
  query.limit = 1000;
  if (actor.role == "investigator") query.assignee = actor.username;
  while (true) {
    DOCKET_TRY_ASSIGN(std::vector<store::CaseSummary> page, tx->Cases().List(query));
    for (const store::CaseSummary& row : page) {
      Date due = schedule.zone.LocalDate(*row.due_at);
      out.push_back({row.number, fmt::format("stage '{}' deadline", row.stage), due,
                     schedule.calendar.WorkingDaysBetween(due, today), row.assignee});
    }
    if (static_cast<int>(page.size()) < query.limit) break;
    query.after = std::make_pair(page.back().due_at, page.back().id);
  }
  DOCKET_TRY_ASSIGN(auto reviews, tx->Cases().InterimReviewsDue(today.AddDays(-1)));
  for (const store::InterimSuspensionRow& row : reviews) {
    out.push_back({row.case_number, "interim suspension review", row.review_due,
                   schedule.calendar.WorkingDaysBetween(row.review_due, today), ""});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const OverdueItem& a, const OverdueItem& b) { return a.working_days_over > b.working_days_over; });
  return out;
}

}  // namespace docket::app
