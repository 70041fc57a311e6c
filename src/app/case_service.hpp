// Case use cases: the queue, one case in full, and taking an action. Each
// write runs in one transaction: authorise against the object, decide in the
// domain, write, append to the audit log, commit. Every read of a case file
// is on the audit log before the file is returned, and every refused attempt
// is recorded too.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/complaint.hpp"
#include "domain/workflow.hpp"
#include "store/store.hpp"

namespace docket::app {

/// A case as one actor may see it.
struct CaseView {
  domain::Case c;
  /// Shared with the file it was made from (never null): the history is the same for every reader.
  std::shared_ptr<const std::vector<domain::CaseEvent>> events;
  std::vector<domain::Complaint> complaints;  //!< Anonymous complainants' identities removed.
  std::vector<domain::Sanction> sanctions;
  std::optional<domain::DeadlineView> deadline;
  std::vector<const domain::Action*> allowed_actions;
  bool out_of_time = false;  //!< A complaint was brought after the policy's time limit.
};

/// What a case's file holds before anyone's view of it is made: as stored.
struct CaseFile {
  domain::Case c;
  std::shared_ptr<const std::vector<domain::CaseEvent>> events;  //!< Never null.
  std::vector<domain::Complaint> complaints;
  std::vector<domain::Sanction> sanctions;
};

/// Case files read by the store's writer, kept while the store's change
/// generation holds (store::Transaction::ChangeGeneration): nothing but the
/// audit log has changed since, so the file is still what the database holds.
/// Thread-safe. Bounded: when full it starts again empty.
class CaseFileCache {
 public:
  static constexpr std::size_t kMaxEntries = 4096;  // a few KB each: tens of MB at most
  /// The file `case_ref` named when the generation was `generation`, if still held.
  std::shared_ptr<const CaseFile> Find(const std::string& case_ref, std::uint64_t generation);
  void Put(const std::string& case_ref, std::shared_ptr<const CaseFile> file, std::uint64_t generation);

 private:
  struct Entry {
    std::shared_ptr<const CaseFile> file;
    std::uint64_t generation = 0;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

/// A row of the queue with its deadline as it stands now.
struct QueueRow {
  store::CaseSummary summary;
  std::optional<DeadlineStatus> status;
  std::optional<Date> due_date;  //!< Local date of the deadline.
  int working_days_left = 0;
};

/// An overdue stage deadline or interim suspension review.
struct OverdueItem {
  std::string case_number;
  std::string what;  //!< "stage 'triage' deadline" or "interim suspension review".
  Date due;
  int working_days_over = 0;
  std::string assignee;
};

/// Told, inside the action's own transaction, when an action imposed, ended
/// or overturned sanctions on these members (the platform-sharing rule's
/// incremental check); an error rolls the action back.
using SanctionWatcher =
    std::function<Result<void>(store::Transaction& tx, const domain::Actor& actor, const std::vector<MemberId>& members)>;

class CaseService {
 public:
  CaseService(store::Store& store, const domain::Workflow& workflow, const Clock& clock)
      : store_(store), workflow_(workflow), clock_(clock) {}

  /// Sets who hears of sanction changes (one watcher; replaces any earlier one).
  void WatchSanctions(SanctionWatcher watcher) { sanction_watcher_ = std::move(watcher); }

  /// The most urgent cases the actor may see. kPermissionDenied for roles without a queue.
  Result<std::vector<QueueRow>> Queue(const domain::Actor& actor, store::CaseQuery query);
  /// One case, by number ("2026-000123") or id, once ShowAsync has it.
  /// kNotFound, kPermissionDenied. Not from work run by Store::Write.
  Result<CaseView> Show(const domain::Actor& actor, std::string_view case_ref);
  /// The result of ShowAsync: makes the actor's view when called (on any thread), or says why there is none.
  using ShownCase = std::function<Result<CaseView>()>;
  /// Show() without blocking the caller: `done` gets the result on one of the
  /// store's threads once the read's audit record is committed and what it
  /// shows is on disk (store::Acknowledge::kCommitted), and should call it on
  /// a thread of its own.
  void ShowAsync(const domain::Actor& actor, std::string_view case_ref, std::function<void(ShownCase)> done);
  /// Takes an action. `expected_version`, when given, must match the stored
  /// version (kConflict otherwise). Errors as Workflow::Apply, plus
  /// kPermissionDenied from the access rules and kNotFound.
  Result<CaseView> Act(const domain::Actor& actor, std::string_view case_ref, std::string_view action,
                       const domain::FieldMap& fields, std::optional<std::int64_t> expected_version = std::nullopt);
  /// Every stage deadline and interim suspension review that has passed, most overdue first.
  Result<std::vector<OverdueItem>> Overdue(const domain::Actor& actor);

 private:
  Result<domain::Case> Load(store::Transaction& tx, std::string_view case_ref);
  Result<void> RecordRefusal(const domain::Actor& actor, std::string_view case_ref, const Error& error);
  Result<CaseView> View(store::Transaction& tx, const domain::Actor& actor, domain::Case c);
  /// The rest of a case's file, read in `tx`.
  Result<CaseFile> ReadFile(store::Transaction& tx, domain::Case c);
  /// The actor's view of a file: identities redacted, deadline and allowed actions as of now.
  CaseView Compose(const domain::Actor& actor, CaseFile file) const;
  struct ShowState {
    domain::Actor actor;
    std::string case_ref;
    std::shared_ptr<const CaseFile> file;  //!< Set once the read is recorded.
    std::optional<Error> refusal;          //!< Set when the access rules refused, and that was recorded.
  };
  /// Show's work in the store's writer: the file (from the cache while it
  /// holds), the access check, and the read or the refusal on the audit log.
  Result<void> ReadForShow(store::Transaction& tx, ShowState& state);

  store::Store& store_;
  const domain::Workflow& workflow_;
  const Clock& clock_;
  SanctionWatcher sanction_watcher_;
  CaseFileCache files_;
};

}  // namespace docket::app
