// Strongly typed ids, so a member id cannot be passed where a case id belongs.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace docket {

/// A row id of one kind of object; 0 means "not stored yet".
template <class Tag>
struct Id {
  std::int64_t value = 0;
  constexpr bool IsSet() const { return value != 0; }
  friend constexpr auto operator<=>(Id, Id) = default;
};

using MemberId = Id<struct MemberTag>;
using CaseId = Id<struct CaseTag>;
using ComplaintId = Id<struct ComplaintTag>;
using UserId = Id<struct UserTag>;
using SanctionId = Id<struct SanctionTag>;

}  // namespace docket

template <class Tag>
struct std::hash<docket::Id<Tag>> {
  std::size_t operator()(docket::Id<Tag> id) const noexcept { return std::hash<std::int64_t>{}(id.value); }
};
