// Errors as values: every fallible docket function returns Result<T>.
//
// Result<T> wraps tl::expected<T, Error> so that the switch to std::expected
// is this one file. Only members that std::expected also has are used.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace docket {

/// The fixed set of error codes; each says how a caller should react.
enum class ErrorCode {
  kInvalidArgument,     //!< The input is wrong; show the message, do not retry.
  kNotFound,            //!< The named object does not exist.
  kAlreadyExists,       //!< A unique key is taken; pick another or read the existing one.
  kFailedPrecondition,  //!< Not allowed in the current state; the message lists what is allowed.
  kConflict,            //!< Someone changed the object first; re-read and try again.
  kPermissionDenied,    //!< The actor may not do this; do not retry as the same actor.
  kUnavailable,         //!< A resource is busy or gone; retrying later may succeed.
  kInternal,            //!< A bug or a broken invariant; report it.
};

/// The stable lower-case name of a code, used in logs and problem documents.
std::string_view Name(ErrorCode code);

/// An error code plus a message that names the place (field, file:line, stage).
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

/// A value or an Error. Marked [[nodiscard]] so a dropped failure is a warning.
template <class T>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using tl::expected<T, Error>::expected;
  Result(const tl::expected<T, Error>& other) : tl::expected<T, Error>(other) {}  // NOLINT
  Result(tl::expected<T, Error>&& other) : tl::expected<T, Error>(std::move(other)) {}  // NOLINT
};

/// Builds the error side of any Result.
inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

/// Re-raises an existing error in a function returning another Result type.
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

/// Success of a Result<void>.
inline Result<void> Ok() { return {}; }

}  // namespace docket

#define DOCKET_CONCAT_INNER(a, b) a##b
#define DOCKET_CONCAT(a, b) DOCKET_CONCAT_INNER(a, b)

/// Returns the error of `expr` from the enclosing function, if it failed.
#define DOCKET_TRY(expr)                                            \
  do {                                                              \
    auto&& docket_try_result_ = (expr);                             \
    if (!docket_try_result_.has_value()) {                          \
      return ::docket::Fail(std::move(docket_try_result_).error()); \
    }                                                               \
  } while (false)

#define DOCKET_TRY_ASSIGN_IMPL(tmp, lhs, expr)      \
  auto tmp = (expr);                                \
  if (!tmp.has_value()) {                           \
    return ::docket::Fail(std::move(tmp).error());  \
  }                                                 \
  lhs = std::move(tmp).value()

/// Declares or assigns `lhs` from the value of `expr`, or returns its error.
#define DOCKET_TRY_ASSIGN(lhs, expr) \
  DOCKET_TRY_ASSIGN_IMPL(DOCKET_CONCAT(docket_try_tmp_, __LINE__), lhs, expr)
