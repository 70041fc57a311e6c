#include "reporting/render.hpp"

#include <fmt/format.h>

namespace docket::reporting {
namespace {

std::string Cell(const PublishedCell& cell) {
  return cell.suppressed ? JsonString(PublishedTable::Text(cell)) : std::to_string(cell.value);
}

std::string OptionalDays(const std::optional<int>& days) { return days ? std::to_string(*days) : "null"; }

// CSV fields are quoted only when they must be (RFC 4180).
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void CsvRow(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) out += ',';
    out += CsvField(field);
    first = false;
  }
  out += "\r\n";
}

std::string Html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Ids such as "no_case_to_answer" read as words in the HTML page.
std::string Words(std::string_view id) {
  std::string out(id);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string DaysJson(const DaysSummary& days) {
  return fmt::format(R"({{"cases":{},"median_days":{},"p90_days":{}}})", days.count, days.median, days.p90);
}

std::string FiguresJson(const CategoryFigures& f, const std::vector<std::string>& outcomes) {
  std::string out = fmt::format(R"({{"category":{},"received":{},"opened":{},"closed":{},"closed_by_outcome":{{)",
                                JsonString(f.category), f.received, f.opened, f.closed);
  for (std::size_t o = 0; o < outcomes.size() && o < f.closed_by_outcome.size(); ++o) {
    out += fmt::format("{}{}:{}", o ? "," : "", JsonString(outcomes[o]), f.closed_by_outcome[o]);
  }
  out += fmt::format(R"(}},"days_to_outcome":{},"stages":[)", DaysJson(f.days_to_outcome));
  for (std::size_t s = 0; s < f.stages.size(); ++s) {
    const StageFigures& stage = f.stages[s];
    out += fmt::format(R"({}{{"stage":{},"days_to_stage":{},"deadline_met":{},"deadline_missed":{}}})", s ? "," : "",
                       JsonString(stage.stage), DaysJson(stage.days_to_stage), stage.deadline_met,
                       stage.deadline_missed);
  }
  out += R"(],"backlog_by_age":[)";
  for (std::size_t b = 0; b < kAgeBuckets.size(); ++b) {
    out += fmt::format(R"({}{{"bucket":{},"count":{}}})", b ? "," : "", JsonString(kAgeBuckets[b]), f.backlog[b]);
  }
  out += fmt::format(
      R"(],"interim_suspensions":{{"imposed":{},"in_force":{},"in_force_days":{},"ended":{},"ended_days":{}}},)"
      R"("appeals":{{"lodged":{},"decided":{},"upheld":{}}}}})",
      f.interim_imposed, f.interim_in_force, DaysJson(f.interim_days_in_force), f.interim_ended,
      DaysJson(f.interim_days_ended), f.appeals_lodged, f.appeals_decided, f.appeals_upheld);
  return out;
}

std::string RecommendationsJson(const std::vector<RecommendationFigures>& recommendations) {
  std::string out = "[";
  for (std::size_t i = 0; i < recommendations.size(); ++i) {
    const RecommendationFigures& r = recommendations[i];
    out += fmt::format(R"({}{{"report":{},"total":{},"overdue":{},"by_status":{{)", i ? "," : "", JsonString(r.report),
                       r.total, r.overdue);
    for (std::size_t s = 0; s < r.by_status.size(); ++s) {
      out += fmt::format("{}{}:{}", s ? "," : "", JsonString(Name(kRecommendationStatuses[s])), r.by_status[s]);
    }
    out += "}}";
  }
  return out + "]";
}


// A published count for a chart: hidden counts are gaps (null), never numbers.
std::string ChartValue(const PublishedCell& cell) { return cell.suppressed ? "null" : std::to_string(cell.value); }

const PublishedTable* FindTable(const TransparencyReport& report, std::string_view id) {
  for (const PublishedTable& table : report.tables) {
    if (table.id == id) return &table;
  }
  return nullptr;
}

// Three charts from the published figures: the backlog by age, stage
// deadlines met and missed, and the median working days to outcome.
std::string Charts(const TransparencyReport& report, std::string_view chart_script) {
  const PublishedTable* backlog = FindTable(report, "backlog_by_age");
  const PublishedTable* compliance = FindTable(report, "deadline_compliance");
  if (backlog == nullptr || compliance == nullptr) return {};
  auto labels = [](const std::vector<std::string>& names) {
    std::string out = "[";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + JsonString(Words(names[i]));
    return out + "]";
  };
  std::string backlog_values = "[";
  for (std::size_t c = 0; c < backlog->columns.size(); ++c) backlog_values += (c ? "," : "") + ChartValue(backlog->ColumnTotal(c));
  backlog_values += "]";
  std::string met = "[", missed = "[";
  for (std::size_t r = 0; r < compliance->rows.size(); ++r) {
    met += (r ? "," : "") + ChartValue(compliance->At(r, 0));
    missed += (r ? "," : "") + ChartValue(compliance->At(r, 1));
  }
  met += "]";
  missed += "]";
  std::vector<std::string> outcome_labels;
  std::string medians = "[";
  for (std::size_t i = 0; i < report.days_to_outcome.size(); ++i) {
    outcome_labels.push_back(report.days_to_outcome[i].label);
    medians += (i ? "," : "") + (report.days_to_outcome[i].median ? std::to_string(*report.days_to_outcome[i].median) : std::string("null"));
  }
  medians += "]";
  std::string out = R"(<h2>Charts</h2>
<div class="charts">
<figure><figcaption>Open cases at the end of the period, by time since receipt</figcaption><canvas id="chart-backlog" role="img" aria-label="Bar chart of open cases by time since receipt; the figures are in the table below"></canvas></figure>
<figure><figcaption>Stage deadlines met and missed</figcaption><canvas id="chart-compliance" role="img" aria-label="Stacked bar chart of stage deadlines met and missed; the figures are in the table below"></canvas></figure>
<figure><figcaption>Median working days from receipt to outcome</figcaption><canvas id="chart-outcome" role="img" aria-label="Bar chart of median working days to outcome by category; the figures are in the table below"></canvas></figure>
</div>
<script>)";
  out += chart_script;
  out += "</script>\n<script>\n";
  out += fmt::format(R"(Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
new Chart(document.getElementById('chart-backlog'), {{ type: 'bar',
  data: {{ labels: {}, datasets: [{{ label: 'open cases', data: {}, backgroundColor: '#3b6ea8' }}] }},
  options: {{ plugins: {{ legend: {{ display: false }} }} }} }});
new Chart(document.getElementById('chart-compliance'), {{ type: 'bar',
  data: {{ labels: {}, datasets: [{{ label: 'met', data: {}, backgroundColor: '#2e7d4f' }}, {{ label: 'missed', data: {}, backgroundColor: '#b3412f' }}] }},
  options: {{ scales: {{ x: {{ stacked: true }}, y: {{ stacked: true }} }} }} }});
new Chart(document.getElementById('chart-outcome'), {{ type: 'bar',
  data: {{ labels: {}, datasets: [{{ label: 'median working days', data: {}, backgroundColor: '#6a4c93' }}] }},
  options: {{ plugins: {{ legend: {{ display: false }} }} }} }});
</script>
)",
                     labels(backlog->columns), backlog_values, labels(compliance->rows), met, missed,
                     labels(outcome_labels), medians);
  return out;
}
}  // namespace

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string TransparencyJson(const TransparencyReport& report) {
  std::string out = fmt::format(R"({{"period":{{"label":{},"first":"{}","last":"{}"}},"generated_on":"{}",)",
                                JsonString(report.period.label), report.period.first.ToString(),
                                report.period.last.ToString(), report.generated_on.ToString());
  out += fmt::format(R"("suppression":{{"threshold":{},"small":{},"secondary":{}}},"tables":[)", kThreshold,
                     JsonString(kSuppressedText), JsonString(kWithheldText));
  for (std::size_t t = 0; t < report.tables.size(); ++t) {
    const PublishedTable& table = report.tables[t];
    out += fmt::format(R"({}{{"id":{},"title":{},"row_heading":{},"columns":[)", t ? "," : "", JsonString(table.id),
                       JsonString(table.title), JsonString(table.row_heading));
    for (std::size_t c = 0; c < table.columns.size(); ++c) out += (c ? "," : "") + JsonString(table.columns[c]);
    out += R"(],"rows":[)";
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      out += fmt::format(R"({}{{"label":{},"values":[)", r ? "," : "", JsonString(table.rows[r]));
      for (std::size_t c = 0; c < table.columns.size(); ++c) out += (c ? "," : "") + Cell(table.At(r, c));
      out += fmt::format(R"(],"total":{}}})", Cell(table.RowTotal(r)));
    }
    out += R"(],"totals":[)";
    for (std::size_t c = 0; c < table.columns.size(); ++c) out += (c ? "," : "") + Cell(table.ColumnTotal(c));
    out += fmt::format(R"(],"total":{}}})", Cell(table.GrandTotal()));
  }
  auto durations = [&](const std::vector<PublishedDuration>& list) {
    std::string text = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
      text += fmt::format(R"({}{{"label":{},"median_days":{},"p90_days":{}}})", i ? "," : "",
                          JsonString(list[i].label), OptionalDays(list[i].median), OptionalDays(list[i].p90));
    }
    return text + "]";
  };
  out += fmt::format(R"(],"days_to_stage":{},"days_to_outcome":{},"recommendations":{}}})",
                     durations(report.days_to_stage), durations(report.days_to_outcome),
                     RecommendationsJson(report.recommendations));
  return out;
}

std::string TransparencyCsv(const TransparencyReport& report) {
  std::string out;
  CsvRow(out, {"section", "row", "column", "value"});
  CsvRow(out, {"period", report.period.label, "from", report.period.first.ToString()});
  CsvRow(out, {"period", report.period.label, "to", report.period.last.ToString()});
  for (const PublishedTable& table : report.tables) {
    for (std::size_t r = 0; r <= table.rows.size(); ++r) {
      const std::string_view row = r < table.rows.size() ? std::string_view(table.rows[r]) : "total";
      for (std::size_t c = 0; c <= table.columns.size(); ++c) {
        if (c == table.columns.size() && table.columns.size() == 1) continue;  // a one-column table's row total repeats it
        const std::string_view column = c < table.columns.size() ? std::string_view(table.columns[c]) : "total";
        CsvRow(out, {table.id, row, column, PublishedTable::Text(table.cells[r][c])});
      }
    }
  }
  auto durations = [&](std::string_view section, const std::vector<PublishedDuration>& list) {
    for (const PublishedDuration& d : list) {
      CsvRow(out, {section, d.label, "median_days", d.median ? std::to_string(*d.median) : "withheld"});
      CsvRow(out, {section, d.label, "p90_days", d.p90 ? std::to_string(*d.p90) : "withheld"});
    }
  };
  durations("days_to_stage", report.days_to_stage);
  durations("days_to_outcome", report.days_to_outcome);
  for (const RecommendationFigures& r : report.recommendations) {
    CsvRow(out, {"recommendations", r.report, "total", std::to_string(r.total)});
    for (std::size_t s = 0; s < r.by_status.size(); ++s) {
      CsvRow(out, {"recommendations", r.report, Name(kRecommendationStatuses[s]), std::to_string(r.by_status[s])});
    }
    CsvRow(out, {"recommendations", r.report, "overdue", std::to_string(r.overdue)});
  }
  return out;
}

std::string TransparencyHtml(const TransparencyReport& report, std::string_view organisation,
                             std::string_view chart_script) {
  std::string out = fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Transparency report {0}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; color: #1a1a1a; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }} h2 {{ font-size: 1.15rem; margin-top: 2rem; }}
table {{ border-collapse: collapse; margin: .5rem 0 1rem; }}
th, td {{ border: 1px solid #999; padding: .25rem .6rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
thead th, tr.total td {{ background: #eee; font-weight: 600; }}
td.suppressed {{ font-style: italic; color: #555; }}
.note {{ color: #444; font-size: .9rem; }}
.charts {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: 1rem; }}
.charts figure {{ margin: 0; height: 16rem; padding-bottom: 2rem; }} .charts figcaption {{ font-weight: 600; font-size: .9rem; }}
.wide {{ overflow-x: auto; }}
@media print {{ body {{ margin: 0; max-width: none; font-size: 10pt; }} h2 {{ break-after: avoid; }}
  table {{ break-inside: avoid; font-size: 8.5pt; }} .wide {{ overflow: visible; }} .charts figure {{ break-inside: avoid; }} }}
</style></head><body>
<h1>Transparency report {0}</h1>
<p class="note">{1}Period {2} to {3}. Generated on {4}.</p>
<p class="note">To protect the people involved, any count from 1 to 4 is shown as “{5}”, and another count is
shown as “{7}” where it would otherwise let a hidden count be worked out from the totals. Medians are shown only
where at least {6} cases stand behind them. Durations are in working days from the receipt of the complaint.
This report holds no names, no free text and no branch.</p>
)",
                                Html(report.period.label), organisation.empty() ? "" : Html(organisation) + ". ",
                                report.period.first.ToString(), report.period.last.ToString(),
                                report.generated_on.ToString(), kSuppressedText, kThreshold, kWithheldText);
  if (!chart_script.empty()) out += Charts(report, chart_script);
  for (const PublishedTable& table : report.tables) {
    const bool totals_column = table.columns.size() > 1;
    out += fmt::format("<h2>{}</h2>\n<div class=\"wide\"><table><thead><tr><th>{}</th>", Html(table.title),
                       Html(Words(table.row_heading)));
    for (const std::string& column : table.columns) out += fmt::format("<th>{}</th>", Html(Words(column)));
    if (totals_column) out += "<th>Total</th>";
    out += "</tr></thead><tbody>\n";
    for (std::size_t r = 0; r <= table.rows.size(); ++r) {
      const bool total_row = r == table.rows.size();
      out += fmt::format("<tr{}><td>{}</td>", total_row ? R"( class="total")" : "",
                         total_row ? std::string("Total") : Html(Words(table.rows[r])));
      for (std::size_t c = 0; c < table.columns.size() + (totals_column ? 1 : 0); ++c) {
        const PublishedCell& cell = table.cells[r][c];
        out += fmt::format("<td{}>{}</td>", cell.suppressed ? R"( class="suppressed")" : "",
                           Html(PublishedTable::Text(cell)));
      }
      out += "</tr>\n";
    }
    out += "</tbody></table></div>\n";
  }
  auto durations = [&](std::string_view title, std::string_view heading, const std::vector<PublishedDuration>& list) {
    out += fmt::format("<h2>{}</h2>\n<table><thead><tr><th>{}</th><th>Median</th><th>90th percentile</th></tr></thead><tbody>\n",
                       title, heading);
    for (const PublishedDuration& d : list) {
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", Html(Words(d.label)),
                         d.median ? std::to_string(*d.median) : "withheld", d.p90 ? std::to_string(*d.p90) : "withheld");
    }
    out += "</tbody></table>\n";
  };
  durations("Working days from receipt to each stage", "Stage", report.days_to_stage);
  durations("Working days from receipt to outcome", "Category", report.days_to_outcome);
  if (!report.recommendations.empty()) {
    out += "<h2>Recommendations of reports into our process</h2>\n<table><thead><tr><th>Report</th><th>Total</th>";
    for (RecommendationStatus status : kRecommendationStatuses) out += fmt::format("<th>{}</th>", Words(Name(status)));
    out += "<th>Overdue</th></tr></thead><tbody>\n";
    for (const RecommendationFigures& r : report.recommendations) {
      out += fmt::format("<tr><td>{}</td><td>{}</td>", Html(r.report), r.total);
      for (std::int64_t n : r.by_status) out += fmt::format("<td>{}</td>", n);
      out += fmt::format("<td>{}</td></tr>\n", r.overdue);
    }
    out += "</tbody></table>\n";
  }
  out += "</body></html>\n";
  return out;
}

std::string StatisticsJson(const Statistics& stats) {
  std::string out = fmt::format(R"({{"period":{{"label":{},"first":"{}","last":"{}"}},"categories":[)",
                                JsonString(stats.period.label), stats.period.first.ToString(),
                                stats.period.last.ToString());
  for (std::size_t k = 0; k < stats.categories.size(); ++k) {
    out += (k ? "," : "") + FiguresJson(stats.categories[k], stats.outcomes);
  }
  out += fmt::format(R"(],"total":{},"recommendations":{}}})", FiguresJson(stats.total, stats.outcomes),
                     RecommendationsJson(stats.recommendations));
  return out;
}

std::string StatisticsCsv(const Statistics& stats) {
  std::string out;
  CsvRow(out, {"category", "measure", "key", "value"});
  auto number = [](std::int64_t n) { return std::to_string(n); };
  auto days = [&](std::string_view category, std::string_view measure, std::string_view key, const DaysSummary& d) {
    CsvRow(out, {category, measure, fmt::format("{}{}cases", key, key.empty() ? "" : ":"), number(d.count)});
    CsvRow(out, {category, measure, fmt::format("{}{}median_days", key, key.empty() ? "" : ":"), number(d.median)});
    CsvRow(out, {category, measure, fmt::format("{}{}p90_days", key, key.empty() ? "" : ":"), number(d.p90)});
  };
  auto figures = [&](const CategoryFigures& f) {
    const std::string_view k = f.category;
    CsvRow(out, {k, "received", "", number(f.received)});
    CsvRow(out, {k, "opened", "", number(f.opened)});
    CsvRow(out, {k, "closed", "", number(f.closed)});
    for (std::size_t o = 0; o < stats.outcomes.size() && o < f.closed_by_outcome.size(); ++o) {
      CsvRow(out, {k, "closed_by_outcome", stats.outcomes[o], number(f.closed_by_outcome[o])});
    }
    days(k, "days_to_outcome", "", f.days_to_outcome);
    for (const StageFigures& stage : f.stages) {
      days(k, "days_to_stage", stage.stage, stage.days_to_stage);
      CsvRow(out, {k, "deadline_met", stage.stage, number(stage.deadline_met)});
      CsvRow(out, {k, "deadline_missed", stage.stage, number(stage.deadline_missed)});
    }
    for (std::size_t b = 0; b < kAgeBuckets.size(); ++b) CsvRow(out, {k, "backlog", kAgeBuckets[b], number(f.backlog[b])});
    CsvRow(out, {k, "interim_imposed", "", number(f.interim_imposed)});
    CsvRow(out, {k, "interim_in_force", "", number(f.interim_in_force)});
    days(k, "interim_days_in_force", "", f.interim_days_in_force);
    CsvRow(out, {k, "interim_ended", "", number(f.interim_ended)});
    days(k, "interim_days_ended", "", f.interim_days_ended);
    CsvRow(out, {k, "appeals_lodged", "", number(f.appeals_lodged)});
    CsvRow(out, {k, "appeals_decided", "", number(f.appeals_decided)});
    CsvRow(out, {k, "appeals_upheld", "", number(f.appeals_upheld)});
  };
  for (const CategoryFigures& f : stats.categories) figures(f);
  figures(stats.total);
  for (const RecommendationFigures& r : stats.recommendations) {
    CsvRow(out, {r.report, "recommendations", "total", number(r.total)});
    for (std::size_t s = 0; s < r.by_status.size(); ++s) {
      CsvRow(out, {r.report, "recommendations", Name(kRecommendationStatuses[s]), number(r.by_status[s])});
    }
    CsvRow(out, {r.report, "recommendations", "overdue", number(r.overdue)});
  }
  return out;
}

std::string StatisticsJson(const Dashboard& d) {
  std::string out = fmt::format(R"({{"as_of":"{}","backlog_by_age":[)", d.as_of.ToString());
  for (std::size_t b = 0; b < kAgeBuckets.size(); ++b) {
    out += fmt::format(R"({}{{"bucket":{},"count":{}}})", b ? "," : "", JsonString(kAgeBuckets[b]), d.backlog_by_age[b]);
  }
  out += R"(],"stage_days_by_month":[)";
  for (std::size_t i = 0; i < d.stage_days_by_month.size(); ++i) {
    const auto& row = d.stage_days_by_month[i];
    out += fmt::format(R"({}{{"month":{},"stage":{},"cases":{},"median_days":{},"p90_days":{}}})", i ? "," : "",
                       JsonString(row.month), JsonString(row.stage), row.cases, row.median_days, row.p90_days);
  }
  out += R"(],"compliance_by_month":[)";
  for (std::size_t i = 0; i < d.compliance_by_month.size(); ++i) {
    const auto& row = d.compliance_by_month[i];
    out += fmt::format(R"({}{{"month":{},"met":{},"missed":{}}})", i ? "," : "", JsonString(row.month), row.met,
                       row.missed);
  }
  out += R"(],"outcomes_by_category":[)";
  for (std::size_t i = 0; i < d.outcomes_by_category.size(); ++i) {
    const auto& row = d.outcomes_by_category[i];
    out += fmt::format(R"({}{{"category":{},"outcome":{},"count":{}}})", i ? "," : "", JsonString(row.category),
                       JsonString(row.outcome), row.count);
  }
  out += R"(],"interim_suspensions_overdue":[)";
  for (std::size_t i = 0; i < d.interim_suspensions_overdue.size(); ++i) {
    const auto& row = d.interim_suspensions_overdue[i];
    out += fmt::format(R"({}{{"case":{},"respondent":{},"imposed_on":"{}","review_due":"{}"}})", i ? "," : "",
                       JsonString(row.case_number), JsonString(row.respondent), row.imposed_on.ToString(),
                       row.review_due.ToString());
  }
  return out + "]}";
}

}  // namespace docket::reporting
