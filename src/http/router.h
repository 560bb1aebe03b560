// Turns a raw HTTP request into a checked Request and hands it to the handler of its route:
// authentication, path matching, query and form decoding, and the Twilio error body for
// anything that fails on the way.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace taskrouter::http {

// What the server read off the wire, before any checking.
struct RawRequest {
  std::string_view method;
  std::string_view target;  // origin form: path and query
  std::optional<std::string_view> authorization;
  std::optional<std::string_view> content_type;
  std::optional<std::string_view> if_match;
  std::string_view body;
  std::string remote_address;
};

// Returns the account SID that `username:password` authenticates, or nullopt.
using Authenticator =
    std::function<std::optional<std::string>(std::string_view username, std::string_view password)>;

// A handler's Error becomes the Twilio error body; a 404 without a message gets the standard
// "The requested resource ... was not found".
using Handler = std::function<Result<Response>(const Request& request)>;

// Routes are added before serving; Dispatch is then thread-safe.
class Router {
 public:
  explicit Router(Authenticator authenticator) : authenticator_(std::move(authenticator)) {}

  // `pattern` is a path whose `{}` segments match any one non-empty segment, passed to the
  // handler in Request::path_params.
  void Add(std::string method, std::string_view pattern, Handler handler);
  // A route whose body is JSON (application/json), passed whole in Request::json_body, where
  // Add's routes take a form.
  void AddJson(std::string method, std::string_view pattern, Handler handler);

  // Never throws; every failure is an error response: 400 for an unreadable target or body,
  // 401 without valid credentials, 404 for an unknown path, 405 for a method the path lacks.
  Response Dispatch(const RawRequest& raw) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{}" for a parameter
    Handler handler;
    bool json_body = false;
  };

  Result<Response> Handle(const RawRequest& raw, Request& request) const;
  // The route for `segments` and `method`, or the error that says why there is none.
  Result<const Route*> Match(const std::vector<std::string>& segments, std::string_view method,
                             std::vector<std::string>& params, std::string& allow) const;

  Authenticator authenticator_;
  std::vector<Route> routes_;
};

}  // namespace taskrouter::http
