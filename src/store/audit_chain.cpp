#include "store/audit_chain.hpp"

#include <fmt/format.h>

#include "security/crypto.hpp"
#include "store/store.hpp"

namespace docket::store {

std::string ChainHash(const domain::AuditRecord& record) {
  return security::Sha256Hex(domain::CanonicalEncoding(record));
}

Result<ChainCheck> VerifyChain(Store& store, const std::function<void(std::int64_t)>& progress) {
  ChainCheck check;
  std::string prev(domain::kGenesisHash);
  std::int64_t expected_seq = 1;
  DOCKET_TRY_ASSIGN(auto tx, store.Begin(TransactionMode::kRead));
  while (true) {
    DOCKET_TRY_ASSIGN(std::vector<domain::AuditRecord> page, tx->Audit().Scan(expected_seq - 1, 10000));
    if (page.empty()) break;
    for (const domain::AuditRecord& record : page) {
      auto fail = [&](std::string problem) {
        check.first_bad_seq = record.seq;
        check.problem = std::move(problem);
      };
      if (record.seq != expected_seq) {
        fail(fmt::format("record {} is missing (the next record is {})", expected_seq, record.seq));
        check.first_bad_seq = expected_seq;
        return check;
      }
      if (record.prev_hash != prev) {
        fail(fmt::format("record {} does not follow record {}: its previous hash is {}, but record {} hashes to {}",
                         record.seq, record.seq - 1, record.prev_hash, record.seq - 1, prev));
        return check;
      }
      std::string hash = ChainHash(record);
      if (hash != record.hash) {
        fail(fmt::format("record {} was altered: its content hashes to {}, but it claims {}", record.seq, hash,
                         record.hash));
        return check;
      }
      prev = record.hash;
      ++expected_seq;
      ++check.records;
    }
    if (progress) progress(check.records);
  }
  return check;
}

}  // namespace docket::store
