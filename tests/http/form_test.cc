#include "http/form.h"

#include <gtest/gtest.h>

namespace taskrouter::http {
namespace {

TEST(DecodeFormTest, PlusAndPercentTwentyAreBothSpaces) {
  Result<Params> params = DecodeForm("FriendlyName=New+Available%20Activity&Available=true", "b");
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->Get("FriendlyName"), "New Available Activity");
  EXPECT_EQ(params->Get("Available"), "true");
}

TEST(DecodeFormTest, EscapedPlusIsAPlus) {
  EXPECT_EQ(DecodeForm("Phone=%2B15095551234", "b")->Get("Phone"), "+15095551234");
}

TEST(DecodeFormTest, DecodesUtf8) {
  EXPECT_EQ(DecodeForm("FriendlyName=caf%C3%A9", "b")->Get("FriendlyName"), "caf\xc3\xa9");
}

TEST(DecodeFormTest, KeepsRepeatedKeysInOrder) {
  Result<Params> params = DecodeForm("Status=pending&Other=x&Status=reserved", "b");
  EXPECT_EQ(params->GetAll("Status"), (std::vector<std::string>{"pending", "reserved"}));
  EXPECT_EQ(params->Get("Status"), "pending");
}

TEST(DecodeFormTest, LastValueEndsAtTheEndOfTheInput) {
  std::string buffer = "PageSize=2&Page=0 HTTP/1.1";
  Result<Params> params = DecodeForm(std::string_view(buffer).substr(0, 17), "query");
  EXPECT_EQ(params->Get("Page"), "0");
}

TEST(DecodeFormTest, KeyWithoutValueIsEmpty) {
  Result<Params> params = DecodeForm("EventsFilter&FriendlyName=", "b");
  EXPECT_EQ(params->Get("EventsFilter"), "");
  EXPECT_EQ(params->Get("FriendlyName"), "");
  EXPECT_FALSE(params->Has("Other"));
}

TEST(DecodeFormTest, RefusesMalformedInput) {
  struct Case {
    const char* name;
    std::string text;
    const char* fragment;
  };
  const Case cases[] = {
      {"bad escape", "FriendlyName=%ZZ", "each '%' must start an escape of two hex digits"},
      {"truncated escape", "FriendlyName=abc%4", "not valid form encoding"},
      {"raw space", "FriendlyName=a b", "a space or a character such as"},
      {"raw JSON", "Attributes={\"a\":[1]}", "must be percent-encoded"},
      {"invalid UTF-8", "FriendlyName=%C3%28", "not valid UTF-8"},
      {"overlong UTF-8", "FriendlyName=%C0%AF", "not valid UTF-8"},
      {"invalid UTF-8 in a key", "%FF=1", "not valid UTF-8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<Params> params = DecodeForm(c.text, "request body");
    ASSERT_FALSE(params.ok());
    EXPECT_EQ(params.error().http_status(), 400);
    EXPECT_EQ(params.error().code(), 20001);
    EXPECT_NE(params.error().message().find(c.fragment), std::string::npos)
        << params.error().message();
    EXPECT_NE(params.error().message().find("request body"), std::string::npos);
  }
}

}  // namespace
}  // namespace taskrouter::http
