// TaskRouter SIDs: a two-letter prefix and 32 lowercase hex digits.
#pragma once

#include <string>
#include <string_view>

namespace taskrouter {

inline constexpr size_t kSidLength = 34;

// A new SID with `prefix` (two letters) and 128 bits from the operating system's
// cryptographic random source. Thread-safe. Aborts only if the kernel refuses randomness,
// which no caller could recover from.
std::string NewSid(std::string_view prefix);

// `bytes` random bytes as lowercase hex, from the same source as NewSid.
std::string RandomHex(size_t bytes);

// True if `text` is `prefix` followed by 32 hex digits of either case, as the OpenAPI
// patterns (`^WA[0-9a-fA-F]{32}$`) accept.
bool IsSid(std::string_view text, std::string_view prefix);

}  // namespace taskrouter
