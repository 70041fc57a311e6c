#include "app/demo_posts.hpp"

#include <fmt/format.h>

namespace docket::app {
namespace {

std::string Lower(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

// One post of the demo file: who wrote it, what it says, and where it goes.
struct Template {
  int author;  // Index into the authors below.
  domain::PostKind kind;
  const char* path;  // Appended to the author's profile address.
  const char* text;
  int days_ago;
  bool to_case;
};

// Posts of the authors below. Authors 0-2 are members' look-alike accounts;
// 3-5 are not members. The respondent's first post comes twice, the second
// time with a sharing link's tracking parameters: one post, two captures.
constexpr Template kTemplates[] = {
    {0, domain::PostKind::kPost, "/status/7301", "Funny how the Zios always get their way in this party.", 40, true},
    {0, domain::PostKind::kPost, "/status/7301?s=20&t=Ab3xYz", "Funny how the Zios always get their way in this party.", 40, true},
    {0, domain::PostKind::kPost, "/status/7342", "The Jews own the banks and the media, and they pull every string in Westminster.", 33, true},
    {0, domain::PostKind::kReply, "/status/7388", "The Holocaust has been wildly exaggerated to shut down debate.", 21, true},
    {1, domain::PostKind::kPost, "/status/5120", "Israel's army is no different from the Nazis. Same methods, same aims.", 30, false},
    {1, domain::PostKind::kPost, "/status/5177", "Their first loyalty is to Israel, never to this country.", 18, false},
    {3, domain::PostKind::kPost, "/status/9911", "Every synagogue in Leeds should answer for what Israel does in Gaza.", 12, false},
    {3, domain::PostKind::kShare, "/status/9935", "Funny how the Zios always get their way in this party.", 11, false},
    {2, domain::PostKind::kPost, "/status/4410",
     "The Israeli government's settlement expansion breaks international law, and our government should say so.", 25, false},
    {4, domain::PostKind::kPost, "/status/2001",
     "Survivors and schoolchildren gathered at the Holocaust memorial in Leeds on Sunday.", 9, false},
    {5, domain::PostKind::kPost, "/status/3003",
     "Today someone called me a 'Zio' in the council chamber. This is antisemitic abuse and I have reported it.", 8, false},
    {3, domain::PostKind::kPost, "/status/9950", "The Rothschilds fund both sides of every war.", 6, false},
};

}  // namespace

Result<PostImportReport> GenerateDemoPosts(store::Store& store, PostService& posts, const domain::Actor& actor,
                                           Instant now) {
  std::string case_number;
  domain::Member respondent, second, declared;
  {
    DOCKET_TRY_ASSIGN(auto tx, store.Begin(store::TransactionMode::kRead));
    store::CaseQuery query;
    query.category = "antisemitism";
    query.limit = 50;
    DOCKET_TRY_ASSIGN(auto open, tx->Cases().List(query));
    for (const store::CaseSummary& row : open) {
      DOCKET_TRY_ASSIGN(domain::Case c, tx->Cases().Find(row.id));
      if (c.respondents.empty() || !c.respondents.front().member) continue;
      case_number = c.number;
      DOCKET_TRY_ASSIGN(respondent, tx->Members().Find(*c.respondents.front().member));
      break;
    }
    if (case_number.empty()) {
      return Fail(ErrorCode::kFailedPrecondition, "the demo has no open antisemitism case with a member as respondent");
    }
    // Two other members, away from the respondent.
    const std::int64_t base = respondent.id.value > 20 ? 3 : respondent.id.value + 3;
    DOCKET_TRY_ASSIGN(second, tx->Members().Find(MemberId{base}));
    DOCKET_TRY_ASSIGN(declared, tx->Members().Find(MemberId{base + 4}));
  }

  struct Author {
    std::string handle;
    std::string display_name;
  };
  const Author authors[] = {
      {Lower(respondent.given_name) + Lower(respondent.family_name) + "_84",
       respondent.given_name + " " + respondent.family_name},
      {Lower(second.given_name.substr(0, 1)) + Lower(second.family_name),
       second.given_name.substr(0, 1) + ". " + second.family_name},
      {Lower(declared.family_name) + "_official", declared.given_name + " " + declared.family_name},
      {"truthseeker_1948", "Truth Seeker"},
      {"leeds_evening_news", "Leeds Evening News"},
      {"cllr_ruth_cohen", "Cllr Ruth Cohen"},
  };
  DOCKET_TRY(posts.DeclareHandle(actor, declared.membership_number, "x", authors[2].handle));

  ParsedPosts parsed;
  int line = 0;
  for (const Template& t : kTemplates) {
    PostRecord row;
    row.line = ++line;
    domain::Post& post = row.post;
    post.platform = "x";
    post.handle = authors[t.author].handle;
    post.display_name = authors[t.author].display_name;
    post.url = fmt::format("https://x.com/{}{}", post.handle, t.path);
    post.kind = t.kind;
    post.text = t.text;
    post.posted_at = now.AddSeconds(-t.days_ago * kSecondsPerDay);
    post.provenance.captured_by = "aoife.byrne";
    post.provenance.captured_at = now.AddSeconds(-(t.days_ago - 1) * kSecondsPerDay);
    post.provenance.method = t.author < 3 ? "screenshot" : "platform export";
    if (t.to_case) post.provenance.archive_url = "https://web.archive.org/web/2026/" + post.url;
    post.provenance.source = fmt::format("demo:{}", line);
    if (t.to_case) row.case_number = case_number;
    DOCKET_TRY(CompletePost(post));
    parsed.posts.push_back(std::move(row));
  }
  return posts.Import(actor, std::move(parsed), ImportMode::kAllOrNothing, "demo posts");
}

}  // namespace docket::app
