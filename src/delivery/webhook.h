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

// What a receiver answered.
struct WebhookResponse {
  int status = 0;
  std::string body;  // at most 1 MiB; a longer answer is an error
};

// POSTs `params` form-encoded to `url` (http or https) with the signature header. Returns the
// receiver's answer, whatever its status, or an error if the URL is malformed, the receiver
// cannot be reached, or it does not answer within `timeout`.
Result<WebhookResponse> PostWebhook(const std::string& url, const StringPairs& params,
                                    const std::string& signature,
                                    std::chrono::milliseconds timeout);

}  // namespace taskrouter
