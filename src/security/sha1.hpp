// SHA-1 and HMAC-SHA-1, only for TOTP: RFC 6238's default, and what every
// authenticator app computes. libsodium has no SHA-1, and SHA-1's known
// collision attacks do not weaken HMAC. Nothing else in docket may use it.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace docket::security {

/// SHA-1 digest of `data` (FIPS 180-4).
std::array<std::uint8_t, 20> Sha1(std::string_view data);
/// HMAC-SHA-1 (RFC 2104).
std::vector<std::uint8_t> HmacSha1(std::string_view key, std::string_view message);

}  // namespace docket::security
