import { useMemo, useState } from 'preact/hooks';
import type { ChartConfiguration } from 'chart.js';
import { ChartView, PALETTE } from '../components/ChartView';
import { Section } from '../components/CaseSections';
import { ErrorBox, Field, Link, Loading, Notice, Page } from '../components/ui';
import { ApiError, get } from '../lib/api';
import { formatDate } from '../lib/format';
import { categoryTitle, loadProcess, sanctionTitle, stageTitle } from '../lib/process';
import { navigate } from '../lib/router';
import { periodTitle, recentQuarters } from '../lib/transparency';
import { useLoad } from '../lib/useLoad';
import type { ChainCheck, Process, Statistics } from '../lib/types';

export function DashboardPage() {
  const stats = useLoad(() => get<Statistics>('/api/v1/statistics'), []);
  const process = useLoad(loadProcess, []);
  const p = process.state === 'ok' ? process.data : undefined;
  return (
    <Page title="Oversight dashboard" wide>
      <div class="two-col">
        <AccessLogForm />
        <ChainVerify />
      </div>
      <Exports />
      {stats.state === 'loading' && <Loading what="the statistics" />}
      {stats.state === 'error' && (
        <ErrorBox error={stats.error} retry={stats.reload}
          title={stats.error instanceof ApiError && stats.error.status === 404 ? 'This server does not provide statistics yet (GET /api/v1/statistics).' : 'The statistics could not be loaded.'} />
      )}
      {stats.state === 'ok' && <Charts stats={stats.data} process={p} />}
      <p>These figures are not suppressed. What the public sees, with small numbers hidden: <Link href="/transparency">the transparency report</Link>.</p>
    </Page>
  );
}

/** The full statistics of a period, not suppressed, as files for oversight's own analysis. */
function Exports() {
  const quarters = recentQuarters(new Date());
  const [period, setPeriod] = useState(quarters[1] ?? quarters[0]!);
  const url = (format: string) => `/api/v1/statistics/period?period=${encodeURIComponent(period)}&format=${format}`;
  return (
    <section class="panel" aria-labelledby="exports-heading">
      <h2 id="exports-heading">Full statistics of a period</h2>
      <p>Every count of the period, not suppressed, for oversight only: aggregates, with no names or case numbers.</p>
      <div class="inline-form">
        <Field id="export-period" label="Period">
          <select id="export-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value)}>
            {quarters.map((q) => <option key={q} value={q}>{periodTitle(q)} ({q}){q === quarters[0] ? ', so far' : ''}</option>)}
          </select>
        </Field>
        <p class="button-row">
          <a class="button button-secondary" href={url('csv')} download={`statistics-${period}.csv`}>Download CSV<span class="visually-hidden"> for {period}</span></a>
          <a class="button button-secondary" href={url('json')} download={`statistics-${period}.json`}>Download JSON<span class="visually-hidden"> for {period}</span></a>
        </p>
      </div>
    </section>
  );
}

function AccessLogForm() {
  const [number, setNumber] = useState('');
  return (
    <section class="panel" aria-labelledby="access-heading">
      <h2 id="access-heading">Who accessed a case</h2>
      <form onSubmit={(e) => { e.preventDefault(); if (number.trim()) navigate(`/cases/${encodeURIComponent(number.trim())}/audit`); }}>
        <Field id="audit-case" label="Case number" help="Every read, action and refused attempt on the case.">
          <input id="audit-case" type="text" class="input-short" value={number} aria-describedby="audit-case-help" onInput={(e) => setNumber(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="button">Show the access log</button>
      </form>
    </section>
  );
}

function ChainVerify() {
  const [state, setState] = useState<{ s: 'idle' } | { s: 'busy' } | { s: 'ok'; r: ChainCheck } | { s: 'error'; e: unknown }>({ s: 'idle' });
  return (
    <section class="panel" aria-labelledby="chain-heading">
      <h2 id="chain-heading">Audit log integrity</h2>
      <p>Recompute the hash chain of the whole audit log.</p>
      <button type="button" class="button button-secondary" disabled={state.s === 'busy'} onClick={async () => {
        setState({ s: 'busy' });
        try {
          setState({ s: 'ok', r: await get<ChainCheck>('/api/v1/audit/verify') });
        } catch (e) {
          setState({ s: 'error', e });
        }
      }}>{state.s === 'busy' ? 'Verifying…' : 'Verify the audit log'}</button>
      <div aria-live="polite">
        {state.s === 'ok' && (state.r.ok
          ? <Notice kind="success">Intact: {state.r.records.toLocaleString('en-GB')} records, chain unbroken.</Notice>
          : <ErrorBox error={new Error(`The chain breaks at record ${state.r.first_bad_seq}: ${state.r.problem}`)} title="The audit log has been altered." />)}
        {state.s === 'error' && <ErrorBox error={state.e} />}
      </div>
    </section>
  );
}

function Charts({ stats, process }: { stats: Statistics; process?: Process }) {
  const stages = useMemo(() => [...new Set(stats.stage_days_by_month.map((r) => r.stage))], [stats]);
  const [stage, setStage] = useState(stages[0] ?? '');

  const backlog = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: { labels: stats.backlog_by_age.map((b) => b.bucket), datasets: [{ label: 'Open cases', data: stats.backlog_by_age.map((b) => b.count), backgroundColor: PALETTE[0] }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, title: { display: true, text: 'open cases' } } } },
  }), [stats]);

  const stageRows = stats.stage_days_by_month.filter((r) => r.stage === stage);
  const stageDays = useMemo<ChartConfiguration>(() => ({
    type: 'line',
    data: {
      labels: stageRows.map((r) => r.month),
      datasets: [
        { label: 'Median', data: stageRows.map((r) => r.median_days), borderColor: PALETTE[0], backgroundColor: PALETTE[0] },
        { label: '90th percentile', data: stageRows.map((r) => r.p90_days), borderColor: PALETTE[1], backgroundColor: PALETTE[1], borderDash: [6, 4] },
      ],
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'working days' } } } },
  }), [stats, stage]);

  const compliance = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: {
      labels: stats.compliance_by_month.map((r) => r.month),
      datasets: [
        { label: 'Met', data: stats.compliance_by_month.map((r) => r.met), backgroundColor: PALETTE[2] },
        { label: 'Missed', data: stats.compliance_by_month.map((r) => r.missed), backgroundColor: PALETTE[3] },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'deadlines' } } } },
  }), [stats]);

  const categories = [...new Set(stats.outcomes_by_category.map((r) => r.category))];
  const outcomes = [...new Set(stats.outcomes_by_category.map((r) => r.outcome))]
    .sort((a, b) => (process?.sanctions.find((s) => s.id === a)?.severity ?? 99) - (process?.sanctions.find((s) => s.id === b)?.severity ?? 99));
  const count = (c: string, o: string) => stats.outcomes_by_category.find((r) => r.category === c && r.outcome === o)?.count ?? 0;
  const outcomeChart = useMemo<ChartConfiguration>(() => ({
    type: 'bar',
    data: {
      labels: categories.map((c) => categoryTitle(process, c)),
      datasets: outcomes.map((o, i) => ({ label: sanctionTitle(process, o), data: categories.map((c) => count(c, o)), backgroundColor: PALETTE[i % PALETTE.length] })),
    },
    options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, title: { display: true, text: 'cases' } }, y: { stacked: true } } },
  }), [stats, process]);

  const complianceRate = (() => {
    const met = stats.compliance_by_month.reduce((n, r) => n + r.met, 0);
    const all = met + stats.compliance_by_month.reduce((n, r) => n + r.missed, 0);
    return all ? Math.round((met / all) * 100) : null;
  })();

  return (
    <>
      <p class="muted">Figures as of {formatDate(stats.as_of)}. Days are working days.</p>
      <ul class="kpis">
        <li><span class="kpi">{stats.backlog_by_age.reduce((n, b) => n + b.count, 0).toLocaleString('en-GB')}</span> open cases</li>
        <li><span class="kpi">{complianceRate === null ? '—' : `${complianceRate}%`}</span> of deadlines met</li>
        <li><span class="kpi">{stats.interim_suspensions_overdue.length}</span> interim suspensions past review</li>
      </ul>
      <div class="chart-grid">
        <Section id="backlog" title="Backlog by age">
          <ChartView id="chart-backlog" config={backlog} label={`Open cases by age: ${stats.backlog_by_age.map((b) => `${b.bucket} ${b.count}`).join(', ')}`}
            table={{ columns: ['Age', 'Open cases'], rows: stats.backlog_by_age.map((b) => [b.bucket, b.count]) }} />
        </Section>
        <Section id="compliance" title="Deadline compliance by month">
          <ChartView id="chart-compliance" config={compliance} label="Stage deadlines met and missed, by month"
            table={{ columns: ['Month', 'Met', 'Missed'], rows: stats.compliance_by_month.map((r) => [r.month, r.met, r.missed]) }} />
        </Section>
        <Section id="stage-days" title="Days per stage by month">
          {stages.length > 0 && (
            <Field id="stage-select" label="Stage">
              <select id="stage-select" value={stage} onChange={(e) => setStage(e.currentTarget.value)}>
                {stages.map((s) => <option key={s} value={s}>{stageTitle(process, s)}</option>)}
              </select>
            </Field>
          )}
          <ChartView id="chart-stage-days" config={stageDays} label={`Median and 90th percentile working days in ${stageTitle(process, stage)}, by month`}
            table={{ columns: ['Month', 'Cases', 'Median days', '90th percentile days'], rows: stageRows.map((r) => [r.month, r.cases, r.median_days, r.p90_days]) }} />
        </Section>
        <Section id="outcomes" title="Outcomes by category">
          <ChartView id="chart-outcomes" config={outcomeChart} label="Decisions by category and outcome"
            table={{ columns: ['Category', ...outcomes.map((o) => sanctionTitle(process, o))], rows: categories.map((c) => [categoryTitle(process, c), ...outcomes.map((o) => count(c, o))]) }} />
        </Section>
      </div>
      <Section id="suspensions" title="Interim suspensions past their review date">
        {stats.interim_suspensions_overdue.length === 0 ? <p>None: every interim suspension has been reviewed on time.</p> : (
          <div class="table-wrap">
            <table class="responsive">
              <caption class="visually-hidden">Interim suspensions past review</caption>
              <thead><tr><th scope="col">Case</th><th scope="col">Respondent</th><th scope="col">Imposed</th><th scope="col">Review was due</th><th scope="col">Access log</th></tr></thead>
              <tbody>
                {stats.interim_suspensions_overdue.map((s) => (
                  <tr key={s.case} class="row-breached">
                    <th scope="row" data-label="Case"><Link href={`/cases/${encodeURIComponent(s.case)}`}>{s.case}</Link></th>
                    <td data-label="Respondent">{s.respondent}</td>
                    <td data-label="Imposed">{formatDate(s.imposed_on)}</td>
                    <td data-label="Review was due"><span class="badge badge-late">{formatDate(s.review_due)}</span></td>
                    <td data-label="Access log"><Link href={`/cases/${encodeURIComponent(s.case)}/audit`}>Who accessed it<span class="visually-hidden"> ({s.case})</span></Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
