#include "domain/post.hpp"

#include <gtest/gtest.h>

namespace docket::domain {
namespace {

std::string Canonical(std::string_view url) {
  auto canonical = CanonicalUrl(url);
  EXPECT_TRUE(canonical.has_value()) << url;
  return canonical ? *canonical : std::string();
}

TEST(CanonicalUrlTest, TrackingParametersFragmentAndHostCaseDoNotMakeANewPost) {
  EXPECT_EQ(Canonical("https://X.com/someone/status/123?s=20&t=AbC#reply"), "https://x.com/someone/status/123");
  EXPECT_EQ(Canonical("http://www.Facebook.com/story.php?utm_source=a&story_fbid=9&id=4&fbclid=zz"),
            "https://facebook.com/story.php?id=4&story_fbid=9");
  EXPECT_EQ(Canonical("https://mobile.twitter.com/someone/status/123/"), "https://x.com/someone/status/123");
  EXPECT_EQ(Canonical("https://www.instagram.com:443/p/Cx1/?igshid=abc"), "https://instagram.com/p/Cx1");
}

TEST(CanonicalUrlTest, KeepsThePathsCaseAndTheParametersThatNameThePost) {
  EXPECT_EQ(Canonical("https://youtube.com/watch?v=AbCdEf&feature=share"), "https://youtube.com/watch?v=AbCdEf");
  EXPECT_NE(Canonical("https://x.com/a/status/1"), Canonical("https://x.com/A/status/1"));
  EXPECT_EQ(Canonical("https://example.org:8443/x"), "https://example.org:8443/x");
}

TEST(CanonicalUrlTest, RefusesWhatIsNotAWebAddressAndSaysWhy) {
  auto no_scheme = CanonicalUrl("x.com/a/status/1");
  ASSERT_FALSE(no_scheme.has_value());
  EXPECT_NE(no_scheme.error().message.find("no scheme"), std::string::npos);
  EXPECT_FALSE(CanonicalUrl("ftp://x.com/file").has_value());
  EXPECT_FALSE(CanonicalUrl("https:///status/1").has_value());
  EXPECT_FALSE(CanonicalUrl("https://x.com:http/1").has_value());
}

TEST(ContentKeyTest, SameTextByTheSameAccountIsOneKeyWhateverTheSpacingOrHandleCase) {
  Post a;
  a.platform = "x";
  a.handle = "@Someone";
  a.text = "  the same\n words ";
  Post b = a;
  b.handle = "someone";
  b.text = "the same words";
  EXPECT_EQ(ContentKey(a), ContentKey(b));
  b.kind = PostKind::kReply;
  EXPECT_NE(ContentKey(a), ContentKey(b));
  Post c = a;
  c.handle = "someone_else";
  EXPECT_NE(ContentKey(a), ContentKey(c));
}

TEST(PostKindTest, ParsesTheFourKindsAndThePlatformsOwnWords) {
  EXPECT_EQ(ParsePostKind("Like"), PostKind::kLike);
  EXPECT_EQ(ParsePostKind("retweet"), PostKind::kShare);
  EXPECT_EQ(ParsePostKind("comment"), PostKind::kReply);
  EXPECT_FALSE(ParsePostKind("story").has_value());
  EXPECT_EQ(Name(PostKind::kShare), "share");
}

TEST(AccountLinkTest, ParsesTheThreeStatesItsNamesGive) {
  for (AccountLink link : {AccountLink::kNone, AccountLink::kDeclared, AccountLink::kConfirmed}) {
    EXPECT_EQ(ParseAccountLink(Name(link)), link);
  }
  EXPECT_FALSE(ParseAccountLink("guessed").has_value());
}

}  // namespace
}  // namespace docket::domain
