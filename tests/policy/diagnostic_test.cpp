#include "policy/diagnostic.hpp"

#include <gtest/gtest.h>

namespace docket::policy {
namespace {

TEST(DiagnosticTest, PrintsAsFileLineColumnAndMessage) {
  Diagnostic diagnostic{"party.toml", 212, 6, "action 'refer' in stage 'triage' moves to undefined stage 'panel'"};
  EXPECT_EQ(diagnostic.ToString(), "party.toml:212:6: action 'refer' in stage 'triage' moves to undefined stage 'panel'");
}

TEST(DiagnosticTest, SeveralBecomeOneInvalidArgumentErrorWithALinePerDiagnostic) {
  Error error = DiagnosticsError({{"a.toml", 1, 1, "first"}, {"a.toml", 3, 7, "second"}});
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.message, "a.toml:1:1: first\na.toml:3:7: second");
}

}  // namespace
}  // namespace docket::policy
