#include "http/basic_auth.h"

#include "common/crypto.h"
#include "common/text.h"

namespace taskrouter::http {

std::optional<Credentials> ParseBasicAuth(std::string_view header) {
  constexpr std::string_view kScheme = "basic ";
  if (header.size() < kScheme.size() || FoldCase(header.substr(0, kScheme.size())) != kScheme) {
    return std::nullopt;
  }
  std::string_view encoded = header.substr(kScheme.size());
  while (!encoded.empty() && encoded.front() == ' ') {
    encoded.remove_prefix(1);
  }
  while (!encoded.empty() && encoded.back() == ' ') {
    encoded.remove_suffix(1);
  }

  std::optional<std::string> decoded = Base64Decode(encoded);
  if (!decoded.has_value()) {
    return std::nullopt;
  }
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) {
    return std::nullopt;
  }
  return Credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

}  // namespace taskrouter::http
