// Time as the server sees it. Everything that reads the time takes a Clock, so tests can drive
// time with ManualClock instead of sleeping.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// A clock that reads the time, in decimal milliseconds since the epoch, from a file on every
// call, so that a test driving a whole server process can move its time. Thread-safe.
// If the file cannot be read, the time last read is returned.
class FileClock final : public Clock {
 public:
  explicit FileClock(std::string path) : path_(std::move(path)) {}
  TimeMs NowMs() const override;

 private:
  std::string path_;
  mutable std::atomic<TimeMs> last_ms_{0};
};

// "2014-05-14T10:50:02Z": ISO 8601, UTC, whole seconds, as TaskRouter writes dates.
std::string FormatIsoTime(TimeMs ms);

// Reads an ISO 8601 date-time: `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fff]]` and
// `Z` or `±HH:MM` (no offset means UTC). Returns nullopt for anything else.
std::optional<TimeMs> ParseIsoTime(std::string_view text);

}  // namespace taskrouter
