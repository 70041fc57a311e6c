#include "http/api/evidence_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "security/crypto.hpp"
#include "store/store.hpp"

namespace docket::http::api {
namespace {

namespace fs = std::filesystem;

bool IsDigest(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

tl::unexpected<Error> DiskError(std::string_view what, const fs::path& path) {
  return Fail(ErrorCode::kUnavailable, fmt::format("{} '{}': {}", what, path.string(), std::strerror(errno)));
}

// Closes the descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int Get() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Result<void> SyncFolder(const fs::path& folder) {
  FileDescriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.Get() < 0) return DiskError("cannot open the evidence folder", folder);
  if (::fsync(dir.Get()) != 0) return DiskError("cannot flush the evidence folder", folder);
  return Ok();
}

}  // namespace

std::filesystem::path EvidenceFolderFor(std::string_view db_url, std::string_view chosen) {
  if (!chosen.empty()) return std::filesystem::path(chosen);
  // A PostgreSQL database has no folder of its own; servers sharing it must
  // be given one they all see (--evidence-dir).
  const std::optional<std::string_view> file = store::SqliteFilePath(db_url);
  if (!file) return std::filesystem::path("evidence");
  const std::filesystem::path database{std::string(*file)};
  return database.has_parent_path() ? database.parent_path() / "evidence" : std::filesystem::path("evidence");
}

Result<void> CheckEvidenceFileName(std::string_view name) {
  auto invalid = [](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field 'filename': {}", why));
  };
  if (name.empty()) return invalid("give the file's name");
  if (name.size() > 200) return invalid(fmt::format("at most 200 bytes; it has {}", name.size()));
  if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos) {
    return invalid("a file name, not a path: no '/' or '\\'");
  }
  if (name.find("..") != std::string_view::npos) return invalid("must not contain '..'");
  if (name.front() == '.') return invalid("must not start with '.'");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F) return invalid("must not contain control characters");
  }
  return Ok();
}

Result<std::string> UploadFileName(const Request& request) {
  bool seen = false;
  for (const auto& [key, value] : request.query) {
    if (key != "filename") {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("field '{}': is not a known query parameter; known: filename", key));
    }
    if (seen) return Fail(ErrorCode::kInvalidArgument, "field 'filename': is given twice");
    seen = true;
  }
  std::string name(request.Query("filename").value_or(""));
  DOCKET_TRY(CheckEvidenceFileName(name));
  return name;
}

std::string AttachmentDisposition(std::string_view file_name) {
  // The quoted form is for old clients: ASCII only, without quotes,
  // backslashes or control characters. filename* (RFC 6266, RFC 8187)
  // carries the real name percent-encoded.
  std::string quoted;
  std::string encoded;
  for (unsigned char c : file_name) {
    const bool plain = c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' && c != ';';
    quoted += plain ? static_cast<char>(c) : '_';
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    encoded += unreserved ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  if (quoted.empty()) quoted = "evidence";
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", quoted, encoded);
}

Result<std::unique_ptr<EvidenceFiles>> EvidenceFiles::Open(const fs::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec || !fs::is_directory(folder)) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("cannot create the evidence folder '{}': {}", folder.string(), ec.message()));
  }
  // Without a trailing separator, so that a spooled upload's parent compares equal.
  fs::path clean = folder.lexically_normal();
  if (!clean.has_filename() && clean.has_parent_path()) clean = clean.parent_path();
  return std::unique_ptr<EvidenceFiles>(new EvidenceFiles(std::move(clean)));
}

Result<EvidenceFiles::Stored> EvidenceFiles::Put(std::string_view content,
                                                 const std::function<Result<void>(const Stored&)>& record) {
  Stored stored;
  security::Sha256 hash;
  hash.Update(content);
  stored.sha256 = hash.FinishHex();
  stored.size = static_cast<std::int64_t>(content.size());

  // The temporary name starts with '.', which no stored file has, and is
  // random, so concurrent uploads never share one.
  const fs::path temporary = folder_ / fmt::format(".upload-{}", security::RandomToken(12));
  {
    FileDescriptor file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (file.Get() < 0) return DiskError("cannot create", temporary);
    std::size_t written = 0;
    while (written < content.size()) {
      const ssize_t n = ::write(file.Get(), content.data() + written, content.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        auto error = DiskError("cannot write", temporary);
        ::unlink(temporary.c_str());
        return error;
      }
      written += static_cast<std::size_t>(n);
    }
    if (::fsync(file.Get()) != 0 || ::close(file.Release()) != 0) {
      auto error = DiskError("cannot flush", temporary);
      ::unlink(temporary.c_str());
      return error;
    }
  }
  return Place(temporary, std::move(stored), record);
}

Result<EvidenceFiles::Stored> EvidenceFiles::PutFile(const fs::path& upload,
                                                     const std::function<Result<void>(const Stored&)>& record) {
  if (upload.parent_path() != folder_) {
    return Fail(ErrorCode::kInternal, fmt::format("the upload '{}' is not in the evidence folder", upload.string()));
  }
  Stored stored;
  {
    // Read back in blocks for the digest, so memory stays flat whatever the size.
    FileDescriptor file(::open(upload.c_str(), O_RDWR | O_CLOEXEC));
    if (file.Get() < 0) return DiskError("cannot open", upload);
    security::Sha256 hash;
    std::string block(std::size_t{1} << 16, '\0');
    while (true) {
      const ssize_t n = ::read(file.Get(), block.data(), block.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return DiskError("cannot read", upload);
      if (n == 0) break;
      hash.Update(std::string_view(block.data(), static_cast<std::size_t>(n)));
      stored.size += n;
    }
    if (::fsync(file.Get()) != 0 || ::close(file.Release()) != 0) return DiskError("cannot flush", upload);
    stored.sha256 = hash.FinishHex();
  }
  return Place(upload, std::move(stored), record);
}

Result<EvidenceFiles::Stored> EvidenceFiles::Place(const fs::path& temporary, Stored stored,
                                                   const std::function<Result<void>(const Stored&)>& record) {
  const fs::path target = folder_ / stored.sha256;
  std::lock_guard lock(record_lock_);
  std::error_code ec;
  stored.created = !fs::exists(target, ec);
  if (stored.created) {
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
      auto error = DiskError("cannot move the upload into place as", target);
      ::unlink(temporary.c_str());
      return error;
    }
    if (auto synced = SyncFolder(folder_); !synced) {
      ::unlink(target.c_str());
      return Fail(synced.error());
    }
  } else {
    ::unlink(temporary.c_str());
  }
  if (auto recorded = record(stored); !recorded) {
    if (stored.created) ::unlink(target.c_str());
    return Fail(recorded.error());
  }
  return stored;
}

Result<std::string> EvidenceFiles::Read(std::string_view sha256) const {
  if (!IsDigest(sha256)) {
    return Fail(ErrorCode::kInvalidArgument, "an evidence file is named by its SHA-256 in lower-case hex");
  }
  const fs::path path = folder_ / std::string(sha256);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kInternal, fmt::format("the evidence file {} is missing from the evidence folder", sha256));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kUnavailable, fmt::format("cannot read the evidence file {}", sha256));
  return content.str();
}

}  // namespace docket::http::api
