// The text encoding of an action's fields in the case history: one
// "name=value" pair per line, with '%', '=', CR and LF percent-encoded. Shared
// by every backend so a migrated history reads back the same.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/case.hpp"

namespace docket::store {

std::string EncodeFields(const domain::FieldMap& fields);
/// kInternal when the text is not in the encoding (a corrupted row).
Result<domain::FieldMap> DecodeFields(std::string_view text);

}  // namespace docket::store
