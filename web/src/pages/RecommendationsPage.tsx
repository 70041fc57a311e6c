import { ErrorBox, Facts, Link, Loading, Page } from '../components/ui';
import { ApiError, get } from '../lib/api';
import { formatDate, plural } from '../lib/format';
import { RECOMMENDATION_STATUSES, compareNumbers, percent, recommendationStatusTitle } from '../lib/recommendations';
import { navigate, useLocation } from '../lib/router';
import { useLoad } from '../lib/useLoad';
import type { Items, Recommendation, TrackedReport } from '../lib/types';

export const REPORTS = '/api/v1/recommendations/reports';

export function recommendationHref(r: Pick<Recommendation, 'report' | 'number'>): string {
  return `/recommendations/${encodeURIComponent(r.report)}/${encodeURIComponent(r.number)}`;
}

export function OverdueBadge() {
  return <span class="badge badge-late"><span aria-hidden="true" class="badge-icon">!</span> Overdue</span>;
}

export function RecStatus({ status }: { status: string }) {
  return <span class={`rec-status rec-${status}`}>{recommendationStatusTitle(status)}</span>;
}

/** What a report's recommendations have come to: a bar of the statuses, with the same counts in words. */
export function Progress({ report }: { report: TrackedReport }) {
  const parts = RECOMMENDATION_STATUSES.map((s) => ({ ...s, n: report.by_status[s.id] ?? 0 }));
  const summary = `${report.implemented} of ${plural(report.total, 'recommendation')} implemented (${percent(report.implemented, report.total)}%)`;
  return (
    <div class="rec-progress">
      <p class="rec-progress-summary"><strong>{summary}</strong>{report.overdue > 0 && <>; <span class="late-text">{report.overdue} overdue</span></>}.</p>
      <div class="rec-bar" role="img" aria-label={`${summary}: ${parts.filter((p) => p.n).map((p) => `${p.title.toLowerCase()} ${p.n}`).join(', ')}`}>
        {parts.filter((p) => p.n).map((p) => (
          <span key={p.id} class={`rec-bar-part rec-bg-${p.id}`} style={{ width: `${(p.n / Math.max(1, report.total)) * 100}%` }} />
        ))}
      </div>
      <ul class="rec-legend" aria-label="Recommendations by status">
        {parts.map((p) => (
          <li key={p.id}><span class={`rec-swatch rec-bg-${p.id}`} aria-hidden="true" /> {p.title}: <strong>{p.n}</strong></li>
        ))}
      </ul>
    </div>
  );
}

interface Loaded { reports: TrackedReport[]; items: Recommendation[] }

async function loadAll(overdue: boolean): Promise<Loaded> {
  const [reports, items] = await Promise.all([
    get<Items<TrackedReport>>(REPORTS),
    get<Items<Recommendation>>(`/api/v1/recommendations${overdue ? '?overdue=true' : ''}`),
  ]);
  return { reports: reports.items, items: items.items };
}

/** The public tracker: each report into the process, how far its recommendations have got, and each one's status. */
export function RecommendationsPage() {
  const { query } = useLocation();
  const overdue = query.get('overdue') === 'true';
  const data = useLoad(() => loadAll(overdue), [overdue]);
  return (
    <Page title="Recommendations" wide>
      <p class="lead">
        What the reports into our complaints process recommended, and what we have done about each recommendation:
        who owns it, when it is due, and every change of its status with the reasons and evidence.
      </p>
      <div class="filters rec-filters">
        <div class="field checkbox">
          <input id="rec-overdue" type="checkbox" checked={overdue} onChange={(e) => {
            navigate(e.currentTarget.checked ? '/recommendations?overdue=true' : '/recommendations', { replace: true });
          }} />
          <label for="rec-overdue">Overdue only</label>
        </div>
      </div>
      {data.state === 'loading' && <Loading what="the recommendations" />}
      {data.state === 'error' && (
        <ErrorBox error={data.error} retry={data.reload}
          title={data.error instanceof ApiError && data.error.status === 404 ? 'This server does not publish the recommendations tracker yet.' : 'The recommendations could not be loaded.'} />
      )}
      {data.state === 'ok' && (
        <>
          <p class="muted small" role="status">
            {overdue ? `${plural(data.data.items.length, 'recommendation')} overdue` : `${plural(data.data.items.length, 'recommendation')}`} in {plural(data.data.reports.length, 'report')}.
          </p>
          {data.data.reports.length === 0 && <p class="empty">No reports are tracked yet.</p>}
          {data.data.reports.map((r) => <ReportSection key={r.key} report={r} items={data.data.items.filter((i) => i.report === r.key)} overdueOnly={overdue} />)}
        </>
      )}
    </Page>
  );
}

function ReportSection({ report, items, overdueOnly }: { report: TrackedReport; items: Recommendation[]; overdueOnly: boolean }) {
  const id = `report-${report.key.replace(/[^a-zA-Z0-9-]/g, '-')}`;
  const rows = [...items].sort((a, b) => compareNumbers(a.number, b.number));
  return (
    <section class="section rec-report" aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>{report.title}</h2>
      <Facts items={[
        ['Published by', report.publisher],
        ['Published', formatDate(report.published_on)],
        ['Source', report.source
          ? <a href={report.source} rel="noopener noreferrer" target="_blank" class="break">Read about the report<span class="visually-hidden">: {report.title} (opens in a new tab)</span></a>
          : '—'],
      ]} />
      <Progress report={report} />
      {rows.length === 0 ? <p class="muted">{overdueOnly ? 'None of its recommendations is overdue.' : 'No recommendations recorded.'}</p> : (
        <div class="table-wrap">
          <table class="responsive recs">
            <caption class="visually-hidden">{overdueOnly ? 'Overdue recommendations' : 'Recommendations'} of {report.title}</caption>
            <thead>
              <tr>
                <th scope="col">Number</th><th scope="col">Recommendation</th><th scope="col">Theme</th><th scope="col">Owner</th>
                <th scope="col">Due</th><th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} class={r.overdue ? 'row-breached' : undefined}>
                  <th scope="row" data-label="Number"><Link href={recommendationHref(r)}>{r.number}<span class="visually-hidden"> ({report.title})</span></Link></th>
                  <td data-label="Recommendation">{r.text}</td>
                  <td data-label="Theme">{r.theme || '—'}</td>
                  <td data-label="Owner">{r.owner || <span class="muted">Not assigned</span>}</td>
                  <td data-label="Due" class="nowrap">{r.due ? formatDate(r.due) : <span class="muted">No date</span>}</td>
                  <td data-label="Status"><RecStatus status={r.status} />{r.overdue && <> <OverdueBadge /></>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
