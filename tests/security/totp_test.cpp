#include "security/totp.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include "security/crypto.hpp"

namespace docket::security {
namespace {

// RFC 6238 appendix B: every test vector, for all three hash functions.
TEST(TotpTest, TheRfc6238TestVectorsAllMatch) {
  const std::string sha1_key = "12345678901234567890";
  const std::string sha256_key = "12345678901234567890123456789012";
  const std::string sha512_key = "1234567890123456789012345678901234567890123456789012345678901234";
  const std::vector<std::tuple<std::int64_t, std::string, std::string, std::string>> vectors = {
      {59, "94287082", "46119246", "90693936"},
      {1111111109, "07081804", "68084774", "25091201"},
      {1111111111, "14050471", "67062674", "99943326"},
      {1234567890, "89005924", "91819424", "93441116"},
      {2000000000, "69279037", "90698825", "38618901"},
      {20000000000, "65353130", "77737706", "47863826"},
  };
  for (const auto& [time, sha1, sha256, sha512] : vectors) {
    EXPECT_EQ(TotpCode(sha1_key, Instant(time), {HmacAlgorithm::kSha1, 8, 30}), sha1) << time;
    EXPECT_EQ(TotpCode(sha256_key, Instant(time), {HmacAlgorithm::kSha256, 8, 30}), sha256) << time;
    EXPECT_EQ(TotpCode(sha512_key, Instant(time), {HmacAlgorithm::kSha512, 8, 30}), sha512) << time;
  }
}

TEST(TotpTest, ACodeIsAcceptedOnePeriodEitherSideAndNoFurther) {
  const std::string key = "12345678901234567890";
  Instant at(1111111111);
  std::string code = TotpCode(key, at);
  EXPECT_EQ(code.size(), 6u);
  EXPECT_TRUE(TotpVerify(key, code, at));
  EXPECT_TRUE(TotpVerify(key, code, at.AddSeconds(30)));
  EXPECT_TRUE(TotpVerify(key, code, at.AddSeconds(-30)));
  EXPECT_FALSE(TotpVerify(key, code, at.AddSeconds(95)));
  EXPECT_FALSE(TotpVerify(key, "12345", at));
  EXPECT_FALSE(TotpVerify("another key 12345678", code, at));
}

TEST(TotpTest, Base32RoundTripsAndMatchesRfc4648) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(*Base32Decode("mzxw6ytboi"), "foobar");
  EXPECT_EQ(*Base32Decode("MZXW6YQ="), "foob");
  EXPECT_FALSE(Base32Decode("MZ1W"));
  std::string key = NewTotpKey();
  EXPECT_EQ(key.size(), 20u);
  EXPECT_EQ(*Base32Decode(Base32Encode(key)), key);
}

TEST(TotpTest, TheUriCarriesTheBase32Secret) {
  EXPECT_EQ(TotpUri("docket", "aoife.byrne", "foobar"),
            "otpauth://totp/docket:aoife.byrne?secret=MZXW6YTBOI&issuer=docket&algorithm=SHA1&digits=6&period=30");
}

TEST(HmacTest, Rfc2202AndRfc4231VectorsMatch) {
  auto hex = [](const std::vector<std::uint8_t>& mac) { return ToHex(mac.data(), mac.size()); };
  EXPECT_EQ(hex(Hmac(HmacAlgorithm::kSha1, std::string(20, '\x0b'), "Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  // A key longer than SHA-1's block is hashed first (RFC 2202, test case 6).
  EXPECT_EQ(hex(Hmac(HmacAlgorithm::kSha1, std::string(80, '\xaa'),
                     "Test Using Larger Than Block-Size Key - Hash Key First")),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
  EXPECT_EQ(hex(Hmac(HmacAlgorithm::kSha256, "Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hex(Hmac(HmacAlgorithm::kSha512, "Jefe", "what do ya want for nothing?")),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcae"
            "ab1a34d4a6b4b636e070a38bce737");
}

}  // namespace
}  // namespace docket::security
