// The request and response a handler sees: decoded and checked, free of any socket or Beast
// type, so that the layers above can be tested without a network.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace taskrouter::http {

// Decoded name/value pairs in the order they came; a name may repeat.
class Params {
 public:
  void Add(std::string name, std::string value) {
    entries_.emplace_back(std::move(name), std::move(value));
  }
  // The first value of `name`, if any.
  std::optional<std::string> Get(std::string_view name) const;
  // Every value of `name`, in order.
  std::vector<std::string> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct Request {
  std::string method;
  std::string path;  // without the query; percent-decoded
  Params query;
  Params form;                           // the decoded body of a form POST
  std::string json_body;                 // the body of a route taking JSON, as sent
  std::vector<std::string> path_params;  // the `{}` segments the route matched, in order
  std::optional<std::string> if_match;
  std::string account_sid;     // who the request acts for, once authenticated
  std::string remote_address;  // the client's IP address
  std::string request_id;
};

struct Response {
  // Sends a held answer: as it is when `status` is ok, else the error in its place.
  using Release = std::function<void(const Status& status)>;

  int status = 200;
  std::string body;  // JSON, or empty for 204
  std::vector<std::pair<std::string, std::string>> headers;
  // Set by a handler whose answer must wait for work still under way (a commit to disk): the
  // server calls it once, and the answer goes out when it calls the Release, on any thread.
  std::function<void(Release)> hold;
};

// A 204 response.
Response NoContentResponse();

// A 200 or 201 JSON response.
Response JsonResponse(int status, std::string body);

// The Twilio error body for `error`: {"code", "message", "more_info", "status"}.
Response ErrorResponse(const Error& error);

}  // namespace taskrouter::http
