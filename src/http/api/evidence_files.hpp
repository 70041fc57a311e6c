// Evidence files on disk, each stored once under the hex SHA-256 of its
// content, so a name from the database can never point outside the folder and
// the same file uploaded twice takes the space once. A file is written to a
// temporary name, flushed to disk, then renamed into place, and the folder is
// flushed too: a crash leaves either the whole file or none of it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"

namespace docket::http::api {

/// kInvalidArgument "field 'filename': ..." unless `name` is a plain file
/// name: not empty, at most 200 bytes, no '/', '\\', "..", control characters
/// or leading '.'.
Result<void> CheckEvidenceFileName(std::string_view name);

/// An upload's file name, from the `filename` query parameter (the only
/// parameter an upload takes), checked by CheckEvidenceFileName before a byte
/// is kept. The name is only ever used in Content-Disposition, never as a
/// path, but a name that looks like a path is refused rather than changed.
Result<std::string> UploadFileName(const Request& request);

/// The Content-Disposition value for downloading a stored file: an attachment
/// whose quoted name has every byte that could break out of the quotes or
/// confuse a client replaced, plus the exact UTF-8 name in `filename*`.
std::string AttachmentDisposition(std::string_view file_name);

/// The evidence folder in use: `chosen` when given (--evidence-dir), else
/// "evidence" beside the database file named by `db_url` (a path or sqlite:PATH),
/// or in the working folder for a PostgreSQL database.
std::filesystem::path EvidenceFolderFor(std::string_view db_url, std::string_view chosen);

class EvidenceFiles {
 public:
  /// A stored file: its digest, and whether this call created it (rather than finding it stored already).
  struct Stored {
    std::string sha256;
    std::int64_t size = 0;
    bool created = false;
  };

  /// The folder, created if missing. kUnavailable when it cannot be created.
  static Result<std::unique_ptr<EvidenceFiles>> Open(const std::filesystem::path& folder);

  /// Writes `content` durably under its digest, then runs `record` (which
  /// writes the database row that refers to the file). When `record` fails, a
  /// file this call created is removed again and its error returned, so a
  /// refused upload leaves nothing behind. Writing happens outside any lock;
  /// placing the file and recording it are serialised, so that a failed upload
  /// never removes a file that a concurrent upload of the same content has
  /// just recorded. kUnavailable when the disk refuses.
  Result<Stored> Put(std::string_view content, const std::function<Result<void>(const Stored&)>& record);

  /// As Put, for a file already written into Folder() (a spooled upload):
  /// it is hashed in blocks, flushed, and renamed into place or removed.
  Result<Stored> PutFile(const std::filesystem::path& upload, const std::function<Result<void>(const Stored&)>& record);

  /// The folder, where uploads are spooled so that placing them is a rename.
  const std::filesystem::path& Folder() const { return folder_; }

  /// A stored file's content. kInternal when missing (a record without its
  /// file); kInvalidArgument for a digest that is not 64 lower-case hex digits.
  Result<std::string> Read(std::string_view sha256) const;

 private:
  Result<Stored> Place(const std::filesystem::path& temporary, Stored stored,
                       const std::function<Result<void>(const Stored&)>& record);
  explicit EvidenceFiles(std::filesystem::path folder) : folder_(std::move(folder)) {}
  std::filesystem::path folder_;
  std::mutex record_lock_;
};

}  // namespace docket::http::api
