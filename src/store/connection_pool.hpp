// The idle connections of a store, shared by its threads: a transaction
// takes one (or the store opens a new one) and gives it back when it ends.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

namespace docket::store {

template <class Connection>
class ConnectionPool {
 public:
  /// An idle connection, or null when none is idle.
  std::unique_ptr<Connection> TakeIdle() {
    std::lock_guard lock(mutex_);
    if (idle_.empty()) return nullptr;
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  /// Keeps a connection for the next transaction.
  void Give(std::unique_ptr<Connection> connection) {
    if (!connection) return;
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace docket::store
