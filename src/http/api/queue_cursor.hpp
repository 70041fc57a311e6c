// The opaque cursor of the case queue. The queue is ordered by deadline, then
// case id, so a page ends at a (due_at, id) position and the next page starts
// after it; the cursor carries that position. It is opaque so that clients
// pass it back unchanged rather than build one, and so that its form can change.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace docket::http::api {

/// A position in the queue: the last row's deadline (none for cases without one) and id.
using QueuePosition = std::pair<std::optional<Instant>, CaseId>;

/// The cursor for a position: URL-safe base64, no padding.
std::string EncodeQueueCursor(const QueuePosition& position);

/// The position a cursor names. kInvalidArgument "field 'cursor': ..." for
/// anything EncodeQueueCursor did not write.
Result<QueuePosition> DecodeQueueCursor(std::string_view cursor);

}  // namespace docket::http::api
