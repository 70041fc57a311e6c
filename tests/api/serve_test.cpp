// `docket serve` as a whole: it starts on the given address, answers, exposes
// its gauges, stops cleanly on SIGTERM, and refuses bad options with the
// CLI's exit statuses.
#include "tests/store/postgres_test_support.hpp"
#include "http/api/api.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "tests/http/http_client.hpp"

namespace docket::http::api {
namespace {

namespace fs = std::filesystem;

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    folder_ = fs::temp_directory_path() / fmt::format("docket-serve-test-{}-{:08x}", ::getpid(), random());
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  ServeOptions Options() const {
    ServeOptions options;
    options.db_url = docket::testing::TestDatabase((folder_ / "db" / "docket.db").string(), folder_.filename().string());
    options.data_dir = DOCKET_DATA_DIR;
    // A PostgreSQL database has no folder to put evidence beside.
    if (docket::testing::OnPostgres()) options.evidence_dir = (folder_ / "db" / "evidence").string();
    return options;
  }

  fs::path folder_;
};

// A port that was free a moment ago.
std::uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST_F(ServeTest, ItServesUntilSigtermAndThenExitsCleanly) {
  ServeOptions options = Options();
  const std::uint16_t port = FreePort();
  options.listen = fmt::format("127.0.0.1:{}", port);
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::_exit(Serve(options));
  }
  ::close(out[1]);
  FILE* printed = ::fdopen(out[0], "r");
  char line[256] = {};
  ASSERT_NE(std::fgets(line, sizeof(line), printed), nullptr) << "the server printed nothing";
  EXPECT_EQ(std::string(line), fmt::format("docket serving on http://127.0.0.1:{}\n", port));

  testing::HttpClient client("127.0.0.1", port);
  auto process = client.Get("/api/v1/process");
  ASSERT_TRUE(process) << process.error().message;
  EXPECT_EQ(process->status, 200);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics) << metrics.error().message;
  EXPECT_NE(metrics->body.find("docket_overdue_cases 0"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("# TYPE docket_open_cases gauge"), std::string::npos) << metrics->body;
  auto unauthorised = client.Get("/api/v1/cases");
  ASSERT_TRUE(unauthorised);
  EXPECT_EQ(unauthorised->status, 401);
  client.Close();
  EXPECT_TRUE(fs::is_directory(folder_ / "db" / "evidence")) << "evidence goes next to the database by default";

  ::kill(child, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  std::fclose(printed);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(ServeTest, BadOptionsEndWithTheCliExitStatuses) {
  ServeOptions options = Options();
  options.listen = "localhost";
  EXPECT_EQ(Serve(options), 2);
  options.listen = "127.0.0.1:99999";
  EXPECT_EQ(Serve(options), 2);
  options = Options();
  options.policy = (folder_ / "missing.toml").string();
  EXPECT_EQ(Serve(options), 3);
  options = Options();
  options.listen = "127.0.0.1:0";
  options.web_dir = (folder_ / "no-web-build").string();
  EXPECT_EQ(Serve(options), 3);
}

}  // namespace
}  // namespace docket::http::api
