// Reading typed values out of a parsed TOML document while collecting
// diagnostics. Internal to docket_policy: it is the only header that includes
// toml++, and no public header includes it, so toml++ stays a private
// dependency of the library.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/time.hpp"
#include "policy/diagnostic.hpp"

namespace docket::policy {

/// A 1-based place in a file; ordered as in the file.
struct Position {
  int line = 0;
  int column = 0;

  friend auto operator<=>(const Position&, const Position&) = default;
};

Position PositionOf(const toml::node& node);
Position PositionOf(const toml::key& key);

/// A value together with where it was written.
template <class T>
struct Located {
  T value;
  Position at;
};

/// What a value should have been, for "'KEY' must be ..." messages.
enum class Expected { kString, kInteger, kBoolean, kDate, kArrayOfStrings, kTable, kArrayOfTables };

/// Reads one file: parses it, reads typed values and collects every problem
/// found on the way. The getters return nothing both when a key is absent and
/// when its value has the wrong type; in the second case they also report it.
class TomlReader {
 public:
  explicit TomlReader(std::string_view file_name) : file_name_(file_name) {}

  /// The document, or nothing after reporting the syntax error at its position.
  std::optional<toml::table> Parse(std::string_view text);

  void Report(Position at, std::string message);
  /// Reports a value of the wrong type: "'KEY' must be an integer".
  void ReportWrongType(std::string_view key, Expected expected, const toml::node& node);

  /// Reports each key of `table` that is not in `allowed`; `where` completes
  /// "unknown key 'x' ...", e.g. "in [policy]".
  void CheckKeys(const toml::table& table, std::string_view where, std::initializer_list<std::string_view> allowed);

  std::optional<Located<std::string>> String(const toml::table& table, std::string_view key);
  /// An integer that fits in an int; a larger one is reported as out of range.
  std::optional<Located<int>> Int(const toml::table& table, std::string_view key);
  std::optional<Located<long long>> Integer(const toml::table& table, std::string_view key);
  std::optional<bool> Boolean(const toml::table& table, std::string_view key);
  std::optional<Located<Date>> DateValue(const toml::table& table, std::string_view key);
  /// The strings of an array, each with its position; empty when absent.
  std::vector<Located<std::string>> Strings(const toml::table& table, std::string_view key);
  const toml::table* Table(const toml::table& table, std::string_view key);
  /// An array whose elements are all tables (wrong elements are reported and skipped).
  std::vector<const toml::table*> Tables(const toml::table& table, std::string_view key);

  /// Every diagnostic so far, in file order.
  std::vector<Diagnostic> TakeDiagnostics();

 private:
  std::string file_name_;
  std::vector<Diagnostic> diagnostics_;
};

/// "a, b, c".
std::string Join(const std::vector<std::string>& items);

}  // namespace docket::policy
