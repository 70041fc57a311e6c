// A fresh SQLite database with the shipped policy, a fixed clock, a few
// members (two officials, people later sanctioned) and the platform service:
// what every platform test starts from.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "app/platform_service.hpp"
#include "core/clock.hpp"
#include "policy/policy_loader.hpp"
#include "store/store.hpp"

namespace docket::app::testing {

class PlatformWorld {
 public:
  explicit PlatformWorld(const std::string& name) : clock(*Instant::Parse("2026-09-01T10:00:00Z")) {
    namespace fs = std::filesystem;
    auto loaded = policy::LoadPolicyFile(std::string(DOCKET_DATA_DIR) + "/policy/party.toml");
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
    policy = std::move(*loaded);
    fs::path dir = fs::temp_directory_path() / ("docket-platform-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    path = (dir / (name + ".db")).string();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
    auto opened = store::OpenStore(path);
    EXPECT_TRUE(opened) << (opened ? "" : opened.error().message);
    store = std::move(*opened);
    platform = std::make_unique<PlatformService>(*store, policy, zone, clock);
    AddMember("A1", "Ann", "Official", {"Annie Official"}, {{"mp", "MP for Northfield", *Date::Parse("2019-12-12"), std::nullopt}});
    AddMember("C3", "Carl", "Councillor", {}, {{"councillor", "Councillor, Ward 4", *Date::Parse("2022-05-05"), std::nullopt}});
    AddMember("B2", "Ben", "Suspended", {}, {});
    AddMember("S4", "Seán", "O'Brien", {"Sean Brien"}, {});
    AddMember("S5", "Sean", "OBrien", {}, {});
  }

  MemberId AddMember(const std::string& number, const std::string& given, const std::string& family,
                     std::vector<std::string> aliases, std::vector<domain::Office> offices) {
    domain::Member m;
    m.membership_number = number;
    m.given_name = given;
    m.family_name = family;
    m.branch = "Northfield";
    m.joined_on = *Date::Parse("2010-01-01");
    m.aliases = std::move(aliases);
    m.offices = std::move(offices);
    auto tx = store->Begin(store::TransactionMode::kWrite);
    EXPECT_TRUE(tx);
    auto id = (*tx)->Members().Insert(m);
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    EXPECT_TRUE((*tx)->Commit());
    return id.value_or(MemberId{});
  }

  std::vector<domain::PlatformAlert> Alerts(std::optional<domain::AlertStatus> status = std::nullopt) {
    store::AlertQuery query;
    query.status = status;
    auto alerts = platform->ListAlerts(caseworker, query);
    EXPECT_TRUE(alerts) << (alerts ? "" : alerts.error().message);
    return alerts.value_or(std::vector<domain::PlatformAlert>{});
  }

  std::vector<domain::AuditRecord> AuditOf(const std::string& type, const std::string& id) {
    auto tx = store->Begin(store::TransactionMode::kRead);
    EXPECT_TRUE(tx);
    auto records = (*tx)->Audit().ForObject(type, id, 100);
    EXPECT_TRUE(records);
    return records.value_or(std::vector<domain::AuditRecord>{});
  }

  domain::Policy policy;
  TimeZone zone = TimeZone::London();
  FixedClock clock;
  std::string path;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<PlatformService> platform;
  domain::Actor caseworker{UserId{1}, "casey", "caseworker", std::nullopt, "test"};
};

}  // namespace docket::app::testing
