// The storage interfaces. Every use case runs in one Transaction: it reads
// and writes through the repositories, then commits; a transaction that is
// destroyed without Commit() rolls back, so a failure leaves nothing
// half-written. Backends (sqlite/, later postgres/) implement these without
// any backend type reaching this header.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/audit.hpp"
#include "domain/case.hpp"
#include "domain/complaint.hpp"
#include "domain/conflicts.hpp"
#include "domain/member.hpp"
#include "domain/sanction.hpp"
#include "store/reporting_repositories.hpp"
#include "store/platform_repository.hpp"
#include "store/post_repository.hpp"

namespace docket::store {

/// A docket account. Roles are policy role ids.
struct User {
  UserId id;
  std::string username;
  std::string display_name;
  std::string role;
  std::optional<MemberId> member;  //!< Set for respondents and complainants who are members.
  bool active = true;
  std::string password_hash;       //!< argon2id string; empty = no password set (cannot log in).
  std::string totp_key_hex;        //!< The second factor's key; empty = not enrolled.
  bool totp_enabled = false;       //!< Set once the user has proved a code from the key.
  int failed_logins = 0;           //!< Consecutive failures since the last success.
  Instant locked_until;            //!< No login attempt is considered before this instant.

  /// An active account with no credentials yet.
  static User Named(std::string username, std::string display_name, std::string role,
                    std::optional<MemberId> member = std::nullopt) {
    User user;
    user.username = std::move(username);
    user.display_name = std::move(display_name);
    user.role = std::move(role);
    user.member = member;
    return user;
  }
};

/// A signed-in browser session. Only the SHA-256 of the token is stored.
struct Session {
  std::string token_hash;
  UserId user;
  std::string csrf_token;
  Instant created_at;
  Instant expires_at;
  std::string origin;
};

/// A long-lived API token for scripts and integrations; stored hashed, shown once.
struct ApiToken {
  std::int64_t id = 0;
  UserId user;
  std::string name;
  std::string token_hash;
  std::vector<std::string> scopes;
  Instant created_at;
  std::optional<Instant> revoked_at;
};

/// Filters for the case queue. Results are ordered by urgency: the earliest
/// deadline first, cases without a running deadline last, then by id.
struct CaseQuery {
  std::optional<std::string> stage;
  std::vector<std::string> stages;  //!< When not empty, only cases in one of these stages.
  std::optional<std::string> category;
  std::optional<std::string> assignee;
  bool open_only = true;
  std::optional<Instant> due_before;  //!< Only cases whose deadline is before this instant (overdue).
  std::optional<domain::PanelSeat> seated;  //!< Only cases where this user holds this kind of seat.
  std::optional<MemberId> respondent;       //!< Only cases in which this member is a respondent.
  int limit = 50;
  /// Resume after this (due_at, id) position, from the last row of the previous page.
  std::optional<std::pair<std::optional<Instant>, CaseId>> after;
};

/// A row of the case queue.
struct CaseSummary {
  CaseId id;
  std::string number;
  std::string category;
  std::string stage;
  std::optional<std::string> waiting;
  std::string assignee;
  Instant opened_at;
  Instant stage_entered_at;
  std::optional<Instant> due_at;
  std::string respondent_names;  //!< Comma-separated.
  bool interim_suspension = false;
};

/// An interim suspension in force, for the review list.
struct InterimSuspensionRow {
  CaseId case_id;
  std::string case_number;
  Instant imposed_at;
  Date review_due;
};

class MemberRepository {
 public:
  virtual ~MemberRepository() = default;
  /// Stores a member with its aliases, offices and status history; kAlreadyExists on a taken membership number.
  virtual Result<MemberId> Insert(const domain::Member& member) = 0;
  virtual Result<domain::Member> Find(MemberId id) = 0;
  /// kNotFound naming the number.
  virtual Result<domain::Member> FindByNumber(std::string_view membership_number) = 0;
  virtual Result<std::int64_t> Count() = 0;
};

class ComplaintRepository {
 public:
  virtual ~ComplaintRepository() = default;
  /// Stores a complaint and its respondents; kAlreadyExists on a taken receipt.
  virtual Result<ComplaintId> Insert(const domain::Complaint& complaint) = 0;
  virtual Result<domain::Complaint> Find(ComplaintId id) = 0;
  virtual Result<domain::Complaint> FindByReceipt(std::string_view receipt) = 0;
  virtual Result<std::vector<domain::Complaint>> ForCase(CaseId id) = 0;
};

class CaseRepository {
 public:
  virtual ~CaseRepository() = default;
  /// The next case number of a year, "YYYY-NNNNNN", unique and gap-free within the transaction's commit.
  virtual Result<std::string> NextNumber(int year) = 0;
  /// Stores a new case (version 1) with its respondents. `due_at` is the urgency key.
  virtual Result<CaseId> Insert(const domain::Case& c, std::optional<Instant> due_at) = 0;
  virtual Result<domain::Case> Find(CaseId id) = 0;
  virtual Result<domain::Case> FindByNumber(std::string_view number) = 0;
  /// Writes `c` if the stored version is still c.version, and bumps it;
  /// kConflict when someone else changed the case first.
  virtual Result<void> Update(const domain::Case& c, std::optional<Instant> due_at) = 0;
  virtual Result<std::vector<CaseSummary>> List(const CaseQuery& query) = 0;
  /// Open cases of a category in which the member is a respondent.
  virtual Result<std::vector<CaseId>> OpenCasesOfRespondent(MemberId member, std::string_view category) = 0;
  virtual Result<std::int64_t> AppendEvent(const domain::CaseEvent& event) = 0;
  virtual Result<std::vector<domain::CaseEvent>> Events(CaseId id) = 0;
  /// Open cases per stage, for dashboards and metrics.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> CountOpenByStage() = 0;
  /// Interim suspensions whose review date is on or before `date`.
  virtual Result<std::vector<InterimSuspensionRow>> InterimReviewsDue(Date date) = 0;
};

class SanctionRepository {
 public:
  virtual ~SanctionRepository() = default;
  virtual Result<SanctionId> Insert(const domain::Sanction& sanction) = 0;
  virtual Result<std::vector<domain::Sanction>> ForMember(MemberId member) = 0;
  virtual Result<std::vector<domain::Sanction>> ForCase(CaseId id) = 0;
  /// Ends the open interim suspensions of a case on `date`.
  virtual Result<void> EndInterim(CaseId id, Date date) = 0;
  /// Marks every non-interim sanction of a case overturned.
  virtual Result<void> OverturnForCase(CaseId id, Instant at, std::string_view reason) = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  /// kAlreadyExists when the user name is taken.
  virtual Result<UserId> Insert(const User& user) = 0;
  virtual Result<User> FindByUsername(std::string_view username) = 0;
  virtual Result<User> Find(UserId id) = 0;
  virtual Result<std::vector<User>> List() = 0;
  /// Writes every mutable field (display name, role, member, active, credentials, lockout).
  virtual Result<void> Update(const User& user) = 0;
  virtual Result<std::int64_t> AddInterest(const domain::Interest& interest) = 0;
  virtual Result<std::vector<domain::Interest>> Interests(std::string_view username) = 0;
  /// kNotFound when the user has no such interest.
  virtual Result<void> RemoveInterest(std::string_view username, std::int64_t id) = 0;
};

/// A recorded step-aside from a case.
struct Recusal {
  std::int64_t id = 0;
  CaseId case_id;
  std::string username;
  std::string reason;
  Instant at;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Result<void> Insert(const Session& session) = 0;
  /// kNotFound when no session has this token hash.
  virtual Result<Session> Find(std::string_view token_hash) = 0;
  virtual Result<void> Extend(std::string_view token_hash, Instant expires_at) = 0;
  virtual Result<void> Delete(std::string_view token_hash) = 0;
  /// Ends every session of a user (password reset, role change, disabling).
  virtual Result<void> DeleteForUser(UserId user) = 0;
};

class ApiTokenRepository {
 public:
  virtual ~ApiTokenRepository() = default;
  virtual Result<std::int64_t> Insert(const ApiToken& token) = 0;
  /// kNotFound when no token has this hash (revoked ones are still found; check revoked_at).
  virtual Result<ApiToken> FindByHash(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ForUser(UserId user) = 0;
  virtual Result<void> Revoke(std::int64_t id, Instant at) = 0;
};

/// Counters in fixed time windows, shared by every server process on the database.
class RateLimitRepository {
 public:
  virtual ~RateLimitRepository() = default;
  /// Counts one hit for `key` in the window containing `now` and returns the count so far in it.
  virtual Result<std::int64_t> Hit(std::string_view key, Instant now, int window_seconds) = 0;
};

/// The tamper-evident log of every read and write of a case file.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  /// Appends at the end of the chain, filling seq, prev_hash and hash; returns the stored record.
  virtual Result<domain::AuditRecord> Append(domain::AuditRecord record) = 0;
  /// Records with seq > after, in chain order, at most `limit`.
  virtual Result<std::vector<domain::AuditRecord>> Scan(std::int64_t after, int limit) = 0;
  /// The newest records about one object, newest first.
  virtual Result<std::vector<domain::AuditRecord>> ForObject(std::string_view type, std::string_view id, int limit) = 0;
  /// The newest records of one actor, newest first.
  virtual Result<std::vector<domain::AuditRecord>> ForActor(std::string_view actor, int limit) = 0;
};

/// Which party a message thread is with.
enum class Party { kComplainant, kRespondent };

/// A message between the complaints unit and a party.
struct Message {
  std::int64_t id = 0;
  CaseId case_id;
  std::optional<ComplaintId> complaint;  //!< The complainant's complaint, for complainant threads.
  Party party = Party::kComplainant;
  std::string author;       //!< User name, or "complainant".
  std::string author_role;
  std::string body;
  Instant at;
};

/// An internal note on a case, never shown to the parties.
struct Note {
  std::int64_t id = 0;
  CaseId case_id;
  std::string author;
  std::string body;
  Instant at;
};

/// A file of evidence, stored on disk under its SHA-256.
struct Evidence {
  std::int64_t id = 0;
  CaseId case_id;
  std::string file_name;     //!< As uploaded, sanitised; used only in Content-Disposition.
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::string uploaded_by;
  Instant at;
  bool disclosed = false;    //!< Disclosed to the respondent.
};

class CaseFileRepository {
 public:
  virtual ~CaseFileRepository() = default;
  virtual Result<std::int64_t> AddMessage(const Message& message) = 0;
  /// A party's thread on a case, oldest first; for complainants, only their complaint's messages.
  virtual Result<std::vector<Message>> Messages(CaseId id, Party party, std::optional<ComplaintId> complaint) = 0;
  virtual Result<std::int64_t> AddNote(const Note& note) = 0;
  virtual Result<std::vector<Note>> Notes(CaseId id) = 0;
  virtual Result<std::int64_t> AddEvidence(const Evidence& evidence) = 0;
  virtual Result<Evidence> FindEvidence(std::int64_t id) = 0;
  virtual Result<std::vector<Evidence>> EvidenceOf(CaseId id) = 0;
  virtual Result<void> SetDisclosed(std::int64_t id, bool disclosed) = 0;
  /// The stored SHA-256 of a complaint's secret, for complainant access.
  virtual Result<void> SetComplaintSecret(ComplaintId id, std::string_view secret_hash) = 0;
  virtual Result<std::string> ComplaintSecret(ComplaintId id) = 0;
  /// Seats a user on a case's panel; kAlreadyExists when already seated on it.
  virtual Result<void> Seat(CaseId id, const domain::PanelSeat& seat) = 0;
  virtual Result<void> Unseat(CaseId id, std::string_view username) = 0;
  virtual Result<std::int64_t> AddRecusal(const Recusal& recusal) = 0;
  virtual Result<std::vector<Recusal>> Recusals(CaseId id) = 0;
};

/// Whether a transaction will write; read transactions never take the write lock.
enum class TransactionMode { kRead, kWrite };

/// One unit of work. Destroying it without Commit() rolls it back.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual MemberRepository& Members() = 0;
  virtual ComplaintRepository& Complaints() = 0;
  virtual CaseRepository& Cases() = 0;
  virtual SanctionRepository& Sanctions() = 0;
  virtual UserRepository& Users() = 0;
  virtual AuditRepository& Audit() = 0;
  virtual SessionRepository& Sessions() = 0;
  virtual ApiTokenRepository& ApiTokens() = 0;
  virtual RateLimitRepository& RateLimits() = 0;
  virtual CaseFileRepository& CaseFiles() = 0;
  /// Makes every write durable. kUnavailable when the database is busy.
  virtual Result<void> Commit() = 0;
  /// Events, appearances, name matches and alerts of the platform-sharing rule.
  virtual PlatformRepository& Platform() = 0;
  /// Reports and recommendations of the recommendations tracker.
  virtual RecommendationRepository& Recommendations() = 0;
  /// Read-only streaming scans for statistics.
  virtual StatisticsRepository& Statistics() = 0;
  /// Social-media posts as evidence, their accounts and links to members.
  virtual PostRepository& Posts() = 0;
  /// In work run by Store::Write, a number that stays the same for as long as
  /// nothing but the audit log has changed in the database, whoever changed
  /// it (this process or another): what was read at one value may be served
  /// again while the value holds. Nothing when the store cannot tell (always
  /// outside Write(), and on PostgreSQL, where other servers write unseen).
  virtual std::optional<std::uint64_t> ChangeGeneration() { return std::nullopt; }
};

/// Whether commits wait for the disk (the default) or only for the OS.
enum class Durability { kFull, kNormal };

/// When Store::WriteAsync tells its caller that the work is done.
enum class Acknowledge {
  /// Once the work's writes are on disk (as Write() does).
  kDurable,
  /// For work that reads and appends audit records: once it is committed,
  /// provided nothing but the audit log changed in its batch and every change
  /// it could have read is already on disk; otherwise as kDurable. A
  /// committed record survives the server's crash (the operating system
  /// holds it), and reaches the disk with the flush that follows at once;
  /// only a crash of the machine in between could lose it.
  kCommitted,
};

/// A database. Thread-safe: each Begin() may be called from any thread.
class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) = 0;
  /// `count` read transactions that all see the same committed state, so
  /// that one consistent view can be read on several threads at once (each
  /// transaction on one thread at a time). On SQLite it briefly takes the
  /// write lock, so it must not be called from work run by Write().
  virtual Result<std::vector<std::unique_ptr<Transaction>>> BeginReads(std::size_t count) = 0;
  /// Runs `work` in a write transaction and returns once its writes are
  /// durable, or once it failed and left nothing behind. Concurrent callers'
  /// work may share one commit (group commit), each isolated by a savepoint;
  /// `work` must not call Commit(). Errors: whatever `work` returned, or
  /// kUnavailable when the shared commit failed.
  virtual Result<void> Write(std::function<Result<void>(Transaction&)> work) = 0;
  /// Write() without waiting: queues `work` and returns. `done` is called
  /// once with what Write() would have returned, on one of the store's own
  /// threads once the work is durable (or committed, as `acknowledge` allows)
  /// or failed, or at once on this thread when the store is shutting down.
  /// It must be quick, since other callers' outcomes wait behind it: hand the
  /// outcome to another thread rather than work on it there.
  virtual void WriteAsync(std::function<Result<void>(Transaction&)> work, std::function<void(Result<void>)> done,
                          Acknowledge acknowledge) = 0;
  /// The schema version after migrations.
  virtual int SchemaVersion() const = 0;
  /// A short description for logs: "sqlite:/path/docket.db".
  virtual std::string Describe() const = 0;
};

/// Opens (creating if needed) and migrates the database named by `url`: a
/// path, "sqlite:PATH", or a "postgresql://" URL (the database must exist). kInvalidArgument for an unknown scheme,
/// kUnavailable when it cannot be opened (the message names the path).
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, Durability durability = Durability::kFull);

/// Whether `url` names a PostgreSQL database rather than a SQLite file.
inline bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

/// The file a SQLite `url` (a path or "sqlite:PATH") names; nothing for a PostgreSQL URL.
inline std::optional<std::string_view> SqliteFilePath(std::string_view url) {
  if (IsPostgresUrl(url)) return std::nullopt;
  if (url.starts_with("sqlite:")) url.remove_prefix(7);
  return url;
}

/// Creates the folder of the SQLite file `url` names, so a new database can be
/// made there (commands and serve do, before OpenStore); nothing for
/// PostgreSQL. A folder that cannot be made shows as OpenStore's error.
void CreateDatabaseFolder(std::string_view url);

}  // namespace docket::store
