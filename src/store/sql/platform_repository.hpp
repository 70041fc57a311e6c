// SQLite repository for the platform-sharing rule: events, appearances,
// member name keys and alerts (schema migration 7).
#pragma once

#include "store/platform_repository.hpp"

namespace docket::store::sql {

template <class Db>
class SqlPlatform final : public PlatformRepository {
  using Statement = typename Db::Statement;

 public:
  explicit SqlPlatform(Db& db) : db_(db) {}
  Result<std::pair<EventId, bool>> PutEvent(const domain::Event& event) override;
  Result<domain::Event> FindEvent(EventId id) override;
  Result<domain::Event> FindEventByExternalId(std::string_view external_id) override;
  Result<std::vector<domain::Event>> ListEvents(int limit) override;
  Result<std::int64_t> CountEvents() override;
  Result<void> ReplaceAppearances(EventId event, const std::vector<domain::Appearance>& appearances) override;
  Result<std::vector<domain::Appearance>> AppearancesOf(EventId event) override;
  Result<domain::Appearance> FindAppearance(AppearanceId id) override;
  Result<void> SetMatch(AppearanceId id, std::optional<MemberId> member, domain::MatchState state) override;
  Result<std::vector<domain::Appearance>> Unresolved(int limit) override;
  Result<std::vector<EventId>> EventsOfMember(MemberId member) override;
  Result<std::vector<MemberNames>> MemberNamesAfter(MemberId after, int limit) override;
  Result<MemberId> LastKeyedMember() override;
  Result<void> AddNameKey(MemberId member, std::string_view key) override;
  Result<std::vector<MemberId>> MembersWithNameKey(std::string_view key) override;
  Result<MemberLabel> Label(MemberId member) override;
  Result<std::vector<domain::Office>> OfficesOf(MemberId member) override;
  Result<void> ScanEventsWith(const std::vector<MemberId>& members, const std::vector<EventId>& also,
                              const std::function<void(domain::Event&&, std::vector<domain::Appearance>&&)>& each) override;
  Result<void> ScanOffices(const std::function<void(const MemberLabel&, domain::Office&&)>& each) override;
  Result<void> ScanSanctions(const std::function<void(const MemberLabel&, domain::Sanction&&)>& each) override;
  Result<domain::Sanction> OverturnSanction(SanctionId id, Instant at, std::string_view reason) override;
  Result<domain::Sanction> PublishSanction(SanctionId id, Date published_on) override;
  Result<void> AddOffice(MemberId member, const domain::Office& office) override;
  Result<domain::Office> EndOffice(MemberId member, std::string_view title, Date last_day) override;
  Result<AlertId> InsertAlert(const domain::PlatformAlert& alert) override;
  Result<void> UpdateAlert(const domain::PlatformAlert& alert) override;
  Result<domain::PlatformAlert> FindAlert(AlertId id) override;
  Result<std::vector<domain::PlatformAlert>> AlertsOfEvents(const std::vector<EventId>& events) override;
  Result<std::vector<domain::PlatformAlert>> ListAlerts(const AlertQuery& query) override;
  Result<std::vector<domain::PlatformAlert>> AllAlerts() override;

 private:
  Result<std::vector<domain::Event>> SelectEvents(std::string_view where_and_order, std::optional<std::int64_t> key,
                                                  std::optional<std::string_view> text_key);
  Result<std::vector<domain::Appearance>> SelectAppearances(std::string_view where_and_order, std::int64_t key);
  Result<std::vector<domain::PlatformAlert>> SelectAlerts(const std::string& where_and_order,
                                                          const std::function<void(Statement&)>& bind);
  Result<void> WriteAlertSanctions(const domain::PlatformAlert& alert);
  Result<domain::Sanction> ChangedSanction(SanctionId id);
  Db& db_;
};

}  // namespace docket::store::sql
