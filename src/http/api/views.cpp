#include "http/api/views.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace docket::http::api {
namespace {

namespace bj = boost::json;

bj::value Text(std::string_view text) { return bj::value(bj::string_view(text.data(), text.size())); }

template <class T, class F>
bj::value OrNull(const std::optional<T>& value, F&& convert) {
  return value ? bj::value(convert(*value)) : bj::value(nullptr);
}

bj::value When(const std::optional<Instant>& at) {
  return OrNull(at, [](Instant i) { return Text(i.ToString()); });
}
bj::value Day(const std::optional<Date>& date) {
  return OrNull(date, [](Date d) { return Text(d.ToString()); });
}

bj::value Titled(std::string_view id, std::string_view title) {
  return bj::object{{"id", Text(id)}, {"title", Text(title)}};
}

bj::value StageOf(const domain::Policy& policy, std::string_view id) {
  const domain::Stage* stage = policy.FindStage(id);
  return Titled(id, stage ? std::string_view(stage->title) : id);
}

bj::value CategoryOf(const domain::Policy& policy, std::string_view id) {
  const domain::Category* category = policy.FindCategory(id);
  return Titled(id, category ? std::string_view(category->title) : id);
}

bj::value WaitingOf(const domain::Policy& policy, const std::optional<std::string>& id) {
  if (!id) return nullptr;
  const domain::WaitingState* waiting = policy.FindWaiting(*id);
  bj::object o = Titled(*id, waiting ? std::string_view(waiting->title) : std::string_view(*id)).as_object();
  o["pauses_clock"] = waiting != nullptr && waiting->pauses_clock;
  return o;
}

std::string_view SanctionTitle(const domain::Policy& policy, std::string_view kind) {
  if (kind == domain::kInterimSuspensionKind) return "Interim suspension";
  const domain::SanctionKind* sanction = policy.FindSanction(kind);
  return sanction ? std::string_view(sanction->title) : kind;
}

bj::value SanctionJson(const domain::Sanction& s, const domain::Policy& policy, std::optional<Date> today) {
  bj::object o;
  o["id"] = s.id.value;
  o["member_id"] = s.member.value;
  o["case_id"] = OrNull(s.case_id, [](CaseId id) { return id.value; });
  o["kind"] = Text(s.kind);
  o["kind_title"] = Text(SanctionTitle(policy, s.kind));
  o["category"] = Text(s.category);
  o["start"] = Text(s.start.ToString());
  o["end"] = Day(s.end);
  o["readmission_from"] = Day(s.readmission_from);
  o["published_on"] = Day(s.published_on);
  o["overturned_at"] = When(s.overturned_at);
  o["overturn_reason"] = s.overturned_at ? Text(s.overturn_reason) : bj::value(nullptr);
  if (today) o["in_force_today"] = s.InForceOn(*today);
  return o;
}

bj::value DeadlineJson(const std::optional<DeadlineStatus>& status, const std::optional<Date>& due_date,
                       const std::optional<Instant>& due_at, std::optional<int> working_days_left) {
  bj::object o;
  o["due_date"] = Day(due_date);
  o["due_at"] = When(due_at);
  o["status"] = OrNull(status, [](DeadlineStatus s) { return Text(domain::Name(s)); });
  o["working_days_left"] = OrNull(working_days_left, [](int n) { return static_cast<std::int64_t>(n); });
  return o;
}

bj::value FieldJson(const domain::FieldSpec& spec, bool required) {
  bj::object o;
  o["id"] = Text(spec.id);
  o["label"] = Text(spec.label);
  o["type"] = Text(domain::Name(spec.type));
  o["required"] = required;
  o["help"] = Text(spec.help);
  bj::array options;
  for (const std::string& option : spec.options) options.push_back(Text(option));
  o["options"] = std::move(options);
  const bool integer = spec.type == domain::FieldType::kInteger;
  o["min"] = integer ? OrNull(spec.min, [](long long n) { return static_cast<std::int64_t>(n); }) : bj::value(nullptr);
  o["max"] = integer ? OrNull(spec.max, [](long long n) { return static_cast<std::int64_t>(n); }) : bj::value(nullptr);
  o["min_length"] =
      spec.type == domain::FieldType::kText ? bj::value(static_cast<std::int64_t>(spec.min_length)) : bj::value(nullptr);
  return o;
}

bj::array Strings(const std::vector<std::string>& items) {
  bj::array out;
  for (const std::string& item : items) out.push_back(Text(item));
  return out;
}

}  // namespace

bj::value ProcessJson(const domain::Policy& policy) {
  bj::object o;
  o["name"] = Text(policy.name);
  o["version"] = Text(policy.version);
  o["time_zone"] = Text(policy.time_zone);
  o["calendar"] = Text(policy.calendar);
  o["start_stage"] = Text(policy.start_stage);
  o["complaint_time_limit_months"] = policy.complaint_time_limit_months;
  bj::array stages;
  for (const domain::Stage& stage : policy.stages) {
    bj::object s;
    s["id"] = Text(stage.id);
    s["title"] = Text(stage.title);
    s["deadline_working_days"] =
        OrNull(stage.deadline_working_days, [](int n) { return static_cast<std::int64_t>(n); });
    s["terminal"] = stage.terminal;
    s["checklist"] = Strings(stage.checklist);
    s["guidance"] = Text(stage.guidance);
    bj::array actions;
    for (const domain::Action* action : policy.ActionsFrom(stage.id)) {
      bj::object a;
      a["id"] = Text(action->id);
      a["title"] = Text(action->title);
      a["to"] = OrNull(action->to, [&](const std::string& to) { return StageOf(policy, to); });
      actions.push_back(std::move(a));
    }
    s["actions"] = std::move(actions);
    stages.push_back(std::move(s));
  }
  o["stages"] = std::move(stages);
  bj::array categories;
  for (const domain::Category& category : policy.categories) categories.push_back(Titled(category.id, category.title));
  o["categories"] = std::move(categories);
  bj::array sanctions;
  for (const domain::SanctionKind& kind : policy.sanctions) {
    bj::object s;
    s["id"] = Text(kind.id);
    s["title"] = Text(kind.title);
    s["severity"] = kind.severity;
    s["has_term"] = kind.has_term;
    s["max_term_months"] = OrNull(kind.max_term_months, [](int n) { return static_cast<std::int64_t>(n); });
    s["readmission_bar_years"] = OrNull(kind.readmission_bar_years, [](int n) { return static_cast<std::int64_t>(n); });
    s["removes_membership"] = kind.removes_membership;
    s["requires_education"] = kind.requires_education;
    sanctions.push_back(std::move(s));
  }
  o["sanctions"] = std::move(sanctions);
  bj::object appeal;
  appeal["window_working_days"] = policy.appeal.window_working_days;
  appeal["heard_by_different_people"] = policy.appeal.different_people;
  o["appeal"] = std::move(appeal);
  bj::object interim;
  interim["review_every_working_days"] = policy.interim_suspension.review_every_working_days;
  interim["max_working_days"] = policy.interim_suspension.max_working_days;
  o["interim_suspension"] = std::move(interim);
  return o;
}

bj::value ReceiptJson(const app::Receipt& receipt) {
  bj::object o;
  o["receipt"] = Text(receipt.receipt);
  o["secret"] = Text(receipt.secret);
  o["case_number"] = Text(receipt.case_number);
  o["grouped"] = receipt.grouped;
  return o;
}

bj::value ComplaintStatusJson(const app::ComplaintStatus& status) {
  bj::object o;
  o["receipt"] = Text(status.receipt);
  o["case_number"] = Text(status.case_number);
  o["received_at"] = Text(status.received_at.ToString());
  o["category"] = Text(status.category_title);
  o["stage"] = Text(status.stage_title);
  o["closed"] = status.closed;
  o["outcome"] = OrNull(status.outcome_title, [](const std::string& s) { return Text(s); });
  o["reasons"] = OrNull(status.reasons, [](const std::string& s) { return Text(s); });
  bj::array messages;
  for (const app::ThreadMessage& m : status.messages) {
    bj::object message;
    message["from"] = Text(m.from);
    message["body"] = Text(m.body);
    message["at"] = Text(m.at.ToString());
    messages.push_back(std::move(message));
  }
  o["messages"] = std::move(messages);
  bj::array files;
  for (const app::SubmittedFile& f : status.files) files.push_back(SubmittedFileJson(f));
  o["files"] = std::move(files);
  return o;
}

bj::value SubmittedFileJson(const app::SubmittedFile& file) {
  bj::object o;
  o["id"] = file.id;
  o["file_name"] = Text(file.file_name);
  o["size"] = file.size;
  o["sha256"] = Text(file.sha256);
  o["at"] = Text(file.at.ToString());
  return o;
}

bj::value QueueRowJson(const app::QueueRow& row, const domain::Policy& policy) {
  const store::CaseSummary& s = row.summary;
  bj::object o;
  o["number"] = Text(s.number);
  o["category"] = CategoryOf(policy, s.category);
  o["stage"] = StageOf(policy, s.stage);
  o["waiting"] = WaitingOf(policy, s.waiting);
  o["assignee"] = s.assignee.empty() ? bj::value(nullptr) : Text(s.assignee);
  o["respondents"] = Text(s.respondent_names);
  o["opened_at"] = Text(s.opened_at.ToString());
  o["interim_suspension"] = s.interim_suspension;
  o["due_at"] = When(s.due_at);
  o["deadline"] = DeadlineJson(row.status, row.due_date, s.due_at,
                               row.due_date ? std::optional<int>(row.working_days_left) : std::nullopt);
  return o;
}

bj::value CaseJson(const app::CaseView& view, const domain::Policy& policy) {
  const domain::Case& c = view.c;
  bj::object o;
  o.reserve(24);  // every key below, so that the object never grows (each growth rehashes it)
  o["number"] = Text(c.number);
  o["category"] = CategoryOf(policy, c.category);
  o["stage"] = StageOf(policy, c.stage);
  o["waiting"] = WaitingOf(policy, c.waiting);
  o["assignee"] = c.assignee.empty() ? bj::value(nullptr) : Text(c.assignee);
  o["opened_at"] = Text(c.opened_at.ToString());
  o["stage_entered_at"] = Text(c.stage_entered_at.ToString());
  o["closed_at"] = When(c.closed_at);
  if (view.deadline) {
    const domain::DeadlineView& d = *view.deadline;
    o["deadline"] = DeadlineJson(d.status, d.due_date, d.due_at, d.working_days_left);
  } else {
    o["deadline"] = nullptr;
  }
  bj::array respondents;
  for (const domain::Respondent& r : c.respondents) {
    bj::object respondent;
    respondent["name"] = Text(r.name);
    respondent["member_id"] = OrNull(r.member, [](MemberId id) { return id.value; });
    // The membership number comes from the complaints that named the member,
    // so that a client can open the member's record.
    std::optional<std::string> number;
    for (const domain::Complaint& complaint : view.complaints) {
      for (const domain::RespondentRef& ref : complaint.respondents) {
        if (r.member && ref.member == r.member && ref.membership_number) number = ref.membership_number;
      }
    }
    respondent["membership_number"] = OrNull(number, [](const std::string& s) { return Text(s); });
    respondents.push_back(std::move(respondent));
  }
  o["respondents"] = std::move(respondents);
  bj::array complaints;
  for (const domain::Complaint& complaint : view.complaints) {
    bj::object k;
    k.reserve(10);
    k["id"] = complaint.id.value;
    k["receipt"] = Text(complaint.receipt);
    k["received_at"] = Text(complaint.received_at.ToString());
    k["channel"] = Text(domain::Name(complaint.channel));
    k["occurred_on"] = Text(complaint.occurred_on.ToString());
    k["place"] = Text(complaint.place);
    k["description"] = Text(complaint.description);
    bj::array links;
    for (const std::string& link : complaint.links) links.push_back(Text(link));
    k["links"] = std::move(links);
    k["anonymous"] = complaint.anonymity == domain::Anonymity::kAnonymous;
    // CaseService has already removed an anonymous complainant's identity;
    // the check here keeps it out of the JSON even if that ever changed.
    if (complaint.complainant && complaint.anonymity == domain::Anonymity::kNamed) {
      bj::object who;
      who["name"] = Text(complaint.complainant->name);
      // Empty for a respondent's view: they may know who complains, not how to reach them.
      who["email"] = complaint.complainant->email.empty() ? bj::value(nullptr) : Text(complaint.complainant->email);
      who["member_id"] = OrNull(complaint.complainant->member, [](MemberId id) { return id.value; });
      k["complainant"] = std::move(who);
    } else {
      k["complainant"] = nullptr;
    }
    bj::array named;
    for (const domain::RespondentRef& ref : complaint.respondents) {
      bj::object r;
      r["name"] = Text(ref.name);
      r["membership_number"] = OrNull(ref.membership_number, [](const std::string& s) { return Text(s); });
      named.push_back(std::move(r));
    }
    k["respondents"] = std::move(named);
    complaints.push_back(std::move(k));
  }
  o["complaints"] = std::move(complaints);
  o["out_of_time"] = view.out_of_time;
  if (c.decision) {
    const domain::Decision& d = *c.decision;
    bj::object decision;
    decision["outcome"] = Text(d.outcome);
    decision["outcome_title"] = Text(SanctionTitle(policy, d.outcome));
    decision["reasons"] = Text(d.reasons);
    decision["term_months"] = OrNull(d.term_months, [](int n) { return static_cast<std::int64_t>(n); });
    decision["decided_at"] = Text(d.decided_at.ToString());
    decision["decided_by"] = Text(d.decided_by);
    o["decision"] = std::move(decision);
  } else {
    o["decision"] = nullptr;
  }
  if (c.appeal) {
    const domain::Appeal& a = *c.appeal;
    bj::object appeal;
    appeal["lodged_at"] = Text(a.lodged_at.ToString());
    appeal["grounds"] = Text(a.grounds);
    appeal["lodged_by"] = Text(a.lodged_by);
    appeal["upheld"] = OrNull(a.upheld, [](bool b) { return b; });
    appeal["reasons"] = a.upheld ? Text(a.reasons) : bj::value(nullptr);
    appeal["decided_by"] = a.upheld ? Text(a.decided_by) : bj::value(nullptr);
    o["appeal"] = std::move(appeal);
  } else {
    o["appeal"] = nullptr;
  }
  if (c.interim) {
    const domain::InterimSuspension& i = *c.interim;
    bj::object interim;
    interim["imposed_at"] = Text(i.imposed_at.ToString());
    interim["review_due"] = Text(i.review_due.ToString());
    interim["reasons"] = Text(i.reasons);
    interim["imposed_by"] = Text(i.imposed_by);
    o["interim_suspension"] = std::move(interim);
  } else {
    o["interim_suspension"] = nullptr;
  }
  bj::array sanctions;
  for (const domain::Sanction& s : view.sanctions) sanctions.push_back(SanctionJson(s, policy, std::nullopt));
  o["sanctions"] = std::move(sanctions);
  bj::array panel;
  for (const domain::PanelSeat& seat : c.panel) {
    bj::object p;
    p["username"] = Text(seat.username);
    p["kind"] = seat.kind == domain::PanelKind::kAppeal ? "appeal" : "panel";
    panel.push_back(std::move(p));
  }
  o["panel"] = std::move(panel);
  bj::array allowed;
  for (const domain::Action* action : view.allowed_actions) allowed.push_back(Text(action->id));
  o["allowed_actions"] = std::move(allowed);
  o["version"] = c.version;
  return o;
}

bj::value CaseEventsJson(const std::vector<domain::CaseEvent>& events) {
  bj::array out;
  for (const domain::CaseEvent& e : events) {
    bj::object o;
    o["id"] = e.id;
    o["at"] = Text(e.at.ToString());
    o["actor"] = Text(e.actor);
    o["role"] = Text(e.role);
    o["action"] = Text(e.action);
    o["from_stage"] = e.from_stage.empty() ? bj::value(nullptr) : Text(e.from_stage);
    o["to_stage"] = e.to_stage.empty() ? bj::value(nullptr) : Text(e.to_stage);
    bj::object fields;
    for (const auto& [name, value] : e.fields) fields[name] = Text(value);
    o["fields"] = std::move(fields);
    out.push_back(std::move(o));
  }
  return out;
}

bj::value ActionsJson(const app::CaseView& view, const domain::Policy& policy) {
  bj::object o;
  o["number"] = Text(view.c.number);
  o["version"] = view.c.version;
  o["stage"] = StageOf(policy, view.c.stage);
  const domain::Stage* stage = policy.FindStage(view.c.stage);
  o["checklist"] = stage ? Strings(stage->checklist) : bj::array();
  o["guidance"] = stage ? Text(stage->guidance) : Text("");
  bj::array actions;
  for (const domain::Action* action : view.allowed_actions) {
    bj::object a;
    a["id"] = Text(action->id);
    a["label"] = Text(action->title);
    a["guidance"] = Text(action->guidance);
    a["to"] = OrNull(action->to, [&](const std::string& to) { return StageOf(policy, to); });
    a["waits"] = WaitingOf(policy, action->wait);
    bj::array fields;
    for (const std::string& id : action->requires_fields) {
      if (const domain::FieldSpec* spec = policy.FindField(id)) fields.push_back(FieldJson(*spec, true));
    }
    for (const std::string& id : action->optional_fields) {
      if (const domain::FieldSpec* spec = policy.FindField(id)) fields.push_back(FieldJson(*spec, false));
    }
    a["fields"] = std::move(fields);
    actions.push_back(std::move(a));
  }
  o["actions"] = std::move(actions);
  return o;
}

bj::value NoteJson(const store::Note& note) {
  bj::object o;
  o["id"] = note.id;
  o["author"] = Text(note.author);
  o["body"] = Text(note.body);
  o["at"] = Text(note.at.ToString());
  return o;
}

bj::value MessageJson(const store::Message& message) {
  bj::object o;
  o["id"] = message.id;
  o["party"] = message.party == store::Party::kComplainant ? "complainant" : "respondent";
  o["complaint_id"] = OrNull(message.complaint, [](ComplaintId id) { return id.value; });
  o["author"] = Text(message.author);
  o["author_role"] = Text(message.author_role);
  o["body"] = Text(message.body);
  o["at"] = Text(message.at.ToString());
  return o;
}

bj::value EvidenceJson(const store::Evidence& evidence) {
  bj::object o;
  o["id"] = evidence.id;
  o["file_name"] = Text(evidence.file_name);
  o["content_type"] = Text(evidence.content_type);
  o["size"] = evidence.size;
  o["sha256"] = Text(evidence.sha256);
  o["uploaded_by"] = Text(evidence.uploaded_by);
  o["at"] = Text(evidence.at.ToString());
  o["disclosed"] = evidence.disclosed;
  return o;
}

bj::value MemberJson(const domain::Member& member, const std::vector<domain::Sanction>& sanctions,
                     const domain::Policy& policy, Date today) {
  bj::object o;
  o["membership_number"] = Text(member.membership_number);
  o["name"] = Text(member.FullName());
  o["given_name"] = Text(member.given_name);
  o["family_name"] = Text(member.family_name);
  o["aliases"] = Strings(member.aliases);
  o["branch"] = Text(member.branch);
  o["faction"] = Text(member.faction);
  o["email"] = Text(member.email);
  o["joined_on"] = Text(member.joined_on.ToString());
  o["status"] = Text(domain::Name(member.StatusOn(today)));
  bj::array history;
  for (const domain::StatusChange& change : member.status_history) {
    bj::object h;
    h["status"] = Text(domain::Name(change.status));
    h["from"] = Text(change.from.ToString());
    h["reason"] = Text(change.reason);
    history.push_back(std::move(h));
  }
  o["status_history"] = std::move(history);
  bj::array offices;
  for (const domain::Office& office : member.offices) {
    bj::object f;
    f["kind"] = Text(office.kind);
    f["title"] = Text(office.title);
    f["start"] = Text(office.start.ToString());
    f["end"] = Day(office.end);
    f["held_today"] = office.HeldOn(today);
    offices.push_back(std::move(f));
  }
  o["offices"] = std::move(offices);
  bj::array out;
  for (const domain::Sanction& s : sanctions) out.push_back(SanctionJson(s, policy, today));
  o["sanctions"] = std::move(out);
  return o;
}

bj::value AuditRecordJson(const domain::AuditRecord& record) {
  bj::object o;
  o["seq"] = record.seq;
  o["at"] = Text(record.at.ToString());
  o["actor"] = Text(record.actor);
  o["role"] = Text(record.role);
  o["action"] = Text(record.action);
  o["object_type"] = Text(record.object_type);
  o["object_id"] = Text(record.object_id);
  o["origin"] = record.actor == "anonymous" ? bj::value(nullptr) : Text(record.origin);
  o["detail"] = Text(record.detail);
  o["hash"] = Text(record.hash);
  return o;
}

bj::value ChainCheckJson(const store::ChainCheck& check) {
  bj::object o;
  o["records"] = check.records;
  o["ok"] = !check.first_bad_seq.has_value();
  o["first_bad_seq"] = OrNull(check.first_bad_seq, [](std::int64_t n) { return n; });
  o["problem"] = check.first_bad_seq ? Text(check.problem) : bj::value(nullptr);
  return o;
}

}  // namespace docket::http::api
