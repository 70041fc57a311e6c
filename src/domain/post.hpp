// Social-media posts taken as evidence: what a post said, where and when,
// who captured it and how, and the accounts that wrote them. A post never
// belongs to a member on a guess: only an account a member declared, or a
// link a person confirmed, attaches its posts to that member.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace docket::domain {

using PostId = Id<struct PostTag>;
using AccountId = Id<struct AccountTag>;

enum class PostKind { kPost, kReply, kShare, kLike };

std::string_view Name(PostKind kind);
/// nullopt when the text names no kind.
std::optional<PostKind> ParsePostKind(std::string_view text);

//! A stored file that came with a post (a screenshot, an image), kept under its SHA-256.
struct PostAttachment {
  std::string file_name;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
};

//! Who captured a post, when, how, and where an archived copy is.
struct Provenance {
  std::string captured_by;
  Instant captured_at;
  std::string method;       //!< e.g. "screenshot", "platform export", "archive.org".
  std::string archive_url;  //!< An archived copy; may be empty.
  std::string source;       //!< Where docket read it: "FILE:LINE" of an import, or "api".
};

//! One flag of triage, as stored with the post: what to read and why.
struct PostFlag {
  std::string category_id;
  std::string category_title;
  std::string pattern_id;
  std::string pattern;
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::string matched;
  std::string discounted_by;  //!< Empty unless the post reports or condemns what it quotes.
};

struct Post {
  PostId id;
  std::string platform;       //!< Lower case: "x", "facebook", "instagram"...
  std::string url;            //!< As captured.
  std::string canonical_url;  //!< Tracking parameters stripped, host case-folded (CanonicalUrl).
  std::string handle;         //!< Without the leading '@'.
  std::string display_name;
  std::optional<Instant> posted_at;
  std::string text;
  PostKind kind = PostKind::kPost;
  std::vector<PostAttachment> attachments;
  Provenance provenance;
  std::string content_hash;   //!< SHA-256 of platform, handle, kind and text (ContentKey).
  AccountId account;          //!< Set once stored.
  // Triage, recomputed whenever the lexicon changes; never a decision.
  int priority = 0;
  std::string lexicon_version;
  std::vector<PostFlag> flags;
};

/// The URL a post is known by: scheme and host lower-cased, default port,
/// fragment and tracking parameters (utm_*, fbclid, gclid, igshid, si, s, t,
/// ref, ref_src, ref_url, mc_cid, mc_eid, share, mibextid...) dropped, "www."
/// and "mobile."/"m." prefixes removed, a trailing slash removed from the path.
/// kInvalidArgument when the text is not an http(s) URL with a host.
Result<std::string> CanonicalUrl(std::string_view url);

/// What two captures of the same post share, hashed by the caller: the
/// platform, the handle folded to lower case, the kind, and the text with
/// runs of white space made single spaces and trimmed.
std::string ContentKey(const Post& post);

/// A handle as docket compares it: without '@', lower case.
std::string NormaliseHandle(std::string_view handle);

//! How an account came to belong to a member.
enum class AccountLink { kNone, kDeclared, kConfirmed };
std::string_view Name(AccountLink link);
/// nullopt when the text is not one of none, declared, confirmed.
std::optional<AccountLink> ParseAccountLink(std::string_view text);

//! An account on a platform that wrote posts docket holds.
struct SocialAccount {
  AccountId id;
  std::string platform;
  std::string handle;  //!< Normalised (NormaliseHandle).
  std::string display_name;
  AccountLink link = AccountLink::kNone;
  std::optional<MemberId> member;  //!< Set only when link is kDeclared or kConfirmed.
  std::string decided_by;
  std::optional<Instant> decided_at;
};

//! A candidate member for an unlinked account, as proposed (never a decision).
struct AccountCandidate {
  AccountId account;
  MemberId member;
  double score = 0;
  std::vector<std::string> reasons;
};

}  // namespace docket::domain
