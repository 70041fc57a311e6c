#include "reporting/suppression.hpp"

#include <gtest/gtest.h>

namespace docket::reporting {
namespace {

PublishedTable Table(const std::vector<std::vector<std::int64_t>>& counts) {
  std::vector<std::string> rows, columns;
  for (std::size_t r = 0; r < counts.size(); ++r) rows.push_back("r" + std::to_string(r));
  for (std::size_t c = 0; c < counts.front().size(); ++c) columns.push_back("c" + std::to_string(c));
  return Suppress("t", "T", "row", rows, columns, counts);
}

TEST(SuppressionTest, CountsFromOneToFourArePublishedAsFewerThanFive) {
  PublishedTable t = Table({{0, 1, 4, 5, 100}});
  EXPECT_FALSE(t.At(0, 0).suppressed);  // zero reveals nobody
  EXPECT_TRUE(t.At(0, 1).suppressed);
  EXPECT_TRUE(t.At(0, 2).suppressed);
  EXPECT_EQ(PublishedTable::Text(t.At(0, 1)), "fewer than 5");
  EXPECT_EQ(PublishedTable::Text(t.At(0, 0)), "0");
  EXPECT_TRUE(IsSafelySuppressed(t));
}

TEST(SuppressionTest, TotalsAreComputedFromTheCells) {
  PublishedTable t = Table({{10, 20}, {30, 40}});
  EXPECT_EQ(t.RowTotal(0).value, 30);
  EXPECT_EQ(t.ColumnTotal(1).value, 60);
  EXPECT_EQ(t.GrandTotal().value, 100);
  for (const auto& row : t.cells) {
    for (const PublishedCell& cell : row) EXPECT_FALSE(cell.suppressed);
  }
}

// The crafted case: one small count in a row and a column of large ones.
// Publishing 3 as "fewer than 5" alone would let a reader compute it as
// row total 53 - 50 = 3, so a second cell in its row and in its column must
// go too, and the chain must close.
TEST(SuppressionTest, ASingleHiddenCountCannotBeWorkedOutFromItsTotals) {
  PublishedTable t = Table({{3, 50, 60},
                            {40, 70, 80},
                            {45, 90, 100}});
  EXPECT_TRUE(t.At(0, 0).suppressed) << "primary";
  // Secondary in row 0: the smallest other non-zero count, 50.
  EXPECT_TRUE(t.At(0, 1).suppressed);
  // Secondary in column 0: the smallest other non-zero count, 40.
  EXPECT_TRUE(t.At(1, 0).suppressed);
  // Now row 1 and column 1 each hold one hidden count, so one more closes the loop: 70.
  EXPECT_TRUE(t.At(1, 1).suppressed);
  EXPECT_FALSE(t.At(2, 2).suppressed);
  EXPECT_FALSE(t.GrandTotal().suppressed);
  EXPECT_TRUE(IsSafelySuppressed(t));
  // A large count hidden for another's sake is not called "fewer than 5".
  EXPECT_FALSE(t.At(0, 1).primary);
  EXPECT_EQ(PublishedTable::Text(t.At(0, 1)), "withheld");
  // No line of the table has exactly one hidden entry.
  for (std::size_t r = 0; r < t.cells.size(); ++r) {
    int hidden = 0;
    for (const PublishedCell& cell : t.cells[r]) hidden += cell.suppressed;
    EXPECT_NE(hidden, 1) << "row " << r;
  }
  for (std::size_t c = 0; c < t.cells[0].size(); ++c) {
    int hidden = 0;
    for (const auto& row : t.cells) hidden += row[c].suppressed;
    EXPECT_NE(hidden, 1) << "column " << c;
  }
}

TEST(SuppressionTest, AOneColumnTableHidesASecondRowSoTheTotalGivesNothingAway) {
  // Categories of one count: 2 is hidden; the total 2+30+7 = 39 would give it
  // back, so the smallest other count (7) is hidden as well.
  PublishedTable t = Table({{2}, {30}, {7}});
  EXPECT_TRUE(t.At(0, 0).suppressed);
  EXPECT_TRUE(t.At(2, 0).suppressed);
  EXPECT_FALSE(t.At(1, 0).suppressed);
  EXPECT_FALSE(t.ColumnTotal(0).suppressed);
  EXPECT_TRUE(IsSafelySuppressed(t));
}

TEST(SuppressionTest, WhenNoOtherCellIsLeftTheTotalIsHidden) {
  // Row 0 is 3 and 0, so its total is 3 and hidden as small; so is column 0's.
  PublishedTable t = Table({{3, 0}, {0, 9}});
  EXPECT_TRUE(t.At(0, 0).suppressed);
  EXPECT_TRUE(t.RowTotal(0).suppressed);
  EXPECT_TRUE(t.ColumnTotal(0).suppressed);
  EXPECT_TRUE(IsSafelySuppressed(t));
}

TEST(SuppressionTest, TheSafetyCheckCatchesAnUnprotectedTable) {
  PublishedTable t = Table({{3, 50}, {40, 70}});
  t.cells[0][1].suppressed = false;
  t.cells[1][0].suppressed = false;
  t.cells[1][1].suppressed = false;
  t.cells[0][2].suppressed = false;
  EXPECT_FALSE(IsSafelySuppressed(t));
}

}  // namespace
}  // namespace docket::reporting
