#include "store/sql/recommendation_repository.hpp"

#include "store/postgres/connection.hpp"
#include "store/sqlite/database.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "domain/sanction.hpp"
#include "store/sql/row_helpers.hpp"

namespace docket::store::sql {

template <class Db>
Result<std::int64_t> SqlRecommendations<Db>::PutReport(const TrackedReport& report) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("INSERT INTO tracked_reports(key, title, publisher, published_on, source) VALUES "
                                "(?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET title = excluded.title, publisher = "
                                "excluded.publisher, published_on = excluded.published_on, source = excluded.source "
                                "RETURNING id"));
  stmt->Bind(1, report.key)
      .Bind(2, report.title)
      .Bind(3, report.publisher)
      .Bind(4, report.published_on.ToString())
      .Bind(5, report.source);
  DOCKET_TRY_ASSIGN(bool row, stmt->Step());
  if (!row) return Fail(ErrorCode::kInternal, fmt::format("storing report '{}' returned no id", report.key));
  const std::int64_t id = stmt->Int(0);
  DOCKET_TRY(stmt->Step());
  return id;
}

template <class Db>
Result<std::int64_t> SqlRecommendations<Db>::PutRecommendation(const Recommendation& r) {
  DOCKET_TRY_ASSIGN(Statement * report, db_.Prepare("SELECT id FROM tracked_reports WHERE key = ?"));
  report->Bind(1, r.report_key);
  DOCKET_TRY_ASSIGN(bool found, report->Step());
  if (!found) return Fail(NotFound(fmt::format("no report '{}' (import the report before its recommendations)", r.report_key)));
  const std::int64_t report_id = report->Int(0);
  DOCKET_TRY(report->Step());
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("INSERT INTO recommendations(report_id, number, text, theme, owner, due_on, status, "
                                "source) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(report_id, number) DO UPDATE SET text = "
                                "excluded.text, theme = excluded.theme, owner = excluded.owner, due_on = "
                                "excluded.due_on, source = excluded.source RETURNING id"));
  stmt->Bind(1, report_id)
      .Bind(2, r.number)
      .Bind(3, r.text)
      .Bind(4, r.theme)
      .Bind(5, r.owner)
      .Bind(6, DateText(r.due))
      .Bind(7, r.status)
      .Bind(8, r.source);
  DOCKET_TRY_ASSIGN(bool row, stmt->Step());
  if (!row) return Fail(ErrorCode::kInternal, fmt::format("storing recommendation {}/{} returned no id", r.report_key, r.number));
  const std::int64_t id = stmt->Int(0);
  DOCKET_TRY(stmt->Step());
  return id;
}

template <class Db>
Result<std::vector<TrackedReport>> SqlRecommendations<Db>::Reports() {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT id, key, title, publisher, published_on, source FROM "
                                                  "tracked_reports ORDER BY published_on, key"));
  std::vector<TrackedReport> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    TrackedReport r;
    r.id = stmt->Int(0);
    r.key = stmt->Text(1);
    r.title = stmt->Text(2);
    r.publisher = stmt->Text(3);
    DOCKET_TRY_ASSIGN(r.published_on, ReadDate(*stmt, 4, "report publication date"));
    r.source = stmt->Text(5);
    out.push_back(std::move(r));
  }
  return out;
}

template <class Db>
Result<std::vector<Recommendation>> SqlRecommendations<Db>::Select(std::string_view where, std::string_view report_key,
                                                                  std::string_view number) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare(fmt::format("SELECT r.id, t.key, r.number, r.text, r.theme, r.owner, r.due_on, "
                                            "r.status, r.source FROM recommendations r JOIN tracked_reports t ON "
                                            "t.id = r.report_id{} ORDER BY t.published_on, t.key, "
                                            "length(r.number), r.number",
                                            where)));
  if (!where.empty()) stmt->Bind(1, report_key).Bind(2, number);
  std::vector<Recommendation> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    Recommendation r;
    r.id = stmt->Int(0);
    r.report_key = stmt->Text(1);
    r.number = stmt->Text(2);
    r.text = stmt->Text(3);
    r.theme = stmt->Text(4);
    r.owner = stmt->Text(5);
    DOCKET_TRY_ASSIGN(r.due, ReadOptionalDate(*stmt, 6, "recommendation due date"));
    r.status = stmt->Text(7);
    r.source = stmt->Text(8);
    out.push_back(std::move(r));
  }
  return out;
}

template <class Db>
Result<std::vector<Recommendation>> SqlRecommendations<Db>::List() { return Select("", "", ""); }

template <class Db>
Result<Recommendation> SqlRecommendations<Db>::Find(std::string_view report_key, std::string_view number) {
  DOCKET_TRY_ASSIGN(auto found, Select(" WHERE t.key = ? AND r.number = ?", report_key, number));
  if (found.empty()) return Fail(NotFound(fmt::format("no recommendation {}/{}", report_key, number)));
  return std::move(found.front());
}

template <class Db>
Result<std::int64_t> SqlRecommendations<Db>::Change(const RecommendationChange& c) {
  DOCKET_TRY_ASSIGN(Statement * insert,
                    db_.Prepare("INSERT INTO recommendation_changes(recommendation_id, at, changed_by, from_status, "
                                "to_status, reason, evidence) VALUES (?,?,?,?,?,?,?) RETURNING id"));
  DOCKET_TRY_ASSIGN(const std::int64_t id, ReturnedId(insert->Bind(1, c.recommendation)
                 .Bind(2, c.at.SecondsSinceEpoch())
                 .Bind(3, c.changed_by)
                 .Bind(4, c.from_status)
                 .Bind(5, c.to_status)
                 .Bind(6, c.reason)
                 .Bind(7, c.evidence)));
  DOCKET_TRY_ASSIGN(Statement * update, db_.Prepare("UPDATE recommendations SET status = ? WHERE id = ?"));
  DOCKET_TRY(update->Bind(1, c.to_status).Bind(2, c.recommendation).Run());
  if (db_.Changes() == 0) return Fail(NotFound(fmt::format("no recommendation with id {}", c.recommendation)));
  return id;
}

template <class Db>
Result<std::vector<RecommendationChange>> SqlRecommendations<Db>::SelectChanges(std::string_view where,
                                                                               std::int64_t key) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare(fmt::format("SELECT id, recommendation_id, at, changed_by, from_status, to_status, "
                                            "reason, evidence FROM recommendation_changes{} ORDER BY "
                                            "recommendation_id, at, id",
                                            where)));
  if (!where.empty()) stmt->Bind(1, key);
  std::vector<RecommendationChange> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    RecommendationChange c;
    c.id = stmt->Int(0);
    c.recommendation = stmt->Int(1);
    c.at = Instant(stmt->Int(2));
    c.changed_by = stmt->Text(3);
    c.from_status = stmt->Text(4);
    c.to_status = stmt->Text(5);
    c.reason = stmt->Text(6);
    c.evidence = stmt->Text(7);
    out.push_back(std::move(c));
  }
  return out;
}

template <class Db>
Result<std::vector<RecommendationChange>> SqlRecommendations<Db>::History(std::int64_t recommendation) {
  return SelectChanges(" WHERE recommendation_id = ?", recommendation);
}

template <class Db>
Result<std::vector<RecommendationChange>> SqlRecommendations<Db>::AllChanges() { return SelectChanges("", 0); }

namespace {

// The packed timelines of migration 9 hold ten million numbers per million
// cases, so reading them is most of a report's work. A field is hex digits
// ended by ' ' or ';' (the last one of the text may have no end).
constexpr std::array<std::uint8_t, 256> kHexValue = [] {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    // Anything but a separator counts as a digit, as the packing never writes other characters.
    table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10) & 0x0f;
  }
  table[' '] = 0xff;
  table[';'] = 0xff;
  return table;
}();

// Reads one field and steps past its separator.
std::uint64_t ReadPackedNumber(const char*& p, const char* end) {
  std::uint64_t value = 0;
  for (; p < end; ++p) {
    const std::uint8_t digit = kHexValue[static_cast<unsigned char>(*p)];
    if (digit == 0xff) {
      ++p;
      break;
    }
    value = value * 16 + digit;
  }
  return value;
}

// Reads the time field. Times from 1978 to 2106 have eight hex digits: those
// are decoded eight at a time in one 64-bit word, the others one by one.
std::uint64_t ReadPackedTime(const char*& p, const char* end) {
  if constexpr (std::endian::native == std::endian::little) {
    if (end - p > 8 && p[8] == ' ') {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      constexpr std::uint64_t kOnes = 0x0101010101010101ull;
      auto has_byte = [&](char c) {
        const std::uint64_t v = word ^ (kOnes * static_cast<unsigned char>(c));
        return ((v - kOnes) & ~v & (kOnes * 0x80)) != 0;
      };
      if (!has_byte(' ') && !has_byte(';')) {
        // Byte k holds the k-th digit, the most significant first; a letter's
        // low four bits plus 9 are its value.
        std::uint64_t x = (word & (kOnes * 0x0f)) + ((word >> 6) & kOnes) * 9;
        x = ((x << 4) | (x >> 8)) & 0x00ff00ff00ff00ffull;
        x = ((x << 8) | (x >> 16)) & 0x0000ffff0000ffffull;
        x = ((x << 16) | (x >> 32)) & 0x00000000ffffffffull;
        p += 9;
        return x;
      }
    }
  }
  return ReadPackedNumber(p, end);
}

// Stands for NULL in the scans' integer columns: the earliest instant
// (some 292 thousand million years ago) is never stored, nor is such an id.
constexpr std::int64_t kNullInstant = std::numeric_limits<std::int64_t>::min();

std::optional<Instant> OptionalInstant(std::int64_t seconds) {
  if (seconds == kNullInstant) return std::nullopt;
  return Instant(seconds);
}


}  // namespace

template <class Db>
Result<StatisticsSizes> SqlStatistics<Db>::Sizes() {
  // The largest rowid is the last entry of each table's b-tree: no scan.
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT (SELECT max(id) FROM cases), (SELECT max(id) FROM complaints)"));
  DOCKET_TRY_ASSIGN(bool row, stmt->Step());
  StatisticsSizes sizes;
  if (row) {
    sizes.case_id_bound = std::max<std::int64_t>(0, stmt->OptionalInt(0).value_or(0)) + 1;
    sizes.complaint_bound = std::max<std::int64_t>(0, stmt->OptionalInt(1).value_or(0));
    DOCKET_TRY(stmt->Step());
  }
  return sizes;
}

// The scans read covering indexes and the packed per-case timelines, never
// the wide rows with free text, and hand each row over without copying it into
// a list. They read the file through SQLite's page cache rather than mapping
// it: a first touch of a mapped page is a page fault, and over the 25,000
// index pages of a million cases that cost more than reading them into the
// cache's few reused buffers (a report of 1.4 s mapped, 1.2 s read).
template <class Db>
Result<void> SqlStatistics<Db>::ScanCases(const std::function<void(const CaseStatisticsRow&)>& visit) {
  // A NULL comes back as a value no stored instant or flag has, so each
  // column is one call into SQLite rather than two (type, then value).
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("SELECT id, category, opened_at, ifnull(closed_at, ?1), decision_outcome, "
                                "ifnull(appeal_lodged_at, ?1), CASE WHEN appeal_upheld IS NULL THEN -1 WHEN appeal_upheld <> 0 "
                                "THEN 1 ELSE 0 END FROM cases INDEXED BY "
                                "cases_statistics ORDER BY id"));
  stmt->Bind(1, kNullInstant);
  CaseStatisticsRow row;
  while (true) {
    DOCKET_TRY_ASSIGN(bool more, stmt->Step());
    if (!more) break;
    row.id = stmt->Int(0);
    row.category = stmt->TextView(1);
    row.opened_at = Instant(stmt->Int(2));
    row.closed_at = OptionalInstant(stmt->Int(3));
    row.outcome = stmt->TextView(4);
    row.appeal_lodged_at = OptionalInstant(stmt->Int(5));
    const std::int64_t upheld = stmt->Int(6);
    row.appeal_upheld = upheld < 0 ? std::nullopt : std::optional<bool>(upheld != 0);
    visit(row);
  }
  return Ok();
}

template <class Db>
Result<void> SqlStatistics<Db>::ScanCaseEvents(const std::vector<std::string>& pause_actions,
                                              const std::vector<std::string>& resume_actions,
                                              const std::function<void(const CaseEventStatisticsRow&)>& visit) {
  // The names table is small: read it once, then the log is all integers.
  DOCKET_TRY_ASSIGN(Statement * names, db_.Prepare("SELECT id, name FROM statistics_names"));
  std::vector<std::string> name_of;
  std::vector<std::uint8_t> kind_of;  // 0 none, 1 pause, 2 resume
  while (true) {
    DOCKET_TRY_ASSIGN(bool more, names->Step());
    if (!more) break;
    const std::int64_t id = names->Int(0);
    if (id < 0 || id > 1000000) return Fail(ErrorCode::kInternal, fmt::format("statistics name id {} is corrupt", id));
    const auto index = static_cast<std::size_t>(id);
    if (name_of.size() <= index) {
      name_of.resize(index + 1);
      kind_of.resize(index + 1, 0);
    }
    name_of[index] = names->Text(1);
    if (std::find(pause_actions.begin(), pause_actions.end(), name_of[index]) != pause_actions.end()) kind_of[index] = 1;
    if (std::find(resume_actions.begin(), resume_actions.end(), name_of[index]) != resume_actions.end()) kind_of[index] = 2;
  }
  // One row per case: its events packed by the trigger of migration 9 as
  // "AT ACTION STAGE CHANGE;" with hexadecimal numbers.
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT case_id, events FROM case_timelines ORDER BY case_id"));
  CaseEventStatisticsRow row;
  const std::string empty;
  auto name = [&](std::uint64_t id) -> const std::string& { return id < name_of.size() ? name_of[id] : empty; };
  while (true) {
    DOCKET_TRY_ASSIGN(bool more, stmt->Step());
    if (!more) break;
    row.case_id = stmt->Int(0);
    const std::string_view events = stmt->TextView(1);
    const char* p = events.data();
    const char* const end = p + events.size();
    while (p < end) {
      const std::uint64_t at = ReadPackedTime(p, end);
      const std::uint64_t action = ReadPackedNumber(p, end);
      const std::uint64_t stage = ReadPackedNumber(p, end);
      const bool stage_change = ReadPackedNumber(p, end) != 0;
      const std::uint8_t kind = action < kind_of.size() ? kind_of[action] : 0;
      if (!stage_change && kind == 0) continue;
      row.at = Instant(static_cast<std::int64_t>(at));
      row.kind = stage_change ? EventKind::kStageChange : kind == 1 ? EventKind::kPause : EventKind::kResume;
      row.action = name(action);
      row.to_stage = name(stage);
      row.action_code = static_cast<std::uint32_t>(action);
      row.to_stage_code = static_cast<std::uint32_t>(stage);
      visit(row);
    }
  }
  return Ok();
}

template <class Db>
Result<void> SqlStatistics<Db>::ScanComplaints(const std::function<void(const ComplaintStatisticsRow&)>& visit) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT ifnull(case_id, ?1), received_at, category FROM complaints "
                                                  "INDEXED BY complaints_statistics"));
  stmt->Bind(1, kNullInstant);
  ComplaintStatisticsRow row;
  while (true) {
    DOCKET_TRY_ASSIGN(bool more, stmt->Step());
    if (!more) break;
    const std::int64_t case_id = stmt->Int(0);
    row.case_id = case_id == kNullInstant ? std::nullopt : std::optional<std::int64_t>(case_id);
    row.received_at = Instant(stmt->Int(1));
    row.category = stmt->TextView(2);
    visit(row);
  }
  return Ok();
}

template <class Db>
Result<void> SqlStatistics<Db>::ScanInterimSuspensions(const std::function<void(const InterimStatisticsRow&)>& visit) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT case_id, category, start_date, end_date FROM sanctions WHERE "
                                                  "kind = ? AND overturned_at IS NULL ORDER BY id"));
  stmt->Bind(1, domain::kInterimSuspensionKind);
  InterimStatisticsRow row;
  while (true) {
    DOCKET_TRY_ASSIGN(bool more, stmt->Step());
    if (!more) break;
    row.case_id = stmt->OptionalInt(0);
    row.category = stmt->TextView(1);
    DOCKET_TRY_ASSIGN(row.start, ReadDate(*stmt, 2, "interim suspension start"));
    DOCKET_TRY_ASSIGN(row.end, ReadOptionalDate(*stmt, 3, "interim suspension end"));
    visit(row);
  }
  return Ok();
}

template class SqlRecommendations<sqlite::Connection>;
template class SqlRecommendations<postgres::Connection>;
template class SqlStatistics<sqlite::Connection>;
template class SqlStatistics<postgres::Connection>;

}  // namespace docket::store::sql
