#include "domain/complaint.hpp"

namespace docket::domain {

std::string_view Name(Channel channel) {
  switch (channel) {
    case Channel::kWeb: return "web";
    case Channel::kApi: return "api";
    case Channel::kImport: return "import";
    case Channel::kStaff: return "staff";
    case Channel::kRule: return "rule";
  }
  return "web";
}

std::optional<Channel> ParseChannel(std::string_view text) {
  for (Channel channel : {Channel::kWeb, Channel::kApi, Channel::kImport, Channel::kStaff, Channel::kRule}) {
    if (Name(channel) == text) return channel;
  }
  return std::nullopt;
}

}  // namespace docket::domain
