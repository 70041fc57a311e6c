#include "http/json.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "http/utf8.hpp"

namespace docket::http {
namespace {

namespace bj = boost::json;

// "line 2, column 5 (byte 12)" for a byte offset, counting columns in bytes.
std::string Position(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return fmt::format("line {}, column {} (byte {})", line, offset - line_start + 1, offset);
}

// A handler for Boost.JSON's SAX parser that builds nothing and only looks
// for duplicate keys, tracking the path so that the message can name the field.
class DuplicateKeyFinder {
 public:
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  bool on_document_begin(bj::error_code&) { return true; }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_array_begin(bj::error_code&) {
    frames_.push_back(Frame{.is_array = true});
    return true;
  }
  bool on_array_end(std::size_t, bj::error_code&) { return EndContainer(); }
  bool on_object_begin(bj::error_code&) {
    frames_.push_back(Frame{.is_array = false});
    return true;
  }
  bool on_object_end(std::size_t, bj::error_code&) { return EndContainer(); }
  bool on_string_part(bj::string_view, std::size_t, bj::error_code&) { return true; }
  bool on_string(bj::string_view, std::size_t, bj::error_code&) { return EndValue(); }
  bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(bj::string_view s, std::size_t, bj::error_code& ec) {
    key_.append(s.data(), s.size());
    Frame& frame = frames_.back();
    frame.key = std::move(key_);
    key_.clear();
    if (!frame.keys.insert(frame.key).second) {
      duplicate_ = Path();
      ec = bj::error::syntax;
      return false;
    }
    return true;
  }
  bool on_number_part(bj::string_view, bj::error_code&) { return true; }
  bool on_int64(std::int64_t, bj::string_view, bj::error_code&) { return EndValue(); }
  bool on_uint64(std::uint64_t, bj::string_view, bj::error_code&) { return EndValue(); }
  bool on_double(double, bj::string_view, bj::error_code&) { return EndValue(); }
  bool on_bool(bool, bj::error_code&) { return EndValue(); }
  bool on_null(bj::error_code&) { return EndValue(); }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }

  const std::optional<std::string>& Duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool is_array = false;
    std::size_t index = 0;         // The index of the current element, in an array.
    std::string key{};             // The current key, in an object.
    std::set<std::string> keys{};  // Every key seen so far, in an object.
  };

  bool EndValue() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
    return true;
  }
  bool EndContainer() {
    frames_.pop_back();
    return EndValue();
  }
  std::string Path() const {
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.is_array) {
        path += fmt::format("[{}]", frame.index);
      } else {
        if (!path.empty()) path += '.';
        path += frame.key;
      }
    }
    return path;
  }

  std::vector<Frame> frames_;
  std::string key_;
  std::optional<std::string> duplicate_;
};

std::string_view KindName(const bj::value& value) {
  switch (value.kind()) {
    case bj::kind::null: return "null";
    case bj::kind::bool_: return "a boolean";
    case bj::kind::int64:
    case bj::kind::uint64:
    case bj::kind::double_: return "a number";
    case bj::kind::string: return "a string";
    case bj::kind::array: return "an array";
    case bj::kind::object: return "an object";
  }
  return "a value";
}

tl::unexpected<Error> FieldError(const std::string& path, std::string_view what) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': {}", path, what));
}

Result<std::string> CheckString(const std::string& path, const bj::value& value, const StringLimits& limits) {
  if (!value.is_string()) return FieldError(path, fmt::format("must be a string; got {}", KindName(value)));
  const bj::string& text = value.get_string();
  const std::size_t length = CountCodePoints(std::string_view(text.data(), text.size()));
  if (length > limits.max_length) {
    return FieldError(path, fmt::format("must be at most {} characters; it has {}", limits.max_length, length));
  }
  if (length < limits.min_length) {
    if (limits.min_length == 1) return FieldError(path, "must not be empty");
    return FieldError(path, fmt::format("must be at least {} characters; it has {}", limits.min_length, length));
  }
  return std::string(text.data(), text.size());
}

Result<std::int64_t> CheckInteger(const std::string& path, const bj::value& value, const IntegerLimits& limits) {
  std::int64_t number = 0;
  if (value.is_int64()) {
    number = value.get_int64();
  } else if (value.is_uint64()) {
    return FieldError(path, fmt::format("must be between {} and {}", limits.min, limits.max));
  } else if (value.is_double()) {
    // Doubles are not echoed: Boost.JSON and fmt disagree on how to print them.
    return FieldError(path, "must be a whole number");
  } else {
    return FieldError(path, fmt::format("must be a whole number; got {}", KindName(value)));
  }
  if (number < limits.min || number > limits.max) {
    return FieldError(path, fmt::format("must be between {} and {}; it is {}", limits.min, limits.max, number));
  }
  return number;
}

}  // namespace

JsonDocument::JsonDocument(std::unique_ptr<bj::value> root) : root_(std::move(root)) {}
JsonDocument::JsonDocument(JsonDocument&&) noexcept = default;
JsonDocument& JsonDocument::operator=(JsonDocument&&) noexcept = default;
JsonDocument::~JsonDocument() = default;

const bj::value& JsonDocument::Root() const { return *root_; }

Result<JsonDocument> ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("the JSON document has {} bytes; the limit is {}", text.size(), limits.max_bytes));
  }
  if (auto bad = FindInvalidUtf8(text)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("the body is not valid UTF-8 at {}", Position(text, *bad)));
  }
  bj::parse_options options;
  options.max_depth = limits.max_depth;

  // A first pass with the SAX parser finds syntax errors, with their offset,
  // and duplicate keys, which the DOM parser would silently resolve.
  bj::basic_parser<DuplicateKeyFinder> checker(options);
  bj::error_code ec;
  const std::size_t consumed = checker.write_some(false, text.data(), text.size(), ec);
  if (const auto& duplicate = checker.handler().Duplicate()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("field '{}': appears more than once in its object ({})",
                                                         *duplicate, Position(text, consumed)));
  }
  if (ec) {
    const std::string why =
        ec == bj::error::too_deep ? fmt::format("nested deeper than {} levels", limits.max_depth) : ec.message();
    return Fail(ErrorCode::kInvalidArgument, fmt::format("malformed JSON at {}: {}", Position(text, consumed), why));
  }
  if (consumed < text.size()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("malformed JSON at {}: text after the JSON value", Position(text, consumed)));
  }
  auto root = std::make_unique<bj::value>(bj::parse(bj::string_view(text.data(), text.size()), ec, {}, options));
  if (ec) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("malformed JSON: {}", ec.message()));
  }
  return JsonDocument(std::move(root));
}

struct JsonObjectReader::State {
  struct Entry {
    const bj::object* object = nullptr;
    std::string prefix;               // The dotted path of this object, empty for the root.
    std::vector<std::string> read{};  // The names asked for, in order, for the "known fields" list.
  };
  std::vector<Entry> entries;
};

JsonObjectReader::JsonObjectReader(std::shared_ptr<State> state, std::size_t index)
    : state_(std::move(state)), index_(index) {}

Result<JsonObjectReader> JsonObjectReader::Of(const JsonDocument& document) {
  const bj::value& root = document.Root();
  if (!root.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("the body must be a JSON object; got {}", KindName(root)));
  }
  auto state = std::make_shared<State>();
  state->entries.push_back(State::Entry{&root.get_object(), "", {}});
  return JsonObjectReader(std::move(state), 0);
}

std::string JsonObjectReader::FieldPath(std::string_view name) const {
  const std::string& prefix = state_->entries[index_].prefix;
  return prefix.empty() ? std::string(name) : fmt::format("{}.{}", prefix, name);
}

const bj::value* JsonObjectReader::Find(std::string_view name) {
  State::Entry& entry = state_->entries[index_];
  if (std::find(entry.read.begin(), entry.read.end(), name) == entry.read.end()) entry.read.emplace_back(name);
  const bj::value* value = entry.object->if_contains(bj::string_view(name.data(), name.size()));
  return (value == nullptr || value->is_null()) ? nullptr : value;
}

Result<std::string> JsonObjectReader::String(std::string_view name, StringLimits limits) {
  const bj::value* value = Find(name);
  if (value == nullptr) return FieldError(FieldPath(name), "is required");
  return CheckString(FieldPath(name), *value, limits);
}

Result<std::optional<std::string>> JsonObjectReader::OptionalString(std::string_view name, StringLimits limits) {
  const bj::value* value = Find(name);
  if (value == nullptr) return std::optional<std::string>();
  DOCKET_TRY_ASSIGN(std::string text, CheckString(FieldPath(name), *value, limits));
  return std::optional<std::string>(std::move(text));
}

Result<std::int64_t> JsonObjectReader::Integer(std::string_view name, IntegerLimits limits) {
  const bj::value* value = Find(name);
  if (value == nullptr) return FieldError(FieldPath(name), "is required");
  return CheckInteger(FieldPath(name), *value, limits);
}

Result<std::optional<std::int64_t>> JsonObjectReader::OptionalInteger(std::string_view name, IntegerLimits limits) {
  const bj::value* value = Find(name);
  if (value == nullptr) return std::optional<std::int64_t>();
  DOCKET_TRY_ASSIGN(std::int64_t number, CheckInteger(FieldPath(name), *value, limits));
  return std::optional<std::int64_t>(number);
}

Result<bool> JsonObjectReader::Boolean(std::string_view name) {
  DOCKET_TRY_ASSIGN(std::optional<bool> flag, OptionalBoolean(name));
  if (!flag) return FieldError(FieldPath(name), "is required");
  return *flag;
}

Result<std::optional<bool>> JsonObjectReader::OptionalBoolean(std::string_view name) {
  const bj::value* value = Find(name);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_bool()) {
    return FieldError(FieldPath(name), fmt::format("must be true or false; got {}", KindName(*value)));
  }
  return std::optional<bool>(value->get_bool());
}

Result<std::vector<std::string>> JsonObjectReader::StringList(std::string_view name, ListLimits limits) {
  DOCKET_TRY_ASSIGN(std::optional<std::vector<std::string>> list, OptionalStringList(name, limits));
  if (!list) return FieldError(FieldPath(name), "is required");
  return std::move(*list);
}

Result<std::optional<std::vector<std::string>>> JsonObjectReader::OptionalStringList(std::string_view name,
                                                                                     ListLimits limits) {
  const bj::value* value = Find(name);
  if (value == nullptr) return std::optional<std::vector<std::string>>();
  const std::string path = FieldPath(name);
  if (!value->is_array()) return FieldError(path, fmt::format("must be an array of strings; got {}", KindName(*value)));
  const bj::array& array = value->get_array();
  if (array.size() > limits.max_items) {
    return FieldError(path, fmt::format("must have at most {} items; it has {}", limits.max_items, array.size()));
  }
  std::vector<std::string> list;
  list.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    DOCKET_TRY_ASSIGN(std::string item, CheckString(fmt::format("{}[{}]", path, i), array[i], limits.item));
    list.push_back(std::move(item));
  }
  return std::optional<std::vector<std::string>>(std::move(list));
}

Result<std::map<std::string, std::string>> JsonObjectReader::OptionalStringMap(std::string_view name,
                                                                               ListLimits limits) {
  const bj::value* value = Find(name);
  std::map<std::string, std::string> map;
  if (value == nullptr) return map;
  const std::string path = FieldPath(name);
  if (!value->is_object()) {
    return FieldError(path, fmt::format("must be an object of strings; got {}", KindName(*value)));
  }
  const bj::object& object = value->get_object();
  if (object.size() > limits.max_items) {
    return FieldError(path, fmt::format("must have at most {} members; it has {}", limits.max_items, object.size()));
  }
  for (const auto& member : object) {
    std::string key(member.key().data(), member.key().size());
    DOCKET_TRY_ASSIGN(std::string text, CheckString(fmt::format("{}.{}", path, key), member.value(), limits.item));
    map.emplace(std::move(key), std::move(text));
  }
  return map;
}

Result<JsonObjectReader> JsonObjectReader::Object(std::string_view name) {
  DOCKET_TRY_ASSIGN(std::optional<JsonObjectReader> reader, OptionalObject(name));
  if (!reader) return FieldError(FieldPath(name), "is required");
  return std::move(*reader);
}

Result<std::optional<JsonObjectReader>> JsonObjectReader::OptionalObject(std::string_view name) {
  const bj::value* value = Find(name);
  if (value == nullptr) return std::optional<JsonObjectReader>();
  const std::string path = FieldPath(name);
  if (!value->is_object()) return FieldError(path, fmt::format("must be an object; got {}", KindName(*value)));
  state_->entries.push_back(State::Entry{&value->get_object(), path, {}});
  return std::optional<JsonObjectReader>(JsonObjectReader(state_, state_->entries.size() - 1));
}

Result<void> JsonObjectReader::Finish() const {
  for (const State::Entry& entry : state_->entries) {
    for (const auto& member : *entry.object) {
      const std::string_view key(member.key().data(), member.key().size());
      if (std::find(entry.read.begin(), entry.read.end(), key) != entry.read.end()) continue;
      const std::string path = entry.prefix.empty() ? std::string(key) : fmt::format("{}.{}", entry.prefix, key);
      return FieldError(path, entry.read.empty()
                                  ? std::string("is not a known field; this object takes no fields")
                                  : fmt::format("is not a known field; known fields: {}", fmt::join(entry.read, ", ")));
    }
  }
  return Ok();
}

}  // namespace docket::http
