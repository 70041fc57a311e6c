// Social-media posts as evidence: importing them in bulk (deduplicated,
// hashed, triaged, kept with their provenance), the triage queue, attaching
// posts to cases, and linking the accounts that wrote them to members.
//
// Triage and candidate links are only ever reasons for a person to look: a
// flag never changes a case, and a post belongs to a member only through an
// account the member declared or a link a person confirmed (audited).
//
// Who may do what: caseworkers import, triage, attach and decide links;
// oversight reads everything and writes nothing; administrators record
// members' declared handles and nothing else; anyone who may read a case
// (except its parties) reads the posts attached to it, and every such read
// is audited as a read of the case file.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/member_import.hpp"
#include "app/progress.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/post.hpp"
#include "rules/account_link.hpp"
#include "rules/triage.hpp"
#include "store/store.hpp"

namespace docket::app {

/// A post as a file gives it, with the line it starts on and the case or
/// complaint it is evidence for (either may be empty).
struct PostRecord {
  int line = 0;
  domain::Post post;
  std::string case_number;
  std::string complaint_receipt;
};

/// Posts read from a file, and the rows that could not be read.
struct ParsedPosts {
  std::vector<PostRecord> posts;
  std::vector<RowError> errors;
};

/// Checks a post read from a file and fills what docket derives from it:
/// platform lower-cased, handle normalised, canonical URL. kInvalidArgument
/// naming the field ("field 'url': ...").
Result<void> CompletePost(domain::Post& post);

/// Parses a posts CSV. Columns: platform, url, handle, text, captured_by,
/// captured_at, capture_method (required); display_name, posted_at, kind,
/// archive_url, attachments (paths separated by spaces), case, complaint
/// (optional). kInvalidArgument ("FILE:LINE: ...") only when the file as a
/// whole is unreadable. Attachment paths are left in the attachments'
/// file_name for the caller to store.
Result<ParsedPosts> ParsePostsCsv(std::string_view csv_text, std::string_view file_name);

/// What an import did.
struct PostImportReport {
  std::int64_t read = 0;          //!< Good rows read.
  std::int64_t imported = 0;      //!< New posts stored.
  std::int64_t duplicates = 0;    //!< Rows that repeat a post already held (by canonical URL or content).
  std::int64_t flagged = 0;       //!< Imported posts triage flagged for reading first.
  std::int64_t attached = 0;      //!< New links of posts to cases or complaints.
  std::int64_t new_accounts = 0;
  std::int64_t proposed = 0;      //!< Accounts that got candidate members.
  std::vector<RowError> errors;
  std::vector<domain::PostId> ids;  //!< The post of each good row (new or the duplicate's original), in row order.
};

/// A post with who wrote it, as far as anyone has decided.
struct PostView {
  domain::Post post;
  domain::SocialAccount account;
  std::optional<store::MemberLabel> member;  //!< Only for declared or confirmed accounts.
  std::vector<std::string> case_numbers;
  std::vector<std::string> complaint_receipts;
};

/// A candidate member of an account, with who the member is.
struct CandidateView {
  domain::AccountCandidate candidate;
  store::MemberLabel member;
  std::string branch;  //!< Tells namesakes apart at a glance.
};

/// An account with its candidates and the decisions made on it.
struct AccountView {
  domain::SocialAccount account;
  std::optional<store::MemberLabel> member;
  std::vector<CandidateView> candidates;
  std::vector<store::AccountDecision> decisions;
  std::vector<std::string> decided_members;  //!< The membership number of each decision's member.
  std::int64_t posts = 0;
};

/// The access rules above, shared with the HTTP routes' access table.
bool MayReadPosts(const domain::Actor& actor);
bool MayWritePosts(const domain::Actor& actor);

class PostService {
 public:
  /// `triage` and `clock` must outlive the service.
  PostService(store::Store& store, const rules::Triage& triage, const Clock& clock);
  /// A service that reads, attaches and decides links but never triages
  /// (Import and Retriage fail), for commands that need not pay for compiling
  /// the lexicon. `lexicon` and `clock` must outlive the service.
  PostService(store::Store& store, const domain::Lexicon& lexicon, const Clock& clock);

  /// Stores the posts of a file, in one transaction: each post deduplicated
  /// (canonical URL, kind and handle, or content hash), triaged, its account
  /// found or created (and linked at once when a member declared the
  /// handle), attached to the named case or complaint. kAllOrNothing writes
  /// nothing when any row is bad; kPartial writes the good rows and lists
  /// the rest. Then proposes candidate members for the new unlinked accounts.
  /// One audit record for the import, and one per case that gained posts.
  Result<PostImportReport> Import(const domain::Actor& actor, ParsedPosts parsed, ImportMode mode,
                                  std::string_view source, const Progress& progress = {});

  /// The triage queue (or a case's, an account's or a member's posts),
  /// highest priority first. Audited.
  Result<std::vector<PostView>> List(const domain::Actor& actor, const store::PostQuery& query);
  /// One post with its provenance, flags, account and links. Audited.
  Result<PostView> Show(const domain::Actor& actor, domain::PostId id);
  /// The posts attached to a case: a read of the case file, authorised per case and audited.
  Result<std::vector<PostView>> OfCase(const domain::Actor& actor, std::string_view case_number);
  /// Attaches posts to a case (audited on the case); kNotFound naming a missing post or case.
  Result<std::int64_t> Attach(const domain::Actor& actor, std::string_view case_number,
                              const std::vector<domain::PostId>& posts);

  /// Accounts in id order after `after`, optionally only those with this link state.
  Result<std::vector<AccountView>> Accounts(const domain::Actor& actor, std::optional<domain::AccountLink> link,
                                            domain::AccountId after, int limit);
  /// One account with candidates, decisions and how many posts it wrote. Audited.
  Result<AccountView> Account(const domain::Actor& actor, domain::AccountId id);
  /// Proposes candidates for every unlinked account (or only `only`),
  /// leaving out members already rejected for it. Returns how many accounts got any.
  Result<std::int64_t> Propose(const domain::Actor& actor, std::optional<domain::AccountId> only = std::nullopt);
  /// A person confirms that an unlinked account belongs to a member, with
  /// the reason (at least 10 characters). Audited. kFailedPrecondition when
  /// the account is already linked.
  Result<AccountView> Confirm(const domain::Actor& actor, domain::AccountId id, std::string_view membership_number,
                              std::string_view reason);
  /// A person rejects a candidate (or undoes a confirmed link to this
  /// member), with the reason. Audited.
  Result<AccountView> Reject(const domain::Actor& actor, domain::AccountId id, std::string_view membership_number,
                             std::string_view reason);
  /// Records that a member declared a handle; an account already held for it
  /// is linked to the member at once. Audited.
  Result<void> DeclareHandle(const domain::Actor& actor, std::string_view membership_number,
                             std::string_view platform, std::string_view handle);
  /// Re-runs triage over every post with the current lexicon (after a new
  /// version); returns how many posts changed. Audited.
  Result<std::int64_t> Retriage(const domain::Actor& actor, const Progress& progress = {});

  /// The lexicon flags are shown with.
  const domain::Lexicon& lexicon() const { return lexicon_; }

 private:
  Result<void> RequireTriage() const;
  void Assess(domain::Post& post) const;
  Result<const rules::MemberNameIndex*> Index(store::Transaction& tx);
  Result<std::int64_t> ProposeIn(store::Transaction& tx, const domain::Actor& actor,
                                 const std::vector<domain::AccountId>& accounts);
  Result<PostView> ViewOf(store::Transaction& tx, domain::Post post);
  Result<AccountView> AccountViewOf(store::Transaction& tx, domain::AccountId id);

  store::Store& store_;
  const Clock& clock_;
  const rules::Triage* triage_;  //!< Null for a service that never triages.
  const domain::Lexicon& lexicon_;
  std::mutex index_mutex_;
  std::unique_ptr<rules::MemberNameIndex> index_;
  std::int64_t index_members_ = -1;  //!< The member count the index was built at.
};

}  // namespace docket::app
