// Cryptography docket relies on, behind plain types: password hashing
// (argon2id), random tokens, SHA-256, and HMAC for one-time passwords.
// libsodium (argon2id, randomness, comparison) and OpenSSL's libcrypto
// (SHA-256 and the HMACs, with the processor's SHA instructions) stay inside
// this folder's .cpp files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace docket::security {

/// Initialises libsodium once; safe to call from any thread, any number of times.
/// kInternal when the library cannot start (no entropy source).
Result<void> Initialise();

/// An argon2id hash in libsodium's self-describing string form. Slow by
/// design (about 50 ms): call it off the I/O threads.
Result<std::string> HashPassword(std::string_view password);
/// True when the password matches the stored hash. Constant-time in the password.
bool VerifyPassword(std::string_view password, const std::string& stored_hash);

/// `count` random bytes from the operating system's generator.
std::vector<std::uint8_t> RandomBytes(std::size_t count);
/// A random token of `bytes` bytes, as lower-case hex (2 characters a byte).
std::string RandomToken(std::size_t bytes);
/// `count` random decimal digits, uniformly distributed.
std::string RandomDigits(int count);

/// SHA-256 of `data`, as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);

/// An incremental SHA-256, for files streamed to disk.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  /// The digest as hex; the object must not be updated afterwards.
  std::string FinishHex();

 private:
  void* context_;  //!< OpenSSL's EVP_MD_CTX, kept out of this header.
};

/// The hash functions RFC 6238 allows for TOTP.
enum class HmacAlgorithm { kSha1, kSha256, kSha512 };

/// HMAC of `message` under `key`.
std::vector<std::uint8_t> Hmac(HmacAlgorithm algorithm, std::string_view key, std::string_view message);

/// Equal contents, compared in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

std::string ToHex(const std::uint8_t* data, std::size_t size);

}  // namespace docket::security
