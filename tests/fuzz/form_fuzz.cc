// libFuzzer target: form and query decoding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/text.h"
#include "http/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  taskrouter::Result<taskrouter::http::Params> params =
      taskrouter::http::DecodeForm(text, "fuzz input");
  if (params.ok()) {
    // Whatever decodes must be valid UTF-8.
    for (const auto& [name, value] : params->entries()) {
      if (!taskrouter::IsValidUtf8(name) || !taskrouter::IsValidUtf8(value)) {
        __builtin_trap();
      }
    }
  } else if (params.error().http_status() != 400) {
    __builtin_trap();
  }
  return 0;
}
