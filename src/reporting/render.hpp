// Text renderings of reports: JSON, CSV and a self-contained, printable HTML
// page. Pure string building (no JSON library: numbers are integers and
// strings are escaped here), so the HTTP layer and the command line print
// exactly the same documents.
#pragma once

#include <string>
#include <string_view>

#include "reporting/statistics.hpp"
#include "reporting/transparency.hpp"

namespace docket::reporting {

/// A JSON string literal, quotes included, with control characters escaped.
std::string JsonString(std::string_view text);

/// The public report as JSON: {"period":…,"tables":[…],…}; suppressed counts are the string "fewer than 5".
std::string TransparencyJson(const TransparencyReport& report);
/// The public report as CSV rows: section,row,column,value.
std::string TransparencyCsv(const TransparencyReport& report);
/// The public report as one HTML page with inline styles, readable when
/// printed. With `chart_script` (the chart.js UMD source, see
/// chart_library.hpp) it draws charts from the published figures only:
/// hidden counts and withheld medians are gaps, never numbers.
std::string TransparencyHtml(const TransparencyReport& report, std::string_view organisation,
                             std::string_view chart_script = {});

/// The oversight statistics (not suppressed) as JSON.
std::string StatisticsJson(const Statistics& stats);
/// The oversight statistics (not suppressed) as CSV rows: category,measure,key,value.
std::string StatisticsCsv(const Statistics& stats);
/// The oversight dashboard as JSON, in the shape the web app's oversight page reads.
std::string StatisticsJson(const Dashboard& dashboard);

}  // namespace docket::reporting
