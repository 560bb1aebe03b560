// Outbound webhooks as Twilio sends them: a form-encoded POST signed with X-Twilio-Signature.
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"
#include "store/records.h"

namespace taskrouter {

// The X-Twilio-Signature of a form POST of `params` to `url`: base64 of HMAC-SHA1, keyed with
// `auth_token`, over the URL followed by every name and value, sorted by name.
std::string WebhookSignature(const std::string& auth_token, const std::string& url,
                             const StringPairs& params);

// POSTs `params` form-encoded to `url` (http or https) with the signature header. Returns the
// response's HTTP status, or an error if the URL is malformed, the receiver cannot be reached,
// or it does not answer within `timeout`.
Result<int> PostWebhook(const std::string& url, const StringPairs& params,
                        const std::string& signature, std::chrono::milliseconds timeout);

}  // namespace taskrouter
