// Policy files: TOML in, domain::Policy out. The schema is the one
// data/policy/party.toml follows. Loading checks everything the workflow
// engine relies on (see the invariants on domain::Policy) and reports every
// problem at once, each as FILE:LINE:COL: message, in file order, so that an
// author can fix a policy in one pass.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/policy.hpp"
#include "policy/diagnostic.hpp"

namespace docket::policy {

/// Parses and checks a policy. kInvalidArgument when it has any problem; the
/// message is every diagnostic's ToString(), one per line, in file order.
Result<domain::Policy> LoadPolicy(std::string_view text, std::string_view file_name);

/// Reads the file, then LoadPolicy with the path as the file name. kNotFound
/// (naming the path) when it cannot be read.
Result<domain::Policy> LoadPolicyFile(const std::filesystem::path& path);

/// Every problem in a policy, in file order; empty when it is valid. A TOML
/// syntax error is a single diagnostic at its position (nothing else can be checked).
std::vector<Diagnostic> CheckPolicy(std::string_view text, std::string_view file_name);

}  // namespace docket::policy
