#include "core/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace docket {
namespace {

using Fields = std::vector<std::string>;

// Reads every record, failing the test on an error.
std::vector<CsvRecord> ReadAll(std::string_view text) {
  CsvReader reader(text);
  std::vector<CsvRecord> records;
  for (;;) {
    auto next = reader.Next();
    EXPECT_TRUE(next) << (next ? "" : next.error().message);
    if (!next || !next->has_value()) break;
    records.push_back(std::move(**next));
  }
  return records;
}

// Reads until the first error and returns it; fails the test if there is none.
Error FirstError(std::string_view text) {
  CsvReader reader(text);
  for (int i = 0; i < 1000; ++i) {
    auto next = reader.Next();
    if (!next) return next.error();
    if (!next->has_value()) break;
  }
  ADD_FAILURE() << "no error reading: " << text;
  return Error{};
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(CsvReaderTest, ReadsSimpleRecordsWithTheirLineNumbers) {
  auto records = ReadAll("name,number\nJon Smith,A0000001\nAnn Jones,A0000002\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"name", "number"}));
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].fields, (Fields{"Jon Smith", "A0000001"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (Fields{"Ann Jones", "A0000002"}));
  EXPECT_EQ(records[2].line, 3);
}

TEST(CsvReaderTest, TheLastRecordNeedsNoNewline) {
  auto records = ReadAll("a,b\nc,d");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));
}

TEST(CsvReaderTest, KeepsReturningTheEndOnceReached) {
  CsvReader reader("a\n");
  auto first = reader.Next();
  ASSERT_TRUE(first && first->has_value());
  for (int i = 0; i < 3; ++i) {
    auto next = reader.Next();
    ASSERT_TRUE(next);
    EXPECT_FALSE(next->has_value());
  }
  EXPECT_EQ(reader.Position(), 2u);
}

TEST(CsvReaderTest, EmptyTextHasNoRecords) {
  EXPECT_TRUE(ReadAll("").empty());
  EXPECT_TRUE(ReadAll("\n\r\n").empty());
}

TEST(CsvReaderTest, EmptyFieldsAreKept) {
  auto records = ReadAll("a,,c\n,\nx,\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "", "c"}));
  EXPECT_EQ(records[1].fields, (Fields{"", ""}));
  EXPECT_EQ(records[2].fields, (Fields{"x", ""}));
}

TEST(CsvReaderTest, AQuotedFieldMayHoldCommas) {
  auto records = ReadAll("\"Smith, Jon\",A0000001,\"Leeds, Central\"\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{"Smith, Jon", "A0000001", "Leeds, Central"}));
}

TEST(CsvReaderTest, ADoubledQuoteInsideQuotesIsOneQuote) {
  auto records = ReadAll("\"He said \"\"hello\"\"\",\"\"\"\",\"\"\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{"He said \"hello\"", "\"", ""}));
}

TEST(CsvReaderTest, ANewlineInsideQuotesIsPartOfTheFieldAndLinesAreStillCounted) {
  auto records = ReadAll("id,note\n1,\"line one\nline two\nline three\"\n2,plain\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].fields, (Fields{"1", "line one\nline two\nline three"}));
  EXPECT_EQ(records[2].line, 5);
  EXPECT_EQ(records[2].fields, (Fields{"2", "plain"}));
}

TEST(CsvReaderTest, CrlfLineEndsAreNotPartOfTheFields) {
  auto records = ReadAll("a,b\r\nc,\"d\"\r\ne,f");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(records[2].fields, (Fields{"e", "f"}));
  EXPECT_EQ(records[2].line, 3);
}

TEST(CsvReaderTest, ACrlfInsideQuotesIsKeptAndCountedAsOneLine) {
  auto records = ReadAll("1,\"two\r\nlines\"\r\n2,x\r\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (Fields{"1", "two\r\nlines"}));
  EXPECT_EQ(records[1].line, 3);
}

// Spreadsheets on old Macs end lines with a bare carriage return.
TEST(CsvReaderTest, BareCarriageReturnsEndLinesAndAreCounted) {
  auto records = ReadAll("a,b\rc,d\r\re,\"f\rg\"\rh\r");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (Fields{"e", "f\rg"}));
  EXPECT_EQ(records[2].line, 4);
  EXPECT_EQ(records[3].fields, (Fields{"h"}));
  EXPECT_EQ(records[3].line, 6);
}

TEST(CsvReaderTest, BlankLinesAreSkippedButCounted) {
  auto records = ReadAll("a\n\n\nb\r\n\r\nc\n\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].fields, (Fields{"b"}));
  EXPECT_EQ(records[1].line, 4);
  EXPECT_EQ(records[2].line, 6);
}

TEST(CsvReaderTest, SpacesAndUtf8AreKeptAsWritten) {
  auto records = ReadAll(" a , Zoë Brontë ,\"  q  \"\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{" a ", " Zoë Brontë ", "  q  "}));
}

TEST(CsvReaderTest, PositionCountsTheBytesConsumed) {
  std::string text = "a,b\r\n\"c\nd\",e\n";
  CsvReader reader(text);
  ASSERT_TRUE(reader.Next());
  EXPECT_EQ(reader.Position(), 5u);
  ASSERT_TRUE(reader.Next());
  EXPECT_EQ(reader.Position(), text.size());
}

TEST(CsvReaderTest, AnUnterminatedQuoteIsAnErrorNamingItsLine) {
  Error error = FirstError("name,note\nJon,fine\nAnn,\"never closed\nmore text\nand more\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(error.message, "line 3")) << error.message;
  EXPECT_TRUE(Contains(error.message, "never closed")) << error.message;
}

TEST(CsvReaderTest, AnUnterminatedQuoteAfterAMultiLineFieldNamesTheLineWhereTheQuoteOpened) {
  Error error = FirstError("id,a,b\n1,\"first\nsecond\",\"open\nstill open\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(error.message, "line 3")) << error.message;
}

TEST(CsvReaderTest, RecordsBeforeAnUnterminatedQuoteAreStillRead) {
  CsvReader reader("a,b\nc,\"d\n");
  auto first = reader.Next();
  ASSERT_TRUE(first && first->has_value());
  EXPECT_EQ((*first)->fields, (Fields{"a", "b"}));
  EXPECT_FALSE(reader.Next());
}

TEST(CsvReaderTest, AQuoteInsideAnUnquotedFieldIsAnErrorNamingItsLine) {
  Error error = FirstError("a,b\nc,5\" screen\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(error.message, "line 2")) << error.message;
  EXPECT_TRUE(Contains(error.message, "quote inside an unquoted field")) << error.message;
}

TEST(CsvReaderTest, TextAfterAClosingQuoteIsAnErrorNamingItsLine) {
  Error error = FirstError("a,b\nc,d\n\"e\"f,g\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(error.message, "line 3")) << error.message;
  EXPECT_TRUE(Contains(error.message, "closing quote")) << error.message;
  EXPECT_EQ(FirstError("\"a\"\"b\"x\n").code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FirstError("\"a\" ,b\n").code, ErrorCode::kInvalidArgument);
}

CsvRecord Row(int line, Fields fields) { return CsvRecord{line, std::move(fields)}; }

TEST(CsvHeaderTest, MapsColumnsToTheirIndexes) {
  auto header = CsvHeader::Create(Row(1, {"number", "name", "branch"}), {"number", "name"}, {"branch", "email"});
  ASSERT_TRUE(header) << header.error().message;
  EXPECT_EQ(header->Width(), 3u);
  EXPECT_EQ(header->Index("number"), 0u);
  EXPECT_EQ(header->Index("branch"), 2u);
  EXPECT_EQ(header->Index("email"), std::nullopt);
  EXPECT_EQ(header->Index("unheard of"), std::nullopt);
}

TEST(CsvHeaderTest, GetsAFieldByColumnName) {
  auto header = CsvHeader::Create(Row(1, {"name", "number"}), {"number", "name"}, {"email"});
  ASSERT_TRUE(header) << header.error().message;
  CsvRecord record = Row(2, {"Jon Smith", "A0000001"});
  EXPECT_EQ(header->Get(record, "number"), "A0000001");
  EXPECT_EQ(header->Get(record, "name"), "Jon Smith");
  EXPECT_EQ(header->Get(record, "email"), "");
}

TEST(CsvHeaderTest, AShortRecordGivesEmptyValuesForItsMissingFields) {
  auto header = CsvHeader::Create(Row(1, {"number", "name", "branch"}), {"number"}, {"name", "branch"});
  ASSERT_TRUE(header) << header.error().message;
  CsvRecord record = Row(2, {"A0000001"});
  EXPECT_EQ(header->Get(record, "number"), "A0000001");
  EXPECT_EQ(header->Get(record, "branch"), "");
}

TEST(CsvHeaderTest, AMissingRequiredColumnIsNamed) {
  auto header = CsvHeader::Create(Row(1, {"name"}), {"number", "name"}, {"branch"});
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(header.error().message, "missing column 'number'")) << header.error().message;
  EXPECT_TRUE(Contains(header.error().message, "line 1")) << header.error().message;
  EXPECT_FALSE(Contains(header.error().message, "missing column 'name'")) << header.error().message;
  EXPECT_FALSE(Contains(header.error().message, "missing column 'branch'")) << header.error().message;
}

TEST(CsvHeaderTest, AnUnknownColumnIsNamedWithTheColumnsAllowed) {
  auto header = CsvHeader::Create(Row(1, {"number", "name", "shoe size"}), {"number", "name"}, {"branch"});
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(header.error().message, "unknown column 'shoe size'")) << header.error().message;
  EXPECT_TRUE(Contains(header.error().message, "number, name, branch")) << header.error().message;
}

TEST(CsvHeaderTest, EveryProblemIsNamedInOneMessage) {
  auto header = CsvHeader::Create(Row(4, {"Number", "nmae"}), {"number", "name"}, {});
  ASSERT_FALSE(header);
  const std::string& message = header.error().message;
  EXPECT_TRUE(Contains(message, "line 4")) << message;
  EXPECT_TRUE(Contains(message, "unknown column 'Number'")) << message;
  EXPECT_TRUE(Contains(message, "unknown column 'nmae'")) << message;
  EXPECT_TRUE(Contains(message, "missing column 'number'")) << message;
  EXPECT_TRUE(Contains(message, "missing column 'name'")) << message;
}

TEST(CsvHeaderTest, AByteOrderMarkBeforeTheFirstColumnIsIgnored) {
  auto header = CsvHeader::Create(Row(1, {"\xEF\xBB\xBFnumber", "name"}), {"number", "name"}, {});
  ASSERT_TRUE(header) << header.error().message;
  EXPECT_EQ(header->Index("number"), 0u);
}

TEST(CsvHeaderTest, ReadsAHeaderStraightFromTheReader) {
  CsvReader reader("number,name\r\nA0000001,\"Smith, Jon\"\r\n");
  auto first = reader.Next();
  ASSERT_TRUE(first && first->has_value());
  auto header = CsvHeader::Create(**first, {"number", "name"}, {});
  ASSERT_TRUE(header) << header.error().message;
  auto second = reader.Next();
  ASSERT_TRUE(second && second->has_value());
  EXPECT_EQ(header->Get(**second, "name"), "Smith, Jon");
  EXPECT_EQ((*second)->line, 2);
}

}  // namespace
}  // namespace docket
