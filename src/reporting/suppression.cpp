#include "reporting/suppression.hpp"

#include <limits>

namespace docket::reporting {
namespace {

// A line of the table: a row or a column, with its total as the last entry.
using Line = std::vector<PublishedCell*>;

std::vector<Line> Lines(PublishedTable& table) {
  std::vector<Line> lines;
  const std::size_t height = table.cells.size();
  const std::size_t width = height == 0 ? 0 : table.cells[0].size();
  for (std::size_t r = 0; r < height; ++r) {
    Line line;
    for (std::size_t c = 0; c < width; ++c) line.push_back(&table.cells[r][c]);
    lines.push_back(std::move(line));
  }
  for (std::size_t c = 0; c < width; ++c) {
    Line line;
    for (std::size_t r = 0; r < height; ++r) line.push_back(&table.cells[r][c]);
    lines.push_back(std::move(line));
  }
  return lines;
}

bool IsSmall(std::int64_t value) { return value > 0 && value < kThreshold; }

}  // namespace

std::string PublishedTable::Text(const PublishedCell& cell) {
  if (!cell.suppressed) return std::to_string(cell.value);
  return cell.primary ? kSuppressedText : kWithheldText;
}

PublishedTable Suppress(std::string id, std::string title, std::string row_heading, std::vector<std::string> rows,
                        std::vector<std::string> columns, const std::vector<std::vector<std::int64_t>>& counts) {
  PublishedTable table;
  table.id = std::move(id);
  table.title = std::move(title);
  table.row_heading = std::move(row_heading);
  table.rows = std::move(rows);
  table.columns = std::move(columns);
  const std::size_t height = table.rows.size();
  const std::size_t width = table.columns.size();
  table.cells.assign(height + 1, std::vector<PublishedCell>(width + 1));
  for (std::size_t r = 0; r < height; ++r) {
    for (std::size_t c = 0; c < width; ++c) {
      const std::int64_t value = r < counts.size() && c < counts[r].size() ? counts[r][c] : 0;
      table.cells[r][c].value = value;
      table.cells[r][width].value += value;
      table.cells[height][c].value += value;
      table.cells[height][width].value += value;
    }
  }

  for (auto& row : table.cells) {
    for (PublishedCell& cell : row) cell.suppressed = cell.primary = IsSmall(cell.value);
  }

  // Secondary suppression, to a fixed point. Each pass hides at least one
  // more entry or stops, so it ends within (rows+1)*(columns+1) passes.
  std::vector<Line> lines = Lines(table);
  bool changed = true;
  while (changed) {
    changed = false;
    for (Line& line : lines) {
      int hidden = 0;
      for (PublishedCell* cell : line) hidden += cell->suppressed ? 1 : 0;
      if (hidden != 1) continue;
      // Hide the smallest other non-zero entry: it gives away the least.
      // Totals are the last entry; prefer a cell, fall back to the total.
      PublishedCell* pick = nullptr;
      std::int64_t smallest = std::numeric_limits<std::int64_t>::max();
      for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        PublishedCell* cell = line[i];
        if (!cell->suppressed && cell->value > 0 && cell->value < smallest) {
          smallest = cell->value;
          pick = cell;
        }
      }
      if (pick == nullptr && !line.back()->suppressed && line.back()->value > 0) pick = line.back();
      // A line with one hidden entry always has another non-zero one (the
      // total, or a cell adding up to it), so a pick is always found.
      if (pick == nullptr) continue;
      pick->suppressed = true;
      changed = true;
    }
  }
  return table;
}

bool IsSafelySuppressed(const PublishedTable& table) {
  for (const auto& row : table.cells) {
    for (const PublishedCell& cell : row) {
      if (IsSmall(cell.value) && !cell.suppressed) return false;
    }
  }
  PublishedTable copy = table;
  for (const Line& line : Lines(copy)) {
    int hidden = 0;
    for (const PublishedCell* cell : line) hidden += cell->suppressed ? 1 : 0;
    if (hidden == 1) return false;
  }
  return true;
}

}  // namespace docket::reporting
