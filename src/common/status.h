// Error values shared by every layer: a TaskRouter error is an HTTP status, a Twilio error
// code and a message, and fallible functions return it instead of throwing.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace taskrouter {

// The Twilio error codes this server answers with.
inline constexpr int kCodeInvalidParameter = 20001;
inline constexpr int kCodeAuthenticate = 20003;
inline constexpr int kCodeMethodNotAllowed = 20004;
inline constexpr int kCodeNotFound = 20404;
inline constexpr int kCodeInternal = 20500;
inline constexpr int kCodeInvalidPageToken = 21481;

class Error {
 public:
  Error(int http_status, int code, std::string message)
      : http_status_(http_status), code_(code), message_(std::move(message)) {}

  // 400 / 20001: a parameter is missing, malformed or breaks a rule.
  static Error InvalidParameter(std::string message) {
    return Error(400, kCodeInvalidParameter, std::move(message));
  }
  // 404 / 20404. The message is filled in by the HTTP layer from the requested path, so that
  // every layer below can report "not found" without knowing URLs.
  static Error NotFound() { return Error(404, kCodeNotFound, ""); }
  // 500 / 20500: the store failed; the request changed nothing.
  static Error Internal(std::string message) {
    return Error(500, kCodeInternal, std::move(message));
  }

  int http_status() const { return http_status_; }
  int code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  int http_status_;
  int code_;
  std::string message_;
};

// Success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  // Requires !ok().
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// A value of T or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  // Require ok().
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  // Requires !ok().
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace taskrouter
