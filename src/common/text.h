// Text helpers that every layer needs: UTF-8 checks and TaskRouter's case-insensitive names.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace taskrouter {

// True if `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool IsValidUtf8(std::string_view text);

// The number of code points in `text`, which must be valid UTF-8.
size_t CountCodePoints(std::string_view text);

// `c` lowered if it is an ASCII letter.
inline char FoldCase(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `text` with ASCII letters lowered. Names are compared through it: TaskRouter treats names
// as case-insensitive, and this server folds the ASCII letters only.
std::string FoldCase(std::string_view text);

// True for `true`, `1` and `yes` in any case: TaskRouter's reading of a boolean parameter
// where anything else means false.
bool IsTruthy(std::string_view text);

}  // namespace taskrouter
