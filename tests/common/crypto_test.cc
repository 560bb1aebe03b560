#include "common/crypto.h"

#include <gtest/gtest.h>

namespace taskrouter {
namespace {

TEST(CryptoTest, Sha256HexMatchesKnownDigest) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, SecretsEqualComparesWholeValues) {
  EXPECT_TRUE(SecretsEqual("token", "token"));
  EXPECT_FALSE(SecretsEqual("token", "tokem"));
  EXPECT_FALSE(SecretsEqual("token", "token2"));
  EXPECT_FALSE(SecretsEqual("", "token"));
}

TEST(CryptoTest, Base64DecodeHandlesPadding) {
  EXPECT_EQ(Base64Decode("YWJj"), "abc");
  EXPECT_EQ(Base64Decode("YWI="), "ab");
  EXPECT_EQ(Base64Decode("YQ=="), "a");
  EXPECT_EQ(Base64Decode(""), "");
}

TEST(CryptoTest, Base64DecodeRejectsMalformedInput) {
  EXPECT_EQ(Base64Decode("YWJ"), std::nullopt);
  EXPECT_EQ(Base64Decode("YW!j"), std::nullopt);
}

}  // namespace
}  // namespace taskrouter
