// Time-based one-time passwords (RFC 6238) for the staff second factor.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/crypto.hpp"

namespace docket::security {

/// TOTP parameters; the defaults are what authenticator apps use.
struct TotpParameters {
  HmacAlgorithm algorithm = HmacAlgorithm::kSha1;
  int digits = 6;
  int period_seconds = 30;
};

/// The code for a raw key at an instant.
std::string TotpCode(std::string_view key, Instant at, const TotpParameters& parameters = {});

/// True when `code` matches the code at `at` or one period either side (clock drift).
bool TotpVerify(std::string_view key, std::string_view code, Instant at, const TotpParameters& parameters = {});

/// A new random 20-byte key.
std::string NewTotpKey();

/// RFC 4648 base32 without padding, the form authenticator apps take.
std::string Base32Encode(std::string_view data);
/// kInvalidArgument for characters outside the base32 alphabet.
Result<std::string> Base32Decode(std::string_view text);

/// The otpauth:// URI an authenticator app scans from a QR code.
std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view key);

}  // namespace docket::security
