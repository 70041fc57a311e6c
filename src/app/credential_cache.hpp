// A short-lived memory of checked credentials, so that a busy client does not
// cost a database read per request to say who it is. An entry lives at most
// the TTL (kDefaultTtl) of real time (and never past its session's expiry by the service's
// clock); signing out, a role change, disabling an account and new
// credentials clear it at once in this process. Another server process on
// the same database notices such a change within the TTL (docs/decisions.md).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/time.hpp"
#include "store/store.hpp"

namespace docket::app {

class CredentialCache {
 public:
  static constexpr std::chrono::milliseconds kDefaultTtl{2000};

  explicit CredentialCache(std::chrono::milliseconds ttl = kDefaultTtl) : ttl_(ttl) {}
  static constexpr std::size_t kMaxEntries = 10000;

  /// What a credential proved, without the request's origin.
  struct Entry {
    store::User user;
    std::string csrf_token;
    std::vector<std::string> scopes;
    bool via_session = false;
    std::optional<Instant> expires_at;  //!< Sessions: the service's clock must be before it.
    std::optional<Instant> created_at;  //!< Sessions: when signed in (bounds how far use extends it).
  };

  std::optional<Entry> Find(const std::string& key, Instant now) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    if (std::chrono::steady_clock::now() >= it->second.until ||
        (it->second.entry.expires_at && *it->second.entry.expires_at < now)) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.entry;
  }

  void Put(const std::string& key, Entry entry) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    if (ttl_.count() <= 0) return;
    entries_[key] = Slot{std::move(entry), std::chrono::steady_clock::now() + ttl_};
  }

  void Forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    entries_.erase(key);
  }

  void Clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
  }

 private:
  struct Slot {
    Entry entry;
    std::chrono::steady_clock::time_point until;
  };
  std::chrono::milliseconds ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, Slot> entries_;
};

}  // namespace docket::app
