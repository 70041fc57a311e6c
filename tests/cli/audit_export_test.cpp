// `docket audit export` gives an auditor everything needed to check the chain
// with their own tools: this test checks it the way README describes, with
// its own reading of the canonical encoding, not docket's.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "security/crypto.hpp"
#include "tests/cli/run_command.hpp"
#include "tests/store/postgres_test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace bj = boost::json;

int Docket(const std::string& args, std::string* output = nullptr) {
  docket::testing::Outcome o = docket::testing::RunCommand(std::string(DOCKET_BINARY) + " " + args);
  if (output != nullptr) *output = std::move(o.out);
  return o.status;
}

// "LENGTH:VALUE;" for each field, after the prefix "docket-audit-v1;" (README).
std::string Canonical(const bj::object& r) {
  std::string out = "docket-audit-v1;";
  auto field = [&](const std::string& value) { out += std::to_string(value.size()) + ":" + value + ";"; };
  field(std::to_string(r.at("seq").as_int64()));
  field(std::to_string(r.at("at").as_int64()));
  for (const char* name : {"actor", "role", "action", "object_type", "object_id", "origin", "detail", "prev_hash"}) {
    field(std::string(r.at(name).as_string()));
  }
  return out;
}

TEST(AuditExportTest, TheExportedChainVerifiesWithTheDocumentedEncodingAndAnEditBreaksIt) {
  const fs::path dir = fs::temp_directory_path() / ("docket-audit-export-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Quoted for the shell: a PostgreSQL URL holds '&' and '?'.
  const std::string db = "'" + docket::testing::TestDatabase((dir / "docket.db").string(), "audit_export") + "'";
  std::string out;
  ASSERT_EQ(Docket("demo --members 200 --cases 30 --seed 5 --as-of 2026-03-03 --db " + db, &out), 0) << out;
  ASSERT_EQ(Docket("case list --db " + db, &out), 0) << out;  // a read that goes on the log
  const std::string file = (dir / "audit.jsonl").string();
  ASSERT_EQ(Docket("audit export --output " + file + " --db " + db, &out), 0) << out;
  EXPECT_NE(out.find("exported"), std::string::npos) << out;

  std::ifstream in(file);
  std::string line;
  std::string prev(64, '0');
  std::int64_t seq = 0;
  std::vector<bj::object> records;
  while (std::getline(in, line)) {
    bj::object r = bj::parse(line).as_object();
    EXPECT_EQ(r.at("seq").as_int64(), ++seq);
    EXPECT_EQ(std::string(r.at("prev_hash").as_string()), prev) << "record " << seq;
    EXPECT_EQ(docket::security::Sha256Hex(Canonical(r)), std::string(r.at("hash").as_string())) << "record " << seq;
    prev = std::string(r.at("hash").as_string());
    records.push_back(std::move(r));
  }
  ASSERT_GE(records.size(), 1u);
  // Changing any field breaks that record's hash.
  bj::object edited = records.front();
  edited["actor"] = "someone.else";
  EXPECT_NE(docket::security::Sha256Hex(Canonical(edited)), std::string(edited.at("hash").as_string()));
  fs::remove_all(dir);
}

}  // namespace
