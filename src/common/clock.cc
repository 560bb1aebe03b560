#include "common/clock.h"

#include <chrono>
#include <ctime>

namespace taskrouter {

TimeMs SystemClock::NowMs() const {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

std::string FormatIsoTime(TimeMs ms) {
  // Floor division, so that times before 1970 still round towards the past.
  std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  size_t length = std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text, length);
}

}  // namespace taskrouter
