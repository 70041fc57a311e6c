import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { ChartConfiguration } from 'chart.js';
import { ChartView, PALETTE } from '../components/ChartView';
import { Section } from '../components/CaseSections';
import { ErrorBox, Field, Loading, Page } from '../components/ui';
import { ApiError, get } from '../lib/api';
import { formatDate } from '../lib/format';
import { categoryTitle, loadProcess, stageTitle } from '../lib/process';
import { navigate, useLocation } from '../lib/router';
import {
  backlogSeries, cellCount, cellKind, cellText, complianceTotals, countHidden, findTable, isQuarter, lastCompleteQuarter, monthTitle,
  monthsOf, outcomeDays, periodTitle, recentQuarters, words,
} from '../lib/transparency';
import { useLoad } from '../lib/useLoad';
import type { Process, PublishedCell, PublishedTable, TransparencyReport } from '../lib/types';

const REPORT = '/api/v1/reports/transparency';

interface MonthReport { month: string; report: TransparencyReport | null }
interface Loaded { report: TransparencyReport; months: MonthReport[] }

/**
 * The report of a period and, for a quarter, of each of its months so far:
 * the monthly reports give the "by month" charts, each suppressed on its own.
 * A month that fails to load leaves a gap rather than hiding the quarter.
 */
async function loadReport(period: string): Promise<Loaded> {
  const report = await get<TransparencyReport>(`${REPORT}?period=${encodeURIComponent(period)}`);
  const thisMonth = new Date().toISOString().slice(0, 7);
  const months = await Promise.all(monthsOf(period).filter((m) => m <= thisMonth).map(async (month): Promise<MonthReport> => {
    try {
      return { month, report: await get<TransparencyReport>(`${REPORT}?period=${month}`) };
    } catch {
      return { month, report: null };
    }
  }));
  return { report, months };
}

/** The public transparency report: counts with small numbers hidden, charts, and a layout that prints. */
export function TransparencyPage() {
  const { query } = useLocation();
  const today = new Date();
  const asked = query.get('period') ?? '';
  const period = /^\d{4}(Q[1-4]|-\d{2}|H[12])?$/.test(asked) ? asked : lastCompleteQuarter(today);
  const data = useLoad(() => loadReport(period), [period]);
  const process = useLoad(loadProcess, []);
  const p = process.state === 'ok' ? process.data : undefined;
  const options = recentQuarters(today);
  if (!options.includes(period)) options.push(period);
  const [choice, setChoice] = useState(period);

  return (
    <Page title="Transparency report" wide>
      <p class="lead">
        How complaints were handled, published every quarter: how many came in, how long they took, how many
        deadlines were met, and what was decided. No names, no branches and no details of any complaint appear here.
      </p>
      <form class="period-form no-print" onSubmit={(e) => {
        e.preventDefault();
        navigate(`/transparency?period=${encodeURIComponent(choice)}`, { replace: true });
      }}>
        <Field id="period" label="Period">
          <select id="period" value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
            {options.map((o) => <option key={o} value={o}>{isQuarter(o) ? `${periodTitle(o)} (${o})` : o}{o === options[0] ? ', so far' : ''}</option>)}
          </select>
        </Field>
        <button type="submit" class="button">Show the report</button>
        <button type="button" class="button button-secondary" onClick={() => window.print()}>Print or save as PDF</button>
      </form>
      {data.state === 'loading' && <Loading what={`the report for ${period}`} />}
      {data.state === 'error' && (
        <ErrorBox error={data.error} retry={data.reload}
          title={data.error instanceof ApiError && data.error.status === 404
            ? `There is no transparency report for ${period} on this server (GET ${REPORT}).`
            : 'The report could not be loaded.'} />
      )}
      {data.state === 'ok' && <Report loaded={data.data} process={p} />}
    </Page>
  );
}

function Hidden({ cell, report }: { cell: PublishedCell | undefined; report: TransparencyReport }) {
  if (typeof cell === 'number') return <>{cellText(cell)}</>;
  const kind = cellKind(cell, report);
  return <span class={`cell-hidden cell-${kind}`}>{cellText(cell)}</span>;
}

function rowTitle(table: PublishedTable, label: string, process?: Process): string {
  if (table.row_heading === 'category') return categoryTitle(process, label) === label ? words(label) : categoryTitle(process, label);
  if (table.row_heading === 'stage') return stageTitle(process, label) === label ? words(label) : stageTitle(process, label);
  return words(label);
}

function Report({ loaded, process }: { loaded: Loaded; process?: Process }) {
  const { report, months } = loaded;
  const hidden = countHidden(report);
  const small = report.suppression.small;
  const secondary = report.suppression.secondary;
  const total = (id: string) => findTable(report, id)?.total;
  const compliance = complianceTotals(report);
  const met = cellCount(compliance.met);
  const missed = cellCount(compliance.missed);
  const backlog = backlogSeries(report);
  const backlogTotal = findTable(report, 'backlog_by_age')?.total;
  const monthly = months.filter((m) => m.report);

  const backlogChart = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: { labels: backlog.map((b) => b.bucket), datasets: [{ label: 'Open cases', data: backlog.map((b) => cellCount(b.cell)), backgroundColor: PALETTE[0] }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, title: { display: true, text: 'open cases' } } } },
  }), [report]);

  const outcomeChart = useMemo<ChartConfiguration>(() => ({
    type: 'line',
    data: {
      labels: monthly.map((m) => monthTitle(m.month)),
      datasets: [
        { label: 'Median', data: monthly.map((m) => outcomeDays(m.report!).median), borderColor: PALETTE[0], backgroundColor: PALETTE[0], spanGaps: false },
        { label: '90th percentile', data: monthly.map((m) => outcomeDays(m.report!).p90), borderColor: PALETTE[1], backgroundColor: PALETTE[1], borderDash: [6, 4], spanGaps: false },
      ],
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'working days' } } } },
  }), [loaded]);

  const complianceChart = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: {
      labels: monthly.map((m) => monthTitle(m.month)),
      datasets: [
        { label: 'Met', data: monthly.map((m) => cellCount(complianceTotals(m.report!).met)), backgroundColor: PALETTE[2] },
        { label: 'Missed', data: monthly.map((m) => cellCount(complianceTotals(m.report!).missed)), backgroundColor: PALETTE[3] },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'deadlines' } } } },
  }), [loaded]);

  const days = (d: number | null) => (d === null ? <span class="cell-hidden cell-secondary">{secondary}</span> : d);
  return (
    <>
      <p class="report-period">
        <strong>{isQuarter(report.period.label) ? `${periodTitle(report.period.label)} (${report.period.label})` : report.period.label}</strong>:
        {' '}{formatDate(report.period.first)} to {formatDate(report.period.last)}. Published {formatDate(report.generated_on)}.
        Durations are in working days from the day the complaint was received.
      </p>
      <section class="notice" id="suppression" aria-labelledby="suppression-heading">
        <h2 id="suppression-heading" class="h3">Why some numbers are not shown</h2>
        <p>
          A small number can identify the people in a complaint, especially in a small branch or category. So any count
          from 1 to {report.suppression.threshold - 1} is shown as <span class="cell-hidden cell-small">{small}</span>, and another count is
          shown as <span class="cell-hidden cell-secondary">{secondary}</span> where it would otherwise let a hidden count be worked out
          by subtracting from a total. A median or 90th percentile is shown only when at least {report.suppression.threshold} cases
          stand behind it.
        </p>
        <p class="small">
          In this report: {hidden.small === 0 && hidden.secondary === 0 ? 'no count is hidden.'
            : `${hidden.small} ${hidden.small === 1 ? 'count is' : 'counts are'} shown as “${small}” and ${hidden.secondary} as “${secondary}”.`}
        </p>
      </section>

      <ul class="kpis">
        <li><span class="kpi"><Hidden cell={total('complaints_received')} report={report} /></span> complaints received</li>
        <li><span class="kpi"><Hidden cell={total('cases_opened')} report={report} /></span> cases opened</li>
        <li><span class="kpi"><Hidden cell={backlogTotal} report={report} /></span> cases open at the end of the period</li>
        <li><span class="kpi">{met !== null && missed !== null && met + missed > 0 ? `${Math.round((met / (met + missed)) * 100)}%` : '—'}</span> of stage deadlines met</li>
      </ul>

      <div class="chart-grid">
        <Section id="t-backlog" title="Open cases by age">
          <ChartView id="chart-t-backlog" config={backlogChart} tableShown
            label={`Open cases at the end of the period, by time since the complaint was received: ${backlog.map((b) => `${b.bucket} ${cellText(b.cell)}`).join(', ')}`}
            table={{ columns: ['Time since receipt', 'Open cases'], rows: backlog.map((b) => [b.bucket, <Hidden cell={b.cell} report={report} />]) }} />
        </Section>
        <Section id="t-outcome" title="Time to outcome by month">
          {monthly.length === 0 ? <p class="muted">Monthly figures are published for quarters only.</p> : (
            <ChartView id="chart-t-outcome" config={outcomeChart} tableShown
              label="Median and 90th percentile working days from receipt to outcome, by month of the period"
              table={{ columns: ['Month', 'Median days', '90th percentile days'], rows: monthly.map((m) => [monthTitle(m.month), days(outcomeDays(m.report!).median), days(outcomeDays(m.report!).p90)]) }} />
          )}
        </Section>
        <Section id="t-compliance" title="Deadline compliance by month">
          {monthly.length === 0 ? <p class="muted">Monthly figures are published for quarters only.</p> : (
            <ChartView id="chart-t-compliance" config={complianceChart} tableShown
              label="Stage deadlines met and missed, by month of the period"
              table={{
                columns: ['Month', 'Met', 'Missed'],
                rows: monthly.map((m) => [monthTitle(m.month), <Hidden cell={complianceTotals(m.report!).met} report={m.report!} />, <Hidden cell={complianceTotals(m.report!).missed} report={m.report!} />]),
              }} />
          )}
          {months.length > monthly.length && <p class="small muted">Figures for {months.filter((m) => !m.report).map((m) => monthTitle(m.month)).join(', ')} could not be loaded.</p>}
        </Section>
      </div>

      <h2 class="report-part">All figures for the period</h2>
      {report.tables.map((t) => <ReportTable key={t.id} table={t} report={report} process={process} />)}

      <Section id="t-days-stage" title="Working days from receipt to each stage">
        <DurationTable heading="Stage" labelledBy="t-days-stage-heading" rows={report.days_to_stage.map((d) => ({ label: stageTitle(process, d.label) === d.label ? words(d.label) : stageTitle(process, d.label), d }))} days={days} />
      </Section>
      <Section id="t-days-outcome" title="Working days from receipt to outcome">
        <DurationTable heading="Category" labelledBy="t-days-outcome-heading" rows={report.days_to_outcome.map((d) => ({ label: d.label === 'all' ? 'All categories' : categoryTitle(process, d.label) === d.label ? words(d.label) : categoryTitle(process, d.label), d }))} days={days} />
      </Section>
      {report.recommendations.length > 0 && (
        <Section id="t-recommendations" title="Recommendations of reports into our process">
          <Recommendations report={report} />
        </Section>
      )}
      <p class="print-only small">Printed from {`${location.origin}/transparency?period=${encodeURIComponent(report.period.label)}`}.</p>
      <p class="no-print">
        The same figures for {report.period.label}, with small numbers hidden in the same way:{' '}
        <a href={`${REPORT}?period=${encodeURIComponent(report.period.label)}&format=csv`} download={`transparency-${report.period.label}.csv`}>CSV</a>,{' '}
        <a href={`${REPORT}?period=${encodeURIComponent(report.period.label)}&format=json`} download={`transparency-${report.period.label}.json`}>JSON</a>, or{' '}
        <a href={`${REPORT}?period=${encodeURIComponent(report.period.label)}&format=html`}>the report as a printable page</a>.
      </p>
    </>
  );
}

function ReportTable({ table, report, process }: { table: PublishedTable; report: TransparencyReport; process?: Process }) {
  const totals = table.columns.length > 1;
  const id = `t-${table.id}`;
  return (
    <section class="section report-table" aria-labelledby={`${id}-heading`} id={id}>
      <h3 id={`${id}-heading`}>{table.title}</h3>
      {/* A wide table scrolls sideways on a phone, so its box takes the keyboard focus too. */}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-heading`}>
        <table class="figures">
          <caption class="visually-hidden">{table.title}</caption>
          <thead>
            <tr>
              <th scope="col">{words(table.row_heading)}</th>
              {table.columns.map((c) => <th key={c} scope="col" class="num">{words(c)}</th>)}
              {totals && <th scope="col" class="num">Total</th>}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{rowTitle(table, r.label, process)}</th>
                {r.values.map((v, i) => <td key={i} class="num"><Hidden cell={v} report={report} /></td>)}
                {totals && <td class="num"><Hidden cell={r.total} report={report} /></td>}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {table.totals.map((v, i) => <td key={i} class="num"><Hidden cell={v} report={report} /></td>)}
              {totals && <td class="num"><Hidden cell={table.total} report={report} /></td>}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function DurationTable({ heading, rows, days, labelledBy }: {
  heading: string; rows: { label: string; d: { median_days: number | null; p90_days: number | null } }[]; days: (d: number | null) => ComponentChildren;
  labelledBy: string;
}) {
  if (!rows.length) return <p class="muted">No figures.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={labelledBy}>
      <table class="figures">
        <thead><tr><th scope="col">{heading}</th><th scope="col" class="num">Median</th><th scope="col" class="num">90th percentile</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}><th scope="row">{r.label}</th><td class="num">{days(r.d.median_days)}</td><td class="num">{days(r.d.p90_days)}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Recommendations({ report }: { report: TransparencyReport }) {
  const statuses = [...new Set(report.recommendations.flatMap((r) => Object.keys(r.by_status)))];
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="t-recommendations-heading">
      <table class="figures">
        <thead>
          <tr>
            <th scope="col">Report</th><th scope="col" class="num">Recommendations</th>
            {statuses.map((s) => <th key={s} scope="col" class="num">{words(s)}</th>)}
            <th scope="col" class="num">Overdue</th>
          </tr>
        </thead>
        <tbody>
          {report.recommendations.map((r) => (
            <tr key={r.report}>
              <th scope="row">{r.report}</th><td class="num">{r.total}</td>
              {statuses.map((s) => <td key={s} class="num">{r.by_status[s] ?? 0}</td>)}
              <td class="num">{r.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

