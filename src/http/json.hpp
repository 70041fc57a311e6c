// Strict JSON request bodies.
//
// ParseJson accepts exactly one JSON value in valid UTF-8, within a size and
// nesting limit, with no duplicate keys (Boost.JSON would silently keep the
// last), and reports failures with their line, column and byte offset.
// JsonObjectReader then reads an object field by field; every failure is an
// Error{kInvalidArgument, "field 'name': ..."}, which ProblemResponse turns
// into a 400 problem whose `field` member names the field. Fields nobody read
// are reported by Finish(), so a misspelt optional field is an error rather
// than silently ignored.
//
// Numbers are read as integers only: Boost.JSON 1.81 prints 1.5 as "1.5E0",
// so docket's API keeps its numbers integral.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/result.hpp"

namespace docket::http {

/// Limits on a JSON document as a whole.
struct JsonLimits {
  std::size_t max_bytes = std::size_t{1} << 20;  //!< The largest document, in bytes.
  std::size_t max_depth = 32;                    //!< The deepest nesting of arrays and objects.
};

/// Limits on one string, counted in code points.
struct StringLimits {
  std::size_t max_length = 1000;  //!< The most code points allowed.
  std::size_t min_length = 0;     //!< The fewest code points allowed; 1 forbids the empty string.
};

/// The range an integer must lie in, inclusive.
struct IntegerLimits {
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
};

/// Limits on an array of strings or an object of strings.
struct ListLimits {
  std::size_t max_items = 100;  //!< The most elements (or members) allowed.
  StringLimits item{};          //!< Limits on each string.
};

/// A parsed JSON document.
class JsonDocument {
 public:
  JsonDocument(JsonDocument&&) noexcept;
  JsonDocument& operator=(JsonDocument&&) noexcept;
  ~JsonDocument();

  /// The document's root value, for code in http/ that includes Boost.JSON.
  const boost::json::value& Root() const;

 private:
  friend Result<JsonDocument> ParseJson(std::string_view text, const JsonLimits& limits);
  explicit JsonDocument(std::unique_ptr<boost::json::value> root);
  std::unique_ptr<boost::json::value> root_;
};

/// Parses one JSON document. kInvalidArgument, with the position, when the
/// text is larger than the limit, not valid UTF-8, malformed, nested too
/// deeply, followed by more text, or has a key twice in one object (whose
/// message then names the field).
Result<JsonDocument> ParseJson(std::string_view text, const JsonLimits& limits = {});

/// Reads an object's fields, checking their types and limits. A reader refers
/// to its document, which must outlive it. Every method returns
/// kInvalidArgument with a message "field 'path': ..." on failure, where path
/// is the dotted path from the root ("complainant.name", "parties[1]").
/// Optional readers treat null like an absent field.
class JsonObjectReader {
 public:
  /// A reader over the document's root. kInvalidArgument unless the root is an object.
  static Result<JsonObjectReader> Of(const JsonDocument& document);

  /// A required string.
  Result<std::string> String(std::string_view name, StringLimits limits = {});
  /// An optional string.
  Result<std::optional<std::string>> OptionalString(std::string_view name, StringLimits limits = {});
  /// A required integer (a number without fraction or exponent) within `limits`.
  Result<std::int64_t> Integer(std::string_view name, IntegerLimits limits = {});
  /// An optional integer within `limits`.
  Result<std::optional<std::int64_t>> OptionalInteger(std::string_view name, IntegerLimits limits = {});
  /// A required true or false.
  Result<bool> Boolean(std::string_view name);
  /// An optional true or false.
  Result<std::optional<bool>> OptionalBoolean(std::string_view name);
  /// A required array of strings.
  Result<std::vector<std::string>> StringList(std::string_view name, ListLimits limits = {});
  /// An optional array of strings.
  Result<std::optional<std::vector<std::string>>> OptionalStringList(std::string_view name, ListLimits limits = {});
  /// An optional object whose members are all strings, such as an action's fields.
  Result<std::map<std::string, std::string>> OptionalStringMap(std::string_view name, ListLimits limits = {});
  /// A required nested object; its unknown fields are reported by Finish() on any reader of the document.
  Result<JsonObjectReader> Object(std::string_view name);
  /// An optional nested object.
  Result<std::optional<JsonObjectReader>> OptionalObject(std::string_view name);

  /// kInvalidArgument naming the first field, in this object or any nested
  /// object read so far, that no call asked for.
  Result<void> Finish() const;

  /// The dotted path of a field of this object, as used in messages.
  std::string FieldPath(std::string_view name) const;

 private:
  struct State;
  JsonObjectReader(std::shared_ptr<State> state, std::size_t index);
  const boost::json::value* Find(std::string_view name);
  std::shared_ptr<State> state_;
  std::size_t index_ = 0;
};

}  // namespace docket::http
