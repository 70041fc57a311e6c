#include "store/field_codec.hpp"

namespace docket::store {
namespace {

void Append(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : text) {
    if (c == '%' || c == '=' || c == '\n' || c == '\r') {
      out += '%';
      out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      out += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      out += c;
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Result<std::string> Unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      return Fail(ErrorCode::kInternal, "case history fields: a truncated %-escape");
    }
    int high = HexValue(text[i + 1]);
    int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return Fail(ErrorCode::kInternal, "case history fields: a bad %-escape");
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

}  // namespace

std::string EncodeFields(const domain::FieldMap& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '\n';
    Append(out, name);
    out += '=';
    Append(out, value);
  }
  return out;
}

Result<domain::FieldMap> DecodeFields(std::string_view text) {
  domain::FieldMap fields;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) return Fail(ErrorCode::kInternal, "case history fields: a line without '='");
    DOCKET_TRY_ASSIGN(std::string name, Unescape(line.substr(0, eq)));
    DOCKET_TRY_ASSIGN(std::string value, Unescape(line.substr(eq + 1)));
    fields.emplace(std::move(name), std::move(value));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return fields;
}

}  // namespace docket::store
