#include "common/clock.h"

#include <gtest/gtest.h>

namespace taskrouter {
namespace {

TEST(IsoTimeTest, RefusesDatesThatDoNotExist) {
  for (const char* text :
       {"2023-02-30T00:00:00Z", "2023-02-29", "2023-04-31T10:00:00Z", "2023-11-14T22:13:20+99:99",
        "2023-11-14T22:13:20-23:60", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00+00:01"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ParseIsoTime(text).has_value());
  }
}

TEST(IsoTimeTest, ReadsLeapDaysAndOffsets) {
  EXPECT_EQ(FormatIsoTime(*ParseIsoTime("2024-02-29T12:00:00Z")), "2024-02-29T12:00:00Z");
  EXPECT_EQ(FormatIsoTime(*ParseIsoTime("2000-02-29")), "2000-02-29T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(*ParseIsoTime("2023-11-14T22:13:20+23:59")), "2023-11-13T22:14:20Z");
}

TEST(IsoTimeTest, WritesFourDigitYears) {
  EXPECT_EQ(FormatIsoTime(*ParseIsoTime("0001-01-01T00:00:00Z")), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(*ParseIsoTime("0999-12-31T23:59:59Z")), "0999-12-31T23:59:59Z");
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace taskrouter
