// Nothing lost: a complaint acknowledged by `docket serve` is in the database
// after the server is killed with SIGKILL straight after the response, and so
// is the audit record of every case read it answered.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <thread>

#include "tests/store/postgres_test_support.hpp"
#include "store/audit_chain.hpp"
#include "store/store.hpp"

namespace docket {
namespace {

namespace fs = std::filesystem;

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string Capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  ::pclose(pipe);
  return out;
}

// `docket serve` on a database of its own, killed with SIGKILL at the end of each test.
class ServeCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("docket-crash-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = docket::testing::TestDatabase((dir_ / "docket.db").string(), "serve_crash");
  }
  void TearDown() override {
    if (server_ > 0) KillNine();
    fs::remove_all(dir_);
  }
  std::string Docket(const std::string& arguments) {
    return Capture(std::string(DOCKET_BINARY) + " " + arguments + " --db '" + db_ + "'");
  }
  void Serve() {
    const std::string listen = "127.0.0.1:" + std::to_string(FreePort());
    server_ = ::fork();
    if (server_ == 0) {
      ::execl(DOCKET_BINARY, DOCKET_BINARY, "serve", "--db", db_.c_str(), "--listen", listen.c_str(), nullptr);
      ::_exit(127);
    }
    base_ = "http://" + listen;
    bool up = false;
    for (int i = 0; i < 200 && !up; ++i) {
      up = Capture("curl -s -o /dev/null -w '%{http_code}' " + base_ + "/healthz") == "200";
      if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(up) << "docket serve did not start";
  }
  // No graceful shutdown, no chance to flush anything: what was answered must already be kept.
  void KillNine() {
    ASSERT_EQ(::kill(server_, SIGKILL), 0);
    int status = 0;
    ::waitpid(server_, &status, 0);
    server_ = 0;
    ASSERT_TRUE(WIFSIGNALED(status));
  }

  fs::path dir_;
  std::string db_;
  pid_t server_ = 0;
  std::string base_;
};

TEST_F(ServeCrashTest, AnAcknowledgedComplaintSurvivesKillNine) {
  ASSERT_NE(Docket("init").find("ready"), std::string::npos);
  ASSERT_NO_FATAL_FAILURE(Serve());
  const std::string& base = base_;

  std::vector<std::string> receipts;
  for (int i = 0; i < 5; ++i) {
    std::string response = Capture(
        "curl -s -w '\\n%{http_code}' -H 'Content-Type: application/json' -X POST " + base +
        "/api/v1/complaints -d '{\"category\":\"antisemitism\",\"description\":\"Said Jews control the media.\","
        "\"occurred_on\":\"2026-03-01\",\"anonymous\":true,\"respondents\":[{\"name\":\"Jon Smith\"}]}'");
    ASSERT_NE(response.find("\n201"), std::string::npos) << response;
    std::smatch match;
    ASSERT_TRUE(std::regex_search(response, match, std::regex("\"receipt\"\\s*:\\s*\"([0-9]{16})\""))) << response;
    receipts.push_back(match[1]);
  }
  ASSERT_NO_FATAL_FAILURE(KillNine());

  auto store = store::OpenStore(db_);
  ASSERT_TRUE(store) << store.error().message;
  auto tx = (*store)->Begin(store::TransactionMode::kRead);
  for (const std::string& receipt : receipts) {
    auto complaint = (*tx)->Complaints().FindByReceipt(receipt);
    EXPECT_TRUE(complaint) << "lost complaint " << receipt;
  }
  tx->reset();
  auto check = store::VerifyChain(**store);
  ASSERT_TRUE(check);
  EXPECT_FALSE(check->first_bad_seq) << check->problem;
  EXPECT_GE(check->records, 5);
}

// A case read is answered once its audit record is committed, before the
// record is flushed to disk (store::Acknowledge::kCommitted): the server's
// crash must not lose it.
TEST_F(ServeCrashTest, EveryAnsweredCaseReadIsOnTheAuditLogAfterKillNine) {
  ASSERT_NE(Docket("demo --members 200 --cases 20 --seed 1").find("demo organisation"), std::string::npos);
  std::smatch match;
  const std::string issued = Docket("user token aoife.byrne --name crash --scope cases:read");
  ASSERT_TRUE(std::regex_search(issued, match, std::regex("dkt_[0-9a-f]+"))) << issued;
  const std::string token = match[0];
  const std::string listing = Docket("case list --limit 1");
  ASSERT_TRUE(std::regex_search(listing, match, std::regex("\n([0-9]{4}-[0-9]{6}) "))) << listing;
  const std::string number = match[1];
  auto reads_of = [&](const std::string& actor) {
    auto store = store::OpenStore(db_);
    EXPECT_TRUE(store) << store.error().message;
    auto tx = (*store)->Begin(store::TransactionMode::kRead);
    auto records = (*tx)->Audit().ForObject("case", number, 10000);
    EXPECT_TRUE(records) << records.error().message;
    int reads = 0;
    for (const auto& record : *records) reads += record.action == "case.read" && record.actor == actor ? 1 : 0;
    return reads;
  };
  const int before = reads_of("aoife.byrne");

  ASSERT_NO_FATAL_FAILURE(Serve());
  constexpr int kReads = 25;
  std::string urls;
  for (int i = 0; i < kReads; ++i) urls += " -o /dev/null " + base_ + "/api/v1/cases/" + number;
  const std::string codes = Capture("curl -s -w '%{http_code}\\n' -H 'Authorization: Bearer " +
                                    token + "'" + urls);
  std::string all_ok;
  for (int i = 0; i < kReads; ++i) all_ok += "200\n";
  ASSERT_EQ(codes, all_ok);
  ASSERT_NO_FATAL_FAILURE(KillNine());

  EXPECT_EQ(reads_of("aoife.byrne"), before + kReads);
  auto store = store::OpenStore(db_);
  ASSERT_TRUE(store) << store.error().message;
  auto check = store::VerifyChain(**store);
  ASSERT_TRUE(check);
  EXPECT_FALSE(check->first_bad_seq) << check->problem;
}

}  // namespace
}  // namespace docket
