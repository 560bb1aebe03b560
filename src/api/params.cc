#include "api/params.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

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
  auto url = boost::urls::parse_absolute_uri(*value);
  if (!url.has_value() || (url->scheme() != "http" && url->scheme() != "https") ||
      url->encoded_host().empty()) {
    return Error::InvalidParameter(std::string(name) + " '" + *value +
                                   "' is not an absolute http or https URL");
  }
  return value;
}

boost::json::value JsonTime(TimeMs ms) { return boost::json::value(FormatIsoTime(ms)); }

boost::json::value JsonOptional(const std::optional<std::string>& text) {
  if (!text.has_value()) {
    return nullptr;
  }
  return boost::json::value(*text);
}

}  // namespace taskrouter::api
