#include "common/sid.h"

#include <gtest/gtest.h>

#include <set>

namespace taskrouter {
namespace {

TEST(SidTest, NewSidIsPrefixAndLowercaseHex) {
  std::string sid = NewSid("WA");
  ASSERT_EQ(sid.size(), kSidLength);
  EXPECT_EQ(sid.substr(0, 2), "WA");
  for (char c : sid.substr(2)) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << sid;
  }
  EXPECT_TRUE(IsSid(sid, "WA"));
}

TEST(SidTest, NewSidsDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(seen.insert(NewSid("WK")).second);
  }
}

TEST(SidTest, IsSidChecksPrefixLengthAndDigits) {
  const std::string hex32 = "0123456789abcdef0123456789ABCDEF";
  EXPECT_TRUE(IsSid("WS" + hex32, "WS"));
  EXPECT_FALSE(IsSid("WA" + hex32, "WS"));
  EXPECT_FALSE(IsSid("WS" + hex32.substr(1), "WS"));
  EXPECT_FALSE(IsSid("WS" + hex32 + "0", "WS"));
  EXPECT_FALSE(IsSid("WS" + hex32.substr(1) + "g", "WS"));
  EXPECT_FALSE(IsSid("", "WS"));
}

}  // namespace
}  // namespace taskrouter
