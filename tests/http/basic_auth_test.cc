#include "http/basic_auth.h"

#include <gtest/gtest.h>

namespace taskrouter::http {
namespace {

TEST(ParseBasicAuthTest, ReadsUsernameAndPassword) {
  // "ACabc:to:ken": the password may hold ':'.
  std::optional<Credentials> credentials = ParseBasicAuth("Basic QUNhYmM6dG86a2Vu");
  ASSERT_TRUE(credentials.has_value());
  EXPECT_EQ(credentials->username, "ACabc");
  EXPECT_EQ(credentials->password, "to:ken");
}

TEST(ParseBasicAuthTest, SchemeIsCaseInsensitive) {
  EXPECT_TRUE(ParseBasicAuth("basic QUNhYmM6dG9rZW4=").has_value());
  EXPECT_TRUE(ParseBasicAuth("BASIC  QUNhYmM6dG9rZW4= ").has_value());
}

TEST(ParseBasicAuthTest, RefusesOtherSchemesAndMalformedValues) {
  for (const char* header : {"", "Basic", "Basic ", "Bearer QUNhYmM6dG9rZW4=", "Basic QUNhYmM",
                             "Basic !!!!", "Basic QUNhYmN0b2tlbg=="}) {
    SCOPED_TRACE(header);
    EXPECT_FALSE(ParseBasicAuth(header).has_value());
  }
}

}  // namespace
}  // namespace taskrouter::http
