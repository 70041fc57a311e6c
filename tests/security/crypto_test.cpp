#include "security/crypto.hpp"

#include <gtest/gtest.h>

#include <set>

namespace docket::security {
namespace {

TEST(CryptoTest, APasswordVerifiesAgainstItsHashAndNoOther) {
  auto hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse battery staple", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse battery stapler", *hash));
  EXPECT_FALSE(VerifyPassword("anything", ""));
  auto again = HashPassword("correct horse battery staple");
  EXPECT_NE(*again, *hash) << "every hash has its own salt";
}

TEST(CryptoTest, Sha256MatchesKnownDigestsWholeAndStreamed) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 streamed;
  streamed.Update("a");
  streamed.Update("bc");
  EXPECT_EQ(streamed.FinishHex(), Sha256Hex("abc"));
}

TEST(CryptoTest, RandomTokensAreUniqueHexOfTheRightLength) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string token = RandomToken(16);
    ASSERT_EQ(token.size(), 32u);
    ASSERT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 1000u);
  std::string digits = RandomDigits(16);
  EXPECT_EQ(digits.size(), 16u);
  EXPECT_EQ(digits.find_first_not_of("0123456789"), std::string::npos);
}

TEST(CryptoTest, ConstantTimeEqualsComparesContents) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace docket::security
