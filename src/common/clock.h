// Time as the server sees it. Everything that reads the time takes a Clock, so tests can drive
// time with ManualClock instead of sleeping.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace taskrouter {

// Milliseconds since the Unix epoch, UTC.
using TimeMs = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  // Thread-safe.
  virtual TimeMs NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs NowMs() const override;
};

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeMs start_ms) : now_ms_(start_ms) {}
  TimeMs NowMs() const override { return now_ms_.load(); }
  void Advance(TimeMs delta_ms) { now_ms_ += delta_ms; }
  void Set(TimeMs now_ms) { now_ms_ = now_ms; }

 private:
  std::atomic<TimeMs> now_ms_;
};

// "2014-05-14T10:50:02Z": ISO 8601, UTC, whole seconds, as TaskRouter writes dates.
std::string FormatIsoTime(TimeMs ms);

}  // namespace taskrouter
