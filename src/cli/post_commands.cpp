#include "cli/post_commands.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/post_service.hpp"
#include "cli/progress_bar.hpp"
#include "http/api/evidence_files.hpp"
#include "http/api/post_file.hpp"
#include "policy/lexicon_loader.hpp"

namespace docket::cli {
namespace {

namespace fs = std::filesystem;

struct Options {
  std::string file;
  bool partial = false;
  std::string as;
  std::string evidence_dir;
  std::string lexicon;
  bool flagged = false;
  std::int64_t account = 0;
  std::string member;
  std::string case_number;
  int limit = 50;
  std::int64_t id = 0;
  std::vector<std::int64_t> ids;
  std::string link;
  std::string reason;
  std::string platform;
  std::string handle;
};

// What a posts command works with: the opened database, the lexicon
// (compiled only for the commands that triage: compiling takes about a
// second), who acts, and the service.
struct PostCommand {
  std::unique_ptr<Context> context;
  std::unique_ptr<domain::Lexicon> lexicon;
  std::unique_ptr<rules::Triage> triage;
  domain::Actor actor;
  std::unique_ptr<app::PostService> posts;
};

enum class Compile { kNo, kYes };

// Who a command acts as: the read-only local operator unless --as names an
// account; the account --as names (a person's decision must be theirs); or
// the local operator working as the complaints unit, as whoever holds the
// database file may import into it.
enum class Who { kReader, kNamed, kOperator };

Result<PostCommand> OpenPosts(const Globals& globals, const Options& o, Who who, Compile compile = Compile::kNo) {
  PostCommand command;
  DOCKET_TRY_ASSIGN(command.context, OpenContext(globals, store::Durability::kFull));
  DOCKET_TRY_ASSIGN(domain::Lexicon lexicon, policy::LoadLexicon(policy::LexiconFile(globals.data_dir, o.lexicon)));
  if (compile == Compile::kYes) {
    DOCKET_TRY_ASSIGN(rules::Triage triage, rules::Triage::Create(std::move(lexicon)));
    command.triage = std::make_unique<rules::Triage>(std::move(triage));
  } else {
    command.lexicon = std::make_unique<domain::Lexicon>(std::move(lexicon));
  }
  if (who == Who::kOperator && o.as.empty()) {
    command.actor = domain::Actor{UserId{}, "cli:" + UnixUser(), "caseworker", std::nullopt, "cli"};
  } else if (who == Who::kNamed && o.as.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "--as: a link is a person's decision; name the account that decides");
  } else {
    DOCKET_TRY_ASSIGN(command.actor, ResolveActor(*command.context, o.as));
  }
  command.posts = command.triage ? std::make_unique<app::PostService>(*command.context->store, *command.triage,
                                                                      command.context->clock)
                                 : std::make_unique<app::PostService>(*command.context->store, *command.lexicon,
                                                                      command.context->clock);
  return command;
}

std::string ContentType(const fs::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".gif") return "image/gif";
  if (ext == ".webp") return "image/webp";
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".mp4") return "video/mp4";
  if (ext == ".html" || ext == ".htm") return "text/html";
  if (ext == ".txt") return "text/plain";
  if (ext == ".json") return "application/json";
  return "application/octet-stream";
}

// Stores each attachment (a path relative to the import file) in the
// evidence folder under its SHA-256. A row whose file cannot be read is bad.
Result<void> StoreAttachments(app::ParsedPosts& parsed, const fs::path& import_file, const fs::path& evidence_dir) {
  DOCKET_TRY_ASSIGN(auto files, http::api::EvidenceFiles::Open(evidence_dir));
  std::vector<app::PostRecord> kept;
  for (app::PostRecord& record : parsed.posts) {
    bool good = true;
    for (domain::PostAttachment& attachment : record.post.attachments) {
      const fs::path given(attachment.file_name);
      const fs::path path = given.is_absolute() ? given : import_file.parent_path() / given;
      auto content = ReadFile(path.string());
      if (!content) {
        parsed.errors.push_back({record.line, fmt::format("field 'attachments': '{}' cannot be read", given.string())});
        good = false;
        break;
      }
      DOCKET_TRY_ASSIGN(auto stored, files->Put(*content, [](const auto&) -> Result<void> { return Ok(); }));
      attachment.file_name = path.filename().string();
      attachment.content_type = ContentType(path);
      attachment.size = stored.size;
      attachment.sha256 = stored.sha256;
    }
    if (good) kept.push_back(std::move(record));
  }
  parsed.posts = std::move(kept);
  return Ok();
}

std::string Excerpt(std::string_view text, std::size_t width) {
  std::string out;
  for (char c : text) out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  if (out.size() <= width) return out;
  std::size_t cut = width - 3;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // Never split a UTF-8 sequence.
  return out.substr(0, cut) + "...";
}

std::string WrittenBy(const app::PostView& view) {
  std::string who = fmt::format("@{} on {}", view.post.handle, view.post.platform);
  if (view.member) {
    who += fmt::format(" ({} member {}, {})", domain::Name(view.account.link), view.member->membership_number,
                       view.member->name);
  }
  return who;
}

void PrintPostRow(const app::PostView& view) {
  const domain::Post& p = view.post;
  std::string categories;
  for (const domain::PostFlag& f : p.flags) {
    if (!f.discounted_by.empty() || categories.find(f.category_id) != std::string::npos) continue;
    categories += (categories.empty() ? "" : ",") + f.category_id;
  }
  std::cout << fmt::format("{:>7}  {:>3}  {:<5}  {:<28} {:<44} {}\n", p.id.value, p.priority, domain::Name(p.kind),
                           Excerpt("@" + p.handle, 28), Excerpt(p.text, 44), categories);
}

void PrintPost(const app::PostView& view, const domain::Lexicon& lexicon) {
  const domain::Post& p = view.post;
  std::cout << fmt::format("post {} ({}) by {}\n", p.id.value, domain::Name(p.kind), WrittenBy(view));
  if (!p.display_name.empty()) std::cout << fmt::format("  display name: {}\n", p.display_name);
  std::cout << fmt::format("  url: {}\n  canonical: {}\n", p.url, p.canonical_url);
  std::cout << fmt::format("  posted: {}\n", p.posted_at ? p.posted_at->ToString() : "unknown");
  std::cout << fmt::format("  captured by {} at {} ({}){}\n", p.provenance.captured_by,
                           p.provenance.captured_at.ToString(), p.provenance.method,
                           p.provenance.archive_url.empty() ? "" : "; archived at " + p.provenance.archive_url);
  std::cout << fmt::format("  source: {}\n  content SHA-256: {}\n", p.provenance.source, p.content_hash);
  for (const domain::PostAttachment& a : p.attachments) {
    std::cout << fmt::format("  attachment: {} ({}, {} bytes, SHA-256 {})\n", a.file_name, a.content_type, a.size,
                             a.sha256);
  }
  std::cout << "  text: " << p.text << "\n";
  std::cout << fmt::format("  triage priority {} ({} {})\n", p.priority, lexicon.name, p.lexicon_version);
  for (const domain::PostFlag& f : p.flags) {
    std::cout << fmt::format("    flag: {} ({}); pattern {} /{}/ matched \"{}\" at bytes {}-{}{}\n", f.category_title,
                             f.category_id, f.pattern_id, f.pattern, f.matched, f.begin, f.end,
                             f.discounted_by.empty() ? "" : "; discounted: " + f.discounted_by);
  }
  for (const std::string& number : view.case_numbers) std::cout << "  evidence in case " << number << "\n";
  for (const std::string& receipt : view.complaint_receipts) std::cout << "  evidence for complaint " << receipt << "\n";
}

void PrintAccount(const app::AccountView& view) {
  const domain::SocialAccount& a = view.account;
  std::cout << fmt::format("account {}: @{} on {} ({}), {} post{}\n", a.id.value, a.handle, a.platform,
                           a.display_name.empty() ? "no display name" : a.display_name, view.posts,
                           view.posts == 1 ? "" : "s");
  if (view.member) {
    std::cout << fmt::format("  {} as member {} ({}) by {}\n", domain::Name(a.link), view.member->membership_number,
                             view.member->name, a.decided_by);
  } else {
    std::cout << "  not linked to any member\n";
  }
  for (const app::CandidateView& c : view.candidates) {
    std::cout << fmt::format("  candidate: {} ({}, {}), score {:.2f}\n", c.member.name, c.member.membership_number,
                             c.branch, c.candidate.score);
    for (const std::string& reason : c.candidate.reasons) std::cout << "      - " << reason << "\n";
  }
  for (std::size_t i = 0; i < view.decisions.size(); ++i) {
    const store::AccountDecision& d = view.decisions[i];
    std::cout << fmt::format("  {} {} member {}: {} ({})\n", d.at.ToString(), d.decided_by,
                             i < view.decided_members.size() ? view.decided_members[i] : "?",
                             d.decision == store::LinkDecision::kConfirmed ? "confirmed" : "rejected", d.reason);
  }
}

Result<std::optional<domain::AccountLink>> ParseLink(const std::string& text) {
  if (text.empty()) return std::optional<domain::AccountLink>();
  if (auto link = domain::ParseAccountLink(text)) return link;
  return Fail(ErrorCode::kInvalidArgument, fmt::format("--link '{}': one of none, declared, confirmed", text));
}

}  // namespace

void RegisterPostCommands(const CommandSet& commands) {
  auto options = std::make_shared<Options>();
  Options& o = *options;
  CLI::App& cli = commands.cli;
  Globals& globals = commands.globals;
  int& status = commands.status;
  auto add_lexicon = [&o](CLI::App* command) {
    command->add_option("--lexicon", o.lexicon, "The triage lexicon (default: DATA_DIR/lexicon/antisemitism.toml)");
  };

  CLI::App* import = cli.get_subcommand("import");
  CLI::App* import_posts = import->add_subcommand(
      "posts", "Import social-media posts (JSON Lines or CSV): deduplicated, hashed, triaged, with provenance");
  commands.AddDb(import_posts);
  add_lexicon(import_posts);
  import_posts->add_option("FILE", o.file, "A .jsonl (one post per line) or .csv file")->required();
  import_posts->add_flag("--partial", o.partial, "Commit the valid posts and list the rest (default: all or nothing)");
  import_posts->add_option("--as", o.as, "Attribute the import to this account (default: the local operator)");
  import_posts->add_option("--evidence-dir", o.evidence_dir,
                           "Where attachments are stored (default: evidence/ next to the database)");
  import_posts->callback(commands.Run([options, &globals, &status]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(http::api::PostFileFormat format, http::api::PostFileFormatOf(o.file));
    DOCKET_TRY_ASSIGN(std::string text, ReadFile(o.file));
    DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kOperator, Compile::kYes));
    DOCKET_TRY_ASSIGN(app::ParsedPosts parsed, http::api::ParsePostsFile(text, o.file, format));
    DOCKET_TRY(StoreAttachments(parsed, o.file, http::api::EvidenceFolderFor(globals.db, o.evidence_dir)));
    std::sort(parsed.errors.begin(), parsed.errors.end(),
              [](const app::RowError& a, const app::RowError& b) { return a.line < b.line; });
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(app::PostImportReport report,
                      command.posts->Import(command.actor, std::move(parsed),
                                            o.partial ? app::ImportMode::kPartial : app::ImportMode::kAllOrNothing,
                                            o.file, bar.Callback()));
    bar.Finish();
    for (const app::RowError& error : report.errors) std::cerr << fmt::format("{}:{}: {}\n", o.file, error.line, error.message);
    if (!report.errors.empty() && !o.partial) {
      std::cerr << fmt::format("docket: {} bad rows; nothing was imported (use --partial to import the valid ones)\n",
                               report.errors.size());
      status = kExitInvalid;
      return Ok();
    }
    std::cout << fmt::format("imported {} posts ({} duplicates of posts already held), {} flagged for reading first, "
                             "{} attached to cases or complaints; {} new accounts, {} with candidate members",
                             report.imported, report.duplicates, report.flagged, report.attached, report.new_accounts,
                             report.proposed);
    if (!report.errors.empty()) std::cout << fmt::format("; {} not imported (listed above)", report.errors.size());
    std::cout << "\n  read first: docket posts list --flagged\n";
    if (report.proposed > 0) std::cout << "  accounts to link: docket accounts list --link none\n";
    if (!report.errors.empty()) status = kExitInvalid;
    return Ok();
  }));

  CLI::App* posts = cli.add_subcommand("posts", "Social-media posts held as evidence, in triage order");
  posts->require_subcommand(1);
  CLI::App* list = posts->add_subcommand("list", "Posts, highest triage priority first");
  commands.AddDb(list);
  add_lexicon(list);
  list->add_flag("--flagged", o.flagged, "Only posts triage flagged");
  list->add_option("--account", o.account, "Only this account's posts");
  list->add_option("--member", o.member, "Only posts of accounts declared by or confirmed for this member");
  list->add_option("--case", o.case_number, "Only the posts attached to this case (a read of the case file)");
  list->add_option("--limit", o.limit, "At most this many (default 50)")->check(CLI::Range(1, 100000));
  list->add_option("--as", o.as, "Read as this account (default: the local operator, read-only)");
  list->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kReader));
    std::vector<app::PostView> views;
    if (!o.case_number.empty()) {
      DOCKET_TRY_ASSIGN(views, command.posts->OfCase(command.actor, o.case_number));
    } else {
      store::PostQuery query;
      query.flagged_only = o.flagged;
      query.limit = o.limit;
      if (o.account > 0) query.account = domain::AccountId{o.account};
      if (!o.member.empty()) {
        DOCKET_TRY_ASSIGN(auto tx, command.context->store->Begin(store::TransactionMode::kRead));
        DOCKET_TRY_ASSIGN(domain::Member member, tx->Members().FindByNumber(o.member));
        query.member = member.id;
      }
      DOCKET_TRY_ASSIGN(views, command.posts->List(command.actor, query));
    }
    std::cout << fmt::format("{:>7}  {:>3}  {:<5}  {:<28} {:<44} {}\n", "POST", "PRI", "KIND", "ACCOUNT", "TEXT",
                             "FLAGGED FOR");
    for (const app::PostView& view : views) PrintPostRow(view);
    std::cout << fmt::format("{} post{} (lexicon {} {})\n", views.size(), views.size() == 1 ? "" : "s",
                             command.posts->lexicon().name, command.posts->lexicon().version);
    return Ok();
  }));

  CLI::App* show = posts->add_subcommand("show", "One post: provenance, attachments, every flag explained, its cases");
  commands.AddDb(show);
  add_lexicon(show);
  show->add_option("ID", o.id, "The post's id")->required();
  show->add_option("--as", o.as, "Read as this account (default: the local operator, read-only)");
  show->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kReader));
    DOCKET_TRY_ASSIGN(app::PostView view, command.posts->Show(command.actor, domain::PostId{o.id}));
    PrintPost(view, command.posts->lexicon());
    return Ok();
  }));

  CLI::App* attach = posts->add_subcommand("attach", "Attach posts to a case as evidence (audited on the case)");
  commands.AddDb(attach);
  add_lexicon(attach);
  attach->add_option("--case", o.case_number, "The case number")->required();
  attach->add_option("IDS", o.ids, "Post ids")->required();
  attach->add_option("--as", o.as, "Act as this account (default: the local operator as the complaints unit)");
  attach->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kOperator));
    std::vector<domain::PostId> ids;
    for (std::int64_t id : o.ids) ids.push_back(domain::PostId{id});
    DOCKET_TRY_ASSIGN(std::int64_t attached, command.posts->Attach(command.actor, o.case_number, ids));
    std::cout << fmt::format("attached {} post{} to case {} ({} already attached)\n", attached,
                             attached == 1 ? "" : "s", o.case_number, static_cast<std::int64_t>(ids.size()) - attached);
    return Ok();
  }));

  CLI::App* retriage = posts->add_subcommand("retriage", "Re-run triage over every post with the current lexicon");
  commands.AddDb(retriage);
  add_lexicon(retriage);
  retriage->add_option("--as", o.as, "Act as this account (default: the local operator as the complaints unit)");
  retriage->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kOperator, Compile::kYes));
    ProgressBar bar;
    DOCKET_TRY_ASSIGN(std::int64_t changed, command.posts->Retriage(command.actor, bar.Callback()));
    bar.Finish();
    std::cout << fmt::format("{} post{} re-triaged with {} {}\n", changed, changed == 1 ? "" : "s",
                             command.posts->lexicon().name, command.posts->lexicon().version);
    return Ok();
  }));

  CLI::App* accounts = cli.add_subcommand("accounts", "Accounts that wrote posts, and linking them to members");
  accounts->require_subcommand(1);
  CLI::App* accounts_list = accounts->add_subcommand("list", "Accounts with their candidate members");
  commands.AddDb(accounts_list);
  add_lexicon(accounts_list);
  accounts_list->add_option("--link", o.link, "Only accounts linked this way: none, declared or confirmed");
  accounts_list->add_option("--limit", o.limit, "At most this many (default 50)")->check(CLI::Range(1, 100000));
  accounts_list->add_option("--as", o.as, "Read as this account (default: the local operator, read-only)");
  accounts_list->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(std::optional<domain::AccountLink> link, ParseLink(o.link));
    DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kReader));
    DOCKET_TRY_ASSIGN(auto views, command.posts->Accounts(command.actor, link, domain::AccountId{}, o.limit));
    for (const app::AccountView& view : views) PrintAccount(view);
    std::cout << fmt::format("{} account{}\n", views.size(), views.size() == 1 ? "" : "s");
    return Ok();
  }));

  CLI::App* accounts_show = accounts->add_subcommand("show", "One account: candidates with reasons, decisions");
  commands.AddDb(accounts_show);
  add_lexicon(accounts_show);
  accounts_show->add_option("ID", o.id, "The account's id")->required();
  accounts_show->add_option("--as", o.as, "Read as this account (default: the local operator, read-only)");
  accounts_show->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kReader));
    DOCKET_TRY_ASSIGN(app::AccountView view, command.posts->Account(command.actor, domain::AccountId{o.id}));
    PrintAccount(view);
    return Ok();
  }));

  CLI::App* propose = accounts->add_subcommand("propose", "Propose candidate members for unlinked accounts");
  commands.AddDb(propose);
  add_lexicon(propose);
  propose->add_option("ID", o.id, "Only this account (default: every unlinked account)");
  propose->add_option("--as", o.as, "Act as this account (default: the local operator as the complaints unit)");
  propose->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kOperator));
    std::optional<domain::AccountId> only;
    if (o.id > 0) only = domain::AccountId{o.id};
    DOCKET_TRY_ASSIGN(std::int64_t proposed, command.posts->Propose(command.actor, only));
    std::cout << fmt::format("{} account{} with candidate members (docket accounts list --link none)\n", proposed,
                             proposed == 1 ? "" : "s");
    return Ok();
  }));

  for (const bool confirm : {true, false}) {
    CLI::App* decide = accounts->add_subcommand(
        confirm ? "confirm" : "reject",
        confirm ? "Confirm that an account belongs to a member (a person's decision, audited)"
                : "Reject a candidate member, or undo a confirmed link (audited)");
    commands.AddDb(decide);
    add_lexicon(decide);
    decide->add_option("ID", o.id, "The account's id")->required();
    decide->add_option("--member", o.member, "The member's membership number")->required();
    decide->add_option("--reason", o.reason, confirm ? "How you know (at least 10 characters)" : "Why not")->required();
    decide->add_option("--as", o.as, "The account deciding (required)")->required();
    decide->callback(commands.Run([options, &globals, confirm]() -> Result<void> {
      Options& o = *options;
      DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kNamed));
      DOCKET_TRY_ASSIGN(app::AccountView view,
                        confirm ? command.posts->Confirm(command.actor, domain::AccountId{o.id}, o.member, o.reason)
                                : command.posts->Reject(command.actor, domain::AccountId{o.id}, o.member, o.reason));
      PrintAccount(view);
      return Ok();
    }));
  }

  CLI::App* declare = accounts->add_subcommand("declare", "Record a handle a member declared as theirs");
  commands.AddDb(declare);
  add_lexicon(declare);
  declare->add_option("MEMBER", o.member, "The membership number")->required();
  declare->add_option("PLATFORM", o.platform, "The platform, e.g. x, facebook, instagram")->required();
  declare->add_option("HANDLE", o.handle, "The handle, with or without '@'")->required();
  declare->add_option("--as", o.as, "Act as this account (default: the local operator as the complaints unit)");
  declare->callback(commands.Run([options, &globals]() -> Result<void> {
    Options& o = *options;
    DOCKET_TRY_ASSIGN(PostCommand command, OpenPosts(globals, o, Who::kOperator));
    DOCKET_TRY(command.posts->DeclareHandle(command.actor, o.member, o.platform, o.handle));
    std::cout << fmt::format("member {} declared @{} on {}\n", o.member, domain::NormaliseHandle(o.handle), o.platform);
    return Ok();
  }));
}

}  // namespace docket::cli
