#include "http/api/queue_cursor.hpp"

#include <gtest/gtest.h>

namespace docket::http::api {
namespace {

TEST(QueueCursorTest, APositionSurvivesTheRoundTrip) {
  for (const QueuePosition& position : {QueuePosition{Instant(1772539200), CaseId{42}},
                                        QueuePosition{std::nullopt, CaseId{7}},
                                        QueuePosition{Instant(-5), CaseId{9223372036854775807}}}) {
    const std::string cursor = EncodeQueueCursor(position);
    EXPECT_EQ(cursor.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << cursor;
    auto decoded = DecodeQueueCursor(cursor);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, position);
  }
}

TEST(QueueCursorTest, AnythingElseIsRefusedNamingTheCursor) {
  for (std::string_view bad : {"", "!!!", "cTE6", "cTE6MTIzOmFiYw", "eDE6MTIzOjQ1", "cTE6LTow", "a=b"}) {
    auto decoded = DecodeQueueCursor(bad);
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(decoded.error().message.starts_with("field 'cursor':")) << decoded.error().message;
  }
  EXPECT_FALSE(DecodeQueueCursor(std::string(101, 'A')));
}

}  // namespace
}  // namespace docket::http::api
