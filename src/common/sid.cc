#include "common/sid.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace taskrouter {
namespace {

void FillRandom(unsigned char* out, size_t size) {
  size_t filled = 0;
  while (filled < size) {
    ssize_t got = getrandom(out + filled, size - filled, 0);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      std::abort();
    }
    filled += static_cast<size_t>(got);
  }
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::string RandomHex(size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::vector<unsigned char> raw(bytes);
  FillRandom(raw.data(), raw.size());
  std::string hex;
  hex.reserve(bytes * 2);
  for (unsigned char b : raw) {
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 0xf]);
  }
  return hex;
}

std::string NewSid(std::string_view prefix) { return std::string(prefix) + RandomHex(16); }

bool IsSid(std::string_view text, std::string_view prefix) {
  if (text.size() != kSidLength || text.substr(0, 2) != prefix) {
    return false;
  }
  for (char c : text.substr(2)) {
    if (!IsHexDigit(c)) {
      return false;
    }
  }
  return true;
}

}  // namespace taskrouter
