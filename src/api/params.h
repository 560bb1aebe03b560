// Reading TaskRouter parameters out of a request.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "http/message.h"

namespace taskrouter::api {

inline constexpr size_t kMaxUrlLength = 2048;           // callback URLs
inline constexpr size_t kMaxEventsFilterLength = 2048;  // EventsFilter
inline constexpr size_t kMaxAttributesLength = 16384;   // Worker Attributes, in bytes

// A parameter of at most `max_length` bytes, if present; 400/20001 if longer.
Result<std::optional<std::string>> ReadLimitedParam(const http::Params& form, std::string_view name,
                                                    size_t max_length);

// The value of a required body parameter, or 400/20001 naming it.
Result<std::string> RequireParam(const http::Params& form, std::string_view name);

// A `true`/`false` parameter (any case), if present; 400/20001 for any other value.
Result<std::optional<bool>> ReadBoolParam(const http::Params& form, std::string_view name);

// A decimal integer parameter (an optional '-' and digits), if present; 400/20001 for anything
// else, or a number outside int64.
Result<std::optional<int64_t>> ReadIntegerParam(const http::Params& form, std::string_view name);

// A SID parameter with `prefix`, if present; 400/20001 if it is not a SID of that kind.
Result<std::optional<std::string>> ReadSidParam(const http::Params& form, std::string_view name,
                                                std::string_view prefix);

// An absolute http or https URL parameter, if present; an empty value is kept as "" (it
// clears the field). 400/20001 for anything else.
Result<std::optional<std::string>> ReadCallbackUrlParam(const http::Params& form,
                                                        std::string_view name);

// A JSON object parameter, if present (Attributes); 400/20001 if it is not one.
Result<std::optional<std::string>> ReadJsonObjectParam(const http::Params& form,
                                                       std::string_view name);

// The window of a cumulative statistic or an event list from Minutes, StartDate and EndDate:
// the last `Minutes` (default 15) up to now, or [StartDate, EndDate] (EndDate defaults to now,
// StartDate to 15 minutes before EndDate). 400/20001 for a malformed value, Minutes combined
// with a date, or a start after the end.
struct Window {
  TimeMs start_ms = 0;
  TimeMs end_ms = 0;
};
Result<Window> ReadWindow(const http::Params& query, TimeMs now);

// SplitByWaitTime (comma-separated whole seconds), if present, as its thresholds in the order
// given. 400/20001 for anything else.
Result<std::optional<std::vector<int64_t>>> ReadWaitThresholds(const http::Params& query);

// The version an If-Match header names: `"3"`, `W/"3"` or `3`; `*` matches any version, as no
// header does. A value that is no version can match nothing, so it reads as -1.
std::optional<int64_t> ReadIfMatch(const http::Request& r);

// JSON for a date, or null for none.
boost::json::value JsonTime(TimeMs ms);
boost::json::value JsonOptional(const std::optional<std::string>& text);

}  // namespace taskrouter::api
