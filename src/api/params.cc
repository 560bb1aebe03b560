#include "api/params.h"

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <tuple>

#include "common/sid.h"
#include "common/text.h"

namespace taskrouter::api {

Result<std::string> RequireParam(const http::Params& form, std::string_view name) {
  std::optional<std::string> value = form.Get(name);
  if (!value.has_value()) {
    return Error::InvalidParameter("Missing required parameter " + std::string(name) +
                                   " in the post body");
  }
  return *value;
}

Result<std::optional<bool>> ReadBoolParam(const http::Params& form, std::string_view name) {
  std::optional<std::string> value = form.Get(name);
  if (!value.has_value()) {
    return std::optional<bool>();
  }
  std::string folded = FoldCase(*value);
  if (folded != "true" && folded != "false") {
    return Error::InvalidParameter(std::string(name) + " must be true or false, not '" + *value +
                                   "'");
  }
  return std::optional<bool>(folded == "true");
}

Result<std::optional<int64_t>> ReadIntegerParam(const http::Params& form, std::string_view name) {
  std::optional<std::string> value = form.Get(name);
  if (!value.has_value()) {
    return std::optional<int64_t>();
  }
  int64_t number = 0;
  const char* end = value->data() + value->size();
  auto [stop, ec] = std::from_chars(value->data(), end, number);
  if (value->empty() || ec != std::errc() || stop != end) {
    return Error::InvalidParameter(std::string(name) + " must be an integer, not '" + *value + "'");
  }
  return std::optional<int64_t>(number);
}

Result<std::optional<std::string>> ReadLimitedParam(const http::Params& form, std::string_view name,
                                                    size_t max_length) {
  std::optional<std::string> value = form.Get(name);
  if (value.has_value() && value->size() > max_length) {
    return Error::InvalidParameter(std::string(name) + " is " + std::to_string(value->size()) +
                                   " characters long; at most " + std::to_string(max_length) +
                                   " are allowed");
  }
  return value;
}

Result<std::optional<std::string>> ReadSidParam(const http::Params& form, std::string_view name,
                                                std::string_view prefix) {
  std::optional<std::string> value = form.Get(name);
  if (value.has_value() && !IsSid(*value, prefix)) {
    return Error::InvalidParameter(std::string(name) + " '" + *value + "' is not a valid SID: " +
                                   std::string(prefix) + " followed by 32 hex digits");
  }
  return value;
}

Result<std::optional<std::string>> ReadCallbackUrlParam(const http::Params& form,
                                                        std::string_view name) {
  std::optional<std::string> value = form.Get(name);
  if (!value.has_value() || value->empty()) {
    return value;
  }
  if (value->size() > kMaxUrlLength) {
    return Error::InvalidParameter(std::string(name) + " is " + std::to_string(value->size()) +
                                   " characters long; at most " + std::to_string(kMaxUrlLength) +
                                   " are allowed");
  }
  auto url = boost::urls::parse_absolute_uri(*value);
  if (!url.has_value() ||
      (url->scheme_id() != boost::urls::scheme::http &&
       url->scheme_id() != boost::urls::scheme::https) ||
      url->encoded_host().empty()) {
    return Error::InvalidParameter(std::string(name) + " '" + *value +
                                   "' is not an absolute http or https URL");
  }
  return value;
}

Result<std::optional<std::string>> ReadJsonObjectParam(const http::Params& form,
                                                       std::string_view name) {
  std::optional<std::string> value = form.Get(name);
  if (!value.has_value()) {
    return value;
  }
  if (value->size() > kMaxAttributesLength) {
    return Error::InvalidParameter(std::string(name) + " is " + std::to_string(value->size()) +
                                   " bytes long; at most " + std::to_string(kMaxAttributesLength) +
                                   " are allowed");
  }
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(*value, ec);
  if (ec == boost::json::error::too_deep) {
    return Error::InvalidParameter(std::string(name) + " nests arrays and objects deeper than " +
                                   std::to_string(boost::json::parse_options().max_depth) +
                                   " levels");
  }
  if (ec || !parsed.is_object()) {
    return Error::InvalidParameter(std::string(name) + " must be a JSON object, such as " +
                                   "{\"skills\":[\"support\"]}");
  }
  return value;
}

Result<std::optional<std::vector<int64_t>>> ReadWaitThresholds(const http::Params& query) {
  std::optional<std::string> split = query.Get("SplitByWaitTime");
  if (!split.has_value()) {
    return std::optional<std::vector<int64_t>>();
  }
  std::vector<int64_t> thresholds;
  size_t start = 0;
  while (start <= split->size()) {
    size_t comma = split->find(',', start);
    std::string threshold =
        split->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int64_t seconds = 0;
    auto [rest, ec] =
        std::from_chars(threshold.data(), threshold.data() + threshold.size(), seconds);
    if (threshold.empty() || threshold.find_first_not_of("0123456789") != std::string::npos ||
        ec != std::errc() || rest != threshold.data() + threshold.size()) {
      return Error::InvalidParameter(
          "SplitByWaitTime must be comma-separated whole seconds, such as 5,30");
    }
    thresholds.push_back(seconds);
    start = comma == std::string::npos ? split->size() + 1 : comma + 1;
  }
  return std::optional<std::vector<int64_t>>(std::move(thresholds));
}

Result<Window> ReadWindow(const http::Params& query, TimeMs now) {
  constexpr TimeMs kMinute = 60 * 1000;
  constexpr int64_t kMaxMinutes = 30 * 24 * 60;
  std::optional<std::string> minutes = query.Get("Minutes");
  std::optional<std::string> start = query.Get("StartDate");
  std::optional<std::string> end = query.Get("EndDate");
  if (minutes.has_value() && (start.has_value() || end.has_value())) {
    return Error::InvalidParameter("Minutes cannot be combined with StartDate or EndDate");
  }
  if (minutes.has_value()) {
    int64_t value = 0;
    auto [rest, ec] = std::from_chars(minutes->data(), minutes->data() + minutes->size(), value);
    if (ec != std::errc() || rest != minutes->data() + minutes->size() || value < 1 ||
        value > kMaxMinutes) {
      return Error::InvalidParameter("Minutes must be an integer from 1 to " +
                                     std::to_string(kMaxMinutes) + ", not '" + *minutes + "'");
    }
    return Window{now - value * kMinute, now};
  }

  Window window{now - 15 * kMinute, now};
  for (auto [text, name, target] : {std::tuple(&end, "EndDate", &window.end_ms),
                                    std::tuple(&start, "StartDate", &window.start_ms)}) {
    if (!text->has_value()) {
      continue;
    }
    std::optional<TimeMs> parsed = ParseIsoTime(**text);
    if (!parsed.has_value()) {
      return Error::InvalidParameter(std::string(name) + " '" + **text +
                                     "' is not an ISO 8601 date-time");
    }
    *target = *parsed;
  }
  if (end.has_value() && !start.has_value()) {
    window.start_ms = window.end_ms - 15 * kMinute;
  }
  if (window.start_ms > window.end_ms) {
    return Error::InvalidParameter("StartDate must not be after EndDate");
  }
  return window;
}

std::optional<int64_t> ReadIfMatch(const http::Request& r) {
  if (!r.if_match.has_value() || *r.if_match == "*") {
    return std::nullopt;
  }
  std::string text = *r.if_match;
  if (text.starts_with("W/")) {
    text = text.substr(2);
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  int64_t version = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return -1;
  }
  return version;
}

boost::json::value JsonTime(TimeMs ms) { return boost::json::value(FormatIsoTime(ms)); }

boost::json::value JsonOptional(const std::optional<std::string>& text) {
  if (!text.has_value()) {
    return nullptr;
  }
  return boost::json::value(*text);
}

}  // namespace taskrouter::api
