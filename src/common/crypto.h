// Hashing and encoding from OpenSSL's libcrypto, wrapped for the few uses the server has.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace taskrouter {

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Compares two secrets in time that depends only on their length, not on where they differ.
// Only the length can leak through timing; tokens and digests have lengths fixed by their form.
bool SecretsEqual(std::string_view a, std::string_view b);

// Standard base64 with padding, no line breaks.
std::string Base64Encode(std::string_view data);

// Base64 of HMAC-SHA1(key, data): the X-Twilio-Signature of a webhook.
std::string HmacSha1Base64(std::string_view key, std::string_view data);

// Decodes standard base64 (with padding). Returns nullopt on malformed input.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace taskrouter
