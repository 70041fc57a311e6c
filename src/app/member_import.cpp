#include "app/member_import.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "app/import_support.hpp"
#include "core/csv_reader.hpp"
#include "domain/member.hpp"

namespace docket::app {
namespace {

const std::vector<std::string> kRequired = {"membership_number", "given_name", "family_name", "branch"};
const std::vector<std::string> kOptional = {"email",  "joined_on",    "aliases",      "status",
                                            "office", "office_title", "office_start", "office_end"};


// One member gathered from one or more rows, with the line of each row.
struct Pending {
  domain::Member member;
  std::vector<int> lines;
};

Result<void> ParseOffice(const CsvHeader& header, const CsvRecord& record, domain::Member& member) {
  std::string kind = TrimmedField(header.Get(record, "office"));
  std::string title = TrimmedField(header.Get(record, "office_title"));
  std::string start = TrimmedField(header.Get(record, "office_start"));
  std::string end = TrimmedField(header.Get(record, "office_end"));
  if (kind.empty()) {
    if (!title.empty() || !start.empty() || !end.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "column 'office': empty, but office_title/start/end are given");
    }
    return Ok();
  }
  domain::Office office;
  office.kind = kind;
  office.title = title.empty() ? kind : title;
  auto start_date = Date::Parse(start);
  if (!start_date) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("column 'office_start': {}", start_date.error().message));
  }
  office.start = *start_date;
  if (!end.empty()) {
    auto end_date = Date::Parse(end);
    if (!end_date) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("column 'office_end': {}", end_date.error().message));
    }
    if (*end_date < office.start) {
      return Fail(ErrorCode::kInvalidArgument, "column 'office_end': before office_start");
    }
    office.end = *end_date;
  }
  member.offices.push_back(std::move(office));
  return Ok();
}

Result<domain::Member> ParseMember(const CsvHeader& header, const CsvRecord& record) {
  if (record.fields.size() != header.Width()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{} columns, but the header has {}", record.fields.size(), header.Width()));
  }
  domain::Member m;
  m.membership_number = TrimmedField(header.Get(record, "membership_number"));
  m.given_name = TrimmedField(header.Get(record, "given_name"));
  m.family_name = TrimmedField(header.Get(record, "family_name"));
  m.branch = TrimmedField(header.Get(record, "branch"));
  m.email = TrimmedField(header.Get(record, "email"));
  if (m.membership_number.empty()) return Fail(ErrorCode::kInvalidArgument, "column 'membership_number': empty");
  if (m.membership_number.size() > 32) {
    return Fail(ErrorCode::kInvalidArgument, "column 'membership_number': longer than 32 characters");
  }
  std::string joined = TrimmedField(header.Get(record, "joined_on"));
  if (!joined.empty()) {
    auto date = Date::Parse(joined);
    if (!date) return Fail(ErrorCode::kInvalidArgument, fmt::format("column 'joined_on': {}", date.error().message));
    m.joined_on = *date;
  }
  std::string aliases = TrimmedField(header.Get(record, "aliases"));
  std::size_t start = 0;
  while (!aliases.empty() && start <= aliases.size()) {
    std::size_t end = aliases.find(';', start);
    std::string alias = TrimmedField(std::string_view(aliases).substr(start, end - start));
    if (!alias.empty()) m.aliases.push_back(alias);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::string status = TrimmedField(header.Get(record, "status"));
  if (!status.empty()) {
    auto parsed = domain::ParseMembershipStatus(status);
    if (!parsed) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("column 'status': '{}' is not one of active, lapsed, resigned, deceased", status));
    }
    if (*parsed != domain::MembershipStatus::kActive) m.status_history.push_back({*parsed, m.joined_on, "imported"});
  }
  DOCKET_TRY(ParseOffice(header, record, m));
  return m;
}

// Merges a continuation row (same membership number) into the pending member.
Result<void> Merge(Pending& pending, domain::Member&& row) {
  const domain::Member& first = pending.member;
  auto differs = [](const std::string& a, const std::string& b) { return !b.empty() && a != b; };
  if (differs(first.given_name, row.given_name) || differs(first.family_name, row.family_name) ||
      differs(first.branch, row.branch)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("membership number '{}' appears again with a different name or branch",
                            row.membership_number));
  }
  for (domain::Office& office : row.offices) pending.member.offices.push_back(std::move(office));
  return Ok();
}

// The CSV layer says "line N: what"; an import says "FILE:N: what", the form

}  // namespace

Result<ImportReport> ImportMembers(store::Store& store, std::string_view csv_text, std::string_view file_name,
                                   ImportMode mode, const Progress& progress) {
  CsvReader reader(csv_text);
  DOCKET_TRY_ASSIGN(CsvHeader header, ReadCsvHeader(reader, file_name, kRequired, kOptional));

  ImportReport report;
  std::vector<Pending> pending;
  std::unordered_map<std::string, std::size_t> by_number;
  std::unordered_map<std::size_t, bool> failed;  // pending index -> has a bad row
  while (true) {
    auto next = reader.Next();
    if (!next) {
      // A broken quote makes the rest of the file unreadable: report it and stop.
      report.errors.push_back(LocatedCsvError(next.error().message));
      break;
    }
    if (!*next) break;
    const CsvRecord& record = **next;
    if (progress && record.line % 10000 == 0) {
      progress("reading", static_cast<std::int64_t>(reader.Position()), static_cast<std::int64_t>(csv_text.size()));
    }
    auto member = ParseMember(header, record);
    if (!member) {
      report.errors.push_back({record.line, member.error().message});
      auto it = by_number.find(TrimmedField(header.Get(record, "membership_number")));
      if (it != by_number.end()) failed[it->second] = true;
      continue;
    }
    auto it = by_number.find(member->membership_number);
    if (it != by_number.end()) {
      if (auto merged = Merge(pending[it->second], std::move(*member)); !merged) {
        report.errors.push_back({record.line, merged.error().message});
        failed[it->second] = true;
      } else {
        pending[it->second].lines.push_back(record.line);
      }
      continue;
    }
    by_number.emplace(member->membership_number, pending.size());
    pending.push_back({std::move(*member), {record.line}});
  }
  if (mode == ImportMode::kAllOrNothing && !report.errors.empty()) return report;

  // All-or-nothing writes in one transaction, so a duplicate found while
  // writing undoes everything. Partial writes in batches of one transaction
  // each, so memory stays flat and a crash loses at most the batch in flight.
  const std::size_t batch = mode == ImportMode::kAllOrNothing ? pending.size() : 20000;
  std::size_t index = 0;
  while (index < pending.size()) {
    DOCKET_TRY_ASSIGN(auto tx, store.Begin(store::TransactionMode::kWrite));
    std::size_t end = std::min(pending.size(), index + batch);
    std::int64_t imported = 0, offices = 0;
    for (std::size_t i = index; i < end; ++i) {
      if (failed.contains(i)) {
        report.errors.push_back({pending[i].lines.front(), "not imported: another row of this member is invalid"});
        continue;
      }
      auto inserted = tx->Members().Insert(pending[i].member);
      if (!inserted) {
        if (inserted.error().code != ErrorCode::kAlreadyExists) return Fail(inserted.error());
        report.errors.push_back({pending[i].lines.front(), inserted.error().message});
        continue;
      }
      ++imported;
      offices += static_cast<std::int64_t>(pending[i].member.offices.size());
      if (progress && (i + 1) % 10000 == 0) {
        progress("writing", static_cast<std::int64_t>(i + 1), static_cast<std::int64_t>(pending.size()));
      }
    }
    if (mode == ImportMode::kAllOrNothing && !report.errors.empty()) return report;  // rolls back
    DOCKET_TRY(tx->Commit());
    report.imported += imported;
    report.offices += offices;
    index = end;
  }
  if (progress) progress("writing", static_cast<std::int64_t>(pending.size()), static_cast<std::int64_t>(pending.size()));
  std::sort(report.errors.begin(), report.errors.end(),
            [](const RowError& a, const RowError& b) { return a.line < b.line; });
  return report;
}

}  // namespace docket::app
