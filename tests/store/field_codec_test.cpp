#include "store/field_codec.hpp"

#include <gtest/gtest.h>

namespace docket::store {
namespace {

TEST(FieldCodecTest, AnyTextRoundTripsThroughTheEncoding) {
  domain::FieldMap fields = {{"a=b", "x%y=z\nnext\r"}, {"empty", ""}, {"unicode", "Zürich – שלום"}};
  auto decoded = DecodeFields(EncodeFields(fields));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, fields);
}

TEST(FieldCodecTest, NoFieldsEncodeAsEmptyText) {
  EXPECT_EQ(EncodeFields({}), "");
  EXPECT_TRUE(DecodeFields("")->empty());
}

TEST(FieldCodecTest, CorruptTextIsAnInternalError) {
  auto decoded = DecodeFields("no equals sign");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(DecodeFields("a=%4"));
  EXPECT_FALSE(DecodeFields("a=%ZZ"));
}

}  // namespace
}  // namespace docket::store
