// The rest of a case file: internal notes, messages with the parties, and
// evidence. The same per-object access rules as the case itself, with two
// more: parties never see notes, and a respondent sees only the evidence
// disclosed to them. Every read and write is audited.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "app/access_policy.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "domain/workflow.hpp"
#include "store/store.hpp"

namespace docket::app {

class CaseFileService {
 public:
  CaseFileService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  /// Staff only. kPermissionDenied for parties, administrators and political office.
  Result<std::vector<store::Note>> Notes(const domain::Actor& actor, std::string_view case_number);
  Result<store::Note> AddNote(const domain::Actor& actor, std::string_view case_number, std::string_view body);

  /// A thread with a party. Staff see both; a respondent only their own thread.
  Result<std::vector<store::Message>> Messages(const domain::Actor& actor, std::string_view case_number,
                                               store::Party party);
  /// Staff write to either party (to every complainant of the case when it
  /// groups several complaints, unless `receipt` names one); a respondent
  /// writes to the respondent thread.
  Result<store::Message> SendMessage(const domain::Actor& actor, std::string_view case_number, store::Party party,
                                     std::string_view body, std::optional<std::string> receipt = std::nullopt);

  /// The evidence of a case the actor may see (respondents: disclosed only).
  Result<std::vector<store::Evidence>> Evidence(const domain::Actor& actor, std::string_view case_number);
  /// Records a file already stored (the caller streamed it to disk and hashed it).
  Result<store::Evidence> AddEvidence(const domain::Actor& actor, std::string_view case_number,
                                      store::Evidence evidence);
  /// One item, for download; access as for the list.
  Result<store::Evidence> GetEvidence(const domain::Actor& actor, std::int64_t evidence_id);
  /// Discloses an item to the respondent, or withdraws it. Caseworkers and investigators only.
  Result<store::Evidence> Disclose(const domain::Actor& actor, std::int64_t evidence_id, bool disclosed);

 private:
  /// Whether the parties themselves may use what is being loaded for.
  enum class NotesAccess { kStaffOnly, kPartiesToo };
  Result<domain::Case> LoadFor(store::Transaction& tx, const domain::Actor& actor, std::string_view case_number,
                               Access access, NotesAccess notes);
  Result<void> Refused(const domain::Actor& actor, std::string_view object, const Error& error);
  /// Runs `work` through Store::Write and records a kPermissionDenied failure as a refused attempt on `object`.
  template <class Work>
  Result<void> Guarded(const domain::Actor& actor, const std::string& object, Work&& work);

  store::Store& store_;
  const Clock& clock_;
};

}  // namespace docket::app
