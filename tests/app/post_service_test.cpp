// Social-media evidence through the use case: import (dedupe, triage,
// provenance, all-or-nothing and partial), who may do what, the posts of a
// case as part of its file, and links from accounts to members that only a
// person makes.
#include "app/post_service.hpp"

#include <gtest/gtest.h>

#include "app/directory.hpp"
#include "app/intake_service.hpp"
#include "test_world.hpp"

namespace docket::app {
namespace {

using testing::TestWorld;

// A small lexicon of our own, so these tests do not move when the published one does.
domain::Lexicon TestLexicon() {
  domain::Lexicon lexicon;
  lexicon.name = "test lexicon";
  lexicon.version = "t.1";
  lexicon.categories = {{"conduct-epithet", "Epithets", "Conduct guidance"}};
  lexicon.patterns = {{"epithet-zio", "conduct-epithet", "\\bzios?\\b", 5, "An epithet."}};
  lexicon.contexts = {{"context-called", "\\bcalled me\\b", "The post reports abuse."}};
  return lexicon;
}

PostRecord Row(int line, std::string url, std::string handle, std::string text, std::string display_name = "") {
  PostRecord row;
  row.line = line;
  row.post.platform = "x";
  row.post.url = std::move(url);
  row.post.handle = std::move(handle);
  row.post.display_name = std::move(display_name);
  row.post.text = std::move(text);
  row.post.provenance = {"rachel.levy", *Instant::Parse("2026-03-02T09:00:00Z"), "screenshot", "", "test:" + std::to_string(line)};
  EXPECT_TRUE(CompletePost(row.post)) << "row " << line;
  return row;
}

class PostServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = std::make_unique<TestWorld>(::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto triage = rules::Triage::Create(TestLexicon());
    ASSERT_TRUE(triage) << triage.error().message;
    triage_ = std::make_unique<rules::Triage>(std::move(*triage));
    {
      auto tx = world_->store->Begin(store::TransactionMode::kWrite);
      for (auto [number, given, family] : std::vector<std::tuple<std::string, std::string, std::string>>{
               {"A0000001", "Jon", "Smith"}, {"A0000002", "Siobhán", "O'Brien"}, {"A0000003", "Priya", "Natarajan"}}) {
        domain::Member m;
        m.membership_number = number;
        m.given_name = given;
        m.family_name = family;
        m.branch = "Leeds";
        m.joined_on = Date::FromYmd(2010, 1, 1);
        auto id = (*tx)->Members().Insert(m);
        ASSERT_TRUE(id) << id.error().message;
        members_.push_back(*id);
      }
      ASSERT_TRUE((*tx)->Commit());
    }
    for (auto [name, role] : std::vector<std::pair<std::string, std::string>>{{"cw", "caseworker"},
                                                                             {"over", "oversight"},
                                                                             {"admin", "administrator"},
                                                                             {"inv", "investigator"},
                                                                             {"leader", "political_office"}}) {
      ASSERT_TRUE(AddUser(*world_->store, world_->policy, store::User::Named(name, name, role)));
    }
    IntakeService intake(*world_->store, *world_->workflow, world_->clock, SystemRandomDigits);
    ComplaintInput input;
    input.category = "antisemitism";
    input.description = "Abusive posts on X about Jewish members.";
    input.occurred_on = "2026-03-01";
    input.complainant = domain::Complainant{"Ruth Cohen", "ruth@example.org", std::nullopt};
    input.respondents = {{"Jon Smith", "A0000001", std::nullopt}};
    auto receipt = intake.Submit(input);
    ASSERT_TRUE(receipt) << receipt.error().message;
    receipt_ = *receipt;
    posts_ = std::make_unique<PostService>(*world_->store, *triage_, world_->clock);
  }

  domain::Actor As(const std::string& username) { return *ActorFor(*world_->store, world_->policy, username); }

  std::int64_t Count(const std::string& sql_table) {
    auto tx = world_->store->Begin(store::TransactionMode::kRead);
    if (sql_table == "posts") return *(*tx)->Posts().Count();
    return -1;
  }

  std::vector<domain::AuditRecord> AuditOf(const std::string& actor) {
    auto tx = world_->store->Begin(store::TransactionMode::kRead);
    return *(*tx)->Audit().ForActor(actor, 100);
  }

  std::unique_ptr<TestWorld> world_;
  std::unique_ptr<rules::Triage> triage_;
  std::unique_ptr<PostService> posts_;
  std::vector<MemberId> members_;
  Receipt receipt_;
};

TEST_F(PostServiceTest, AnImportDeduplicatesByCanonicalAddressAndByContentAndTriagesEachNewPost) {
  ParsedPosts parsed;
  parsed.posts.push_back(Row(1, "https://x.com/abuser1/status/1?s=20", "@Abuser1", "You Zio scum"));
  parsed.posts.push_back(Row(2, "https://twitter.com/abuser1/status/1", "abuser1", "You Zio scum (copy)"));
  parsed.posts.push_back(Row(3, "https://x.com/abuser1/status/77", "abuser1", "You  Zio scum"));
  parsed.posts.push_back(Row(4, "https://x.com/victim/status/2", "victim", "He called me a Zio today"));
  parsed.posts.push_back(Row(5, "https://x.com/other/status/3", "other", "Nice weather in Leeds"));
  auto report = posts_->Import(As("cw"), parsed, ImportMode::kAllOrNothing, "posts.jsonl");
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->errors.empty());
  EXPECT_EQ(report->imported, 3);
  EXPECT_EQ(report->duplicates, 2) << "row 2 by address, row 3 by content";
  EXPECT_EQ(report->ids[1], report->ids[0]);
  EXPECT_EQ(report->ids[2], report->ids[0]);
  EXPECT_EQ(report->flagged, 1) << "the victim's report of abuse is shown but not pushed up the queue";

  auto queue = posts_->List(As("cw"), store::PostQuery{});
  ASSERT_TRUE(queue) << queue.error().message;
  ASSERT_EQ(queue->size(), 3u);
  const PostView& first = queue->front();
  EXPECT_EQ(first.post.handle, "abuser1");
  EXPECT_EQ(first.post.canonical_url, "https://x.com/abuser1/status/1");
  EXPECT_EQ(first.post.lexicon_version, "t.1");
  ASSERT_EQ(first.post.flags.size(), 1u);
  EXPECT_EQ(first.post.flags[0].category_id, "conduct-epithet");
  EXPECT_EQ(first.post.flags[0].pattern_id, "epithet-zio");
  EXPECT_EQ(first.post.flags[0].matched, "Zio");
  EXPECT_EQ(first.post.text.substr(static_cast<std::size_t>(first.post.flags[0].begin), 3), "Zio");
  EXPECT_EQ(first.post.provenance.captured_by, "rachel.levy");
  EXPECT_EQ(first.post.content_hash.size(), 64u);
  const PostView& report_of_abuse = (*queue)[1].post.handle == "victim" ? (*queue)[1] : (*queue)[2];
  ASSERT_EQ(report_of_abuse.post.flags.size(), 1u);
  EXPECT_EQ(report_of_abuse.post.flags[0].discounted_by, "context-called");
  EXPECT_EQ(report_of_abuse.post.priority, 0);

  // Importing the same file again adds nothing.
  auto again = posts_->Import(As("cw"), parsed, ImportMode::kAllOrNothing, "posts.jsonl");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->duplicates, 5);
  EXPECT_EQ(Count("posts"), 3);
  bool audited = false;
  for (const domain::AuditRecord& r : AuditOf("cw")) audited = audited || r.action == "posts.import";
  EXPECT_TRUE(audited);
}

TEST_F(PostServiceTest, ABadRowRefusesTheWholeFileUnlessPartialAndNamesTheLineAndField) {
  ParsedPosts parsed;
  parsed.posts.push_back(Row(1, "https://x.com/a/status/1", "a", "first"));
  PostRecord bad = Row(2, "https://x.com/b/status/2", "b", "second");
  bad.case_number = "2026-999999";
  parsed.posts.push_back(bad);
  parsed.errors.push_back({3, "field 'url': 'nowhere' is not a post's address: it has no scheme (https://...)"});
  auto refused = posts_->Import(As("cw"), parsed, ImportMode::kAllOrNothing, "posts.csv");
  ASSERT_TRUE(refused) << refused.error().message;
  ASSERT_EQ(refused->errors.size(), 1u) << "the file's own errors refuse it before anything is looked up";
  EXPECT_EQ(Count("posts"), 0);

  parsed.errors.clear();
  refused = posts_->Import(As("cw"), parsed, ImportMode::kAllOrNothing, "posts.csv");
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->errors.size(), 1u);
  EXPECT_EQ(refused->errors[0].line, 2);
  EXPECT_NE(refused->errors[0].message.find("field 'case'"), std::string::npos) << refused->errors[0].message;
  EXPECT_EQ(refused->imported, 0);
  EXPECT_EQ(Count("posts"), 0) << "an error found while writing rolls back the rows before it";
  auto tx = world_->store->Begin(store::TransactionMode::kRead);
  EXPECT_TRUE((*tx)->Posts().ListAccounts(std::nullopt, domain::AccountId{}, 10)->empty());
  tx->reset();

  auto partial = posts_->Import(As("cw"), parsed, ImportMode::kPartial, "posts.csv");
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->imported, 1);
  ASSERT_EQ(partial->errors.size(), 1u);
  EXPECT_EQ(Count("posts"), 1);
}

TEST_F(PostServiceTest, OnlyTheComplaintsUnitImportsOversightReadsAndNobodyElseSeesPosts) {
  ParsedPosts parsed;
  parsed.posts.push_back(Row(1, "https://x.com/a/status/1", "a", "Zio"));
  for (const char* who : {"over", "admin", "inv", "leader"}) {
    auto refused = posts_->Import(As(who), parsed, ImportMode::kPartial, "posts.csv");
    ASSERT_FALSE(refused) << who;
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied) << who;
  }
  ASSERT_TRUE(posts_->Import(As("cw"), parsed, ImportMode::kPartial, "posts.csv"));
  EXPECT_TRUE(posts_->List(As("over"), store::PostQuery{}));
  for (const char* who : {"admin", "inv", "leader"}) {
    auto refused = posts_->List(As(who), store::PostQuery{});
    ASSERT_FALSE(refused) << who;
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied) << who;
  }
}

TEST_F(PostServiceTest, PostsAttachedToACaseAreReadAsPartOfItsFileAndEveryReadIsAudited) {
  ParsedPosts parsed;
  PostRecord row = Row(1, "https://x.com/a/status/1", "a", "Zio");
  row.case_number = receipt_.case_number;
  parsed.posts.push_back(row);
  parsed.posts.push_back(Row(2, "https://x.com/a/status/2", "a", "another"));
  auto report = posts_->Import(As("cw"), parsed, ImportMode::kAllOrNothing, "posts.jsonl");
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->attached, 1);
  auto attached = posts_->Attach(As("cw"), receipt_.case_number, {report->ids[1], report->ids[0]});
  ASSERT_TRUE(attached) << attached.error().message;
  EXPECT_EQ(*attached, 1) << "the first was attached by the import";
  auto of_case = posts_->OfCase(As("over"), receipt_.case_number);
  ASSERT_TRUE(of_case) << of_case.error().message;
  ASSERT_EQ(of_case->size(), 2u);
  EXPECT_EQ(of_case->front().case_numbers, std::vector<std::string>{receipt_.case_number});

  auto refused = posts_->OfCase(As("inv"), receipt_.case_number);
  ASSERT_FALSE(refused) << "an investigator sees only assigned cases";
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  bool read = false, refusal = false;
  for (const domain::AuditRecord& r : AuditOf("over")) read = read || (r.action == "posts.read" && r.object_id == receipt_.case_number);
  for (const domain::AuditRecord& r : AuditOf("inv")) refusal = refusal || r.action == "access.refused";
  EXPECT_TRUE(read);
  EXPECT_TRUE(refusal);
  EXPECT_EQ(posts_->Attach(As("cw"), receipt_.case_number, {domain::PostId{999}}).error().code, ErrorCode::kNotFound);
}

TEST_F(PostServiceTest, AnAccountBelongsToAMemberOnlyByDeclarationOrAPersonsConfirmation) {
  ASSERT_TRUE(posts_->DeclareHandle(As("admin"), "A0000003", "X", "@PriyaN"));
  EXPECT_EQ(posts_->DeclareHandle(As("over"), "A0000003", "x", "priya2").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(posts_->DeclareHandle(As("admin"), "A0000003", "my space", "priya2").error().code,
            ErrorCode::kInvalidArgument)
      << "a platform is checked as an imported post's is";
  ParsedPosts parsed;
  parsed.posts.push_back(Row(1, "https://x.com/priyan/status/1", "priyan", "hello"));
  parsed.posts.push_back(Row(2, "https://x.com/shiv_obrien/status/2", "shiv_obrien", "Zio", "Siobhan O'Brien"));
  auto report = posts_->Import(As("cw"), parsed, ImportMode::kAllOrNothing, "posts.jsonl");
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->new_accounts, 1) << "the declared account is linked, not a guess to make";

  auto declared = posts_->Accounts(As("cw"), domain::AccountLink::kDeclared, domain::AccountId{}, 10);
  ASSERT_TRUE(declared);
  ASSERT_EQ(declared->size(), 1u);
  EXPECT_EQ(declared->front().member->membership_number, "A0000003");

  auto unlinked = posts_->Accounts(As("cw"), domain::AccountLink::kNone, domain::AccountId{}, 10);
  ASSERT_TRUE(unlinked);
  ASSERT_EQ(unlinked->size(), 1u);
  const AccountView& shiv = unlinked->front();
  ASSERT_FALSE(shiv.candidates.empty()) << "candidates are proposed at import";
  EXPECT_EQ(shiv.candidates.front().member.membership_number, "A0000002");
  EXPECT_FALSE(shiv.candidates.front().candidate.reasons.empty());
  store::PostQuery of_member;
  of_member.member = members_[1];
  EXPECT_TRUE(posts_->List(As("cw"), of_member)->empty()) << "a candidate is not a link";

  EXPECT_EQ(posts_->Confirm(As("cw"), shiv.account.id, "A0000002", "yes").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(posts_->Confirm(As("over"), shiv.account.id, "A0000002", "the member said so at interview").error().code,
            ErrorCode::kPermissionDenied);
  auto confirmed = posts_->Confirm(As("cw"), shiv.account.id, "A0000002", "the member said so at interview");
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(confirmed->account.link, domain::AccountLink::kConfirmed);
  EXPECT_TRUE(confirmed->candidates.empty());
  EXPECT_EQ(posts_->List(As("cw"), of_member)->size(), 1u);
  EXPECT_EQ(posts_->Confirm(As("cw"), shiv.account.id, "A0000001", "another guess entirely").error().code,
            ErrorCode::kFailedPrecondition);

  // Undoing the link records the rejection, and the member is never proposed for the account again.
  auto undone = posts_->Reject(As("cw"), shiv.account.id, "A0000002", "confirmed by mistake");
  ASSERT_TRUE(undone) << undone.error().message;
  EXPECT_EQ(undone->account.link, domain::AccountLink::kNone);
  ASSERT_EQ(undone->decisions.size(), 2u);
  ASSERT_TRUE(posts_->Propose(As("cw")));
  auto after = posts_->Account(As("cw"), shiv.account.id);
  ASSERT_TRUE(after);
  for (const CandidateView& c : after->candidates) EXPECT_NE(c.member.membership_number, "A0000002");
  std::vector<std::string> actions;
  for (const domain::AuditRecord& r : AuditOf("cw")) actions.push_back(r.action);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "account.link.confirm"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "account.link.undo"), actions.end());
}

}  // namespace
}  // namespace docket::app
