// Social-media evidence: the triage queue and one post with its provenance
// and flags, bulk import (JSON Lines or CSV in the body), the posts attached
// to a case, accounts with their candidate members and a person's decision
// on each, members' declared handles, and the published lexicon. Who may do
// what is decided by PostService (per object for cases; every read audited).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "app/post_service.hpp"
#include "http/api/post_file.hpp"
#include "http/api/route_support.hpp"
#include "http/api/routes.hpp"

namespace docket::http::api {
namespace {

namespace bj = boost::json;

/// The largest import body: about 20,000 posts of an ordinary length.
constexpr std::size_t kImportBodyLimit = std::size_t{32} << 20;

bj::value MemberJson(const std::optional<store::MemberLabel>& member) {
  if (!member) return nullptr;
  return bj::object{{"name", member->name}, {"membership_number", member->membership_number}};
}

bj::value AccountJson(const domain::SocialAccount& a, const std::optional<store::MemberLabel>& member) {
  return bj::object{{"id", a.id.value},
                    {"platform", a.platform},
                    {"handle", a.handle},
                    {"display_name", a.display_name},
                    {"link", std::string(domain::Name(a.link))},
                    {"member", MemberJson(member)},
                    {"decided_by", a.decided_by.empty() ? bj::value(nullptr) : bj::value(a.decided_by)},
                    {"decided_at", a.decided_at ? bj::value(a.decided_at->ToString()) : bj::value(nullptr)}};
}

bj::value PostJson(const app::PostView& view, const domain::Lexicon& lexicon) {
  const domain::Post& p = view.post;
  bj::array attachments;
  for (const domain::PostAttachment& a : p.attachments) {
    attachments.push_back(bj::object{
        {"file_name", a.file_name}, {"content_type", a.content_type}, {"size", a.size}, {"sha256", a.sha256}});
  }
  bj::array flags;
  for (const domain::PostFlag& f : p.flags) {
    flags.push_back(bj::object{{"category", f.category_id},
                               {"category_title", f.category_title},
                               {"pattern_id", f.pattern_id},
                               {"pattern", f.pattern},
                               {"begin", f.begin},
                               {"end", f.end},
                               {"matched", f.matched},
                               {"discounted_by", f.discounted_by.empty() ? bj::value(nullptr) : bj::value(f.discounted_by)},
                               {"lexicon", lexicon.name},
                               {"lexicon_version", p.lexicon_version}});
  }
  bj::array cases, complaints;
  for (const std::string& number : view.case_numbers) cases.push_back(bj::value(number));
  for (const std::string& receipt : view.complaint_receipts) complaints.push_back(bj::value(receipt));
  bj::object o;
  o["id"] = p.id.value;
  o["platform"] = p.platform;
  o["url"] = p.url;
  o["canonical_url"] = p.canonical_url;
  o["handle"] = p.handle;
  o["display_name"] = p.display_name;
  o["posted_at"] = p.posted_at ? bj::value(p.posted_at->ToString()) : bj::value(nullptr);
  o["kind"] = std::string(domain::Name(p.kind));
  o["text"] = p.text;
  o["content_sha256"] = p.content_hash;
  o["attachments"] = std::move(attachments);
  o["provenance"] = bj::object{{"captured_by", p.provenance.captured_by},
                               {"captured_at", p.provenance.captured_at.ToString()},
                               {"method", p.provenance.method},
                               {"archive_url", p.provenance.archive_url},
                               {"source", p.provenance.source}};
  o["priority"] = p.priority;
  o["lexicon_version"] = p.lexicon_version;
  o["flags"] = std::move(flags);
  o["account"] = AccountJson(view.account, view.member);
  o["cases"] = std::move(cases);
  o["complaints"] = std::move(complaints);
  return o;
}

bj::value AccountViewJson(const app::AccountView& view) {
  bj::object o = AccountJson(view.account, view.member).as_object();
  bj::array candidates;
  for (const app::CandidateView& c : view.candidates) {
    bj::array reasons;
    for (const std::string& reason : c.candidate.reasons) reasons.push_back(bj::value(reason));
    candidates.push_back(bj::object{{"name", c.member.name},
                                    {"membership_number", c.member.membership_number},
                                    {"branch", c.branch},
                                    {"score_percent", static_cast<std::int64_t>(c.candidate.score * 100 + 0.5)},
                                    {"reasons", std::move(reasons)}});
  }
  bj::array decisions;
  for (std::size_t i = 0; i < view.decisions.size(); ++i) {
    const store::AccountDecision& d = view.decisions[i];
    decisions.push_back(bj::object{
        {"membership_number", i < view.decided_members.size() ? view.decided_members[i] : std::string()},
        {"decision", d.decision == store::LinkDecision::kConfirmed ? "confirmed" : "rejected"},
        {"reason", d.reason},
        {"decided_by", d.decided_by},
        {"at", d.at.ToString()}});
  }
  o["candidates"] = std::move(candidates);
  o["decisions"] = std::move(decisions);
  o["posts"] = view.posts;
  return o;
}

// "PRIORITY.ID" of the last row of a page.
Result<std::pair<int, domain::PostId>> ReadCursor(std::string_view text) {
  std::size_t dot = text.find('.');
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'after': '{}' is not a cursor from 'next'", text));
  };
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size() || dot > 9 || text.size() - dot > 19) {
    return bad();
  }
  std::int64_t priority = 0, id = 0;
  for (std::size_t i = 0; i < dot; ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    priority = priority * 10 + (text[i] - '0');
  }
  for (std::size_t i = dot + 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    id = id * 10 + (text[i] - '0');
  }
  return std::make_pair(static_cast<int>(priority), domain::PostId{id});
}

Result<store::PostQuery> ReadPostQuery(const Request& request, const domain::Actor& actor, store::Store& store) {
  DOCKET_TRY(CheckQuery(request, {"flagged", "account", "member", "limit", "after"}));
  store::PostQuery query;
  DOCKET_TRY_ASSIGN(std::optional<bool> flagged, QueryBoolean(request, "flagged"));
  query.flagged_only = flagged.value_or(false);
  DOCKET_TRY_ASSIGN(std::optional<std::int64_t> account, QueryInteger(request, "account", {.min = 1}));
  if (account) query.account = domain::AccountId{*account};
  DOCKET_TRY_ASSIGN(std::optional<std::int64_t> limit, QueryInteger(request, "limit", {.min = 1, .max = 200}));
  query.limit = static_cast<int>(limit.value_or(50));
  DOCKET_TRY_ASSIGN(std::optional<std::string> after, QueryText(request, "after", {.max_length = 30, .min_length = 3}));
  if (after) {
    DOCKET_TRY_ASSIGN(query.after, ReadCursor(*after));
  }
  DOCKET_TRY_ASSIGN(std::optional<std::string> member, QueryText(request, "member", {.max_length = 64, .min_length = 1}));
  if (member) {
    // Who may not read posts learns nothing about membership numbers either.
    if (!app::MayReadPosts(actor)) return query;
    DOCKET_TRY_ASSIGN(auto tx, store.Begin(store::TransactionMode::kRead));
    auto found = tx->Members().FindByNumber(*member);
    if (!found) return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'member': {}", found.error().message));
    query.member = found->id;
  }
  return query;
}

Response ListPosts(ApiState& state, const Request& request, const Caller& caller) {
  app::PostService& posts = *state.context.posts;
  auto query = ReadPostQuery(request, caller.actor, state.context.store);
  if (!query) return ErrorResponse(query.error(), request);
  auto views = posts.List(caller.actor, *query);
  if (!views) return ErrorResponse(views.error(), request);
  bj::array items;
  for (const app::PostView& view : *views) items.push_back(PostJson(view, posts.lexicon()));
  bj::object body;
  body["items"] = std::move(items);
  body["next"] = static_cast<int>(views->size()) == query->limit && !views->empty()
                     ? bj::value(fmt::format("{}.{}", views->back().post.priority, views->back().post.id.value))
                     : bj::value(nullptr);
  body["lexicon"] = bj::object{{"name", posts.lexicon().name}, {"version", posts.lexicon().version}};
  return JsonResponse(200, body);
}

Response ImportPosts(ApiState& state, const Request& request, const Caller& caller) {
  // Who may not import learns nothing from the body: refused before it is read.
  if (!app::MayWritePosts(caller.actor)) {
    return ErrorResponse(Error{ErrorCode::kPermissionDenied,
                               fmt::format("role '{}' may not change social-media evidence", caller.actor.role)},
                         request);
  }
  if (auto query = CheckQuery(request, {"partial", "name"}); !query) return ErrorResponse(query.error(), request);
  auto partial = QueryBoolean(request, "partial");
  if (!partial) return ErrorResponse(partial.error(), request);
  auto name = QueryText(request, "name", {.max_length = 200, .min_length = 1});
  if (!name) return ErrorResponse(name.error(), request);
  std::string_view type = request.Header("Content-Type").value_or("");
  type = type.substr(0, type.find(';'));
  PostFileFormat format;
  if (type == "application/x-ndjson" || type == "application/jsonl") {
    format = PostFileFormat::kJsonLines;
  } else if (type == "text/csv") {
    format = PostFileFormat::kCsv;
  } else {
    return ErrorResponse(Error{ErrorCode::kInvalidArgument,
                               "field 'Content-Type': send posts as application/x-ndjson (JSON Lines) or text/csv"},
                         request);
  }
  const std::string source = fmt::format("api:{}", name->value_or("upload"));
  auto parsed = ParsePostsFile(request.body, source, format);
  if (!parsed) return ErrorResponse(parsed.error(), request);
  // Files named in a request body mean nothing on the server: attachments come with the CLI.
  std::vector<app::PostRecord> kept;
  for (app::PostRecord& record : parsed->posts) {
    if (!record.post.attachments.empty()) {
      parsed->errors.push_back({record.line, "field 'attachments': attach files with `docket import posts` (the "
                                             "API takes posts without files)"});
      continue;
    }
    kept.push_back(std::move(record));
  }
  parsed->posts = std::move(kept);
  auto report = state.context.posts->Import(caller.actor, std::move(*parsed),
                                            partial->value_or(false) ? app::ImportMode::kPartial
                                                                     : app::ImportMode::kAllOrNothing,
                                            source);
  if (!report) return ErrorResponse(report.error(), request);
  bj::array errors;
  for (const app::RowError& e : report->errors) errors.push_back(bj::object{{"line", e.line}, {"message", e.message}});
  bj::array ids;
  for (domain::PostId id : report->ids) ids.push_back(id.value);
  const bool refused = !partial->value_or(false) && !report->errors.empty();
  bj::object body;
  if (refused) {
    body["type"] = "about:blank";
    body["title"] = "Unprocessable Content";
    body["status"] = 422;
    body["detail"] = fmt::format("{} row{} refused; nothing was imported (send ?partial=true to import the good rows)",
                                 report->errors.size(), report->errors.size() == 1 ? "" : "s");
  }
  body["imported"] = report->imported;
  body["duplicates"] = report->duplicates;
  body["flagged"] = report->flagged;
  body["attached"] = report->attached;
  body["new_accounts"] = report->new_accounts;
  body["proposed"] = report->proposed;
  body["ids"] = std::move(ids);
  body["errors"] = std::move(errors);
  Response response = JsonResponse(refused ? 422 : 201, body);
  if (refused) response.headers["Content-Type"] = "application/problem+json";
  return response;
}

Result<std::vector<domain::PostId>> ReadPostIds(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  DOCKET_TRY_ASSIGN(std::vector<std::string> texts,
                    reader.StringList("posts", ListLimits{500, StringLimits{20, 1}}));
  DOCKET_TRY(reader.Finish());
  if (texts.empty()) return Fail(ErrorCode::kInvalidArgument, "field 'posts': empty");
  std::vector<domain::PostId> ids;
  for (const std::string& text : texts) {
    std::int64_t id = 0;
    for (char c : text) {
      if (c < '0' || c > '9') {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'posts': '{}' is not a post id", text));
      }
      id = id * 10 + (c - '0');
    }
    if (id == 0) return Fail(ErrorCode::kInvalidArgument, "field 'posts': 0 is not a post id");
    ids.push_back(domain::PostId{id});
  }
  return ids;
}

struct Decision {
  std::string membership_number;
  bool confirm = false;
  std::string reason;
};

Result<Decision> ReadDecision(const Request& request) {
  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
  Decision d;
  DOCKET_TRY_ASSIGN(d.membership_number, reader.String("membership_number", {.max_length = 64, .min_length = 1}));
  DOCKET_TRY_ASSIGN(std::string decision, reader.String("decision", {.max_length = 16, .min_length = 1}));
  DOCKET_TRY_ASSIGN(d.reason, reader.String("reason", {.max_length = 2000, .min_length = 1}));
  DOCKET_TRY(reader.Finish());
  if (decision != "confirm" && decision != "reject") {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'decision': '{}' is neither confirm nor reject", decision));
  }
  d.confirm = decision == "confirm";
  return d;
}

}  // namespace

Result<void> RegisterPostRoutes(ApiRoutes& routes) {
  std::shared_ptr<ApiState> state = routes.SharedState();
  DOCKET_TRY(routes.Public(Method::kGet, "/api/v1/lexicon", [state](const Request& request) {
    if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
    const domain::Lexicon& lexicon = state->context.posts->lexicon();
    bj::array categories, patterns, contexts;
    for (const domain::LexiconCategory& c : lexicon.categories) {
      categories.push_back(bj::object{{"id", c.id}, {"title", c.title}, {"source", c.source}});
    }
    for (const domain::LexiconPattern& p : lexicon.patterns) {
      patterns.push_back(bj::object{{"id", p.id}, {"category", p.category}, {"expression", p.expression},
                                    {"weight", p.weight}, {"note", p.note}});
    }
    for (const domain::LexiconContext& c : lexicon.contexts) {
      contexts.push_back(bj::object{{"id", c.id}, {"expression", c.expression}, {"note", c.note}});
    }
    return JsonResponse(200, bj::object{{"name", lexicon.name}, {"version", lexicon.version},
                                        {"categories", std::move(categories)}, {"patterns", std::move(patterns)},
                                        {"contexts", std::move(contexts)}});
  }, Execution::kIoThread));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/posts", Scope::kCasesRead,
                              [state](const Request& request, const Caller& caller) {
                                return ListPosts(*state, request, caller);
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/posts", Scope::kCasesWrite,
                              [state](const Request& request, const Caller& caller) {
                                return ImportPosts(*state, request, caller);
                              },
                              RouteOptions{Execution::kBlocking, kImportBodyLimit}));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/posts/{id}", Scope::kCasesRead,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
                                auto id = PathId(request, "id");
                                if (!id) return ErrorResponse(id.error(), request);
                                auto view = state->context.posts->Show(caller.actor, domain::PostId{*id});
                                if (!view) return ErrorResponse(view.error(), request);
                                return JsonResponse(200, PostJson(*view, state->context.posts->lexicon()));
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/cases/{number}/posts", Scope::kCasesRead,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
                                auto number = PathText(request, "number", 32);
                                if (!number) return ErrorResponse(number.error(), request);
                                auto views = state->context.posts->OfCase(caller.actor, *number);
                                if (!views) return ErrorResponse(views.error(), request);
                                bj::array items;
                                for (const app::PostView& view : *views) {
                                  items.push_back(PostJson(view, state->context.posts->lexicon()));
                                }
                                return JsonResponse(200, bj::object{{"items", std::move(items)}});
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/cases/{number}/posts", Scope::kCasesWrite,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
                                auto number = PathText(request, "number", 32);
                                if (!number) return ErrorResponse(number.error(), request);
                                if (auto refused = RequireJsonBody(request)) return std::move(*refused);
                                auto ids = ReadPostIds(request);
                                if (!ids) return ErrorResponse(ids.error(), request);
                                auto attached = state->context.posts->Attach(caller.actor, *number, *ids);
                                if (!attached) return ErrorResponse(attached.error(), request);
                                return JsonResponse(200, bj::object{{"attached", *attached}});
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/accounts", Scope::kCasesRead,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {"link", "after", "limit"}); !query) {
                                  return ErrorResponse(query.error(), request);
                                }
                                auto link_text = QueryText(request, "link", {.max_length = 16, .min_length = 1});
                                if (!link_text) return ErrorResponse(link_text.error(), request);
                                std::optional<domain::AccountLink> link;
                                if (*link_text) {
                                  link = domain::ParseAccountLink(**link_text);
                                  if (!link) {
                                    return ErrorResponse(Error{ErrorCode::kInvalidArgument,
                                                               fmt::format("field 'link': '{}' is not one of none, "
                                                                           "declared, confirmed", **link_text)},
                                                         request);
                                  }
                                }
                                auto after = QueryInteger(request, "after", {.min = 0});
                                if (!after) return ErrorResponse(after.error(), request);
                                auto limit = QueryInteger(request, "limit", {.min = 1, .max = 200});
                                if (!limit) return ErrorResponse(limit.error(), request);
                                auto views = state->context.posts->Accounts(caller.actor, link,
                                                                            domain::AccountId{after->value_or(0)},
                                                                            static_cast<int>(limit->value_or(50)));
                                if (!views) return ErrorResponse(views.error(), request);
                                bj::array items;
                                for (const app::AccountView& view : *views) items.push_back(AccountViewJson(view));
                                return JsonResponse(200, bj::object{{"items", std::move(items)}});
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kGet, "/api/v1/accounts/{id}", Scope::kCasesRead,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
                                auto id = PathId(request, "id");
                                if (!id) return ErrorResponse(id.error(), request);
                                auto view = state->context.posts->Account(caller.actor, domain::AccountId{*id});
                                if (!view) return ErrorResponse(view.error(), request);
                                return JsonResponse(200, AccountViewJson(*view));
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/accounts/{id}/decision", Scope::kCasesWrite,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
                                auto id = PathId(request, "id");
                                if (!id) return ErrorResponse(id.error(), request);
                                if (auto refused = RequireJsonBody(request)) return std::move(*refused);
                                auto decision = ReadDecision(request);
                                if (!decision) return ErrorResponse(decision.error(), request);
                                app::PostService& posts = *state->context.posts;
                                auto view = decision->confirm
                                                ? posts.Confirm(caller.actor, domain::AccountId{*id},
                                                                decision->membership_number, decision->reason)
                                                : posts.Reject(caller.actor, domain::AccountId{*id},
                                                               decision->membership_number, decision->reason);
                                if (!view) return ErrorResponse(view.error(), request);
                                return JsonResponse(200, AccountViewJson(*view));
                              }));
  DOCKET_TRY(routes.ForCaller(Method::kPost, "/api/v1/members/{number}/handles", Scope::kMembersWrite,
                              [state](const Request& request, const Caller& caller) {
                                if (auto query = CheckQuery(request, {}); !query) return ErrorResponse(query.error(), request);
                                auto number = PathText(request, "number", 64);
                                if (!number) return ErrorResponse(number.error(), request);
                                if (auto refused = RequireJsonBody(request)) return std::move(*refused);
                                auto body = [&]() -> Result<std::pair<std::string, std::string>> {
                                  DOCKET_TRY_ASSIGN(JsonDocument document, ParseBody(request));
                                  DOCKET_TRY_ASSIGN(JsonObjectReader reader, JsonObjectReader::Of(document));
                                  DOCKET_TRY_ASSIGN(std::string platform,
                                                    reader.String("platform", {.max_length = 40, .min_length = 1}));
                                  DOCKET_TRY_ASSIGN(std::string handle,
                                                    reader.String("handle", {.max_length = 200, .min_length = 1}));
                                  DOCKET_TRY(reader.Finish());
                                  return std::make_pair(platform, handle);
                                }();
                                if (!body) return ErrorResponse(body.error(), request);
                                auto done = state->context.posts->DeclareHandle(caller.actor, *number, body->first,
                                                                                body->second);
                                if (!done) return ErrorResponse(done.error(), request);
                                return JsonResponse(201, bj::object{{"membership_number", *number},
                                                                    {"platform", body->first},
                                                                    {"handle", domain::NormaliseHandle(body->second)}});
                              }));
  return Ok();
}

}  // namespace docket::http::api
