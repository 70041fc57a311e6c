#include "http/api/queue_cursor.hpp"

#include <charconv>

#include <fmt/format.h>

namespace docket::http::api {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// A version prefix, so that a later form of the cursor can tell old ones apart.
constexpr std::string_view kPrefix = "q1:";

std::string Base64Url(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const std::size_t value = kAlphabet.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::optional<std::int64_t> Number(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string EncodeQueueCursor(const QueuePosition& position) {
  const std::string due = position.first ? std::to_string(position.first->SecondsSinceEpoch()) : "-";
  return Base64Url(fmt::format("{}{}:{}", kPrefix, due, position.second.value));
}

Result<QueuePosition> DecodeQueueCursor(std::string_view cursor) {
  auto invalid = [] {
    return Fail(ErrorCode::kInvalidArgument, "field 'cursor': not a cursor this server gave out; start from the first page");
  };
  if (cursor.size() > 100) return invalid();
  std::optional<std::string> text = FromBase64Url(cursor);
  if (!text || !std::string_view(*text).starts_with(kPrefix)) return invalid();
  std::string_view rest = std::string_view(*text).substr(kPrefix.size());
  const std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return invalid();
  std::optional<std::int64_t> id = Number(rest.substr(colon + 1));
  if (!id || *id <= 0) return invalid();
  std::string_view due = rest.substr(0, colon);
  if (due == "-") return QueuePosition{std::nullopt, CaseId{*id}};
  std::optional<std::int64_t> seconds = Number(due);
  if (!seconds) return invalid();
  return QueuePosition{Instant(*seconds), CaseId{*id}};
}

}  // namespace docket::http::api
