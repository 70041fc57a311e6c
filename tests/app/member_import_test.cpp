#include "app/member_import.hpp"

#include <gtest/gtest.h>

#include "test_world.hpp"

namespace docket::app {
namespace {

using testing::TestWorld;

constexpr const char* kHeader =
    "membership_number,given_name,family_name,branch,email,joined_on,aliases,office,office_title,office_start,office_end\n";

std::int64_t Count(TestWorld& world) {
  auto tx = world.store->Begin(store::TransactionMode::kRead);
  return *(*tx)->Members().Count();
}

TEST(MemberImportTest, AValidFileImportsEveryMemberAndTheirOffices) {
  TestWorld world("import-valid");
  std::string csv = std::string(kHeader) +
                    "A1,Ruth,Cohen,Leeds Central,ruth@example.org,2010-04-01,R. Cohen;Ruthie,councillor,\"Councillor, "
                    "Headingley\",2018-05-03,2022-05-05\n"
                    "A1,,,,,,,mp,MP for Leeds Central,2024-07-04,\n"
                    "A2,Kwame,Mensah,Bristol West,,2019-01-15,,,,,\n";
  auto report = ImportMembers(*world.store, csv, "members.csv", ImportMode::kAllOrNothing);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->errors.empty());
  EXPECT_EQ(report->imported, 2);
  EXPECT_EQ(report->offices, 2);
  auto tx = world.store->Begin(store::TransactionMode::kRead);
  auto ruth = (*tx)->Members().FindByNumber("A1");
  ASSERT_TRUE(ruth);
  EXPECT_EQ(ruth->aliases, (std::vector<std::string>{"R. Cohen", "Ruthie"}));
  ASSERT_EQ(ruth->offices.size(), 2u);
  EXPECT_EQ(ruth->offices[0].title, "Councillor, Headingley");
  EXPECT_EQ(ruth->offices[1].kind, "mp");
}

TEST(MemberImportTest, ABadRowRefusesTheWholeImportAndNamesEveryBadLine) {
  TestWorld world("import-refused");
  std::string csv = std::string(kHeader) + "A1,Ruth,Cohen,Leeds Central,,2010-04-01,,,,,\n" +
                    "A2,Kwame,Mensah,Bristol West,,2019-13-01,,,,,\n" + ",No,Number,Leeds,,,,,,,\n" +
                    "A4,Ana,Silva,Leeds,,,,mp,,,\n";
  auto report = ImportMembers(*world.store, csv, "members.csv", ImportMode::kAllOrNothing);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->errors.size(), 3u);
  EXPECT_EQ(report->errors[0].line, 3);
  EXPECT_EQ(report->errors[0].message, "column 'joined_on': '2019-13-01' is not a real calendar date");
  EXPECT_EQ(report->errors[1].line, 4);
  EXPECT_EQ(report->errors[1].message, "column 'membership_number': empty");
  EXPECT_EQ(report->errors[2].line, 5);
  EXPECT_EQ(report->errors[2].message, "column 'office_start': '' is not a date of the form YYYY-MM-DD");
  EXPECT_EQ(report->imported, 0);
  EXPECT_EQ(Count(world), 0) << "nothing is written unless every row is good";
}

TEST(MemberImportTest, PartialImportCommitsTheValidRowsAndListsTheRest) {
  TestWorld world("import-partial");
  std::string csv = std::string(kHeader) + "A1,Ruth,Cohen,Leeds Central,,2010-04-01,,,,,\n" +
                    "A2,Kwame,Mensah,Bristol West,,2019-13-01,,,,,\n" + "A3,Priya,Shah,Leicester South,,,,,,,\n";
  auto report = ImportMembers(*world.store, csv, "members.csv", ImportMode::kPartial);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->imported, 2);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].line, 3);
  EXPECT_EQ(Count(world), 2);
}

TEST(MemberImportTest, AMemberAlreadyInTheDatabaseIsABadRow) {
  TestWorld world("import-duplicate");
  std::string first = std::string(kHeader) + "A1,Ruth,Cohen,Leeds Central,,2010-04-01,,,,,\n";
  ASSERT_TRUE(ImportMembers(*world.store, first, "a.csv", ImportMode::kAllOrNothing));
  std::string second = std::string(kHeader) + "A2,Kwame,Mensah,Bristol West,,,,,,,\n" + "A1,Ruth,Cohen,Leeds Central,,,,,,,\n";
  auto report = ImportMembers(*world.store, second, "b.csv", ImportMode::kAllOrNothing);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].line, 3);
  EXPECT_EQ(report->errors[0].message, "membership number 'A1' is already taken");
  EXPECT_EQ(Count(world), 1) << "the good row before the duplicate was rolled back too";
}

TEST(MemberImportTest, AMissingColumnRejectsTheFileNamingTheColumn) {
  TestWorld world("import-header");
  auto report = ImportMembers(*world.store, "membership_number,given_name,branch,shoe_size\nA1,R,L,9\n", "m.csv",
                              ImportMode::kAllOrNothing);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(report.error().message.substr(0, 60), "m.csv:1: unknown column 'shoe_size'; missing column 'family_");
}

TEST(MemberImportTest, AContinuationRowWithADifferentNameIsABadRow) {
  TestWorld world("import-continuation");
  std::string csv = std::string(kHeader) + "A1,Ruth,Cohen,Leeds Central,,,,,,,\n" + "A1,Rachel,Cohen,,,,,mp,,2024-07-04,\n";
  auto report = ImportMembers(*world.store, csv, "m.csv", ImportMode::kAllOrNothing);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].line, 3);
  EXPECT_EQ(Count(world), 0);
}

}  // namespace
}  // namespace docket::app
