#include "policy/diagnostic.hpp"

#include <fmt/format.h>

namespace docket::policy {

std::string Diagnostic::ToString() const { return fmt::format("{}:{}:{}: {}", file, line, column, message); }

Error DiagnosticsError(const std::vector<Diagnostic>& diagnostics) {
  std::string message;
  for (const Diagnostic& diagnostic : diagnostics) {
    if (!message.empty()) message += '\n';
    message += diagnostic.ToString();
  }
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

}  // namespace docket::policy
