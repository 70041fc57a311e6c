#include "store/sql/post_repository.hpp"

#include "store/postgres/connection.hpp"
#include "store/sqlite/database.hpp"

#include <fmt/format.h>

#include "store/sql/row_helpers.hpp"

namespace docket::store::sql {
namespace {

constexpr std::string_view kPostColumns =
    "p.id, p.account_id, p.platform, p.url, p.canonical_url, p.handle, p.display_name, p.posted_at, p.text, p.kind, "
    "p.content_hash, p.captured_by, p.captured_at, p.capture_method, p.archive_url, p.source, p.priority, "
    "p.lexicon_version";

template <class Statement>
Result<domain::Post> ReadPost(const Statement& row) {
  domain::Post post;
  post.id = domain::PostId{row.Int(0)};
  post.account = domain::AccountId{row.Int(1)};
  post.platform = row.Text(2);
  post.url = row.Text(3);
  post.canonical_url = row.Text(4);
  post.handle = row.Text(5);
  post.display_name = row.Text(6);
  post.posted_at = ReadOptionalInstant(row, 7);
  post.text = row.Text(8);
  auto kind = domain::ParsePostKind(row.TextView(9));
  if (!kind) return Fail(ErrorCode::kInternal, fmt::format("stored post {} has an unknown kind", post.id.value));
  post.kind = *kind;
  post.content_hash = row.Text(10);
  post.provenance.captured_by = row.Text(11);
  post.provenance.captured_at = Instant(row.Int(12));
  post.provenance.method = row.Text(13);
  post.provenance.archive_url = row.Text(14);
  post.provenance.source = row.Text(15);
  post.priority = static_cast<int>(row.Int(16));
  post.lexicon_version = row.Text(17);
  return post;
}

std::string JoinReasons(const std::vector<std::string>& reasons) {
  std::string out;
  for (const std::string& reason : reasons) out += (out.empty() ? "" : "\n") + reason;
  return out;
}

std::vector<std::string> SplitReasons(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    out.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace

template <class Db>
Result<std::optional<domain::PostId>> SqlPosts<Db>::FindDuplicate(const domain::Post& post) {
  DOCKET_TRY_ASSIGN(Statement * same_url,
                    db_.Prepare("SELECT id FROM posts WHERE canonical_url = ? AND kind = ? AND handle = ?"));
  same_url->Bind(1, post.canonical_url).Bind(2, domain::Name(post.kind)).Bind(3, post.handle);
  DOCKET_TRY_ASSIGN(bool found, same_url->Step());
  if (found) {
    domain::PostId id{same_url->Int(0)};
    same_url->Reset();
    return std::optional<domain::PostId>(id);
  }
  DOCKET_TRY_ASSIGN(Statement * same_content, db_.Prepare("SELECT id FROM posts WHERE content_hash = ? ORDER BY id LIMIT 1"));
  same_content->Bind(1, post.content_hash);
  DOCKET_TRY_ASSIGN(found, same_content->Step());
  if (!found) return std::optional<domain::PostId>();
  domain::PostId id{same_content->Int(0)};
  same_content->Reset();
  return std::optional<domain::PostId>(id);
}

template <class Db>
Result<domain::PostId> SqlPosts<Db>::Insert(const domain::Post& post) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("INSERT INTO posts(account_id, platform, url, canonical_url, handle, display_name, "
                                "posted_at, text, kind, content_hash, captured_by, captured_at, capture_method, "
                                "archive_url, source, priority, lexicon_version) VALUES "
                                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id"));
  std::optional<std::int64_t> posted_at;
  if (post.posted_at) posted_at = post.posted_at->SecondsSinceEpoch();
  stmt->Bind(1, post.account.value)
      .Bind(2, post.platform)
      .Bind(3, post.url)
      .Bind(4, post.canonical_url)
      .Bind(5, post.handle)
      .Bind(6, post.display_name)
      .Bind(7, posted_at)
      .Bind(8, post.text)
      .Bind(9, domain::Name(post.kind))
      .Bind(10, post.content_hash)
      .Bind(11, post.provenance.captured_by)
      .Bind(12, post.provenance.captured_at.SecondsSinceEpoch())
      .Bind(13, post.provenance.method)
      .Bind(14, post.provenance.archive_url)
      .Bind(15, post.provenance.source)
      .Bind(16, post.priority)
      .Bind(17, post.lexicon_version);
  DOCKET_TRY_ASSIGN(const std::int64_t inserted, ReturnedId(*stmt));
  domain::PostId id{inserted};
  DOCKET_TRY_ASSIGN(Statement * attachment,
                    db_.Prepare("INSERT INTO post_attachments(post_id, position, file_name, content_type, size, "
                                "sha256) VALUES (?,?,?,?,?,?)"));
  for (std::size_t i = 0; i < post.attachments.size(); ++i) {
    const domain::PostAttachment& a = post.attachments[i];
    attachment->Reset()
        .Bind(1, id.value)
        .Bind(2, static_cast<std::int64_t>(i))
        .Bind(3, a.file_name)
        .Bind(4, a.content_type)
        .Bind(5, a.size)
        .Bind(6, a.sha256);
    DOCKET_TRY(attachment->Run());
  }
  domain::Post stored = post;
  stored.id = id;
  DOCKET_TRY(WriteFlags(stored));
  return id;
}

template <class Db>
Result<void> SqlPosts<Db>::WriteFlags(const domain::Post& post) {
  DOCKET_TRY_ASSIGN(Statement * flag,
                    db_.Prepare("INSERT INTO post_flags(post_id, position, category_id, category_title, pattern_id, "
                                "pattern, begin_offset, end_offset, matched, discounted_by) VALUES "
                                "(?,?,?,?,?,?,?,?,?,?)"));
  for (std::size_t i = 0; i < post.flags.size(); ++i) {
    const domain::PostFlag& f = post.flags[i];
    flag->Reset()
        .Bind(1, post.id.value)
        .Bind(2, static_cast<std::int64_t>(i))
        .Bind(3, f.category_id)
        .Bind(4, f.category_title)
        .Bind(5, f.pattern_id)
        .Bind(6, f.pattern)
        .Bind(7, f.begin)
        .Bind(8, f.end)
        .Bind(9, f.matched)
        .Bind(10, f.discounted_by);
    DOCKET_TRY(flag->Run());
  }
  return Ok();
}

template <class Db>
Result<void> SqlPosts<Db>::SetTriage(const domain::Post& post) {
  DOCKET_TRY_ASSIGN(Statement * update, db_.Prepare("UPDATE posts SET priority = ?, lexicon_version = ? WHERE id = ?"));
  update->Bind(1, post.priority).Bind(2, post.lexicon_version).Bind(3, post.id.value);
  DOCKET_TRY(update->Run());
  if (db_.Changes() == 0) return Fail(NotFound(fmt::format("no post {}", post.id.value)));
  DOCKET_TRY_ASSIGN(Statement * clear, db_.Prepare("DELETE FROM post_flags WHERE post_id = ?"));
  clear->Bind(1, post.id.value);
  DOCKET_TRY(clear->Run());
  return WriteFlags(post);
}

template <class Db>
Result<void> SqlPosts<Db>::ReadDetails(domain::Post& post) {
  DOCKET_TRY_ASSIGN(Statement * attachments,
                    db_.Prepare("SELECT file_name, content_type, size, sha256 FROM post_attachments WHERE post_id = ? "
                                "ORDER BY position"));
  attachments->Bind(1, post.id.value);
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, attachments->Step());
    if (!row) break;
    post.attachments.push_back({attachments->Text(0), attachments->Text(1), attachments->Int(2), attachments->Text(3)});
  }
  DOCKET_TRY_ASSIGN(Statement * flags,
                    db_.Prepare("SELECT category_id, category_title, pattern_id, pattern, begin_offset, end_offset, "
                                "matched, discounted_by FROM post_flags WHERE post_id = ? ORDER BY position"));
  flags->Bind(1, post.id.value);
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, flags->Step());
    if (!row) break;
    post.flags.push_back({flags->Text(0), flags->Text(1), flags->Text(2), flags->Text(3), flags->Int(4), flags->Int(5),
                          flags->Text(6), flags->Text(7)});
  }
  return Ok();
}

template <class Db>
Result<domain::Post> SqlPosts<Db>::Find(domain::PostId id) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(fmt::format("SELECT {} FROM posts p WHERE p.id = ?", kPostColumns)));
  stmt->Bind(1, id.value);
  DOCKET_TRY_ASSIGN(bool found, stmt->Step());
  if (!found) return Fail(NotFound(fmt::format("no post {}", id.value)));
  DOCKET_TRY_ASSIGN(domain::Post post, ReadPost(*stmt));
  stmt->Reset();
  DOCKET_TRY(ReadDetails(post));
  return post;
}

template <class Db>
Result<std::vector<domain::Post>> SqlPosts<Db>::List(const PostQuery& query) {
  std::string sql = fmt::format("SELECT {} FROM posts p", kPostColumns);
  std::vector<std::string> where;
  if (query.case_id) {
    sql += " JOIN post_links l ON l.post_id = p.id AND l.case_id = ?";
  }
  if (query.member) sql += " JOIN social_accounts a ON a.id = p.account_id AND a.member_id = ?";
  if (query.account) where.push_back("p.account_id = ?");
  if (query.flagged_only) where.push_back("p.priority > 0");
  if (query.after) where.push_back("(p.priority < ? OR (p.priority = ? AND p.id > ?))");
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " ORDER BY p.priority DESC, p.id LIMIT ?";
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare(sql));
  int index = 1;
  if (query.case_id) stmt->Bind(index++, query.case_id->value);
  if (query.member) stmt->Bind(index++, query.member->value);
  if (query.account) stmt->Bind(index++, query.account->value);
  if (query.after) {
    stmt->Bind(index, query.after->first).Bind(index + 1, query.after->first).Bind(index + 2, query.after->second.value);
    index += 3;
  }
  stmt->Bind(index, query.limit);
  std::vector<domain::Post> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    DOCKET_TRY_ASSIGN(domain::Post post, ReadPost(*stmt));
    out.push_back(std::move(post));
  }
  for (domain::Post& post : out) DOCKET_TRY(ReadDetails(post));
  return out;
}

template <class Db>
Result<std::int64_t> SqlPosts<Db>::Count() {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT count(*) FROM posts"));
  return OneInteger(*stmt);
}

template <class Db>
Result<std::int64_t> SqlPosts<Db>::CountOfAccount(domain::AccountId account) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT count(*) FROM posts WHERE account_id = ?"));
  stmt->Bind(1, account.value);
  return OneInteger(*stmt);
}

template <class Db>
Result<bool> SqlPosts<Db>::Link(const PostLink& link) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("INSERT INTO post_links(post_id, case_id, complaint_id, linked_by, at) VALUES "
                                "(?,?,?,?,?) ON CONFLICT DO NOTHING"));
  stmt->Bind(1, link.post.value)
      .Bind(2, IdValue(link.case_id))
      .Bind(3, IdValue(link.complaint))
      .Bind(4, link.linked_by)
      .Bind(5, link.at.SecondsSinceEpoch());
  DOCKET_TRY(stmt->Run());
  return db_.Changes() > 0;
}

template <class Db>
Result<std::vector<PostLink>> SqlPosts<Db>::LinksOf(domain::PostId post) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT case_id, complaint_id, linked_by, at FROM post_links WHERE "
                                                  "post_id = ? ORDER BY id"));
  stmt->Bind(1, post.value);
  std::vector<PostLink> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    PostLink link;
    link.post = post;
    if (auto id = stmt->OptionalInt(0)) link.case_id = CaseId{*id};
    if (auto id = stmt->OptionalInt(1)) link.complaint = ComplaintId{*id};
    link.linked_by = stmt->Text(2);
    link.at = Instant(stmt->Int(3));
    out.push_back(std::move(link));
  }
  return out;
}

template <class Db>
Result<domain::SocialAccount> SqlPosts<Db>::PutAccount(std::string_view platform, std::string_view handle,
                                                      std::string_view display_name) {
  // An account seen before is updated in place first: an upsert alone would
  // draw a PostgreSQL identity value on every call, leaving gaps in the ids.
  DOCKET_TRY_ASSIGN(Statement * update,
                    db_.Prepare("UPDATE social_accounts SET display_name = CASE WHEN ?3 <> '' THEN ?3 ELSE "
                                "display_name END WHERE platform = ?1 AND handle = ?2 RETURNING id"));
  update->Bind(1, platform).Bind(2, handle).Bind(3, display_name);
  DOCKET_TRY_ASSIGN(std::optional<std::int64_t> existing, ReturnedIdIfAny(*update));
  if (existing) return FindAccount(domain::AccountId{*existing});
  // New; the conflict clause covers another writer adding it meanwhile.
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("INSERT INTO social_accounts(platform, handle, display_name) VALUES (?,?,?) "
                                "ON CONFLICT(platform, handle) DO UPDATE SET display_name = CASE WHEN "
                                "excluded.display_name <> '' THEN excluded.display_name ELSE social_accounts.display_name END "
                                "RETURNING id"));
  stmt->Bind(1, platform).Bind(2, handle).Bind(3, display_name);
  DOCKET_TRY_ASSIGN(const std::int64_t inserted, ReturnedId(*stmt));
  const domain::AccountId id{inserted};
  return FindAccount(id);
}

template <class Db>
Result<std::vector<domain::SocialAccount>> SqlPosts<Db>::SelectAccounts(std::string_view where_and_order,
                                                                       const std::function<void(Statement&)>& bind) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare(fmt::format("SELECT id, platform, handle, display_name, link, member_id, decided_by, "
                                            "decided_at FROM social_accounts {}",
                                            where_and_order)));
  bind(*stmt);
  std::vector<domain::SocialAccount> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    domain::SocialAccount a;
    a.id = domain::AccountId{stmt->Int(0)};
    a.platform = stmt->Text(1);
    a.handle = stmt->Text(2);
    a.display_name = stmt->Text(3);
    auto link = domain::ParseAccountLink(stmt->TextView(4));
    if (!link) return Fail(ErrorCode::kInternal, fmt::format("stored account {} has an unknown link", a.id.value));
    a.link = *link;
    if (auto member = stmt->OptionalInt(5)) a.member = MemberId{*member};
    a.decided_by = stmt->Text(6);
    a.decided_at = ReadOptionalInstant(*stmt, 7);
    out.push_back(std::move(a));
  }
  return out;
}

template <class Db>
Result<domain::SocialAccount> SqlPosts<Db>::FindAccount(domain::AccountId id) {
  DOCKET_TRY_ASSIGN(auto rows, SelectAccounts("WHERE id = ?", [&](Statement& s) { s.Bind(1, id.value); }));
  if (rows.empty()) return Fail(NotFound(fmt::format("no account {}", id.value)));
  return std::move(rows.front());
}

template <class Db>
Result<std::vector<domain::SocialAccount>> SqlPosts<Db>::ListAccounts(std::optional<domain::AccountLink> link,
                                                                     domain::AccountId after, int limit) {
  if (link) {
    return SelectAccounts("WHERE link = ? AND id > ? ORDER BY id LIMIT ?", [&](Statement& s) {
      s.Bind(1, domain::Name(*link)).Bind(2, after.value).Bind(3, limit);
    });
  }
  return SelectAccounts("WHERE id > ? ORDER BY id LIMIT ?",
                        [&](Statement& s) { s.Bind(1, after.value).Bind(2, limit); });
}

template <class Db>
Result<void> SqlPosts<Db>::SetAccountLink(domain::AccountId id, domain::AccountLink link,
                                         std::optional<MemberId> member, std::string_view decided_by, Instant at) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("UPDATE social_accounts SET link = ?, member_id = ?, decided_by = ?, "
                                                  "decided_at = ? WHERE id = ?"));
  stmt->Bind(1, domain::Name(link))
      .Bind(2, IdValue(link == domain::AccountLink::kNone ? std::nullopt : member))
      .Bind(3, decided_by)
      .Bind(4, at.SecondsSinceEpoch())
      .Bind(5, id.value);
  DOCKET_TRY(stmt->Run());
  if (db_.Changes() == 0) return Fail(NotFound(fmt::format("no account {}", id.value)));
  return Ok();
}

template <class Db>
Result<void> SqlPosts<Db>::ReplaceCandidates(domain::AccountId id,
                                            const std::vector<domain::AccountCandidate>& candidates) {
  DOCKET_TRY_ASSIGN(Statement * clear, db_.Prepare("DELETE FROM account_candidates WHERE account_id = ?"));
  clear->Bind(1, id.value);
  DOCKET_TRY(clear->Run());
  DOCKET_TRY_ASSIGN(Statement * insert, db_.Prepare("INSERT INTO account_candidates(account_id, member_id, "
                                                    "position, score_permille, reasons) VALUES (?,?,?,?,?)"));
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const domain::AccountCandidate& c = candidates[i];
    insert->Reset()
        .Bind(1, id.value)
        .Bind(2, c.member.value)
        .Bind(3, static_cast<std::int64_t>(i))
        .Bind(4, static_cast<std::int64_t>(c.score * 1000 + 0.5))
        .Bind(5, JoinReasons(c.reasons));
    DOCKET_TRY(insert->Run());
  }
  return Ok();
}

template <class Db>
Result<std::vector<domain::AccountCandidate>> SqlPosts<Db>::Candidates(domain::AccountId id) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT member_id, score_permille, reasons FROM account_candidates "
                                                  "WHERE account_id = ? ORDER BY position"));
  stmt->Bind(1, id.value);
  std::vector<domain::AccountCandidate> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    out.push_back({id, MemberId{stmt->Int(0)}, static_cast<double>(stmt->Int(1)) / 1000.0,
                   SplitReasons(stmt->TextView(2))});
  }
  return out;
}

template <class Db>
Result<std::int64_t> SqlPosts<Db>::AddDecision(const AccountDecision& decision) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO account_decisions(account_id, member_id, decision, "
                                                  "reason, decided_by, at) VALUES (?,?,?,?,?,?) RETURNING id"));
  stmt->Bind(1, decision.account.value)
      .Bind(2, decision.member.value)
      .Bind(3, decision.decision == LinkDecision::kConfirmed ? "confirmed" : "rejected")
      .Bind(4, decision.reason)
      .Bind(5, decision.decided_by)
      .Bind(6, decision.at.SecondsSinceEpoch());
  return ReturnedId(*stmt);
}

template <class Db>
Result<std::vector<AccountDecision>> SqlPosts<Db>::Decisions(domain::AccountId id) {
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("SELECT member_id, decision, reason, decided_by, at FROM "
                                                  "account_decisions WHERE account_id = ? ORDER BY id"));
  stmt->Bind(1, id.value);
  std::vector<AccountDecision> out;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    AccountDecision d;
    d.account = id;
    d.member = MemberId{stmt->Int(0)};
    d.decision = stmt->TextView(1) == "confirmed" ? LinkDecision::kConfirmed : LinkDecision::kRejected;
    d.reason = stmt->Text(2);
    d.decided_by = stmt->Text(3);
    d.at = Instant(stmt->Int(4));
    out.push_back(std::move(d));
  }
  return out;
}

template <class Db>
Result<void> SqlPosts<Db>::DeclareHandle(MemberId member, std::string_view platform, std::string_view handle,
                                        Instant at) {
  DOCKET_TRY_ASSIGN(std::optional<MemberId> owner, DeclaredOwner(platform, handle));
  if (owner && *owner == member) return Ok();
  if (owner) {
    return Fail(ErrorCode::kAlreadyExists,
                fmt::format("the handle '{}' on {} is already declared by member {}", handle, platform, owner->value));
  }
  DOCKET_TRY_ASSIGN(Statement * stmt, db_.Prepare("INSERT INTO member_handles(platform, handle, member_id, "
                                                  "declared_at) VALUES (?,?,?,?)"));
  stmt->Bind(1, platform).Bind(2, handle).Bind(3, member.value).Bind(4, at.SecondsSinceEpoch());
  return stmt->Run();
}

template <class Db>
Result<std::optional<MemberId>> SqlPosts<Db>::DeclaredOwner(std::string_view platform, std::string_view handle) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("SELECT member_id FROM member_handles WHERE platform = ? AND handle = ?"));
  stmt->Bind(1, platform).Bind(2, handle);
  DOCKET_TRY_ASSIGN(bool found, stmt->Step());
  if (!found) return std::optional<MemberId>();
  MemberId member{stmt->Int(0)};
  stmt->Reset();
  return std::optional<MemberId>(member);
}

template <class Db>
Result<void> SqlPosts<Db>::ScanMemberNames(const std::function<void(MemberNameParts&&)>& each) {
  DOCKET_TRY_ASSIGN(Statement * stmt,
                    db_.Prepare("SELECT m.id, m.given_name, m.family_name, a.alias FROM members m LEFT JOIN "
                                "member_aliases a ON a.member_id = m.id ORDER BY m.id"));
  std::optional<MemberNameParts> current;
  while (true) {
    DOCKET_TRY_ASSIGN(bool row, stmt->Step());
    if (!row) break;
    MemberId id{stmt->Int(0)};
    if (!current || current->id != id) {
      if (current) each(std::move(*current));
      current = MemberNameParts{id, stmt->Text(1), stmt->Text(2), {}};
    }
    if (!stmt->IsNull(3)) current->aliases.push_back(stmt->Text(3));
  }
  if (current) each(std::move(*current));
  return Ok();
}

template class SqlPosts<sqlite::Connection>;
template class SqlPosts<postgres::Connection>;

}  // namespace docket::store::sql
