// UTF-8 checks shared by target parsing and JSON parsing: everything docket
// reads from the wire must be valid UTF-8 before a handler sees it.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace docket::http {

/// The byte offset of the first byte that does not start or continue a valid
/// UTF-8 sequence (overlong forms, surrogates and code points above U+10FFFF
/// are invalid), or nullopt when the whole text is valid.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

/// The number of code points in valid UTF-8 text: what a user calls its length.
std::size_t CountCodePoints(std::string_view text);

}  // namespace docket::http
