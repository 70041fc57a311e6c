// A fresh SQLite database, the shipped policy and calendar, and a fixed
// clock: what every app test starts from.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "domain/workflow.hpp"
#include "policy/calendar_file.hpp"
#include "policy/policy_loader.hpp"
#include "store/store.hpp"

namespace docket::app::testing {

class TestWorld {
 public:
  explicit TestWorld(const std::string& name, Instant now = *Instant::Parse("2026-03-03T10:00:00Z")) : clock(now) {
    namespace fs = std::filesystem;
    auto loaded = policy::LoadPolicyFile(std::string(DOCKET_DATA_DIR) + "/policy/party.toml");
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
    policy = std::move(*loaded);
    auto calendar = policy::LoadCalendarFile(std::string(DOCKET_DATA_DIR) + "/calendars/england-and-wales.toml");
    EXPECT_TRUE(calendar) << (calendar ? "" : calendar.error().message);
    schedule.calendar = std::move(*calendar);
    fs::path dir = fs::temp_directory_path() / ("docket-app-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    path = (dir / (name + ".db")).string();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
    auto opened = store::OpenStore(path);
    EXPECT_TRUE(opened) << (opened ? "" : opened.error().message);
    store = std::move(*opened);
    workflow = std::make_unique<domain::Workflow>(policy, schedule);
  }

  domain::Policy policy;
  Schedule schedule;
  FixedClock clock;
  std::string path;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<domain::Workflow> workflow;
};

}  // namespace docket::app::testing
