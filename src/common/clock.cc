#include "common/clock.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

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
  // strftime's %Y does not pad years before 1000 to four digits.
  char text[64];
  int length =
      std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900,
                    utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return std::string(text, length > 0 ? static_cast<size_t>(length) : 0);
}

TimeMs FileClock::NowMs() const {
  std::ifstream file(path_);
  std::stringstream text;
  text << file.rdbuf();
  std::string digits = text.str();
  while (!digits.empty() && (digits.back() == '\n' || digits.back() == ' ')) {
    digits.pop_back();
  }
  TimeMs value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) {
    last_ms_ = value;
  }
  return last_ms_;
}

namespace {

// Reads exactly `width` digits at `at` of `text` into `out`.
bool ReadDigits(std::string_view text, size_t at, size_t width, int& out) {
  if (at + width > text.size()) {
    return false;
  }
  out = 0;
  for (size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
int64_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<TimeMs> ParseIsoTime(std::string_view text) {
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !ReadDigits(text, 5, 2, month) || text[7] != '-' || !ReadDigits(text, 8, 2, day) ||
      month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  size_t at = 10;
  int64_t millis = 0;
  if (at < text.size() && (text[at] == 'T' || text[at] == ' ')) {
    if (!ReadDigits(text, at + 1, 2, hour) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !ReadDigits(text, at + 4, 2, minute) || hour > 23 || minute > 59) {
      return std::nullopt;
    }
    at += 6;
    if (at < text.size() && text[at] == ':') {
      if (!ReadDigits(text, at + 1, 2, second) || second > 60) {
        return std::nullopt;
      }
      at += 3;
      if (at < text.size() && text[at] == '.') {
        size_t digits = 0;
        for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
          if (digits < 3) {
            millis = millis * 10 + (text[at] - '0');
          }
        }
        if (digits == 0) {
          return std::nullopt;
        }
        for (; digits < 3; ++digits) {
          millis *= 10;
        }
      }
    }
  }

  int64_t offset_minutes = 0;
  if (at < text.size()) {
    if (text[at] == 'Z' && at + 1 == text.size()) {
      at += 1;
    } else if ((text[at] == '+' || text[at] == '-') && text.size() == at + 6 &&
               text[at + 3] == ':') {
      int offset_hours, offset_mins;
      if (!ReadDigits(text, at + 1, 2, offset_hours) || !ReadDigits(text, at + 4, 2, offset_mins) ||
          offset_hours > 23 || offset_mins > 59) {
        return std::nullopt;
      }
      offset_minutes = (text[at] == '+' ? 1 : -1) * (offset_hours * 60 + offset_mins);
      at += 6;
    } else {
      return std::nullopt;
    }
  }
  int64_t seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
                    offset_minutes * 60;
  // Years 0001 to 9999 once in UTC, so that every time read can be written back as ISO 8601.
  if (seconds < DaysFromCivil(1, 1, 1) * 86400 || seconds >= DaysFromCivil(10000, 1, 1) * 86400) {
    return std::nullopt;
  }
  return seconds * 1000 + millis;
}

}  // namespace taskrouter
