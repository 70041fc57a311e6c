// Small-number suppression for published tables.
//
// Primary: any count from 1 to 4 is published as "fewer than 5" (0 is
// published: it reveals nobody). Secondary: a table is published with its
// row totals, column totals and grand total, so a single hidden cell in a
// row or column could be worked out by subtraction; whenever a row or
// column (its total included) has exactly one hidden entry, the smallest
// other non-zero count in it is hidden too (or its total, when no other
// count is left), and this repeats until no row or column has exactly one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace docket::reporting {

/// The smallest count published as a number; 1 to kThreshold-1 are hidden.
inline constexpr std::int64_t kThreshold = 5;
/// How a count from 1 to 4 is published (primary suppression).
inline constexpr const char* kSuppressedText = "fewer than 5";
/// How a larger count hidden only to protect another one is published
/// (secondary suppression): "fewer than 5" would be untrue of it.
inline constexpr const char* kWithheldText = "withheld";

/// A count as published.
struct PublishedCell {
  std::int64_t value = 0;   //!< The true count (never published when suppressed).
  bool suppressed = false;  //!< Primary or secondary.
  bool primary = false;     //!< Suppressed because it is from 1 to 4.
};

/// A table of counts with totals. rows x columns, plus a total column on
/// each row and a total row at the bottom (the last cell is the grand total).
struct PublishedTable {
  std::string id;       //!< Stable key for JSON and CSV, e.g. "closed_by_outcome".
  std::string title;    //!< Heading for HTML.
  std::string row_heading;
  std::vector<std::string> rows;
  std::vector<std::string> columns;
  /// (rows + 1) x (columns + 1): the last column holds row totals, the last row column totals.
  std::vector<std::vector<PublishedCell>> cells;

  const PublishedCell& At(std::size_t row, std::size_t column) const { return cells[row][column]; }
  const PublishedCell& RowTotal(std::size_t row) const { return cells[row].back(); }
  const PublishedCell& ColumnTotal(std::size_t column) const { return cells.back()[column]; }
  const PublishedCell& GrandTotal() const { return cells.back().back(); }
  /// The published text of a cell: the number, kSuppressedText or kWithheldText.
  static std::string Text(const PublishedCell& cell);
};

/// Builds a table from its counts (rows x columns), adds the totals, and
/// applies primary and secondary suppression.
PublishedTable Suppress(std::string id, std::string title, std::string row_heading, std::vector<std::string> rows,
                        std::vector<std::string> columns, const std::vector<std::vector<std::int64_t>>& counts);

/// True when no row or column of the table (totals included) has exactly one
/// suppressed entry, and every count from 1 to 4 is suppressed.
bool IsSafelySuppressed(const PublishedTable& table);

}  // namespace docket::reporting
