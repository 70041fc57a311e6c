import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorBox, Field, Link, Loading, Notice, Page } from '../components/ui';
import { get } from '../lib/api';
import { ALERT_FILTERS, ALERT_PAGE, ALERT_READERS, alertFilterOf, alertStatusTitle, alertsPath, type AlertFilter } from '../lib/alerts';
import { formatDate, formatDateTime, plural } from '../lib/format';
import { navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';
import type { Alert, Items } from '../lib/types';

/** Who may see alerts: signed-in caseworkers, investigators, oversight and administrators. */
export function AlertsGate({ title, next, children }: { title: string; next: string; children: ComponentChildren }) {
  const session = useSession();
  if (session.state === 'unknown') return <Page title={title}><Loading what="your session" /></Page>;
  if (session.state === 'anonymous') {
    return (
      <Page title={title}>
        <p>You are not signed in. <Link href={`/login?next=${encodeURIComponent(next)}`}>Sign in</Link> to see the platform-sharing alerts.</p>
      </Page>
    );
  }
  if (!ALERT_READERS.includes(session.me.role)) {
    return (
      <Page title={title}>
        <Notice>Platform-sharing alerts are for caseworkers, investigators, oversight and administrators.</Notice>
      </Page>
    );
  }
  return <>{children}</>;
}

export function AlertStatusBadge({ status }: { status: string }) {
  const tone = status === 'open' ? 'warn' : status === 'case_opened' ? 'late' : 'paused';
  return <span class={`badge badge-${tone}`}>{alertStatusTitle(status)}</span>;
}

/** Alerts raised by the platform-sharing rule, open ones first by default. */
export function AlertsPage() {
  return <AlertsGate title="Platform-sharing alerts" next="/alerts"><AlertList /></AlertsGate>;
}

const FILTER_HEADINGS: Record<AlertFilter, string> = {
  open: 'Open alerts', dismissed: 'Dismissed alerts', case_opened: 'Alerts that became cases', withdrawn: 'Withdrawn alerts', all: 'All alerts',
};

function AlertList() {
  const { query } = useLocation();
  const filter = alertFilterOf(query.get('status'));
  const [choice, setChoice] = useState<{ filter: AlertFilter; value: AlertFilter }>({ filter, value: filter });
  const chosen = choice.filter === filter ? choice.value : filter;
  const first = useLoad(() => get<Items<Alert>>(alertsPath(filter)), [filter]);
  const [more, setMore] = useState<{ filter: AlertFilter; items: Alert[]; done: boolean; loading: boolean; error: unknown }>(
    { filter, items: [], done: false, loading: false, error: null });
  const extra = more.filter === filter ? more : { filter, items: [], done: false, loading: false, error: null };
  const rows = first.state === 'ok' ? [...first.data.items, ...extra.items] : [];
  // A full page may have more after it; a short one is the last.
  const lastPage = extra.items.length || extra.done ? extra.done : first.state === 'ok' && first.data.items.length < ALERT_PAGE;

  const loadMore = async () => {
    const last = rows[rows.length - 1];
    if (!last) return;
    setMore({ ...extra, loading: true, error: null });
    try {
      const next = await get<Items<Alert>>(alertsPath(filter, last.id));
      setMore({ filter, items: [...extra.items, ...next.items], done: next.items.length < ALERT_PAGE, loading: false, error: null });
    } catch (error) {
      setMore({ ...extra, loading: false, error });
    }
  };

  return (
    <Page title="Platform-sharing alerts" wide>
      <p class="lead">
        An alert is raised when someone holding office appears on the platform of an event with a member who was then
        under a published sanction. Each one says why; a caseworker decides whether it becomes a case.
      </p>
      <form class="filters" aria-label="Filter the alerts" onSubmit={(e) => {
        e.preventDefault();
        navigate(chosen === 'open' ? '/alerts' : `/alerts?status=${chosen}`);
      }}>
        <Field id="alert-status" label="Status">
          <select id="alert-status" value={chosen} onChange={(e) => setChoice({ filter, value: e.currentTarget.value as AlertFilter })}>
            {ALERT_FILTERS.map((f) => <option key={f.id} value={f.id}>{f.title}</option>)}
          </select>
        </Field>
        <div class="filters-buttons">
          <button type="submit" class="button">Show</button>
        </div>
      </form>
      <h2 id="alerts-heading">{FILTER_HEADINGS[filter]}</h2>
      {first.state === 'loading' && <Loading what="the alerts" />}
      {first.state === 'error' && <ErrorBox error={first.error} retry={first.reload} title="The alerts could not be loaded." />}
      {first.state === 'ok' && rows.length === 0 && <p class="empty">No {filter === 'all' ? '' : `${alertStatusTitle(filter).toLowerCase()} `}alerts.</p>}
      {first.state === 'ok' && rows.length > 0 && (
        <>
          <p class="muted small" role="status">Showing {plural(rows.length, 'alert')}{lastPage ? '' : ' (more below)'}, newest first.</p>
          <div class="table-wrap">
            <table class="responsive alerts">
              <caption class="visually-hidden">{FILTER_HEADINGS[filter]}</caption>
              <thead>
                <tr>
                  <th scope="col">Alert</th><th scope="col">Official</th><th scope="col">Event</th>
                  <th scope="col">Sanctioned on the platform</th><th scope="col">Status</th><th scope="col">Raised</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" data-label="Alert"><Link href={`/alerts/${a.id}`}>Alert {a.id}</Link></th>
                    <td data-label="Official">{a.official.name}<br /><span class="muted small">{a.official.office.title}</span></td>
                    <td data-label="Event">{a.event.title}<br /><span class="muted small">{formatDate(a.event.date)}</span></td>
                    <td data-label="Sanctioned on the platform">{plural(a.sanctioned.length, 'person', 'people')}</td>
                    <td data-label="Status"><AlertStatusBadge status={a.status} /></td>
                    <td data-label="Raised" class="nowrap">{formatDateTime(a.raised_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {extra.error !== null && <ErrorBox error={extra.error} retry={loadMore} title="More alerts could not be loaded." />}
          {!lastPage && (
            <button type="button" class="button button-secondary" onClick={loadMore} disabled={extra.loading}>
              {extra.loading ? 'Loading…' : `Show ${ALERT_PAGE} more`}
            </button>
          )}
        </>
      )}
    </Page>
  );
}
