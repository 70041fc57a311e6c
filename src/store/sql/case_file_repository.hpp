// SQLite repository for the parts of a case file beyond the case itself:
// messages with the parties, internal notes, evidence and complaint secrets.
#pragma once

#include "store/store.hpp"

namespace docket::store::sql {

template <class Db>
class SqlCaseFiles final : public CaseFileRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlCaseFiles(Db& db) : db_(db) {}
  Result<std::int64_t> AddMessage(const Message& message) override;
  Result<std::vector<Message>> Messages(CaseId id, Party party, std::optional<ComplaintId> complaint) override;
  Result<std::int64_t> AddNote(const Note& note) override;
  Result<std::vector<Note>> Notes(CaseId id) override;
  Result<std::int64_t> AddEvidence(const Evidence& evidence) override;
  Result<Evidence> FindEvidence(std::int64_t id) override;
  Result<std::vector<Evidence>> EvidenceOf(CaseId id) override;
  Result<void> SetDisclosed(std::int64_t id, bool disclosed) override;
  Result<void> SetComplaintSecret(ComplaintId id, std::string_view secret_hash) override;
  Result<std::string> ComplaintSecret(ComplaintId id) override;
  Result<void> Seat(CaseId id, const domain::PanelSeat& seat) override;
  Result<void> Unseat(CaseId id, std::string_view username) override;
  Result<std::int64_t> AddRecusal(const Recusal& recusal) override;
  Result<std::vector<Recusal>> Recusals(CaseId id) override;

 private:
  Result<std::vector<Evidence>> SelectEvidence(std::string_view where, std::int64_t key);
  Db& db_;
};

}  // namespace docket::store::sql
