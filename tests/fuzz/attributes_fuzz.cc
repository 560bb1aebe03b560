// libFuzzer target: Attributes (a JSON object) and ISO 8601 dates.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/params.h"
#include "common/clock.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  taskrouter::http::Params form;
  form.Add("Attributes", text);
  taskrouter::Result<std::optional<std::string>> attributes =
      taskrouter::api::ReadJsonObjectParam(form, "Attributes");
  if (attributes.ok() && attributes.value() != text) {
    __builtin_trap();  // stored exactly as sent
  }

  taskrouter::http::Params query;
  query.Add("StartDate", text);
  taskrouter::Result<taskrouter::api::Window> window =
      taskrouter::api::ReadWindow(query, 1700000000000);
  if (window.ok() && window->start_ms > window->end_ms) {
    __builtin_trap();
  }
  taskrouter::ParseIsoTime(text);
  return 0;
}
