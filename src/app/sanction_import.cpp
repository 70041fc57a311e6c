#include "app/sanction_import.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "app/audit_record.hpp"
#include "app/import_support.hpp"
#include "core/csv_reader.hpp"
#include "domain/sanction.hpp"

namespace docket::app {
namespace {

const std::vector<std::string> kRequired = {"membership_number", "kind", "category", "start"};
const std::vector<std::string> kOptional = {"end", "published_on", "readmission_from", "overturned_on",
                                            "overturn_reason"};



struct Pending {
  int line = 0;
  std::string membership_number;
  domain::Sanction sanction;
};

Result<std::optional<Date>> OptionalDate(const CsvHeader& header, const CsvRecord& record, std::string_view column) {
  std::string text = TrimmedField(header.Get(record, column));
  if (text.empty()) return std::optional<Date>();
  auto date = Date::Parse(text);
  if (!date) return Fail(ErrorCode::kInvalidArgument, fmt::format("column '{}': {}", column, date.error().message));
  return std::optional<Date>(*date);
}

Result<Pending> ParseRow(const CsvHeader& header, const CsvRecord& record, const domain::Policy& policy) {
  if (record.fields.size() != header.Width()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{} columns, but the header has {}", record.fields.size(), header.Width()));
  }
  Pending p;
  p.line = record.line;
  p.membership_number = TrimmedField(header.Get(record, "membership_number"));
  if (p.membership_number.empty()) return Fail(ErrorCode::kInvalidArgument, "column 'membership_number': empty");
  domain::Sanction& s = p.sanction;
  s.kind = TrimmedField(header.Get(record, "kind"));
  if (s.kind != domain::kInterimSuspensionKind && policy.FindSanction(s.kind) == nullptr) {
    std::string known(domain::kInterimSuspensionKind);
    for (const domain::SanctionKind& kind : policy.sanctions) known += ", " + kind.id;
    return Fail(ErrorCode::kInvalidArgument, fmt::format("column 'kind': '{}' is not one of {}", s.kind, known));
  }
  s.category = TrimmedField(header.Get(record, "category"));
  if (policy.FindCategory(s.category) == nullptr) {
    std::string known;
    for (const domain::Category& category : policy.categories) known += (known.empty() ? "" : ", ") + category.id;
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("column 'category': '{}' is not one of {}", s.category, known));
  }
  auto start = Date::Parse(TrimmedField(header.Get(record, "start")));
  if (!start) return Fail(ErrorCode::kInvalidArgument, fmt::format("column 'start': {}", start.error().message));
  s.start = *start;
  DOCKET_TRY_ASSIGN(s.end, OptionalDate(header, record, "end"));
  if (s.end && *s.end < s.start) return Fail(ErrorCode::kInvalidArgument, "column 'end': before start");
  DOCKET_TRY_ASSIGN(s.published_on, OptionalDate(header, record, "published_on"));
  DOCKET_TRY_ASSIGN(s.readmission_from, OptionalDate(header, record, "readmission_from"));
  DOCKET_TRY_ASSIGN(std::optional<Date> overturned, OptionalDate(header, record, "overturned_on"));
  s.overturn_reason = TrimmedField(header.Get(record, "overturn_reason"));
  if (overturned) {
    if (*overturned < s.start) return Fail(ErrorCode::kInvalidArgument, "column 'overturned_on': before start");
    if (s.overturn_reason.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "column 'overturn_reason': empty, but overturned_on is given");
    }
    s.overturned_at = Instant::StartOfUtcDay(*overturned);
  } else if (!s.overturn_reason.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "column 'overturned_on': empty, but overturn_reason is given");
  }
  return p;
}

}  // namespace

Result<SanctionImportReport> ImportSanctions(store::Store& store, PlatformService& platform,
                                             const domain::Policy& policy, const domain::Actor& actor,
                                             std::string_view csv_text, std::string_view file_name, ImportMode mode,
                                             const Progress& progress) {
  if (!MayWritePlatform(actor)) {
    return Fail(ErrorCode::kPermissionDenied, fmt::format("role '{}' may not import sanctions", actor.role));
  }
  CsvReader reader(csv_text);
  DOCKET_TRY_ASSIGN(CsvHeader header, ReadCsvHeader(reader, file_name, kRequired, kOptional));

  SanctionImportReport report;
  std::vector<Pending> pending;
  while (true) {
    auto next = reader.Next();
    if (!next) {
      report.errors.push_back(LocatedCsvError(next.error().message));
      break;
    }
    if (!*next) break;
    auto row = ParseRow(header, **next, policy);
    if (!row) {
      report.errors.push_back({(*next)->line, row.error().message});
      continue;
    }
    pending.push_back(std::move(*row));
  }
  if (mode == ImportMode::kAllOrNothing && !report.errors.empty()) return report;

  DOCKET_TRY_ASSIGN(auto tx, store.Begin(store::TransactionMode::kWrite));
  std::set<MemberId> members;
  std::unordered_map<std::string, std::optional<MemberId>> by_number;
  std::vector<Pending*> to_write;
  for (Pending& p : pending) {
    auto it = by_number.find(p.membership_number);
    if (it == by_number.end()) {
      auto member = tx->Members().FindByNumber(p.membership_number);
      if (!member && member.error().code != ErrorCode::kNotFound) return Fail(member.error());
      it = by_number.emplace(p.membership_number, member ? std::optional<MemberId>(member->id) : std::nullopt).first;
    }
    if (!it->second) {
      report.errors.push_back({p.line, fmt::format("no member with membership number '{}'", p.membership_number)});
      continue;
    }
    p.sanction.member = *it->second;
    to_write.push_back(&p);
  }
  if (mode == ImportMode::kAllOrNothing && !report.errors.empty()) {
    std::sort(report.errors.begin(), report.errors.end(),
              [](const RowError& a, const RowError& b) { return a.line < b.line; });
    return report;  // Rolls back: nothing was written.
  }
  std::int64_t done = 0;
  for (Pending* p : to_write) {
    DOCKET_TRY_ASSIGN(std::vector<domain::Sanction> existing, tx->Sanctions().ForMember(p->sanction.member));
    bool known = std::any_of(existing.begin(), existing.end(), [&](const domain::Sanction& s) {
      return s.kind == p->sanction.kind && s.category == p->sanction.category && s.start == p->sanction.start;
    });
    if (known) {
      ++report.already_recorded;
    } else {
      DOCKET_TRY(tx->Sanctions().Insert(p->sanction));
      ++report.imported;
      members.insert(p->sanction.member);
    }
    if (progress && ++done % 1000 == 0) progress("writing", done, static_cast<std::int64_t>(to_write.size()));
  }
  if (progress) progress("checking the rule", 0, 0);
  DOCKET_TRY_ASSIGN(report.check,
                    platform.CheckIn(*tx, actor, {}, std::vector<MemberId>(members.begin(), members.end())));
  DOCKET_TRY(tx->Audit().Append(
      AuditOf(actor, platform.Now(), "sanctions.import", "sanction", "import",
              fmt::format("{} sanctions ({} already recorded); {} alerts raised, {} withdrawn", report.imported,
                          report.already_recorded, report.check.raised, report.check.withdrawn))));
  DOCKET_TRY(tx->Commit());
  std::sort(report.errors.begin(), report.errors.end(),
            [](const RowError& a, const RowError& b) { return a.line < b.line; });
  return report;
}

}  // namespace docket::app
