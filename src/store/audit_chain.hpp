// The audit hash chain, shared by every backend and by `docket audit verify`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/audit.hpp"

namespace docket::store {

class Store;

/// SHA-256 (hex) of the record's canonical encoding, which includes prev_hash.
std::string ChainHash(const domain::AuditRecord& record);

/// The result of checking a chain from its first record.
struct ChainCheck {
  std::int64_t records = 0;                   //!< Records checked.
  std::optional<std::int64_t> first_bad_seq;  //!< The first record that fails, if any.
  std::string problem;                        //!< Why it fails.
};

/// Checks a chain one record at a time, in seq order from the first, for
/// callers that read the records themselves (VerifyChain reads a Store; the
/// store migration reads the target database directly).
class ChainVerifier {
 public:
  /// False once a record fails: this one or an earlier one. Check() names the first.
  bool Add(const domain::AuditRecord& record);
  //! Records checked so far, and the first failure if any.
  const ChainCheck& Check() const { return check_; }
  //! The hash of the last record that verified (the genesis hash before any).
  const std::string& Head() const { return prev_; }

 private:
  ChainCheck check_;
  std::string prev_{domain::kGenesisHash};
};

/// Recomputes every hash in order. A missing, reordered or edited record is
/// reported at the first seq where the chain breaks.
Result<ChainCheck> VerifyChain(Store& store, const std::function<void(std::int64_t)>& progress = {});

}  // namespace docket::store
