// A problem found in a data file (a policy or a calendar), with the place it
// was found, so that an author can go straight to it.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace docket::policy {

/// One problem in a file, at a 1-based line and column (0 when the file as a whole is meant).
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  /// "FILE:LINE:COL: message", the form compilers and editors understand.
  std::string ToString() const;
};

/// A kInvalidArgument error whose message is every diagnostic's ToString(), one per line.
Error DiagnosticsError(const std::vector<Diagnostic>& diagnostics);

}  // namespace docket::policy
