// libFuzzer target: the HTTP Basic Authorization header.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/basic_auth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view header(reinterpret_cast<const char*>(data), size);
  std::optional<taskrouter::http::Credentials> credentials =
      taskrouter::http::ParseBasicAuth(header);
  if (credentials.has_value() &&
      credentials->username.size() + credentials->password.size() >= size) {
    __builtin_trap();  // decoding base64 shrinks the text
  }
  return 0;
}
