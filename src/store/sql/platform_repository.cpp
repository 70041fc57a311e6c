#include "store/sql/platform_repository.hpp"

#include "store/postgres/connection.hpp"
#include "store/sqlite/database.hpp"


#include <fmt/format.h>

#include "store/sql/row_helpers.hpp"

namespace docket::store::sql {
namespace {

using domain::Appearance;
using domain::Event;
using domain::PlatformAlert;

// Links have no line breaks, so one per line is a lossless encoding.
std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr std::string_view kEventColumns = "SELECT id, external_id, title, starts_at, place, links, source FROM events";
constexpr std::string_view kAppearanceColumns =
    "SELECT id, event_id, name, membership_number, member_id, role, match FROM appearances";
constexpr std::string_view kAlertColumns =
    "SELECT id, official_id, event_id, official_name, official_number, official_role, office_kind, office_title, "
    "office_start, office_end, event_title, event_starts_at, event_date, event_place, event_source, event_links, "
    "status, raised_at, closed_at, reason, (SELECT number FROM cases WHERE cases.id = platform_alerts.case_id) "
    "FROM platform_alerts";

template <class Statement>
Event ReadEvent(const Statement& row) {
  Event e;
  e.id = EventId{row.Int(0)};
  e.external_id = row.Text(1);
  e.title = row.Text(2);
  e.starts_at = Instant(row.Int(3));
  e.place = row.Text(4);
  e.links = SplitLines(row.Text(5));
  e.source = row.Text(6);
  return e;
}

template <class Statement>
Result<Appearance> ReadAppearance(const Statement& row) {
  Appearance a;
  a.id = AppearanceId{row.Int(0)};
  a.event = EventId{row.Int(1)};
  a.name = row.Text(2);
  a.membership_number = row.Text(3);
  if (auto member = row.OptionalInt(4)) a.member = MemberId{*member};
  auto role = domain::ParsePlatformRole(row.Text(5));
  auto match = domain::ParseMatchState(row.Text(6));
  if (!role || !match) return Fail(ErrorCode::kInternal, fmt::format("stored appearance {} is corrupt", a.id.value));
  a.role = *role;
  a.match = *match;
  return a;
}

// What a full scan reads of an appearance: no text is copied.
template <class Statement>
Result<Appearance> ReadScannedAppearance(const Statement& row) {
  Appearance a;
  a.id = AppearanceId{row.Int(0)};
  a.event = EventId{row.Int(1)};
  if (auto member = row.OptionalInt(2)) a.member = MemberId{*member};
  auto role = domain::ParsePlatformRole(row.TextView(3));
  auto match = domain::ParseMatchState(row.TextView(4));
  if (!role || !match) return Fail(ErrorCode::kInternal, fmt::format("stored appearance {} is corrupt", a.id.value));
  a.role = *role;
  a.match = *match;
  return a;
}

Result<domain::PlatformRole> Role(const std::string& text) {
  auto role = domain::ParsePlatformRole(text);
  if (!role) return Fail(ErrorCode::kInternal, fmt::format("stored platform role '{}' is corrupt", text));
  return *role;
}

}  // namespace

template <class Db>
Result<std::pair<EventId, bool>> SqlPlatform<Db>::PutEvent(const Event& event) {
  DOCKET_TRY_ASSIGN(Statement * find, db_.Prepare("SELECT id FROM events WHERE external_id = ?"));
  find->Bind(1, event.external_id);
  DOCKET_TRY_ASSIGN(bool found, find->Step());
  if (found) {
    EventId id{find->Int(0)};
    find->Reset();
    DOCKET_TRY_ASSIGN(Statement * update, db_.Prepare("UPDATE events SET title = ?, starts_at = ?, place = ?, links = "
                                                      "?, source = ? WHERE id = ?"));
    DOCKET_TRY(update->Bind(1, event.title)
                   .Bind(2, event.starts_at.SecondsSinceEpoch())
                   .Bind(3, event.place)
                   .Bind(4, JoinLines(event.links))
                   .Bind(5, event.source)
                   .Bind(6, id.value)
                   .Run());
    return std::pair{id, true};
  }
  DOCKET_TRY_ASSIGN(Statement * insert, db_.Prepare("INSERT INTO events(external_id, title, starts_at, place, links, "
                                                    "source) VALUES (?,?,?,?,?,?) RETURNING id"));
  DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(insert->Bind(1, event.external_id)
                 .Bind(2, event.title)
                 .Bind(3, event.starts_at.SecondsSinceEpoch())
                 .Bind(4, event.place)
                 .Bind(5, JoinLines(event.links))
                 .Bind(6, event.source)));
  return std::pair{EventId{id}, false};
}

template <class Db>
Result<std::vector<Event>> SqlPlatform<Db>::SelectEvents(std::string_view where_and_order,
                                                        std::optional<std::int64_t> key,
                                                        std::optional<std::string_view> text_key) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(std::string(kEventColumns) + std::string(where_and_order)));
  if (key) stmt->Bind(1, *key);
  if (text_key) stmt->Bind(1, *text_key);
  std::vector<Event> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    out.push_back(ReadEvent(*stmt));
  }
  return out;
}

template <class Db>
Result<Event> SqlPlatform<Db>::FindEvent(EventId id) {
  DOCKET_TRY_ASSIGN(auto events, SelectEvents(" WHERE id = ?", id.value, std::nullopt));
  if (events.empty()) return Fail(NotFound(fmt::format("no event with id {}", id.value)));
  return std::move(events.front());
}

template <class Db>
Result<Event> SqlPlatform<Db>::FindEventByExternalId(std::string_view external_id) {
  DOCKET_TRY_ASSIGN(auto events, SelectEvents(" WHERE external_id = ?", std::nullopt, external_id));
  if (events.empty()) return Fail(NotFound(fmt::format("no event with source id '{}'", external_id)));
  return std::move(events.front());
}

template <class Db>
Result<std::vector<Event>> SqlPlatform<Db>::ListEvents(int limit) {
  return SelectEvents(" ORDER BY starts_at DESC, id DESC LIMIT ?", limit, std::nullopt);
}

template <class Db>
Result<std::int64_t> SqlPlatform<Db>::CountEvents() {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT COUNT(*) FROM events"));
  DOCKET_TRY(stmt->Step());
  std::int64_t count = stmt->Int(0);
  stmt->Reset();
  return count;
}

template <class Db>
Result<void> SqlPlatform<Db>::ReplaceAppearances(EventId event, const std::vector<Appearance>& appearances) {
  DOCKET_TRY_ASSIGN(Statement * remove, db_.Prepare("DELETE FROM appearances WHERE event_id = ?"));
  DOCKET_TRY(remove->Bind(1, event.value).Run());
  int position = 0;
  for (const Appearance& a : appearances) {
    DOCKET_TRY_ASSIGN(Statement * insert,
                      db_.Prepare("INSERT INTO appearances(event_id, position, name, membership_number, member_id, "
                                  "role, match) VALUES (?,?,?,?,?,?,?)"));
    DOCKET_TRY(insert->Bind(1, event.value)
                   .Bind(2, position++)
                   .Bind(3, a.name)
                   .Bind(4, a.membership_number)
                   .Bind(5, IdValue(a.member))
                   .Bind(6, domain::Name(a.role))
                   .Bind(7, domain::Name(a.match))
                   .Run());
  }
  return Ok();
}

template <class Db>
Result<std::vector<Appearance>> SqlPlatform<Db>::SelectAppearances(std::string_view where_and_order, std::int64_t key) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(std::string(kAppearanceColumns) + std::string(where_and_order)));
  stmt->Bind(1, key);
  std::vector<Appearance> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    DOCKET_TRY_ASSIGN(Appearance a, ReadAppearance(*stmt));
    out.push_back(std::move(a));
  }
  return out;
}

template <class Db>
Result<std::vector<Appearance>> SqlPlatform<Db>::AppearancesOf(EventId event) {
  return SelectAppearances(" WHERE event_id = ? ORDER BY position", event.value);
}

template <class Db>
Result<Appearance> SqlPlatform<Db>::FindAppearance(AppearanceId id) {
  DOCKET_TRY_ASSIGN(auto found, SelectAppearances(" WHERE id = ?", id.value));
  if (found.empty()) return Fail(NotFound(fmt::format("no appearance with id {}", id.value)));
  return std::move(found.front());
}

template <class Db>
Result<void> SqlPlatform<Db>::SetMatch(AppearanceId id, std::optional<MemberId> member, domain::MatchState state) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("UPDATE appearances SET member_id = ?, match = ? WHERE id = ?"));
  DOCKET_TRY(stmt->Bind(1, IdValue(member)).Bind(2, domain::Name(state)).Bind(3, id.value).Run());
  if (db_.Changes() == 0) return Fail(NotFound(fmt::format("no appearance with id {}", id.value)));
  return Ok();
}

template <class Db>
Result<std::vector<Appearance>> SqlPlatform<Db>::Unresolved(int limit) {
  return SelectAppearances(" WHERE match = 'unresolved' ORDER BY id LIMIT ?", limit);
}

template <class Db>
Result<std::vector<EventId>> SqlPlatform<Db>::EventsOfMember(MemberId member) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT DISTINCT event_id FROM appearances WHERE member_id = ? "
                                                  "ORDER BY event_id"));
  stmt->Bind(1, member.value);
  std::vector<EventId> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    out.push_back(EventId{stmt->Int(0)});
  }
  return out;
}

template <class Db>
Result<std::vector<MemberNames>> SqlPlatform<Db>::MemberNamesAfter(MemberId after, int limit) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT id, given_name, family_name FROM members WHERE id > ? "
                                                  "ORDER BY id LIMIT ?"));
  stmt->Bind(1, after.value).Bind(2, limit);
  std::vector<MemberNames> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    std::string given = stmt->Text(1), family = stmt->Text(2);
    out.push_back({MemberId{stmt->Int(0)}, given.empty() || family.empty() ? given + family : given + " " + family, {}});
  }
  if (out.empty()) return out;
  DOCKET_TRY_ASSIGN(Statement * aliases, db_.Prepare("SELECT member_id, alias FROM member_aliases WHERE member_id "
                                                     "BETWEEN ? AND ? ORDER BY member_id"));
  aliases->Bind(1, out.front().id.value).Bind(2, out.back().id.value);
  std::size_t i = 0;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, aliases->Step());
    if (!row) break;
    MemberId id{aliases->Int(0)};
    while (i < out.size() && out[i].id < id) ++i;
    if (i < out.size() && out[i].id == id) out[i].aliases.push_back(aliases->Text(1));
  }
  return out;
}

template <class Db>
Result<MemberId> SqlPlatform<Db>::LastKeyedMember() {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT COALESCE(MAX(member_id), 0) FROM member_name_keys"));
  DOCKET_TRY(stmt->Step());
  MemberId id{stmt->Int(0)};
  stmt->Reset();
  return id;
}

template <class Db>
Result<void> SqlPlatform<Db>::AddNameKey(MemberId member, std::string_view key) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO member_name_keys(member_id, name_key) VALUES (?,?)"));
  return stmt->Bind(1, member.value).Bind(2, key).Run();
}

template <class Db>
Result<std::vector<MemberId>> SqlPlatform<Db>::MembersWithNameKey(std::string_view key) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT DISTINCT member_id FROM member_name_keys WHERE name_key = ? "
                                                  "ORDER BY member_id"));
  stmt->Bind(1, key);
  std::vector<MemberId> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    out.push_back(MemberId{stmt->Int(0)});
  }
  return out;
}

template <class Db>
Result<MemberLabel> SqlPlatform<Db>::Label(MemberId member) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT given_name, family_name, membership_number FROM members "
                                                  "WHERE id = ?"));
  stmt->Bind(1, member.value);
  DOCKET_TRY_ASSIGN(bool found, stmt->Step());
  if (!found) return Fail(NotFound(fmt::format("no member with id {}", member.value)));
  std::string given = stmt->Text(0), family = stmt->Text(1);
  MemberLabel label{member, given.empty() || family.empty() ? given + family : given + " " + family, stmt->Text(2)};
  stmt->Reset();
  return label;
}

template <class Db>
Result<void> SqlPlatform<Db>::AddOffice(MemberId member, const domain::Office& office) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO offices(member_id, kind, title, start_date, end_date) "
                                                  "VALUES (?, ?, ?, ?, ?)"));
  return stmt->Bind(1, member.value)
      .Bind(2, office.kind)
      .Bind(3, office.title)
      .Bind(4, office.start.ToString())
      .Bind(5, DateText(office.end))
      .Run();
}

template <class Db>
Result<domain::Office> SqlPlatform<Db>::EndOffice(MemberId member, std::string_view title, Date last_day) {
  DOCKET_TRY_ASSIGN(Statement * find, db_.Prepare("SELECT id, kind, start_date FROM offices WHERE member_id = ? AND "
                                                  "title = ? AND end_date IS NULL ORDER BY start_date DESC LIMIT 1"));
  find->Bind(1, member.value).Bind(2, title);
  DOCKET_TRY_ASSIGN(bool found, find->Step());
  if (!found) {
    find->Reset();
    return Fail(NotFound(fmt::format("member {} holds no office titled '{}' that has not ended", member.value, title)));
  }
  const std::int64_t id = find->Int(0);
  domain::Office office;
  office.kind = find->Text(1);
  office.title = std::string(title);
  DOCKET_TRY_ASSIGN(office.start, ReadDate(*find, 2, "office start"));
  find->Reset();
  if (last_day < office.start) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("the office '{}' began on {}; it cannot end on {}", title,
                                                         office.start.ToString(), last_day.ToString()));
  }
  office.end = last_day;
  DOCKET_TRY_ASSIGN(Statement * update, db_.Prepare("UPDATE offices SET end_date = ? WHERE id = ?"));
  DOCKET_TRY(update->Bind(1, last_day.ToString()).Bind(2, id).Run());
  return office;
}

template <class Db>
Result<std::vector<domain::Office>> SqlPlatform<Db>::OfficesOf(MemberId member) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT kind, title, start_date, end_date FROM offices WHERE "
                                                  "member_id = ? ORDER BY start_date, id"));
  stmt->Bind(1, member.value);
  std::vector<domain::Office> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    domain::Office office;
    office.kind = stmt->Text(0);
    office.title = stmt->Text(1);
    DOCKET_TRY_ASSIGN(office.start, ReadDate(*stmt, 2, "office start"));
    DOCKET_TRY_ASSIGN(office.end, ReadOptionalDate(*stmt, 3, "office end"));
    out.push_back(std::move(office));
  }
  return out;
}

template <class Db>
Result<void> SqlPlatform<Db>::ScanEventsWith(const std::vector<MemberId>& members, const std::vector<EventId>& also,
                                            const std::function<void(Event&&, std::vector<Appearance>&&)>& each) {
  // The chosen events' ids go into a temporary table; then two cursors walk
  // the events and their appearances side by side, both in event order, each
  // through its index: one pass, no query per event.
  DOCKET_TRY(db_.Exec("CREATE TEMP TABLE IF NOT EXISTS scan_events(id INTEGER PRIMARY KEY)"));
  DOCKET_TRY(db_.Exec("DELETE FROM scan_events"));
  DOCKET_TRY_ASSIGN(Statement * of_member,
                    db_.Prepare("INSERT OR IGNORE INTO scan_events(id) SELECT event_id FROM appearances "
                                "WHERE member_id = ?"));
  for (MemberId member : members) DOCKET_TRY(of_member->Bind(1, member.value).Run());
  DOCKET_TRY_ASSIGN(Statement * one, db_.Prepare("INSERT OR IGNORE INTO scan_events(id) VALUES (?)"));
  for (EventId event : also) DOCKET_TRY(one->Bind(1, event.value).Run());

  Result<void> walked = [&]() -> Result<void> {
    DOCKET_TRY_ASSIGN(Statement * events,
                      db_.Prepare(std::string(kEventColumns) + " WHERE id IN (SELECT id FROM scan_events) ORDER BY id"));
    DOCKET_TRY_ASSIGN(Statement * appearances,
                      db_.Prepare("SELECT a.id, a.event_id, a.member_id, a.role, a.match FROM scan_events s "
                                  "JOIN appearances a ON a.event_id = s.id ORDER BY a.event_id, a.position"));
    DOCKET_TRY_ASSIGN(bool have_appearance, appearances->Step());
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, events->Step());
      if (!row) break;
      Event event = ReadEvent(*events);
      std::vector<Appearance> list;
      while (have_appearance && appearances->Int(1) <= event.id.value) {
        if (appearances->Int(1) == event.id.value) {
          DOCKET_TRY_ASSIGN(Appearance a, ReadScannedAppearance(*appearances));
          list.push_back(std::move(a));
        }
        DOCKET_TRY_ASSIGN(have_appearance, appearances->Step());
      }
      each(std::move(event), std::move(list));
    }
    appearances->Reset();
    return Ok();
  }();
  auto cleared = db_.Exec("DELETE FROM scan_events");
  if (!walked) return walked;
  if (!cleared) return Fail(cleared.error());
  return Ok();
}

template <class Db>
Result<void> SqlPlatform<Db>::ScanOffices(const std::function<void(const MemberLabel&, domain::Office&&)>& each) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("SELECT o.member_id, m.given_name, m.family_name, m.membership_number, o.kind, o.title, "
                                "o.start_date, o.end_date FROM offices o JOIN members m ON m.id = o.member_id "
                                "ORDER BY o.member_id, o.id"));
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    std::string given = stmt->Text(1), family = stmt->Text(2);
    MemberLabel label{MemberId{stmt->Int(0)}, given.empty() || family.empty() ? given + family : given + " " + family,
                      stmt->Text(3)};
    domain::Office office;
    office.kind = stmt->Text(4);
    office.title = stmt->Text(5);
    DOCKET_TRY_ASSIGN(office.start, ReadDate(*stmt, 6, "office start"));
    DOCKET_TRY_ASSIGN(office.end, ReadOptionalDate(*stmt, 7, "office end"));
    each(label, std::move(office));
  }
  return Ok();
}

template <class Db>
Result<void> SqlPlatform<Db>::ScanSanctions(const std::function<void(const MemberLabel&, domain::Sanction&&)>& each) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("SELECT s.id, s.member_id, s.case_id, s.kind, s.category, s.start_date, s.end_date, "
                                "s.readmission_from, s.published_on, s.overturned_at, s.overturn_reason, m.given_name, "
                                "m.family_name, m.membership_number FROM sanctions s JOIN members m ON m.id = "
                                "s.member_id ORDER BY s.member_id, s.id"));
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    domain::Sanction s;
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
    std::string given = stmt->Text(11), family = stmt->Text(12);
    MemberLabel label{s.member, given.empty() || family.empty() ? given + family : given + " " + family,
                      stmt->Text(13)};
    each(label, std::move(s));
  }
  return Ok();
}

// After an UPDATE of one sanction: kNotFound when no row changed, else the
// sanction's id and member (what the incremental check needs).
template <class Db>
Result<domain::Sanction> SqlPlatform<Db>::ChangedSanction(SanctionId id) {
  if (db_.Changes() == 0) return Fail(NotFound(fmt::format("no sanction with id {}", id.value)));
  DOCKET_TRY_ASSIGN(Statement * member, db_.Prepare("SELECT member_id FROM sanctions WHERE id = ?"));
  member->Bind(1, id.value);
  DOCKET_TRY(member->Step());
  domain::Sanction s;
  s.id = id;
  s.member = MemberId{member->Int(0)};
  member->Reset();
  return s;
}

template <class Db>
Result<domain::Sanction> SqlPlatform<Db>::OverturnSanction(SanctionId id, Instant at, std::string_view reason) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("UPDATE sanctions SET overturned_at = ?, overturn_reason = ? WHERE "
                                                  "id = ?"));
  DOCKET_TRY(stmt->Bind(1, at.SecondsSinceEpoch()).Bind(2, reason).Bind(3, id.value).Run());
  DOCKET_TRY_ASSIGN(domain::Sanction s, ChangedSanction(id));
  s.overturned_at = at;
  s.overturn_reason = std::string(reason);
  return s;
}

template <class Db>
Result<domain::Sanction> SqlPlatform<Db>::PublishSanction(SanctionId id, Date published_on) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("UPDATE sanctions SET published_on = ? WHERE id = ?"));
  DOCKET_TRY(stmt->Bind(1, published_on.ToString()).Bind(2, id.value).Run());
  DOCKET_TRY_ASSIGN(domain::Sanction s, ChangedSanction(id));
  s.published_on = published_on;
  return s;
}

template <class Db>
Result<void> SqlPlatform<Db>::WriteAlertSanctions(const PlatformAlert& alert) {
  DOCKET_TRY_ASSIGN(Statement * remove, db_.Prepare("DELETE FROM platform_alert_sanctions WHERE alert_id = ?"));
  DOCKET_TRY(remove->Bind(1, alert.id.value).Run());
  int position = 0;
  for (const domain::SanctionedParticipant& s : alert.sanctioned) {
    DOCKET_TRY_ASSIGN(Statement * insert,
                      db_.Prepare("INSERT INTO platform_alert_sanctions(alert_id, position, member_id, name, "
                                  "membership_number, role, sanction_id, kind, category, start_date, end_date, "
                                  "published_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"));
    DOCKET_TRY(insert->Bind(1, alert.id.value)
                   .Bind(2, position++)
                   .Bind(3, s.member.value)
                   .Bind(4, s.name)
                   .Bind(5, s.membership_number)
                   .Bind(6, domain::Name(s.role))
                   .Bind(7, s.sanction.value)
                   .Bind(8, s.kind)
                   .Bind(9, s.category)
                   .Bind(10, s.start.ToString())
                   .Bind(11, DateText(s.end))
                   .Bind(12, s.published_on.ToString())
                   .Run());
  }
  return Ok();
}

template <class Db>
Result<AlertId> SqlPlatform<Db>::InsertAlert(const PlatformAlert& a) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("INSERT INTO platform_alerts(official_id, event_id, official_name, official_number, "
                                "official_role, office_kind, office_title, office_start, office_end, event_title, "
                                "event_starts_at, event_date, event_place, event_source, event_links, status, raised_at, "
                                "closed_at, reason, case_id) "
                                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,(SELECT id FROM cases WHERE number = ?)) RETURNING id"));
  DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(stmt->Bind(1, a.official.value)
                 .Bind(2, a.event.value)
                 .Bind(3, a.official_name)
                 .Bind(4, a.official_number)
                 .Bind(5, domain::Name(a.official_role))
                 .Bind(6, a.office.kind)
                 .Bind(7, a.office.title)
                 .Bind(8, a.office.start.ToString())
                 .Bind(9, DateText(a.office.end))
                 .Bind(10, a.event_title)
                 .Bind(11, a.event_starts_at.SecondsSinceEpoch())
                 .Bind(12, a.event_date.ToString())
                 .Bind(13, a.event_place)
                 .Bind(14, a.event_source)
                 .Bind(15, JoinLines(a.event_links))
                 .Bind(16, domain::Name(a.status))
                 .Bind(17, a.raised_at.SecondsSinceEpoch())
                 .Bind(18, a.closed_at ? std::optional<std::int64_t>(a.closed_at->SecondsSinceEpoch()) : std::nullopt)
                 .Bind(19, a.reason)
                 .Bind(20, a.case_number)));
  PlatformAlert stored = a;
  stored.id = AlertId{id};
  DOCKET_TRY(WriteAlertSanctions(stored));
  return stored.id;
}

template <class Db>
Result<void> SqlPlatform<Db>::UpdateAlert(const PlatformAlert& a) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("UPDATE platform_alerts SET official_name = ?, official_number = ?, official_role = ?, "
                                "office_kind = ?, office_title = ?, office_start = ?, office_end = ?, event_title = ?, "
                                "event_starts_at = ?, event_date = ?, event_place = ?, event_source = ?, event_links = ?, "
                                "status = ?, raised_at = ?, closed_at = ?, reason = ?, "
                                "case_id = (SELECT id FROM cases WHERE number = ?) WHERE id = ?"));
  DOCKET_TRY(stmt->Bind(1, a.official_name)
                 .Bind(2, a.official_number)
                 .Bind(3, domain::Name(a.official_role))
                 .Bind(4, a.office.kind)
                 .Bind(5, a.office.title)
                 .Bind(6, a.office.start.ToString())
                 .Bind(7, DateText(a.office.end))
                 .Bind(8, a.event_title)
                 .Bind(9, a.event_starts_at.SecondsSinceEpoch())
                 .Bind(10, a.event_date.ToString())
                 .Bind(11, a.event_place)
                 .Bind(12, a.event_source)
                 .Bind(13, JoinLines(a.event_links))
                 .Bind(14, domain::Name(a.status))
                 .Bind(15, a.raised_at.SecondsSinceEpoch())
                 .Bind(16, a.closed_at ? std::optional<std::int64_t>(a.closed_at->SecondsSinceEpoch()) : std::nullopt)
                 .Bind(17, a.reason)
                 .Bind(18, a.case_number)
                 .Bind(19, a.id.value)
                 .Run());
  if (db_.Changes() == 0) return Fail(NotFound(fmt::format("no alert with id {}", a.id.value)));
  return WriteAlertSanctions(a);
}

template <class Db>
Result<std::vector<PlatformAlert>> SqlPlatform<Db>::SelectAlerts(const std::string& where_and_order,
                                                                const std::function<void(Statement&)>& bind) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(std::string(kAlertColumns) + where_and_order));
  bind(*stmt);
  std::vector<PlatformAlert> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    PlatformAlert a;
    a.id = AlertId{stmt->Int(0)};
    a.official = MemberId{stmt->Int(1)};
    a.event = EventId{stmt->Int(2)};
    a.official_name = stmt->Text(3);
    a.official_number = stmt->Text(4);
    DOCKET_TRY_ASSIGN(a.official_role, Role(stmt->Text(5)));
    a.office.kind = stmt->Text(6);
    a.office.title = stmt->Text(7);
    DOCKET_TRY_ASSIGN(a.office.start, ReadDate(*stmt, 8, "alert office start"));
    DOCKET_TRY_ASSIGN(a.office.end, ReadOptionalDate(*stmt, 9, "alert office end"));
    a.event_title = stmt->Text(10);
    a.event_starts_at = Instant(stmt->Int(11));
    DOCKET_TRY_ASSIGN(a.event_date, ReadDate(*stmt, 12, "alert event date"));
    a.event_place = stmt->Text(13);
    a.event_source = stmt->Text(14);
    a.event_links = SplitLines(stmt->Text(15));
    auto status = domain::ParseAlertStatus(stmt->Text(16));
    if (!status) return Fail(ErrorCode::kInternal, fmt::format("stored alert {} has a corrupt status", a.id.value));
    a.status = *status;
    a.raised_at = Instant(stmt->Int(17));
    a.closed_at = ReadOptionalInstant(*stmt, 18);
    a.reason = stmt->Text(19);
    if (!stmt->IsNull(20)) a.case_number = stmt->Text(20);
    out.push_back(std::move(a));
  }
  for (PlatformAlert& a : out) {
    DOCKET_TRY_ASSIGN(Statement * sanctions,
                      db_.Prepare("SELECT member_id, name, membership_number, role, sanction_id, kind, category, "
                                  "start_date, end_date, published_on FROM platform_alert_sanctions WHERE alert_id = ? "
                                  "ORDER BY position"));
    sanctions->Bind(1, a.id.value);
    while (true) {
      DOCKET_TRY_ASSIGN(bool row, sanctions->Step());
      if (!row) break;
      domain::SanctionedParticipant s;
      s.member = MemberId{sanctions->Int(0)};
      s.name = sanctions->Text(1);
      s.membership_number = sanctions->Text(2);
      DOCKET_TRY_ASSIGN(s.role, Role(sanctions->Text(3)));
      s.sanction = SanctionId{sanctions->Int(4)};
      s.kind = sanctions->Text(5);
      s.category = sanctions->Text(6);
      DOCKET_TRY_ASSIGN(s.start, ReadDate(*sanctions, 7, "alert sanction start"));
      DOCKET_TRY_ASSIGN(s.end, ReadOptionalDate(*sanctions, 8, "alert sanction end"));
      DOCKET_TRY_ASSIGN(s.published_on, ReadDate(*sanctions, 9, "alert sanction publication"));
      a.sanctioned.push_back(std::move(s));
    }
  }
  return out;
}

template <class Db>
Result<PlatformAlert> SqlPlatform<Db>::FindAlert(AlertId id) {
  DOCKET_TRY_ASSIGN(auto found, SelectAlerts(" WHERE id = ?", [&](Statement& s) { s.Bind(1, id.value); }));
  if (found.empty()) return Fail(NotFound(fmt::format("no alert with id {}", id.value)));
  return std::move(found.front());
}

template <class Db>
Result<std::vector<PlatformAlert>> SqlPlatform<Db>::AlertsOfEvents(const std::vector<EventId>& events) {
  std::vector<PlatformAlert> out;
  for (EventId event : events) {
    DOCKET_TRY_ASSIGN(auto found, SelectAlerts(" WHERE event_id = ? ORDER BY official_id",
                                               [&](Statement& s) { s.Bind(1, event.value); }));
    std::move(found.begin(), found.end(), std::back_inserter(out));
  }
  return out;
}

template <class Db>
Result<std::vector<PlatformAlert>> SqlPlatform<Db>::ListAlerts(const AlertQuery& query) {
  std::string sql = " WHERE 1 = 1";
  if (query.status) sql += " AND status = ?";
  if (query.official) sql += " AND official_id = ?";
  if (query.before) sql += " AND id < ?";
  sql += " ORDER BY id DESC LIMIT ?";
  return SelectAlerts(sql, [&](Statement& s) {
    int i = 1;
    if (query.status) s.Bind(i++, domain::Name(*query.status));
    if (query.official) s.Bind(i++, query.official->value);
    if (query.before) s.Bind(i++, query.before->value);
    s.Bind(i, query.limit);
  });
}

template <class Db>
Result<std::vector<PlatformAlert>> SqlPlatform<Db>::AllAlerts() {
  return SelectAlerts(" ORDER BY id", [](Statement&) {});
}

template class SqlPlatform<sqlite::Connection>;
template class SqlPlatform<postgres::Connection>;

}  // namespace docket::store::sql
