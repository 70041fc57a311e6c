// Building audit records for use cases, so every service writes them alike.
#pragma once

#include <string>

#include "domain/actor.hpp"
#include "domain/audit.hpp"

namespace docket::app {

/// An audit record of `actor` doing `action` to one object.
inline domain::AuditRecord AuditOf(const domain::Actor& actor, Instant at, std::string action,
                                   std::string object_type, std::string object_id, std::string detail = {}) {
  domain::AuditRecord record;
  record.at = at;
  record.actor = actor.username;
  record.role = actor.role;
  record.action = std::move(action);
  record.object_type = std::move(object_type);
  record.object_id = std::move(object_id);
  record.origin = actor.origin;
  record.detail = std::move(detail);
  return record;
}

}  // namespace docket::app
