#include "store/audit_chain.hpp"

#include <fmt/format.h>

#include "security/crypto.hpp"
#include "store/store.hpp"

namespace docket::store {

std::string ChainHash(const domain::AuditRecord& record) {
  return security::Sha256Hex(domain::CanonicalEncoding(record));
}

bool ChainVerifier::Add(const domain::AuditRecord& record) {
  if (check_.first_bad_seq) return false;
  const std::int64_t expected_seq = check_.records + 1;
  auto fail = [&](std::int64_t seq, std::string problem) {
    check_.first_bad_seq = seq;
    check_.problem = std::move(problem);
    return false;
  };
  if (record.seq != expected_seq) {
    return fail(expected_seq, fmt::format("record {} is missing (the next record is {})", expected_seq, record.seq));
  }
  if (record.prev_hash != prev_) {
    return fail(record.seq,
                fmt::format("record {} does not follow record {}: its previous hash is {}, but record {} hashes to {}",
                            record.seq, record.seq - 1, record.prev_hash, record.seq - 1, prev_));
  }
  std::string hash = ChainHash(record);
  if (hash != record.hash) {
    return fail(record.seq, fmt::format("record {} was altered: its content hashes to {}, but it claims {}",
                                        record.seq, hash, record.hash));
  }
  prev_ = record.hash;
  ++check_.records;
  return true;
}

Result<ChainCheck> VerifyChain(Store& store, const std::function<void(std::int64_t)>& progress) {
  ChainVerifier verifier;
  DOCKET_TRY_ASSIGN(auto tx, store.Begin(TransactionMode::kRead));
  while (true) {
    DOCKET_TRY_ASSIGN(std::vector<domain::AuditRecord> page, tx->Audit().Scan(verifier.Check().records, 10000));
    if (page.empty()) break;
    for (const domain::AuditRecord& record : page) {
      if (!verifier.Add(record)) return verifier.Check();
    }
    if (progress) progress(verifier.Check().records);
  }
  return verifier.Check();
}

}  // namespace docket::store
