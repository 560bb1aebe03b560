// The HTTP Basic credentials of a request.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace taskrouter::http {

struct Credentials {
  std::string username;
  std::string password;
};

// Reads an `Authorization: Basic base64(username:password)` header value. Returns nullopt for
// any other scheme, bad base64 or a decoded value without ':'. The scheme name is matched
// case-insensitively, as RFC 7617 asks.
std::optional<Credentials> ParseBasicAuth(std::string_view header);

}  // namespace taskrouter::http
