#include "security/crypto.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace docket::security {

Result<void> Initialise() {
  static std::once_flag once;
  static int status = 0;
  std::call_once(once, [] { status = sodium_init(); });
  if (status < 0) return Fail(ErrorCode::kInternal, "libsodium could not start: no entropy source");
  return Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  DOCKET_TRY(Initialise());
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(ErrorCode::kUnavailable, "out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& stored_hash) {
  if (!Initialise()) return false;
  if (stored_hash.empty()) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::vector<std::uint8_t> RandomBytes(std::size_t count) {
  (void)Initialise();
  std::vector<std::uint8_t> out(count);
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string ToHex(const std::uint8_t* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 0xF];
  }
  return out;
}

std::string RandomToken(std::size_t bytes) {
  std::vector<std::uint8_t> raw = RandomBytes(bytes);
  return ToHex(raw.data(), raw.size());
}

std::string RandomDigits(int count) {
  (void)Initialise();
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + randombytes_uniform(10));
  return out;
}

namespace {

// OpenSSL failing to hash is no condition to go on in: a hash is missing from a record or a file.
[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "docket: %s\n", what);
  std::abort();
}

// SHA-256 from OpenSSL rather than libsodium: OpenSSL uses the processor's SHA
// instructions where there are any, several times faster, and every audit
// record (appended by the one writer thread, checked by `docket audit verify`)
// and every evidence file is hashed. Fetched once: fetching is a lookup.
const EVP_MD* Sha256Digest() {
  static EVP_MD* const digest = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    // The default provider always has it; without it no audit record could be written.
    if (fetched == nullptr) Die("OpenSSL offers no SHA-256 (is its default provider missing?)");
    return fetched;
  }();
  return digest;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, Sha256Digest(), nullptr) != 1) Die("SHA-256 failed");
  return ToHex(digest, size);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr || EVP_DigestInit_ex2(static_cast<EVP_MD_CTX*>(context_), Sha256Digest(), nullptr) != 1) {
    Die("cannot start a SHA-256");
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_)); }

void Sha256::Update(std::string_view data) {
  // Fails only on a context that never started, which the constructor rules out.
  (void)EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), data.data(), data.size());
}

std::string Sha256::FinishHex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  (void)EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), digest, &size);
  return ToHex(digest, size);
}

std::vector<std::uint8_t> Hmac(HmacAlgorithm algorithm, std::string_view key, std::string_view message) {
  const char* digest = algorithm == HmacAlgorithm::kSha1     ? "SHA1"
                       : algorithm == HmacAlgorithm::kSha256 ? "SHA256"
                                                             : "SHA512";
  std::vector<std::uint8_t> out(EVP_MAX_MD_SIZE);
  std::size_t size = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, digest, nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), out.size(),
                &size) == nullptr) {
    Die("HMAC failed");
  }
  out.resize(size);
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  (void)Initialise();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace docket::security
