// Storage for social-media evidence: posts with their provenance,
// attachments and triage flags, the cases and complaints they belong to,
// the accounts that wrote them, members' declared handles, proposed
// candidates and people's decisions on them. Reached through
// Transaction::Posts(); no backend type appears here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/post.hpp"

namespace docket::store {

/// Filters for the post list, ordered by triage priority (highest first), then id.
struct PostQuery {
  std::optional<CaseId> case_id;       //!< Only posts attached to this case.
  std::optional<domain::AccountId> account;
  std::optional<MemberId> member;      //!< Only posts of accounts declared by or confirmed for this member.
  bool flagged_only = false;           //!< Only posts with a priority above 0.
  int limit = 50;
  std::optional<std::pair<int, domain::PostId>> after;  //!< Resume after this (priority, id).
};

/// A member's names, for proposing candidates for accounts.
struct MemberNameParts {
  MemberId id;
  std::string given_name;
  std::string family_name;
  std::vector<std::string> aliases;
};

/// Where a post is evidence.
struct PostLink {
  domain::PostId post;
  std::optional<CaseId> case_id;
  std::optional<ComplaintId> complaint;
  std::string linked_by;
  Instant at;
};

enum class LinkDecision { kConfirmed, kRejected };

/// A person's decision on a candidate link.
struct AccountDecision {
  domain::AccountId account;
  MemberId member;
  LinkDecision decision = LinkDecision::kConfirmed;
  std::string reason;
  std::string decided_by;
  Instant at;
};

class PostRepository {
 public:
  virtual ~PostRepository() = default;

  /// The post already held with the same canonical URL, kind and handle, or
  /// the same content hash; nullopt when the post is new.
  virtual Result<std::optional<domain::PostId>> FindDuplicate(const domain::Post& post) = 0;
  /// Stores a post (its account set) with its attachments and flags.
  virtual Result<domain::PostId> Insert(const domain::Post& post) = 0;
  /// kNotFound naming the id.
  virtual Result<domain::Post> Find(domain::PostId id) = 0;
  virtual Result<std::vector<domain::Post>> List(const PostQuery& query) = 0;
  virtual Result<std::int64_t> Count() = 0;
  /// How many posts one account has, without reading them.
  virtual Result<std::int64_t> CountOfAccount(domain::AccountId account) = 0;
  /// Rewrites a post's triage (priority, lexicon version, flags).
  virtual Result<void> SetTriage(const domain::Post& post) = 0;

  /// Attaches a post to a case or complaint; attaching twice changes nothing (returns false).
  virtual Result<bool> Link(const PostLink& link) = 0;
  virtual Result<std::vector<PostLink>> LinksOf(domain::PostId post) = 0;

  /// The account with this platform and (normalised) handle, created when
  /// new; a newer display name replaces the stored one.
  virtual Result<domain::SocialAccount> PutAccount(std::string_view platform, std::string_view handle,
                                                   std::string_view display_name) = 0;
  /// kNotFound naming the id.
  virtual Result<domain::SocialAccount> FindAccount(domain::AccountId id) = 0;
  /// Accounts in id order after `after`, optionally only those with this link state.
  virtual Result<std::vector<domain::SocialAccount>> ListAccounts(std::optional<domain::AccountLink> link,
                                                                  domain::AccountId after, int limit) = 0;
  /// Sets who an account belongs to (kNone clears the member).
  virtual Result<void> SetAccountLink(domain::AccountId id, domain::AccountLink link, std::optional<MemberId> member,
                                      std::string_view decided_by, Instant at) = 0;
  /// Replaces the proposed candidates of an account, kept in the order given.
  virtual Result<void> ReplaceCandidates(domain::AccountId id,
                                         const std::vector<domain::AccountCandidate>& candidates) = 0;
  /// Proposed candidates, in the order they were proposed (best first).
  virtual Result<std::vector<domain::AccountCandidate>> Candidates(domain::AccountId id) = 0;
  virtual Result<std::int64_t> AddDecision(const AccountDecision& decision) = 0;
  /// Decisions on an account, oldest first.
  virtual Result<std::vector<AccountDecision>> Decisions(domain::AccountId id) = 0;

  /// Records that a member declared a handle; kAlreadyExists naming the owner when another member declared it.
  virtual Result<void> DeclareHandle(MemberId member, std::string_view platform, std::string_view handle,
                                     Instant at) = 0;
  /// The member who declared this handle, if any.
  virtual Result<std::optional<MemberId>> DeclaredOwner(std::string_view platform, std::string_view handle) = 0;
  /// Every member's names (a full scan, in id order).
  virtual Result<void> ScanMemberNames(const std::function<void(MemberNameParts&&)>& each) = 0;
};

}  // namespace docket::store
