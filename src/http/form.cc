#include "http/form.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_encoded_view.hpp>
#include <boost/url/parse_query.hpp>

#include "common/text.h"

namespace taskrouter::http {

Result<Params> DecodeForm(std::string_view text, std::string_view what) {
  Params params;
  if (text.empty()) {
    return params;
  }
  // Boost.URL 1.81 decodes the last value of a query up to the first NUL byte rather than to
  // the end of the view it was given, so parse a NUL-terminated copy.
  std::string terminated(text);
  auto encoded = boost::urls::parse_query(terminated);
  if (!encoded.has_value()) {
    return Error::InvalidParameter(
        "The " + std::string(what) +
        " is not valid form encoding: each '%' must start an escape of two hex digits, and a "
        "space or a character such as '\"', '{' or '[' must be percent-encoded (as curl's "
        "--data-urlencode does)");
  }

  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  for (const boost::urls::param_pct_view& param : encoded.value()) {
    std::string key = param.key.decode(options);
    std::string value = param.value.decode(options);
    if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
      return Error::InvalidParameter("A parameter in the " + std::string(what) +
                                     " is not valid UTF-8 once percent-decoded");
    }
    params.Add(std::move(key), std::move(value));
  }
  return params;
}

}  // namespace taskrouter::http
