#include "http/message.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace taskrouter::http {

std::optional<std::string> Params::Get(std::string_view name) const {
  for (const auto& [key, value] : entries_) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> Params::GetAll(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : entries_) {
    if (key == name) {
      values.push_back(value);
    }
  }
  return values;
}

Response NoContentResponse() {
  Response response;
  response.status = 204;
  return response;
}

Response JsonResponse(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response ErrorResponse(const Error& error) {
  boost::json::object body;
  body["code"] = error.code();
  body["message"] = error.message();
  body["more_info"] = "https://www.twilio.com/docs/errors/" + std::to_string(error.code());
  body["status"] = error.http_status();
  return JsonResponse(error.http_status(), boost::json::serialize(body));
}

}  // namespace taskrouter::http
