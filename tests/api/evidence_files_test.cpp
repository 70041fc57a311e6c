#include "http/api/evidence_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "security/crypto.hpp"

namespace docket::http::api {
namespace {

namespace fs = std::filesystem;

class EvidenceFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    folder_ = fs::temp_directory_path() / ("docket-evidence-test-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(random()));
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::size_t Files() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder_)) ++n;
    return n;
  }
  fs::path folder_;
};

TEST(EvidenceFileNameTest, PlainNamesPassAndPathsDoNot) {
  for (std::string_view good : {"statement.pdf", "Screenshot 2026-03-01 at 10.15.png", "résumé.docx", "a"}) {
    EXPECT_TRUE(CheckEvidenceFileName(good)) << good;
  }
  for (std::string_view bad : {"", "../etc/passwd", "a/b", "a\\b", "..", "x..y", ".env", "tab\there", "nul\x7f"}) {
    auto checked = CheckEvidenceFileName(bad);
    ASSERT_FALSE(checked) << bad;
    EXPECT_TRUE(checked.error().message.starts_with("field 'filename':"));
  }
  EXPECT_TRUE(CheckEvidenceFileName(std::string(200, 'x')));
  EXPECT_FALSE(CheckEvidenceFileName(std::string(201, 'x')));
}

TEST(EvidenceFileNameTest, TheAttachmentHeaderCannotBeBrokenOutOf) {
  EXPECT_EQ(AttachmentDisposition("report.pdf"), "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
  const std::string tricky = AttachmentDisposition("a\"; filename=evil.html;\\x.txt");
  EXPECT_EQ(tricky.find("evil.html;"), std::string::npos) << tricky;
  EXPECT_EQ(tricky.substr(0, tricky.find("; filename*")), "attachment; filename=\"a__ filename=evil.html__x.txt\"");
  EXPECT_EQ(AttachmentDisposition("café.txt"), "attachment; filename=\"caf__.txt\"; filename*=UTF-8''caf%C3%A9.txt");
}

TEST_F(EvidenceFilesTest, AFileIsStoredOnceUnderItsDigest) {
  auto files = EvidenceFiles::Open(folder_);
  ASSERT_TRUE(files) << files.error().message;
  int recorded = 0;
  auto record = [&](const EvidenceFiles::Stored&) -> Result<void> {
    ++recorded;
    return Ok();
  };
  auto first = (*files)->Put("the same bytes", record);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->sha256, security::Sha256Hex("the same bytes"));
  EXPECT_EQ(first->size, 14);
  auto second = (*files)->Put("the same bytes", record);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->created);
  EXPECT_EQ(recorded, 2);
  EXPECT_EQ(Files(), 1u) << "no temporary file is left behind";
  auto read = (*files)->Read(first->sha256);
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, "the same bytes");
  EXPECT_FALSE((*files)->Read("../../etc/passwd"));
}

TEST_F(EvidenceFilesTest, AFileWhoseRecordFailsIsRemovedAgain) {
  auto files = EvidenceFiles::Open(folder_);
  ASSERT_TRUE(files);
  auto refused = (*files)->Put("refused bytes", [](const EvidenceFiles::Stored&) -> Result<void> {
    return Fail(ErrorCode::kPermissionDenied, "not yours");
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Files(), 0u);
  // A file that was already stored stays when a second upload of it is refused.
  ASSERT_TRUE((*files)->Put("kept bytes", [](const EvidenceFiles::Stored&) -> Result<void> { return Ok(); }));
  ASSERT_FALSE((*files)->Put("kept bytes", [](const EvidenceFiles::Stored&) -> Result<void> {
    return Fail(ErrorCode::kPermissionDenied, "not yours");
  }));
  EXPECT_EQ(Files(), 1u);
}

TEST_F(EvidenceFilesTest, ASpooledUploadIsHashedAndRenamedIntoPlace) {
  auto files = EvidenceFiles::Open(folder_ / "");
  ASSERT_TRUE(files) << files.error().message;
  std::string content(3 << 20, '\0');
  std::mt19937 random(7);
  for (char& c : content) c = static_cast<char>(random());
  const fs::path spooled = (*files)->Folder() / ".spool-test-1";
  {
    std::ofstream out(spooled, std::ios::binary);
    out << content;
  }
  auto stored = (*files)->PutFile(spooled, [](const EvidenceFiles::Stored&) -> Result<void> { return Ok(); });
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->sha256, security::Sha256Hex(content));
  EXPECT_EQ(stored->size, static_cast<std::int64_t>(content.size()));
  EXPECT_FALSE(fs::exists(spooled));
  EXPECT_EQ(Files(), 1u);

  const fs::path refused = (*files)->Folder() / ".spool-test-2";
  std::ofstream(refused, std::ios::binary) << "refused";
  EXPECT_FALSE((*files)->PutFile(refused, [](const EvidenceFiles::Stored&) -> Result<void> {
    return Fail(ErrorCode::kPermissionDenied, "not yours");
  }));
  EXPECT_FALSE(fs::exists(refused));
  EXPECT_EQ(Files(), 1u);
  // A file outside the folder is never moved in.
  EXPECT_FALSE((*files)->PutFile(fs::temp_directory_path() / "elsewhere", [](const EvidenceFiles::Stored&) -> Result<void> {
    return Ok();
  }));
}

}  // namespace
}  // namespace docket::http::api
