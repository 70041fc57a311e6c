#include "app/post_service.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "app/access_policy.hpp"
#include "app/audit_record.hpp"
#include "app/import_support.hpp"
#include "core/csv_reader.hpp"
#include "security/crypto.hpp"

namespace docket::app {
namespace {

constexpr std::size_t kMaxText = 64 * 1024;
constexpr std::size_t kMaxField = 2048;
constexpr std::size_t kMinReason = 10;

const std::vector<std::string> kRequired = {"platform", "url", "handle", "text", "captured_by", "captured_at",
                                            "capture_method"};
const std::vector<std::string> kOptional = {"display_name", "posted_at", "kind", "archive_url", "attachments", "case",
                                            "complaint"};

Result<void> RequireRead(const domain::Actor& actor) {
  if (MayReadPosts(actor)) return Ok();
  return Fail(ErrorCode::kPermissionDenied, fmt::format("role '{}' may not read social-media evidence", actor.role));
}

Result<void> RequireWrite(const domain::Actor& actor) {
  if (MayWritePosts(actor)) return Ok();
  return Fail(ErrorCode::kPermissionDenied, fmt::format("role '{}' may not change social-media evidence", actor.role));
}

Result<void> CheckField(std::string_view name, std::string_view value, std::size_t limit, bool required) {
  if (required && value.empty()) return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': empty", name));
  if (value.size() > limit) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': longer than {} bytes", name, limit));
  }
  return Ok();
}

// A platform as docket stores it: lower case, letters, digits, '.', '_' and '-' only.
Result<std::string> PlatformName(std::string_view text) {
  std::string platform;
  for (char c : text) platform.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  DOCKET_TRY(CheckField("platform", platform, 40, true));
  if (platform.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field 'platform': '{}' may hold only letters, digits, '.', '_' and '-'", platform));
  }
  return platform;
}

std::string Plural(std::int64_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

bool MayReadPosts(const domain::Actor& actor) { return actor.role == "caseworker" || actor.role == "oversight"; }

bool MayWritePosts(const domain::Actor& actor) { return actor.role == "caseworker"; }

Result<void> CompletePost(domain::Post& post) {
  DOCKET_TRY_ASSIGN(post.platform, PlatformName(post.platform));
  DOCKET_TRY(CheckField("url", post.url, kMaxField, true));
  auto canonical = domain::CanonicalUrl(post.url);
  if (!canonical) return Fail(ErrorCode::kInvalidArgument, "field 'url': " + canonical.error().message);
  post.canonical_url = *canonical;
  post.handle = domain::NormaliseHandle(post.handle);
  DOCKET_TRY(CheckField("handle", post.handle, 200, true));
  if (post.handle.find_first_of(" \t\r\n") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'handle': '{}' contains white space", post.handle));
  }
  DOCKET_TRY(CheckField("display_name", post.display_name, 400, false));
  // A like carries the liked post's text when the capture has it; other kinds need their own.
  DOCKET_TRY(CheckField("text", post.text, kMaxText, post.kind != domain::PostKind::kLike));
  DOCKET_TRY(CheckField("captured_by", post.provenance.captured_by, 200, true));
  DOCKET_TRY(CheckField("capture_method", post.provenance.method, 200, true));
  DOCKET_TRY(CheckField("archive_url", post.provenance.archive_url, kMaxField, false));
  if (!post.provenance.archive_url.empty() && !domain::CanonicalUrl(post.provenance.archive_url)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field 'archive_url': '{}' is not an http(s) address", post.provenance.archive_url));
  }
  if (post.posted_at && post.provenance.captured_at < *post.posted_at) {
    return Fail(ErrorCode::kInvalidArgument, "field 'captured_at': before 'posted_at' (a post is captured after it is posted)");
  }
  return Ok();
}

Result<ParsedPosts> ParsePostsCsv(std::string_view csv_text, std::string_view file_name) {
  CsvReader reader(csv_text);
  DOCKET_TRY_ASSIGN(CsvHeader header, ReadCsvHeader(reader, file_name, kRequired, kOptional));
  ParsedPosts parsed;
  while (true) {
    auto next = reader.Next();
    if (!next) {
      parsed.errors.push_back(LocatedCsvError(next.error().message));
      break;
    }
    if (!*next) break;
    const CsvRecord& record = **next;
    if (record.fields.size() != header.Width()) {
      parsed.errors.push_back({record.line, fmt::format("{} columns, but the header has {}", record.fields.size(),
                                                        header.Width())});
      continue;
    }
    auto field = [&](std::string_view column) { return TrimmedField(header.Get(record, column)); };
    PostRecord row;
    row.line = record.line;
    domain::Post& post = row.post;
    post.platform = field("platform");
    post.url = field("url");
    post.handle = field("handle");
    post.display_name = field("display_name");
    post.text = std::string(header.Get(record, "text"));
    post.provenance.captured_by = field("captured_by");
    post.provenance.method = field("capture_method");
    post.provenance.archive_url = field("archive_url");
    post.provenance.source = fmt::format("{}:{}", file_name, record.line);
    row.case_number = field("case");
    row.complaint_receipt = field("complaint");
    for (std::string& path : SplitOnBlanks(header.Get(record, "attachments"))) {
      post.attachments.push_back({std::move(path), "", 0, ""});
    }
    std::string kind = field("kind");
    if (!kind.empty()) {
      auto parsed_kind = domain::ParsePostKind(kind);
      if (!parsed_kind) {
        parsed.errors.push_back({record.line, fmt::format("field 'kind': '{}' is not one of post, reply, share, like", kind)});
        continue;
      }
      post.kind = *parsed_kind;
    }
    auto captured = Instant::Parse(field("captured_at"));
    if (!captured) {
      parsed.errors.push_back({record.line, fmt::format("field 'captured_at': '{}' is not RFC 3339 (2026-05-10T18:00:00Z)",
                                                        field("captured_at"))});
      continue;
    }
    post.provenance.captured_at = *captured;
    if (std::string posted = field("posted_at"); !posted.empty()) {
      auto at = Instant::Parse(posted);
      if (!at) {
        parsed.errors.push_back({record.line, fmt::format("field 'posted_at': '{}' is not RFC 3339", posted)});
        continue;
      }
      post.posted_at = *at;
    }
    if (auto complete = CompletePost(post); !complete) {
      parsed.errors.push_back({record.line, complete.error().message});
      continue;
    }
    parsed.posts.push_back(std::move(row));
  }
  return parsed;
}

PostService::PostService(store::Store& store, const rules::Triage& triage, const Clock& clock)
    : store_(store), clock_(clock), triage_(&triage), lexicon_(triage.lexicon()) {}

PostService::PostService(store::Store& store, const domain::Lexicon& lexicon, const Clock& clock)
    : store_(store), clock_(clock), triage_(nullptr), lexicon_(lexicon) {}

Result<void> PostService::RequireTriage() const {
  if (triage_) return Ok();
  return Fail(ErrorCode::kFailedPrecondition, "this service was opened without a compiled lexicon; it cannot triage");
}

void PostService::Assess(domain::Post& post) const {
  rules::TriageAssessment assessment = triage_->Assess(post.text);
  post.priority = assessment.priority;
  post.lexicon_version = lexicon_.version;
  post.flags.clear();
  for (rules::TriageFlag& f : assessment.flags) {
    post.flags.push_back({std::move(f.category_id), std::move(f.category_title), std::move(f.pattern_id),
                          std::move(f.pattern), static_cast<std::int64_t>(f.begin), static_cast<std::int64_t>(f.end),
                          std::move(f.matched), std::move(f.discounted_by)});
  }
}

Result<PostImportReport> PostService::Import(const domain::Actor& actor, ParsedPosts parsed, ImportMode mode,
                                             std::string_view source, const Progress& progress) {
  DOCKET_TRY(RequireWrite(actor));
  DOCKET_TRY(RequireTriage());
  PostImportReport report;
  report.errors = std::move(parsed.errors);
  if (mode == ImportMode::kAllOrNothing && !report.errors.empty()) return report;

  // Hashing and triage need no database: done before the write lock is taken.
  const auto total = static_cast<std::int64_t>(parsed.posts.size());
  for (std::int64_t i = 0; i < total; ++i) {
    domain::Post& post = parsed.posts[static_cast<std::size_t>(i)].post;
    post.content_hash = security::Sha256Hex(domain::ContentKey(post));
    Assess(post);
    if (progress && (i % 1000 == 0 || i + 1 == total)) progress("triage", i + 1, total);
  }

  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kWrite));
  const Instant now = clock_.Now();
  std::unordered_map<std::string, std::optional<CaseId>> cases;
  std::unordered_map<std::string, std::optional<ComplaintId>> complaints;
  std::map<std::string, std::int64_t> attached_per_case;
  std::vector<domain::AccountId> new_unlinked;
  std::set<std::int64_t> seen_accounts;
  std::vector<RowError> row_errors;

  for (std::int64_t i = 0; i < total; ++i) {
    PostRecord& row = parsed.posts[static_cast<std::size_t>(i)];
    if (progress && (i % 1000 == 0 || i + 1 == total)) progress("store", i + 1, total);
    std::optional<CaseId> case_id;
    std::optional<ComplaintId> complaint_id;
    if (!row.case_number.empty()) {
      auto it = cases.find(row.case_number);
      if (it == cases.end()) {
        auto found = tx->Cases().FindByNumber(row.case_number);
        if (!found && found.error().code != ErrorCode::kNotFound) return Fail(found.error());
        std::optional<CaseId> id;
        if (found) id = found->id;
        it = cases.emplace(row.case_number, id).first;
      }
      if (!it->second) {
        row_errors.push_back({row.line, fmt::format("field 'case': no case '{}'", row.case_number)});
        continue;
      }
      case_id = it->second;
    }
    if (!row.complaint_receipt.empty()) {
      auto it = complaints.find(row.complaint_receipt);
      if (it == complaints.end()) {
        auto found = tx->Complaints().FindByReceipt(row.complaint_receipt);
        if (!found && found.error().code != ErrorCode::kNotFound) return Fail(found.error());
        std::optional<ComplaintId> id;
        if (found) id = found->id;
        it = complaints.emplace(row.complaint_receipt, id).first;
      }
      if (!it->second) {
        row_errors.push_back({row.line, fmt::format("field 'complaint': no complaint with receipt '{}'", row.complaint_receipt)});
        continue;
      }
      complaint_id = it->second;
    }
    ++report.read;
    DOCKET_TRY_ASSIGN(std::optional<domain::PostId> duplicate, tx->Posts().FindDuplicate(row.post));
    domain::PostId id;
    if (duplicate) {
      ++report.duplicates;
      id = *duplicate;
    } else {
      DOCKET_TRY_ASSIGN(domain::SocialAccount account,
                        tx->Posts().PutAccount(row.post.platform, row.post.handle, row.post.display_name));
      if (seen_accounts.insert(account.id.value).second && account.link == domain::AccountLink::kNone) {
        DOCKET_TRY_ASSIGN(std::optional<MemberId> owner, tx->Posts().DeclaredOwner(account.platform, account.handle));
        if (owner) {
          DOCKET_TRY(tx->Posts().SetAccountLink(account.id, domain::AccountLink::kDeclared, owner, actor.username, now));
        } else {
          DOCKET_TRY_ASSIGN(auto decisions, tx->Posts().Decisions(account.id));
          DOCKET_TRY_ASSIGN(auto candidates, tx->Posts().Candidates(account.id));
          if (decisions.empty() && candidates.empty()) {
            new_unlinked.push_back(account.id);
            ++report.new_accounts;
          }
        }
      }
      row.post.account = account.id;
      DOCKET_TRY_ASSIGN(id, tx->Posts().Insert(row.post));
      ++report.imported;
      if (row.post.priority > 0) ++report.flagged;
    }
    report.ids.push_back(id);
    if (case_id || complaint_id) {
      DOCKET_TRY_ASSIGN(bool linked, tx->Posts().Link({id, case_id, complaint_id, actor.username, now}));
      if (linked) {
        ++report.attached;
        if (!row.case_number.empty()) ++attached_per_case[row.case_number];
      }
    }
  }
  report.errors.insert(report.errors.end(), row_errors.begin(), row_errors.end());
  std::sort(report.errors.begin(), report.errors.end(),
            [](const RowError& a, const RowError& b) { return a.line < b.line; });
  if (mode == ImportMode::kAllOrNothing && !row_errors.empty()) {
    report.read = report.imported = report.duplicates = report.flagged = report.attached = report.new_accounts = 0;
    report.ids.clear();
    return report;  // The transaction rolls back: nothing of the file is kept.
  }
  DOCKET_TRY(tx->Audit().Append(AuditOf(
      actor, now, "posts.import", "posts", std::string(source),
      fmt::format("{} imported, {} duplicates, {} flagged, {} rows refused", report.imported, report.duplicates,
                  report.flagged, report.errors.size()))));
  for (const auto& [number, count] : attached_per_case) {
    DOCKET_TRY(tx->Audit().Append(AuditOf(actor, now, "posts.attach", "case", number,
                                          fmt::format("{} from {}", Plural(count, "post"), source))));
  }
  if (!new_unlinked.empty()) {
    if (progress) progress("candidates", 0, static_cast<std::int64_t>(new_unlinked.size()));
    DOCKET_TRY_ASSIGN(report.proposed, ProposeIn(*tx, actor, new_unlinked));
  }
  DOCKET_TRY(tx->Commit());
  return report;
}

Result<const rules::MemberNameIndex*> PostService::Index(store::Transaction& tx) {
  DOCKET_TRY_ASSIGN(std::int64_t members, tx.Members().Count());
  std::lock_guard lock(index_mutex_);
  // Members are only ever added, so an unchanged count means an unchanged set of names.
  if (index_ && index_members_ == members) return index_.get();
  std::vector<rules::MemberNames> names;
  names.reserve(static_cast<std::size_t>(members));
  DOCKET_TRY(tx.Posts().ScanMemberNames([&](store::MemberNameParts&& m) {
    names.push_back({m.id, std::move(m.given_name), std::move(m.family_name), std::move(m.aliases)});
  }));
  index_ = std::make_unique<rules::MemberNameIndex>(rules::MemberNameIndex::Build(names));
  index_members_ = members;
  return index_.get();
}

Result<std::int64_t> PostService::ProposeIn(store::Transaction& tx, const domain::Actor& actor,
                                            const std::vector<domain::AccountId>& accounts) {
  DOCKET_TRY_ASSIGN(const rules::MemberNameIndex* index, Index(tx));
  std::int64_t proposed = 0;
  for (domain::AccountId id : accounts) {
    DOCKET_TRY_ASSIGN(domain::SocialAccount account, tx.Posts().FindAccount(id));
    if (account.link != domain::AccountLink::kNone) continue;
    DOCKET_TRY_ASSIGN(auto decisions, tx.Posts().Decisions(id));
    std::set<MemberId> rejected;
    for (const store::AccountDecision& d : decisions) {
      if (d.decision == store::LinkDecision::kRejected) rejected.insert(d.member);
    }
    // Members who are respondents in the cases this account's posts are
    // evidence in: a namesake among them is the likelier author, and the
    // reason says so. Still only a candidate.
    std::map<MemberId, std::string> respondents;
    store::PostQuery of_account;
    of_account.account = id;
    of_account.limit = 1000;
    DOCKET_TRY_ASSIGN(auto written, tx.Posts().List(of_account));
    for (const domain::Post& post : written) {
      DOCKET_TRY_ASSIGN(auto links, tx.Posts().LinksOf(post.id));
      for (const store::PostLink& link : links) {
        if (!link.case_id) continue;
        DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().Find(*link.case_id));
        for (const domain::Respondent& r : c.respondents) {
          if (r.member) respondents.emplace(*r.member, c.number);
        }
      }
    }
    // Ask for more than are kept: rejected members are dropped, and a respondent may rank below namesakes.
    const std::size_t wanted = 5 + rejected.size() + (respondents.empty() ? 0 : 45);
    std::vector<domain::AccountCandidate> candidates;
    for (rules::LinkCandidate& c : index->Propose({account.handle, account.display_name}, wanted)) {
      if (rejected.contains(c.member)) continue;
      if (auto it = respondents.find(c.member); it != respondents.end()) {
        c.reasons.push_back(fmt::format("respondent in case {}, where this account's posts are evidence", it->second));
        c.score = std::min(1.0, c.score + 0.05);
      }
      candidates.push_back({id, c.member, c.score, std::move(c.reasons)});
    }
    // Best first; among equal scores (namesakes at 1.0), a respondent first.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](const domain::AccountCandidate& a, const domain::AccountCandidate& b) {
                       if (a.score != b.score) return a.score > b.score;
                       return respondents.contains(a.member) && !respondents.contains(b.member);
                     });
    if (candidates.size() > 5) candidates.resize(5);
    DOCKET_TRY(tx.Posts().ReplaceCandidates(id, candidates));
    if (!candidates.empty()) ++proposed;
  }
  DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "accounts.propose", "accounts", "",
                                       fmt::format("{} checked, {} with candidates", accounts.size(), proposed))));
  return proposed;
}

Result<PostView> PostService::ViewOf(store::Transaction& tx, domain::Post post) {
  PostView view;
  DOCKET_TRY_ASSIGN(view.account, tx.Posts().FindAccount(post.account));
  if (view.account.member) {
    DOCKET_TRY_ASSIGN(store::MemberLabel label, tx.Platform().Label(*view.account.member));
    view.member = std::move(label);
  }
  DOCKET_TRY_ASSIGN(auto links, tx.Posts().LinksOf(post.id));
  for (const store::PostLink& link : links) {
    if (link.case_id) {
      DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().Find(*link.case_id));
      view.case_numbers.push_back(c.number);
    }
    if (link.complaint) {
      DOCKET_TRY_ASSIGN(domain::Complaint complaint, tx.Complaints().Find(*link.complaint));
      view.complaint_receipts.push_back(complaint.receipt);
    }
  }
  view.post = std::move(post);
  return view;
}

Result<std::vector<PostView>> PostService::List(const domain::Actor& actor, const store::PostQuery& query) {
  DOCKET_TRY(RequireRead(actor));
  std::vector<PostView> out;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    out.clear();
    DOCKET_TRY_ASSIGN(auto posts, tx.Posts().List(query));
    for (domain::Post& post : posts) {
      DOCKET_TRY_ASSIGN(PostView view, ViewOf(tx, std::move(post)));
      out.push_back(std::move(view));
    }
    std::string detail = fmt::format("{}{}", Plural(static_cast<std::int64_t>(out.size()), "post"),
                                     query.flagged_only ? ", flagged only" : "");
    if (query.account) detail += fmt::format(", account {}", query.account->value);
    if (query.member) detail += fmt::format(", member {}", query.member->value);
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "posts.list", "posts", "", detail)));
    return Ok();
  }));
  return out;
}

Result<PostView> PostService::Show(const domain::Actor& actor, domain::PostId id) {
  DOCKET_TRY(RequireRead(actor));
  PostView view;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::Post post, tx.Posts().Find(id));
    DOCKET_TRY_ASSIGN(view, ViewOf(tx, std::move(post)));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "post.read", "post", std::to_string(id.value))));
    return Ok();
  }));
  return view;
}

Result<std::vector<PostView>> PostService::OfCase(const domain::Actor& actor, std::string_view case_number) {
  std::vector<PostView> out;
  auto done = store_.Write([&](store::Transaction& tx) -> Result<void> {
    out.clear();
    DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().FindByNumber(case_number));
    DOCKET_TRY(CheckCaseAccess(actor, c, Access::kRead));
    if (IsParty(actor)) {
      return Fail(ErrorCode::kPermissionDenied,
                  fmt::format("'{}' ({}) may not see the social-media evidence of case {}", actor.username, actor.role,
                              c.number));
    }
    store::PostQuery query;
    query.case_id = c.id;
    query.limit = 1000;
    DOCKET_TRY_ASSIGN(auto posts, tx.Posts().List(query));
    for (domain::Post& post : posts) {
      DOCKET_TRY_ASSIGN(PostView view, ViewOf(tx, std::move(post)));
      out.push_back(std::move(view));
    }
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "posts.read", "case", c.number,
                                         Plural(static_cast<std::int64_t>(out.size()), "post"))));
    return Ok();
  });
  if (!done && done.error().code == ErrorCode::kPermissionDenied) {
    DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
      DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "access.refused", "case", std::string(case_number),
                                           done.error().message)));
      return Ok();
    }));
  }
  if (!done) return Fail(done.error());
  return out;
}

Result<std::int64_t> PostService::Attach(const domain::Actor& actor, std::string_view case_number,
                                         const std::vector<domain::PostId>& posts) {
  DOCKET_TRY(RequireWrite(actor));
  if (posts.empty()) return Fail(ErrorCode::kInvalidArgument, "field 'posts': empty");
  std::int64_t attached = 0;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    attached = 0;
    DOCKET_TRY_ASSIGN(domain::Case c, tx.Cases().FindByNumber(case_number));
    DOCKET_TRY(CheckCaseAccess(actor, c, Access::kWrite));
    const Instant now = clock_.Now();
    std::string ids;
    for (domain::PostId id : posts) {
      DOCKET_TRY(tx.Posts().Find(id));
      DOCKET_TRY_ASSIGN(bool linked, tx.Posts().Link({id, c.id, std::nullopt, actor.username, now}));
      if (!linked) continue;
      ++attached;
      ids += (ids.empty() ? "" : ", ") + std::to_string(id.value);
    }
    if (attached > 0) {
      DOCKET_TRY(tx.Audit().Append(AuditOf(actor, now, "posts.attach", "case", c.number, "posts " + ids)));
    }
    return Ok();
  }));
  return attached;
}

Result<AccountView> PostService::AccountViewOf(store::Transaction& tx, domain::AccountId id) {
  AccountView view;
  DOCKET_TRY_ASSIGN(view.account, tx.Posts().FindAccount(id));
  if (view.account.member) {
    DOCKET_TRY_ASSIGN(store::MemberLabel label, tx.Platform().Label(*view.account.member));
    view.member = std::move(label);
  }
  DOCKET_TRY_ASSIGN(auto candidates, tx.Posts().Candidates(id));
  for (domain::AccountCandidate& c : candidates) {
    DOCKET_TRY_ASSIGN(store::MemberLabel label, tx.Platform().Label(c.member));
    DOCKET_TRY_ASSIGN(domain::Member member, tx.Members().Find(c.member));
    view.candidates.push_back({std::move(c), std::move(label), std::move(member.branch)});
  }
  DOCKET_TRY_ASSIGN(view.decisions, tx.Posts().Decisions(id));
  for (const store::AccountDecision& d : view.decisions) {
    DOCKET_TRY_ASSIGN(store::MemberLabel label, tx.Platform().Label(d.member));
    view.decided_members.push_back(label.membership_number);
  }
  DOCKET_TRY_ASSIGN(view.posts, tx.Posts().CountOfAccount(id));
  return view;
}

Result<std::vector<AccountView>> PostService::Accounts(const domain::Actor& actor,
                                                       std::optional<domain::AccountLink> link,
                                                       domain::AccountId after, int limit) {
  DOCKET_TRY(RequireRead(actor));
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kRead));
  DOCKET_TRY_ASSIGN(auto accounts, tx->Posts().ListAccounts(link, after, limit));
  std::vector<AccountView> out;
  for (const domain::SocialAccount& account : accounts) {
    DOCKET_TRY_ASSIGN(AccountView view, AccountViewOf(*tx, account.id));
    out.push_back(std::move(view));
  }
  return out;
}

Result<AccountView> PostService::Account(const domain::Actor& actor, domain::AccountId id) {
  DOCKET_TRY(RequireRead(actor));
  AccountView view;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(view, AccountViewOf(tx, id));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, clock_.Now(), "account.read", "account", std::to_string(id.value))));
    return Ok();
  }));
  return view;
}

Result<std::int64_t> PostService::Propose(const domain::Actor& actor, std::optional<domain::AccountId> only) {
  DOCKET_TRY(RequireWrite(actor));
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kWrite));
  std::vector<domain::AccountId> accounts;
  if (only) {
    DOCKET_TRY(tx->Posts().FindAccount(*only));
    accounts.push_back(*only);
  } else {
    domain::AccountId after;
    while (true) {
      DOCKET_TRY_ASSIGN(auto page, tx->Posts().ListAccounts(domain::AccountLink::kNone, after, 10000));
      if (page.empty()) break;
      for (const domain::SocialAccount& a : page) accounts.push_back(a.id);
      after = page.back().id;
    }
  }
  DOCKET_TRY_ASSIGN(std::int64_t proposed, ProposeIn(*tx, actor, accounts));
  DOCKET_TRY(tx->Commit());
  return proposed;
}

Result<AccountView> PostService::Confirm(const domain::Actor& actor, domain::AccountId id,
                                         std::string_view membership_number, std::string_view reason) {
  DOCKET_TRY(RequireWrite(actor));
  if (reason.size() < kMinReason) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("field 'reason': say how you know (at least {} characters)", kMinReason));
  }
  AccountView view;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::SocialAccount account, tx.Posts().FindAccount(id));
    DOCKET_TRY_ASSIGN(domain::Member member, tx.Members().FindByNumber(membership_number));
    if (account.link != domain::AccountLink::kNone) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("account {} ({}:{}) is already {} for member {}; reject that link first", id.value,
                              account.platform, account.handle, domain::Name(account.link),
                              account.member ? account.member->value : 0));
    }
    const Instant now = clock_.Now();
    DOCKET_TRY(tx.Posts().AddDecision(
        {id, member.id, store::LinkDecision::kConfirmed, std::string(reason), actor.username, now}));
    DOCKET_TRY(tx.Posts().SetAccountLink(id, domain::AccountLink::kConfirmed, member.id, actor.username, now));
    DOCKET_TRY(tx.Posts().ReplaceCandidates(id, {}));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, now, "account.link.confirm", "account", std::to_string(id.value),
                                         fmt::format("{}:{} is member {}: {}", account.platform, account.handle,
                                                     member.membership_number, reason))));
    DOCKET_TRY_ASSIGN(view, AccountViewOf(tx, id));
    return Ok();
  }));
  return view;
}

Result<AccountView> PostService::Reject(const domain::Actor& actor, domain::AccountId id,
                                        std::string_view membership_number, std::string_view reason) {
  DOCKET_TRY(RequireWrite(actor));
  if (reason.size() < kMinReason) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'reason': at least {} characters", kMinReason));
  }
  AccountView view;
  DOCKET_TRY(store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::SocialAccount account, tx.Posts().FindAccount(id));
    DOCKET_TRY_ASSIGN(domain::Member member, tx.Members().FindByNumber(membership_number));
    const Instant now = clock_.Now();
    if (account.link == domain::AccountLink::kDeclared && account.member == member.id) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("member {} declared {}:{} themselves; a declaration is not a guess to reject",
                              member.membership_number, account.platform, account.handle));
    }
    DOCKET_TRY_ASSIGN(auto candidates, tx.Posts().Candidates(id));
    const bool linked = account.link == domain::AccountLink::kConfirmed && account.member == member.id;
    const bool candidate = std::any_of(candidates.begin(), candidates.end(),
                                       [&](const domain::AccountCandidate& c) { return c.member == member.id; });
    if (!linked && !candidate) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("member {} is neither a candidate for nor linked to account {}", member.membership_number,
                              id.value));
    }
    DOCKET_TRY(tx.Posts().AddDecision(
        {id, member.id, store::LinkDecision::kRejected, std::string(reason), actor.username, now}));
    if (linked) DOCKET_TRY(tx.Posts().SetAccountLink(id, domain::AccountLink::kNone, std::nullopt, actor.username, now));
    std::erase_if(candidates, [&](const domain::AccountCandidate& c) { return c.member == member.id; });
    DOCKET_TRY(tx.Posts().ReplaceCandidates(id, candidates));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, now, linked ? "account.link.undo" : "account.link.reject", "account",
                                         std::to_string(id.value),
                                         fmt::format("{}:{} is not member {}: {}", account.platform, account.handle,
                                                     member.membership_number, reason))));
    DOCKET_TRY_ASSIGN(view, AccountViewOf(tx, id));
    return Ok();
  }));
  return view;
}

Result<void> PostService::DeclareHandle(const domain::Actor& actor, std::string_view membership_number,
                                        std::string_view platform_text, std::string_view handle_text) {
  if (actor.role != "caseworker" && actor.role != "administrator") {
    return Fail(ErrorCode::kPermissionDenied, fmt::format("role '{}' may not record members' handles", actor.role));
  }
  DOCKET_TRY_ASSIGN(const std::string platform, PlatformName(platform_text));
  const std::string handle = domain::NormaliseHandle(handle_text);
  DOCKET_TRY(CheckField("handle", handle, 200, true));
  return store_.Write([&](store::Transaction& tx) -> Result<void> {
    DOCKET_TRY_ASSIGN(domain::Member member, tx.Members().FindByNumber(membership_number));
    const Instant now = clock_.Now();
    DOCKET_TRY(tx.Posts().DeclareHandle(member.id, platform, handle, now));
    DOCKET_TRY_ASSIGN(domain::SocialAccount account, tx.Posts().PutAccount(platform, handle, ""));
    if (account.link == domain::AccountLink::kConfirmed && account.member != member.id) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("{}:{} is confirmed as another member's account; reject that link first", platform, handle));
    }
    DOCKET_TRY(tx.Posts().SetAccountLink(account.id, domain::AccountLink::kDeclared, member.id, actor.username, now));
    DOCKET_TRY(tx.Posts().ReplaceCandidates(account.id, {}));
    DOCKET_TRY(tx.Audit().Append(AuditOf(actor, now, "member.handle.declare", "member", member.membership_number,
                                         fmt::format("{}:{}", platform, handle))));
    return Ok();
  });
}

Result<std::int64_t> PostService::Retriage(const domain::Actor& actor, const Progress& progress) {
  DOCKET_TRY(RequireWrite(actor));
  DOCKET_TRY(RequireTriage());
  DOCKET_TRY_ASSIGN(auto tx, store_.Begin(store::TransactionMode::kWrite));
  DOCKET_TRY_ASSIGN(std::int64_t total, tx->Posts().Count());
  std::int64_t done = 0;
  store::PostQuery query;
  query.limit = 1000;
  // Rewriting priorities while paging by priority would move posts across
  // the cursor: assess every page first, then write the changes.
  std::vector<domain::Post> updated;
  while (true) {
    DOCKET_TRY_ASSIGN(auto page, tx->Posts().List(query));
    if (page.empty()) break;
    query.after = std::make_pair(page.back().priority, page.back().id);
    for (domain::Post& post : page) {
      domain::Post assessed = post;
      Assess(assessed);
      if (assessed.priority != post.priority || assessed.lexicon_version != post.lexicon_version ||
          assessed.flags.size() != post.flags.size()) {
        assessed.text.clear();  // Not rewritten; no need to hold it.
        updated.push_back(std::move(assessed));
      }
    }
    done += static_cast<std::int64_t>(page.size());
    if (progress) progress("triage", done, total);
  }
  for (const domain::Post& post : updated) DOCKET_TRY(tx->Posts().SetTriage(post));
  const auto changed = static_cast<std::int64_t>(updated.size());
  DOCKET_TRY(tx->Audit().Append(AuditOf(actor, clock_.Now(), "posts.retriage", "posts", "",
                                        fmt::format("lexicon {} {}: {} of {} posts changed", lexicon_.name,
                                                    lexicon_.version, changed, total))));
  DOCKET_TRY(tx->Commit());
  return changed;
}

}  // namespace docket::app
