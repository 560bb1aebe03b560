#include "http/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "common/sid.h"
#include "common/text.h"
#include "http/basic_auth.h"
#include "http/form.h"

namespace taskrouter::http {
namespace {

std::vector<std::string> SplitPattern(std::string_view pattern) {
  std::vector<std::string> segments;
  size_t start = 1;  // past the leading '/'
  while (start <= pattern.size()) {
    size_t end = pattern.find('/', start);
    if (end == std::string_view::npos) {
      end = pattern.size();
    }
    segments.emplace_back(pattern.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

// True if `content_type` names `media_type`, with or without parameters.
bool IsContentType(std::string_view content_type, std::string_view media_type) {
  std::string_view named = content_type.substr(0, content_type.find(';'));
  while (!named.empty() && named.back() == ' ') {
    named.remove_suffix(1);
  }
  return FoldCase(named) == media_type;
}

Error Unauthenticated() {
  return Error(401, kCodeAuthenticate, "Authentication Error - invalid username or password");
}

}  // namespace

void Router::Add(std::string method, std::string_view pattern, Handler handler) {
  routes_.push_back(Route{std::move(method), SplitPattern(pattern), std::move(handler)});
}

void Router::AddJson(std::string method, std::string_view pattern, Handler handler) {
  routes_.push_back(
      Route{std::move(method), SplitPattern(pattern), std::move(handler), /*json_body=*/true});
}

Result<const Router::Route*> Router::Match(const std::vector<std::string>& segments,
                                           std::string_view method,
                                           std::vector<std::string>& params,
                                           std::string& allow) const {
  const Route* found = nullptr;
  std::vector<std::string_view> allowed;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) {
      continue;
    }
    std::vector<std::string> matched;
    bool fits = true;
    for (size_t i = 0; fits && i < segments.size(); ++i) {
      if (route.segments[i] == "{}") {
        fits = !segments[i].empty();
        matched.push_back(segments[i]);
      } else {
        fits = route.segments[i] == segments[i];
      }
    }
    if (!fits) {
      continue;
    }
    // A path can fit a route of its own and a pattern's route with the same method.
    if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) {
      allowed.push_back(route.method);
      allow += allow.empty() ? route.method : ", " + route.method;
    }
    if (route.method == method && found == nullptr) {
      found = &route;
      params = std::move(matched);
    }
  }
  if (found != nullptr) {
    return found;
  }
  if (!allow.empty()) {
    return Error(
        405, kCodeMethodNotAllowed,
        "Method " + std::string(method) + " is not allowed on this resource; use " + allow);
  }
  return Error::NotFound();
}

Result<Response> Router::Handle(const RawRequest& raw, Request& request) const {
  // A NUL-terminated copy: Boost.URL 1.81 reads the last segment or value up to a NUL.
  std::string terminated(raw.target);
  auto target = boost::urls::parse_origin_form(terminated);
  if (!target.has_value()) {
    return Error::InvalidParameter("The request target is not a valid URL path and query");
  }
  std::vector<std::string> segments;
  for (const std::string& segment : target->segments()) {
    if (!IsValidUtf8(segment)) {
      return Error::InvalidParameter("The request path is not valid UTF-8 once percent-decoded");
    }
    request.path += "/" + segment;
    segments.push_back(segment);
  }
  if (request.path.empty()) {
    request.path = "/";
  }

  std::optional<Credentials> credentials;
  if (raw.authorization.has_value()) {
    credentials = ParseBasicAuth(*raw.authorization);
  }
  if (!credentials.has_value()) {
    return Unauthenticated();
  }
  std::optional<std::string> account = authenticator_(credentials->username, credentials->password);
  if (!account.has_value()) {
    return Unauthenticated();
  }
  request.account_sid = *account;

  std::string allow;
  Result<const Route*> route = Match(segments, raw.method, request.path_params, allow);
  if (!route.ok()) {
    Error error = route.error();
    if (error.http_status() == 405) {
      Response response = ErrorResponse(error);
      response.headers.emplace_back("Allow", allow);
      return response;
    }
    return error;
  }

  Result<Params> query = DecodeForm(target->encoded_query(), "query string");
  if (!query.ok()) {
    return query.error();
  }
  request.query = std::move(query).value();
  if (!raw.body.empty() && route.value()->json_body) {
    if (!raw.content_type.has_value() || !IsContentType(*raw.content_type, "application/json")) {
      return Error::InvalidParameter("The request body must be application/json");
    }
    request.json_body = std::string(raw.body);
  } else if (!raw.body.empty()) {
    if (!raw.content_type.has_value() ||
        !IsContentType(*raw.content_type, "application/x-www-form-urlencoded")) {
      return Error::InvalidParameter(
          "The request body must be application/x-www-form-urlencoded, as TaskRouter expects");
    }
    Result<Params> form = DecodeForm(raw.body, "request body");
    if (!form.ok()) {
      return form.error();
    }
    request.form = std::move(form).value();
  }
  if (raw.if_match.has_value()) {
    request.if_match = std::string(*raw.if_match);
  }
  return route.value()->handler(request);
}

Response Router::Dispatch(const RawRequest& raw) const {
  Request request;
  request.method = std::string(raw.method);
  request.remote_address = raw.remote_address;
  request.request_id = NewSid("RQ");

  Result<Response> result = Error::Internal("");
  try {
    result = Handle(raw, request);
  } catch (const std::exception& e) {
    spdlog::error("request {}: {} {} failed: {}", request.request_id, raw.method, request.path,
                  e.what());
    result = Error::Internal("The server failed to answer this request");
  }
  Response response;
  if (result.ok()) {
    response = std::move(result).value();
  } else if (result.error().code() == kCodeNotFound && result.error().message().empty()) {
    response = ErrorResponse(
        Error(404, kCodeNotFound, "The requested resource " + request.path + " was not found"));
  } else {
    response = ErrorResponse(result.error());
  }
  if (response.status == 401) {
    response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"TaskRouter\"");
  }
  response.headers.emplace_back("Twilio-Request-Id", request.request_id);
  return response;
}

}  // namespace taskrouter::http
