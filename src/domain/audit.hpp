// The audit log: who did what to which object, when and from where. Records
// form a hash chain: each record's hash covers its canonical encoding and the
// previous record's hash, so editing, inserting or deleting any record breaks
// every hash after it. `docket audit verify` recomputes the chain.
#pragma once

#include <cstdint>
#include <string>

#include "core/time.hpp"

namespace docket::domain {

/// One entry of the audit log.
struct AuditRecord {
  std::int64_t seq = 0;     //!< Position in the chain, from 1, gap-free.
  Instant at;
  std::string actor;        //!< User name, "cli:<unix user>", "public", "system".
  std::string role;
  std::string action;       //!< "case.read", "case.act", "case.list", "access.refused", "login", ...
  std::string object_type;  //!< "case", "complaint", "user", "member", "evidence", ...
  std::string object_id;
  std::string origin;       //!< Client address, or "cli".
  std::string detail;       //!< What changed, e.g. the action id; never case content.
  std::string prev_hash;    //!< Hex SHA-256 of the previous record; 64 zeros for the first.
  std::string hash;         //!< Hex SHA-256 of prev_hash and the canonical encoding.
};

/// The hash of the record before the first.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

/// The bytes that are hashed: every field but `hash`, each as
/// "<decimal length>:<bytes>;" in a fixed order, so no two records encode alike.
std::string CanonicalEncoding(const AuditRecord& record);

}  // namespace docket::domain
