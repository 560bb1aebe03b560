// Decoding of query strings and application/x-www-form-urlencoded bodies.
#pragma once

#include <string_view>

#include "common/status.h"
#include "http/message.h"

namespace taskrouter::http {

// Decodes `text` (no leading '?'): '&'-separated `name=value` pairs, percent escapes decoded,
// '+' read as a space. Returns 400/20001 if `text` is not a valid query (a bad percent escape,
// a character that must be escaped) or if a decoded name or value is not valid UTF-8.
// `what` names the source in the message ("query string", "request body").
Result<Params> DecodeForm(std::string_view text, std::string_view what);

}  // namespace taskrouter::http
