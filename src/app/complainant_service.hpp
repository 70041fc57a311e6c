// What a complainant sees with their receipt and secret: where their
// complaint stands and the message thread with the complaints unit. Never
// other parties' data, never staff names, never internal notes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/workflow.hpp"
#include "store/store.hpp"

namespace docket::app {

/// A message as the complainant sees it.
struct ThreadMessage {
  std::string from;  //!< "you" or "complaints unit".
  std::string body;
  Instant at;
};

/// An evidence file the complainant sent.
struct SubmittedFile {
  std::int64_t id = 0;
  std::string file_name;
  std::int64_t size = 0;
  std::string sha256;
  Instant at;
};

/// The complainant's view of their complaint.
struct ComplaintStatus {
  std::string receipt;
  std::string case_number;
  Instant received_at;
  std::string category_title;
  std::string stage_title;   //!< Where the case is, in the policy's words.
  bool closed = false;
  std::optional<std::string> outcome_title;  //!< Once decided.
  std::optional<std::string> reasons;        //!< The decision's reasons, once decided.
  std::vector<ThreadMessage> messages;
  std::vector<SubmittedFile> files;  //!< The evidence files this complaint sent, oldest first.
};

class ComplainantService {
 public:
  ComplainantService(store::Store& store, const domain::Workflow& workflow, const Clock& clock)
      : store_(store), workflow_(workflow), clock_(clock) {}

  /// kPermissionDenied "unknown receipt or wrong secret" for either mistake.
  Result<ComplaintStatus> Status(std::string_view receipt, std::string_view secret, std::string_view origin);
  /// Adds a message to the thread; kInvalidArgument for an empty or overlong body.
  Result<ComplaintStatus> PostMessage(std::string_view receipt, std::string_view secret, std::string_view body,
                                      std::string_view origin);
  /// Checks the receipt and secret, then runs `store_file` (which puts the
  /// file on disk and returns its size and digest) and records the file as
  /// evidence on the complaint's case, undisclosed to respondents until a
  /// caseworker decides. `evidence` carries the name and type.
  Result<SubmittedFile> AddEvidence(std::string_view receipt, std::string_view secret, store::Evidence evidence,
                                    std::string_view origin);

  /// Who a complaint's files are recorded as uploaded by (never the complainant's name).
  static std::string Uploader(const domain::Complaint& complaint);

 private:
  Result<domain::Complaint> Open(store::Transaction& tx, std::string_view receipt, std::string_view secret);
  Result<ComplaintStatus> View(store::Transaction& tx, const domain::Complaint& complaint);

  store::Store& store_;
  const domain::Workflow& workflow_;
  const Clock& clock_;
};

}  // namespace docket::app
