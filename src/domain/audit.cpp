#include "domain/audit.hpp"

namespace docket::domain {
namespace {

void Field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

}  // namespace

std::string CanonicalEncoding(const AuditRecord& r) {
  std::string out = "docket-audit-v1;";
  Field(out, std::to_string(r.seq));
  Field(out, std::to_string(r.at.SecondsSinceEpoch()));
  Field(out, r.actor);
  Field(out, r.role);
  Field(out, r.action);
  Field(out, r.object_type);
  Field(out, r.object_id);
  Field(out, r.origin);
  Field(out, r.detail);
  Field(out, r.prev_hash);
  return out;
}

}  // namespace docket::domain
