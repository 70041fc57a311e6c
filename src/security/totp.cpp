#include "security/totp.hpp"

#include <fmt/format.h>

namespace docket::security {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string CodeForCounter(std::string_view key, std::uint64_t counter, const TotpParameters& p) {
  std::string message(8, '\0');
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<char>(counter & 0xFF);
    counter >>= 8;
  }
  std::vector<std::uint8_t> mac = Hmac(p.algorithm, key, message);
  std::size_t offset = mac.back() & 0x0F;
  std::uint32_t binary = ((static_cast<std::uint32_t>(mac[offset]) & 0x7F) << 24) |
                         (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                         (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < p.digits; ++i) modulus *= 10;
  return fmt::format("{:0{}}", binary % modulus, p.digits);
}

}  // namespace

std::string TotpCode(std::string_view key, Instant at, const TotpParameters& parameters) {
  std::uint64_t counter = static_cast<std::uint64_t>(at.SecondsSinceEpoch() / parameters.period_seconds);
  return CodeForCounter(key, counter, parameters);
}

bool TotpVerify(std::string_view key, std::string_view code, Instant at, const TotpParameters& parameters) {
  if (code.size() != static_cast<std::size_t>(parameters.digits)) return false;
  std::int64_t counter = at.SecondsSinceEpoch() / parameters.period_seconds;
  bool match = false;
  // Check every window, not just until the first match, so timing says nothing about which matched.
  for (std::int64_t drift = -1; drift <= 1; ++drift) {
    if (counter + drift < 0) continue;
    match |= ConstantTimeEquals(CodeForCounter(key, static_cast<std::uint64_t>(counter + drift), parameters), code);
  }
  return match;
}

std::string NewTotpKey() {
  std::vector<std::uint8_t> raw = RandomBytes(20);
  return std::string(raw.begin(), raw.end());
}

std::string Base32Encode(std::string_view data) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : data) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 0x1F];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 0x1F];
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char raw : text) {
    if (raw == '=' || raw == ' ') continue;
    char c = (raw >= 'a' && raw <= 'z') ? static_cast<char>(raw - 'a' + 'A') : raw;
    std::size_t value = kAlphabet.find(c);
    if (value == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a base32 character", raw));
    }
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view key) {
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30", issuer, account,
                     Base32Encode(key), issuer);
}

}  // namespace docket::security
