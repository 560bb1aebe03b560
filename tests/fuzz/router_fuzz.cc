// libFuzzer target: request targets, headers and bodies through the router. The first byte
// picks the method; the rest is split at the first two NUL bytes into target, Authorization
// header and body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/router.h"

namespace {

taskrouter::http::Router& FuzzRouter() {
  static taskrouter::http::Router* router = [] {
    auto* r = new taskrouter::http::Router(
        [](std::string_view user, std::string_view password) -> std::optional<std::string> {
          if (user == "ACfuzz" && password == "secret") {
            return std::string("ACfuzz");
          }
          return std::nullopt;
        });
    auto ok =
        [](const taskrouter::http::Request&) -> taskrouter::Result<taskrouter::http::Response> {
      return taskrouter::http::JsonResponse(200, "{}");
    };
    r->Add("GET", "/v1/Workspaces", ok);
    r->Add("POST", "/v1/Workspaces/{}", ok);
    r->Add("GET", "/v1/Workspaces/{}/Activities/{}", ok);
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  static constexpr const char* kMethods[] = {"GET", "POST", "DELETE", "PUT"};
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t first = rest.find('\0');
  size_t second = first == std::string_view::npos ? first : rest.find('\0', first + 1);

  taskrouter::http::RawRequest raw;
  raw.method = kMethods[data[0] % 4];
  raw.target = rest.substr(0, first);
  if (first != std::string_view::npos) {
    raw.authorization = rest.substr(first + 1, second - first - 1);
  }
  if (second != std::string_view::npos) {
    raw.body = rest.substr(second + 1);
    raw.content_type = "application/x-www-form-urlencoded";
  }
  taskrouter::http::Response response = FuzzRouter().Dispatch(raw);
  if (response.status < 200 || response.status >= 500) {
    __builtin_trap();  // never a 500 for any input
  }
  return 0;
}
