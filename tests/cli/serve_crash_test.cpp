// Nothing lost: a complaint acknowledged by `docket serve` is in the database
// after the server is killed with SIGKILL straight after the response.
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

TEST(ServeCrashTest, AnAcknowledgedComplaintSurvivesKillNine) {
  fs::path dir = fs::temp_directory_path() / ("docket-crash-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string db = docket::testing::TestDatabase((dir / "docket.db").string(), "serve_crash");
  ASSERT_EQ(std::system((std::string(DOCKET_BINARY) + " init --db '" + db + "' > /dev/null").c_str()), 0);
  int port = FreePort();
  std::string listen = "127.0.0.1:" + std::to_string(port);
  pid_t server = ::fork();
  if (server == 0) {
    ::execl(DOCKET_BINARY, DOCKET_BINARY, "serve", "--db", db.c_str(), "--listen", listen.c_str(), nullptr);
    ::_exit(127);
  }
  std::string base = "http://" + listen;
  bool up = false;
  for (int i = 0; i < 200 && !up; ++i) {
    up = Capture("curl -s -o /dev/null -w '%{http_code}' " + base + "/healthz") == "200";
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(up) << "docket serve did not start";

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
  // No graceful shutdown, no chance to flush anything: the acknowledgement must already be durable.
  ASSERT_EQ(::kill(server, SIGKILL), 0);
  int status = 0;
  ::waitpid(server, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));

  auto store = store::OpenStore(db);
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
  fs::remove_all(dir);
}

}  // namespace
}  // namespace docket
