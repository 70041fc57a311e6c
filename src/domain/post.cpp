#include "domain/post.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace docket::domain {
namespace {

constexpr std::array<std::string_view, 4> kKinds = {"post", "reply", "share", "like"};

// Parameters that say who shared a link or which campaign it came from, never
// which post it is: two captures differing only in these are one post.
constexpr std::array<std::string_view, 21> kTrackingParameters = {
    "fbclid", "gclid",  "dclid",  "igshid", "igsh",  "si",     "s",       "t",        "ref",  "ref_src", "ref_url",
    "mc_cid", "mc_eid", "share",  "mibextid", "rdid", "_ga",   "__cft__", "__tn__",  "feature", "spm"};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsTracking(std::string_view parameter) {
  std::string key = LowerAscii(parameter.substr(0, parameter.find('=')));
  if (key.rfind("utm_", 0) == 0) return true;
  return std::find(kTrackingParameters.begin(), kTrackingParameters.end(), key) != kTrackingParameters.end();
}

}  // namespace

std::string_view Name(PostKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }

std::optional<PostKind> ParsePostKind(std::string_view text) {
  std::string lower = LowerAscii(text);
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (lower == kKinds[i]) return static_cast<PostKind>(i);
  }
  if (lower == "repost" || lower == "retweet") return PostKind::kShare;
  if (lower == "comment") return PostKind::kReply;
  return std::nullopt;
}

std::string_view Name(AccountLink link) {
  switch (link) {
    case AccountLink::kNone: return "none";
    case AccountLink::kDeclared: return "declared";
    case AccountLink::kConfirmed: return "confirmed";
  }
  return "none";
}

std::optional<AccountLink> ParseAccountLink(std::string_view text) {
  for (AccountLink link : {AccountLink::kNone, AccountLink::kDeclared, AccountLink::kConfirmed}) {
    if (Name(link) == text) return link;
  }
  return std::nullopt;
}

Result<std::string> CanonicalUrl(std::string_view url) {
  while (!url.empty() && (url.front() == ' ' || url.front() == '\t')) url.remove_prefix(1);
  while (!url.empty() && (url.back() == ' ' || url.back() == '\t' || url.back() == '\r')) url.remove_suffix(1);
  auto invalid = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a post's address: {}", url, why));
  };
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return invalid("it has no scheme (https://...)");
  std::string scheme = LowerAscii(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return invalid("only http and https addresses are posts");
  std::string_view rest = url.substr(scheme_end + 3);
  std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string host = LowerAscii(authority);
  if (std::size_t colon = host.rfind(':'); colon != std::string::npos && host.find(']') == std::string::npos) {
    std::string port = host.substr(colon + 1);
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return invalid("its port is not a number");
    }
    // http and https name the same post, so their default ports both vanish.
    if (port.empty() || port == "80" || port == "443") host.resize(colon);
  }
  while (!host.empty() && host.back() == '.') host.pop_back();
  for (std::string_view prefix : {"www.", "mobile.", "m."}) {
    if (host.size() > prefix.size() && host.rfind(prefix, 0) == 0) {
      host.erase(0, prefix.size());
      break;
    }
  }
  if (host == "twitter.com") host = "x.com";
  if (host.empty() || host.find_first_of(" \t\"<>\\^`{|}") != std::string::npos) return invalid("it has no valid host");

  std::string_view path = rest.substr(0, rest.find_first_of("?#"));
  std::string_view query;
  if (std::size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    query = query.substr(0, query.find('#'));
  }
  std::string canonical_path(path);
  while (canonical_path.size() > 1 && canonical_path.back() == '/') canonical_path.pop_back();
  if (canonical_path == "/") canonical_path.clear();

  std::vector<std::string_view> kept;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view parameter = query.substr(start, end - start);
    if (!parameter.empty() && !IsTracking(parameter)) kept.push_back(parameter);
    start = end + 1;
  }
  std::sort(kept.begin(), kept.end());
  std::string out = "https://" + host + canonical_path;
  for (std::size_t i = 0; i < kept.size(); ++i) out += fmt::format("{}{}", i == 0 ? "?" : "&", kept[i]);
  return out;
}

std::string NormaliseHandle(std::string_view handle) {
  while (!handle.empty() && (handle.front() == ' ' || handle.front() == '@')) handle.remove_prefix(1);
  while (!handle.empty() && handle.back() == ' ') handle.remove_suffix(1);
  return LowerAscii(handle);
}

std::string ContentKey(const Post& post) {
  std::string text;
  bool space = false;
  for (char c : post.text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !text.empty();
      continue;
    }
    if (space) text.push_back(' ');
    space = false;
    text.push_back(c);
  }
  // Unit separators keep "ab"+"c" and "a"+"bc" apart.
  return fmt::format("{}\x1f{}\x1f{}\x1f{}", LowerAscii(post.platform), NormaliseHandle(post.handle), Name(post.kind),
                     text);
}

}  // namespace docket::domain
