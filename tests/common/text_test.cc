#include "common/text.h"

#include <gtest/gtest.h>

namespace taskrouter {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  for (const char* text : {"", "Offline", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(IsValidUtf8(text));
  }
}

TEST(Utf8Test, RejectsMalformedText) {
  struct Case {
    const char* name;
    std::string text;
  };
  const Case cases[] = {
      {"lone continuation byte", "\x80"}, {"truncated sequence", "caf\xc3"},
      {"overlong slash", "\xc0\xaf"},     {"overlong three bytes", "\xe0\x80\xaf"},
      {"surrogate", "\xed\xa0\x80"},      {"past U+10FFFF", "\xf4\x90\x80\x80"},
      {"invalid lead byte", "\xff"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(IsValidUtf8(c.text));
  }
}

TEST(Utf8Test, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("caf\xc3\xa9"), 4u);
  EXPECT_EQ(CountCodePoints("\xf0\x9f\x98\x80\xe2\x82\xac"), 2u);
}

TEST(FoldCaseTest, LowersAsciiLettersOnly) {
  EXPECT_EQ(FoldCase("On-Call BREAK"), "on-call break");
  EXPECT_EQ(FoldCase("\xc3\x89t\xc3\xa9"), "\xc3\x89t\xc3\xa9");
}

TEST(IsTruthyTest, TrueOneAndYesInAnyCaseAreTrue) {
  for (const char* text : {"true", "TRUE", "True", "1", "yes", "YeS"}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(IsTruthy(text));
  }
  for (const char* text : {"", "false", "0", "no", "y", "t", "truee", " true"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(IsTruthy(text));
  }
}

}  // namespace
}  // namespace taskrouter
